//! Presence on a procedure's draft (issue 11): who else is editing which section while
//! online. The rules are the domain's plain state machines ([`PresenceBeacon`] sends,
//! [`PresenceBoard`] receives and expires); this hook feeds them the page's focus, the time
//! and the messages the repo hears, and sends what the beacon says through
//! [`crate::repo::Repo::broadcast_ephemeral`]. Nothing of it is stored.

use std::{collections::BTreeMap, time::Duration};

use domain::{
    procedure::{editing_sentence, Editor, PresenceBeacon, PresenceBoard, PresenceIdentity, PresenceMessage},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::{auth::use_me, repo::ConnectionPhase};

/// How often the page refreshes its own presence (when due) and forgets silent sessions.
const TICK: Duration = Duration::from_secs(3);

/// What the draft page needs of presence.
#[derive(Debug, Clone, Copy)]
pub struct UsePresenceReturn {
    /// Per section, the others editing it now.
    editing: RwSignal<BTreeMap<ItemId, Vec<Editor>>>,
    /// The person started editing a section (its text got focus).
    pub focus: Callback<ItemId>,
    /// Focus left a section's text.
    pub blur: Callback<ItemId>,
}

impl UsePresenceReturn {
    /// "Priya Shah (Leicestershire Police) is editing this section" while anyone else is.
    pub fn sentence(&self, section: ItemId) -> Memo<Option<String>> {
        let editing = self.editing;
        Memo::new(move |_| editing.with(|e| e.get(&section).and_then(|v| editing_sentence(v))))
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Presence on procedure `doc`, owned by `owners` (the person's organisation shown to others
/// is the owning partnership they belong to, else their first).
pub fn use_presence(doc: DocumentId, owners: Vec<DocumentId>) -> UsePresenceReturn {
    let ctx = use_repo();
    let me = use_me().me.get_untracked();
    let identity = me.as_ref().map(|m| {
        let organisation = m
            .partnerships
            .iter()
            .find(|p| owners.contains(&p.document_id))
            .or_else(|| m.partnerships.first())
            .map(|p| p.name.clone())
            .unwrap_or_default();
        PresenceIdentity { person: m.account.id.clone(), name: m.account.name.clone(), organisation }
    });
    let board = StoredValue::new(PresenceBoard::new(identity.as_ref().map_or("", |i| i.person.as_str())));
    // Without an account (not signed in yet) the page shows others but says nothing itself.
    let beacon = StoredValue::new(identity.map(|who| PresenceBeacon::new(&ItemId::random().to_string(), who)));
    let editing = RwSignal::new(BTreeMap::new());

    let send = {
        let ctx = ctx.clone();
        move |m: Option<PresenceMessage>| {
            if let Some(m) = m {
                ctx.repo().broadcast_ephemeral(doc, m.encode());
            }
        }
    };
    let say = move |f: &dyn Fn(&mut PresenceBeacon, f64) -> Option<PresenceMessage>| {
        beacon.try_update_value(|b| b.as_mut().and_then(|b| f(b, now_ms()))).flatten()
    };
    let show = move || {
        if let Some(now) = board.try_with_value(PresenceBoard::editing) {
            editing.set(now);
        }
    };

    let listener = {
        let send = send.clone();
        ctx.on_ephemeral(doc, move |data| {
            let Ok(message) = PresenceMessage::decode(data) else { return };
            let Some(heard) = board.try_update_value(|b| b.receive(message, now_ms())) else { return };
            if heard.changed {
                show();
            }
            if heard.answer {
                send(say(&|b, now| b.answer(now)));
            }
        })
    };

    // Connected (at first, or again after being offline): say hello, so those editing say
    // so now, and say what this page is editing.
    let status = ctx.status();
    Effect::new({
        let send = send.clone();
        move |was: Option<bool>| {
            let connected = status.with(|s| s.phase == ConnectionPhase::Connected);
            if connected && was != Some(true) {
                send(say(&|b, now| b.hello(now)));
                send(say(&|b, now| b.answer(now)));
            }
            connected
        }
    });

    let tick = set_interval_with_handle(
        {
            let send = send.clone();
            move || {
                send(say(&|b, now| b.tick(now)));
                if board.try_update_value(|b| b.expire(now_ms())) == Some(true) {
                    show();
                }
            }
        },
        TICK,
    )
    .ok();
    // Closing the tab: say "left" (best effort; others forget the page 30 s later anyway).
    let pagehide = window_event_listener(leptos::ev::pagehide, {
        let send = send.clone();
        move |_| send(say(&|b, now| b.leave(now)))
    });
    on_cleanup({
        let send = send.clone();
        let ctx = ctx.clone();
        move || {
            send(say(&|b, now| b.leave(now)));
            ctx.off_ephemeral(listener);
            if let Some(t) = tick {
                t.clear();
            }
            pagehide.remove();
        }
    });

    let focus = Callback::new({
        let send = send.clone();
        move |section: ItemId| send(say(&|b, now| b.focus(section, now)))
    });
    let blur = Callback::new(move |section: ItemId| send(say(&|b, now| b.blur(section, now))));
    UsePresenceReturn { editing, focus, blur }
}
