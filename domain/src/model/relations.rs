//! Seed concepts beyond one reporting line: further reporting lines, relations between
//! groups ("replaces", "run jointly as"), a group's work transferring to another body, and a
//! partnership's links with other boards.

use autosurgeon::{Hydrate, Reconcile};

use super::{BodyRef, GroupDoc, GroupError, PartialDate, PartnershipDoc, PartnershipError, ReportingCadence};
use crate::{DocumentId, ItemId};

/// A reporting line beyond the main one (`GroupDoc::reports_to`), e.g. a joint panel that
/// also reports to the other partnership's board.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct ReportingLine {
    #[key]
    pub id: ItemId,
    pub to: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub cadence: Option<ReportingCadence>,
    /// e.g. "reciprocal reporting of safeguarding concerns".
    #[autosurgeon(missing = "Default::default")]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub enum RelationKind {
    /// This group replaces the other (e.g. the Planning and Delivery Group replaces the joint executives).
    Replaces,
    /// This group is run jointly as the other (e.g. LRSCP's Policy and Procedures Group is
    /// run as the LLR Joint Procedures & Development Sub Group).
    RunJointlyAs,
}

impl RelationKind {
    pub const ALL: [RelationKind; 2] = [RelationKind::Replaces, RelationKind::RunJointlyAs];

    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Replaces => "Replaces",
            RelationKind::RunJointlyAs => "Run jointly as",
        }
    }

    pub fn token(self) -> &'static str {
        match self {
            RelationKind::Replaces => "replaces",
            RelationKind::RunJointlyAs => "run-jointly-as",
        }
    }

    pub fn from_token(t: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.token() == t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct GroupRelation {
    #[key]
    pub id: ItemId,
    pub kind: RelationKind,
    pub group: DocumentId,
}

/// "Transfers to": the body a group's work passes to (a group here, e.g. the Planning and
/// Delivery Group, or a body outside Quorum, e.g. "Leicester Health and Wellbeing Board"),
/// from when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Transfer {
    pub to: BodyRef,
    /// "April 2019", "2020" or a full date.
    #[autosurgeon(missing = "Default::default")]
    pub when: Option<PartialDate>,
    #[autosurgeon(missing = "Default::default")]
    pub note: String,
}

/// A board outside Quorum the partnership links with ("key links with, provide information
/// to and seek relevant assurances through").
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct ExternalLink {
    #[key]
    pub id: ItemId,
    pub body: String,
    #[autosurgeon(missing = "Default::default")]
    pub note: String,
}

impl GroupDoc {
    /// Adds a further reporting line from group `me`.
    pub fn add_reporting_line(&mut self, me: DocumentId, to: DocumentId, cadence: Option<ReportingCadence>, note: &str) -> Result<ItemId, GroupError> {
        if to == me {
            return Err(GroupError::ReportsToItself);
        }
        if self.reports_to == Some(to) || self.other_reporting_lines.iter().any(|l| l.to == to) {
            return Err(GroupError::AlreadyReportsTo);
        }
        let id = ItemId::random();
        let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
        self.other_reporting_lines.push(ReportingLine { id, to, cadence, note });
        Ok(id)
    }

    pub fn remove_reporting_line(&mut self, id: ItemId) -> Result<(), GroupError> {
        let before = self.other_reporting_lines.len();
        self.other_reporting_lines.retain(|l| l.id != id);
        if before == self.other_reporting_lines.len() {
            return Err(GroupError::NoSuchItem);
        }
        Ok(())
    }

    /// Records that group `me` replaces, or is run jointly as, `other`.
    pub fn add_relation(&mut self, me: DocumentId, kind: RelationKind, other: DocumentId) -> Result<ItemId, GroupError> {
        if other == me {
            return Err(GroupError::RelatedToItself);
        }
        if self.relations.iter().any(|r| r.kind == kind && r.group == other) {
            return Err(GroupError::AlreadyRelated);
        }
        let id = ItemId::random();
        self.relations.push(GroupRelation { id, kind, group: other });
        Ok(id)
    }

    pub fn remove_relation(&mut self, id: ItemId) -> Result<(), GroupError> {
        let before = self.relations.len();
        self.relations.retain(|r| r.id != id);
        if before == self.relations.len() {
            return Err(GroupError::NoSuchItem);
        }
        Ok(())
    }

    /// Records where group `me`'s work transfers to (or, with `None`, that it does not).
    pub fn set_transfer(&mut self, me: DocumentId, transfer: Option<Transfer>) -> Result<(), GroupError> {
        if transfer.as_ref().is_some_and(|t| t.to == BodyRef::Group(me)) {
            return Err(GroupError::TransfersToItself);
        }
        let transfer = transfer.map(|t| Transfer { note: t.note.split_whitespace().collect::<Vec<_>>().join(" "), ..t });
        if self.transfers_to != transfer {
            self.transfers_to = transfer;
        }
        Ok(())
    }

