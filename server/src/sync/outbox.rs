//! One connection's way out: the frames the hub queues for it ([`Outbox`]), bounded in
//! number ([`MAX_QUEUED_FRAMES`]) and in bytes ([`MAX_QUEUED_BYTES`]), and what the socket
//! task asks of the writer besides ([`Control`]: a ping, or to close at once with a reason).
//! The writer takes both from [`OutboxReader`]. A peer that lets more pile up than the
//! bounds allow (it stopped reading) is closed with a reason, not buffered for.

use std::sync::{
    atomic::{AtomicU8, AtomicUsize, Ordering},
    Arc,
};

use tokio::sync::{mpsc, Notify};

use super::keepalive::PONG_WITHIN;

/// Frames waiting to be written to one connection.
pub(crate) const MAX_QUEUED_FRAMES: usize = 8192;
/// Bytes waiting to be written to one connection, by default (twice the largest frame a
/// peer may send). A single frame larger than the bound is still sent when nothing else
/// waits (a large document's first sync).
pub const MAX_QUEUED_BYTES: usize = 16 * 1024 * 1024;

/// What the hub tells a connection's writer.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Frame(Vec<u8>),
    /// Send a close frame (after the frames queued before) and stop: the engine has
    /// forgotten the connection.
    Close,
}

/// Why a connection is closed at once, dropping what waits to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abort {
    /// The peer answered no ping ([`super::keepalive`]).
    NoPong = 1,
    /// More waited to be written to the peer than the bounds allow.
    FellBehind = 2,
}

impl Abort {
    fn from_u8(n: u8) -> Option<Self> {
        match n {
            1 => Some(Self::NoPong),
            2 => Some(Self::FellBehind),
            _ => None,
        }
    }

    /// The close frame's reason (at most 123 bytes).
    pub(crate) fn reason(self) -> String {
        match self {
            Self::NoPong => format!("no answer to a ping within {} s", PONG_WITHIN.as_secs()),
            Self::FellBehind => "too far behind: more waiting to be sent than allowed; reconnect".to_owned(),
        }
    }
}

/// The hub could not queue a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NotQueued {
    #[error("the connection is too far behind")]
    Behind,
    #[error("the connection's writer is gone")]
    Gone,
}

#[derive(Debug, Default)]
struct Shared {
    /// Bytes of the frames queued and not yet taken by the writer.
    queued: AtomicUsize,
    ping: Notify,
    /// An [`Abort`], or 0.
    abort: AtomicU8,
    aborted: Notify,
}

/// The hub's side: queues frames for one connection.
#[derive(Debug)]
pub(crate) struct Outbox {
    tx: mpsc::Sender<Outgoing>,
    shared: Arc<Shared>,
}

/// The socket task's side: asks the writer for a ping, or to close at once.
#[derive(Debug, Clone)]
pub(crate) struct Control(Arc<Shared>);

/// The writer's side.
#[derive(Debug)]
pub(crate) struct OutboxReader {
    rx: mpsc::Receiver<Outgoing>,
    shared: Arc<Shared>,
}

/// What the writer does next.
#[derive(Debug)]
pub(crate) enum Next {
    Out(Outgoing),
    Ping,
    Abort(Abort),
    /// The hub dropped the connection.
    Ended,
}

/// A new connection's outbox, its control and the writer's end.
pub(crate) fn channel() -> (Outbox, Control, OutboxReader) {
    let (tx, rx) = mpsc::channel(MAX_QUEUED_FRAMES);
    let shared = Arc::new(Shared::default());
    (
        Outbox {
            tx,
            shared: shared.clone(),
        },
        Control(shared.clone()),
        OutboxReader { rx, shared },
    )
}

impl Outbox {
    /// Queues a frame, unless that would put more than [`MAX_QUEUED_FRAMES`] frames or
    /// `max_bytes` bytes in the queue.
    pub(crate) fn frame(&self, frame: Vec<u8>, max_bytes: usize) -> Result<(), NotQueued> {
        let len = frame.len();
        let before = self.shared.queued.fetch_add(len, Ordering::AcqRel);
        if before > 0 && before + len > max_bytes {
            self.shared.queued.fetch_sub(len, Ordering::AcqRel);
            return Err(NotQueued::Behind);
        }
        self.tx.try_send(Outgoing::Frame(frame)).map_err(|e| {
            self.shared.queued.fetch_sub(len, Ordering::AcqRel);
            match e {
                mpsc::error::TrySendError::Full(_) => NotQueued::Behind,
                mpsc::error::TrySendError::Closed(_) => NotQueued::Gone,
            }
        })
    }

    /// Closes after the frames already queued.
    pub(crate) fn close(&self) {
        let _ = self.tx.try_send(Outgoing::Close);
    }

