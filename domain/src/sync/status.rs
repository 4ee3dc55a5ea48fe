/// How far a client's documents have got: the numbers behind the sync indicator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub documents: usize,
    /// Documents with changes not yet committed to this device's storage.
    pub unsaved_on_device: usize,
    /// Documents whose latest changes the server has not confirmed holding.
    pub not_on_server: usize,
    /// Whether the handshake with the server is complete.
    pub connected: bool,
}

impl SyncSummary {
    pub fn all_on_server(&self) -> bool {
        self.connected && self.not_on_server == 0 && self.unsaved_on_device == 0
    }
}
