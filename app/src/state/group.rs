use domain::{
    model::{
        Conflict, ChangeEntry, FormProblem, GroupDoc, GroupError, GroupField, GroupForm, Organisation, PartnershipDoc,
        PersonForm, PersonProblem, SeatCategory, SeatField, SeatForm, SeatProblem, TermsList,
    },
    DocumentId, ItemId, OrganisationId, PersonId, SeatId,
};
use leptos::prelude::*;

use super::{list_groups, partnership::now, use_repo, GroupSummary};
use crate::{
    error::AppError,
    repo::{DocView, Repo},
};

/// A new seat as the add-seat form submits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatDraft {
    pub role_title: String,
    pub organisation: Option<OrganisationId>,
    pub category: SeatCategory,
    pub voting: bool,
}

/// An edit to a list of the terms of reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEdit {
    Add(TermsList, String),
    Up(TermsList, ItemId),
    Down(TermsList, ItemId),
    Edit(TermsList, ItemId, String),
    Remove(TermsList, ItemId),
}

/// A change to the group's further reporting lines and relations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEdit {
    AddLine { to: DocumentId, cadence: Option<domain::model::ReportingCadence>, note: String },
    RemoveLine(ItemId),
    AddRelation(domain::model::RelationKind, DocumentId),
    RemoveRelation(ItemId),
}

/// A partnership owning the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerSummary {
    pub id: DocumentId,
    pub name: String,
}

/// One group document and the commands on it.
#[derive(Debug, Clone, Copy)]
pub struct UseGroupReturn {
    pub group: Memo<DocView<GroupDoc>>,
    /// The owning partnerships that have arrived.
    pub owners: Memo<Vec<OwnerSummary>>,
    /// The owners' organisations (each once, by id).
    pub organisations: Memo<Vec<Organisation>>,
    /// Other groups of the owning partnerships (where this one may report).
    pub others: Memo<Vec<GroupSummary>>,
    /// Saves the edit form: every problem named against its field, or saved.
    pub save: Callback<GroupForm, Result<(), Vec<FormProblem>>>,
    pub add_seat: Callback<SeatDraft, Result<SeatId, AppError>>,
    pub remove_seat: Callback<SeatId, Result<(), AppError>>,
    /// The document's changes, newest first.
    pub history: Memo<Vec<ChangeEntry>>,
    /// Fields two people set differently at the same time.
    pub conflicts: Memo<Vec<Conflict>>,
    /// Keeps one value of a conflicted field: (path, index of the value in the conflict).
    pub resolve: Callback<(Vec<String>, usize), Result<(), AppError>>,
    /// Adds, moves up or removes an item of the functions or standing agenda.
    pub change_list: Callback<ListEdit, Result<(), AppError>>,
    /// The owning partnerships' people (who may hold or deputise for a seat).
    pub people: Memo<Vec<super::PersonSummary>>,
    /// Saves the seat editor.
    pub edit_seat: Callback<(SeatId, SeatForm), Result<(), Vec<SeatProblem>>>,
    /// Makes the group joint: adds an owning partnership and lists the group in that
    /// partnership's document too.
    pub add_owner: Callback<DocumentId, Result<(), AppError>>,
    /// Adds or removes a further reporting line or a relation.
    pub change_links: Callback<LinkEdit, Result<(), AppError>>,
    /// Named versions of the group, newest first.
    pub revisions: Memo<Vec<domain::model::Revision>>,
    /// Names the current version: (version, note).
    pub name_version: Callback<(String, String), Result<(), String>>,
    /// Creates a person in the first owning partnership.
    pub add_person: Callback<PersonForm, Result<PersonId, Vec<PersonProblem>>>,
}

