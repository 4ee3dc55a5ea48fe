use crate::PeerId;

/// Who opened the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// We dialled (a client to the server): we send `join` and wait for `peer`.
    Outgoing,
    /// They dialled (the server's side): we wait for `join` and answer `peer`.
    Incoming,
}

#[derive(Debug)]
pub(crate) enum Connection {
    Handshaking(Direction),
    Ready { remote: PeerId },
}

impl Connection {
    pub(crate) fn remote(&self) -> Option<&PeerId> {
        match self {
            Connection::Ready { remote } => Some(remote),
            Connection::Handshaking(_) => None,
        }
    }
}
