//! `/meetings/:id/print`: the agenda pack (the meeting's details, attendance and apologies,
//! the agenda with leads and papers) and its minutes (the record, decisions, actions) as one
//! page to print. Built from the meeting and group documents on this device, so it works
//! offline; the print stylesheet drops the navigation and the buttons.

use domain::{
    meeting::{MeetingDoc, MinutesStatus, RecordedDecision},
    model::{Date, GroupDoc},
    rules::VoteCast,
    DocumentId,
};
use leptos::prelude::*;

use super::{date_text, decision_form::voter_label, id_param, lower_first, meeting::{meeting_memo, meeting_title, size_text, MeetingShell}, member_name, seat_name, time_text};
use crate::{
    components::{set_page_title, GroupNames},
    routes::{group::GroupData, meeting_href, not_found::NotFound},
    state::UseMeetingReturn,
};

/// One agenda item as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackItem {
    pub title: String,
    /// "For decision · Lead: Chair · 20 minutes".
    pub meta: String,
    /// "Report.pdf (12 KB)", with " – late" when it missed the deadline.
    pub papers: Vec<String>,
    /// "Representative (Police): the interest – excluded from this item".
    pub declarations: Vec<String>,
}

/// One decision as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackDecision {
    pub item: String,
    pub wording: String,
    pub carried: bool,
    /// The outcome, how many were entitled, and what is to be ratified.
    pub outcome: String,
    /// A named vote: "For (3): Chair (Council): Jo Bloggs; …", one line each for, against,
    /// abstained (empty when the vote was not named).
    pub votes: Vec<String>,
}

/// A named vote's lines as the minutes record them: who voted for, against and abstained,
/// in the group's order of seats (a seat since removed last).
pub fn vote_lines(m: &MeetingDoc, d: &RecordedDecision, g: &GroupDoc, names: &GroupNames) -> Vec<String> {
    VoteCast::ALL
        .into_iter()
        .filter_map(|how| {
            let voted = d.voted(how);
            let who: Vec<String> = g
                .seats
                .iter()
                .filter(|s| voted.contains(&s.id))
                .map(|s| voter_label(m, s, names))
                .chain(voted.iter().filter(|id| !g.seats.iter().any(|s| s.id == **id)).map(|_| "A former seat".to_owned()))
                .collect();
            (!who.is_empty()).then(|| format!("{} ({}): {}", how.label(), who.len(), who.join("; ")))
        })
        .collect()
}

/// The whole pack, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub details: Vec<(&'static str, String)>,
    /// (heading, "Seat: holder (how)") for present, apologies, absent, not recorded.
    pub attendance: Vec<(&'static str, Vec<String>)>,
    pub agenda: Vec<PackItem>,
    pub minutes_status: String,
    pub minutes: String,
    /// "Reason (recorded by … on …)".
    pub amendments: Vec<String>,
    pub decisions: Vec<PackDecision>,
    /// (action, owner, due, status)
    pub actions: Vec<[String; 4]>,
}

