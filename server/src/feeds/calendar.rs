use automerge::Automerge;
use domain::{
    meeting::{self, CalendarEvent, MeetingDoc},
    model::{self, GroupDoc, PartnershipDoc, PersonDoc},
    DocumentId, PersonId,
};

use crate::storage::DocumentStore;

fn load(storage: &DocumentStore, doc: DocumentId) -> Option<Automerge> {
    storage.load_document(doc)
}

/// A person's own meetings: the groups among `docs` (the documents the account may read) with
/// a seat held, shared or deputised by the person whose own document carries the account's
/// `email`, as the partnerships' directories record it. `None` when no readable person
/// document has that email: the caller then offers every readable group.
pub fn groups_of_person(storage: &DocumentStore, docs: &[DocumentId], email: &str) -> Option<Vec<DocumentId>> {
    let email = email.trim();
    if email.is_empty() {
        return None;
    }
    let loaded: Vec<(DocumentId, Automerge)> = docs.iter().filter_map(|d| Some((*d, load(storage, *d)?))).collect();
    // Their person documents (any document whose `email` is theirs is one; others have none).
    let theirs: Vec<DocumentId> = loaded
        .iter()
        .filter(|(_, a)| model::read::<PersonDoc>(a).is_ok_and(|p| !p.erased && p.email.trim().eq_ignore_ascii_case(email)))
        .map(|(d, _)| *d)
        .collect();
    if theirs.is_empty() {
        return None;
    }
    // The ids seats know them by, from the partnerships that list those documents.
    let ids: Vec<PersonId> = loaded
        .iter()
        .filter_map(|(_, a)| model::read::<PartnershipDoc>(a).ok())
        .flat_map(|p| p.people)
        .filter(|r| theirs.contains(&r.document))
        .map(|r| r.person)
        .collect();
    Some(
        loaded
            .iter()
            .filter(|(_, a)| {
                model::read::<GroupDoc>(a).is_ok_and(|g| g.seats.iter().any(|s| s.deputy.is_some_and(|d| ids.contains(&d)) || s.holders().iter().any(|h| ids.contains(h))))
            })
            .map(|(d, _)| *d)
            .collect(),
    )
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
