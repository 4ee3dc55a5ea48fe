//! A partnership's directory of people: the partnership, its people, and the commands on them.

use domain::{
    model::{Organisation, PartnershipDoc, PersonForm, PersonProblem},
    DocumentId, PersonId,
};
use leptos::prelude::*;

use super::{change_interests, create_person, erase_person, save_person, use_appointments, use_people, use_repo, InterestsEdit, PersonSummary};
use crate::repo::DocView;

#[derive(Debug, Clone, Copy)]
pub struct UseDirectoryReturn {
    /// The partnership's name, empty until its document arrives.
    pub name: Memo<String>,
    pub organisations: Memo<Vec<Organisation>>,
    pub people: Memo<Vec<PersonSummary>>,
    /// Every seat of the partnership's groups, with who holds it (see `appointments_of`).
    pub appointments: Memo<Vec<domain::model::Appointment>>,
    /// Creates a person's document and lists it in the partnership.
    pub add: Callback<PersonForm, Result<PersonId, Vec<PersonProblem>>>,
    /// Saves a person's document: (document, the form as opened, the form as typed); only
    /// the fields changed since it was opened are written.
    pub save: Callback<(DocumentId, PersonForm, PersonForm), Result<(), Vec<PersonProblem>>>,
    /// Erases a person's document.
    pub erase: Callback<DocumentId, Result<(), Vec<PersonProblem>>>,
    /// Changes a person's register of interests (in their document), dated today.
    pub interests: Callback<(DocumentId, InterestsEdit), Result<(), String>>,
}

pub fn use_directory(id: DocumentId) -> UseDirectoryReturn {
    let ctx = use_repo();
    let people = use_people(id);
    let appointments = use_appointments(id);
    let partnership = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            match ctx.read::<PartnershipDoc>(id) {
                DocView::Ready(p) => Some(p),
                _ => None,
            }
        })
    };
    let name = Memo::new(move |_| partnership.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default()));
    let organisations = Memo::new(move |_| partnership.with(|p| p.as_ref().map(|p| p.organisations.clone()).unwrap_or_default()));
    let add = {
        let ctx = ctx.clone();
        Callback::new(move |form: PersonForm| create_person(ctx.repo(), id, &form))
    };
    let save = {
        let ctx = ctx.clone();
        Callback::new(move |(doc, base, form): (DocumentId, PersonForm, PersonForm)| save_person(ctx.repo(), doc, &base, &form))
    };
    let erase = {
        let ctx = ctx.clone();
        Callback::new(move |doc: DocumentId| erase_person(ctx.repo(), doc))
    };
    let interests = Callback::new(move |(doc, edit): (DocumentId, InterestsEdit)| change_interests(ctx.repo(), doc, &edit, super::partnership::today()));
    UseDirectoryReturn { name, organisations, people, appointments, add, save, erase, interests }
}
