use domain::{
    model::{ComplianceRules, FormProblem, GroupDoc, GroupError, GroupField, GroupForm, Organisation, PartnershipDoc, TermsList},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{list_groups, use_repo, GroupSummary};
use crate::{
    error::AppError,
    repo::{DocView, Repo},
};

/// An edit to a list of the terms of reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEdit {
    Add(TermsList, String),
    Up(TermsList, ItemId),
    Down(TermsList, ItemId),
    /// The item's new text, typed over the text it had when editing began.
    Edit { which: TermsList, item: ItemId, base: String, text: String },
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

/// One group document, what its ids stand for, and the commands on its description, terms
/// and links. Seats are [`super::use_seats`]; history and versions [`super::use_history`].
#[derive(Debug, Clone, Copy)]
pub struct UseGroupReturn {
    pub group: Memo<DocView<GroupDoc>>,
    /// The owning partnerships' documents on this device (empty until they arrive).
    pub owner_docs: Memo<Vec<(DocumentId, PartnershipDoc)>>,
    /// The owning partnerships that have arrived.
    pub owners: Memo<Vec<OwnerSummary>>,
    /// The owners' organisations (each once, by id).
    pub organisations: Memo<Vec<Organisation>>,
    /// The compliance rules the group's seats are read against, from its owners on this
    /// device: a joint group's strictest DBS rule and its first owner's agreement
    /// ([`ComplianceRules::joint`]); the defaults until one arrives.
    pub compliance: Memo<ComplianceRules>,
    /// Other groups of the owning partnerships (where this one may report).
    pub others: Memo<Vec<GroupSummary>>,
    /// Saves an edit form (details or rules): every problem named against its field, or saved.
    pub save: Callback<GroupForm, Result<(), Vec<FormProblem>>>,
    /// Adds, moves up or removes an item of the functions or standing agenda.
    pub change_list: Callback<ListEdit, Result<(), AppError>>,
    /// Adds or removes a further reporting line or a relation.
    pub change_links: Callback<LinkEdit, Result<(), AppError>>,
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
    let owner_docs = {
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
            for (_, doc) in owner_docs.get() {
                for g in doc.groups() {
                    ctx.repo().open(g);
                }
                super::open_people(ctx.repo(), &[&doc]);
            }
        });
    }
    let owners = Memo::new(move |_| {
        owner_docs.with(|ps| ps.iter().map(|(id, p)| OwnerSummary { id: *id, name: p.name.clone() }).collect())
    });
    let organisations = Memo::new(move |_| owner_docs.with(|ps| owner_organisations(ps.iter().map(|(_, p)| p))));
    let compliance = Memo::new(move |_| owner_docs.with(|ps| ComplianceRules::joint(ps.iter().map(|(_, p)| &p.compliance))));
    let others = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let mut listed: Vec<DocumentId> = Vec::new();
            owner_docs.with(|ps| {
                for (_, p) in ps {
                    for g in p.groups() {
                        if g != id && !listed.contains(&g) {
                            listed.push(g);
                        }
                    }
                }
            });
            crate::repo::probe::timed("group.others", || list_groups(&listed, |g| ctx.group_heading(g)))
        })
    };
    let save = {
        let ctx = ctx.clone();
        Callback::new(move |form: GroupForm| {
            let may: Vec<DocumentId> = others.get_untracked().iter().map(|g| g.id).collect();
            super::forms::save_form(ctx.repo(), id, "Edit the group", problem, |g: &mut GroupDoc| form.apply(id, &may, g))
        })
    };
    let change_list = {
        let ctx = ctx.clone();
        Callback::new(move |edit: ListEdit| match edit {
            ListEdit::Add(which, text) => change_group(ctx.repo(), id, "Add a list item", |g| g.add_list_item(which, &text).map(|_| ())),
            ListEdit::Up(which, item) => change_group(ctx.repo(), id, "Move a list item", |g| g.move_list_item_up(which, item)),
            ListEdit::Down(which, item) => change_group(ctx.repo(), id, "Move a list item", |g| g.move_list_item_down(which, item)),
            ListEdit::Edit { which, item, base, text } => {
                change_group(ctx.repo(), id, "Edit a list item", |g| g.edit_list_item_from(which, item, &base, &text))
            }
            ListEdit::Remove(which, item) => change_group(ctx.repo(), id, "Remove a list item", |g| g.remove_list_item(which, item)),
        })
    };
    let change_links = Callback::new(move |edit: LinkEdit| match edit {
        LinkEdit::AddLine { to, cadence, note } => {
            change_group(ctx.repo(), id, "Add a reporting line", |g| g.add_reporting_line(id, to, cadence, &note).map(|_| ()))
        }
        LinkEdit::RemoveLine(line) => change_group(ctx.repo(), id, "Remove a reporting line", |g| g.remove_reporting_line(line)),
        LinkEdit::AddRelation(kind, other) => {
            change_group(ctx.repo(), id, "Relate to another group", |g| g.add_relation(id, kind, other).map(|_| ()))
        }
        LinkEdit::RemoveRelation(r) => change_group(ctx.repo(), id, "Remove a relation", |g| g.remove_relation(r)),
    });
    UseGroupReturn { group, owner_docs, owners, organisations, compliance, others, save, change_list, change_links }
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
