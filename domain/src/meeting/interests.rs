use autosurgeon::{Hydrate, Reconcile};

use crate::{ItemId, SeatId};

/// A declaration of interest made at a meeting, on one item (or on the whole agenda when
/// `item` is `None`). The chair may exclude the member from the item, which removes their
/// vote on it and their seat from its quorum.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Declaration {
    #[key]
    pub id: ItemId,
    pub seat: SeatId,
    #[autosurgeon(missing = "Default::default")]
    pub item: Option<ItemId>,
    pub interest: String,
    #[autosurgeon(missing = "Default::default")]
    pub excluded: bool,
}

impl Declaration {
    /// Whether it keeps the member out of `item`.
    pub fn excludes_from(&self, item: ItemId) -> bool {
        self.excluded && self.item.is_none_or(|i| i == item)
    }
}

/// One declaration of interest as a partnership's register lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredInterest {
    pub group: crate::DocumentId,
    pub group_name: String,
    pub meeting: crate::DocumentId,
    pub meeting_date: Option<crate::model::Date>,
    /// The member: their seat and who held it ("Representative (Police): A Person").
    pub member: String,
    /// The agenda item, or "The whole meeting".
    pub item: String,
    pub interest: String,
    pub excluded: bool,
}

impl RegisteredInterest {
    /// What the chair did about it.
    pub fn action_taken(&self) -> &'static str {
        if self.excluded {
            "Excluded from the item (no vote on it)"
        } else {
            "Declared; took part"
        }
    }
}

/// Every declaration of interest made at `meetings` (each with its group's id and document
/// and its own id), latest meeting first, then by member. `member` names a seat (and its
/// holder); a seat the group no longer has reads "A former seat".
pub fn register_of_interests<'a>(
    meetings: impl IntoIterator<Item = (crate::DocumentId, &'a crate::model::GroupDoc, crate::DocumentId, &'a super::MeetingDoc)>,
    member: impl Fn(&crate::model::Seat) -> String,
) -> Vec<RegisteredInterest> {
    let mut out: Vec<RegisteredInterest> = Vec::new();
    for (group, g, meeting, m) in meetings {
        for d in &m.declarations {
            out.push(RegisteredInterest {
                group,
                group_name: g.name.clone(),
                meeting,
                meeting_date: m.date,
                member: g.seats.iter().find(|s| s.id == d.seat).map(&member).unwrap_or_else(|| "A former seat".to_owned()),
                item: match d.item {
                    None => "The whole meeting".to_owned(),
                    Some(i) => m.agenda.iter().find(|a| a.id == i).map(|a| a.title.clone()).unwrap_or_else(|| "An item since removed".to_owned()),
                },
                interest: d.interest.clone(),
                excluded: d.excluded,
            });
        }
    }
    out.sort_by(|a, b| (std::cmp::Reverse(a.meeting_date), &a.member, &a.item).cmp(&(std::cmp::Reverse(b.meeting_date), &b.member, &b.item)));
    out
}

/// The register's filter: one group, one member (as the register names them), or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterestsFilter {
    pub group: Option<crate::DocumentId>,
    /// The member exactly as listed; empty for every member.
    pub member: String,
}

impl InterestsFilter {
    pub fn is_filtered(&self) -> bool {
        self.group.is_some() || !self.member.trim().is_empty()
    }

    pub fn matches(&self, r: &RegisteredInterest) -> bool {
        self.group.is_none_or(|g| g == r.group) && (self.member.trim().is_empty() || r.member == self.member.trim())
    }

    /// The rows this filter keeps, in the register's order.
    pub fn apply(&self, rows: &[RegisteredInterest]) -> Vec<RegisteredInterest> {
        rows.iter().filter(|r| self.matches(r)).cloned().collect()
    }
}

/// The groups and members the register names, each once, by name: the filter's choices.
pub fn interests_choices(rows: &[RegisteredInterest]) -> (Vec<(crate::DocumentId, String)>, Vec<String>) {
    let mut groups: Vec<(crate::DocumentId, String)> = Vec::new();
    let mut members: Vec<String> = Vec::new();
    for r in rows {
        if !groups.iter().any(|(g, _)| *g == r.group) {
            groups.push((r.group, r.group_name.clone()));
        }
        if !members.contains(&r.member) {
            members.push(r.member.clone());
        }
    }
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    members.sort();
    (groups, members)
}

