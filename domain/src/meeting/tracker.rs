//! A partnership's action tracker: every action from the meetings of all its groups in one
//! list, filtered as a business office reads it (still open, overdue, one owner, one group),
//! and exported as CSV for the board's papers.

use super::{Action, ActionStatus, MeetingDoc};
use crate::{model::Date, DocumentId};

/// One action with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedAction {
    pub group: DocumentId,
    pub group_name: String,
    pub meeting: DocumentId,
    pub meeting_date: Option<Date>,
    pub action: Action,
    pub overdue: bool,
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
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (!a.overdue, a.action.due.is_none(), a.action.due, a.meeting_date).cmp(&(!b.overdue, b.action.due.is_none(), b.action.due, b.meeting_date))
    });
    out
}

/// The actions as CSV (RFC 4180, CRLF line ends), one header row. A field that a spreadsheet
/// would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is written
/// with a leading apostrophe, so an action's text can never execute in Excel.
pub fn to_csv(actions: &[TrackedAction]) -> String {
    let mut out = String::from("Group,Meeting,Action,Owner,Due,Status,Overdue\r\n");
    for t in actions {
        let row = [
            t.group_name.clone(),
            t.meeting_date.map(|d| d.to_string()).unwrap_or_default(),
            t.action.description.clone(),
            t.action.owner.clone(),
            t.action.due.map(|d| d.to_string()).unwrap_or_default(),
            status_word(t.action.status).to_owned(),
            if t.overdue { "Yes" } else { "No" }.to_owned(),
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
        assert_eq!(lines[0], "Group,Meeting,Action,Owner,Due,Status,Overdue");
        assert_eq!(lines[1], "Board,2026-01-15,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",\"Council, Children's Services\",2026-02-01,Open,Yes");
        assert!(csv.contains("\"Say \"\"thank you\"\"\non two lines\",'-Police,,Done,No"), "{csv}");
    }
}
