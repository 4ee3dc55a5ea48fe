use domain::{
    model::{new_group_name, ChangeEntry, Date, GroupDoc, GroupError, GroupKind, PartnershipDoc, PartnershipError, PartnershipList, Revision, Sector},
    rules::{partnership_attention, GroupAttention},
    DocumentId, ItemId, OrganisationId,
};
use leptos::prelude::*;

use super::use_repo;
use crate::{
    error::AppError,
    repo::{settings, DocView, Repo},
};

/// A group as a partnership page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupSummary {
    pub id: DocumentId,
    pub name: String,
    /// Owned by more than one partnership.
    pub joint: bool,
    pub reports_to: Option<DocumentId>,
    /// Further reporting lines ("also reports to").
    pub also_reports_to: Vec<DocumentId>,
    /// The kind, as it reads (e.g. "Board").
    pub kind: &'static str,
}

/// A field of the "Add a group" form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewGroupField {
    Name,
    Kind,
}

/// A problem with the "Add a group" form, for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroupProblem {
    pub field: NewGroupField,
    pub message: String,
}

/// Checks a new group: a name used once among `existing`, and a kind chosen (no silent
/// default). Every problem is returned, name first.
pub fn check_new_group<'a>(
    name: &str,
    kind: Option<GroupKind>,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(String, GroupKind), Vec<NewGroupProblem>> {
    let name = new_group_name(name, existing)
        .map_err(|e| NewGroupProblem { field: NewGroupField::Name, message: e.to_string() });
    let kind = kind.ok_or_else(|| NewGroupProblem { field: NewGroupField::Kind, message: "Select the kind of group".to_owned() });
    match (name, kind) {
        (Ok(name), Ok(kind)) => Ok((name, kind)),
        (name, kind) => Err(name.err().into_iter().chain(kind.err()).collect()),
    }
}

/// One partnership document and the commands on it.
#[derive(Debug, Clone, Copy)]
pub struct UsePartnershipReturn {
    pub partnership: Memo<DocView<PartnershipDoc>>,
    /// The listed group documents that have arrived, in the partnership's order.
    pub groups: Memo<Vec<GroupSummary>>,
    /// Renames the partnership (domain rules apply: not empty, not too long).
    pub rename: Callback<String, Result<(), AppError>>,
    /// Creates a group document owned by this partnership and lists it (a name, used once
    /// among the partnership's groups, and a kind, which must be chosen).
    pub add_group: Callback<(String, Option<GroupKind>), Result<DocumentId, Vec<NewGroupProblem>>>,
    /// What needs attention in the listed groups today (obligations, reviews due).
    pub attention: Memo<Vec<GroupAttention>>,
    /// Edits the area, constitution, business plan or organisations.
    pub change: Callback<PartnershipEdit, Result<(), AppError>>,
    /// The document's changes, newest first.
    pub history: Memo<Vec<ChangeEntry>>,
    /// The revision table: named versions, newest first.
    pub revisions: Memo<Vec<Revision>>,
    /// Names the current version: (version, note).
    pub name_version: Callback<(String, String), Result<(), String>>,
}

/// An edit to a partnership's own content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnershipEdit {
    SetArea(String),
    AddSection { heading: String, text: String },
    EditSection { id: ItemId, heading: String, text: String },
    MoveSection(ItemId, i32),
    RemoveSection(ItemId),
    AddItem(PartnershipList, String),
    MoveItem(PartnershipList, ItemId, i32),
    RemoveItem(PartnershipList, ItemId),
    AddOrganisation { name: String, sector: Sector, statutory: bool },
    EditOrganisation { id: OrganisationId, name: String, sector: Sector, statutory: bool },
    AddExternalLink { body: String, note: String },
    RemoveExternalLink(ItemId),
}

