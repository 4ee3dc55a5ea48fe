//! `/meetings/:id`: a meeting read first — when and where, the live quorum by the group's
//! rule, the agenda, attendance, decisions, minutes and actions.

use domain::{
    meeting::{MeetingDoc, MeetingStatus},
    model::{Date, GroupDoc},
    DocumentId,
};
use leptos::prelude::*;

use super::{date_text, id_param, status_tag, time_text};
use crate::{
    components::{set_page_title, GroupNames},
    repo::DocView,
    routes::{
        attendance_href,
        group::{today, GroupData, GroupShell},
        meetings_href,
        not_found::NotFound,
    },
    state::{use_meeting, UseMeetingReturn},
};

#[component]
pub fn MeetingPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <MeetingRead id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// The meeting's group shell (breadcrumbs, read only for viewers) once the meeting is on
/// this device; until then, why it is not shown.
#[component]
pub fn MeetingShell<F>(id: DocumentId, render: F) -> impl IntoView
where
    F: Fn(DocumentId, GroupData, UseMeetingReturn) -> AnyView + Send + Sync + Clone + 'static,
{
    let hook = use_meeting(id);
    move || match (hook.group.get(), hook.meeting.with(|m| matches!(m, DocView::Unavailable | DocView::Damaged(_)))) {
        (Some(group), _) => {
            let render = render.clone();
            view! { <GroupShell id=group render=move |data| render(id, data, hook) /> }.into_any()
        }
        (None, gone) => {
            let title = if gone { "This meeting is not available" } else { "Loading meeting…" };
            set_page_title(title, false);
            view! {
                <h1 class="govuk-heading-l">{title}</h1>
                <p class="govuk-body" role="status" data-testid="arrival">
                    {if gone { "It may have been removed, or the address may be wrong." } else { "The meeting is on its way to this device." }}
                </p>
            }
            .into_any()
        }
    }
}

/// The meeting (a default one until it is loaded: the shell renders only once it is).
pub fn meeting_memo(hook: UseMeetingReturn) -> Memo<MeetingDoc> {
    Memo::new(move |_| match hook.meeting.get() {
        DocView::Ready(m) => m,
        _ => MeetingDoc::default(),
    })
}

/// "Meeting on 14 March 2026".
pub fn meeting_title(m: &MeetingDoc) -> String {
    format!("Meeting on {}", date_text(m.date))
}

/// The quorum panel's sentence and whether it is quorate; `None` when the group has no
/// quorum rule.
pub fn quorum_text(m: &MeetingDoc, g: &GroupDoc, names: &GroupNames) -> Option<(bool, String)> {
    let q = m.quorum(g, None)?;
    Some((q.quorate, q.explain(|o| names.organisation(Some(o)))))
}

#[component]
fn MeetingRead(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let GroupData { doc, names, access, .. } = data;
    let group_name = Memo::new(move |_| doc.with(|g| g.name.clone()));
    let title = Memo::new(move |_| m.with(meeting_title));
    Effect::new(move |_| set_page_title(&format!("{} – {}", title.get(), group_name.get()), false));
    let today = today();
    view! {
        <a class="govuk-back-link" href=meetings_href(data.id) data-testid="back-to-meetings">"Back to meetings"</a>
        <span class="govuk-caption-l">{move || group_name.get()}</span>
        <h1 class="govuk-heading-l" data-testid="meeting-title">{move || title.get()}</h1>
        <QuorumPanel m doc names />
        <About m doc />
        <Agenda m />
        <h2 class="govuk-heading-m" id="attendance-h">"Attendance"</h2>
        <Show when=move || access.can_edit.get() && m.with(|m| m.status != MeetingStatus::Cancelled)>
            <p class="govuk-body">
                <a class="govuk-link" href=attendance_href(id) data-testid="record-attendance">"Record attendance"</a>
            </p>
        </Show>
        <AttendanceTable m doc names />
        <Decisions m />
        <h2 class="govuk-heading-m">"Minutes"</h2>
        {move || {
            let text = m.with(|m| m.minutes.as_str().trim().to_owned());
            if text.is_empty() {
                view! { <p class="govuk-body" data-testid="minutes">"No minutes have been written yet."</p> }.into_any()
            } else {
                view! { <div class="govuk-body app-minutes" data-testid="minutes">{text}</div> }.into_any()
            }
        }}
        <Actions m today />
    }
}

