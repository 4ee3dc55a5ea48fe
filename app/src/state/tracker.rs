//! A partnership's action tracker: every action of the meetings of its groups (its own and
//! the joint groups it shares) and of their case reviews' action plans, overdue first, and the filter as the address keeps it
//! (`?show=overdue&owner=police&group=<id>`), so a filtered view can be linked.

use domain::{
    meeting::{track_with_reviews, Action, CaseReviewDoc, MeetingDoc, TrackedAction, TrackerFilter},
    model::{Date, PartnershipDoc},
    DocumentId,
};
use leptos::prelude::*;

use super::{group_meetings::GroupMeetings, use_repo};
use crate::repo::DocView;

/// Which actions the tracker shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Show {
    #[default]
    All,
    Open,
    Overdue,
}

impl Show {
    pub const ALL: [Show; 3] = [Show::All, Show::Open, Show::Overdue];

    /// The value in the address and the form.
    pub fn slug(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Open => "open",
            Show::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Show::All => "All actions",
            Show::Open => "Open actions",
            Show::Overdue => "Overdue actions",
        }
    }

    /// Anything else (or nothing) shows every action.
    pub fn from_slug(s: &str) -> Show {
        Show::ALL.into_iter().find(|v| v.slug() == s.trim()).unwrap_or_default()
    }
}

/// The tracker's filter and page as the address keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackerQuery {
    pub show: Show,
    pub owner: String,
    pub group: Option<DocumentId>,
    /// The page of the actions kept (from 1; 0 is the first too).
    pub page: usize,
}

impl TrackerQuery {
    /// From the address's `show`, `owner` and `group` (a group that is no id is ignored).
    pub fn parse(show: Option<&str>, owner: Option<&str>, group: Option<&str>) -> Self {
        Self {
            show: show.map(Show::from_slug).unwrap_or_default(),
            owner: owner.unwrap_or_default().trim().to_owned(),
            group: group.and_then(|g| g.trim().parse().ok()),
            page: 0,
        }
    }

    /// The same filter on the address's `page` (anything but a number is the first page).
    pub fn on_page(self, page: Option<&str>) -> Self {
        Self { page: page.and_then(|p| p.trim().parse().ok()).unwrap_or(0), ..self }
    }

    /// The domain filter this query asks for.
    pub fn filter(&self) -> TrackerFilter {
        TrackerFilter {
            open_only: self.show == Show::Open,
            overdue_only: self.show == Show::Overdue,
            owner: self.owner.clone(),
            group: self.group,
        }
    }

