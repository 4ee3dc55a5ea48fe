//! Setting up a procedures manual (issue 11): starting a manual, adding its chapters, and
//! adding a procedure to it. A procedure's document and its comments document are made
//! together, both owned like the manual, so a new procedure can be commented on (and
//! consulted on) from its first day, like the demo's.

use domain::{
    model::{GroupDoc, PartnershipDoc, PartnershipError},
    procedure::{LibraryDoc, ProcedureDoc, ProcedureError},
    DocumentId, ItemId,
};

use super::consultation::create_comments_document;
use crate::repo::{DocView, Repo};

/// Makes a procedure titled `title` in chapter `chapter` of the manual `library`: its
/// document, its comments document (linked from the procedure), and its entry in the
/// chapter. The procedure's id, or why not.
pub fn create_procedure(repo: &Repo, library: DocumentId, chapter: ItemId, title: &str) -> Result<DocumentId, String> {
    let not_here = || "This manual has not loaded on this device yet. Try again in a moment".to_owned();
    let DocView::Ready(lib) = repo.read::<LibraryDoc>(library) else { return Err(not_here()) };
    if !lib.chapters.iter().any(|c| c.id == chapter) {
        return Err(ProcedureError::NoSuchChapter.to_string());
    }
    let owners: Vec<DocumentId> = lib.owners.iter().map(|o| o.partnership).collect();
    // Checked before any document is made.
    let mut procedure = ProcedureDoc::new(title, lib.owner_group, &owners).map_err(|e| e.to_string())?;
    // The owners' names as the manual records them, for people who may not open the others.
    procedure.owners.clone_from(&lib.owners);
    let id = super::create_document_like(repo, &owners, library).ok_or_else(not_here)?;
    let comments = create_comments_document(repo, id, &owners).ok_or_else(not_here)?;
    procedure.comments = Some(comments);
    let time = super::partnership::now();
    repo.change(id, |d| {
        domain::model::update(d, "Create the procedure", time, |p: &mut ProcedureDoc| {
            *p = procedure;
            Ok::<_, ProcedureError>(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| e.to_string())?;
    repo.change(library, |d| {
        domain::model::update(d, "Add a procedure", time, |l: &mut LibraryDoc| l.file_procedure(chapter, id))
    })
    .map_err(|_| not_here())?
    .map_err(|e| match e {
        domain::model::DocError::Rule(e) => e.to_string(),
        e => e.to_string(),
    })?;
    Ok(id)
}

/// Starts a procedures manual titled `title`, listed by partnership `partnership`: owned by
/// it, or, with `group` (a group it owns, such as a joint procedures sub group), owned like
/// that group by every partnership owning it and listed by the group so each of them finds
/// it. The manual's id, or why not (nothing is made then).
pub fn create_library(repo: &Repo, partnership: DocumentId, group: Option<DocumentId>, title: &str) -> Result<DocumentId, String> {
    let not_here = || "This partnership has not loaded on this device yet. Try again in a moment".to_owned();
    if !matches!(repo.read::<PartnershipDoc>(partnership), DocView::Ready(_)) {
        return Err(not_here());
    }
    let named = match group {
        None => Vec::new(),
        Some(g) => match repo.read::<GroupDoc>(g) {
            DocView::Ready(g) if g.owned_by(partnership) => g.owners,
            DocView::Ready(_) => return Err("Choose a group this partnership owns".to_owned()),
            _ => return Err("That group has not loaded on this device yet. Try again in a moment".to_owned()),
        },
    };
    let owners: Vec<DocumentId> = if named.is_empty() { vec![partnership] } else { named.iter().map(|o| o.partnership).collect() };
    // Checked before any document is made.
    let mut library = LibraryDoc::new(title, group, &owners).map_err(|e| e.to_string())?;
    if !named.is_empty() {
        // The owners' names as the group records them, for people who may not open the others.
        library.owners = named;
    }
    let id = match group {
        None => super::create_document(repo, partnership),
        Some(g) => super::create_document_like(repo, &owners, g).ok_or_else(not_here)?,
    };
    let time = super::partnership::now();
    repo.change(id, |d| {
        domain::model::update(d, "Start the manual", time, |l: &mut LibraryDoc| {
            *l = library;
            Ok::<_, ProcedureError>(())
        })
    })
    .map_err(|_| not_here())?
    .map_err(|e| e.to_string())?;
    if let Some(g) = group {
        repo.change(g, |d| {
            domain::model::update(d, "List a procedures manual", time, |g: &mut GroupDoc| {
                g.list_manual(id);
                Ok::<_, ProcedureError>(())
            })
        })
        .map_err(|_| not_here())?
        .map_err(|e| e.to_string())?;
    }
    super::change_partnership(repo, partnership, "Add a procedures manual", |p| {
        p.list_library(id);
        Ok::<_, PartnershipError>(())
    })
    .map_err(|e| e.to_string())?;
    Ok(id)
}

/// One answer to "Who owns the manual?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualOwner {
    /// The group it is owned like; `None`: the partnership alone.
    pub group: Option<DocumentId>,
    pub label: String,
    pub hint: String,
}

/// The answers for partnership `me` (named `name`): itself alone, then each joint group it
/// owns (from `groups`, the headings of its groups that have arrived), by name.
pub fn manual_owners(me: DocumentId, name: &str, groups: &[(DocumentId, super::GroupHeading)]) -> Vec<ManualOwner> {
    let mut choices = vec![ManualOwner {
        group: None,
        label: format!("{name} alone"),
        hint: "Only this partnership".to_owned(),
    }];
    let mut joint: Vec<&(DocumentId, super::GroupHeading)> = groups.iter().filter(|(_, g)| g.is_joint() && g.owners.iter().any(|o| o.partnership == me)).collect();
    joint.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    for (id, g) in joint {
        let others: Vec<String> = g.owners.iter().filter(|o| o.partnership != me).map(|o| o.name.clone()).collect();
        let with = if others.iter().all(|n| !n.is_empty()) {
            domain::rules::and_list(&others)
        } else if others.len() == 1 {
            "1 other partnership".to_owned()
        } else {
            format!("{} other partnerships", others.len())
        };
        choices.push(ManualOwner {
            group: Some(*id),
            label: g.name.clone(),
            hint: format!("Jointly with {with}"),
        });
    }
    choices
}

/// Adds a chapter titled `title` to the end of manual `library`: its id, or why not.
pub fn add_chapter(repo: &Repo, library: DocumentId, title: &str) -> Result<ItemId, String> {
    change_library(repo, library, "Add a chapter", |l| l.add_chapter(title))
}

/// Publishes an update of manual `library` named `name`, launched today, of the published
/// versions `items` (procedure, version, amendment): its id, or why not.
pub fn publish_update(repo: &Repo, library: DocumentId, name: &str, items: &[(DocumentId, u32, String)]) -> Result<ItemId, String> {
    let today = super::partnership::today();
    change_library(repo, library, "Publish an update", |l| l.publish_update(name, today, items))
}

/// One change to manual `library`, stamped now; a refused change writes nothing.
fn change_library<R>(repo: &Repo, library: DocumentId, message: &str, f: impl FnOnce(&mut LibraryDoc) -> Result<R, ProcedureError>) -> Result<R, String> {
    let time = super::partnership::now();
    repo.change(library, |d| domain::model::update(d, message, time, f))
        .map_err(|_| "This manual has not loaded on this device yet. Try again in a moment".to_owned())?
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::GroupHeading;
    use domain::model::Owner;

    fn owner(p: DocumentId, name: &str) -> Owner {
        let mut o = Owner::new(p);
        o.name = name.to_owned();
        o
    }

    #[test]
    fn the_partnership_alone_comes_first_then_its_joint_groups_by_name() {
        let (me, lrscp, derby) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let joint = GroupHeading { name: "LLR Joint Procedures Sub Group".into(), owners: vec![owner(me, "Leicester"), owner(lrscp, "LRSCP")], ..GroupHeading::default() };
        let also = GroupHeading { name: "Exploitation Sub Group".into(), owners: vec![owner(me, ""), owner(lrscp, ""), owner(derby, "")], ..GroupHeading::default() };
        let own = GroupHeading { name: "Board".into(), owners: vec![owner(me, "Leicester")], ..GroupHeading::default() };
        let others = GroupHeading { name: "Not ours".into(), owners: vec![owner(lrscp, "LRSCP"), owner(derby, "Derby")], ..GroupHeading::default() };
        let ids: Vec<DocumentId> = (0..4).map(|_| DocumentId::random()).collect();
        let groups = vec![(ids[0], joint), (ids[1], own), (ids[2], others), (ids[3], also)];
        let choices = manual_owners(me, "Leicester", &groups);
        let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Leicester alone", "Exploitation Sub Group", "LLR Joint Procedures Sub Group"]);
        assert_eq!(choices[0].group, None);
        assert_eq!(choices[2].group, Some(ids[0]));
        assert_eq!(choices[2].hint, "Jointly with LRSCP");
        assert_eq!(choices[1].hint, "Jointly with 2 other partnerships");
    }
}