impl PartnershipEdit {
    fn message(&self) -> &'static str {
        match self {
            PartnershipEdit::SetArea(_) => "Change the area",
            PartnershipEdit::AddSection { .. } => "Add a constitution section",
            PartnershipEdit::EditSection { .. } => "Edit a constitution section",
            PartnershipEdit::MoveSection(..) => "Move a constitution section",
            PartnershipEdit::RemoveSection(_) => "Remove a constitution section",
            PartnershipEdit::AddItem(..) => "Add to the business plan",
            PartnershipEdit::MoveItem(..) => "Move a business plan item",
            PartnershipEdit::RemoveItem(..) => "Remove a business plan item",
            PartnershipEdit::AddOrganisation { .. } => "Add an organisation",
            PartnershipEdit::EditOrganisation { .. } => "Edit an organisation",
            PartnershipEdit::AddExternalLink { .. } => "Add a link with another board",
            PartnershipEdit::RemoveExternalLink(_) => "Remove a link with another board",
        }
    }

    /// Applies the edit under the partnership's rules.
    pub fn apply(self, p: &mut PartnershipDoc) -> Result<(), PartnershipError> {
        match self {
            PartnershipEdit::SetArea(area) => {
                p.area = area.split_whitespace().collect::<Vec<_>>().join(" ");
                Ok(())
            }
            PartnershipEdit::AddSection { heading, text } => p.add_section(&heading, &text).map(|_| ()),
            PartnershipEdit::EditSection { id, heading, text } => p.edit_section(id, &heading, &text),
            PartnershipEdit::MoveSection(id, by) => p.move_section(id, by),
            PartnershipEdit::RemoveSection(id) => p.remove_section(id),
            PartnershipEdit::AddItem(which, text) => p.add_list_item(which, &text).map(|_| ()),
            PartnershipEdit::MoveItem(which, id, by) => p.move_list_item(which, id, by),
            PartnershipEdit::RemoveItem(which, id) => p.remove_list_item(which, id),
            PartnershipEdit::AddOrganisation { name, sector, statutory } => p.add_organisation(&name, sector, statutory).map(|_| ()),
            PartnershipEdit::EditOrganisation { id, name, sector, statutory } => p.edit_organisation(id, &name, sector, statutory),
            PartnershipEdit::AddExternalLink { body, note } => p.add_external_link(&body, &note).map(|_| ()),
            PartnershipEdit::RemoveExternalLink(id) => p.remove_external_link(id),
        }
    }
}

/// Opens partnership `id` (requesting it from the server if this device lacks it) and the
/// group documents it lists.
pub fn use_partnership(id: DocumentId) -> UsePartnershipReturn {
    let ctx = use_repo();
    ctx.repo().open(id);
    settings::set_last_partnership(id);
    let partnership = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.read::<PartnershipDoc>(id)
        })
    };
    let listed = Memo::new(move |_| match partnership.get() {
        DocView::Ready(p) => p.groups(),
        _ => Vec::new(),
    });
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            for g in listed.get() {
                ctx.repo().open(g);
            }
        });
    }
    let groups = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            list_groups(&listed.get(), |g| ctx.group_heading(g))
        })
    };
    let rename = {
        let ctx = ctx.clone();
        Callback::new(move |name: String| {
            change_partnership(ctx.repo(), id, "Rename the partnership", |p| p.rename(&name))
        })
    };
    let add_group = {
        let ctx = ctx.clone();
        Callback::new(move |(name, kind): (String, Option<GroupKind>)| {
            let existing = groups.get_untracked();
            let (name, kind) = check_new_group(&name, kind, existing.iter().map(|g| g.name.as_str()))?;
            create_group(ctx.repo(), id, &name, kind)
                .map_err(|e| vec![NewGroupProblem { field: NewGroupField::Name, message: e.to_string() }])
        })
    };
    let attention = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let docs: Vec<(DocumentId, GroupDoc)> = listed
                .get()
                .into_iter()
                .filter_map(|g| match ctx.read::<GroupDoc>(g) {
                    DocView::Ready(doc) => Some((g, doc)),
                    _ => None,
                })
                .collect();
            let rules = partnership.with(|p| match p {
                DocView::Ready(p) => p.compliance.clone(),
                _ => Default::default(),
            });
            partnership_attention(docs.iter().map(|(id, g)| (*id, g)), &rules, today())
        })
    };
    let change = {
        let ctx = ctx.clone();
        Callback::new(move |edit: PartnershipEdit| {
            let message = edit.message();
            change_partnership(ctx.repo(), id, message, |p| edit.apply(p))
        })
    };
    let history = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            ctx.with_document(id, domain::model::timeline).unwrap_or_default()
        })
    };
    let revisions = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let named = match partnership.get() {
                DocView::Ready(p) => p.versions,
                _ => Vec::new(),
            };
            ctx.with_document(id, |d| domain::model::revision_table(d, &named)).unwrap_or_default()
        })
    };
    let name_version = Callback::new(move |(version, note): (String, String)| {
        super::name_version::<PartnershipDoc>(ctx.repo(), id, &version, &note)
    });
    UsePartnershipReturn { partnership, groups, rename, add_group, attention, change, history, revisions, name_version }
}

