//! `/groups/:id/edit/details`: name, kind, purpose, status, how often it meets, where it
//! reports, chairing and the review date.

use domain::model::{GroupDoc, GroupField, GroupForm, GroupKind, CADENCES, CHAIR_KINDS, FREQUENCY_UNITS};
use leptos::prelude::*;

use super::{
    errors::{PageErrorSummary, PageErrors},
    rules_form, use_return_to_group, FormPage, GroupData,
};
use crate::{
    components::{ErrorMessage, FieldError, TextInput},
    routes::partnership::notice::TextSaved,
    state::GroupSummary,
};

pub(super) const NAME: &str = "group-name-field";
pub(super) const KIND: &str = "group-kind-field";
pub(super) const PURPOSE: &str = "group-purpose-field";
pub(super) const FREQ_COUNT: &str = "group-frequency-count";
pub(super) const FREQ_UNIT: &str = "group-frequency-unit";
const FREQ_NOTE: &str = "group-frequency-note";
pub(super) const REPORTS_TO: &str = "group-reports-to";
pub(super) const CADENCE: &str = "group-cadence";
const CHAIR_KIND: &str = "group-chair-kind";
pub(super) const CHAIR_ROLES: &str = "group-chair-roles";
pub(super) const ROTATION: &str = "group-rotation-months";
const VICE: &str = "group-vice-chair";
pub(super) const REVIEW: &str = "group-review-date";

const FORM: &str = "details";
const TRANSFER_GROUP: &str = "group-transfer-group";
const TRANSFER_BODY: &str = "group-transfer-body";
const TRANSFER_WHEN: &str = "group-transfer-when";
const TRANSFER_NOTE: &str = "group-transfer-note";

/// The input each field of the group form is checked against.
pub(super) fn field_id(f: GroupField) -> &'static str {
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
        GroupField::PapersDeadline => rules_form::PAPERS,
        GroupField::AgendaCirculation => rules_form::AGENDA,
        GroupField::Quorum => rules_form::QUORUM,
        GroupField::CastingVote => rules_form::CASTING,
        GroupField::SpecialMajorities => rules_form::SPECIALS,
        GroupField::Attendance => rules_form::ATTEND,
        GroupField::Status => rules_form::STATUS,
        GroupField::Established => rules_form::ESTABLISHED,
        GroupField::Dissolved => rules_form::DISSOLVED,
        GroupField::Version => rules_form::VERSION,
        GroupField::TransfersTo => TRANSFER_GROUP,
        GroupField::TransferWhen => TRANSFER_WHEN,
        GroupField::TransferNote => TRANSFER_NOTE,
    }
}

/// The group form ([`use_edit_form`]) and what it was filled with.
#[derive(Clone, Copy)]
pub(super) struct EditForm {
    pub form: RwSignal<GroupForm>,
    /// The group's values the form last took: a field still equal to its base was not
    /// changed by the person, so saving takes the group's value then ([`GroupForm::rebase`]).
    base: StoredValue<GroupForm>,
}

/// The group form, filled from the document, following other people's changes until the
/// person edits it.
pub(super) fn use_edit_form(doc: Memo<GroupDoc>) -> EditForm {
    let form = RwSignal::new(doc.with_untracked(GroupForm::from_group));
    let base = StoredValue::new(form.get_untracked());
    let followed = StoredValue::new(form.get_untracked());
    Effect::new(move |_| {
        let current = doc.with(GroupForm::from_group);
        if form.get_untracked() == followed.get_value() {
            form.set(current.clone());
            base.set_value(current.clone());
        }
        followed.set_value(current);
    });
    EditForm { form, base }
}

/// One part of a form as its own memo: what shows it re-renders only when that part changes,
/// not on every keystroke elsewhere in the form (a select of fifty groups is not walked again
/// for each letter typed in the purpose).
pub(super) fn slice<T>(form: RwSignal<GroupForm>, get: impl Fn(&GroupForm) -> T + Send + Sync + 'static) -> Signal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| form.with(|f| get(f))).into()
}

/// Saves `form` through `data`; on success returns to the group saying `done`, else names
/// every problem in `errors` (as `which` form).
pub(super) fn submit(data: GroupData, edit: EditForm, errors: PageErrors, which: &'static str, done: Callback<String>, message: &'static str) {
    crate::repo::probe::mark("save");
    // Only what the person changed is written: others' changes since the form opened stay.
    let (typed, base) = (edit.form.get_untracked(), edit.base.get_value());
    let theirs = data.doc.with_untracked(GroupForm::from_group);
    let form = typed.rebase(&base, &theirs);
    // The purpose is free text, merged with another person's change to other words: the
    // banner says so, so the person reads it again.
    let outcome = TextSaved::of(&base.purpose, &typed.purpose, &theirs.purpose, &form.purpose);
    match data.hook.save.run(form) {
        Ok(()) => {
            errors.clear(which);
            crate::repo::probe::timed("save.navigate", || done.run(outcome.notice(message, "the purpose")));
        }
        Err(ps) => errors.fail(which, ps.into_iter().map(|p| FieldError { field_id: field_id(p.field), message: p.message }).collect()),
    }
}

