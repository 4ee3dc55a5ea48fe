//! `/groups/:id/edit/rules`: meetings and decisions — papers deadline, agenda circulation,
//! quorum, decisions, attendance and the version of the terms of reference. The status
//! fields are part of the details form.

use domain::model::{GroupField, GroupForm, Organisation, MAJORITIES, NOTICE_UNITS, QUORUM_KINDS, STATUSES};
use leptos::prelude::*;

use super::details_form::slice;
use super::{
    details_form::{field_id, submit, use_edit_form},
    errors::{PageErrorSummary, PageErrors},
    seat_form::DateField,
    use_return_to_group, FormPage, GroupData,
};
use crate::components::{ErrorMessage, TextInput};

pub(super) const PAPERS: &str = "group-papers-count";
pub(super) const AGENDA: &str = "group-agenda-count";
const FORM: &str = "rules";

#[component]
pub fn RulesForm(data: GroupData) -> impl IntoView {
    let edit = use_edit_form(data.doc);
    let form = edit.form;
    let errors = PageErrors::new();
    let done = use_return_to_group(data.id);
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(data, edit, errors, FORM, done, "Meetings and decisions saved");
    };
    let error = move |f: GroupField| errors.on(field_id(f));
    view! {
        <FormPage data title="Change meetings and decisions">
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_save data-testid="group-edit">
                <NoticeFields id=PAPERS legend="Papers deadline" form error=error(GroupField::PapersDeadline)
                    get=|f| (f.papers_count.clone(), f.papers_unit.clone())
                    set_count=|f, v| f.papers_count = v set_unit=|f, v| f.papers_unit = v />
                <NoticeFields id=AGENDA legend="Agenda circulated" form error=error(GroupField::AgendaCirculation)
                    get=|f| (f.agenda_count.clone(), f.agenda_unit.clone())
                    set_count=|f, v| f.agenda_count = v set_unit=|f, v| f.agenda_unit = v />
                <RulesFields form errors organisations=data.hook.organisations />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-group">"Save meetings and decisions"</button>
                    <a class="govuk-link" href=crate::routes::group_href(data.id)>"Cancel"</a>
                </div>
            </form>
        </FormPage>
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
            <div class="app-inline-fields">
                <div class="govuk-form-group app-inline-field">
                    <label class="govuk-label" for=id>{legend} " — number of days"</label>
                    <input class="govuk-input govuk-input--width-3" id=id type="text" inputmode="numeric"
                        prop:value=slice(form, move |f| get(f).0)
                        on:input:target=move |ev| form.update(|f| set_count(f, ev.target().value())) />
                </div>
                <div class="govuk-form-group app-inline-field">
                    <label class="govuk-label" for=unit_id.clone()>{legend} " — unit"</label>
                    <select class="govuk-select" id=unit_id on:change:target=move |ev| form.update(|f| set_unit(f, ev.target().value()))>
                        {NOTICE_UNITS.into_iter().map(|(v, l)| view! {
                            <option value=v selected=slice(form, move |f| get(f).1 == v)>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
        </fieldset>
    }
}

pub(super) const QUORUM: &str = "group-quorum-kind";
pub(super) const CASTING: &str = "group-casting-vote";
pub(super) const SPECIALS: &str = "group-special-majorities";
pub(super) const ATTEND: &str = "group-attend";
pub(super) const STATUS: &str = "group-status-proposed";
pub(super) const ESTABLISHED: &str = "group-established";
pub(super) const DISSOLVED: &str = "group-dissolved";
pub(super) const VERSION: &str = "group-version";

#[component]
fn RulesFields(form: RwSignal<GroupForm>, errors: PageErrors, organisations: Memo<Vec<Organisation>>) -> impl IntoView {
    let error = move |f: GroupField| errors.on(field_id(f));
    let text = move |get: fn(&GroupForm) -> String| slice(form, get);
    let number = move |id: &'static str, label: &'static str, get: fn(&GroupForm) -> String, set: fn(&mut GroupForm, String)| {
        view! {
            <div class="govuk-form-group">
                <label class="govuk-label" for=id>{label}</label>
                <input class="govuk-input govuk-input--width-3" id=id type="text" inputmode="numeric"
                    prop:value=slice(form, get)
                    on:input:target=move |ev| form.update(|f| set(f, ev.target().value())) />
            </div>
        }
    };
    view! {
        <fieldset class="govuk-fieldset govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Quorum).with(Option::is_some))>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Quorum"</legend>
            <ErrorMessage field_id=QUORUM message=error(GroupField::Quorum) />
            <div class="govuk-form-group">
                <label class="govuk-label" for=QUORUM>"How the quorum is counted"</label>
                <select class="govuk-select" id=QUORUM on:change:target=move |ev| form.update(|f| f.quorum_kind = ev.target().value())>
                    {QUORUM_KINDS.into_iter().map(|(v, l)| view! {
                        <option value=v selected=slice(form, move |f| f.quorum_kind == v)>{l}</option>
                    }).collect_view()}
                </select>
            </div>
            <div hidden=slice(form, move |f| f.quorum_kind != "share")>
                {number("group-quorum-numerator", "Share: this many voting members…", |f| f.quorum_numerator.clone(), |f, v| f.quorum_numerator = v)}
                {number("group-quorum-denominator", "…in every (for 50%, 1 in 2)", |f| f.quorum_denominator.clone(), |f, v| f.quorum_denominator = v)}
            </div>
            <div hidden=slice(form, move |f| f.quorum_kind != "count")>
                {number("group-quorum-count", "Number of voting members", |f| f.quorum_count.clone(), |f, v| f.quorum_count = v)}
            </div>
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend">"Organisations that must be present"</legend>
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    {move || organisations.get().into_iter().map(|o| {
                        let id = format!("group-quorum-org-{}", o.id);
                        let value = o.id.to_string();
                        let (v1, v2) = (value.clone(), value.clone());
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=id.clone() type="checkbox"
                                    prop:checked=slice(form, move |f| f.quorum_organisations.contains(&v1))
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        form.update(|f| {
                                            f.quorum_organisations.retain(|x| *x != v2);
                                            if on { f.quorum_organisations.push(v2.clone()); }
                                        });
                                    } />
                                <label class="govuk-label govuk-checkboxes__label" for=id>{o.name}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </fieldset>

        <fieldset class="govuk-fieldset govuk-form-group">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Decisions"</legend>
            <div class="govuk-checkboxes govuk-checkboxes--small govuk-form-group">
                <div class="govuk-checkboxes__item">
                    <input class="govuk-checkboxes__input" id="group-consensus" type="checkbox"
                        prop:checked=slice(form, move |f| f.consensus_first)
                        on:change:target=move |ev| form.update(|f| f.consensus_first = ev.target().checked()) />
                    <label class="govuk-label govuk-checkboxes__label" for="group-consensus">"By consensus wherever possible"</label>
                </div>
            </div>
            <fieldset class="govuk-fieldset govuk-form-group">
                <legend class="govuk-fieldset__legend">"Otherwise by"</legend>
                <div class="govuk-radios govuk-radios--small">
                    {MAJORITIES.into_iter().map(|(v, l)| {
                        let id = format!("group-majority-{v}");
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=id.clone() type="radio" name="group-majority" value=v
                                    prop:checked=slice(form, move |f| f.majority == v || (f.majority.is_empty() && v == "simple"))
                                    on:change=move |_| form.update(|f| f.majority = v.to_owned()) />
                                <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <TextInput id=CASTING label="Who holds a casting vote (a role)" value=text(|f| f.casting_vote.clone())
                on_input=Callback::new(move |v| form.update(|f| f.casting_vote = v)) error=error(GroupField::CastingVote) />
            <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::SpecialMajorities).with(Option::is_some))>
                <label class="govuk-label" for=SPECIALS>"Special majorities"</label>
                <p class="app-hint" id="group-special-majorities-hint">"One a line: the share, then the matter. For example: 2/3 Alter the constitution"</p>
                <ErrorMessage field_id=SPECIALS message=error(GroupField::SpecialMajorities) />
                <textarea class="govuk-textarea" id=SPECIALS rows="2" aria-describedby="group-special-majorities-hint"
                    prop:value=slice(form, move |f| f.special_majorities.clone())
                    on:input:target=move |ev| form.update(|f| f.special_majorities = ev.target().value())></textarea>
            </div>
        </fieldset>

        <fieldset class="govuk-fieldset govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Attendance).with(Option::is_some))>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Attendance expected"</legend>
            <ErrorMessage field_id=ATTEND message=error(GroupField::Attendance) />
            {number(ATTEND, "Members should attend this many meetings…", |f| f.attend.clone(), |f, v| f.attend = v)}
            {number("group-of-meetings", "…out of this many", |f| f.of_meetings.clone(), |f, v| f.of_meetings = v)}
            <div class="govuk-form-group">
                <label class="govuk-label" for="group-attendance-year">"Counted over"</label>
                <select class="govuk-select" id="group-attendance-year" on:change:target=move |ev| form.update(|f| f.attendance_year_from = ev.target().value())>
                    <option value="" selected=slice(form, move |f| f.attendance_year_from.is_empty())>"The last meetings held"</option>
                    {(1..=12u32).filter_map(|m| Some((m, domain::model::year_months_from(m)?))).map(|(m, (from, to))| {
                        let v = m.to_string();
                        let label = format!("Each year from {from} to {to}");
                        view! { <option value=v.clone() selected=slice(form, move |f| f.attendance_year_from == v)>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            {number("group-absences-trigger", "Consecutive missed meetings before a letter from the chair (optional)", |f| f.absences_trigger.clone(), |f, v| f.absences_trigger = v)}
        </fieldset>

        <TextInput id=VERSION label="Terms of reference version" value=text(|f| f.version.clone())
            on_input=Callback::new(move |v| form.update(|f| f.version = v)) error=error(GroupField::Version) />
    }
}

/// The group's status, and when it was established or dissolved.
#[component]
pub fn StatusFields(form: RwSignal<GroupForm>, errors: PageErrors) -> impl IntoView {
    let error = move |f: GroupField| errors.on(field_id(f));
    let text = move |get: fn(&GroupForm) -> String| slice(form, get);
    view! {
        <fieldset class="govuk-fieldset govuk-form-group">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Status"</legend>
            <div class="govuk-radios govuk-radios--small govuk-form-group">
                {STATUSES.into_iter().map(|(v, l)| {
                    let id = format!("group-status-{v}");
                    view! {
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id=id.clone() type="radio" name="group-status" value=v
                                prop:checked=slice(form, move |f| f.status == v)
                                on:change=move |_| form.update(|f| f.status = v.to_owned()) />
                            <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
            <DateField id=ESTABLISHED label="Date established (optional)" value=text(|f| f.established.clone())
                on_input=Callback::new(move |v| form.update(|f| f.established = v)) error=error(GroupField::Established) />
            <DateField id=DISSOLVED label="Date dissolved (only for a dissolved group)" value=text(|f| f.dissolved.clone())
                on_input=Callback::new(move |v| form.update(|f| f.dissolved = v)) error=error(GroupField::Dissolved) />
        </fieldset>
    }
}