/// The pack of meeting `m` of group `g`, its seats and people named by `names`.
pub fn pack(m: &MeetingDoc, g: &GroupDoc, names: &GroupNames) -> Pack {
    let seat_of = |id| {
        g.seats
            .iter()
            .find(|s| s.id == id)
            .map(|s| seat_name(s, names))
            .unwrap_or_else(|| "A former seat".to_owned())
    };
    let deadline = m.papers_deadline(&g.terms);
    let mut details = vec![("Date", date_text(m.date)), ("Time", time_text(m.start, m.end))];
    if !m.venue.trim().is_empty() {
        details.push(("Venue", m.venue.trim().to_owned()));
    }
    if !m.online_link.trim().is_empty() {
        details.push(("Online link", m.online_link.trim().to_owned()));
    }
    details.push(("Status", m.status.label().to_owned()));
    if let Some(d) = deadline {
        details.push(("Papers deadline", d.long()));
    }
    if let Some(d) = m.agenda_circulation(&g.terms) {
        details.push(("Agenda and papers sent out by", d.long()));
    }

    let (mut present, mut apologies, mut absent, mut unknown) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in &g.seats {
        let line = member_name(s, names);
        match m.attendance.mark(s.id) {
            Some(mark) if mark.attended() => present.push(match (mark.label().as_str(), mark.not_counted_because(s)) {
                ("Present", _) => line,
                (how, None) => format!("{line} ({})", lower_first(how)),
                (how, Some(why)) => format!("{line} ({}; not counted: {why})", lower_first(how)),
            }),
            Some(domain::meeting::Mark::Apologies) => apologies.push(line),
            Some(_) => absent.push(line),
            None => unknown.push(line),
        }
    }
    let others: Vec<String> = m
        .attendance
        .others
        .iter()
        .map(|o| if o.role.trim().is_empty() { o.name.clone() } else { format!("{} ({})", o.name, o.role) })
        .collect();
    let attendance = [("Present", present), ("Also in attendance", others), ("Apologies", apologies), ("Absent", absent), ("Not recorded", unknown)]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .collect();

    let agenda = m
        .agenda
        .iter()
        .map(|item| {
            let mut meta = vec![item.purpose.label().to_owned()];
            if !item.lead.is_empty() {
                meta.push(format!("Lead: {}", item.lead));
            }
            if let Some(n) = item.minutes {
                meta.push(format!("{n} minutes"));
            }
            PackItem {
                title: item.title.clone(),
                meta: meta.join(" · "),
                papers: item
                    .papers
                    .iter()
                    .map(|p| {
                        let late = if deadline.is_some_and(|d| p.is_late(d)) { " – late" } else { "" };
                        format!("{} ({}){late}", p.name, size_text(p.bytes))
                    })
                    .collect(),
                declarations: m
                    .declarations
                    .iter()
                    .filter(|d| d.item.is_none_or(|i| i == item.id))
                    .map(|d| format!("{}: {}{}", seat_of(d.seat), d.interest, if d.excluded { " – excluded from this item" } else { "" }))
                    .collect(),
            }
        })
        .collect();

    let minutes_status = match m.minutes_status() {
        MinutesStatus::Draft => "Draft minutes: not yet approved".to_owned(),
        s @ MinutesStatus::Approved { .. } => {
            let signed = match &s {
                MinutesStatus::Approved { signed_by, .. } => signed_by.clone(),
                MinutesStatus::Draft => String::new(),
            };
            format!("{}; signed by {signed}", s.label())
        }
    };
    let amendments = m
        .minutes_amendments
        .iter()
        .map(|a| {
            let when = Date::of_unix_seconds(a.recorded_at.div_euclid(1000)).long();
            let by = if a.recorded_by.is_empty() { String::new() } else { format!(" by {}", a.recorded_by) };
            format!("{} (recorded{by} on {when})", a.reason)
        })
        .collect();
    let decisions = m
        .decisions
        .iter()
        .map(|d| {
            let mut outcome = format!("{}. {} entitled to vote", d.outcome, d.entitled.len());
            if let Some(r) = &d.to_be_ratified {
                outcome.push_str(&format!(". To be ratified: {r}"));
            }
            PackDecision {
                item: m.agenda.iter().find(|i| i.id == d.item).map(|i| i.title.clone()).unwrap_or_default(),
                wording: d.wording.clone(),
                carried: d.carried,
                outcome,
                votes: vote_lines(m, d, g, names),
            }
        })
        .collect();
    let actions = m
        .actions
        .iter()
        .map(|a| [a.description.clone(), a.owner.clone(), a.due.map(|d| d.long()).unwrap_or_else(|| "No date".into()), a.status.label().to_owned()])
        .collect();
    Pack { details, attendance, agenda, minutes_status, minutes: m.minutes_record().to_owned(), amendments, decisions, actions }
}

#[component]
pub fn PrintPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <PrintView id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

