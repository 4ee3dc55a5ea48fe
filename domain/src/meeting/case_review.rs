//! A case review's action plan (issue 12): a Child Safeguarding Practice Review, a rapid
//! review or a local learning review makes recommendations, and the partnership answers each
//! with actions, owned by an agency, due on a date, tracked to done. One document per review,
//! owned like the group that oversees it (a serious incident review group); its actions join
//! the partnership's action tracker, each showing the recommendation it answers.

use autosurgeon::{Hydrate, Reconcile};

use super::{Action, ActionStatus};
use crate::{model::Date, DocumentId, ItemId};

const MAX_TITLE: usize = 200;
const MAX_RECOMMENDATION: usize = 2000;
const MAX_ACTION: usize = 1000;
const MAX_OWNER: usize = 200;

/// What kind of review made the recommendations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum ReviewKind {
    /// A local Child Safeguarding Practice Review (Working Together 2023, chapter 5).
    #[default]
    PracticeReview,
    /// The rapid review of a serious incident, within 15 working days of its notification.
    RapidReview,
    /// A local learning review the partnership chose to hold.
    LearningReview,
    /// A serious case review (before 2018; constitution 5.5: the Independent Chair agrees its
    /// recommendations).
    SeriousCaseReview,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 4] = [ReviewKind::PracticeReview, ReviewKind::RapidReview, ReviewKind::LearningReview, ReviewKind::SeriousCaseReview];

    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::PracticeReview => "Child safeguarding practice review",
            ReviewKind::RapidReview => "Rapid review",
            ReviewKind::LearningReview => "Local learning review",
            ReviewKind::SeriousCaseReview => "Serious case review",
        }
    }

    /// For forms.
    pub fn slug(self) -> &'static str {
        match self {
            ReviewKind::PracticeReview => "practice-review",
            ReviewKind::RapidReview => "rapid-review",
            ReviewKind::LearningReview => "learning-review",
            ReviewKind::SeriousCaseReview => "serious-case-review",
        }
    }

    pub fn from_slug(s: &str) -> Option<ReviewKind> {
        Self::ALL.into_iter().find(|k| k.slug() == s.trim())
    }
}

/// One recommendation of the review, numbered by its place in the list.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub struct Recommendation {
    #[key]
    pub id: ItemId,
    pub text: String,
}

/// A group's list entry for one of its case reviews: enough to list them without opening
/// each document.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct CaseReviewRef {
    #[key]
    pub document: DocumentId,
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
}

/// One case review and its action plan.
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct CaseReviewDoc {
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub kind: ReviewKind,
    /// The group overseeing the plan (the document is owned like it).
    #[autosurgeon(missing = "Default::default")]
    pub group: Option<DocumentId>,
    /// When the review's report was published (or agreed), if it has been.
    #[autosurgeon(missing = "Default::default")]
    pub published: Option<Date>,
    #[autosurgeon(missing = "Default::default")]
    pub recommendations: Vec<Recommendation>,
    /// Every action answers one of the recommendations ([`Action::recommendation`]).
    #[autosurgeon(missing = "Default::default")]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseReviewError {
    #[error("Enter the name of the review, for example Child Safeguarding Practice Review: Child B")]
    EmptyTitle,
    #[error("The name of the review must be 200 characters or fewer")]
    TitleTooLong,
    #[error("Enter the recommendation")]
    EmptyRecommendation,
    #[error("The recommendation must be 2,000 characters or fewer")]
    RecommendationTooLong,
    #[error("Choose the recommendation this action answers")]
    NoSuchRecommendation,
    #[error("Enter what will be done")]
    EmptyAction,
    #[error("What will be done must be 1,000 characters or fewer")]
    ActionTooLong,
    #[error("Enter who owns the action: a person or an organisation")]
    NoOwner,
    #[error("Who owns the action must be 200 characters or fewer")]
    OwnerTooLong,
    #[error("That action is not in this plan")]
    NoSuchAction,
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How one recommendation's actions stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub actions: usize,
    /// Done or dropped.
    pub closed: usize,
    pub overdue: usize,
}

