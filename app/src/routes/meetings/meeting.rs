//! `/meetings/:id`: a meeting read first — when and where, the live quorum by the group's
//! rule, the agenda, attendance, decisions, minutes and actions.

use domain::{
    meeting::{is_action_log, is_minutes_item, ActionStatus, MeetingDoc, MeetingStatus, MinutesStatus},
    model::{Date, GroupDoc},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{date_text, id_param, lower_first, seat_name, status_tag, take_flash, time_text};
use crate::{
    auth::api::paper_href,
    components::{set_page_title, GroupNames},
    repo::DocView,
    routes::{
        action_href, amend_minutes_href, approve_minutes_href, attendance_href, decision_href,
        group::{today, GroupData, GroupShell},
        item_href, meeting_edit_href, meeting_href, meeting_print_href, meetings_href, minutes_href,
        not_found::NotFound,
    },
    state::{
        kept_text, minutes_offer, use_meeting, use_offline_papers, CarriedAction, MeetingEdit, MinutesOffer, PaperLink, PreviousMeeting,
        UseMeetingReturn, UseOfflinePapersReturn,
    },
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
    Some((q.quorate, q.explain(|o| names.organisation(Some(o)), |p| names.person(p))))
}

/// The explanation without its "Quorate: " or "Not quorate: " (the panel says that once,
/// in bold).
pub fn quorum_detail(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, rest)| rest)
}