#[component]
fn PrintView(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let GroupData { doc, names, .. } = data;
    let group_name = Memo::new(move |_| doc.with(|g| g.name.clone()));
    let title = Memo::new(move |_| m.with(meeting_title));
    Effect::new(move |_| set_page_title(&format!("Agenda pack and minutes: {} – {}", title.get(), group_name.get()), false));
    let p = Memo::new(move |_| m.with(|m| doc.with(|g| names.with(|n| pack(m, g, n)))));
    let minutes = Signal::derive(move || p.with(|p| p.minutes.clone()));
    view! {
        <div class="app-no-print">
            <a class="govuk-back-link" href=meeting_href(id) data-testid="back-to-meeting">"Back to the meeting"</a>
        </div>
        <article class="app-pack" data-testid="meeting-print">
            <span class="govuk-caption-l">{move || group_name.get()}</span>
            <h1 class="govuk-heading-l">{move || title.get()}</h1>
            <p class="govuk-body app-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" data-testid="print-button" on:click=move |_| print()>"Print this page"</button>
            </p>
            <h2 class="govuk-heading-m">"Agenda pack"</h2>
            <dl class="govuk-summary-list app-pack__details" data-testid="print-details">
                {move || p.with(|p| p.details.clone()).into_iter().map(|(k, v)| view! {
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">{k}</dt>
                        <dd class="govuk-summary-list__value app-break">{v}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <h3 class="govuk-heading-s">"Attendance and apologies"</h3>
            <div data-testid="print-attendance">
                {move || {
                    let groups = p.with(|p| p.attendance.clone());
                    if groups.is_empty() {
                        return view! { <p class="govuk-body">"The group has no seats."</p> }.into_any();
                    }
                    groups.into_iter().map(|(heading, people)| view! {
                        <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{heading}</p>
                        <ul class="govuk-list govuk-list--bullet govuk-body-s">
                            {people.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                        </ul>
                    }).collect_view().into_any()
                }}
            </div>
            <h3 class="govuk-heading-s" id="print-agenda-h">"Agenda"</h3>
            <ol class="app-pack__agenda" aria-labelledby="print-agenda-h" data-testid="print-agenda">
                {move || p.with(|p| p.agenda.clone()).into_iter().map(|item| view! {
                    <li class="app-pack__item" data-testid="print-item">
                        <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{item.title}</p>
                        <p class="govuk-body-s app-muted govuk-!-margin-bottom-1">{item.meta}</p>
                        {(!item.papers.is_empty()).then(|| view! {
                            <p class="govuk-body-s govuk-!-margin-bottom-0">"Papers:"</p>
                            <ul class="govuk-list govuk-list--bullet govuk-body-s" data-testid="print-papers">
                                {item.papers.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!item.declarations.is_empty()).then(|| view! {
                            <ul class="govuk-list govuk-body-s">
                                {item.declarations.into_iter().map(|x| view! { <li>"Interest declared: "{x}</li> }).collect_view()}
                            </ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            <h2 class="govuk-heading-m app-pack__break">"Minutes"</h2>
            <p class="govuk-body" data-testid="print-minutes-status"><strong>{move || p.with(|p| p.minutes_status.clone())}</strong></p>
            {move || if minutes.with(|t| t.trim().is_empty()) {
                view! { <p class="govuk-body" data-testid="print-minutes">"No minutes have been written yet."</p> }.into_any()
            } else {
                view! { <div class="app-minutes" data-testid="print-minutes"><super::minutes::LinkedMinutes meeting=m text=minutes /></div> }.into_any()
            }}
            <Show when=move || p.with(|p| !p.amendments.is_empty())>
                <h3 class="govuk-heading-s">"Amendments since approval"</h3>
                <ol class="govuk-list govuk-list--number govuk-body-s">
                    {move || p.with(|p| p.amendments.clone()).into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}
                </ol>
            </Show>
            <h3 class="govuk-heading-s">"Decisions"</h3>
            {move || {
                let ds = p.with(|p| p.decisions.clone());
                if ds.is_empty() {
                    return view! { <p class="govuk-body" data-testid="print-decisions">"No decisions were recorded."</p> }.into_any();
                }
                view! {
                    <ol class="govuk-list govuk-list--number app-pack__decisions" data-testid="print-decisions">
                        {ds.into_iter().map(|d| view! {
                            <li class="app-pack__decision">
                                {(!d.item.is_empty()).then(|| view! { <span class="govuk-body-s app-block">"Item: "{d.item}</span> })}
                                <span class="govuk-!-font-weight-bold app-block">{d.wording}</span>
                                <span class="app-block">{if d.carried { "Carried. " } else { "Not carried. " }}{d.outcome}</span>
                                {(!d.votes.is_empty()).then(|| view! {
                                    <span class="app-block govuk-body-s">"Named vote:"</span>
                                    <ul class="govuk-list govuk-body-s app-pack__votes" data-testid="print-named-votes">
                                        {d.votes.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}
                                    </ul>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <h3 class="govuk-heading-s" id="print-actions-h">"Actions"</h3>
            {move || {
                let rows = p.with(|p| p.actions.clone());
                if rows.is_empty() {
                    return view! { <p class="govuk-body" data-testid="print-actions">"No actions."</p> }.into_any();
                }
                view! {
                    <table class="govuk-table app-stack-table" aria-labelledby="print-actions-h" data-testid="print-actions">
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Action"</th>
                                <th scope="col" class="govuk-table__header">"Owner"</th>
                                <th scope="col" class="govuk-table__header">"Due"</th>
                                <th scope="col" class="govuk-table__header">"Status"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {rows.into_iter().map(|[what, owner, due, status]| view! {
                                <tr class="govuk-table__row">
                                    <th scope="row" class="govuk-table__header">{what}</th>
                                    <td class="govuk-table__cell" data-label="Owner">{owner}</td>
                                    <td class="govuk-table__cell" data-label="Due">{due}</td>
                                    <td class="govuk-table__cell" data-label="Status">{status}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{
        meeting::{ApproveMinutes, Mark, Paper},
        model::{Seat, SeatCategory},
        ItemId,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_pack_lists_attendance_the_agenda_with_papers_and_the_approved_minutes() {
        let mut g = GroupDoc::default();
        g.seats.push(Seat::new("Chair", None, SeatCategory::Core, true));
        g.seats.push(Seat::new("Member", None, SeatCategory::Core, true));
        g.seats.push(Seat::new("Adviser", None, SeatCategory::Core, false));
        let mut m = MeetingDoc::new(DocumentId::random(), "2030-03-14".parse().unwrap(), &g.terms);
        m.attendance.set(g.seats[0].id, Mark::Present);
        m.attendance.set(g.seats[1].id, Mark::Apologies);
        let item = m.agenda[3].id;
        m.add_paper(item, Paper { id: ItemId::random(), blob: "sha256:1".into(), name: "Log.pdf".into(), media_type: "application/pdf".into(), bytes: 2048, added_at: 0, added_by: String::new() }).unwrap();
        m.minutes.update("Agreed.");
        m.approve_minutes(ApproveMinutes { at_meeting: DocumentId::random(), at_date: "2030-04-11".parse().ok(), signed_by: "Jo Chair".into(), now_ms: 0, heads: vec![], decision: None }).unwrap();
        let p = pack(&m, &g, &GroupNames::default());
        let heads: Vec<&str> = p.attendance.iter().map(|(h, _)| *h).collect();
        assert_eq!(heads, ["Present", "Apologies", "Not recorded"]);
        assert_eq!(p.attendance[0].1, ["Chair: vacant"]);
        assert_eq!(p.agenda[3].papers, ["Log.pdf (2 KB)"]);
        assert_eq!(p.agenda[2].meta, "For decision");
        assert_eq!(p.minutes_status, "Approved at the meeting of 11 April 2030; signed by Jo Chair");
        assert_eq!(p.minutes, "Agreed.");
    }

    #[wasm_bindgen_test]
    fn a_named_vote_is_printed_with_who_voted_which_way() {
        use domain::rules::{Ballot, Casting, Method, NamedVotes};
        let mut g = GroupDoc::default();
        for role in ["Chair", "Member", "Nurse"] {
            g.seats.push(Seat::new(role, None, SeatCategory::Core, true));
        }
        let mut m = MeetingDoc::new(DocumentId::random(), "2030-03-14".parse().unwrap(), &g.terms);
        m.attendance.set(g.seats[0].id, Mark::Present);
        m.attendance.set(g.seats[1].id, Mark::Substitute { name: "Sam Cover".into() });
        m.attendance.set(g.seats[2].id, Mark::Present);
        g.seats[1].substitute = domain::model::SubstituteRule::AnyColleague;
        let votes = NamedVotes::new([(g.seats[0].id, VoteCast::For), (g.seats[1].id, VoteCast::For), (g.seats[2].id, VoteCast::Against)]);
        let ballot = Ballot { method: Method::Named(votes), entitled: 0, quorate: true, inquorate_fallback: None, chair_consents: None, casting: Casting::NotCast, special_majority: None };
        let item = m.agenda[2].id;
        m.record_decision(&g, item, "Adopt", ballot, 0).unwrap();
        let p = pack(&m, &g, &GroupNames::default());
        assert_eq!(p.decisions[0].votes, ["For (2): Chair; Member: Sam Cover (substitute)", "Against (1): Nurse"]);
        assert_eq!(p.attendance[0].1, ["Chair: vacant", "Member: vacant (substitute present: Sam Cover)", "Nurse: vacant"]);
        // A substitute where the seat allows only its named deputy is listed, not counted;
        // someone else in attendance is listed apart.
        g.seats[1].substitute = domain::model::SubstituteRule::NamedDeputy;
        m.attendance.add_other("Kim Officer", "Business Manager").unwrap();
        let p = pack(&m, &g, &GroupNames::default());
        assert_eq!(p.attendance[0].1[1], "Member: vacant (substitute present: Sam Cover; not counted: only the seat's named deputy stands in with its vote)");
        assert_eq!(p.attendance[1], ("Also in attendance", vec!["Kim Officer (Business Manager)".to_owned()]));
        assert!(p.decisions[0].outcome.starts_with("By majority, 2 to 1"), "{}", p.decisions[0].outcome);
    }
}
