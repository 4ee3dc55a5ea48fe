//! A partnership's register of interests: every declaration of interest made at the meetings
//! of its groups (joint groups included), each with the member, meeting, item, interest and
//! what the chair did, read from the documents on this device (so it works offline).

use domain::{
    meeting::{register_of_interests, MeetingDoc, RegisteredInterest},
    model::{GroupDoc, Organisation, PartnershipDoc, Seat},
    DocumentId,
};
use leptos::prelude::*;

use super::{use_repo, PersonSummary};
use crate::repo::DocView;

/// "Representative (Leicestershire Police): A Person", or "…: vacant".
pub fn member_label(seat: &Seat, people: &[PersonSummary], organisations: &[Organisation]) -> String {
    let role = match seat.organisation.and_then(|o| organisations.iter().find(|x| x.id == o)) {
        Some(o) => format!("{} ({})", seat.role_title, o.name),
        None => seat.role_title.clone(),
    };
    let holder = match seat.holder {
        None => "vacant".to_owned(),
        Some(p) => people.iter().find(|x| x.id == p).map(|x| x.label.clone()).unwrap_or_else(|| "a member of another partnership".to_owned()),
    };
    format!("{role}: {holder}")
}

/// The register, latest meeting first; it grows as the documents arrive.
pub fn use_interests_register(partnership: DocumentId, people: Memo<Vec<PersonSummary>>, organisations: Memo<Vec<Organisation>>) -> Memo<Vec<RegisteredInterest>> {
    let ctx = use_repo();
    ctx.repo().open(partnership);
    Memo::new(move |_| {
        let DocView::Ready(p) = ctx.read::<PartnershipDoc>(partnership) else { return Vec::new() };
        let mut meetings: Vec<(DocumentId, GroupDoc, DocumentId, MeetingDoc)> = Vec::new();
        let mut groups: Vec<(DocumentId, GroupDoc)> = Vec::new();
        for g in p.groups() {
            ctx.repo().open(g);
            if let DocView::Ready(doc) = ctx.read::<GroupDoc>(g) {
                groups.push((g, doc));
            }
        }
        for (g, doc) in &groups {
            for r in &doc.meetings {
                ctx.repo().open(r.document);
                if let DocView::Ready(m) = ctx.read::<MeetingDoc>(r.document) {
                    if !m.declarations.is_empty() {
                        meetings.push((*g, doc.clone(), r.document, m));
                    }
                }
            }
        }
        people.with(|ps| {
            organisations.with(|os| register_of_interests(meetings.iter().map(|(g, gd, id, m)| (*g, gd, *id, m)), |s| member_label(s, ps, os)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::SeatCategory;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn members_are_named_by_seat_organisation_and_holder() {
        let seat = Seat::new("Lay member", None, SeatCategory::Core, true);
        assert_eq!(member_label(&seat, &[], &[]), "Lay member: vacant");
    }
}
