//! `/groups/:id`: a group's terms of reference and membership, and forms to edit them.

use domain::{
    model::{
        device_label, field_label, time_label, Date, FormProblem, GroupDoc, GroupField, GroupForm, GroupKind, Organisation,
        PersonProblem, SeatCategory, SeatProblem, TermsList, CADENCES,
        CHAIR_KINDS, NOTICE_UNITS,
    },
    rules::{review_status, seat_obligations, Obligation, ReviewStatus},
    DocumentId, OrganisationId, SeatId,
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_params_map;

use super::{
    group_href,
    not_found::NotFound,
    partnership_href, partnerships_href,
    seat_editor::{person_field_id, seat_field_id, SeatEditor, SEAT_EDIT_ROLE},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorMessage, ErrorSummary, FieldError, TextInput},
    repo::DocView,
    state::{use_group, GroupSummary, OwnerSummary, PersonSummary, SeatDraft, UseGroupReturn},
};

const NAME: &str = "group-name-field";
const KIND: &str = "group-kind-field";
const PURPOSE: &str = "group-purpose-field";
const FREQ_COUNT: &str = "group-frequency-count";
const FREQ_UNIT: &str = "group-frequency-unit";
const REPORTS_TO: &str = "group-reports-to";
const SEAT_ROLE: &str = "seat-role-field";
const CADENCE: &str = "group-cadence";
const CHAIR_KIND: &str = "group-chair-kind";
const CHAIR_ROLES: &str = "group-chair-roles";
const ROTATION: &str = "group-rotation-months";
const VICE: &str = "group-vice-chair";
const REVIEW: &str = "group-review-date";
const PAPERS: &str = "group-papers-count";
const AGENDA: &str = "group-agenda-count";

fn field_id(f: GroupField) -> &'static str {
    match f {
        GroupField::Name => NAME,
        GroupField::Kind => KIND,
        GroupField::Purpose => PURPOSE,
        GroupField::FrequencyCount => FREQ_COUNT,
        GroupField::ReportsTo => REPORTS_TO,
        GroupField::Cadence => CADENCE,
        GroupField::ChairRoles => CHAIR_ROLES,
        GroupField::RotationMonths => ROTATION,
        GroupField::ReviewDate => REVIEW,
        GroupField::PapersDeadline => PAPERS,
        GroupField::AgendaCirculation => AGENDA,
        GroupField::Quorum => super::group_rules::QUORUM,
        GroupField::CastingVote => super::group_rules::CASTING,
        GroupField::SpecialMajorities => super::group_rules::SPECIALS,
        GroupField::Attendance => super::group_rules::ATTEND,
        GroupField::Status => super::group_rules::STATUS,
        GroupField::Established => super::group_rules::ESTABLISHED,
        GroupField::Dissolved => super::group_rules::DISSOLVED,
        GroupField::Version => super::group_rules::VERSION,
        // "Transfers to" (domain helper): ids for the fields the group page will add.
        GroupField::TransfersTo => "group-transfer-group",
        GroupField::TransferWhen => "group-transfer-when",
        GroupField::TransferNote => "group-transfer-note",
    }
}

/// Today's date on this device.
fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_else(|| Date::from_ymd(2026, 1, 1).unwrap())
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => view! { <Group id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn Group(id: DocumentId) -> impl IntoView {
    let hook = use_group(id);
    let loaded = Memo::new(move |_| hook.group.with(|g| matches!(g, DocView::Ready(_))));
    let owners = hook.owners;
    let owner_docs = Signal::derive(move || hook.group.with(|g| match g {
        DocView::Ready(g) => g.owners.iter().map(|o| o.partnership).collect(),
        _ => Vec::new(),
    }));
    let access = crate::state::use_access(id, owner_docs);
    let sync = crate::state::use_sync_status().state;
    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item">
                    <a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a>
                </li>
                <For each=move || owners.get() key=|o| o.id let:o>
                    <li class="govuk-breadcrumbs__item">
                        <a class="govuk-breadcrumbs__link" href=partnership_href(o.id)>{o.name}</a>
                    </li>
                </For>
            </ol>
        </nav>
        {move || {
            if loaded.get() {
                view! { <crate::components::ReadOnly access><GroupDetail id hook /></crate::components::ReadOnly> }.into_any()
            } else {
                let state = hook.group.get();
                let (title, text) = match state {
                    DocView::Unavailable => ("This group is not available", "It may have been removed, or the address may be wrong.".to_owned()),
                    DocView::Damaged(_) => ("This group could not be read", "The copy on this device is damaged. It has not been changed.".to_owned()),
                    _ => ("Loading group…", crate::repo::arrival_message(sync.get(), "group")),
                };
                set_page_title(title, false);
                view! {
                    <h1 class="govuk-heading-l">{title}</h1>
                    <p class="govuk-body" role="status" data-testid="arrival">{text}</p>
                }
                .into_any()
            }
        }}
    }
}

