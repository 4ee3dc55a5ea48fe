//! `/groups/:id/seats/:seat`: the seat form — role, organisation, category, voting; the
//! holder and a named deputy, picked from the owning partnerships' people (or a person added
//! here); tenure, DBS check and partner agency agreement dates — and removing the seat.
//! `/groups/:id/seats/new` adds a seat. Each form's errors are summarised at the top of that
//! form, and focus moves there.

use domain::{
    model::{GroupDoc, Organisation, PersonField, PersonForm, PersonProblem, Rebase, SeatCategory, SeatField, SeatForm, SeatProblem},
    PersonId, SeatId,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    errors::{PageErrorSummary, PageErrors},
    use_return_to_group, FormPage, GroupData,
};
use crate::{
    components::{ErrorMessage, FieldError, TextInput},
    error::AppError,
    routes::{group_href, not_found::NotFound},
    state::{PersonSummary, SeatDraft},
};

const SEAT_ROLE: &str = "seat-role-field";
const SEAT_FORM: &str = "seat";
const PERSON_FORM: &str = "person";

/// `/groups/:id/seats/:seat` (or `new`).
#[component]
pub fn SeatPage() -> impl IntoView {
    let data = super::use_group_data();
    view! { <SeatBody data /> }
}

#[component]
fn SeatBody(data: GroupData) -> impl IntoView {
    let params = use_params_map();
    let seat = Memo::new(move |_| params.with(|p| p.get("seat")));
    move || match seat.get().as_deref() {
        Some("new") => view! { <AddSeat data /> }.into_any(),
        Some(s) => match s.parse::<SeatId>() {
            Ok(seat) if data.doc.with(|g| g.seats.iter().any(|x| x.id == seat)) => view! { <SeatEditor data seat /> }.into_any(),
            _ => view! {
                <FormPage data title="This seat is not on the group">
                    <p class="govuk-body">"It may have been removed. "<a class="govuk-link" href=group_href(data.id)>"Back to the group"</a></p>
                </FormPage>
            }.into_any(),
        },
        None => view! { <NotFound /> }.into_any(),
    }
}

/// Adds a seat: role, organisation, category, voting.
#[component]
fn AddSeat(data: GroupData) -> impl IntoView {
    let errors = PageErrors::new();
    let done = use_return_to_group(data.id);
    let add_seat: Callback<SeatDraft, Result<SeatId, AppError>> = data.seats.add_seat;
    let organisations = data.hook.organisations;
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
            Ok(_) => done.run(format!("Seat added: {}", seat_role.get_untracked().trim())),
            Err(e) => errors.fail_one(SEAT_FORM, SEAT_ROLE, e.to_string()),
        }
    };
    view! {
        <FormPage data title="Add a seat">
            <form class="app-form" novalidate on:submit=on_add_seat data-testid="add-seat-form">
                <PageErrorSummary errors />
                <TextInput id=SEAT_ROLE label="Role" name="seat-role" value=seat_role
                    on_input=Callback::new(move |v| seat_role.set(v)) error=errors.on(SEAT_ROLE) />
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
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="add-seat">"Add seat"</button>
                    <a class="govuk-link" href=group_href(data.id)>"Cancel"</a>
                </div>
            </form>
        </FormPage>
    }
}

pub(super) const SEAT_EDIT_ROLE: &str = "seat-edit-role";
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

pub(super) fn seat_field_id(f: SeatField) -> &'static str {
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

pub(super) fn person_field_id(f: PersonField) -> &'static str {
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

/// What the seat's signature records: the version signed and by whom, or, for a date being
/// entered, the version it will record.
fn agreement_note(rules: &domain::model::ComplianceRules, (signed, version, by): &(String, String, String), initial_signed: &str) -> String {
    let title = &rules.agreement.title;
    if signed.trim().is_empty() {
        return match rules.current_version() {
            Some(v) => format!("A date entered here records that version {v} of the {title} was signed."),
            None => format!("A date entered here records that the {title} was signed."),
        };
    }
    if signed.trim() != initial_signed.trim() {
        return match rules.current_version() {
            Some(v) => format!("Saving records that version {v} of the {title} was signed on this date."),
            None => format!("Saving records that the {title} was signed on this date."),
        };
    }
    let earlier = if rules.is_current(Some(version.as_str()).filter(|v| !v.is_empty())) {
        ""
    } else {
        " This is an earlier version: enter the date the current one was signed."
    };
    let version = if version.is_empty() { "an unversioned copy".to_owned() } else { format!("version {version}") };
    let by = if by.is_empty() { String::new() } else { format!(", recorded by {by}") };
    format!("Signed {version}{by}.{earlier}")
}