    /// `?show=…&owner=…&group=…` with only what is set (empty for every action).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.show != Show::All {
            parts.push(format!("show={}", self.show.slug()));
        }
        if !self.owner.trim().is_empty() {
            parts.push(format!("owner={}", encode_component(self.owner.trim())));
        }
        if let Some(g) = self.group {
            parts.push(format!("group={g}"));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Whether any filter is set (the page is no filter).
    pub fn is_filtered(&self) -> bool {
        Self { page: 0, ..self.clone() } != TrackerQuery::default()
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The CSV file's name: `actions-<partnership>-<date>.csv`, letters and digits only.
pub fn csv_file_name(partnership: &str, today: Date) -> String {
    let mut slug = String::new();
    for c in partnership.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("actions-{today}.csv")
    } else {
        format!("actions-{slug}-{today}.csv")
    }
}

/// What the tracker reads of a meeting: its date and actions, without agenda or minutes.
#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
struct MeetingActions {
    #[autosurgeon(missing = "Default::default")]
    date: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    actions: Vec<Action>,
}

impl crate::repo::SavedView for MeetingActions {
    const NAME: &'static str = "meeting-actions.1";
}

/// What the tracker reads of a case review: its title, recommendations and actions (kept as
/// a saved view, so a full page load lists them without loading the review's document).
#[derive(Debug, Clone, Default, PartialEq, autosurgeon::Hydrate, serde::Serialize, serde::Deserialize)]
struct ReviewActions {
    #[autosurgeon(missing = "Default::default")]
    title: String,
    #[autosurgeon(missing = "Default::default")]
    recommendations: Vec<domain::meeting::Recommendation>,
    #[autosurgeon(missing = "Default::default")]
    actions: Vec<Action>,
}

impl crate::repo::SavedView for ReviewActions {
    const NAME: &'static str = "review-actions.1";
}

#[derive(Debug, Clone, Copy)]
pub struct UseActionTrackerReturn {
    /// Every action of the partnership's meetings that has arrived, overdue first.
    pub actions: Memo<Vec<TrackedAction>>,
    /// The partnership's groups, in its order: (id, name).
    pub groups: Memo<Vec<(DocumentId, String)>>,
}

pub fn use_action_tracker(partnership: DocumentId) -> UseActionTrackerReturn {
    let ctx = use_repo();
    ctx.repo().open(partnership);
    let listed = {
        let ctx = ctx.clone();
        Memo::new(move |_| match ctx.read::<PartnershipDoc>(partnership) {
            DocView::Ready(p) => p.groups(),
            _ => Vec::new(),
        })
    };
    let group_docs = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            listed
                .get()
                .into_iter()
                .filter_map(|g| {
                    ctx.repo().open(g);
                    match ctx.view::<GroupMeetings>(g).get() {
                        DocView::Ready(doc) => Some((g, doc)),
                        _ => None,
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let groups = Memo::new(move |_| group_docs.with(|gs| gs.iter().map(|(id, g)| (*id, g.name.clone())).collect::<Vec<_>>()));
    let actions = Memo::new(move |_| {
        let today = super::today();
        group_docs.with(|gs| {
            let mut meetings: Vec<(DocumentId, String, DocumentId, MeetingDoc)> = Vec::new();
            for (g, doc) in gs {
                for r in &doc.meetings {
                    ctx.repo().open(r.document);
                    // Each meeting's actions read once per change of that meeting, not once
                    // per arrival of any of the partnership's meetings.
                    ctx.view::<MeetingActions>(r.document).with(|m| {
                        if let DocView::Ready(m) = m {
                            if !m.actions.is_empty() {
                                let m = MeetingDoc { date: m.date.or(r.date), actions: m.actions.clone(), ..MeetingDoc::default() };
                                meetings.push((*g, doc.name.clone(), r.document, m));
                            }
                        }
                    });
                }
            }
            // The action plans of the groups' case reviews.
            let mut reviews: Vec<(DocumentId, String, DocumentId, CaseReviewDoc)> = Vec::new();
            for (g, doc) in gs {
                for r in &doc.case_reviews {
                    ctx.repo().open(r.document);
                    ctx.view::<ReviewActions>(r.document).with(|v| {
                        if let DocView::Ready(v) = v {
                            if !v.actions.is_empty() {
                                let review = CaseReviewDoc { title: v.title.clone(), recommendations: v.recommendations.clone(), actions: v.actions.clone(), ..CaseReviewDoc::default() };
                                reviews.push((*g, doc.name.clone(), r.document, review));
                            }
                        }
                    });
                }
            }
            track_with_reviews(
                meetings.iter().map(|(g, name, id, m)| (*g, name.as_str(), *id, m)),
                reviews.iter().map(|(g, name, id, r)| (*g, name.as_str(), *id, r)),
                today,
            )
        })
    });
    UseActionTrackerReturn { actions, groups }
}

/// The actions `query` keeps, in the tracker's order.
pub fn filter_actions(actions: &[TrackedAction], query: &TrackerQuery) -> Vec<TrackedAction> {
    let filter = query.filter();
    actions.iter().filter(|t| filter.keeps(t)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::meeting::ActionStatus;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_address_keeps_the_filter_and_reads_back_the_same() {
        let g = DocumentId::random();
        let q = TrackerQuery { show: Show::Overdue, owner: "Children's Services & Police".into(), group: Some(g), page: 0 };
        let s = q.query_string();
        assert_eq!(s, format!("?show=overdue&owner=Children%27s%20Services%20%26%20Police&group={g}"));
        let back = TrackerQuery::parse(Some("overdue"), Some("Children's Services & Police"), Some(&g.to_string()));
        assert_eq!(back, q);
        assert_eq!(TrackerQuery::default().query_string(), "", "every action: a bare address");
        assert_eq!(TrackerQuery::parse(Some("nonsense"), Some("  "), Some("not-an-id")), TrackerQuery::default());
        assert!(!TrackerQuery::default().is_filtered());
        let f = TrackerQuery::parse(Some("open"), None, None).filter();
        assert!(f.open_only && !f.overdue_only);
        let third = TrackerQuery::parse(Some("open"), None, None).on_page(Some("3"));
        assert_eq!(third.query_string(), "?show=open&page=3");
        assert_eq!(TrackerQuery::default().on_page(Some("1")).query_string(), "", "the first page: a bare address");
        assert_eq!(TrackerQuery::default().on_page(Some("two")).page, 0);
        assert!(!TrackerQuery::default().on_page(Some("3")).is_filtered(), "a page is no filter");
    }

    #[wasm_bindgen_test]
    fn filtering_keeps_the_tracker_order_and_the_csv_has_a_safe_name() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut done = Action::new("Circulate the audit", "Council", Some(d("2026-02-01")));
        done.status = ActionStatus::Done;
        let m = MeetingDoc {
            date: Some(d("2026-01-15")),
            actions: vec![done, Action::new("Refresh the thresholds", "Police", Some(d("2026-03-01"))), Action::new("Brief the schools", "Council", None)],
            ..MeetingDoc::default()
        };
        let board = DocumentId::random();
        let all = domain::meeting::track_actions([(board, "Board", DocumentId::random(), &m)], d("2026-04-01"));
        let overdue = filter_actions(&all, &TrackerQuery::parse(Some("overdue"), None, None));
        assert_eq!(overdue.iter().map(|t| t.action.description.as_str()).collect::<Vec<_>>(), ["Refresh the thresholds"]);
        let council = filter_actions(&all, &TrackerQuery::parse(Some("open"), Some("council"), Some(&board.to_string())));
        assert_eq!(council.iter().map(|t| t.action.description.as_str()).collect::<Vec<_>>(), ["Brief the schools"]);
        assert_eq!(csv_file_name("Leicester Safeguarding Children Board", d("2026-04-01")), "actions-leicester-safeguarding-children-board-2026-04-01.csv");
        assert_eq!(csv_file_name("../..", d("2026-04-01")), "actions-2026-04-01.csv");
    }
}
