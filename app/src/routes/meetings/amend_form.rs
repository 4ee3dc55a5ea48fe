//! `/meetings/:id/minutes/amend`: approved minutes are read-only; changing them is an
//! amendment recorded with why and by whom, listed under the minutes.

use domain::DocumentId;
use leptos::prelude::*;

use super::{id_param, meeting::{meeting_memo, meeting_title, MeetingShell}, use_return_to_meeting, MeetingFormPage};
use crate::{
    auth::use_me,
    components::{ErrorMessage, FieldError},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, minutes_href, not_found::NotFound},
    state::UseMeetingReturn,
};

pub const TEXT: &str = "amend-text";
pub const REASON: &str = "amend-reason";

/// Checks the form against the minutes on the record: a reason, and a real change.
pub fn check(record: &str, text: &str, reason: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if text.trim().is_empty() {
        errors.push(FieldError { field_id: TEXT, message: "Enter the minutes as amended".into() });
    } else if text == record {
        errors.push(FieldError { field_id: TEXT, message: "Change the minutes to record an amendment".into() });
    }
    if reason.trim().is_empty() {
        errors.push(FieldError { field_id: REASON, message: "Enter why the approved minutes are amended".into() });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[component]
pub fn AmendMinutesPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <AmendForm id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn AmendForm(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let approved = Memo::new(move |_| m.with(|m| m.minutes_status()));
    let record = Memo::new(move |_| m.with(|m| m.minutes_record().to_owned()));
    let unrecorded = Memo::new(move |_| m.with(|m| m.unrecorded_change().then(|| m.minutes.as_str().to_owned())));
    let text = RwSignal::new(record.get_untracked());
    let reason = RwSignal::new(String::new());
    let me = use_me().me;
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, r) = (text.get_untracked(), reason.get_untracked());
        if let Err(problems) = check(&record.get_untracked(), &t, &r) {
            return errors.fail("amend", problems);
        }
        let by = me.with_untracked(|m| m.as_ref().map(|m| m.account.name.clone()).unwrap_or_default());
        match meeting.amend_minutes.run((t, r, by)) {
            Ok(()) => done.run("Amendment to the approved minutes recorded".to_owned()),
            Err(e) => errors.fail_one("amend", TEXT, e),
        }
    };
    let (text_error, reason_error) = (errors.on(TEXT), errors.on(REASON));
    let has_errors = Signal::derive(move || errors.any());
    let can_edit = data.access.can_edit;
    view! {
        <MeetingFormPage id caption title="Record an amendment to the approved minutes" has_errors>
            {move || if !approved.with(|s| s.is_approved()) {
                view! {
                    <p class="govuk-body" data-testid="amend-state">"These minutes are still a draft: "
                        <a class="govuk-link" href=minutes_href(id)>"change the draft minutes"</a>" instead."</p>
                }.into_any()
            } else if !can_edit.get() {
                view! { <p class="govuk-body" data-testid="amend-state">"Only the group's editors can amend the minutes."</p> }.into_any()
            } else {
                view! {
                    <p class="govuk-body">{approved.get().label()}". The amendment is recorded under the minutes with its reason, your name and the time."</p>
                    {unrecorded.get().map(|late| view! {
                        <details class="govuk-details" data-testid="unrecorded">
                            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"A change made before the approval reached another device"</span></summary>
                            <div class="govuk-details__text app-pre-wrap">{late}</div>
                        </details>
                    })}
                    <PageErrorSummary errors />
                    <form class="app-form" novalidate on:submit=on_submit data-testid="amend-form">
                        <div class="govuk-form-group" class=("govuk-form-group--error", move || text_error.with(Option::is_some))>
                            <label class="govuk-label govuk-label--s" for=TEXT>"The minutes as amended (Markdown)"</label>
                            <ErrorMessage field_id=TEXT message=text_error />
                            <textarea class="govuk-textarea" class=("govuk-textarea--error", move || text_error.with(Option::is_some)) id=TEXT rows="14"
                                prop:value=move || text.get()
                                on:input:target=move |ev| text.set(ev.target().value())></textarea>
                        </div>
                        <div class="govuk-form-group" class=("govuk-form-group--error", move || reason_error.with(Option::is_some))>
                            <label class="govuk-label govuk-label--s" for=REASON>"Why are the minutes amended?"</label>
                            <div id="amend-reason-hint" class="govuk-hint">"For example, agreed at the meeting of 9 May 2030: the vote was 7 to 2, not 7 to 3"</div>
                            <ErrorMessage field_id=REASON message=reason_error />
                            <textarea class="govuk-textarea" class=("govuk-textarea--error", move || reason_error.with(Option::is_some)) id=REASON rows="3" aria-describedby="amend-reason-hint"
                                prop:value=move || reason.get()
                                on:input:target=move |ev| reason.set(ev.target().value())></textarea>
                        </div>
                        <button type="submit" class="govuk-button" data-testid="save-amendment">"Record amendment"</button>
                    </form>
                }.into_any()
            }}
        </MeetingFormPage>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn an_amendment_needs_a_change_and_a_reason() {
        assert!(check("Old.", "New.", "Typo").is_ok());
        let fields = |r: &str, t: &str, why: &str| check(r, t, why).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("Old.", "Old.", " "), [TEXT, REASON]);
        assert_eq!(fields("Old.", " ", "Typo"), [TEXT]);
    }
}
