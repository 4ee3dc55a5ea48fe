//! People: each in a small document of their own, listed by a partnership, referred to by
//! id from seats.

use domain::{
    model::{appointments, Appointment, Date, GroupDoc, InterestKind, PartnershipDoc, PersonDoc, PersonField, PersonForm, PersonProblem},
    DocumentId, ItemId, PersonId,
};
use leptos::prelude::*;

use super::{forms::save_form, use_repo};
use crate::repo::{DocView, Repo};

/// A person as lists and pickers show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: PersonId,
    pub document: DocumentId,
    /// Name (job title); "Person erased"; "Loading…" until the document arrives; or why
    /// it cannot be shown.
    pub label: String,
    pub person: Option<PersonDoc>,
    /// The document has not arrived yet: `label` says "Loading…".
    pub pending: bool,
}

/// The people listed by `partnerships` (each once), sorted by name. Their documents must
/// have been opened ([`open_people`]).
pub fn people_of(read: impl Fn(DocumentId) -> DocView<PersonDoc>, partnerships: &[&PartnershipDoc]) -> Vec<PersonSummary> {
    let mut out: Vec<PersonSummary> = Vec::new();
    for p in partnerships {
        for r in &p.people {
            if out.iter().any(|s| s.id == r.person) {
                continue;
            }
            let (person, label, pending) = match read(r.document) {
                DocView::Ready(doc) => {
                    let label = doc.display_name();
                    (Some(doc), label, false)
                }
                DocView::Unavailable => (None, "Details not available".to_owned(), false),
                DocView::Damaged(_) => (None, "Details could not be read".to_owned(), false),
                DocView::NotOpen | DocView::Loading => (None, "Loading…".to_owned(), true),
            };
            out.push(PersonSummary { id: r.person, document: r.document, label, person, pending });
        }
    }
    out.sort_by(|a, b| a.label.to_lowercase().cmp(&b.label.to_lowercase()));
    out
}

/// Opens (requests) every person document `partnerships` list.
pub fn open_people(repo: &Repo, partnerships: &[&PartnershipDoc]) {
    for p in partnerships {
        for r in &p.people {
            repo.open(r.document);
        }
    }
}

/// A partnership's people, kept up to date.
pub fn use_people(partnership: DocumentId) -> Memo<Vec<PersonSummary>> {
    let ctx = use_repo();
    ctx.repo().open(partnership);
    let doc = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            match ctx.read::<PartnershipDoc>(partnership) {
                DocView::Ready(p) => Some(p),
                _ => None,
            }
        })
    };
    {
        let ctx = ctx.clone();
        Effect::new(move |_| doc.with(|p| p.iter().for_each(|p| open_people(ctx.repo(), &[p]))));
    }
    Memo::new(move |_| {
        doc.with(|p| p.as_ref().map(|p| people_of(|d| ctx.read(d), &[p])).unwrap_or_default())
    })
}

/// Who holds (or deputises for) which seat in which of the partnership's groups, from the
/// group documents that have arrived ([`appointments`]); opens the groups.
pub fn use_appointments(partnership: DocumentId) -> Memo<Vec<Appointment>> {
    let ctx = use_repo();
    let listed = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            match ctx.read::<PartnershipDoc>(partnership) {
                DocView::Ready(p) => p.groups(),
                _ => Vec::new(),
            }
        })
    };
    {
        let ctx = ctx.clone();
        Effect::new(move |_| listed.with(|gs| gs.iter().for_each(|g| ctx.repo().open(*g))));
    }
    Memo::new(move |_| {
        let groups: Vec<(DocumentId, GroupDoc)> = listed.with(|gs| {
            gs.iter()
                .filter_map(|g| match ctx.read::<GroupDoc>(*g) {
                    DocView::Ready(doc) => Some((*g, doc)),
                    _ => None,
                })
                .collect()
        });
        appointments(groups.iter().map(|(id, g)| (*id, g)))
    })
}

fn problem(message: String) -> PersonProblem {
    PersonProblem { field: PersonField::Name, message }
}

