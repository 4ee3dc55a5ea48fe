//! [`use_settled`]: a signal that moves once a document has had no change for a moment. Work
//! whose cost grows with a procedure's text (sign-off states compare the whole content,
//! comment anchors search their section) follows it instead of every keystroke; a change to
//! what that work reads otherwise (a sign-off, a comment) still reaches it at once through
//! the smaller reads it also depends on.

use std::time::Duration;

use domain::DocumentId;
use leptos::prelude::*;

use super::{alarm::use_alarm, use_repo};

/// How long a document must be quiet to count as settled.
const QUIET: Duration = Duration::from_millis(250);

/// Moves [`QUIET`] after the last change of document `id` (each change restarts the wait).
pub fn use_settled(id: DocumentId) -> ReadSignal<u64> {
    let ctx = use_repo();
    let alarm = use_alarm();
    Effect::new(move |ran: Option<()>| {
        ctx.track_document(id);
        if ran.is_some() {
            alarm.set(QUIET);
        }
    });
    alarm.rang()
}