    /// Closes at once with `why`, dropping what is queued.
    pub(crate) fn abort(&self, why: Abort) {
        Control(self.shared.clone()).abort(why);
    }
}

impl Control {
    pub(crate) fn ping(&self) {
        self.0.ping.notify_one();
    }

    pub(crate) fn abort(&self, why: Abort) {
        // The first reason stays.
        let _ = self
            .0
            .abort
            .compare_exchange(0, why as u8, Ordering::AcqRel, Ordering::Acquire);
        self.0.aborted.notify_one();
    }
}

impl OutboxReader {
    /// Waits for the next thing to do; an abort, then a ping, come before queued frames.
    pub(crate) async fn next(&mut self) -> Next {
        tokio::select! {
            biased;
            why = Self::aborted(&self.shared) => Next::Abort(why),
            () = self.shared.ping.notified() => Next::Ping,
            out = self.rx.recv() => match out {
                Some(out) => Next::Out(self.taken(out)),
                None => Next::Ended,
            },
        }
    }

    /// A frame already queued, without waiting (none once aborted).
    pub(crate) fn try_next(&mut self) -> Option<Outgoing> {
        if self.abort().is_some() {
            return None;
        }
        let out = self.rx.try_recv().ok()?;
        Some(self.taken(out))
    }

    /// Resolves once the connection is aborted (for the writer to stop waiting on a peer
    /// that does not read).
    pub(crate) async fn until_aborted(&self) -> Abort {
        Self::aborted(&self.shared).await
    }

    fn abort(&self) -> Option<Abort> {
        Abort::from_u8(self.shared.abort.load(Ordering::Acquire))
    }

    async fn aborted(shared: &Shared) -> Abort {
        loop {
            // `notify_one` keeps a permit when nobody waits: no abort is missed between
            // the check and the wait.
            if let Some(why) = Abort::from_u8(shared.abort.load(Ordering::Acquire)) {
                return why;
            }
            shared.aborted.notified().await;
        }
    }

    fn taken(&self, out: Outgoing) -> Outgoing {
        if let Outgoing::Frame(frame) = &out {
            self.shared.queued.fetch_sub(frame.len(), Ordering::AcqRel);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_queue_is_bounded_in_bytes_but_takes_one_large_frame_when_empty() {
        let (outbox, _control, mut reader) = channel();
        // One frame larger than the bound goes when nothing else waits...
        outbox.frame(vec![0; MAX_QUEUED_BYTES + 1], MAX_QUEUED_BYTES).unwrap();
        // ...and nothing more until the writer takes it.
        assert_eq!(outbox.frame(vec![0; 10], MAX_QUEUED_BYTES), Err(NotQueued::Behind));
        assert!(matches!(reader.next().await, Next::Out(Outgoing::Frame(f)) if f.len() == MAX_QUEUED_BYTES + 1));
        outbox.frame(vec![0; MAX_QUEUED_BYTES / 2], MAX_QUEUED_BYTES).unwrap();
        outbox.frame(vec![0; MAX_QUEUED_BYTES / 2], MAX_QUEUED_BYTES).unwrap();
        assert_eq!(outbox.frame(vec![0; 1], MAX_QUEUED_BYTES), Err(NotQueued::Behind));
        assert!(reader.try_next().is_some());
        outbox.frame(vec![0; 1], MAX_QUEUED_BYTES).unwrap();
    }

    #[tokio::test]
    async fn an_abort_comes_before_queued_frames_and_a_ping_is_asked_for() {
        let (outbox, control, mut reader) = channel();
        control.ping();
        assert!(matches!(reader.next().await, Next::Ping));
        outbox.frame(vec![1], MAX_QUEUED_BYTES).unwrap();
        outbox.abort(Abort::FellBehind);
        control.abort(Abort::NoPong);
        assert!(matches!(reader.next().await, Next::Abort(Abort::FellBehind)));
        assert!(reader.try_next().is_none());
        assert!(Abort::FellBehind.reason().len() <= 123);
        assert!(Abort::NoPong.reason().len() <= 123);
        drop(outbox);
        drop(control);
    }

    #[tokio::test]
    async fn the_writer_sees_the_end_when_the_hub_drops_the_outbox() {
        let (outbox, _control, mut reader) = channel();
        outbox.frame(vec![1], MAX_QUEUED_BYTES).unwrap();
        outbox.close();
        drop(outbox);
        assert!(matches!(reader.next().await, Next::Out(Outgoing::Frame(_))));
        assert!(matches!(reader.next().await, Next::Out(Outgoing::Close)));
        assert!(matches!(reader.next().await, Next::Ended));
    }
}
