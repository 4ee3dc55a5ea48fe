//! "What needs attention": per group, the seats whose holders owe something and reviews
//! due, most pressing first, each group linking to its page where the seats are flagged;
//! the overdue actions of every group's meetings, linking to the action tracker; and what the
//! page adds under them (the procedures due for review).

use domain::rules::GroupAttention;
use leptos::prelude::*;

use crate::routes::group_href;

/// The headline, e.g. "3 things overdue and 2 due soon, in 2 groups".
pub fn headline(groups: &[GroupAttention]) -> String {
    let overdue: usize = groups.iter().map(GroupAttention::overdue).sum();
    let soon: usize = groups.iter().map(GroupAttention::due_soon).sum();
    let things = |n: usize| if n == 1 { "1 thing".to_owned() } else { format!("{n} things") };
    let where_ = if groups.len() == 1 { "in 1 group".to_owned() } else { format!("in {} groups", groups.len()) };
    match (overdue, soon) {
        (0, 0) => "Nothing is overdue or due soon.".to_owned(),
        (o, 0) => format!("{} overdue, {where_}.", things(o)),
        (0, s) => format!("{} due soon, {where_}.", things(s)),
        (o, s) => format!("{} overdue and {s} due soon, {where_}.", things(o)),
    }
}

/// The link to the action tracker: "3 overdue actions" (or "No overdue actions").
pub fn overdue_actions(overdue: usize) -> String {
    match overdue {
        0 => "No overdue actions".to_owned(),
        1 => "1 overdue action".to_owned(),
        n => format!("{n} overdue actions"),
    }
}

/// What follows the link: " (12 open actions in all, across every group's meetings)."
pub fn open_actions(open: usize) -> String {
    match open {
        0 => ", and no open actions.".to_owned(),
        1 => " (1 open action in all, across every group's meetings).".to_owned(),
        n => format!(" ({n} open actions in all, across every group's meetings)."),
    }
}

/// `actions`: (overdue, open) actions of the partnership's meetings; `tracker` is the
/// action tracker's address (`overdue` the same, filtered to overdue actions).
#[component]
pub fn Attention(
    attention: Memo<Vec<GroupAttention>>,
    dashboard: String,
    actions: Memo<(usize, usize)>,
    tracker: String,
    overdue: String,
    /// More that needs attention, under the groups (the procedures due for review).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="attention-h" data-testid="attention" class="app-attention">
            <h2 class="govuk-heading-m" id="attention-h">"What needs attention"</h2>
            <p class="govuk-body" data-testid="attention-headline">{move || attention.with(|a| headline(a))}</p>
            <p class="govuk-body">
                <a class="govuk-link" href=dashboard data-testid="dashboard-link">"See every flag, seat by seat, and attendance by organisation"</a>
            </p>
            <p class="govuk-body" data-testid="overdue-actions">
                {move || {
                    let (late, open) = actions.get();
                    let link = if late > 0 { overdue.clone() } else { tracker.clone() };
                    view! {
                        <a class="govuk-link" href=link data-testid="overdue-actions-link">{overdue_actions(late)}</a>
                        {open_actions(open)}
                    }
                }}
            </p>
            <dl class="govuk-summary-list app-attention__list" hidden=move || attention.with(Vec::is_empty)>
                {move || attention.get().into_iter().map(|a| {
                    let (overdue, soon) = (a.overdue(), a.due_soon());
                    view! {
                        <div class="govuk-summary-list__row" data-testid="attention-group">
                            <dt class="govuk-summary-list__key">
                                <a class="govuk-link" href=group_href(a.group)>{a.name.clone()}</a>
                                <span class="app-attention__tags">
                                    {(overdue > 0).then(|| view! { <strong class="govuk-tag govuk-tag--red">{format!("{overdue} overdue")}</strong> })}
                                    {(soon > 0).then(|| view! { <strong class="govuk-tag govuk-tag--yellow">{format!("{soon} due soon")}</strong> })}
                                </span>
                            </dt>
                            <dd class="govuk-summary-list__value">
                                <ul class="app-inline-list">
                                    {a.items.iter().map(|i| view! {
                                        <li data-overdue=i.kind.is_overdue().to_string()>{i.label()}</li>
                                    }).collect_view()}
                                </ul>
                            </dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
            {children.map(|c| c())}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{headline, open_actions, overdue_actions};
    use domain::{
        rules::{AttentionItem, AttentionKind, GroupAttention},
        DocumentId,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_headline_counts_what_is_overdue_and_due_soon() {
        assert_eq!(headline(&[]), "Nothing is overdue or due soon.");
        let g = |items: Vec<AttentionItem>| GroupAttention { group: DocumentId::random(), name: "Board".into(), items };
        let late = g(vec![AttentionItem { kind: AttentionKind::DbsMissing, count: 2 }]);
        let soon = g(vec![AttentionItem { kind: AttentionKind::DbsDueSoon, count: 1 }]);
        assert_eq!(headline(&[late.clone()]), "2 things overdue, in 1 group.");
        assert_eq!(headline(&[late, soon]), "2 things overdue and 1 due soon, in 2 groups.");
    }

    #[wasm_bindgen_test]
    fn overdue_actions_are_counted_in_words() {
        assert_eq!(overdue_actions(0), "No overdue actions");
        assert_eq!(overdue_actions(1), "1 overdue action");
        assert_eq!(overdue_actions(7), "7 overdue actions");
        assert_eq!(open_actions(0), ", and no open actions.");
        assert_eq!(open_actions(12), " (12 open actions in all, across every group's meetings).");
    }
}