/// What a list of groups shows of a group document: read alone, without its terms, seats
/// and versions (a partnership lists dozens of groups; each may be large).
#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate)]
pub struct GroupHeading {
    #[autosurgeon(missing = "Default::default")]
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub kind: GroupKind,
    #[autosurgeon(missing = "Default::default")]
    pub owners: Vec<domain::model::Owner>,
    #[autosurgeon(missing = "Default::default")]
    pub reports_to: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub other_reporting_lines: Vec<domain::model::ReportingLine>,
}

impl GroupHeading {
    pub fn is_joint(&self) -> bool {
        self.owners.len() > 1
    }
}

impl From<GroupDoc> for GroupHeading {
    fn from(g: GroupDoc) -> Self {
        Self { name: g.name, kind: g.kind, owners: g.owners, reports_to: g.reports_to, other_reporting_lines: g.other_reporting_lines }
    }
}

/// The listed groups that have arrived, in order, each once.
pub fn list_groups<H: Into<GroupHeading>>(listed: &[DocumentId], read: impl Fn(DocumentId) -> DocView<H>) -> Vec<GroupSummary> {
    listed
        .iter()
        .filter_map(|&id| match read(id) {
            DocView::Ready(g) => Some(g.into()).map(|g: GroupHeading| GroupSummary {
                id,
                joint: g.is_joint(),
                reports_to: g.reports_to,
                also_reports_to: g.other_reporting_lines.iter().map(|l| l.to).collect(),
                kind: g.kind.label(),
                name: g.name,
            }),
            _ => None,
        })
        .collect()
}

/// A new group document owned by `partnership`, listed by it.
fn create_group(repo: &Repo, partnership: DocumentId, name: &str, kind: GroupKind) -> Result<DocumentId, AppError> {
    let owner_name = match repo.read::<PartnershipDoc>(partnership) {
        DocView::Ready(p) => p.name,
        _ => return Err(AppError::NotOpen),
    };
    let group = super::create_document(repo, partnership);
    let time = now();
    repo.change(group, |doc| {
        domain::model::update::<GroupDoc, _, GroupError>(doc, "Create the group", time, |g| {
            *g = GroupDoc::new(name, kind, partnership)?;
            g.name_owner(partnership, &owner_name);
            Ok(())
        })
    })
    .map_err(|_| AppError::NotOpen)??;
    change_partnership(repo, partnership, "Add a group", |p| {
        p.list_group(group);
        Ok(())
    })?;
    Ok(group)
}

/// Today's date on this device.
pub(crate) fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a date"))
}

pub(crate) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Applies a domain change to an open document of type `T` as one automerge change,
/// stamped now. A document that has not arrived (or is damaged) is not changed.
pub(crate) fn change_doc<T, R, E>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut T) -> Result<R, E>,
) -> Result<R, AppError>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile,
    AppError: From<domain::model::DocError<E>>,
{
    let time = now();
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err(AppError::NotOpen);
    }
    repo.change(id, |doc| domain::model::update(doc, message, time, f))
        .map_err(|_| AppError::NotOpen)?
        .map_err(AppError::from)
}

/// Applies a domain change to a partnership as one automerge change, stamped now.
pub fn change_partnership<R>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    f: impl FnOnce(&mut PartnershipDoc) -> Result<R, PartnershipError>,
) -> Result<R, AppError> {
    change_doc(repo, id, message, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lists_arrived_groups_in_order() {
        let p = DocumentId::random();
        let (a, b, c) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let list = list_groups(&[a, b, c], |id| {
            if id == a {
                DocView::Ready(GroupDoc::new("Case Review Group", GroupKind::Subgroup, p).unwrap())
            } else if id == b {
                DocView::Loading
            } else {
                let mut g = GroupDoc::new("LLR Joint Procedures", GroupKind::Subgroup, p).unwrap();
                g.add_owner(DocumentId::random());
                DocView::Ready(g)
            }
        });
        let shown: Vec<_> = list.iter().map(|g| (g.name.as_str(), g.joint)).collect();
        assert_eq!(shown, [("Case Review Group", false), ("LLR Joint Procedures", true)]);
    }

    #[wasm_bindgen_test]
    fn a_new_group_needs_a_name_and_a_kind() {
        let problems = check_new_group("  ", None, ["Board"]).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.message.as_str())).collect();
        assert_eq!(fields, [(NewGroupField::Name, "Enter a name"), (NewGroupField::Kind, "Select the kind of group")]);
        let problems = check_new_group("Panel A", None, ["Board"]).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, NewGroupField::Kind);
        assert_eq!(check_new_group(" Panel  A ", Some(GroupKind::Panel), ["Board"]), Ok(("Panel A".to_owned(), GroupKind::Panel)));
        assert!(check_new_group("board", Some(GroupKind::Board), ["Board"]).is_err());
    }
}
