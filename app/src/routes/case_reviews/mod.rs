//! Case reviews and their action plans (issue 12): a group's list of reviews with "Start an
//! action plan" (`/groups/:id/case-reviews`), one review's recommendations, each with the
//! actions answering it (`/case-reviews/:id`), and the form adding an action to a
//! recommendation (`/case-reviews/:id/recommendations/:rec/action`). Their actions also join
//! the partnership's action tracker.

pub mod action;
pub mod list;
pub mod review;

pub use action::ReviewActionPage;
pub use list::CaseReviewsPage;
pub use review::CaseReviewPage;

use domain::{DocumentId, ItemId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The form adding an action to recommendation `recommendation` of review `review`.
pub fn review_action_href(review: DocumentId, recommendation: ItemId) -> String {
    format!("/case-reviews/{review}/recommendations/{recommendation}/action")
}

/// The `:id` of the address, when it is a document id.
fn id_param() -> Memo<Option<DocumentId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())))
}
