//! `/partnerships/:id/actions`: the action tracker. Every action from the meetings of the
//! partnership's groups (joint groups included) and from their case reviews' action plans in
//! one table, overdue first, each with its owner, due date, status, and the meeting (or the
//! case review and the recommendation it answers) and group it came from. A GOV.UK filter form
//! (show all, open or overdue; owner; group) keeps its choices in the address, so a filtered
//! view can be linked, and "Download as CSV" builds the file in the browser (it works
//! offline) from every action the filters keep. A long list is split into pages of 100
//! (GOV.UK pagination, the page in the address too): the first page shows at once even for
//! thousands of actions.

use domain::{
    meeting::{actions_csv, TrackedAction},
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::frame::{partnership_route, Crumbs, PageCtx};
use crate::{
    components::{set_page_title, CsvDownload, Pagination, TextInput},
    routes::{
        group_href, meeting_href,
        meetings::Radios,
        partnership_href,
    },
    state::{csv_file_name, filter_actions, thousands, today, use_action_tracker, Page, Show, TrackerQuery, PAGE_SIZE},
};

/// `/partnerships/<id>/actions`, with the filter `query` (see [`TrackerQuery::query_string`]).
pub fn actions_href(id: DocumentId, query: &TrackerQuery) -> String {
    format!("/partnerships/{id}/actions{}", query.query_string())
}

#[component]
pub fn ActionsPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, doc, .. } = ctx;
    let tracker = use_action_tracker(id);
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|q| {
            TrackerQuery::parse(q.get("show").as_deref(), q.get("owner").as_deref(), q.get("group").as_deref()).on_page(q.get("page").as_deref())
        })
    });
    Effect::new(move |_| {
        let title = if query.with(TrackerQuery::is_filtered) { "Action tracker (filtered)" } else { "Action tracker" };
        set_page_title(title, false)
    });
    let shown = Memo::new(move |_| tracker.actions.with(|all| query.with(|q| filter_actions(all, q))));
    let page = Memo::new(move |_| Page::of(query.with(|q| q.page), shown.with(Vec::len), PAGE_SIZE));
    let rows = Memo::new(move |_| shown.with(|s| s[page.get().range()].to_vec()));
    let page_href = Callback::new(move |n: usize| actions_href(id, &TrackerQuery { page: n, ..query.get_untracked() }));
    let total = Memo::new(move |_| tracker.actions.with(Vec::len));
    let overdue = Memo::new(move |_| tracker.actions.with(|a| a.iter().filter(|t| t.overdue).count()));
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));

    view! {
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Action tracker"</h1>
        <p class="govuk-body">
            "Every action from the meetings of this partnership's groups, including joint groups. Overdue actions come first."
        </p>
        <p class="govuk-body" data-testid="tracker-totals">{move || totals(total.get(), overdue.get())}</p>
        <TrackerFilters id query groups=tracker.groups />
        <h2 class="govuk-heading-m" id="tracker-h">{move || query.with(|q| q.show.label())}</h2>
        <p class="govuk-body" data-testid="tracker-count" aria-live="polite">
            {move || showing(&page.get(), total.get())}
        </p>
        <CsvLink rows=shown name />
        <ActionsTable rows />
        <Pagination page href=page_href label="Pages of actions" />
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to the partnership"</a></p>
    }
}

/// "12 actions, 3 overdue." or "No actions yet."
fn totals(total: usize, overdue: usize) -> String {
    let actions = if total == 1 { "1 action".to_owned() } else { format!("{} actions", thousands(total)) };
    match (total, overdue) {
        (0, _) => "No actions have been recorded at this partnership's meetings yet.".to_owned(),
        (_, 0) => format!("{actions}, none overdue."),
        (_, o) => format!("{actions}, {} overdue.", thousands(o)),
    }
}

/// "Showing 3 of 12 actions", or on one of several pages "Showing 101 to 200 of 2,025
/// actions" (with "(2,100 in all)" when filtered).
fn showing(page: &Page, total: usize) -> String {
    let kept = page.total;
    if page.count > 1 {
        let r = page.range();
        let of = if kept == total { format!("{} actions", thousands(kept)) } else { format!("{} actions ({} in all)", thousands(kept), thousands(total)) };
        return format!("Showing {} to {} of {of}", thousands(r.start + 1), thousands(r.end));
    }
    if kept == total {
        if total == 1 { "Showing 1 action".to_owned() } else { format!("Showing {} actions", thousands(total)) }
    } else {
        format!("Showing {} of {} actions", thousands(kept), thousands(total))
    }
}

