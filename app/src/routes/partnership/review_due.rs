//! "Procedures due for review", under "What needs attention" on the partnership's home:
//! the published procedures of its manuals whose review date has come, then those due
//! within three months, each linking to the procedure, soonest first.

use domain::{model::Date, procedure::Status, DocumentId};
use leptos::prelude::*;

use crate::{
    routes::procedures::{library_href, reader_href},
    state::LibraryView,
};

/// How far ahead a review counts as due soon.
const SOON_DAYS: i64 = 91;
/// How many procedures the home lists; the library has the rest.
const LISTED: usize = 5;

/// One procedure whose review is due or due soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDue {
    pub id: DocumentId,
    pub title: String,
    pub review_date: Date,
    /// Its review date has come.
    pub overdue: bool,
}

/// The procedures of `libraries` due for review on `today` or within three months, overdue
/// first, then by review date; each once (a procedure may be filed in two manuals).
pub fn reviews_due(libraries: &[LibraryView], today: Date) -> Vec<ReviewDue> {
    let soon = today.add_days(SOON_DAYS);
    let mut due: Vec<ReviewDue> = Vec::new();
    for p in libraries.iter().flat_map(|l| l.chapters.iter()).flat_map(|c| c.procedures.iter()) {
        let (Some(status), Some(review_date)) = (p.status, p.review_date) else { continue };
        let overdue = status == Status::ReviewDue;
        if (overdue || (status == Status::Published && review_date <= soon)) && !due.iter().any(|d| d.id == p.id) {
            due.push(ReviewDue { id: p.id, title: p.title.clone(), review_date, overdue });
        }
    }
    due.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.review_date.cmp(&b.review_date)).then(a.title.cmp(&b.title)));
    due
}

/// The sentence above the list, e.g. "2 procedures are due for review, and 1 more within 3 months."
pub fn review_headline(due: &[ReviewDue]) -> String {
    let overdue = due.iter().filter(|d| d.overdue).count();
    let soon = due.len() - overdue;
    let procedures = |n: usize| if n == 1 { "1 procedure".to_owned() } else { format!("{n} procedures") };
    match (overdue, soon) {
        (0, 0) => "No procedure is due for review in the next 3 months.".to_owned(),
        (0, s) => format!("{} due for review within 3 months.", procedures(s)),
        (o, 0) => format!("{} {} due for review.", procedures(o), if o == 1 { "is" } else { "are" }),
        (o, s) => format!("{} {} due for review, and {s} more within 3 months.", procedures(o), if o == 1 { "is" } else { "are" }),
    }
}

/// The list, for the partnership `partnership` (whose library has every procedure).
#[component]
pub fn ReviewsDue(partnership: DocumentId, due: Memo<Vec<ReviewDue>>) -> impl IntoView {
    view! {
        <div data-testid="reviews-due">
            <h3 class="govuk-heading-s">"Procedures due for review"</h3>
            <p class="govuk-body" data-testid="reviews-due-headline">{move || due.with(|d| review_headline(d))}</p>
            <ul class="govuk-list app-reviews-due" hidden=move || due.with(Vec::is_empty)>
                {move || due.get().into_iter().take(LISTED).map(|d| {
                    let (class, tag) = if d.overdue {
                        ("govuk-tag govuk-tag--red", format!("Review due since {}", d.review_date.long()))
                    } else {
                        ("govuk-tag govuk-tag--yellow", format!("Review by {}", d.review_date.long()))
                    };
                    view! {
                        <li data-testid="review-due" data-overdue=d.overdue.to_string()>
                            <a class="govuk-link" href=reader_href(d.id)>{d.title}</a>" "
                            <strong class=class>{tag}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || {
                let more = due.with(Vec::len).saturating_sub(LISTED);
                (more > 0).then(|| view! {
                    <p class="govuk-body"><a class="govuk-link" href=library_href(partnership)>{format!("{more} more in the procedures library")}</a></p>
                })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{ChapterEntry, ProcedureEntry};
    use domain::ItemId;

    fn entry(title: &str, status: Status, review_date: Option<Date>) -> ProcedureEntry {
        ProcedureEntry { id: DocumentId::random(), title: title.into(), status: Some(status), review_date, updated_in: None, awaiting_update: None }
    }

    #[test]
    fn overdue_reviews_come_first_then_those_due_within_three_months() {
        let today = Date::from_ymd(2026, 12, 8).unwrap();
        let late = entry("Allegations", Status::ReviewDue, Some(today.add_days(-14)));
        let soon = entry("Neglect", Status::Published, Some(today.add_days(60)));
        let sooner = entry("Escalation", Status::Published, Some(today.add_days(10)));
        let later = entry("Information sharing", Status::Published, Some(today.add_days(200)));
        let drafting = entry("Missing children", Status::Drafting, Some(today.add_days(-3)));
        let undated = entry("Thresholds", Status::Published, None);
        let chapter = ChapterEntry { id: ItemId::random(), title: "All".into(), procedures: vec![soon.clone(), late.clone(), later, drafting, undated, sooner.clone()] };
        let library = LibraryView { id: DocumentId::random(), title: "Manual".into(), chapters: vec![chapter.clone()], updates: Vec::new() };
        // The same procedure filed again, in a second manual, is listed once.
        let again = LibraryView { id: DocumentId::random(), title: "Joint".into(), chapters: vec![chapter], updates: Vec::new() };
        let due = reviews_due(&[library, again], today);
        let titles: Vec<&str> = due.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Allegations", "Escalation", "Neglect"]);
        assert!(due[0].overdue && !due[1].overdue);
        assert_eq!(review_headline(&due), "1 procedure is due for review, and 2 more within 3 months.");
        assert_eq!(review_headline(&due[1..]), "2 procedures due for review within 3 months.");
        assert_eq!(review_headline(&due[..1]), "1 procedure is due for review.");
        assert_eq!(review_headline(&[]), "No procedure is due for review in the next 3 months.");
    }
}