/// Creates a person's document from the form and lists it in `partnership`. Nothing is
/// created when the form has a problem.
pub fn create_person(repo: &Repo, partnership: DocumentId, form: &PersonForm) -> Result<PersonId, Vec<PersonProblem>> {
    let mut check = PersonDoc::default();
    form.apply(&mut check)?;
    if !matches!(repo.read::<PartnershipDoc>(partnership), DocView::Ready(_)) {
        return Err(vec![problem("The partnership has not loaded on this device yet. Try again in a moment".to_owned())]);
    }
    let document = super::create_document(repo, partnership);
    let time = super::partnership::now();
    repo.change(document, |doc| {
        domain::model::update::<PersonDoc, _, std::convert::Infallible>(doc, "Add a person", time, |p| {
            *p = check;
            Ok(())
        })
    })
    .map_err(|_| vec![problem("The person could not be saved".to_owned())])?
    .map_err(|e| vec![problem(e.to_string())])?;
    let person = PersonId::random();
    super::change_partnership(repo, partnership, "Add a person", |p| {
        p.list_person(person, document);
        Ok(())
    })
    .map_err(|e| vec![problem(e.to_string())])?;
    Ok(person)
}

/// Saves the person form, opened as `base`, to their document. Only the fields the person
/// changed since `base` are written: the others keep the document's values as they are now
/// ([`PersonForm::rebase`]), so a change made on another device while the form was open stays.
/// A person erased meanwhile stays erased.
pub fn save_person(repo: &Repo, document: DocumentId, base: &PersonForm, form: &PersonForm) -> Result<(), Vec<PersonProblem>> {
    save_form(repo, document, "Edit a person", problem, |p: &mut PersonDoc| {
        if p.erased {
            return Err(vec![problem("This person's details were erased while you were editing them".to_owned())]);
        }
        form.rebase(base, &PersonForm::from_person(p)).apply(p)
    })
}

/// A change to a person's standing register of interests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterestsEdit {
    /// Enter an interest (kind, description), registered today.
    Register(InterestKind, String),
    /// Mark an interest as ended today (the register keeps it).
    End(ItemId),
    /// Record today's annual declaration.
    Declare,
}

impl InterestsEdit {
    fn message(&self) -> &'static str {
        match self {
            InterestsEdit::Register(..) => "Register an interest",
            InterestsEdit::End(_) => "End an interest",
            InterestsEdit::Declare => "Record the annual declaration of interests",
        }
    }
}

/// Makes `edit` to the register in the person's document, as one change stamped now; the
/// problem, if any, in words for the person.
pub fn change_interests(repo: &Repo, document: DocumentId, edit: &InterestsEdit, today: Date) -> Result<(), String> {
    save_form(repo, document, edit.message(), |s| s, |p: &mut PersonDoc| {
        match edit {
            InterestsEdit::Register(kind, description) => p.register_interest(*kind, description, today).map(|_| ()),
            InterestsEdit::End(id) => p.end_interest(*id, today),
            InterestsEdit::Declare => p.declare_interests(today),
        }
        .map_err(|e| vec![e.to_string()])
    })
    .map_err(|problems| problems.join(". "))
}

/// Clears the person's details; seats keep the reference and read "Person erased".
pub fn erase_person(repo: &Repo, document: DocumentId) -> Result<(), Vec<PersonProblem>> {
    save_form(repo, document, "Erase a person", problem, |p: &mut PersonDoc| {
        p.erase();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn people_of_joint_owners_are_listed_once_by_name_and_erased_people_say_so() {
        let (chair, lay, nurse) = (PersonId::random(), PersonId::random(), PersonId::random());
        let (chair_doc, lay_doc, nurse_doc) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let mut a = PartnershipDoc::new("Leicester", "").unwrap();
        a.list_person(chair, chair_doc);
        a.list_person(lay, lay_doc);
        let mut b = PartnershipDoc::new("LRSCP", "").unwrap();
        b.list_person(chair, chair_doc);
        b.list_person(nurse, nurse_doc);
        let list = people_of(
            |d| {
                if d == chair_doc {
                    DocView::Ready(PersonDoc { name: "Independent Chair (demo)".into(), ..PersonDoc::default() })
                } else if d == lay_doc {
                    DocView::Ready(PersonDoc { erased: true, ..PersonDoc::default() })
                } else {
                    DocView::Loading
                }
            },
            &[&a, &b],
        );
        let labels: Vec<_> = list.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["Independent Chair (demo)", "Loading…", "Person erased"]);
        let pending: Vec<_> = list.iter().map(|p| p.pending).collect();
        assert_eq!(pending, [false, true, false]);
        let gone = people_of(|_| DocView::Unavailable, &[&b]);
        assert!(gone.iter().all(|p| p.label == "Details not available"));
    }
}
