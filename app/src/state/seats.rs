//! A group's seats: who may hold them (the owning partnerships' people) and the commands on
//! them.

use domain::{
    model::{GroupDoc, PartnershipDoc, PersonForm, PersonProblem, SeatCategory, SeatField, SeatForm, SeatProblem},
    DocumentId, OrganisationId, PersonId, SeatId,
};
use leptos::prelude::*;

use super::{change_group, use_repo, PersonSummary};
use crate::error::AppError;

/// A new seat as the add-seat form submits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatDraft {
    pub role_title: String,
    pub organisation: Option<OrganisationId>,
    pub category: SeatCategory,
    pub voting: bool,
}

/// The seats of group `id` and the people who may hold them.
#[derive(Debug, Clone, Copy)]
pub struct UseSeatsReturn {
    /// The owning partnerships' people (who may hold or deputise for a seat).
    pub people: Memo<Vec<PersonSummary>>,
    pub add_seat: Callback<SeatDraft, Result<SeatId, AppError>>,
    pub remove_seat: Callback<SeatId, Result<(), AppError>>,
    /// Saves the seat form.
    pub edit_seat: Callback<(SeatId, SeatForm), Result<(), Vec<SeatProblem>>>,
    /// Creates a person in the first owning partnership.
    pub add_person: Callback<PersonForm, Result<PersonId, Vec<PersonProblem>>>,
}

/// Seats of group `id`, whose owning partnerships' documents are `owners` (from
/// [`super::use_group`]).
pub fn use_seats(id: DocumentId, owners: Memo<Vec<(DocumentId, PartnershipDoc)>>) -> UseSeatsReturn {
    let ctx = use_repo();
    let people = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            owners.with(|ps| super::people_of(|d| ctx.read(d), &ps.iter().map(|(_, p)| p).collect::<Vec<_>>()))
        })
    };
    let add_seat = {
        let ctx = ctx.clone();
        Callback::new(move |draft: SeatDraft| {
            change_group(ctx.repo(), id, "Add a seat", |g| g.add_seat(&draft.role_title, draft.organisation, draft.category, draft.voting))
        })
    };
    let remove_seat = {
        let ctx = ctx.clone();
        Callback::new(move |seat: SeatId| change_group(ctx.repo(), id, "Remove a seat", |g| g.remove_seat(seat)))
    };
    let edit_seat = {
        let ctx = ctx.clone();
        let me = crate::auth::use_me().me;
        Callback::new(move |(seat, mut form): (SeatId, SeatForm)| {
            // A signature recorded now is for the current version of the agreement, recorded
            // by whoever is signed in (the form keeps both only when the date changes).
            form.agreement_version = owners.with_untracked(|o| o.first().map(|(_, p)| p.compliance.agreement.version.clone()).unwrap_or_default());
            form.recorded_by = me.with_untracked(|m| m.as_ref().map(|m| m.account.name.clone()).unwrap_or_default());
            super::forms::save_form(
                ctx.repo(),
                id,
                "Edit a seat",
                |message| SeatProblem { field: SeatField::RoleTitle, message },
                |g: &mut GroupDoc| g.edit_seat(seat, &form),
            )
        })
    };
    let add_person = Callback::new(move |form: PersonForm| {
        let Some(owner) = owners.with_untracked(|o| o.first().map(|(id, _)| *id)) else {
            return Err(vec![PersonProblem {
                field: domain::model::PersonField::Name,
                message: "The group's partnership has not loaded yet".to_owned(),
            }]);
        };
        super::create_person(ctx.repo(), owner, &form)
    });
    UseSeatsReturn { people, add_seat, remove_seat, edit_seat, add_person }
}