impl Progress {
    /// "No actions yet", "2 of 3 actions done", "All 2 actions done", with ", 1 overdue".
    pub fn sentence(&self) -> String {
        let base = match (self.actions, self.closed) {
            (0, _) => return "No actions yet".to_owned(),
            (1, 1) => "Its action is done".to_owned(),
            (n, c) if n == c => format!("All {n} actions done"),
            (1, 0) => "1 action, not done yet".to_owned(),
            (n, c) => format!("{c} of {n} actions done"),
        };
        if self.overdue > 0 {
            format!("{base}, {} overdue", self.overdue)
        } else {
            base
        }
    }
}

impl CaseReviewDoc {
    /// A new review overseen by `group`.
    pub fn new(title: &str, kind: ReviewKind, group: DocumentId, published: Option<Date>) -> Result<Self, CaseReviewError> {
        let title = tidy(title);
        if title.is_empty() {
            return Err(CaseReviewError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE {
            return Err(CaseReviewError::TitleTooLong);
        }
        Ok(Self { title, kind, group: Some(group), published, ..Self::default() })
    }

    /// Adds a recommendation at the end: its id.
    pub fn add_recommendation(&mut self, text: &str) -> Result<ItemId, CaseReviewError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CaseReviewError::EmptyRecommendation);
        }
        if text.chars().count() > MAX_RECOMMENDATION {
            return Err(CaseReviewError::RecommendationTooLong);
        }
        let id = ItemId::random();
        self.recommendations.push(Recommendation { id, text: text.to_owned() });
        Ok(id)
    }

    /// The recommendation's number (from 1, by its place in the list).
    pub fn number_of(&self, recommendation: ItemId) -> Option<usize> {
        self.recommendations.iter().position(|r| r.id == recommendation).map(|i| i + 1)
    }

    /// Adds an action answering `recommendation`: its id.
    pub fn add_action(&mut self, recommendation: ItemId, description: &str, owner: &str, due: Option<Date>) -> Result<ItemId, CaseReviewError> {
        if self.number_of(recommendation).is_none() {
            return Err(CaseReviewError::NoSuchRecommendation);
        }
        let description = description.trim();
        if description.is_empty() {
            return Err(CaseReviewError::EmptyAction);
        }
        if description.chars().count() > MAX_ACTION {
            return Err(CaseReviewError::ActionTooLong);
        }
        let owner = tidy(owner);
        if owner.is_empty() {
            return Err(CaseReviewError::NoOwner);
        }
        if owner.chars().count() > MAX_OWNER {
            return Err(CaseReviewError::OwnerTooLong);
        }
        let mut action = Action::new(description, &owner, due);
        action.recommendation = Some(recommendation);
        let id = action.id;
        self.actions.push(action);
        Ok(id)
    }

    pub fn set_status(&mut self, action: ItemId, status: ActionStatus) -> Result<(), CaseReviewError> {
        let a = self.actions.iter_mut().find(|a| a.id == action).ok_or(CaseReviewError::NoSuchAction)?;
        if a.status != status {
            a.status = status;
        }
        Ok(())
    }

    /// The actions answering `recommendation`, in the order they were added.
    pub fn actions_for(&self, recommendation: ItemId) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(move |a| a.recommendation == Some(recommendation))
    }

    pub fn progress(&self, recommendation: ItemId, today: Date) -> Progress {
        self.actions_for(recommendation).fold(Progress::default(), |mut p, a| {
            p.actions += 1;
            p.closed += usize::from(!a.status.is_open());
            p.overdue += usize::from(a.is_overdue(today));
            p
        })
    }

    /// The whole plan: "4 recommendations; 3 of 6 actions done, 1 overdue; 1 recommendation
    /// has no action yet".
    pub fn summary(&self, today: Date) -> String {
        let recs = match self.recommendations.len() {
            0 => return "No recommendations recorded yet".to_owned(),
            1 => "1 recommendation".to_owned(),
            n => format!("{n} recommendations"),
        };
        let all = self.recommendations.iter().fold(Progress::default(), |mut acc, r| {
            let p = self.progress(r.id, today);
            acc.actions += p.actions;
            acc.closed += p.closed;
            acc.overdue += p.overdue;
            acc
        });
        let unanswered = self.recommendations.iter().filter(|r| self.actions_for(r.id).next().is_none()).count();
        let mut out = format!("{recs}; {}", all.sentence().to_lowercase().replacen("its action is done", "its 1 action done", 1));
        match unanswered {
            0 => {}
            1 => out.push_str("; 1 recommendation has no action yet"),
            n => out.push_str(&format!("; {n} recommendations have no action yet")),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn every_action_answers_a_recommendation_and_the_plan_says_how_far_it_has_got() {
        let group = DocumentId::random();
        assert_eq!(CaseReviewDoc::new("  ", ReviewKind::PracticeReview, group, None), Err(CaseReviewError::EmptyTitle));
        assert_eq!(CaseReviewDoc::new(&"x".repeat(201), ReviewKind::PracticeReview, group, None), Err(CaseReviewError::TitleTooLong));
        let mut r = CaseReviewDoc::new(" Child  B ", ReviewKind::PracticeReview, group, Some(d("2026-09-01"))).unwrap();
        assert_eq!(r.title, "Child B");
        assert_eq!(r.summary(d("2026-10-01")), "No recommendations recorded yet");
        assert_eq!(r.add_recommendation(" "), Err(CaseReviewError::EmptyRecommendation));
        let share = r.add_recommendation("Agencies share concerns about neglect at the first strategy discussion.").unwrap();
        let escalate = r.add_recommendation("Practitioners know how to escalate a disagreement.").unwrap();
        assert_eq!((r.number_of(share), r.number_of(escalate)), (Some(1), Some(2)));

        // An action must answer a recommendation of this review, and say what and who.
        assert_eq!(r.add_action(ItemId::random(), "Audit", "Police", None), Err(CaseReviewError::NoSuchRecommendation));
        assert_eq!(r.add_action(share, " ", "Police", None), Err(CaseReviewError::EmptyAction));
        assert_eq!(r.add_action(share, "Audit", "  ", None), Err(CaseReviewError::NoOwner));
        assert!(r.actions.is_empty(), "nothing written by a refusal");
        let audit = r.add_action(share, "Audit ten strategy discussions", " Leicestershire   Police ", Some(d("2026-11-30"))).unwrap();
        let brief = r.add_action(share, "Brief the multi-agency safeguarding hub", "Leicester City Council", Some(d("2027-01-31"))).unwrap();
        assert_eq!(r.actions[0].owner, "Leicestershire Police");
        assert_eq!(r.actions[0].recommendation, Some(share));
        assert_eq!(r.actions_for(share).map(|a| a.id).collect::<Vec<_>>(), [audit, brief]);

        let today = d("2026-12-08");
        assert_eq!(r.progress(share, today).sentence(), "0 of 2 actions done, 1 overdue");
        assert_eq!(r.progress(escalate, today).sentence(), "No actions yet");
        assert_eq!(r.summary(today), "2 recommendations; 0 of 2 actions done, 1 overdue; 1 recommendation has no action yet");
        r.set_status(audit, ActionStatus::Done).unwrap();
        assert_eq!(r.set_status(ItemId::random(), ActionStatus::Done), Err(CaseReviewError::NoSuchAction));
        assert_eq!(r.progress(share, today).sentence(), "1 of 2 actions done");
        r.set_status(brief, ActionStatus::Dropped).unwrap();
        assert_eq!(r.progress(share, today).sentence(), "All 2 actions done");
        r.add_action(escalate, "Relaunch the escalation policy", "LLR Safeguarding Partnership", None).unwrap();
        assert_eq!(r.progress(escalate, today).sentence(), "1 action, not done yet");
        assert_eq!(r.summary(today), "2 recommendations; 2 of 3 actions done");
    }

    #[test]
    fn kinds_read_back_from_their_slugs() {
        for k in ReviewKind::ALL {
            assert_eq!(ReviewKind::from_slug(k.slug()), Some(k));
        }
        assert_eq!(ReviewKind::from_slug("nonsense"), None);
    }
}