#[component]
fn SeatEditor(data: GroupData, seat: SeatId) -> impl IntoView {
    let doc: Memo<GroupDoc> = data.doc;
    let organisations: Memo<Vec<Organisation>> = data.hook.organisations;
    let people: Memo<Vec<PersonSummary>> = data.seats.people;
    let edit_seat: Callback<(SeatId, SeatForm), Result<(), Vec<SeatProblem>>> = data.seats.edit_seat;
    let add_person: Callback<PersonForm, Result<PersonId, Vec<PersonProblem>>> = data.seats.add_person;
    let remove_seat = data.seats.remove_seat;
    let done = use_return_to_group(data.id);
    let seat_errors = PageErrors::new();
    let person_errors = PageErrors::new();
    let announcement = RwSignal::new(String::new());
    let initial = doc.with_untracked(|g| g.seats.iter().find(|s| s.id == seat).map(SeatForm::from_seat).unwrap_or_default());
    let role = initial.role_title.clone();
    let initial_signed = initial.agreement_signed.clone();
    let compliance = data.hook.compliance;
    let base = StoredValue::new(initial.clone());
    let form = RwSignal::new(initial);
    let error = move |f: SeatField| seat_errors.on(seat_field_id(f));
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Only what the person changed is written: others' changes since the form opened stay.
        let current = doc.with_untracked(|g| g.seats.iter().find(|s| s.id == seat).map(SeatForm::from_seat));
        let saved = form.get_untracked().rebase_onto(Some(&base.get_value()), current);
        match edit_seat.run((seat, saved)) {
            Ok(()) => {
                seat_errors.clear(SEAT_FORM);
                done.run(format!("Seat saved: {}", form.with_untracked(|f| f.role_title.trim().to_owned())));
            }
            Err(ps) => seat_errors.fail(SEAT_FORM, ps.into_iter().map(|p| FieldError { field_id: seat_field_id(p.field), message: p.message }).collect()),
        }
    };
    let person = RwSignal::new(PersonForm::default());
    let person_error = move |f: PersonField| person_errors.on(person_field_id(f));
    let on_add_person = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match add_person.run(person.get_untracked().or_organisation(&form.with_untracked(|f| f.organisation.clone()))) {
            Ok(id) => {
                person_errors.clear(PERSON_FORM);
                let name = person.with_untracked(|p| p.name.trim().to_owned());
                let as_holder = form.with_untracked(|f| f.holder.is_empty());
                form.update(|f| if as_holder { f.holder = id.to_string() } else if f.deputy.is_empty() { f.deputy = id.to_string() });
                person.set(PersonForm::default());
                announcement.set(format!(
                    "Person added: {name}{}",
                    if as_holder { ", selected as holder" } else { "" }
                ));
            }
            Err(ps) => person_errors.fail(PERSON_FORM, ps.into_iter().map(|p| FieldError { field_id: person_field_id(p.field), message: p.message }).collect()),
        }
    };
    let on_remove = {
        let role = role.clone();
        move |_| match remove_seat.run(seat) {
            Ok(()) => done.run(format!("Seat removed: {role}")),
            Err(e) => seat_errors.fail_one(SEAT_FORM, SEAT_EDIT_ROLE, e.to_string()),
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
        <FormPage data title="Change a seat">
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <section data-testid="seat-editor" aria-labelledby="seat-editor-h">
            <h2 class="govuk-heading-m" id="seat-editor-h">{role.clone()}</h2>
            <form class="app-form" novalidate on:submit=on_save data-testid="seat-form">
                <PageErrorSummary errors=seat_errors />
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
                    <fieldset class="govuk-fieldset govuk-form-group" id="seat-edit-holding" tabindex="-1">
                        <legend class="govuk-fieldset__legend">"Held by"</legend>
                        <ErrorMessage field_id="seat-edit-holding" message=error(SeatField::Holding) />
                        <div class="govuk-radios govuk-radios--small">
                            {[("single", "One person"), ("shared", "Several people together, for example the trainers")].into_iter().map(|(v, l)| {
                                let id = format!("seat-edit-holding-{v}");
                                view! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id=id.clone() type="radio" name="seat-holding" value=v
                                            prop:checked=move || form.with(|f| f.holding == v || (f.holding.is_empty() && v == "single"))
                                            on:change=move |_| form.update(|f| f.holding = v.to_owned()) />
                                        <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <fieldset class="govuk-fieldset govuk-form-group" id="seat-edit-holders" tabindex="-1" hidden=move || form.with(|f| f.holding != "shared")>
                        <legend class="govuk-fieldset__legend">"Holders"</legend>
                        <ErrorMessage field_id="seat-edit-holders" message=error(SeatField::Holders) />
                        <div class="govuk-checkboxes govuk-checkboxes--small" data-testid="seat-holders">
                            {move || people.get().into_iter().map(|p| {
                                let id = format!("seat-edit-holder-{}", p.id);
                                let value = p.id.to_string();
                                let (v1, v2) = (value.clone(), value.clone());
                                view! {
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id=id.clone() type="checkbox"
                                            prop:checked=move || form.with(|f| f.holders.contains(&v1))
                                            on:change:target=move |ev| {
                                                let on = ev.target().checked();
                                                form.update(|f| {
                                                    f.holders.retain(|x| *x != v2);
                                                    if on { f.holders.push(v2.clone()); }
                                                });
                                            } />
                                        <label class="govuk-label govuk-checkboxes__label" for=id>{p.label}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="govuk-form-group" hidden=move || form.with(|f| f.holding == "shared") class=("govuk-form-group--error", move || error(SeatField::Holder).with(Option::is_some))>
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
                    <fieldset class="govuk-fieldset govuk-form-group" id="seat-edit-substitute" tabindex="-1">
                        <legend class="govuk-fieldset__legend">"Who may attend in the holder's place"</legend>
                        <ErrorMessage field_id="seat-edit-substitute" message=error(SeatField::Substitute) />
                        <div class="govuk-radios govuk-radios--small">
                            {[("named-deputy", "The named deputy"), ("any-colleague", "Any colleague from the same organisation"), ("none", "Nobody")].into_iter().map(|(v, l)| {
                                let id = format!("seat-edit-substitute-{v}");
                                view! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id=id.clone() type="radio" name="seat-substitute" value=v
                                            prop:checked=move || form.with(|f| f.substitute == v || (f.substitute.is_empty() && v == "named-deputy"))
                                            on:change=move |_| form.update(|f| f.substitute = v.to_owned()) />
                                        <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <p class="app-hint">"Not listed? Add the person below this form; they are then selected as holder."</p>
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
                <DateField id=SEAT_EDIT_DBS label="DBS check date" hint="How long a check stays valid is set in the partnership's compliance rules"
                    value=text(|f| f.dbs_checked.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.dbs_checked = v)) error=error(SeatField::DbsChecked) />
                <DateField id=SEAT_EDIT_AGREEMENT label="Partner agency agreement signed"
                    value=text(|f| f.agreement_signed.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.agreement_signed = v)) error=error(SeatField::AgreementSigned) />
                <p class="govuk-body app-hint" data-testid="agreement-version-note">{move || agreement_note(&compliance.get(), &form.with(|f| (f.agreement_signed.clone(), f.agreement_version.clone(), f.recorded_by.clone())), &initial_signed)}</p>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-seat">"Save seat"</button>
                    <a class="govuk-link" href=group_href(data.id)>"Cancel"</a>
                </div>
            </form>
            <form class="app-form" novalidate on:submit=on_add_person data-testid="add-person-form">
                <h3 class="govuk-heading-s">"Add a person"</h3>
                <PageErrorSummary errors=person_errors />
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
            <h3 class="govuk-heading-s">"Remove this seat"</h3>
            <p class="govuk-body">"The seat and its dates go from the group; the people stay in the directory."</p>
            <button type="button" class="govuk-button govuk-button--warning" data-testid="remove-seat" on:click=on_remove>
                "Remove seat"<span class="govuk-visually-hidden">": " {role}</span>
            </button>
        </section>
        </FormPage>
    }
}