#[component]
fn QuorumPanel(m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, names: Memo<GroupNames>) -> impl IntoView {
    let q = Memo::new(move |_| m.with(|m| doc.with(|g| names.with(|n| quorum_text(m, g, n)))));
    move || match q.get() {
        None => view! {
            <div class="govuk-inset-text" data-testid="quorum-panel">"This group has no quorum rule in its terms of reference."</div>
        }
        .into_any(),
        Some((quorate, text)) => view! {
            <div class=if quorate { "govuk-inset-text app-quorum app-quorum--met" } else { "govuk-inset-text app-quorum app-quorum--not-met" }
                role="status" data-testid="quorum-panel" data-quorate=quorate.to_string()>
                <h2 class="govuk-heading-s app-quorum__title">{if quorate { "Quorate" } else { "Not quorate" }}</h2>
                <p class="govuk-body">{text}</p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn About(m: Memo<MeetingDoc>, doc: Memo<GroupDoc>) -> impl IntoView {
    let row = |key: &'static str, value: Signal<String>| view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{move || value.get()}</dd>
        </div>
    };
    let deadline = Signal::derive(move || {
        m.with(|m| doc.with(|g| m.papers_deadline(&g.terms)))
            .map(|d: Date| d.long())
            .unwrap_or_else(|| "The terms of reference set no papers deadline".to_owned())
    });
    view! {
        <h2 class="govuk-heading-m">"About the meeting"</h2>
        <dl class="govuk-summary-list" data-testid="meeting-summary">
            {row("Date", Signal::derive(move || m.with(|m| date_text(m.date))))}
            {row("Time", Signal::derive(move || m.with(|m| time_text(m.start, m.end))))}
            {row("Venue", Signal::derive(move || m.with(|m| if m.venue.trim().is_empty() { "Not set".to_owned() } else { m.venue.clone() })))}
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Online link"</dt>
                <dd class="govuk-summary-list__value">
                    {move || {
                        let link = m.with(|m| m.online_link.trim().to_owned());
                        if link.starts_with("https://") {
                            view! { <a class="govuk-link app-break" href=link.clone() rel="noreferrer noopener">{link.clone()}</a> }.into_any()
                        } else if link.is_empty() {
                            "None".into_any()
                        } else {
                            link.into_any()
                        }
                    }}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Status"</dt>
                <dd class="govuk-summary-list__value" data-testid="meeting-status">
                    {move || m.with(|m| view! { <strong class=status_tag(m.status)>{m.status.label()}</strong> })}
                </dd>
            </div>
            {row("Papers deadline", deadline)}
        </dl>
    }
}

#[component]
fn Agenda(m: Memo<MeetingDoc>) -> impl IntoView {
    let items = Memo::new(move |_| m.with(|m| m.agenda.clone()));
    view! {
        <h2 class="govuk-heading-m" id="agenda-h">"Agenda"</h2>
        <table class="govuk-table app-stack-table" aria-labelledby="agenda-h" data-testid="agenda">
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Item"</th>
                    <th scope="col" class="govuk-table__header">"Purpose"</th>
                    <th scope="col" class="govuk-table__header">"Lead"</th>
                    <th scope="col" class="govuk-table__header">"Time"</th>
                    <th scope="col" class="govuk-table__header">"Papers"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {move || items.get().into_iter().enumerate().map(|(i, item)| view! {
                    <tr class="govuk-table__row" data-testid="agenda-item">
                        <th scope="row" class="govuk-table__header">{format!("{}. {}", i + 1, item.title)}</th>
                        <td class="govuk-table__cell" data-label="Purpose">{item.purpose.label()}</td>
                        <td class="govuk-table__cell" data-label="Lead">{if item.lead.is_empty() { "–".to_owned() } else { item.lead.clone() }}</td>
                        <td class="govuk-table__cell" data-label="Time">{item.minutes.map(|n| format!("{n} minutes")).unwrap_or_else(|| "–".into())}</td>
                        <td class="govuk-table__cell" data-label="Papers">{match item.papers.len() { 0 => "None".to_owned(), 1 => "1 paper".to_owned(), n => format!("{n} papers") }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn AttendanceTable(m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, names: Memo<GroupNames>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        m.with(|m| {
            doc.with(|g| {
                names.with(|n| {
                    g.seats
                        .iter()
                        .map(|s| {
                            let seat = super::seat_label(&s.role_title, s.organisation.map(|o| n.organisation(Some(o))));
                            let holder = s.holder.map(|p| n.person(p)).unwrap_or_else(|| "Vacant".to_owned());
                            let mark = m.attendance.mark(s.id).map(|k| k.label()).unwrap_or_else(|| "Not recorded".to_owned());
                            (seat, holder, mark, s.voting)
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    view! {
        <table class="govuk-table app-stack-table" aria-labelledby="attendance-h" data-testid="attendance">
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Seat"</th>
                    <th scope="col" class="govuk-table__header">"Holder"</th>
                    <th scope="col" class="govuk-table__header">"Attendance"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {move || rows.get().into_iter().map(|(seat, holder, mark, voting)| view! {
                    <tr class="govuk-table__row" data-testid="attendance-row">
                        <th scope="row" class="govuk-table__header">{seat}{(!voting).then_some(" – non-voting")}</th>
                        <td class="govuk-table__cell" data-label="Holder">{holder}</td>
                        <td class="govuk-table__cell" data-label="Attendance">{mark}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Decisions(m: Memo<MeetingDoc>) -> impl IntoView {
    let decisions = Memo::new(move |_| m.with(|m| m.decisions.clone()));
    view! {
        <h2 class="govuk-heading-m">"Decisions"</h2>
        {move || {
            let ds = decisions.get();
            if ds.is_empty() {
                return view! { <p class="govuk-body" data-testid="decisions">"No decisions have been recorded."</p> }.into_any();
            }
            view! {
                <ul class="govuk-list app-decisions" data-testid="decisions">
                    {ds.into_iter().map(|d| view! {
                        <li class="app-decision" data-testid="decision">
                            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{d.wording.clone()}</p>
                            <p class="govuk-body govuk-!-margin-bottom-1">
                                <strong class=if d.carried { "govuk-tag govuk-tag--green" } else { "govuk-tag govuk-tag--red" }>
                                    {if d.carried { "Carried" } else { "Not carried" }}
                                </strong>" " {d.outcome.clone()}
                            </p>
                            <p class="govuk-body-s">{format!("{} entitled to vote", d.entitled.len())}
                                {d.to_be_ratified.clone().map(|r| format!(". To be ratified: {r}"))}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn Actions(m: Memo<MeetingDoc>, today: Date) -> impl IntoView {
    let actions = Memo::new(move |_| m.with(|m| m.actions.clone()));
    view! {
        <h2 class="govuk-heading-m" id="actions-h">"Actions"</h2>
        {move || {
            let list = actions.get();
            if list.is_empty() {
                return view! { <p class="govuk-body" data-testid="actions">"No actions."</p> }.into_any();
            }
            view! {
                <table class="govuk-table app-stack-table" aria-labelledby="actions-h" data-testid="actions">
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Action"</th>
                            <th scope="col" class="govuk-table__header">"Owner"</th>
                            <th scope="col" class="govuk-table__header">"Due"</th>
                            <th scope="col" class="govuk-table__header">"Status"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {list.into_iter().map(|a| {
                            let overdue = a.is_overdue(today);
                            view! {
                                <tr class="govuk-table__row" data-testid="action-row">
                                    <th scope="row" class="govuk-table__header">{a.description.clone()}</th>
                                    <td class="govuk-table__cell" data-label="Owner">{a.owner.clone()}</td>
                                    <td class="govuk-table__cell" data-label="Due">{a.due.map(|d| d.long()).unwrap_or_else(|| "No date".into())}</td>
                                    <td class="govuk-table__cell" data-label="Status">
                                        {a.status.label()}
                                        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red" data-testid="overdue">"Overdue"</strong> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}
