use autosurgeon::{Hydrate, Reconcile};

use crate::{
    model::{Date, TermsOfReference},
    ItemId,
};

/// Why an item is on the agenda.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum Purpose {
    #[default]
    Information,
    Discussion,
    Decision,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::Decision, Purpose::Discussion, Purpose::Information];

    pub fn label(self) -> &'static str {
        match self {
            Purpose::Decision => "For decision",
            Purpose::Discussion => "For discussion",
            Purpose::Information => "For information",
        }
    }
}

/// A file attached to an item. The bytes live on the server as a content-addressed blob
/// (`blob` is its hash); the document only refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Paper {
    #[key]
    pub id: ItemId,
    pub blob: String,
    pub name: String,
    pub media_type: String,
    pub bytes: u64,
    /// When it was added (unix milliseconds), to flag late papers against the deadline.
    pub added_at: i64,
    /// Who added it (a name, as the timeline shows people).
    #[autosurgeon(missing = "Default::default")]
    pub added_by: String,
}

impl Paper {
    /// Whether it arrived after the papers deadline (the deadline day itself is on time).
    pub fn is_late(&self, deadline: Date) -> bool {
        Date::of_unix_seconds(self.added_at.div_euclid(1000)) > deadline
    }
}

/// An agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct AgendaItem {
    #[key]
    pub id: ItemId,
    pub title: String,
    /// Who leads it (a name or role).
    #[autosurgeon(missing = "Default::default")]
    pub lead: String,
    #[autosurgeon(missing = "Default::default")]
    pub purpose: Purpose,
    /// Minutes allotted.
    #[autosurgeon(missing = "Default::default")]
    pub minutes: Option<u32>,
    /// From the terms of reference's standing agenda.
    #[autosurgeon(missing = "Default::default")]
    pub standing: bool,
    #[autosurgeon(missing = "Default::default")]
    pub papers: Vec<Paper>,
}

impl AgendaItem {
    pub fn new(title: &str, purpose: Purpose) -> Self {
        Self {
            id: ItemId::random(),
            title: title.trim().to_owned(),
            lead: String::new(),
            purpose,
            minutes: None,
            standing: false,
            papers: Vec::new(),
        }
    }

    fn standing(title: &str, purpose: Purpose) -> Self {
        Self { standing: true, ..Self::new(title, purpose) }
    }
}

/// The items every meeting opens with (the seeds' boards and sub groups all do).
const OPENING: [(&str, Purpose); 4] = [
    ("Apologies and substitutes", Purpose::Information),
    ("Declarations of interest", Purpose::Information),
    ("Minutes of the last meeting", Purpose::Decision),
    ("Action log", Purpose::Discussion),
];

/// A new meeting's agenda: the opening items, then the group's own standing items from its
/// terms of reference (those that repeat an opening item are not listed twice).
pub fn standing_agenda(terms: &TermsOfReference) -> Vec<AgendaItem> {
    let mut items: Vec<AgendaItem> = OPENING.iter().map(|(t, p)| AgendaItem::standing(t, *p)).collect();
    let key = |s: &str| s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let opening: Vec<String> = OPENING.iter().map(|(t, _)| key(t)).collect();
    for item in &terms.standing_items {
        let text = item.text.as_str().trim().to_owned();
        let k = key(&text);
        let repeats = opening.iter().any(|o| k == *o || k.starts_with(o.as_str()) || o.starts_with(k.as_str()));
        if !text.is_empty() && !repeats {
            items.push(AgendaItem::standing(&text, Purpose::Discussion));
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListItem;

    #[test]
    fn the_agenda_opens_with_the_usual_items_then_the_groups_standing_items() {
        let terms = TermsOfReference {
            standing_items: vec![
                ListItem::new("Minutes of the last meeting"),
                ListItem::new("Rapid reviews and Case Reviews"),
                ListItem::new("Risk Register review"),
                ListItem::new("  "),
            ],
            ..TermsOfReference::default()
        };
        let titles: Vec<String> = standing_agenda(&terms).into_iter().map(|i| i.title).collect();
        assert_eq!(
            titles,
            [
                "Apologies and substitutes",
                "Declarations of interest",
                "Minutes of the last meeting",
                "Action log",
                "Rapid reviews and Case Reviews",
                "Risk Register review"
            ]
        );
        assert!(standing_agenda(&terms).iter().all(|i| i.standing));
    }

    #[test]
    fn a_paper_added_after_the_deadline_day_is_late() {
        let deadline: Date = "2027-03-16".parse().unwrap();
        let at = |iso: &str, hour: i64| {
            let d: Date = iso.parse().unwrap();
            Date::from_ymd(1970, 1, 1).unwrap().days_until(d) * 86_400_000 + hour * 3_600_000
        };
        let paper = |added_at| Paper {
            id: ItemId::random(),
            blob: "sha256:00".into(),
            name: "Report.pdf".into(),
            media_type: "application/pdf".into(),
            bytes: 1,
            added_at,
            added_by: String::new(),
        };
        assert!(!paper(at("2027-03-16", 23)).is_late(deadline), "late on the day is on time");
        assert!(paper(at("2027-03-17", 9)).is_late(deadline));
        assert!(!paper(at("2027-03-01", 9)).is_late(deadline));
    }
}
