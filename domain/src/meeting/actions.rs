use autosurgeon::{Hydrate, Reconcile};

use super::AgendaItem;
use crate::{model::Date, ItemId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
    /// No longer needed (with the reason in the minutes).
    Dropped,
}

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }
}

/// An action from an item or a decision, or in a case review's action plan.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub struct Action {
    #[key]
    pub id: ItemId,
    pub description: String,
    /// A person or an organisation.
    pub owner: String,
    #[autosurgeon(missing = "Default::default")]
    pub due: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub status: ActionStatus,
    #[autosurgeon(missing = "Default::default")]
    pub item: Option<ItemId>,
    #[autosurgeon(missing = "Default::default")]
    pub decision: Option<ItemId>,
    /// In a case review's action plan: the recommendation it answers.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub recommendation: Option<ItemId>,
}

impl Action {
    pub fn new(description: &str, owner: &str, due: Option<Date>) -> Self {
        Self {
            id: ItemId::random(),
            description: description.trim().to_owned(),
            owner: owner.trim().to_owned(),
            due,
            status: ActionStatus::Open,
            item: None,
            decision: None,
            recommendation: None,
        }
    }

    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status.is_open() && self.due.is_some_and(|d| d < today)
    }
}

/// The next meeting's "Action log" item lists the actions still open from earlier ones:
/// returns the open actions (overdue first, then by due date) to carry onto it.
pub fn carry_forward<'a>(actions: impl IntoIterator<Item = &'a Action>, today: Date) -> Vec<&'a Action> {
    let mut open: Vec<&Action> = actions.into_iter().filter(|a| a.status.is_open()).collect();
    open.sort_by_key(|a| (!a.is_overdue(today), a.due.is_none(), a.due));
    open
}

/// Whether `item` is the agenda's action log (where carried actions are shown).
pub fn is_action_log(item: &AgendaItem) -> bool {
    item.standing && item.title.eq_ignore_ascii_case("Action log")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn open_actions_carry_forward_overdue_first() {
        let today = d("2027-02-01");
        let mut done = Action::new("Circulate the audit", "Business office", Some(d("2027-01-10")));
        done.status = ActionStatus::Done;
        let late = Action::new("Update the escalation procedure", "Police", Some(d("2027-01-20")));
        let later = Action::new("Report on training", "ICB", Some(d("2027-03-01")));
        let undated = Action::new("Invite the youth council", "Chair", None);
        let all = [undated.clone(), later.clone(), done, late.clone()];
        let carried: Vec<&str> = carry_forward(&all, today).iter().map(|a| a.description.as_str()).collect();
        assert_eq!(carried, [late.description.as_str(), later.description.as_str(), undated.description.as_str()]);
        assert!(late.is_overdue(today) && !later.is_overdue(today) && !undated.is_overdue(today));
    }
}