pub fn use_group(id: DocumentId) -> UseGroupReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    let group = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.read::<GroupDoc>(id)
        })
    };
    let owner_ids = Memo::new(move |_| match group.get() {
        DocView::Ready(g) => {
            let mut ids: Vec<DocumentId> = Vec::new();
            for o in &g.owners {
                if !ids.contains(&o.partnership) {
                    ids.push(o.partnership);
                }
            }
            ids
        }
        _ => Vec::new(),
    });
    let partnerships = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            owner_ids
                .get()
                .into_iter()
                .filter_map(|p| match ctx.read::<PartnershipDoc>(p) {
                    DocView::Ready(doc) => Some((p, doc)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for p in owner_ids.get() {
                ctx.repo().open(p);
            }
            for (_, doc) in partnerships.get() {
                for g in doc.groups() {
                    ctx.repo().open(g);
                }
                super::open_people(ctx.repo(), &[&doc]);
            }
        });
    }
    let owners = Memo::new(move |_| {
        partnerships.with(|ps| ps.iter().map(|(id, p)| OwnerSummary { id: *id, name: p.name.clone() }).collect())
    });
    let organisations = Memo::new(move |_| partnerships.with(|ps| owner_organisations(ps.iter().map(|(_, p)| p))));
    let others = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let mut listed: Vec<DocumentId> = Vec::new();
            partnerships.with(|ps| {
                for (_, p) in ps {
                    for g in p.groups() {
                        if g != id && !listed.contains(&g) {
                            listed.push(g);
                        }
                    }
                }
            });
            list_groups(&listed, |g| ctx.read::<GroupDoc>(g))
        })
    };
    let save = {
        let ctx = ctx.clone();
        Callback::new(move |form: GroupForm| {
            let may: Vec<DocumentId> = others.get_untracked().iter().map(|g| g.id).collect();
            let time = now();
            let result = ctx
                .repo()
                .change(id, |doc| {
                    domain::model::update::<GroupDoc, _, Vec<FormProblem>>(doc, "Edit the group", time, |g| {
                        form.apply(id, &may, g)
                    })
                })
                .map_err(|_| AppError::NotOpen.to_string());
            match result {
                Ok(Ok(())) => Ok(()),
                Ok(Err(domain::model::DocError::Rule(problems))) => Err(problems),
                Ok(Err(domain::model::DocError::Shape(e))) => Err(vec![problem(format!("The change could not be made: {e}"))]),
                Ok(Err(domain::model::DocError::Write(e))) => Err(vec![problem(format!("The change could not be made: {e}"))]),
                Err(message) => Err(vec![problem(message)]),
            }
        })
    };
    let add_seat = {
        let ctx = ctx.clone();
        Callback::new(move |draft: SeatDraft| {
            change_group(ctx.repo(), id, "Add a seat", |g| {
                g.add_seat(&draft.role_title, draft.organisation, draft.category, draft.voting)
            })
        })
    };
    let remove_seat = {
        let ctx = ctx.clone();
        Callback::new(move |seat: SeatId| change_group(ctx.repo(), id, "Remove a seat", |g| g.remove_seat(seat)))
    };
    let history = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.with_document(id, domain::model::timeline).unwrap_or_default()
        })
    };
    let conflicts = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.with_document(id, domain::model::conflicts).unwrap_or_default()
        })
    };
    let change_list = {
        let ctx = ctx.clone();
        Callback::new(move |edit: ListEdit| match edit {
            ListEdit::Add(which, text) => change_group(ctx.repo(), id, "Add a list item", |g| g.add_list_item(which, &text).map(|_| ())),
            ListEdit::Up(which, item) => change_group(ctx.repo(), id, "Move a list item", |g| g.move_list_item_up(which, item)),
            ListEdit::Down(which, item) => change_group(ctx.repo(), id, "Move a list item", |g| g.move_list_item_down(which, item)),
            ListEdit::Edit(which, item, text) => change_group(ctx.repo(), id, "Edit a list item", |g| g.edit_list_item(which, item, &text)),
            ListEdit::Remove(which, item) => change_group(ctx.repo(), id, "Remove a list item", |g| g.remove_list_item(which, item)),
        })
    };
    let people = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            partnerships.with(|ps| super::people_of(|d| ctx.read(d), &ps.iter().map(|(_, p)| p).collect::<Vec<_>>()))
        })
    };
    let edit_seat = {
        let ctx = ctx.clone();
        Callback::new(move |(seat, form): (SeatId, SeatForm)| {
            super::forms::save_form(
                ctx.repo(),
                id,
                "Edit a seat",
                |message| SeatProblem { field: SeatField::RoleTitle, message },
                |g: &mut GroupDoc| g.edit_seat(seat, &form),
            )
        })
    };
    let add_person = {
        let ctx = ctx.clone();
        Callback::new(move |form: PersonForm| {
            let Some(owner) = owner_ids.get_untracked().first().copied() else {
                return Err(vec![PersonProblem {
                    field: domain::model::PersonField::Name,
                    message: "The group's partnership has not loaded yet".to_owned(),
                }]);
            };
            super::create_person(ctx.repo(), owner, &form)
        })
    };
    let add_owner = {
        let ctx = ctx.clone();
        Callback::new(move |partnership: DocumentId| {
            ctx.repo().open(partnership);
            super::change_partnership(ctx.repo(), partnership, "List a joint group", |p| {
                p.list_group(id);
                Ok(())
            })?;
            change_group(ctx.repo(), id, "Add an owning partnership", |g| {
                g.add_owner(partnership);
                Ok(())
            })
        })
    };
    let change_links = {
        let ctx = ctx.clone();
        Callback::new(move |edit: LinkEdit| match edit {
            LinkEdit::AddLine { to, cadence, note } => {
                change_group(ctx.repo(), id, "Add a reporting line", |g| g.add_reporting_line(id, to, cadence, &note).map(|_| ()))
            }
            LinkEdit::RemoveLine(line) => change_group(ctx.repo(), id, "Remove a reporting line", |g| g.remove_reporting_line(line)),
            LinkEdit::AddRelation(kind, other) => {
                change_group(ctx.repo(), id, "Relate to another group", |g| g.add_relation(id, kind, other).map(|_| ()))
            }
            LinkEdit::RemoveRelation(r) => change_group(ctx.repo(), id, "Remove a relation", |g| g.remove_relation(r)),
        })
    };
    let revisions = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let named = match group.get() {
                DocView::Ready(g) => g.versions,
                _ => Vec::new(),
            };
            ctx.with_document(id, |d| domain::model::revision_table(d, &named)).unwrap_or_default()
        })
    };
    let name_version = {
        let ctx = ctx.clone();
        Callback::new(move |(version, note): (String, String)| super::name_version::<GroupDoc>(ctx.repo(), id, &version, &note))
    };
    let resolve = Callback::new(move |(path, index): (Vec<String>, usize)| {
        let value = conflicts
            .get_untracked()
            .into_iter()
            .find(|c| c.path == path)
            .and_then(|c| c.values.get(index).map(|v| v.value.clone()))
            .ok_or_else(|| AppError::Document("That conflict has already been resolved".to_owned()))?;
        let time = now();
        ctx.repo()
            .change(id, |doc| domain::model::resolve(doc, &path, value, time))
            .map_err(|_| AppError::NotOpen)?
            .map_err(|e| AppError::Document(e.to_string()))
    });
    UseGroupReturn {
        group,
        owners,
        organisations,
        others,
        save,
        add_seat,
        remove_seat,
        history,
        conflicts,
        resolve,
        change_list,
        people,
        edit_seat,
        add_person,
        add_owner,
        revisions,
        name_version,
        change_links,
    }
}

