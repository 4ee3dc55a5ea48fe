//! A partnership's action tracker: every action from the meetings of all its groups, and from
//! the action plans of their case reviews, in one list, filtered as a business office reads it (still open, overdue, one owner, one group),
//! and exported as CSV for the board's papers.

use super::{Action, ActionStatus, CaseReviewDoc, MeetingDoc};
use crate::{model::Date, DocumentId};

/// One action with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedAction {
    pub group: DocumentId,
    pub group_name: String,
    /// The document the action is in: a meeting, or the case review when `review` is set.
    pub meeting: DocumentId,
    pub meeting_date: Option<Date>,
    pub action: Action,
    pub overdue: bool,
    /// For a case review's action: the review and the recommendation it answers.
    pub review: Option<ReviewSource>,
}

/// Where a case review's action comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSource {
    pub title: String,
    /// The recommendation's number in the review (from 1) and its text.
    pub number: usize,
    pub recommendation: String,
}

/// Which actions to show; the default shows every action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackerFilter {
    /// Only open or in-progress actions.
    pub open_only: bool,
    pub overdue_only: bool,
    /// Owner contains this text (case-insensitive), when not empty.
    pub owner: String,
    pub group: Option<DocumentId>,
}

impl TrackerFilter {
    pub fn keeps(&self, t: &TrackedAction) -> bool {
        let owner = self.owner.trim().to_lowercase();
        (!self.open_only || t.action.status.is_open())
            && (!self.overdue_only || t.overdue)
            && (owner.is_empty() || t.action.owner.to_lowercase().contains(&owner))
            && self.group.is_none_or(|g| g == t.group)
    }
}

/// Every action of `meetings` (each with its group's id and name), overdue first, then by
/// due date (undated last), then by the meeting's date.
pub fn track<'a>(meetings: impl IntoIterator<Item = (DocumentId, &'a str, DocumentId, &'a MeetingDoc)>, today: Date) -> Vec<TrackedAction> {
    let mut out: Vec<TrackedAction> = meetings
        .into_iter()
        .flat_map(|(group, group_name, meeting, doc)| {
            doc.actions.iter().map(move |a| TrackedAction {
                group,
                group_name: group_name.to_owned(),
                meeting,
                meeting_date: doc.date,
                action: a.clone(),
                overdue: a.is_overdue(today),
                review: None,
            })
        })
        .collect();
    sort(&mut out);
    out
}

/// Every action of `meetings` and of the action plans of `reviews` (each with its group's id
/// and name), in the tracker's order ([`track`]).
pub fn track_with_reviews<'a>(
    meetings: impl IntoIterator<Item = (DocumentId, &'a str, DocumentId, &'a MeetingDoc)>,
    reviews: impl IntoIterator<Item = (DocumentId, &'a str, DocumentId, &'a CaseReviewDoc)>,
    today: Date,
) -> Vec<TrackedAction> {
    let mut out = track(meetings, today);
    for (group, group_name, review, doc) in reviews {
        for a in &doc.actions {
            let Some((number, rec)) = a.recommendation.and_then(|r| Some((doc.number_of(r)?, doc.recommendations.iter().find(|x| x.id == r)?))) else {
                continue;
            };
            out.push(TrackedAction {
                group,
                group_name: group_name.to_owned(),
                meeting: review,
                meeting_date: None,
                action: a.clone(),
                overdue: a.is_overdue(today),
                review: Some(ReviewSource { title: doc.title.clone(), number, recommendation: rec.text.clone() }),
            });
        }
    }
    sort(&mut out);
    out
}

fn sort(out: &mut [TrackedAction]) {
    out.sort_by(|a, b| {
        (!a.overdue, a.action.due.is_none(), a.action.due, a.meeting_date).cmp(&(!b.overdue, b.action.due.is_none(), b.action.due, b.meeting_date))
    });
}

/// The actions as CSV (RFC 4180, CRLF line ends), one header row. A field that a spreadsheet
/// would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is written
/// with a leading apostrophe, so an action's text can never execute in Excel.
pub fn to_csv(actions: &[TrackedAction]) -> String {
    let mut out = String::from("Group,Meeting,Action,Owner,Due,Status,Overdue,Case review,Recommendation\r\n");
    for t in actions {
        let row = [
            t.group_name.clone(),
            t.meeting_date.map(|d| d.to_string()).unwrap_or_default(),
            t.action.description.clone(),
            t.action.owner.clone(),
            t.action.due.map(|d| d.to_string()).unwrap_or_default(),
            status_word(t.action.status).to_owned(),
            if t.overdue { "Yes" } else { "No" }.to_owned(),
            t.review.as_ref().map(|r| r.title.clone()).unwrap_or_default(),
            t.review.as_ref().map(|r| format!("{}. {}", r.number, r.recommendation)).unwrap_or_default(),
        ];
        out.push_str(&csv_row(&row));
    }
    out
}

/// One CSV record (fields quoted and neutralised), with its CRLF.
pub(crate) fn csv_row(fields: &[String]) -> String {
    let fields: Vec<String> = fields.iter().map(|f| field(f)).collect();
    fields.join(",") + "\r\n"
}

fn status_word(s: ActionStatus) -> &'static str {
    s.label()
}

