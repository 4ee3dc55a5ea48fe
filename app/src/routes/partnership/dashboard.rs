//! `/partnerships/:id/dashboard`: every flag across the partnership's groups under its
//! compliance rules — overdue first, then due soon, each row naming the group, the seat, its
//! organisation, who holds it, what is owed and when — and attendance rates per
//! organisation, with a CSV download built in the browser (it works offline).

use domain::{meeting::{organisation_rates_csv, OrganisationRate}, DocumentId};
use leptos::prelude::*;

use super::{
    compliance_href,
    frame::{partnership_route, Crumbs, PageCtx},
};
use crate::{
    components::{set_page_title, CsvDownload},
    routes::{group_href, partnership_href},
    state::{csv_file_name, today, use_compliance_dashboard, FlagRow},
};

#[component]
pub fn DashboardPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

/// "3 flags: 2 overdue, 1 due soon." or "Nothing is owed."
pub fn flags_headline(overdue: usize, soon: usize) -> String {
    let flags = |n: usize| if n == 1 { "1 flag".to_owned() } else { format!("{n} flags") };
    match (overdue, soon) {
        (0, 0) => "Nothing is owed: every seat meets the compliance rules.".to_owned(),
        (o, s) => format!("{}: {o} overdue, {s} due soon.", flags(o + s)),
    }
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, doc, .. } = ctx;
    let dash = use_compliance_dashboard(id);
    Effect::new(move |_| set_page_title("Compliance dashboard", false));
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));
    let overdue = Memo::new(move |_| dash.flags.with(|f| f.iter().filter(|r| r.flag.is_overdue()).cloned().collect::<Vec<_>>()));
    let soon = Memo::new(move |_| dash.flags.with(|f| f.iter().filter(|r| !r.flag.is_overdue()).cloned().collect::<Vec<_>>()));
    view! {
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Compliance dashboard"</h1>
        <p class="govuk-body">
            "Every seat of this partnership's groups, joint groups included, checked against "
            <a class="govuk-link" href=compliance_href(id) data-testid="rules-link">"the partnership's compliance rules"</a>
            " and its group's attendance rule, over the meetings held."
        </p>
        <p class="govuk-body" data-testid="flags-headline" aria-live="polite">
            {move || flags_headline(overdue.with(Vec::len), soon.with(Vec::len))}
        </p>
        <p class="govuk-body app-hint" hidden=move || dash.missing_groups.get() == 0 data-testid="groups-missing">
            {move || match dash.missing_groups.get() {
                1 => "1 group has not loaded on this device yet; its seats are not counted.".to_owned(),
                n => format!("{n} groups have not loaded on this device yet; their seats are not counted."),
            }}
        </p>
        <FlagsTable heading="Overdue" testid="flags-overdue" rows=overdue />
        <FlagsTable heading="Due soon" testid="flags-soon" rows=soon />
        <OrganisationRates rates=dash.rates name />
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to the partnership"</a></p>
    }
}

#[component]
fn FlagsTable(heading: &'static str, testid: &'static str, rows: Memo<Vec<FlagRow>>) -> impl IntoView {
    let h = format!("{testid}-h");
    let h2 = h.clone();
    view! {
        <h2 class="govuk-heading-m" id=h.clone()>{heading}</h2>
        {move || {
            if rows.with(Vec::is_empty) {
                return view! { <p class="govuk-body" data-testid=format!("{testid}-empty")>"None."</p> }.into_any();
            }
            view! {
                <table class="govuk-table app-stack-table" aria-labelledby=h2.clone() data-testid=testid>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"What is owed"</th>
                            <th scope="col" class="govuk-table__header">"Seat"</th>
                            <th scope="col" class="govuk-table__header">"Organisation"</th>
                            <th scope="col" class="govuk-table__header">"Person"</th>
                            <th scope="col" class="govuk-table__header">"Group"</th>
                            <th scope="col" class="govuk-table__header">"When"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows.get().into_iter().map(|r| view! {
                            <tr class="govuk-table__row" data-testid="flag-row">
                                <th scope="row" class="govuk-table__header" data-testid="flag-owed">{r.flag.obligation.label()}</th>
                                <td class="govuk-table__cell" data-label="Seat" data-testid="flag-seat">{r.flag.role_title.clone()}</td>
                                <td class="govuk-table__cell" data-label="Organisation">{r.organisation.clone()}</td>
                                <td class="govuk-table__cell" data-label="Person">{r.people.clone()}</td>
                                <td class="govuk-table__cell" data-label="Group"><a class="govuk-link" href=group_href(r.flag.group)>{r.flag.group_name.clone()}</a></td>
                                <td class="govuk-table__cell" data-label="When">
                                    {if r.flag.is_overdue() {
                                        view! { <strong class="govuk-tag govuk-tag--red">{r.flag.due_text()}</strong> }.into_any()
                                    } else {
                                        view! { <strong class="govuk-tag govuk-tag--yellow">{r.flag.due_text()}</strong> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

#[component]
fn OrganisationRates(rates: Memo<Vec<OrganisationRate>>, name: Memo<String>) -> impl IntoView {
    let csv = Callback::new(move |()| rates.with(|r| organisation_rates_csv(r)));
    let file = Memo::new(move |_| csv_file_name(&name.get(), today()).replacen("actions-", "attendance-by-organisation-", 1));
    view! {
        <h2 class="govuk-heading-m" id="rates-h">"Attendance by organisation"</h2>
        <p class="govuk-body">
            "Over the held meetings of every group on this device: each seat is expected once a meeting, and a deputy or substitute counts as attending."
        </p>
        {move || {
            if rates.with(Vec::is_empty) {
                return view! { <p class="govuk-body" data-testid="rates-empty">"No seats yet."</p> }.into_any();
            }
            view! {
                <p class="govuk-body">
                    <CsvDownload csv file testid="download-rates-csv">
                        "Download as CSV"<span class="govuk-visually-hidden">" (attendance by organisation)"</span>
                    </CsvDownload>
                </p>
                <table class="govuk-table app-stack-table" aria-labelledby="rates-h" data-testid="rates-table">
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Organisation"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Seats"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Expected"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Attended"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Deputy or substitute"</th>
                            <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Rate"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rates.get().into_iter().map(|r| view! {
                            <tr class="govuk-table__row" data-testid="rate-row">
                                <th scope="row" class="govuk-table__header">{r.name.clone()}</th>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Seats">{r.seats}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Expected">{r.expected}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Attended">{r.attended}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Deputy or substitute">{r.substituted}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Rate">{r.percent_text()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

/// `/partnerships/<id>/dashboard`.
pub fn href(id: DocumentId) -> String {
    format!("/partnerships/{id}/dashboard")
}

#[cfg(test)]
mod tests {
    use super::flags_headline;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_headline_counts_flags() {
        assert_eq!(flags_headline(0, 0), "Nothing is owed: every seat meets the compliance rules.");
        assert_eq!(flags_headline(1, 0), "1 flag: 1 overdue, 0 due soon.");
        assert_eq!(flags_headline(2, 3), "5 flags: 2 overdue, 3 due soon.");
    }
}
