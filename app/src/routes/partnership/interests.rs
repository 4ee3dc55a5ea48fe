//! `/partnerships/:id/interests`: the register of interests. Every declaration of interest
//! made at the meetings of the partnership's groups (joint groups included): the member, the
//! meeting and group, the item, the interest and the action taken, latest meeting first, with
//! "Download as CSV" built in the browser (offline too, formulas neutralised). A filter form
//! (group, member: two selects and "Apply filters") keeps its choices in the address
//! (`?group=<id>&member=<name>`), so a filtered register can be linked; the CSV is the rows
//! shown.

use domain::{
    meeting::{interests_choices, interests_csv, InterestsFilter, RegisteredInterest},
    model::Date,
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
};
use crate::{
    components::{set_page_title, CsvDownload},
    routes::{group_href, meeting_href, partnership_href},
    state::{encode_component, today, use_directory, use_interests_register},
};

/// `/partnerships/<id>/interests`.
pub fn interests_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/interests")
}

/// The register filtered by `filter` (`?group=…&member=…`, only what is set).
pub fn filtered_interests_href(id: DocumentId, filter: &InterestsFilter) -> String {
    let mut parts = Vec::new();
    if let Some(g) = filter.group {
        parts.push(format!("group={g}"));
    }
    if !filter.member.trim().is_empty() {
        parts.push(format!("member={}", encode_component(filter.member.trim())));
    }
    if parts.is_empty() { interests_href(id) } else { format!("{}?{}", interests_href(id), parts.join("&")) }
}

/// The filter from the address's `group` and `member` (a group that is no id is ignored).
pub fn parse_filter(group: Option<&str>, member: Option<&str>) -> InterestsFilter {
    InterestsFilter { group: group.and_then(|g| g.trim().parse().ok()), member: member.unwrap_or_default().trim().to_owned() }
}

/// The CSV file's name: `interests-<partnership>-<date>.csv`.
pub fn interests_file_name(partnership: &str, today: Date) -> String {
    crate::state::csv_file_name(partnership, today).replacen("actions-", "interests-", 1)
}

#[component]
pub fn InterestsPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, doc, .. } = ctx;
    let directory = use_directory(id);
    let all = use_interests_register(id, directory.people, directory.organisations);
    let params = use_query_map();
    let filter = Memo::new(move |_| params.with(|q| parse_filter(q.get("group").as_deref(), q.get("member").as_deref())));
    let rows = Memo::new(move |_| all.with(|a| filter.with(|f| f.apply(a))));
    let choices = Memo::new(move |_| all.with(|a| interests_choices(a)));
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));
    Effect::new(move |_| {
        let title = if filter.with(InterestsFilter::is_filtered) { "Register of interests (filtered)" } else { "Register of interests" };
        set_page_title(title, false)
    });
    view! {
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Register of interests"</h1>
        <p class="govuk-body">
            "Every declaration of interest made at the meetings of this partnership's groups, including joint groups, latest meeting first."
        </p>
        <Show when=move || all.with(|a| !a.is_empty())>
            <InterestsFilters id filter choices />
        </Show>
        <p class="govuk-body" data-testid="interests-count" aria-live="polite">{move || {
            let (shown, total) = (rows.with(Vec::len), all.with(Vec::len));
            if filter.with(InterestsFilter::is_filtered) { showing(shown, total) } else { count(total) }
        }}</p>
        <InterestsCsv rows name />
        <InterestsTable rows />
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to the partnership"</a></p>
    }
}

/// "3 declarations" or why there are none.
pub fn count(n: usize) -> String {
    match n {
        0 => "No interests have been declared at this partnership's meetings yet.".to_owned(),
        1 => "1 declaration of interest.".to_owned(),
        n => format!("{n} declarations of interest."),
    }
}

/// "Showing 2 of 7 declarations of interest."
pub fn showing(shown: usize, total: usize) -> String {
    let of = if total == 1 { "1 declaration of interest".to_owned() } else { format!("{total} declarations of interest") };
    format!("Showing {shown} of {of}.")
}

