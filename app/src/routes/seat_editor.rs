//! The seat editor on a group page: role, organisation, category, voting; the holder and a
//! named deputy, picked from the owning partnerships' people (or a person added here);
//! tenure, DBS check and partner agency agreement dates.

use domain::{
    model::{GroupDoc, Organisation, PersonField, PersonForm, PersonProblem, SeatCategory, SeatField, SeatForm, SeatProblem},
    PersonId, SeatId,
};
use leptos::{html, prelude::*};

use crate::{
    components::{focus_error_summary, ErrorMessage, TextInput},
    state::PersonSummary,
};

pub const SEAT_EDIT_ROLE: &str = "seat-edit-role";
const SEAT_EDIT_CATEGORY: &str = "seat-edit-category";
const SEAT_EDIT_HOLDER: &str = "seat-edit-holder";
const SEAT_EDIT_DEPUTY: &str = "seat-edit-deputy";
const SEAT_EDIT_START: &str = "seat-edit-tenure-start";
const SEAT_EDIT_END: &str = "seat-edit-tenure-end";
const SEAT_EDIT_MAX: &str = "seat-edit-max-years";
const SEAT_EDIT_FIRST: &str = "seat-edit-first-appointed";
const SEAT_EDIT_DBS: &str = "seat-edit-dbs";
const SEAT_EDIT_AGREEMENT: &str = "seat-edit-agreement";
const PERSON_NAME: &str = "new-person-name";
const PERSON_JOB: &str = "new-person-job-title";
const PERSON_EMAIL: &str = "new-person-email";
const PERSON_PHONE: &str = "new-person-phone";

pub fn seat_field_id(f: SeatField) -> &'static str {
    match f {
        SeatField::RoleTitle => SEAT_EDIT_ROLE,
        SeatField::Category => SEAT_EDIT_CATEGORY,
        SeatField::Holder => SEAT_EDIT_HOLDER,
        SeatField::Deputy => SEAT_EDIT_DEPUTY,
        // Substitute rule and shared seats (domain helper): ids for the fields to add.
        SeatField::Substitute => "seat-edit-substitute",
        SeatField::Holding => "seat-edit-holding",
        SeatField::Holders => "seat-edit-holders",
        SeatField::TenureStart => SEAT_EDIT_START,
        SeatField::TenureEnd => SEAT_EDIT_END,
        SeatField::MaxTotalYears => SEAT_EDIT_MAX,
        SeatField::FirstAppointed => SEAT_EDIT_FIRST,
        SeatField::DbsChecked => SEAT_EDIT_DBS,
        SeatField::AgreementSigned => SEAT_EDIT_AGREEMENT,
    }
}

pub fn person_field_id(f: PersonField) -> &'static str {
    match f {
        PersonField::Name => PERSON_NAME,
        PersonField::JobTitle => PERSON_JOB,
        PersonField::Email => PERSON_EMAIL,
        PersonField::Phone => PERSON_PHONE,
    }
}

/// A clearly labelled date field (`YYYY-MM-DD` in the browser's date picker) with its
/// inline error.
#[component]
pub fn DateField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = {
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="app-hint" id=hint_id.clone()>{h}</p> })}
            <ErrorMessage field_id=id message=error />
            <input class="govuk-input app-input--date" id=id type="date"
                class=("govuk-input--error", move || error.with(Option::is_some))
                aria-describedby=described
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value()) />
        </div>
    }
}

