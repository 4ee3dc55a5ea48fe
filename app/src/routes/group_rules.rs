//! The rules part of the group edit form: quorum, decisions, attendance, status and version.

use domain::model::{FormProblem, GroupField, GroupForm, Organisation, MAJORITIES, QUORUM_KINDS, STATUSES};
use leptos::prelude::*;

use super::seat_editor::DateField;
use crate::components::{ErrorMessage, TextInput};

pub const QUORUM: &str = "group-quorum-kind";
pub const CASTING: &str = "group-casting-vote";
pub const SPECIALS: &str = "group-special-majorities";
pub const ATTEND: &str = "group-attend";
pub const STATUS: &str = "group-status-proposed";
pub const ESTABLISHED: &str = "group-established";
pub const DISSOLVED: &str = "group-dissolved";
pub const VERSION: &str = "group-version";

#[component]
pub fn RulesFields(
    form: RwSignal<GroupForm>,
    problems: RwSignal<Vec<FormProblem>>,
    organisations: Memo<Vec<Organisation>>,
) -> impl IntoView {
    let error = move |f: GroupField| {
        Signal::derive(move || problems.with(|ps| ps.iter().find(|p| p.field == f).map(|p| p.message.clone())))
    };
    let text = move |get: fn(&GroupForm) -> String| Signal::derive(move || form.with(get));
    let number = move |id: &'static str, label: &'static str, get: fn(&GroupForm) -> String, set: fn(&mut GroupForm, String)| {
        view! {
            <div class="govuk-form-group">
                <label class="govuk-label" for=id>{label}</label>
                <input class="govuk-input govuk-input--width-3" id=id type="text" inputmode="numeric"
                    prop:value=move || form.with(get)
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
                        <option value=v selected=move || form.with(|f| f.quorum_kind == v)>{l}</option>
                    }).collect_view()}
                </select>
            </div>
            <div hidden=move || form.with(|f| f.quorum_kind != "share")>
                {number("group-quorum-numerator", "Share: this many voting members…", |f| f.quorum_numerator.clone(), |f, v| f.quorum_numerator = v)}
                {number("group-quorum-denominator", "…in every (for 50%, 1 in 2)", |f| f.quorum_denominator.clone(), |f, v| f.quorum_denominator = v)}
            </div>
            <div hidden=move || form.with(|f| f.quorum_kind != "count")>
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
                                    prop:checked=move || form.with(|f| f.quorum_organisations.contains(&v1))
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
                        prop:checked=move || form.with(|f| f.consensus_first)
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
                                    prop:checked=move || form.with(|f| f.majority == v || (f.majority.is_empty() && v == "simple"))
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
                    prop:value=move || form.with(|f| f.special_majorities.clone())
                    on:input:target=move |ev| form.update(|f| f.special_majorities = ev.target().value())></textarea>
            </div>
        </fieldset>

        <fieldset class="govuk-fieldset govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Attendance).with(Option::is_some))>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Attendance expected"</legend>
            <ErrorMessage field_id=ATTEND message=error(GroupField::Attendance) />
            {number(ATTEND, "Members should attend this many meetings…", |f| f.attend.clone(), |f, v| f.attend = v)}
            {number("group-of-meetings", "…out of this many", |f| f.of_meetings.clone(), |f, v| f.of_meetings = v)}
            {number("group-absences-trigger", "Consecutive missed meetings before a letter from the chair (optional)", |f| f.absences_trigger.clone(), |f, v| f.absences_trigger = v)}
        </fieldset>

        <fieldset class="govuk-fieldset govuk-form-group">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Status"</legend>
            <div class="govuk-radios govuk-radios--small govuk-form-group">
                {STATUSES.into_iter().map(|(v, l)| {
                    let id = format!("group-status-{v}");
                    view! {
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id=id.clone() type="radio" name="group-status" value=v
                                prop:checked=move || form.with(|f| f.status == v)
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
        <TextInput id=VERSION label="Terms of reference version" value=text(|f| f.version.clone())
            on_input=Callback::new(move |v| form.update(|f| f.version = v)) error=error(GroupField::Version) />
    }
}
