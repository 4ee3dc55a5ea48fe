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

/// The groups among `docs` (the documents the account may read), loaded: every one, or,
/// with `email`, a person's own when a readable person document has that email: the groups
/// with a seat held, shared or deputised by the person whose own document carries the
/// account's `email`, as the partnerships' directories record it. Each document is loaded once, for choosing and for the calendar.
pub fn feed_groups(storage: &DocumentStore, docs: &[DocumentId], email: Option<&str>) -> Vec<(DocumentId, GroupDoc)> {
    let loaded: Vec<(DocumentId, Automerge)> = docs.iter().filter_map(|d| Some((*d, load(storage, *d)?))).collect();
    let groups: Vec<(DocumentId, GroupDoc)> = loaded.iter().filter_map(|(d, a)| Some((*d, model::read::<GroupDoc>(a).ok()?))).collect();
    match email.and_then(|e| person_ids(&loaded, e)) {
        Some(ids) => groups
            .into_iter()
            .filter(|(_, g)| g.seats.iter().any(|s| s.deputy.is_some_and(|d| ids.contains(&d)) || s.holders().iter().any(|h| ids.contains(h))))
            .collect(),
        None => groups,
    }
}

/// The ids that seats know the person with account email `email` by, from the partnerships
/// among `loaded` listing a readable person document with that email; `None` when there is none.
fn person_ids(loaded: &[(DocumentId, Automerge)], email: &str) -> Option<Vec<PersonId>> {
    let email = email.trim();
    if email.is_empty() {
        return None;
    }
    // Their person documents (any document whose `email` is theirs is one; others have none).
    let theirs: Vec<DocumentId> = loaded
        .iter()
        .filter(|(_, a)| model::read::<PersonDoc>(a).is_ok_and(|p| !p.erased && p.email.trim().eq_ignore_ascii_case(email)))
        .map(|(d, _)| *d)
        .collect();
    if theirs.is_empty() {
        return None;
    }
    Some(
        loaded
            .iter()
            .filter_map(|(_, a)| model::read::<PartnershipDoc>(a).ok())
            .flat_map(|p| p.people)
            .filter(|r| theirs.contains(&r.document))
            .map(|r| r.person)
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
    let loaded: Vec<GroupDoc> = groups.iter().filter_map(|g| load(storage, *g).and_then(|d| model::read::<GroupDoc>(&d).ok())).collect();
    render_groups(storage, name, &loaded, may_read, now_ms)
}

/// [`render`] of groups already loaded.
pub fn render_groups(
    storage: &DocumentStore,
    name: &str,
    groups: &[GroupDoc],
    may_read: impl Fn(DocumentId) -> bool,
    now_ms: i64,
) -> String {
    let mut events = Vec::new();
    let mut name = name.to_owned();
    for group in groups {
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