#[component]
pub fn SeatEditor(
    seat: SeatId,
    doc: Memo<GroupDoc>,
    organisations: Memo<Vec<Organisation>>,
    people: Memo<Vec<PersonSummary>>,
    edit_seat: Callback<(SeatId, SeatForm), Result<(), Vec<SeatProblem>>>,
    add_person: Callback<PersonForm, Result<PersonId, Vec<PersonProblem>>>,
    editing: RwSignal<Option<SeatId>>,
    seat_problems: RwSignal<Vec<SeatProblem>>,
    person_problems: RwSignal<Vec<PersonProblem>>,
    announcement: RwSignal<String>,
    summary: NodeRef<html::Div>,
) -> impl IntoView {
    let initial = doc.with_untracked(|g| g.seats.iter().find(|s| s.id == seat).map(SeatForm::from_seat).unwrap_or_default());
    let role = initial.role_title.clone();
    let form = RwSignal::new(initial);
    let error = move |f: SeatField| {
        Signal::derive(move || seat_problems.with(|ps| ps.iter().find(|p| p.field == f).map(|p| p.message.clone())))
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match edit_seat.run((seat, form.get_untracked())) {
            Ok(()) => {
                seat_problems.set(Vec::new());
                announcement.set(format!("Seat saved: {}", form.with_untracked(|f| f.role_title.trim().to_owned())));
                editing.set(None);
            }
            Err(ps) => {
                seat_problems.set(ps);
                focus_error_summary(summary);
            }
        }
    };
    let person = RwSignal::new(PersonForm::default());
    let person_error = move |f: PersonField| {
        Signal::derive(move || person_problems.with(|ps| ps.iter().find(|p| p.field == f).map(|p| p.message.clone())))
    };
    let on_add_person = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match add_person.run(person.get_untracked().or_organisation(&form.with_untracked(|f| f.organisation.clone()))) {
            Ok(id) => {
                person_problems.set(Vec::new());
                let name = person.with_untracked(|p| p.name.trim().to_owned());
                let as_holder = form.with_untracked(|f| f.holder.is_empty());
                form.update(|f| if as_holder { f.holder = id.to_string() } else if f.deputy.is_empty() { f.deputy = id.to_string() });
                person.set(PersonForm::default());
                announcement.set(format!(
                    "Person added: {name}{}",
                    if as_holder { ", selected as holder" } else { "" }
                ));
            }
            Err(ps) => {
                person_problems.set(ps);
                focus_error_summary(summary);
            }
        }
    };
    let person_options = move |selected: fn(&SeatForm) -> String, none: &'static str| {
        view! {
            <option value="" selected=move || form.with(|f| selected(f).is_empty())>{none}</option>
            {move || people.get().into_iter().map(|p| {
                let value = p.id.to_string();
                let v2 = value.clone();
                view! { <option value=value selected=move || form.with(|f| selected(f) == v2)>{p.label}</option> }
            }).collect_view()}
        }
    };
    let text = move |get: fn(&SeatForm) -> String| Signal::derive(move || form.with(get));
    view! {
        <section class="app-panel" data-testid="seat-editor" aria-labelledby="seat-editor-h">
            <h3 class="govuk-heading-s" id="seat-editor-h">"Edit seat: " {role}</h3>
            <form class="app-form" novalidate on:submit=on_save>
                <TextInput id=SEAT_EDIT_ROLE label="Role" value=text(|f| f.role_title.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.role_title = v)) error=error(SeatField::RoleTitle) />
                <div class="govuk-form-group">
                    <label class="govuk-label" for="seat-edit-organisation">"Organisation"</label>
                    <select class="govuk-select" id="seat-edit-organisation" on:change:target=move |ev| form.update(|f| f.organisation = ev.target().value())>
                        <option value="" selected=move || form.with(|f| f.organisation.is_empty())>"None (for example a lay member)"</option>
                        {move || organisations.get().into_iter().map(|o| {
                            let value = o.id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || form.with(|f| f.organisation == v2)>{o.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(SeatField::Category).with(Option::is_some))>
                    <label class="govuk-label" for=SEAT_EDIT_CATEGORY>"Category"</label>
                    <ErrorMessage field_id=SEAT_EDIT_CATEGORY message=error(SeatField::Category) />
                    <select class="govuk-select" id=SEAT_EDIT_CATEGORY on:change:target=move |ev| form.update(|f| f.category = ev.target().value())>
                        {SeatCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.token() selected=move || form.with(|f| f.category == c.token())>{c.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="govuk-fieldset govuk-form-group">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Voting"</legend>
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id="seat-edit-voting" type="checkbox"
                                prop:checked=move || form.with(|f| f.voting)
                                on:change:target=move |ev| form.update(|f| f.voting = ev.target().checked()) />
                            <label class="govuk-label govuk-checkboxes__label" for="seat-edit-voting">"This seat votes"</label>
                        </div>
                    </div>
                </fieldset>
                <fieldset class="govuk-fieldset govuk-form-group">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Who holds the seat"</legend>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(SeatField::Holder).with(Option::is_some))>
                        <label class="govuk-label" for=SEAT_EDIT_HOLDER>"Holder"</label>
                        <ErrorMessage field_id=SEAT_EDIT_HOLDER message=error(SeatField::Holder) />
                        <select class="govuk-select" id=SEAT_EDIT_HOLDER on:change:target=move |ev| form.update(|f| f.holder = ev.target().value())>
                            {person_options(|f| f.holder.clone(), "Vacant")}
                        </select>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(SeatField::Deputy).with(Option::is_some))>
                        <label class="govuk-label" for=SEAT_EDIT_DEPUTY>"Named deputy"</label>
                        <ErrorMessage field_id=SEAT_EDIT_DEPUTY message=error(SeatField::Deputy) />
                        <select class="govuk-select" id=SEAT_EDIT_DEPUTY on:change:target=move |ev| form.update(|f| f.deputy = ev.target().value())>
                            {person_options(|f| f.deputy.clone(), "No deputy")}
                        </select>
                    </div>
                    <p class="app-hint">"Not listed? Add the person below the seat form; they are then selected as holder."</p>
                </fieldset>
                <fieldset class="govuk-fieldset govuk-form-group">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Tenure"</legend>
                    <DateField id=SEAT_EDIT_START label="Tenure starts" value=text(|f| f.tenure_start.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.tenure_start = v)) error=error(SeatField::TenureStart) />
                    <DateField id=SEAT_EDIT_END label="Tenure ends" value=text(|f| f.tenure_end.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.tenure_end = v)) error=error(SeatField::TenureEnd) />
                    <div class="govuk-checkboxes govuk-checkboxes--small govuk-form-group">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id="seat-edit-renewable" type="checkbox"
                                prop:checked=move || form.with(|f| f.renewable)
                                on:change:target=move |ev| form.update(|f| f.renewable = ev.target().checked()) />
                            <label class="govuk-label govuk-checkboxes__label" for="seat-edit-renewable">"Renewable"</label>
                        </div>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(SeatField::MaxTotalYears).with(Option::is_some))>
                        <label class="govuk-label" for=SEAT_EDIT_MAX>"Longest total tenure, in years"</label>
                        <ErrorMessage field_id=SEAT_EDIT_MAX message=error(SeatField::MaxTotalYears) />
                        <input class="govuk-input govuk-input--width-3" id=SEAT_EDIT_MAX type="text" inputmode="numeric"
                            prop:value=move || form.with(|f| f.max_total_years.clone())
                            on:input:target=move |ev| form.update(|f| f.max_total_years = ev.target().value()) />
                    </div>
                    <DateField id=SEAT_EDIT_FIRST label="First appointed to this seat" hint="For the longest total tenure"
                        value=text(|f| f.first_appointed.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.first_appointed = v)) error=error(SeatField::FirstAppointed) />
                </fieldset>
                <DateField id=SEAT_EDIT_DBS label="DBS check date" hint="Checks are renewed every 3 years"
                    value=text(|f| f.dbs_checked.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.dbs_checked = v)) error=error(SeatField::DbsChecked) />
                <DateField id=SEAT_EDIT_AGREEMENT label="Partner agency agreement signed"
                    value=text(|f| f.agreement_signed.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.agreement_signed = v)) error=error(SeatField::AgreementSigned) />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-seat">"Save seat"</button>
                    <button type="button" class="govuk-button govuk-button--secondary"
                        on:click=move |_| { seat_problems.set(Vec::new()); editing.set(None); }>"Cancel"</button>
                </div>
            </form>
            <form class="app-form" novalidate on:submit=on_add_person data-testid="add-person-form">
                <h4 class="govuk-heading-s">"Add a person"</h4>
                <TextInput id=PERSON_NAME label="Full name" spellcheck=false value=Signal::derive(move || person.with(|p| p.name.clone()))
                    on_input=Callback::new(move |v| person.update(|p| p.name = v)) error=person_error(PersonField::Name) />
                <TextInput id=PERSON_JOB label="Job title" value=Signal::derive(move || person.with(|p| p.job_title.clone()))
                    on_input=Callback::new(move |v| person.update(|p| p.job_title = v)) error=person_error(PersonField::JobTitle) />
                <TextInput id=PERSON_EMAIL label="Email address (optional)" spellcheck=false value=Signal::derive(move || person.with(|p| p.email.clone()))
                    on_input=Callback::new(move |v| person.update(|p| p.email = v)) error=person_error(PersonField::Email) />
                <TextInput id=PERSON_PHONE label="Phone number (optional)" spellcheck=false value=Signal::derive(move || person.with(|p| p.phone.clone()))
                    on_input=Callback::new(move |v| person.update(|p| p.phone = v)) error=person_error(PersonField::Phone) />
                <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-person">"Add person"</button>
            </form>
        </section>
    }
}