#[component]
pub fn DetailsForm(data: GroupData) -> impl IntoView {
    let edit = use_edit_form(data.doc);
    let form = edit.form;
    let errors = PageErrors::new();
    let done = use_return_to_group(data.id);
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(data, edit, errors, FORM, done, "Group details saved");
    };
    let error = move |f: GroupField| errors.on(field_id(f));
    let others = data.hook.others;
    view! {
        <FormPage data title="Change the group's details">
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_save data-testid="group-edit">
                <TextInput id=NAME label="Name" value=slice(form, move |f| f.name.clone())
                    on_input=Callback::new(move |v| form.update(|f| f.name = v)) error=error(GroupField::Name) />
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Kind).with(Option::is_some))>
                    <label class="govuk-label" for=KIND>"Kind of group"</label>
                    <ErrorMessage field_id=KIND message=error(GroupField::Kind) />
                    <select class="govuk-select" id=KIND on:change:target=move |ev| form.update(|f| f.kind = ev.target().value())>
                        {GroupKind::ALL.into_iter().map(|k| view! {
                            <option value=k.token() selected=slice(form, move |f| f.kind == k.token())>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Purpose).with(Option::is_some))>
                    <label class="govuk-label" for=PURPOSE>"Purpose"</label>
                    <ErrorMessage field_id=PURPOSE message=error(GroupField::Purpose) />
                    <textarea class="govuk-textarea" id=PURPOSE rows="5"
                        prop:value=slice(form, move |f| f.purpose.clone())
                        on:input:target=move |ev| form.update(|f| f.purpose = ev.target().value())></textarea>
                </div>
                <rules_form::StatusFields form errors />
                <FrequencyFields form error=error(GroupField::FrequencyCount) />
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::ReportsTo).with(Option::is_some))>
                    <label class="govuk-label" for=REPORTS_TO>"Reports to"</label>
                    <ErrorMessage field_id=REPORTS_TO message=error(GroupField::ReportsTo) />
                    <select class="govuk-select" id=REPORTS_TO on:change:target=move |ev| form.update(|f| f.reports_to = ev.target().value())>
                        <option value="" selected=slice(form, move |f| f.reports_to.is_empty())>"No group"</option>
                        {move || others.get().into_iter().map(|o: GroupSummary| {
                            let value = o.id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=slice(form, move |f| f.reports_to == v2)>{o.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::Cadence).with(Option::is_some))>
                    <label class="govuk-label" for=CADENCE>"Reports how often"</label>
                    <ErrorMessage field_id=CADENCE message=error(GroupField::Cadence) />
                    <select class="govuk-select" id=CADENCE on:change:target=move |ev| form.update(|f| f.cadence = ev.target().value())>
                        {CADENCES.into_iter().map(|(v, l)| view! {
                            <option value=v selected=slice(form, move |f| f.cadence == v)>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Chairing"</legend>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=CHAIR_KIND>"How the group is chaired"</label>
                        <select class="govuk-select" id=CHAIR_KIND on:change:target=move |ev| form.update(|f| f.chair_kind = ev.target().value())>
                            {CHAIR_KINDS.into_iter().map(|(v, l)| view! {
                                <option value=v selected=slice(form, move |f| f.chair_kind == v)>{l}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::ChairRoles).with(Option::is_some))>
                        <label class="govuk-label" for=CHAIR_ROLES>"Chair's role, or each co-chair's or rotating chair's role"</label>
                        <p class="app-hint" id="group-chair-roles-hint">"One role a line, for example Head of Service (Children's Safeguarding), Rutland"</p>
                        <ErrorMessage field_id=CHAIR_ROLES message=error(GroupField::ChairRoles) />
                        <textarea class="govuk-textarea" id=CHAIR_ROLES rows="3" aria-describedby="group-chair-roles-hint"
                            prop:value=slice(form, move |f| f.chair_roles.clone())
                            on:input:target=move |ev| form.update(|f| f.chair_roles = ev.target().value())></textarea>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::RotationMonths).with(Option::is_some))>
                        <label class="govuk-label" for=ROTATION>"Months each rotating chair serves"</label>
                        <ErrorMessage field_id=ROTATION message=error(GroupField::RotationMonths) />
                        <input class="govuk-input govuk-input--width-3" id=ROTATION type="text" inputmode="numeric"
                            prop:value=slice(form, move |f| f.rotation_months.clone())
                            on:input:target=move |ev| form.update(|f| f.rotation_months = ev.target().value()) />
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=VICE>"Vice chair"</label>
                        <input class="govuk-input" id=VICE type="text" autocomplete="off"
                            prop:value=slice(form, move |f| f.vice_chair.clone())
                            on:input:target=move |ev| form.update(|f| f.vice_chair = ev.target().value()) />
                    </div>
                </fieldset>
                <fieldset class="govuk-fieldset" data-testid="transfer-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Transfers to (optional)"</legend>
                    <p class="app-hint">"When this group's work passes to another group, or to a body outside Quorum"</p>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::TransfersTo).with(Option::is_some))>
                        <label class="govuk-label" for=TRANSFER_GROUP>"A group"</label>
                        <ErrorMessage field_id=TRANSFER_GROUP message=error(GroupField::TransfersTo) />
                        <select class="govuk-select" id=TRANSFER_GROUP on:change:target=move |ev| form.update(|f| f.transfer_group = ev.target().value())>
                            <option value="" selected=slice(form, move |f| f.transfer_group.is_empty())>"No group"</option>
                            {move || others.get().into_iter().map(|o: GroupSummary| {
                                let value = o.id.to_string();
                                let v2 = value.clone();
                                view! { <option value=value selected=slice(form, move |f| f.transfer_group == v2)>{o.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput id=TRANSFER_BODY label="Or a body outside Quorum, for example Leicester Health and Wellbeing Board"
                        value=slice(form, move |f| f.transfer_body.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.transfer_body = v)) error=Signal::derive(|| None) />
                    <TextInput id=TRANSFER_WHEN label="When, for example April 2019" value=slice(form, move |f| f.transfer_when.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.transfer_when = v)) error=error(GroupField::TransferWhen) />
                    <TextInput id=TRANSFER_NOTE label="Note (optional)" value=slice(form, move |f| f.transfer_note.clone())
                        on_input=Callback::new(move |v| form.update(|f| f.transfer_note = v)) error=error(GroupField::TransferNote) />
                </fieldset>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(GroupField::ReviewDate).with(Option::is_some))>
                    <label class="govuk-label" for=REVIEW>"Terms of reference review date"</label>
                    <ErrorMessage field_id=REVIEW message=error(GroupField::ReviewDate) />
                    <input class="govuk-input app-input--date" id=REVIEW type="date"
                        prop:value=slice(form, move |f| f.review_date.clone())
                        on:input:target=move |ev| form.update(|f| f.review_date = ev.target().value()) />
                </div>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-group">"Save details"</button>
                    <a class="govuk-link" href=crate::routes::group_href(data.id)>"Cancel"</a>
                </div>
            </form>
        </FormPage>
    }
}

/// "How often it meets": every [number] [weeks / months], or at least [number] times a year,
/// with an optional qualifier — one fieldset, each input labelled.
#[component]
fn FrequencyFields(form: RwSignal<GroupForm>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby="group-frequency-hint" data-testid="frequency-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"How often it meets"</legend>
                <p class="app-hint" id="group-frequency-hint">"For example, every 2 months, at least 4 times a year, or as and when required"</p>
                <ErrorMessage field_id=FREQ_COUNT message=error />
                <div class="app-inline-fields">
                    <div class="govuk-form-group app-inline-field">
                        <label class="govuk-label" for=FREQ_COUNT>"How many (not for as and when required)"</label>
                        <input class="govuk-input govuk-input--width-3" id=FREQ_COUNT type="text" inputmode="numeric"
                            class=("govuk-input--error", move || error.with(Option::is_some))
                            prop:value=slice(form, move |f| f.frequency_count.clone())
                            on:input:target=move |ev| form.update(|f| f.frequency_count = ev.target().value()) />
                    </div>
                    <div class="govuk-form-group app-inline-field">
                        <label class="govuk-label" for=FREQ_UNIT>"Weeks, months, times a year, or as required"</label>
                        <select class="govuk-select" id=FREQ_UNIT on:change:target=move |ev| form.update(|f| f.frequency_unit = ev.target().value())>
                            {FREQUENCY_UNITS.into_iter().map(|(v, l)| view! { <option value=v selected=slice(form, move |f| f.frequency_unit == v)>{l}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=FREQ_NOTE>"Qualifier (optional), for example or more frequently if required"</label>
                    <input class="govuk-input" id=FREQ_NOTE type="text" autocomplete="off"
                        prop:value=slice(form, move |f| f.frequency_note.clone())
                        on:input:target=move |ev| form.update(|f| f.frequency_note = ev.target().value()) />
                </div>
            </fieldset>
        </div>
    }
}