fn field(value: &str) -> String {
    let safe = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(date: (i32, u32, u32), actions: Vec<Action>) -> MeetingDoc {
        MeetingDoc { date: Date::from_ymd(date.0, date.1, date.2), actions, ..MeetingDoc::default() }
    }

    fn action(text: &str, owner: &str, due: Option<(i32, u32, u32)>, status: ActionStatus) -> Action {
        let mut a = Action::new(text, owner, due.and_then(|(y, m, d)| Date::from_ymd(y, m, d)));
        a.status = status;
        a
    }

    #[test]
    fn actions_of_every_group_in_one_list_overdue_first_then_by_due_date() {
        let (board, sub) = (DocumentId::random(), DocumentId::random());
        let jan = meeting((2026, 1, 15), vec![
            action("Refresh the threshold document", "ICB", Some((2026, 6, 1)), ActionStatus::Open),
            action("Circulate the audit", "Council", Some((2026, 2, 1)), ActionStatus::Done),
        ]);
        let mar = meeting((2026, 3, 10), vec![
            action("Publish the 7-minute briefing", "Police", Some((2026, 3, 31)), ActionStatus::InProgress),
            action("Agree the launch event", "Business office", None, ActionStatus::Open),
        ]);
        let today = Date::from_ymd(2026, 4, 20).unwrap();
        let list = track([(board, "Board", DocumentId::random(), &jan), (sub, "Procedures Sub Group", DocumentId::random(), &mar)], today);
        let order: Vec<&str> = list.iter().map(|t| t.action.description.as_str()).collect();
        assert_eq!(order, ["Publish the 7-minute briefing", "Circulate the audit", "Refresh the threshold document", "Agree the launch event"]);
        assert!(list[0].overdue && !list[1].overdue, "done actions are never overdue");

        let open = TrackerFilter { open_only: true, ..TrackerFilter::default() };
        assert_eq!(list.iter().filter(|t| open.keeps(t)).count(), 3);
        let police = TrackerFilter { owner: "police".into(), ..TrackerFilter::default() };
        assert_eq!(list.iter().filter(|t| police.keeps(t)).count(), 1);
        let overdue = TrackerFilter { overdue_only: true, ..TrackerFilter::default() };
        assert_eq!(list.iter().filter(|t| overdue.keeps(t)).count(), 1);
        let sub_only = TrackerFilter { group: Some(sub), ..TrackerFilter::default() };
        assert!(list.iter().filter(|t| sub_only.keeps(t)).all(|t| t.group_name == "Procedures Sub Group"));
    }

    #[test]
    fn csv_quotes_fields_and_never_lets_a_spreadsheet_run_a_formula() {
        let m = meeting((2026, 1, 15), vec![
            action("=HYPERLINK(\"http://evil\",\"click\")", "Council, Children's Services", Some((2026, 2, 1)), ActionStatus::Open),
            action("Say \"thank you\"\non two lines", "-Police", None, ActionStatus::Done),
        ]);
        let today = Date::from_ymd(2026, 3, 1).unwrap();
        let csv = to_csv(&track([(DocumentId::random(), "Board", DocumentId::random(), &m)], today));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Group,Meeting,Action,Owner,Due,Status,Overdue,Case review,Recommendation");
        assert_eq!(lines[1], "Board,2026-01-15,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",\"Council, Children's Services\",2026-02-01,Open,Yes,,");
        assert!(csv.contains("\"Say \"\"thank you\"\"\non two lines\",'-Police,,Done,No,,"), "{csv}");
    }

    #[test]
    fn a_case_review_s_actions_join_the_tracker_with_the_recommendation_they_answer() {
        use crate::meeting::{CaseReviewDoc, ReviewKind};
        let (board, sirg) = (DocumentId::random(), DocumentId::random());
        let jan = meeting((2026, 1, 15), vec![action("Refresh the threshold document", "ICB", Some((2026, 6, 1)), ActionStatus::Open)]);
        let mut review = CaseReviewDoc::new("Child B", ReviewKind::PracticeReview, sirg, None).unwrap();
        let first = review.add_recommendation("Share concerns about neglect early.").unwrap();
        let second = review.add_recommendation("Escalate disagreements.").unwrap();
        review.add_action(second, "Relaunch the escalation policy", "Police", Some(Date::from_ymd(2026, 3, 1).unwrap())).unwrap();
        review.add_action(first, "Audit strategy discussions", "Council", None).unwrap();
        let today = Date::from_ymd(2026, 4, 20).unwrap();
        let review_id = DocumentId::random();
        let list = track_with_reviews([(board, "Board", DocumentId::random(), &jan)], [(sirg, "Serious Incident Review Group", review_id, &review)], today);
        let order: Vec<&str> = list.iter().map(|t| t.action.description.as_str()).collect();
        assert_eq!(order, ["Relaunch the escalation policy", "Refresh the threshold document", "Audit strategy discussions"], "overdue first, whatever it came from");
        assert_eq!(list[0].review, Some(ReviewSource { title: "Child B".into(), number: 2, recommendation: "Escalate disagreements.".into() }));
        assert_eq!((list[0].meeting, list[0].group), (review_id, sirg));
        assert_eq!(list[1].review, None);
        let csv = to_csv(&list);
        assert!(csv.contains("Serious Incident Review Group,,Relaunch the escalation policy,Police,2026-03-01,Open,Yes,Child B,2. Escalate disagreements.\r\n"), "{csv}");
    }
}
