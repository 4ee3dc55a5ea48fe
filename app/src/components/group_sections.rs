//! The read-only sections of a group: "About this group", the terms of reference, "Meetings
//! and decisions" and the membership table. The group page shows them with "Change" links
//! (for people who may edit); an earlier version shows the same sections without.

use domain::{model::GroupDoc, DocumentId, SeatId};
use leptos::prelude::*;

use super::group_sheet::{about_rows, rules_rows, seat_rows, GroupNames, GroupPart, SeatRow, SheetRow};
use crate::routes::{group_edit_href, group_href, seat_href};

/// Where the "Change" links go, and whether to show them.
#[derive(Debug, Clone, Copy)]
pub struct ChangeLinks {
    pub id: DocumentId,
    pub show: Signal<bool>,
}

impl ChangeLinks {
    fn part(self, part: GroupPart) -> String {
        group_edit_href(self.id, part)
    }

    fn seat(self, seat: SeatId) -> String {
        seat_href(self.id, Some(seat))
    }
}

/// A "Change" link with the thing it changes for screen readers.
#[component]
pub fn ChangeLink(href: String, what: String, #[prop(optional)] testid: Option<String>) -> impl IntoView {
    view! {
        <a class="govuk-link" href=href data-testid=testid>"Change"<span class="govuk-visually-hidden">" " {what}</span></a>
    }
}

/// A GOV.UK summary list of `rows`, each with a "Change" link when `change` says so.
#[component]
pub fn SheetList(rows: Signal<Vec<SheetRow>>, change: Option<ChangeLinks>) -> impl IntoView {
    let show = move || change.is_some_and(|c| c.show.get());
    view! {
        <dl class="govuk-summary-list">
            <For each=move || rows.get() key=|r| r.clone() let:r>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{r.key}</dt>
                    <dd class="govuk-summary-list__value" data-testid=r.testid>
                        {r.lines.iter().map(|l| match l.group {
                            Some(g) => view! { <span class="app-sheet-line"><a class="govuk-link" href=group_href(g)>{l.text.clone()}</a></span> }.into_any(),
                            None => view! { <span class="app-sheet-line">{l.text.clone()}</span> }.into_any(),
                        }).collect_view()}
                    </dd>
                    {move || (show()).then(|| {
                        let c = change.expect("shown only with change links");
                        view! {
                            <dd class="govuk-summary-list__actions">
                                <ChangeLink href=c.part(r.part) what=r.key.to_lowercase() testid=format!("change-{}", r.testid) />
                            </dd>
                        }
                    })}
                </div>
            </For>
        </dl>
    }
}

/// "About this group".
#[component]
pub fn GroupAbout(
    #[prop(into)] doc: Signal<GroupDoc>,
    #[prop(into)] names: Signal<GroupNames>,
    today: domain::model::Date,
    change: Option<ChangeLinks>,
) -> impl IntoView {
    let rows = Signal::derive(move || names.with(|n| doc.with(|g| about_rows(g, n, today))));
    view! {
        <section data-testid="group-summary" aria-labelledby="group-summary-h" class="app-sheet-section">
            <h2 class="govuk-heading-m" id="group-summary-h">"About this group"</h2>
            <SheetList rows change />
        </section>
    }
}

/// "Meetings and decisions": notice, quorum, decisions, attendance.
#[component]
pub fn GroupRules(
    #[prop(into)] doc: Signal<GroupDoc>,
    #[prop(into)] names: Signal<GroupNames>,
    change: Option<ChangeLinks>,
) -> impl IntoView {
    let rows = Signal::derive(move || names.with(|n| doc.with(|g| rules_rows(g, n))));
    view! {
        <section data-testid="group-rules" aria-labelledby="group-rules-h" class="app-sheet-section">
            <h2 class="govuk-heading-m" id="group-rules-h">"Meetings and decisions"</h2>
            <SheetList rows change />
        </section>
    }
}