#[component]
fn MeetingRead(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let GroupData { doc, names, access, .. } = data;
    let group_name = Memo::new(move |_| doc.with(|g| g.name.clone()));
    let title = Memo::new(move |_| m.with(meeting_title));
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| set_page_title(&format!("{} – {}", title.get(), group_name.get()), problem.with(Option::is_some)));
    let flash = RwSignal::new(take_flash());
    let today = today();
    let can_edit = Signal::derive(move || access.can_edit.get());
    let links = Signal::derive(move || m.with(|m| paper_links(id, m)));
    let offline = use_offline_papers(links);
    let run = Callback::new(move |edit: MeetingEdit| {
        match meeting.edit.run(edit) {
            Ok(_) => problem.set(None),
            Err(e) => {
                flash.set(None);
                problem.set(Some(e));
            }
        }
    });
    view! {
        <a class="govuk-back-link" href=meetings_href(data.id) data-testid="back-to-meetings">"Back to meetings"</a>
        {move || problem.get().or_else(|| offline.problem.get()).map(|e| view! {
            <div class="govuk-error-summary" role="alert" data-testid="meeting-problem">
                <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                <div class="govuk-error-summary__body"><p class="govuk-body">{e}</p></div>
            </div>
        })}
        {move || flash.get().map(|message| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                aria-labelledby="meeting-saved-h" data-testid="meeting-saved">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="meeting-saved-h">"Success"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                </div>
            </div>
        })}
        <span class="govuk-caption-l">{move || group_name.get()}</span>
        <h1 class="govuk-heading-l" data-testid="meeting-title">{move || title.get()}</h1>
        <p class="govuk-body">
            <a class="govuk-link" href=meeting_print_href(id) data-testid="print-link">"Agenda pack and minutes for printing"</a>
        </p>
        <QuorumPanel m doc names />
        <About id m doc can_edit />
        <Agenda id m doc names can_edit run carried=meeting.carried previous=meeting.previous offline />
        <KeepPapers links offline />
        <h2 class="govuk-heading-m" id="attendance-h">"Attendance"</h2>
        <Show when=move || can_edit.get() && m.with(|m| m.status != MeetingStatus::Cancelled)>
            <p class="govuk-body">
                <a class="govuk-link" href=attendance_href(id) data-testid="record-attendance">"Record attendance"</a>
            </p>
        </Show>
        <AttendanceTable m doc names />
        <Decisions m doc names />
        <Minutes id m can_edit />
        <Actions m today can_edit run />
        <Carried carried=meeting.carried today />
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
                <p class="govuk-body"><strong class="app-quorum__title">{if quorate { "Quorate:" } else { "Not quorate:" }}</strong>" "{quorum_detail(&text).to_owned()}</p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn About(id: DocumentId, m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, can_edit: Signal<bool>) -> impl IntoView {
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
    let circulation = Signal::derive(move || {
        m.with(|m| doc.with(|g| m.agenda_circulation(&g.terms)))
            .map(|d: Date| d.long())
            .unwrap_or_else(|| "The terms of reference set no date".to_owned())
    });
    view! {
        <div class="app-section-head">
            <h2 class="govuk-heading-m">"About the meeting"</h2>
            <Show when=move || can_edit.get()>
                <a class="govuk-link app-section-head__link" href=meeting_edit_href(id) data-testid="change-details">
                    "Change"<span class="govuk-visually-hidden">" the meeting's details"</span></a>
            </Show>
        </div>
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
            {row("Agenda and papers sent out by", circulation)}
        </dl>
        {move || {
            let name = doc.with(|g| g.name.clone());
            m.with(|mm| meeting_ics(id, mm, &name, js_sys::Date::now() as i64)).map(|ics| {
                let href = format!("data:text/calendar;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&ics)));
                let file = format!("meeting-{}.ics", m.with(|m| m.date.map(|d| d.to_string()).unwrap_or_default()));
                view! { <p class="govuk-body"><a class="govuk-link" href=href download=file data-testid="meeting-ics">"Add to your calendar (.ics file)"</a></p> }
            })
        }}
    }
}

#[component]
fn Agenda(
    id: DocumentId,
    m: Memo<MeetingDoc>,
    doc: Memo<GroupDoc>,
    names: Memo<GroupNames>,
    can_edit: Signal<bool>,
    run: Callback<MeetingEdit>,
    carried: Memo<Vec<CarriedAction>>,
    previous: Memo<Option<PreviousMeeting>>,
    offline: UseOfflinePapersReturn,
) -> impl IntoView {
    let items = Memo::new(move |_| m.with(|m| m.agenda.clone()));
    let decided = Memo::new(move |_| m.with(|m| m.decisions.iter().map(|d| d.item).collect::<Vec<ItemId>>()));
    let deadline = Memo::new(move |_| m.with(|m| doc.with(|g| m.papers_deadline(&g.terms))));
    // (item, "Seat: interest", excluded)
    let declared = Memo::new(move |_| {
        m.with(|m| {
            doc.with(|g| {
                names.with(|n| {
                    m.declarations
                        .iter()
                        .filter_map(|d| {
                            let seat = g.seats.iter().find(|s| s.id == d.seat)?;
                            let who = seat_name(seat, n);
                            Some((d.item, format!("{who}: {}", d.interest), d.excluded))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    view! {
        <h2 class="govuk-heading-m" id="agenda-h">"Agenda"</h2>
        <ol class="app-agenda" aria-labelledby="agenda-h" data-testid="agenda">
            {move || { let list = items.get(); let n = list.len(); list.into_iter().enumerate().map(move |(i, item)| {
                    let item_id = item.id;
                    let title = item.title.clone();
                    let hidden = format!(": {}", item.title);
                    let log = is_action_log(&item);
                    let minutes_item = is_minutes_item(&item);
                    let papers = item.papers.clone();
                    view! {
                        <li class="app-agenda__item" data-testid="agenda-item">
                            <h3 class="govuk-heading-s app-agenda__title">{format!("{}. {}", i + 1, title)}</h3>
                            <p class="govuk-body-s app-agenda__meta">
                                <span>{item.purpose.label()}</span>
                                {(!item.lead.is_empty()).then(|| view! { " · " <span>"Lead: "{item.lead.clone()}</span> })}
                                {item.minutes.map(|n| view! { " · " <span>{format!("{n} minutes")}</span> })}
                                {move || decided.with(|d| d.contains(&item_id)).then(|| view! { " · " <strong class="govuk-tag govuk-tag--green">"Decided"</strong> })}
                            </p>
                            {(!papers.is_empty()).then(|| view! {
                                <ul class="govuk-list govuk-body-s" data-testid="papers">
                                    {papers.into_iter().map(|p| {
                                        let late = deadline.get_untracked().is_some_and(|d| p.is_late(d));
                                        let link = PaperLink { url: paper_href(id, &p.blob), name: p.name.clone() };
                                        let (url, kept_url) = (link.url.clone(), link.url.clone());
                                        // Offline, the copy kept on this device opens (the
                                        // service worker also answers the address from it).
                                        let on_click = move |ev: leptos::ev::MouseEvent| {
                                            if !is_online() {
                                                ev.prevent_default();
                                                offline.open_kept.run(link.clone());
                                            }
                                        };
                                        view! {
                                            <li data-testid="paper">
                                                <a class="govuk-link" href=url download=p.name.clone() on:click=on_click>{p.name.clone()}</a>
                                                {format!(" ({})", size_text(p.bytes))}
                                                {late.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow" data-testid="late">"Late"</strong> })}
                                                {move || offline.kept.with(|k| k.contains_key(&kept_url)).then(|| view! {
                                                    " " <span class="app-muted" data-testid="paper-kept">"Saved on this device"</span>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            {move || {
                                let mine: Vec<(String, bool)> = declared.with(|d| d.iter().filter(|(i, _, _)| i.is_none_or(|i| i == item_id)).map(|(_, t, x)| (t.clone(), *x)).collect());
                                (!mine.is_empty()).then(|| view! {
                                    <ul class="govuk-list govuk-body-s" data-testid="declarations">
                                        {mine.into_iter().map(|(text, excluded)| view! {
                                            <li>"Interest declared: "{text}
                                                {excluded.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Excluded from this item"</strong> })}</li>
                                        }).collect_view()}
                                    </ul>
                                })
                            }}
                            {minutes_item.then(|| view! { <MinutesOfferLine id item=item_id m doc previous can_edit /> })}
                            {log.then(|| view! {
                                <p class="govuk-body-s" data-testid="carried-count">{move || match carried.with(Vec::len) {
                                    0 => "No open actions carried from earlier meetings.".to_owned(),
                                    1 => "1 open action carried from earlier meetings (see the action log below).".to_owned(),
                                    n => format!("{n} open actions carried from earlier meetings (see the action log below)."),
                                }}</p>
                            })}
                            <Show when=move || can_edit.get()>
                                <ul class="app-agenda__links govuk-body-s">
                                    <li><a class="govuk-link" href=item_href(id, Some(item_id)) data-testid="change-item">"Change"<span class="govuk-visually-hidden">{hidden.clone()}</span></a></li>
                                    <li><a class="govuk-link" href=decision_href(id, item_id) data-testid="record-decision">"Record a decision"<span class="govuk-visually-hidden">{hidden.clone()}</span></a></li>
                                    <li><a class="govuk-link" href=action_href(id, item_id) data-testid="add-action">"Add an action"<span class="govuk-visually-hidden">{hidden.clone()}</span></a></li>
                                    <li><a class="govuk-link" href=crate::routes::paper_href(id, item_id) data-testid="add-paper">"Add a paper"<span class="govuk-visually-hidden">{hidden.clone()}</span></a></li>
                                    <li><a class="govuk-link" href=crate::routes::declaration_href(id, item_id) data-testid="declare-interest">"Declare an interest"<span class="govuk-visually-hidden">{hidden.clone()}</span></a></li>
                                    <li><button type="button" class="app-link-button" data-testid="move-up" disabled={i == 0} id=format!("move-up-{item_id}")
                                        on:click=move |_| { run.run(MeetingEdit::MoveItem(item_id, true)); refocus(item_id, true) }>"Move up"<span class="govuk-visually-hidden">{hidden.clone()}</span></button></li>
                                    <li><button type="button" class="app-link-button" data-testid="move-down" disabled={i + 1 >= n} id=format!("move-down-{item_id}")
                                        on:click=move |_| { run.run(MeetingEdit::MoveItem(item_id, false)); refocus(item_id, false) }>"Move down"<span class="govuk-visually-hidden">{hidden.clone()}</span></button></li>
                                </ul>
                            </Show>
                        </li>
                    }
                }).collect_view() }}
        </ol>
        <Show when=move || can_edit.get()>
            <p class="govuk-body">
                <a class="govuk-button govuk-button--secondary" href=item_href(id, None) data-testid="add-item">"Add an agenda item"</a>
            </p>
        </Show>
    }
}

/// On the "Minutes of the last meeting" item: the previous meeting's minutes and, while
/// this meeting is quorate on the item, "Approve the minutes of …" for editors.
#[component]
fn MinutesOfferLine(id: DocumentId, item: ItemId, m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, previous: Memo<Option<PreviousMeeting>>, can_edit: Signal<bool>) -> impl IntoView {
    let offer = Memo::new(move |_| previous.with(|p| m.with(|m| doc.with(|g| minutes_offer(p.as_ref(), m, g, item)))));
    move || {
        let line = match offer.get() {
            MinutesOffer::NoPrevious | MinutesOffer::Loading { .. } => return None,
            MinutesOffer::Approved { id: prev, date, status } => view! {
                <p class="govuk-body-s" data-testid="minutes-offer">
                    <a class="govuk-link" href=meeting_href(prev)>"The minutes of "{date_text(date)}</a>": "{lower_first(&status)}
                </p>
            }
            .into_any(),
            MinutesOffer::Empty { id: prev, date } => view! {
                <p class="govuk-body-s" data-testid="minutes-offer">
                    <a class="govuk-link" href=meeting_href(prev)>"The meeting on "{date_text(date)}</a>" has no minutes yet."
                </p>
            }
            .into_any(),
            MinutesOffer::Blocked { id: prev, date, .. } => view! {
                <p class="govuk-body-s" data-testid="minutes-offer">
                    <a class="govuk-link" href=meeting_href(prev)>"The draft minutes of "{date_text(date)}</a>
                    " can be approved once the meeting is quorate."
                </p>
            }
            .into_any(),
            MinutesOffer::Ready { id: prev, date } => view! {
                <p class="govuk-body-s" data-testid="minutes-offer">
                    <a class="govuk-link" href=meeting_href(prev)>"The draft minutes of "{date_text(date)}</a>" are ready for approval."
                </p>
                <Show when=move || can_edit.get()>
                    <p class="govuk-body">
                        <a class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" href=approve_minutes_href(id, item) data-testid="approve-minutes">
                            {format!("Approve the minutes of {}", date_text(date))}
                        </a>
                    </p>
                </Show>
            }
            .into_any(),
        };
        Some(line)
    }
}

/// The minutes: their status (draft, or approved at which meeting), the record, the
/// amendments since, and the way to write or amend them.
#[component]
fn Minutes(id: DocumentId, m: Memo<MeetingDoc>, can_edit: Signal<bool>) -> impl IntoView {
    let status = Memo::new(move |_| m.with(MeetingDoc::minutes_status));
    let record = Memo::new(move |_| m.with(|m| m.minutes_record().to_owned()));
    let amendments = Memo::new(move |_| m.with(|m| m.minutes_amendments.clone()));
    let unrecorded = Memo::new(move |_| m.with(MeetingDoc::unrecorded_change));
    view! {
        <div class="app-section-head">
            <h2 class="govuk-heading-m" id="minutes-h">"Minutes"</h2>
        </div>
        <p class="govuk-body" data-testid="minutes-status">{move || match status.get() {
            MinutesStatus::Draft => view! { <strong class="govuk-tag govuk-tag--grey">"Draft"</strong> }.into_any(),
            s => {
                let label = s.label();
                let (at_meeting, signed) = match s {
                    MinutesStatus::Approved { at_meeting, signed_by, .. } => (at_meeting, format!(", signed by {signed_by}")),
                    MinutesStatus::Draft => (id, String::new()),
                };
                let rest = label.strip_prefix("Approved at the ").unwrap_or(&label).to_owned();
                view! {
                    <strong class="govuk-tag govuk-tag--green">"Approved"</strong>" at the "
                    <a class="govuk-link" href=meeting_href(at_meeting)>{rest}</a>{signed}
                }
                .into_any()
            }
        }}</p>
        <Show when=move || can_edit.get()>
            <p class="govuk-body">{move || if status.with(MinutesStatus::is_approved) {
                view! { <a class="govuk-link" href=amend_minutes_href(id) data-testid="record-amendment">"Record an amendment"</a> }.into_any()
            } else {
                view! { <a class="govuk-link" href=minutes_href(id) data-testid="write-minutes">"Write the minutes"</a> }.into_any()
            }}</p>
        </Show>
        <Show when=move || unrecorded.get()>
            <div class="govuk-warning-text" data-testid="unrecorded-change">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                    "A change was made to the draft on another device before the approval reached it. It is not part of the approved minutes; record an amendment to add it."</strong>
            </div>
        </Show>
        {move || {
            if record.with(|t| t.trim().is_empty()) {
                view! { <p class="govuk-body" data-testid="minutes">"No minutes have been written yet."</p> }.into_any()
            } else {
                view! { <div class="app-minutes" data-testid="minutes"><super::minutes::LinkedMinutes meeting=m text=Signal::derive(move || record.get()) /></div> }.into_any()
            }
        }}
        <Show when=move || amendments.with(|a| !a.is_empty())>
            <h3 class="govuk-heading-s" id="amendments-h">"Amendments since approval"</h3>
            <ol class="govuk-list govuk-list--number govuk-body-s" aria-labelledby="amendments-h" data-testid="amendments">
                {move || amendments.get().into_iter().map(|a| {
                    let when = domain::model::Date::of_unix_seconds(a.recorded_at.div_euclid(1000)).long();
                    let by = if a.recorded_by.is_empty() { String::new() } else { format!(" by {}", a.recorded_by) };
                    view! { <li data-testid="amendment">{a.reason.clone()}" "<span class="app-muted">{format!("(recorded{by} on {when})")}</span></li> }
                }).collect_view()}
            </ol>
        </Show>
    }
}

#[component]
fn AttendanceTable(m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, names: Memo<GroupNames>) -> impl IntoView {
    let today = crate::state::today();
    let rows = Memo::new(move |_| {
        m.with(|m| {
            doc.with(|g| {
                names.with(|n| {
                    g.seats
                        .iter()
                        .map(|s| {
                            let seat = super::seat_name(s, n);
                            let holder = super::holder_name(s, n, "Vacant");
                            let mark = match m.attendance.mark(s.id) {
                                None => "Not recorded".to_owned(),
                                Some(k) => match k.not_counted_because(s) {
                                    Some(why) => format!("{} (not counted: {why})", k.label()),
                                    None => k.label(),
                                },
                            };
                            (seat, holder, mark, s.voting, super::holder_interests(s, n, today))
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
                    <th scope="col" class="govuk-table__header">"Registered interests"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {move || rows.get().into_iter().map(|(seat, holder, mark, voting, interests)| view! {
                    <tr class="govuk-table__row" data-testid="attendance-row">
                        <th scope="row" class="govuk-table__header">{seat}{(!voting).then_some(" – non-voting")}</th>
                        <td class="govuk-table__cell" data-label="Holder">{holder}</td>
                        <td class="govuk-table__cell" data-label="Attendance">{mark}</td>
                        <td class="govuk-table__cell" data-label="Registered interests" data-testid="registered-interests">
                            {interests.map(|(list, due)| view! {
                                {if list.is_empty() {
                                    view! { <span>"None registered"</span> }.into_any()
                                } else {
                                    view! { <ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{list.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
                                }}
                                {due.then(|| view! { <span class="app-muted govuk-body-s app-block">"Annual declaration due"</span> })}
                            })}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {move || {
            let others = m.with(|m| m.attendance.others.clone());
            (!others.is_empty()).then(|| view! {
                <h3 class="govuk-heading-s" id="others-h">"Also in attendance"</h3>
                <ul class="govuk-list" aria-labelledby="others-h" data-testid="others-in-attendance">
                    {others.into_iter().map(|o| view! {
                        <li>{if o.role.trim().is_empty() { o.name } else { format!("{}, {}", o.name, o.role) }}</li>
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

#[component]
fn Decisions(m: Memo<MeetingDoc>, doc: Memo<GroupDoc>, names: Memo<GroupNames>) -> impl IntoView {
    // (item title, decision, names of the seats entitled to vote)
    let decisions = Memo::new(move |_| {
        m.with(|m| {
            doc.with(|g| {
                names.with(|n| {
                    m.decisions
                        .iter()
                        .map(|d| {
                            let item = m.agenda.iter().find(|i| i.id == d.item).map(|i| i.title.clone()).unwrap_or_default();
                            let entitled: Vec<String> = d
                                .entitled
                                .iter()
                                .filter_map(|s| g.seats.iter().find(|x| x.id == *s))
                                .map(|s| seat_name(s, n))
                                .collect();
                            let votes = super::print::vote_lines(m, d, g, n);
                            (item, d.clone(), entitled, votes)
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    view! {
        <h2 class="govuk-heading-m">"Decisions"</h2>
        {move || {
            let ds = decisions.get();
            if ds.is_empty() {
                return view! { <p class="govuk-body" data-testid="decisions">"No decisions have been recorded."</p> }.into_any();
            }
            view! {
                <ul class="govuk-list app-decisions" data-testid="decisions">
                    {ds.into_iter().map(|(item, d, entitled, votes)| view! {
                        <li class="app-decision" data-testid="decision">
                            {(!item.is_empty()).then(|| view! { <p class="govuk-body-s govuk-!-margin-bottom-1">"Item: "{item}</p> })}
                            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{d.wording.clone()}</p>
                            <p class="govuk-body govuk-!-margin-bottom-1">
                                <strong class=if d.carried { "govuk-tag govuk-tag--green" } else { "govuk-tag govuk-tag--red" }>
                                    {if d.carried { "Carried" } else { "Not carried" }}
                                </strong>" " {d.outcome.clone()}
                            </p>
                            <p class="govuk-body-s govuk-!-margin-bottom-1">{format!("{} entitled to vote", d.entitled.len())}
                                {d.to_be_ratified.clone().map(|r| format!(". To be ratified: {r}"))}</p>
                            {(!votes.is_empty()).then(|| view! {
                                <p class="govuk-body-s govuk-!-margin-bottom-0">"Named vote:"</p>
                                <ul class="govuk-list govuk-body-s govuk-!-margin-bottom-1" data-testid="named-votes">
                                    {votes.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}
                                </ul>
                            })}
                            {(!entitled.is_empty()).then(|| view! {
                                <details class="govuk-details govuk-!-margin-bottom-0">
                                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Who was entitled to vote"</span></summary>
                                    <div class="govuk-details__text"><ul class="govuk-list govuk-body-s">
                                        {entitled.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                                    </ul></div>
                                </details>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// After a move the agenda is drawn again: focus goes back to the moved item's button (or
/// its other one, at the top or bottom of the agenda), so a keyboard user keeps their place.
fn refocus(item: ItemId, up: bool) {
    request_animation_frame(move || {
        let (first, second) = if up { ("move-up", "move-down") } else { ("move-down", "move-up") };
        let find = |which: &str| {
            document()
                .get_element_by_id(&format!("{which}-{item}"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                .filter(|e| !e.has_attribute("disabled"))
        };
        if let Some(el) = find(first).or_else(|| find(second)) {
            let _ = el.focus();
        }
    });
}

/// The meeting as an iCalendar file (the same event the group's feed gives).
pub fn meeting_ics(id: DocumentId, m: &MeetingDoc, group_name: &str, now_ms: i64) -> Option<String> {
    let event = domain::meeting::CalendarEvent {
        uid: format!("{id}@quorum"),
        title: group_name.to_owned(),
        date: m.date?,
        start: m.start,
        end: m.end,
        location: m.venue.clone(),
        url: m.online_link.clone(),
        description: m.agenda.iter().enumerate().map(|(i, item)| format!("{}. {}", i + 1, item.title)).collect::<Vec<_>>().join("\n"),
        status: m.status,
    };
    Some(domain::meeting::calendar(group_name, &[event], now_ms))
}

/// "12 KB", "3.4 MB".
pub fn size_text(bytes: u64) -> String {
    crate::state::size_text(bytes)
}

/// Every paper of the meeting, in agenda order.
pub fn paper_links(id: DocumentId, m: &MeetingDoc) -> Vec<PaperLink> {
    m.agenda.iter().flat_map(|item| item.papers.iter()).map(|p| PaperLink { url: paper_href(id, &p.blob), name: p.name.clone() }).collect()
}

/// Whether the browser thinks it is online.
fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// "Keep papers for offline reading": what is on this device, the button, its progress and
/// its outcome (announced to screen readers).
#[component]
fn KeepPapers(links: Signal<Vec<PaperLink>>, offline: UseOfflinePapersReturn) -> impl IntoView {
    let UseOfflinePapersReturn { kept, progress, report, keep, .. } = offline;
    let held = Memo::new(move |_| {
        links.with(|l| kept.with(|k| {
            let sizes: Vec<u64> = l.iter().filter_map(|p| k.get(&p.url).copied()).collect();
            (sizes.len(), l.len(), sizes.iter().sum::<u64>())
        }))
    });
    view! {
        <Show when=move || links.with(|l| !l.is_empty())>
            <div class="app-offline-papers" data-testid="offline-papers">
                <h3 class="govuk-heading-s">"Papers on this device"</h3>
                <p class="govuk-body" data-testid="papers-kept">{move || { let (k, t, b) = held.get(); kept_text(k, t, b) }}</p>
                <button type="button" class="govuk-button govuk-button--secondary app-reader-action" data-testid="keep-papers"
                    aria-describedby="keep-papers-status"
                    disabled=move || progress.with(Option::is_some)
                    on:click=move |_| keep.run(())>
                    "Keep papers for offline reading"
                </button>
                <p class="govuk-body" id="keep-papers-status" role="status" data-testid="keep-papers-status">
                    {move || match (progress.get(), report.get()) {
                        (Some((done, all)), _) => format!("Saving paper {} of {all}…", (done + 1).min(all)),
                        (None, Some(r)) => r.summary(),
                        (None, None) => String::new(),
                    }}
                </p>
            </div>
        </Show>
    }
}

/// The action log's status cell: the status, an overdue flag, and "Mark as done" for editors.
fn status_cell(status: ActionStatus, overdue: bool) -> impl IntoView {
    view! {
        {status.label()}
        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red" data-testid="overdue">"Overdue"</strong> })}
    }
}

#[component]
fn Actions(m: Memo<MeetingDoc>, today: Date, can_edit: Signal<bool>, run: Callback<MeetingEdit>) -> impl IntoView {
    let actions = Memo::new(move |_| {
        m.with(|m| {
            m.actions
                .iter()
                .map(|a| {
                    let item = a.item.and_then(|i| m.agenda.iter().find(|x| x.id == i).map(|x| x.title.clone()));
                    let decision = a.decision.and_then(|d| m.decisions.iter().find(|x| x.id == d).map(|x| x.wording.clone()));
                    (a.clone(), item, decision)
                })
                .collect::<Vec<_>>()
        })
    });
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
                        {list.into_iter().map(|(a, item, decision)| {
                            let overdue = a.is_overdue(today);
                            let open = a.status.is_open();
                            let action = a.id;
                            let hidden = format!(": {}", a.description);
                            view! {
                                <tr class="govuk-table__row" data-testid="action-row">
                                    <th scope="row" class="govuk-table__header">
                                        {a.description.clone()}
                                        {item.map(|t| view! { <span class="govuk-body-s app-block">"From: "{t}</span> })}
                                        {decision.map(|d| view! { <span class="govuk-body-s app-block" data-testid="action-decision">"Arising from the decision: "{d}</span> })}
                                    </th>
                                    <td class="govuk-table__cell" data-label="Owner">{a.owner.clone()}</td>
                                    <td class="govuk-table__cell" data-label="Due">{a.due.map(|d| d.long()).unwrap_or_else(|| "No date".into())}</td>
                                    <td class="govuk-table__cell" data-label="Status">
                                        {status_cell(a.status, overdue)}
                                        <Show when=move || can_edit.get()>
                                            <button type="button" class="app-link-button app-block" data-testid=if open { "mark-done" } else { "reopen" }
                                                on:click=move |_| run.run(MeetingEdit::SetActionStatus(action, if open { ActionStatus::Done } else { ActionStatus::Open }))>
                                                {if open { "Mark as done" } else { "Reopen" }}<span class="govuk-visually-hidden">{hidden.clone()}</span>
                                            </button>
                                        </Show>
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

/// Open actions of the group's earlier meetings, carried onto this meeting's action log.
#[component]
fn Carried(carried: Memo<Vec<CarriedAction>>, today: Date) -> impl IntoView {
    view! {
        <Show when=move || carried.with(|c| !c.is_empty())>
            <h3 class="govuk-heading-s" id="carried-h">"Carried from earlier meetings"</h3>
            <table class="govuk-table app-stack-table" aria-labelledby="carried-h" data-testid="carried">
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Action"</th>
                        <th scope="col" class="govuk-table__header">"Owner"</th>
                        <th scope="col" class="govuk-table__header">"Due"</th>
                        <th scope="col" class="govuk-table__header">"Status"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {move || carried.get().into_iter().map(|c| {
                        let overdue = c.action.is_overdue(today);
                        view! {
                            <tr class="govuk-table__row" data-testid="carried-row">
                                <th scope="row" class="govuk-table__header">
                                    {c.action.description.clone()}
                                    <a class="govuk-link govuk-body-s app-block" href=meeting_href(c.meeting)>"From the meeting on "{date_text(c.meeting_date)}</a>
                                </th>
                                <td class="govuk-table__cell" data-label="Owner">{c.action.owner.clone()}</td>
                                <td class="govuk-table__cell" data-label="Due">{c.action.due.map(|d| d.long()).unwrap_or_else(|| "No date".into())}</td>
                                <td class="govuk-table__cell" data-label="Status">{status_cell(c.action.status, overdue)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