/// The GOV.UK filter form: radios (all, open, overdue), owner, group. "Apply filters" puts
/// them in the address; "Clear filters" goes back to every action.
#[component]
fn TrackerFilters(id: DocumentId, query: Memo<TrackerQuery>, groups: Memo<Vec<(DocumentId, String)>>) -> impl IntoView {
    let show = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    // The form shows what the address says (also after Back and Forward).
    Effect::new(move |_| {
        let q = query.get();
        show.set(q.show.slug().to_owned());
        owner.set(q.owner.clone());
        group.set(q.group.map(|g| g.to_string()).unwrap_or_default());
    });
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = TrackerQuery::parse(Some(&show.get_untracked()), Some(&owner.get_untracked()), Some(&group.get_untracked()));
        (*navigate)(&actions_href(id, &q), Default::default());
    };
    let choices = Show::ALL.into_iter().map(|s| (s.slug().into(), s.label().to_owned())).collect::<Vec<_>>();
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <div class="app-filter" data-testid="tracker-filters">
            <h2 class="govuk-heading-s app-filter__title">"Filter actions"</h2>
            <form novalidate on:submit=on_submit data-testid="tracker-filter-form" class="app-filter__form">
                <div class="app-filter__show">
                    <Radios name="tracker-show" legend="Show" choices value=show error=no_error inline=true />
                </div>
                <div class="app-filter__owner">
                    <TextInput id="tracker-owner" label="Owner" hint="A person or organisation, or part of the name"
                        value=owner on_input=Callback::new(move |v| owner.set(v)) error=no_error />
                </div>
                <div class="govuk-form-group app-filter__group">
                    <label class="govuk-label" for="tracker-group">"Group"</label>
                    <select class="govuk-select" id="tracker-group" prop:value=move || group.get()
                        on:change:target=move |ev| group.set(ev.target().value())>
                        <option value="" selected=move || group.with(String::is_empty)>"All groups"</option>
                        {move || groups.get().into_iter().map(|(g, name)| {
                            let value = g.to_string();
                            let selected = { let value = value.clone(); move || group.with(|s| *s == value) };
                            view! { <option value=value selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-button-group app-filter__buttons">
                    <button type="submit" class="govuk-button" data-testid="apply-filters">"Apply filters"</button>
                    <Show when=move || query.with(TrackerQuery::is_filtered)>
                        <a class="govuk-link" href=actions_href(id, &TrackerQuery::default()) data-testid="clear-filters">"Clear filters"</a>
                    </Show>
                </div>
            </form>
        </div>
    }
}

/// "Download as CSV": the rows shown, as a file built in the browser (so it works offline).
#[component]
fn CsvLink(rows: Memo<Vec<TrackedAction>>, name: Memo<String>) -> impl IntoView {
    let csv = Callback::new(move |()| rows.with(|r| actions_csv(r)));
    let file = Signal::derive(move || csv_file_name(&name.get(), today()));
    view! {
        <p class="govuk-body" hidden=move || rows.with(Vec::is_empty)>
            <CsvDownload csv file testid="download-csv">
                "Download as CSV"<span class="govuk-visually-hidden">" (every action these filters keep, on all pages)"</span>
            </CsvDownload>
        </p>
    }
}

#[component]
fn ActionsTable(rows: Memo<Vec<TrackedAction>>) -> impl IntoView {
    move || {
        if rows.with(Vec::is_empty) {
            return view! { <p class="govuk-body" data-testid="tracker-empty">"No actions match these filters."</p> }.into_any();
        }
        view! {
            <table class="govuk-table app-stack-table app-tracker-table" aria-labelledby="tracker-h" data-testid="tracker-table">
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Action"</th>
                        <th scope="col" class="govuk-table__header">"Owner"</th>
                        <th scope="col" class="govuk-table__header">"Due"</th>
                        <th scope="col" class="govuk-table__header">"Status"</th>
                        <th scope="col" class="govuk-table__header">"From"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows.get().into_iter().map(|t| view! {
                        <tr class="govuk-table__row" data-testid="tracker-row" data-overdue=t.overdue.to_string()>
                            <th scope="row" class="govuk-table__header">{t.action.description.clone()}</th>
                            <td class="govuk-table__cell" data-label="Owner">{t.action.owner.clone()}</td>
                            <td class="govuk-table__cell" data-label="Due">{t.action.due.map(|d| d.long()).unwrap_or_else(|| "No date".into())}</td>
                            <td class="govuk-table__cell" data-label="Status">
                                {t.action.status.label()}
                                {t.overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red" data-testid="overdue">"Overdue"</strong> })}
                            </td>
                            <td class="govuk-table__cell" data-label="From">
                                {match &t.review {
                                    Some(r) => view! {
                                        <a class="govuk-link" href=crate::routes::case_review_href(t.meeting) data-testid="from-review">{format!("Case review: {}", r.title)}</a>
                                        <span class="app-block" data-testid="answers">{format!("Recommendation {}", r.number)}</span>
                                    }.into_any(),
                                    None => view! {
                                        <a class="govuk-link" href=meeting_href(t.meeting)>{t.meeting_date.map(|d| format!("Meeting on {}", d.long())).unwrap_or_else(|| "Meeting (date not set)".to_owned())}</a>
                                    }.into_any(),
                                }}
                                <span class="app-block"><a class="govuk-link" href=group_href(t.group)>{t.group_name.clone()}</a></span>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::{showing, totals};
    use crate::state::Page;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_page_counts_actions_in_words() {
        assert_eq!(totals(0, 0), "No actions have been recorded at this partnership's meetings yet.");
        assert_eq!(totals(1, 0), "1 action, none overdue.");
        assert_eq!(totals(12, 3), "12 actions, 3 overdue.");
        assert_eq!(totals(2025, 1030), "2,025 actions, 1,030 overdue.");
        assert_eq!(showing(&Page::of(1, 12, 100), 12), "Showing 12 actions");
        assert_eq!(showing(&Page::of(1, 3, 100), 12), "Showing 3 of 12 actions");
        assert_eq!(showing(&Page::of(2, 2025, 100), 2025), "Showing 101 to 200 of 2,025 actions");
        assert_eq!(showing(&Page::of(9, 1500, 100), 2025), "Showing 801 to 900 of 1,500 actions (2,025 in all)");
        assert_eq!(showing(&Page::of(16, 1500, 100), 2025), "Showing 1,401 to 1,500 of 1,500 actions (2,025 in all)", "past the last page: the last");
    }
}