/// One row of a GOV.UK summary list.
#[component]
fn Row(key: &'static str, #[prop(into)] value: Signal<String>) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{move || value.get()}</dd>
        </div>
    }
}

fn or_not_recorded(s: Option<String>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or_else(|| "Not recorded".to_owned())
}

fn org_name(orgs: &[Organisation], id: Option<OrganisationId>) -> String {
    match id {
        None => "—".to_owned(),
        Some(id) => orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()).unwrap_or_else(|| "Unknown organisation".to_owned()),
    }
}

fn review_text(g: &GroupDoc, today: Date) -> String {
    match review_status(g.terms.review_date, today) {
        ReviewStatus::NotSet => "Not set".to_owned(),
        ReviewStatus::Overdue { since } => format!("Review overdue (due {})", since.long()),
        ReviewStatus::DueSoon { on } => format!("Review due soon ({})", on.long()),
        ReviewStatus::Scheduled { on } => on.long(),
    }
}

#[component]
fn GroupDetail(id: DocumentId, hook: UseGroupReturn) -> impl IntoView {
    let UseGroupReturn {
        group,
        owners,
        organisations,
        others,
        save,
        add_seat,
        remove_seat,
        history,
        conflicts,
        resolve,
        change_list,
        people,
        edit_seat,
        add_person,
        add_owner: _,
        revisions,
        name_version: _,
        change_links,
    } = hook;
    let link_error = RwSignal::new(None::<(&'static str, String)>);
    let authors = crate::state::use_change_authors(id, history);
    let doc = Memo::new(move |_| match group.get() {
        DocView::Ready(g) => g,
        _ => GroupDoc::default(),
    });
    let name = Memo::new(move |_| doc.with(|g| g.name.clone()));
    let today = today();

    // Edit form: starts from the document and follows other people's changes until edited.
    let form = RwSignal::new(doc.with_untracked(GroupForm::from_group));
    let followed = StoredValue::new(form.get_untracked());
    Effect::new(move |_| {
        let current = doc.with(GroupForm::from_group);
        if form.get_untracked() == followed.get_value() {
            form.set(current.clone());
        }
        followed.set_value(current);
    });
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let seat_error = RwSignal::new(None::<String>);
    // The functions / standing agenda forms' problem: (field id, message).
    let list_error = RwSignal::new(None::<(&'static str, String)>);
    let announcement = RwSignal::new(String::new());
    let seat_problems = RwSignal::new(Vec::<SeatProblem>::new());
    let person_problems = RwSignal::new(Vec::<PersonProblem>::new());
    let editing = RwSignal::new(None::<SeatId>);
    let summary = NodeRef::<html::Div>::new();
    let errors = Signal::derive(move || {
        let mut list: Vec<FieldError> =
            problems.get().into_iter().map(|p| FieldError { field_id: field_id(p.field), message: p.message }).collect();
        if let Some(message) = seat_error.get() {
            list.push(FieldError { field_id: SEAT_ROLE, message });
        }
        if let Some((field_id, message)) = list_error.get() {
            list.push(FieldError { field_id, message });
        }
        if let Some((field_id, message)) = link_error.get() {
            list.push(FieldError { field_id, message });
        }
        list.extend(seat_problems.get().into_iter().map(|p| FieldError { field_id: seat_field_id(p.field), message: p.message }));
        list.extend(person_problems.get().into_iter().map(|p| FieldError { field_id: person_field_id(p.field), message: p.message }));
        list
    });
    Effect::new(move |_| set_page_title(&name.get(), !errors.with(Vec::is_empty)));
    let error_for = move |f: GroupField| {
        Signal::derive(move || problems.with(|ps| ps.iter().find(|p| p.field == f).map(|p| p.message.clone())))
    };

    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = form.get_untracked();
        match save.run(draft) {
            Ok(()) => {
                problems.set(Vec::new());
                followed.set_value(form.get_untracked());
                form.set(doc.with_untracked(GroupForm::from_group));
                followed.set_value(form.get_untracked());
                announcement.set("Group saved".to_owned());
            }
            Err(ps) => {
                problems.set(ps);
                focus_error_summary(summary);
            }
        }
    };

    let seat_role = RwSignal::new(String::new());
    let seat_org = RwSignal::new(String::new());
    let seat_category = RwSignal::new(SeatCategory::Core.token().to_owned());
    let seat_voting = RwSignal::new(true);
    let on_add_seat = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = SeatDraft {
            role_title: seat_role.get_untracked(),
            organisation: seat_org.get_untracked().parse().ok(),
            category: SeatCategory::from_token(&seat_category.get_untracked()).unwrap_or_default(),
            voting: seat_voting.get_untracked(),
        };
        match add_seat.run(draft) {
            Ok(_) => {
                announcement.set(format!("Seat added: {}", seat_role.get_untracked().trim()));
                seat_error.set(None);
                seat_role.set(String::new());
            }
            Err(e) => {
                seat_error.set(Some(e.to_string()));
                focus_error_summary(summary);
            }
        }
    };

    let reports_to_name = Memo::new(move |_| {
        let to = doc.with(|g| g.reports_to);
        to.map(|to| others.with(|os| os.iter().find(|o| o.id == to).map(|o| o.name.clone()).unwrap_or_else(|| "A group not loaded yet".to_owned())))
    });
    let seats = Memo::new(move |_| {
        let orgs = organisations.get();
        let ps = people.get();
        doc.with(|g| g.seats.iter().map(|s| SeatRow::new(s, &orgs, &ps, today)).collect::<Vec<_>>())
    });

    view! {
        <ErrorSummary errors node_ref=summary />
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <span class="govuk-caption-l">{move || doc.with(|g| g.kind.label())}</span>
        <h1 class="govuk-heading-l" data-testid="group-name">{move || name.get()}</h1>

        <section data-testid="group-conflicts" hidden=move || conflicts.with(Vec::is_empty) aria-labelledby="group-conflicts-h">
            <div class="govuk-notification-banner" role="region" aria-labelledby="group-conflicts-h">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="group-conflicts-h">"Conflicting changes"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-body">"Two people changed the same thing at the same time. Choose the value to keep."</p>
                    {move || conflicts.get().into_iter().map(|c| {
                        let label = field_label(&c.path);
                        view! {
                            <div class="govuk-form-group" data-testid="conflict">
                                <h3 class="govuk-heading-s">{label.clone()}</h3>
                                <ul class="govuk-list">
                                    {c.values.iter().enumerate().map(|(i, v)| {
                                        let path = c.path.clone();
                                        let shown = v.display();
                                        let who = format!(
                                            "set by {}{}",
                                            device_label(&v.actor),
                                            v.time.map(|t| format!(", {}", time_label(t))).unwrap_or_default()
                                        );
                                        let label = label.clone();
                                        let kept = shown.clone();
                                        view! {
                                            <li>
                                                <strong data-testid="conflict-value">{shown.clone()}</strong>" "
                                                <span class="app-hint">{who}</span>" "
                                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                                    data-testid="keep-value"
                                                    on:click=move |_| match resolve.run((path.clone(), i)) {
                                                        Ok(()) => announcement.set(format!("{label}: kept {kept}")),
                                                        Err(e) => announcement.set(e.to_string()),
                                                    }
                                                >
                                                    "Keep this value"<span class="govuk-visually-hidden">" for " {label.clone()} ": " {shown}</span>
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
        </section>

        <section data-testid="group-summary" aria-labelledby="group-summary-h">
            <h2 class="govuk-heading-m" id="group-summary-h">"About this group"</h2>
            <dl class="govuk-summary-list">
                <Row key="Kind" value=Signal::derive(move || doc.with(|g| g.kind.label().to_owned())) />
                <Row key="Owned by" value=Signal::derive(move || {
                    let names = owners.with(|os| os.iter().map(|o| o.name.clone()).collect::<Vec<_>>());
                    let joint = names.len() > 1;
                    let text = names.join(" and ");
                    if joint { format!("{text} (joint group)") } else { text }
                }) />
                <Row key="Reports to" value=Signal::derive(move || {
                    let cadence = doc.with(|g| g.reporting_cadence.map(|c| c.label()));
                    match (reports_to_name.get(), cadence) {
                        (Some(n), Some(c)) => format!("{n}, {c}"),
                        (Some(n), None) => n,
                        (None, _) => "Not recorded".to_owned(),
                    }
                }) />
                <Row key="Status" value=Signal::derive(move || doc.with(|g| {
                    let mut s = g.status.label().to_owned();
                    if let Some(d) = g.established { s.push_str(&format!(", established {}", d.long())); }
                    if let Some(d) = g.dissolved { s.push_str(&format!(", dissolved {}", d.long())); }
                    s
                })) />
            </dl>
        </section>

        <super::group_links::GroupLinks doc others change_links link_error announcement summary />

        <crate::components::share_group::ShareGroup group=id group_name=name
            owners=Signal::derive(move || doc.with(|g| g.owners.iter().map(|o| o.partnership).collect::<Vec<_>>())) />

        <section data-testid="group-terms" aria-labelledby="group-terms-h">
            <h2 class="govuk-heading-m" id="group-terms-h">"Terms of reference"</h2>
            <h3 class="govuk-heading-s">"Purpose"</h3>
            <p class="govuk-body app-pre-wrap" data-testid="group-purpose">
                {move || doc.with(|g| or_not_recorded(Some(g.terms.purpose.as_str().to_owned())))}
            </p>
            <EditableList which=TermsList::Functions title="Functions" item_label="function" doc change_list announcement list_error summary />
            <dl class="govuk-summary-list">
                <Row key="Chairing" value=Signal::derive(move || doc.with(|g| g.terms.chairing.arrangement.label())) />
                <Row key="Vice chair" value=Signal::derive(move || doc.with(|g| or_not_recorded(g.terms.chairing.vice_chair.clone()))) />
                <Row key="Meets" value=Signal::derive(move || doc.with(|g| or_not_recorded(g.terms.frequency.map(|f| {
                    if g.terms.frequency_note.is_empty() { f.label() } else { format!("{}, {}", f.label(), g.terms.frequency_note) }
                })))) />
                <Row key="Papers deadline" value=Signal::derive(move || doc.with(|g| or_not_recorded(g.terms.papers_deadline.map(|n| n.label())))) />
                <Row key="Agenda circulated" value=Signal::derive(move || doc.with(|g| or_not_recorded(g.terms.agenda_circulation.map(|n| n.label())))) />
                <Row key="Quorum" value=Signal::derive(move || {
                    let orgs = organisations.get();
                    doc.with(|g| match &g.terms.quorum {
                        None => "Not recorded".to_owned(),
                        Some(q) if q.required_organisations.is_empty() => q.threshold.label(),
                        Some(q) => format!(
                            "{}, including {}",
                            q.threshold.label(),
                            q.required_organisations.iter().map(|o| org_name(&orgs, Some(*o))).collect::<Vec<_>>().join(", ")
                        ),
                    })
                }) />
                <Row key="Decisions" value=Signal::derive(move || doc.with(|g| or_not_recorded(Some(g.terms.decisions.lines().join(". "))))) />
                <Row key="Attendance" value=Signal::derive(move || doc.with(|g| or_not_recorded(g.terms.attendance.map(|a| a.label())))) />
                <Row key="Review date" value=Signal::derive(move || doc.with(|g| review_text(g, today))) />
                <Row key="Version" value=Signal::derive(move || doc.with(|g| or_not_recorded(Some(g.terms.version.clone())))) />
            </dl>
            <EditableList which=TermsList::StandingItems title="Standing agenda" item_label="standing item" doc change_list announcement list_error summary />
        </section>

        <section data-testid="group-membership" aria-labelledby="group-membership-h">
            <h2 class="govuk-heading-m" id="group-membership-h">"Membership"</h2>
            <p class="govuk-body" hidden=move || seats.with(|s| !s.is_empty())>"No seats recorded yet."</p>
            <div class="app-scroll-x" hidden=move || seats.with(Vec::is_empty)>
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
                        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    <For each=move || seats.get() key=|s| s.clone() let:s>
                        <tr class="govuk-table__row" data-testid="seat-row">
                            <th scope="row" class="govuk-table__header">{s.role.clone()}</th>
                            <td class="govuk-table__cell">{s.organisation.clone()}</td>
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
                            <td class="govuk-table__cell">
                                <button
                                    type="button"
                                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                                    data-testid="edit-seat"
                                    on:click={
                                        let seat = s.id;
                                        move |_| {
                                            seat_problems.set(Vec::new());
                                            editing.set(Some(seat));
                                            request_animation_frame(|| {
                                                if let Some(el) = document().get_element_by_id(SEAT_EDIT_ROLE) {
                                                    let _ = leptos::wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                                                }
                                            });
                                        }
                                    }
                                >
                                    "Edit"<span class="govuk-visually-hidden">" seat: " {s.role.clone()}</span>
                                </button>" "
                                <button
                                    type="button"
                                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                    on:click={
                                        let (seat, role) = (s.id, s.role.clone());
                                        move |_| {
                                            if remove_seat.run(seat).is_ok() {
                                                announcement.set(format!("Seat removed: {role}"));
                                            }
                                        }
                                    }
                                >
                                    "Remove"<span class="govuk-visually-hidden">" seat: " {s.role.clone()}</span>
                                </button>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            </div>

            {move || editing.get().filter(|id| doc.with(|g| g.seats.iter().any(|s| s.id == *id))).map(|seat| view! {
                <SeatEditor seat doc organisations people edit_seat add_person editing seat_problems person_problems announcement summary />
            })}

            <form class="app-form" novalidate on:submit=on_add_seat data-testid="add-seat-form">
                <h3 class="govuk-heading-s">"Add a seat"</h3>
                <TextInput
                    id=SEAT_ROLE
                    label="Role"
                    name="seat-role"
                    value=seat_role
                    on_input=Callback::new(move |v| seat_role.set(v))
                    error=seat_error.into()
                />
                <div class="govuk-form-group">
                    <label class="govuk-label" for="seat-organisation">"Organisation"</label>
                    <select class="govuk-select" id="seat-organisation" on:change:target=move |ev| seat_org.set(ev.target().value())>
                        <option value="" selected=move || seat_org.with(String::is_empty)>"None (for example a lay member)"</option>
                        {move || organisations.get().into_iter().map(|o| {
                            let value = o.id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || seat_org.with(|s| *s == v2)>{o.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="seat-category">"Category"</label>
                    <select class="govuk-select" id="seat-category" on:change:target=move |ev| seat_category.set(ev.target().value())>
                        {SeatCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.token() selected=move || seat_category.with(|s| s == c.token())>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group">
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id="seat-voting" type="checkbox"
                                prop:checked=move || seat_voting.get()
                                on:change:target=move |ev| seat_voting.set(ev.target().checked()) />
                            <label class="govuk-label govuk-checkboxes__label" for="seat-voting">"Voting member"</label>
                        </div>
                    </div>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-seat">"Add seat"</button>
            </form>
        </section>

        <section data-testid="group-edit" aria-labelledby="group-edit-h">
            <form class="app-form" novalidate on:submit=on_save>
                <h2 class="govuk-heading-m" id="group-edit-h">"Edit the group"</h2>
                <TextField id=NAME label="Name" form error=error_for(GroupField::Name)
                    get=|f| f.name.clone() set=|f, v| f.name = v />
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::Kind).with(Option::is_some))>
                    <label class="govuk-label" for=KIND>"Kind of group"</label>
                    <ErrorMessage field_id=KIND message=error_for(GroupField::Kind) />
                    <select class="govuk-select" id=KIND on:change:target=move |ev| form.update(|f| f.kind = ev.target().value())>
                        {GroupKind::ALL.into_iter().map(|k| view! {
                            <option value=k.token() selected=move || form.with(|f| f.kind == k.token())>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::Purpose).with(Option::is_some))>
                    <label class="govuk-label" for=PURPOSE>"Purpose"</label>
                    <ErrorMessage field_id=PURPOSE message=error_for(GroupField::Purpose) />
                    <textarea class="govuk-textarea" id=PURPOSE rows="5"
                        prop:value=move || form.with(|f| f.purpose.clone())
                        on:input:target=move |ev| form.update(|f| f.purpose = ev.target().value())></textarea>
                </div>
                <fieldset class="govuk-fieldset" class=("govuk-form-group--error", move || error_for(GroupField::FrequencyCount).with(Option::is_some))>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"How often it meets"</legend>
                    <ErrorMessage field_id=FREQ_COUNT message=error_for(GroupField::FrequencyCount) />
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=FREQ_COUNT>"Number"</label>
                        <input class="govuk-input govuk-input--width-3" id=FREQ_COUNT type="text" inputmode="numeric"
                            prop:value=move || form.with(|f| f.frequency_count.clone())
                            on:input:target=move |ev| form.update(|f| f.frequency_count = ev.target().value()) />
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=FREQ_UNIT>"Unit"</label>
                        <select class="govuk-select" id=FREQ_UNIT on:change:target=move |ev| form.update(|f| f.frequency_unit = ev.target().value())>
                            {[("", "Not recorded"), ("weeks", "Every N weeks"), ("months", "Every N months"), ("per-year", "At least N times a year")]
                                .into_iter()
                                .map(|(v, l)| view! { <option value=v selected=move || form.with(|f| f.frequency_unit == v)>{l}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="group-frequency-note">"Qualifier (optional), for example with extra meetings as required"</label>
                        <input class="govuk-input" id="group-frequency-note" type="text" autocomplete="off"
                            prop:value=move || form.with(|f| f.frequency_note.clone())
                            on:input:target=move |ev| form.update(|f| f.frequency_note = ev.target().value()) />
                    </div>
                </fieldset>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::ReportsTo).with(Option::is_some))>
                    <label class="govuk-label" for=REPORTS_TO>"Reports to"</label>
                    <ErrorMessage field_id=REPORTS_TO message=error_for(GroupField::ReportsTo) />
                    <select class="govuk-select" id=REPORTS_TO on:change:target=move |ev| form.update(|f| f.reports_to = ev.target().value())>
                        <option value="" selected=move || form.with(|f| f.reports_to.is_empty())>"No group"</option>
                        {move || others.get().into_iter().map(|o: GroupSummary| {
                            let value = o.id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || form.with(|f| f.reports_to == v2)>{o.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::Cadence).with(Option::is_some))>
                    <label class="govuk-label" for=CADENCE>"Reports how often"</label>
                    <ErrorMessage field_id=CADENCE message=error_for(GroupField::Cadence) />
                    <select class="govuk-select" id=CADENCE on:change:target=move |ev| form.update(|f| f.cadence = ev.target().value())>
                        {CADENCES.into_iter().map(|(v, l)| view! {
                            <option value=v selected=move || form.with(|f| f.cadence == v)>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Chairing"</legend>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=CHAIR_KIND>"How the group is chaired"</label>
                        <select class="govuk-select" id=CHAIR_KIND on:change:target=move |ev| form.update(|f| f.chair_kind = ev.target().value())>
                            {CHAIR_KINDS.into_iter().map(|(v, l)| view! {
                                <option value=v selected=move || form.with(|f| f.chair_kind == v)>{l}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::ChairRoles).with(Option::is_some))>
                        <label class="govuk-label" for=CHAIR_ROLES>"Chair's role, or each co-chair's or rotating chair's role"</label>
                        <p class="app-hint" id="group-chair-roles-hint">"One role a line, for example Head of Service (Children's Safeguarding), Rutland"</p>
                        <ErrorMessage field_id=CHAIR_ROLES message=error_for(GroupField::ChairRoles) />
                        <textarea class="govuk-textarea" id=CHAIR_ROLES rows="3" aria-describedby="group-chair-roles-hint"
                            prop:value=move || form.with(|f| f.chair_roles.clone())
                            on:input:target=move |ev| form.update(|f| f.chair_roles = ev.target().value())></textarea>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::RotationMonths).with(Option::is_some))>
                        <label class="govuk-label" for=ROTATION>"Months each rotating chair serves"</label>
                        <ErrorMessage field_id=ROTATION message=error_for(GroupField::RotationMonths) />
                        <input class="govuk-input govuk-input--width-3" id=ROTATION type="text" inputmode="numeric"
                            prop:value=move || form.with(|f| f.rotation_months.clone())
                            on:input:target=move |ev| form.update(|f| f.rotation_months = ev.target().value()) />
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=VICE>"Vice chair"</label>
                        <input class="govuk-input" id=VICE type="text" autocomplete="off"
                            prop:value=move || form.with(|f| f.vice_chair.clone())
                            on:input:target=move |ev| form.update(|f| f.vice_chair = ev.target().value()) />
                    </div>
                </fieldset>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error_for(GroupField::ReviewDate).with(Option::is_some))>
                    <label class="govuk-label" for=REVIEW>"Terms of reference review date"</label>
                    <ErrorMessage field_id=REVIEW message=error_for(GroupField::ReviewDate) />
                    <input class="govuk-input app-input--date" id=REVIEW type="date"
                        prop:value=move || form.with(|f| f.review_date.clone())
                        on:input:target=move |ev| form.update(|f| f.review_date = ev.target().value()) />
                </div>
                <NoticeFields id=PAPERS legend="Papers deadline" form error=error_for(GroupField::PapersDeadline)
                    get=|f| (f.papers_count.clone(), f.papers_unit.clone())
                    set_count=|f, v| f.papers_count = v set_unit=|f, v| f.papers_unit = v />
                <NoticeFields id=AGENDA legend="Agenda circulated" form error=error_for(GroupField::AgendaCirculation)
                    get=|f| (f.agenda_count.clone(), f.agenda_unit.clone())
                    set_count=|f, v| f.agenda_count = v set_unit=|f, v| f.agenda_unit = v />
                <super::group_rules::RulesFields form problems organisations />
                <button type="submit" class="govuk-button" data-testid="save-group">"Save group"</button>
            </form>
        </section>
        <section data-testid="group-timeline" aria-labelledby="group-timeline-h">
            <h2 class="govuk-heading-m" id="group-timeline-h">"History"</h2>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="History table">
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">"Changes to this group, newest first"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"When"</th>
                        <th scope="col" class="govuk-table__header">"Who"</th>
                        <th scope="col" class="govuk-table__header">"What changed"</th>
                        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {move || history.get().into_iter().take(25).map(|c| view! {
                        <tr class="govuk-table__row" data-testid="timeline-entry">
                            <td class="govuk-table__cell">{time_label(c.time)}</td>
                            <td class="govuk-table__cell">{authors.who(&c)}</td>
                            <td class="govuk-table__cell">{c.message.unwrap_or_else(|| "A change".to_owned())}</td>
                            <td class="govuk-table__cell"><a class="govuk-link" data-testid="view-version" href=super::version::group_version_href(id, &[c.hash])>
                                "View this version"<span class="govuk-visually-hidden">" as of " {time_label(c.time)}</span></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <h3 class="govuk-heading-s">"Named versions"</h3>
            <crate::components::RevisionTable id revisions of="this group" href=super::version::group_version_href />
            <crate::components::NameVersionForm of=crate::state::VersionOf::Group(id) />
        </section>
        <p class="govuk-body">
            {move || owners.get().into_iter().map(|o: OwnerSummary| view! {
                <a class="govuk-link" href=partnership_href(o.id)>"Back to " {o.name}</a>" "
            }).collect_view()}
        </p>
        <span hidden>{group_href(id)}</span>
    }
}

/// A text input bound to one field of the form.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    form: RwSignal<GroupForm>,
    error: Signal<Option<String>>,
    get: fn(&GroupForm) -> String,
    set: fn(&mut GroupForm, String),
) -> impl IntoView {
    view! {
        <TextInput
            id
            label
            value=Signal::derive(move || form.with(get))
            on_input=Callback::new(move |v| form.update(|f| set(f, v)))
            error
        />
    }
}

/// A membership table row, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SeatRow {
    id: SeatId,
    role: String,
    organisation: String,
    category: &'static str,
    voting: bool,
    holder: String,
    deputy: String,
    /// (label, overdue)
    badges: Vec<(String, bool)>,
}

impl SeatRow {
    fn new(s: &domain::model::Seat, orgs: &[Organisation], people: &[PersonSummary], today: Date) -> Self {
        let name = |p: domain::PersonId| {
            people.iter().find(|x| x.id == p).map(|x| x.label.clone()).unwrap_or_else(|| "A person not loaded yet".to_owned())
        };
        let holder = s.holder.map(name).unwrap_or_else(|| "Vacant".to_owned());
        let deputy = s.deputy.map(|d| format!("Deputy: {}", name(d))).unwrap_or_else(|| "No deputy named".to_owned());
        Self {
            id: s.id,
            role: s.role_title.clone(),
            organisation: org_name(orgs, s.organisation),
            category: s.category.label(),
            voting: s.voting,
            holder,
            deputy,
            badges: seat_obligations(s, today).iter().map(|o: &Obligation| (o.label(), o.is_overdue())).collect(),
        }
    }
}

/// A list of the terms of reference (functions, standing agenda) with add, move up and remove.
#[component]
fn EditableList(
    which: TermsList,
    title: &'static str,
    item_label: &'static str,
    doc: Memo<GroupDoc>,
    change_list: Callback<crate::state::ListEdit, Result<(), crate::error::AppError>>,
    announcement: RwSignal<String>,
    list_error: RwSignal<Option<(&'static str, String)>>,
    summary: NodeRef<html::Div>,
) -> impl IntoView {
    use crate::state::ListEdit;
    let field: &'static str = match which {
        TermsList::Functions => "add-function",
        TermsList::StandingItems => "add-standing-item",
    };
    let items = Memo::new(move |_| {
        doc.with(|g| {
            let list = match which {
                TermsList::Functions => &g.terms.functions,
                TermsList::StandingItems => &g.terms.standing_items,
            };
            list.iter().map(|i| (i.id, i.text.as_str().to_owned())).collect::<Vec<_>>()
        })
    });
    let draft = RwSignal::new(String::new());
    let editing_item = RwSignal::new(None::<domain::ItemId>);
    let edit_draft = RwSignal::new(String::new());
    let error = Signal::derive(move || list_error.with(|e| e.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.clone())));
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match change_list.run(ListEdit::Add(which, draft.get_untracked())) {
            Ok(()) => {
                list_error.set(None);
                announcement.set(format!("Added: {}", draft.get_untracked().trim()));
                draft.set(String::new());
            }
            Err(e) => {
                list_error.set(Some((field, e.to_string())));
                focus_error_summary(summary);
            }
        }
    };
    let numbered = which == TermsList::Functions;
    view! {
        <h3 class="govuk-heading-s">{title}</h3>
        <ol class=if numbered { "govuk-list govuk-list--number" } else { "govuk-list govuk-list--bullet" } data-testid=format!("{field}-list")>
            <For each=move || items.get() key=|i| i.clone() let:item>
                <li data-testid="list-item">
                    {move || if editing_item.get() == Some(item.0) {
                        let input_id = format!("{field}-edit-{}", item.0);
                        let save = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            match change_list.run(ListEdit::Edit(which, item.0, edit_draft.get_untracked())) {
                                Ok(()) => {
                                    list_error.set(None);
                                    editing_item.set(None);
                                    announcement.set(format!("Saved: {}", edit_draft.get_untracked().trim()));
                                }
                                Err(e) => {
                                    list_error.set(Some((field, e.to_string())));
                                    focus_error_summary(summary);
                                }
                            }
                        };
                        view! {
                            <form class="app-form" novalidate on:submit=save data-testid="edit-item-form">
                                <div class="govuk-form-group">
                                    <label class="govuk-label" for=input_id.clone()>"Edit " {item_label}</label>
                                    <input class="govuk-input" id=input_id type="text" autocomplete="off" data-testid="edit-item-input"
                                        prop:value=move || edit_draft.get()
                                        on:input:target=move |ev| edit_draft.set(ev.target().value()) />
                                </div>
                                <div class="govuk-button-group">
                                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-item">"Save " {item_label}</button>
                                    <button type="button" class="app-link-button" on:click=move |_| editing_item.set(None)>"Cancel"</button>
                                </div>
                            </form>
                        }.into_any()
                    } else {
                        let text = item.1.clone();
                        view! {
                            <span data-testid="item-text">{text.clone()}</span>" "
                            <button type="button" class="app-link-button" data-testid="edit-item"
                                on:click={
                                    let text = text.clone();
                                    move |_| { edit_draft.set(text.clone()); editing_item.set(Some(item.0)); }
                                }>
                                "Edit"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                            </button>" "
                            <button type="button" class="app-link-button"
                                on:click=move |_| { let _ = change_list.run(ListEdit::Up(which, item.0)); }>
                                "Move up"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                            </button>" "
                            <button type="button" class="app-link-button"
                                on:click=move |_| { let _ = change_list.run(ListEdit::Down(which, item.0)); }>
                                "Move down"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                            </button>" "
                            <button type="button" class="app-link-button"
                                on:click={
                                    let text = text.clone();
                                    move |_| if change_list.run(ListEdit::Remove(which, item.0)).is_ok() {
                                        announcement.set(format!("Removed: {text}"));
                                    }
                                }>
                                "Remove"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                            </button>
                        }.into_any()
                    }}
                </li>
            </For>
        </ol>
        <form class="app-form" novalidate on:submit=on_add>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                <label class="govuk-label" for=field>"Add a " {item_label}</label>
                <ErrorMessage field_id=field message=error />
                <input class="govuk-input" id=field type="text" autocomplete="off"
                    prop:value=move || draft.get()
                    on:input:target=move |ev| draft.set(ev.target().value()) />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">"Add " {item_label}</button>
        </form>
    }
}

/// A notice before meetings (papers deadline, agenda circulation): a number and a unit.
#[component]
fn NoticeFields(
    id: &'static str,
    legend: &'static str,
    form: RwSignal<GroupForm>,
    error: Signal<Option<String>>,
    get: fn(&GroupForm) -> (String, String),
    set_count: fn(&mut GroupForm, String),
    set_unit: fn(&mut GroupForm, String),
) -> impl IntoView {
    let unit_id = format!("{id}-unit");
    view! {
        <fieldset class="govuk-fieldset" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
            <ErrorMessage field_id=id message=error />
            <div class="govuk-form-group">
                <label class="govuk-label" for=id>{legend} " — number of days"</label>
                <input class="govuk-input govuk-input--width-3" id=id type="text" inputmode="numeric"
                    prop:value=move || form.with(|f| get(f).0)
                    on:input:target=move |ev| form.update(|f| set_count(f, ev.target().value())) />
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label" for=unit_id.clone()>{legend} " — unit"</label>
                <select class="govuk-select" id=unit_id on:change:target=move |ev| form.update(|f| set_unit(f, ev.target().value()))>
                    {NOTICE_UNITS.into_iter().map(|(v, l)| view! {
                        <option value=v selected=move || form.with(|f| get(f).1 == v)>{l}</option>
                    }).collect_view()}
                </select>
            </div>
        </fieldset>
    }
}