/// The GOV.UK filter form: group and member, as selects; "Apply filters" puts them in the
/// address (nothing changes while choosing, so the selects work by keyboard), "Clear filters"
/// goes back to the whole register.
#[component]
fn InterestsFilters(id: DocumentId, filter: Memo<InterestsFilter>, choices: Memo<(Vec<(DocumentId, String)>, Vec<String>)>) -> impl IntoView {
    let group = RwSignal::new(String::new());
    let member = RwSignal::new(String::new());
    // The form shows what the address says (also after Back and Forward).
    Effect::new(move |_| {
        let f = filter.get();
        group.set(f.group.map(|g| g.to_string()).unwrap_or_default());
        member.set(f.member.clone());
    });
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = parse_filter(Some(&group.get_untracked()), Some(&member.get_untracked()));
        (*navigate)(&filtered_interests_href(id, &f), Default::default());
    };
    view! {
        <div class="app-filter" data-testid="interests-filters">
            <h2 class="govuk-heading-s app-filter__title">"Filter the register"</h2>
            <form method="get" action=interests_href(id) novalidate on:submit=on_submit data-testid="interests-filter-form" class="app-filter__form">
                <div class="govuk-form-group app-filter__group">
                    <label class="govuk-label" for="interests-group">"Group"</label>
                    <select class="govuk-select" id="interests-group" name="group" prop:value=move || group.get()
                        on:change:target=move |ev| group.set(ev.target().value())>
                        <option value="" selected=move || group.with(String::is_empty)>"All groups"</option>
                        {move || choices.get().0.into_iter().map(|(g, name)| {
                            let value = g.to_string();
                            let selected = { let value = value.clone(); move || group.with(|s| *s == value) };
                            view! { <option value=value selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group app-filter__owner">
                    <label class="govuk-label" for="interests-member">"Member"</label>
                    <select class="govuk-select app-filter__select" id="interests-member" name="member" prop:value=move || member.get()
                        on:change:target=move |ev| member.set(ev.target().value())>
                        <option value="" selected=move || member.with(String::is_empty)>"All members"</option>
                        {move || choices.get().1.into_iter().map(|m| {
                            let selected = { let value = m.clone(); move || member.with(|s| *s == value) };
                            view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-button-group app-filter__buttons">
                    <button type="submit" class="govuk-button" data-testid="apply-interests-filters">"Apply filters"</button>
                    <Show when=move || filter.with(InterestsFilter::is_filtered)>
                        <a class="govuk-link" href=interests_href(id) data-testid="clear-interests-filters">"Clear filters"</a>
                    </Show>
                </div>
            </form>
        </div>
    }
}

#[component]
fn InterestsCsv(rows: Memo<Vec<RegisteredInterest>>, name: Memo<String>) -> impl IntoView {
    let csv = Callback::new(move |()| rows.with(|r| interests_csv(r)));
    let file = Memo::new(move |_| interests_file_name(&name.get(), today()));
    view! {
        <p class="govuk-body" hidden=move || rows.with(Vec::is_empty)>
            <CsvDownload csv file testid="download-interests-csv">
                "Download as CSV"<span class="govuk-visually-hidden">" (the register of interests)"</span>
            </CsvDownload>
        </p>
    }
}

#[component]
fn InterestsTable(rows: Memo<Vec<RegisteredInterest>>) -> impl IntoView {
    move || {
        if rows.with(Vec::is_empty) {
            return None;
        }
        // (the empty filtered register says so in the count above)
        Some(view! {
            <table class="govuk-table app-stack-table" data-testid="interests-table">
                <caption class="govuk-table__caption govuk-table__caption--m">"Declarations"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Member"</th>
                        <th scope="col" class="govuk-table__header">"Meeting"</th>
                        <th scope="col" class="govuk-table__header">"Item"</th>
                        <th scope="col" class="govuk-table__header">"Interest"</th>
                        <th scope="col" class="govuk-table__header">"Action taken"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows.get().into_iter().map(|r| view! {
                        <tr class="govuk-table__row" data-testid="interest-row">
                            <th scope="row" class="govuk-table__header">{r.member.clone()}</th>
                            <td class="govuk-table__cell" data-label="Meeting">
                                <a class="govuk-link" href=meeting_href(r.meeting)>{r.meeting_date.map(|d| d.long()).unwrap_or_else(|| "Date not set".to_owned())}</a>
                                <span class="app-block"><a class="govuk-link" href=group_href(r.group)>{r.group_name.clone()}</a></span>
                            </td>
                            <td class="govuk-table__cell" data-label="Item">{r.item.clone()}</td>
                            <td class="govuk-table__cell app-break" data-label="Interest">{r.interest.clone()}</td>
                            <td class="govuk-table__cell" data-label="Action taken">{r.action_taken()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_register_counts_in_words_and_names_its_file() {
        assert_eq!(count(0), "No interests have been declared at this partnership's meetings yet.");
        assert_eq!(count(2), "2 declarations of interest.");
        assert_eq!(interests_file_name("Leicester Board", "2030-04-11".parse().unwrap()), "interests-leicester-board-2030-04-11.csv");
        assert_eq!(showing(1, 7), "Showing 1 of 7 declarations of interest.");
    }

    #[wasm_bindgen_test]
    fn the_filter_round_trips_through_the_address() {
        let id = DocumentId::random();
        let g = DocumentId::random();
        let f = InterestsFilter { group: Some(g), member: "Representative (Leicestershire Police): A & B".into() };
        let href = filtered_interests_href(id, &f);
        assert_eq!(href, format!("/partnerships/{id}/interests?group={g}&member=Representative%20%28Leicestershire%20Police%29%3A%20A%20%26%20B"));
        assert_eq!(parse_filter(Some(&g.to_string()), Some(" Representative (Leicestershire Police): A & B ")), f);
        assert_eq!(parse_filter(Some("not-an-id"), None), InterestsFilter::default());
        assert_eq!(filtered_interests_href(id, &InterestsFilter::default()), interests_href(id));
    }
}