fn problem(message: String) -> FormProblem {
    FormProblem { field: GroupField::Name, message }
}

/// The organisations of the owning partnerships, each once (a joint group's partners).
pub fn owner_organisations<'a>(partnerships: impl Iterator<Item = &'a PartnershipDoc>) -> Vec<Organisation> {
    let mut out: Vec<Organisation> = Vec::new();
    for p in partnerships {
        for o in &p.organisations {
            if !out.iter().any(|x| x.id == o.id) {
                out.push(o.clone());
            }
        }
    }
    out
}

/// Applies a domain change to a group as one automerge change, stamped now.
pub fn change_group<R>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut GroupDoc) -> Result<R, GroupError>,
) -> Result<R, AppError> {
    super::partnership::change_doc(repo, id, message, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::Sector;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_joint_groups_organisations_come_from_every_owner_once() {
        let police = Organisation::new("Leicestershire Police", Sector::Police, true);
        let mut a = PartnershipDoc::new("Leicester", "").unwrap();
        a.organisations = vec![police.clone(), Organisation::new("Leicester City Council", Sector::LocalAuthority, true)];
        let mut b = PartnershipDoc::new("LRSCP", "").unwrap();
        b.organisations = vec![police, Organisation::new("Rutland County Council", Sector::LocalAuthority, true)];
        let names: Vec<_> = owner_organisations([&a, &b].into_iter()).into_iter().map(|o| o.name).collect();
        assert_eq!(names, ["Leicestershire Police", "Leicester City Council", "Rutland County Council"]);
    }
}