/// The terms of reference as readable text: purpose, functions, standing agenda.
#[component]
pub fn GroupTerms(#[prop(into)] doc: Signal<GroupDoc>, change: Option<ChangeLinks>) -> impl IntoView {
    let show = move || change.is_some_and(|c| c.show.get());
    let purpose = Memo::new(move |_| doc.with(|g| g.terms.purpose.as_str().trim().to_owned()));
    let list = move |functions: bool| {
        Memo::new(move |_| {
            doc.with(|g| {
                let l = if functions { &g.terms.functions } else { &g.terms.standing_items };
                l.iter().map(|i| i.text.as_str().to_owned()).collect::<Vec<_>>()
            })
        })
    };
    let (functions, standing) = (list(true), list(false));
    let item = |t: String| view! { <li><span data-testid="item-text" class="app-pre-wrap">{t}</span></li> };
    view! {
        <section data-testid="group-terms" aria-labelledby="group-terms-h" class="app-sheet-section">
            <div class="app-section-header">
                <h2 class="govuk-heading-m" id="group-terms-h">"Terms of reference"</h2>
            </div>
            <div class="app-section-header">
                <h3 class="govuk-heading-s">"Purpose"</h3>
                {move || show().then(|| view! {
                    <ChangeLink href=change.unwrap().part(GroupPart::Details) what="purpose".to_owned() testid="change-purpose".to_owned() />
                })}
            </div>
            <p class="govuk-body app-pre-wrap" data-testid="group-purpose">
                {move || { let p = purpose.get(); if p.is_empty() { "Not recorded".to_owned() } else { p } }}
            </p>
            <div class="app-section-header">
                <h3 class="govuk-heading-s">"Functions"</h3>
                {move || show().then(|| view! {
                    <ChangeLink href=change.unwrap().part(GroupPart::Terms) what="functions and standing agenda".to_owned() testid="change-functions".to_owned() />
                })}
            </div>
            <p class="govuk-body" hidden=move || functions.with(|f| !f.is_empty())>"None recorded."</p>
            <ol class="govuk-list govuk-list--number" data-testid="group-functions" hidden=move || functions.with(Vec::is_empty)>
                {move || functions.get().into_iter().map(item).collect_view()}
            </ol>
            <h3 class="govuk-heading-s">"Standing agenda"</h3>
            <p class="govuk-body" hidden=move || standing.with(|f| !f.is_empty())>"None recorded."</p>
            <ul class="govuk-list govuk-list--bullet" data-testid="group-standing-items" hidden=move || standing.with(Vec::is_empty)>
                {move || standing.get().into_iter().map(item).collect_view()}
            </ul>
        </section>
    }
}

/// The membership table: role, organisation, category, voting, holder and deputy, checks due.
#[component]
pub fn GroupMembership(
    #[prop(into)] doc: Signal<GroupDoc>,
    #[prop(into)] names: Signal<GroupNames>,
    today: domain::model::Date,
    change: Option<ChangeLinks>,
) -> impl IntoView {
    let show = move || change.is_some_and(|c| c.show.get());
    let seats = Memo::new(move |_| names.with(|n| doc.with(|g| seat_rows(g, n, today))));
    view! {
        <section data-testid="group-membership" aria-labelledby="group-membership-h" class="app-sheet-section">
            <div class="app-section-header">
                <h2 class="govuk-heading-m" id="group-membership-h">"Membership"</h2>
                {move || show().then(|| view! {
                    <a class="govuk-link" href=seat_href(change.unwrap().id, None) data-testid="add-seat-link">"Add a seat"</a>
                })}
            </div>
            <p class="govuk-body" hidden=move || seats.with(|s| !s.is_empty())>"No seats recorded yet."</p>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="Seats table" hidden=move || seats.with(Vec::is_empty)>
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">"Seats on this group"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Role"</th>
                        <th scope="col" class="govuk-table__header">"Organisation"</th>
                        <th scope="col" class="govuk-table__header">"Category"</th>
                        <th scope="col" class="govuk-table__header">"Voting"</th>
                        <th scope="col" class="govuk-table__header">"Holder and deputy"</th>
                        <th scope="col" class="govuk-table__header">"Checks"</th>
                        {move || show().then(|| view! { <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Change"</span></th> })}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    <For each=move || seats.get() key=|s| s.clone() let:s>
                        <SeatTableRow s=s.clone() change=Signal::derive(move || show().then(|| change.unwrap().seat(s.id))) />
                    </For>
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[component]
fn SeatTableRow(s: SeatRow, #[prop(into)] change: Signal<Option<String>>) -> impl IntoView {
    let role = s.role.clone();
    view! {
        <tr class="govuk-table__row" data-testid="seat-row">
            <th scope="row" class="govuk-table__header">{s.role.clone()}</th>
            <td class="govuk-table__cell" data-testid="seat-organisation">{s.organisation.clone()}</td>
            <td class="govuk-table__cell">{s.category}</td>
            <td class="govuk-table__cell">{if s.voting { "Yes" } else { "No" }}</td>
            <td class="govuk-table__cell" data-testid="seat-holder">{s.holder.clone()}<br /><span class="app-hint">{s.deputy.clone()}</span></td>
            <td class="govuk-table__cell" data-testid="seat-checks">
                {s.badges.is_empty().then(|| "None due")}
                {s.badges.iter().map(|(text, overdue)| {
                    let class = if *overdue { "govuk-tag govuk-tag--red" } else { "govuk-tag govuk-tag--yellow" };
                    let urgency = if *overdue { "Action needed: " } else { "Due soon: " };
                    view! { <strong class=class data-testid="obligation"><span class="govuk-visually-hidden">{urgency}</span>{text.clone()}</strong>" " }
                }).collect_view()}
            </td>
            {move || change.get().map(|href| view! {
                <td class="govuk-table__cell">
                    <ChangeLink href what=format!("seat: {role}") testid="edit-seat".to_owned() />
                </td>
            })}
        </tr>
    }
}