/// The register as CSV (RFC 4180, CRLF, formulas neutralised as the action tracker's CSV).
pub fn interests_csv(rows: &[RegisteredInterest]) -> String {
    let mut out = String::from("Member,Group,Meeting,Item,Interest,Action taken\r\n");
    for r in rows {
        let row = [
            r.member.clone(),
            r.group_name.clone(),
            r.meeting_date.map(|d| d.to_string()).unwrap_or_default(),
            r.item.clone(),
            r.interest.clone(),
            r.action_taken().to_owned(),
        ];
        out.push_str(&super::tracker::csv_row(&row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        meeting::MeetingDoc,
        model::{GroupDoc, Seat, SeatCategory},
        DocumentId,
    };

    #[test]
    fn the_register_lists_every_declaration_latest_meeting_first_and_exports_safely() {
        let mut g = GroupDoc { name: "Board".into(), ..GroupDoc::default() };
        g.seats.push(Seat::new("Representative", None, SeatCategory::Core, true));
        g.seats.push(Seat::new("Lay member", None, SeatCategory::Core, true));
        let (police, lay) = (g.seats[0].id, g.seats[1].id);
        let mut march = MeetingDoc::new(DocumentId::random(), "2030-03-14".parse().unwrap(), &g.terms);
        let item = march.agenda[3].id;
        march.declare_interest(police, Some(item), "Investigating a linked case", true).unwrap();
        let mut april = MeetingDoc::new(DocumentId::random(), "2030-04-11".parse().unwrap(), &g.terms);
        april.declare_interest(lay, None, "=Trustee of the provider", false).unwrap();
        april.declare_interest(crate::SeatId::random(), None, "Gone", false).unwrap();
        let (gid, m1, m2) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let rows = register_of_interests([(gid, &g, m1, &march), (gid, &g, m2, &april)], |s| format!("{}: vacant", s.role_title));
        let seen: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r.member.as_str(), r.item.as_str(), r.action_taken())).collect();
        assert_eq!(
            seen,
            [
                ("A former seat", "The whole meeting", "Declared; took part"),
                ("Lay member: vacant", "The whole meeting", "Declared; took part"),
                ("Representative: vacant", "Action log", "Excluded from the item (no vote on it)"),
            ]
        );
        let csv = interests_csv(&rows);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Member,Group,Meeting,Item,Interest,Action taken");
        assert_eq!(lines[2], "Lay member: vacant,Board,2030-04-11,The whole meeting,'=Trustee of the provider,Declared; took part");
    }

    #[test]
    fn the_register_filters_by_group_and_member() {
        let (board, lod) = (crate::DocumentId::random(), crate::DocumentId::random());
        let row = |group, group_name: &str, member: &str| RegisteredInterest {
            group,
            group_name: group_name.into(),
            meeting: crate::DocumentId::random(),
            meeting_date: None,
            member: member.into(),
            item: "Item".into(),
            interest: "Governor".into(),
            excluded: false,
        };
        let rows = vec![row(board, "Board", "Nurse: Jo"), row(lod, "Learning", "Nurse: Jo"), row(board, "Board", "Police: Sam")];
        let (groups, members) = interests_choices(&rows);
        assert_eq!(groups, [(board, "Board".to_owned()), (lod, "Learning".to_owned())]);
        assert_eq!(members, ["Nurse: Jo", "Police: Sam"]);
        let f = |group, member: &str| InterestsFilter { group, member: member.into() };
        assert_eq!(f(None, "").apply(&rows).len(), 3);
        assert!(!f(None, " ").is_filtered());
        assert_eq!(f(Some(board), "").apply(&rows).len(), 2);
        assert_eq!(f(None, "Nurse: Jo").apply(&rows).len(), 2);
        assert_eq!(f(Some(lod), "Nurse: Jo").apply(&rows).iter().map(|r| r.group_name.as_str()).collect::<Vec<_>>(), ["Learning"]);
        assert!(f(Some(lod), "Police: Sam").apply(&rows).is_empty());
    }
}
