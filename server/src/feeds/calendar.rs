use automerge::Automerge;
use domain::{
    meeting::{self, CalendarEvent, MeetingDoc},
    model::{self, GroupDoc},
    storage::layout,
    DocumentId,
};

use crate::storage::DocumentStore;

fn load(storage: &DocumentStore, doc: DocumentId) -> Option<Automerge> {
    let chunks = storage.range(&layout::document_prefix(doc)).ok()?;
    if chunks.is_empty() {
        return None;
    }
    layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).ok()
}

/// The calendar named `name` (empty: "<the first group's name> meetings") of the meetings of `groups` that `may_read` allows (each
/// meeting is checked too: a meeting is owned like its group, but need not be).
pub fn render(
    storage: &DocumentStore,
    name: &str,
    groups: &[DocumentId],
    may_read: impl Fn(DocumentId) -> bool,
    now_ms: i64,
) -> String {
    let mut events = Vec::new();
    let mut name = name.to_owned();
    for &g in groups {
        let Some(group) = load(storage, g).and_then(|d| model::read::<GroupDoc>(&d).ok()) else {
            continue;
        };
        if name.is_empty() {
            name = format!("{} meetings", group.name);
        }
        for r in group.meetings.iter().filter(|r| may_read(r.document)) {
            let Some(m) = load(storage, r.document).and_then(|d| model::read::<MeetingDoc>(&d).ok()) else {
                continue;
            };
            let Some(date) = m.date.or(r.date) else {
                continue;
            };
            let agenda: Vec<String> = m.agenda.iter().enumerate().map(|(i, item)| format!("{}. {}", i + 1, item.title)).collect();
            events.push(CalendarEvent {
                uid: format!("{}@quorum", r.document),
                title: group.name.clone(),
                date,
                start: m.start,
                end: m.end,
                location: m.venue.clone(),
                url: m.online_link.clone(),
                description: agenda.join("\n"),
                status: m.status,
            });
        }
    }
    events.sort_by_key(|e| (e.date, e.start));
    meeting::calendar(&name, &events, now_ms)
}
