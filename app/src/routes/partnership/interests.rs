//! `/partnerships/:id/interests`: the register of interests. Every declaration of interest
//! made at the meetings of the partnership's groups (joint groups included): the member, the
//! meeting and group, the item, the interest and the action taken, latest meeting first, with
//! "Download as CSV" built in the browser (offline too, formulas neutralised).

use domain::{
    meeting::{interests_csv, RegisteredInterest},
    model::Date,
    DocumentId,
};
use leptos::prelude::*;

use super::{
    actions::use_csv_href,
    frame::{partnership_route, Crumbs, PageCtx},
};
use crate::{
    components::set_page_title,
    routes::{group_href, meeting_href, partnership_href},
    state::{today, use_directory, use_interests_register},
};

/// `/partnerships/<id>/interests`.
pub fn interests_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/interests")
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
    Effect::new(move |_| set_page_title("Register of interests", false));
    let directory = use_directory(id);
    let rows = use_interests_register(id, directory.people, directory.organisations);
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));
    view! {
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Register of interests"</h1>
        <p class="govuk-body">
            "Every declaration of interest made at the meetings of this partnership's groups, including joint groups, latest meeting first."
        </p>
        <p class="govuk-body" data-testid="interests-count" aria-live="polite">{move || count(rows.with(Vec::len))}</p>
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

#[component]
fn InterestsCsv(rows: Memo<Vec<RegisteredInterest>>, name: Memo<String>) -> impl IntoView {
    let href = use_csv_href(move || rows.with(|r| interests_csv(r)));
    let file = Memo::new(move |_| interests_file_name(&name.get(), today()));
    view! {
        <p class="govuk-body" hidden=move || rows.with(Vec::is_empty)>
            <a class="govuk-link" href=move || href.get() download=move || file.get() data-testid="download-interests-csv">
                "Download as CSV"<span class="govuk-visually-hidden">" (the register of interests)"</span>
            </a>
        </p>
    }
}

#[component]
fn InterestsTable(rows: Memo<Vec<RegisteredInterest>>) -> impl IntoView {
    move || {
        if rows.with(Vec::is_empty) {
            return None;
        }
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
    }
}