    /// Every group this one reports to: the main line first, then the others, each once.
    pub fn all_reporting_lines(&self) -> Vec<DocumentId> {
        let mut out: Vec<DocumentId> = self.reports_to.into_iter().collect();
        for l in &self.other_reporting_lines {
            if !out.contains(&l.to) {
                out.push(l.to);
            }
        }
        out
    }
}

impl PartnershipDoc {
    pub fn add_external_link(&mut self, body: &str, note: &str) -> Result<ItemId, PartnershipError> {
        let body = super::clean_name(body).map_err(|_| PartnershipError::EmptyItem)?;
        let id = ItemId::random();
        let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
        self.external_links.push(ExternalLink { id, body, note });
        Ok(id)
    }

    pub fn remove_external_link(&mut self, id: ItemId) -> Result<(), PartnershipError> {
        let before = self.external_links.len();
        self.external_links.retain(|l| l.id != id);
        if before == self.external_links.len() {
            return Err(PartnershipError::NoSuchItem);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GroupKind;

    #[test]
    fn further_reporting_lines_are_checked_and_listed_once() {
        let (me, board, other) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let mut g = GroupDoc::new("Child Death Review Panel", GroupKind::Panel, DocumentId::random()).unwrap();
        g.reports_to = Some(board);
        assert_eq!(g.add_reporting_line(me, me, None, ""), Err(GroupError::ReportsToItself));
        assert_eq!(g.add_reporting_line(me, board, None, ""), Err(GroupError::AlreadyReportsTo));
        let id = g.add_reporting_line(me, other, Some(ReportingCadence::Annual), " reciprocal  reporting ").unwrap();
        assert_eq!(g.other_reporting_lines[0].note, "reciprocal reporting");
        assert_eq!(g.all_reporting_lines(), vec![board, other]);
        g.remove_reporting_line(id).unwrap();
        assert_eq!(g.remove_reporting_line(id), Err(GroupError::NoSuchItem));
    }

    #[test]
    fn relations_name_another_group_once() {
        let (me, joint) = (DocumentId::random(), DocumentId::random());
        let mut g = GroupDoc::new("Policy and Procedures Group", GroupKind::Subgroup, DocumentId::random()).unwrap();
        assert_eq!(g.add_relation(me, RelationKind::RunJointlyAs, me), Err(GroupError::RelatedToItself));
        let id = g.add_relation(me, RelationKind::RunJointlyAs, joint).unwrap();
        assert_eq!(g.add_relation(me, RelationKind::RunJointlyAs, joint), Err(GroupError::AlreadyRelated));
        g.add_relation(me, RelationKind::Replaces, joint).unwrap();
        g.remove_relation(id).unwrap();
        assert_eq!(g.relations.len(), 1);
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::from_token(k.token()), Some(k));
        }
    }

    #[test]
    fn a_group_transfers_to_a_group_or_a_body_outside_quorum() {
        let (me, board) = (DocumentId::random(), DocumentId::random());
        let mut g = GroupDoc::new("Joint Executive Group", GroupKind::StrategicGroup, DocumentId::random()).unwrap();
        let to_me = Transfer { to: BodyRef::Group(me), when: None, note: String::new() };
        assert_eq!(g.set_transfer(me, Some(to_me)), Err(GroupError::TransfersToItself));
        let t = Transfer { to: BodyRef::Group(board), when: "April 2019".parse().ok(), note: " replaced by  the PDG ".into() };
        g.set_transfer(me, Some(t)).unwrap();
        assert_eq!(g.transfers_to.as_ref().unwrap().note, "replaced by the PDG");
        let out = Transfer { to: BodyRef::Named("Health and Wellbeing Board".into()), when: None, note: String::new() };
        g.set_transfer(me, Some(out.clone())).unwrap();
        assert_eq!(g.transfers_to, Some(out));
        g.set_transfer(me, None).unwrap();
        assert_eq!(g.transfers_to, None);
    }

    #[test]
    fn a_partnership_lists_links_with_other_boards() {
        let mut p = PartnershipDoc::new("LRSCP", "").unwrap();
        assert_eq!(p.add_external_link(" ", ""), Err(PartnershipError::EmptyItem));
        let id = p.add_external_link("Rutland Health and Well Being Board", "").unwrap();
        p.remove_external_link(id).unwrap();
        assert!(p.external_links.is_empty());
    }
}
