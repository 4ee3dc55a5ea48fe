//! `/meetings/:id/items/:item/declaration`: a member declares an interest in an item; the
//! chair may exclude them from it, which removes their vote on it and their seat from its
//! quorum (the decision form and the record of who was entitled follow).

use domain::{DocumentId, ItemId, SeatId};
use leptos::prelude::*;

use super::{holder_interests, id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, member_name, use_return_to_meeting, MeetingFormPage};
use crate::{
    components::{ErrorMessage, FieldError},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{MeetingEdit, UseMeetingReturn},
};

pub const SEAT: &str = "declaration-seat";
pub const INTEREST: &str = "declaration-interest";
pub const EXCLUDED: &str = "declaration-excluded";

/// Checks the form: a member chosen and the interest in words.
pub fn check(seat: &str, interest: &str) -> Result<(SeatId, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let seat = seat.parse::<SeatId>().ok();
    if seat.is_none() {
        errors.push(FieldError { field_id: SEAT, message: "Select the member declaring an interest".into() });
    }
    if interest.trim().is_empty() {
        errors.push(FieldError { field_id: INTEREST, message: "Enter the interest declared".into() });
    }
    match seat {
        Some(seat) if errors.is_empty() => Ok((seat, interest.trim().to_owned())),
        _ => Err(errors),
    }
}

#[component]
pub fn DeclarationPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(Some(item))) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <DeclarationForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn DeclarationForm(id: DocumentId, item: ItemId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let Some(item_title) = m.with_untracked(|m| m.agenda.iter().find(|a| a.id == item).map(|a| a.title.clone())) else {
        return view! { <NotFound /> }.into_any();
    };
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let today = crate::state::today();
    // (seat, member, what their register says)
    let seats: Vec<(String, String, Option<(Vec<String>, bool)>)> = data.doc.with_untracked(|g| {
        data.names.with_untracked(|n| {
            g.seats
                .iter()
                .map(|s| (s.id.to_string(), member_name(s, n), holder_interests(s, n, today)))
                .collect()
        })
    });
    let registers: Vec<(String, Option<(Vec<String>, bool)>)> = seats.iter().map(|(v, _, r)| (v.clone(), r.clone())).collect();
    let seat = RwSignal::new(String::new());
    let interest = RwSignal::new(String::new());
    let excluded = RwSignal::new(false);
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&seat.get_untracked(), &interest.get_untracked()) {
            Err(problems) => errors.fail("declaration", problems),
            Ok((seat, interest)) => match meeting.edit.run(MeetingEdit::Declare(seat, item, interest, excluded.get_untracked())) {
                Ok(_) => done.run("Declaration of interest recorded".to_owned()),
                Err(e) => errors.fail_one("declaration", INTEREST, e),
            },
        }
    };
    let (seat_error, interest_error) = (errors.on(SEAT), errors.on(INTEREST));
    let has_errors = Signal::derive(move || errors.any());
    view! {
        <MeetingFormPage id caption title="Record a declaration of interest" has_errors>
            <p class="govuk-body">"On the item: " <strong>{item_title}</strong></p>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="declaration-form">
                <div class="govuk-form-group" class=("govuk-form-group--error", move || seat_error.with(Option::is_some))>
                    <label class="govuk-label" for=SEAT>"Member"</label>
                    <ErrorMessage field_id=SEAT message=seat_error />
                    <select class="govuk-select" id=SEAT on:change:target=move |ev| seat.set(ev.target().value())>
                        <option value="" selected=true>"Choose a member"</option>
                        {seats.into_iter().map(|(v, label, _)| view! { <option value=v>{label}</option> }).collect_view()}
                    </select>
                </div>
                <div aria-live="polite" data-testid="member-register">
                    {move || {
                        let chosen = seat.get();
                        registers.iter().find(|(v, _)| *v == chosen).and_then(|(_, r)| r.clone()).map(|(list, due)| view! {
                            <div class="govuk-inset-text govuk-!-margin-top-0">
                                <p class="govuk-body govuk-!-margin-bottom-1">"Their register of interests:"</p>
                                {if list.is_empty() {
                                    view! { <p class="govuk-body govuk-!-margin-bottom-0">"None registered."</p> }.into_any()
                                } else {
                                    view! { <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">{list.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
                                }}
                                {due.then(|| view! { <p class="govuk-body-s app-muted govuk-!-margin-bottom-0 govuk-!-margin-top-1">"Their annual declaration is due."</p> })}
                            </div>
                        })
                    }}
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || interest_error.with(Option::is_some))>
                    <label class="govuk-label" for=INTEREST>"The interest"</label>
                    <div id="declaration-interest-hint" class="govuk-hint">"For example, a family member works for the provider under review"</div>
                    <ErrorMessage field_id=INTEREST message=interest_error />
                    <textarea class="govuk-textarea" id=INTEREST rows="3" aria-describedby="declaration-interest-hint"
                        prop:value=move || interest.get()
                        on:input:target=move |ev| interest.set(ev.target().value())></textarea>
                </div>
                <div class="govuk-form-group">
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id=EXCLUDED type="checkbox"
                                prop:checked=move || excluded.get()
                                on:change:target=move |ev| excluded.set(ev.target().checked()) />
                            <label class="govuk-label govuk-checkboxes__label" for=EXCLUDED>"The chair excludes them from this item: they lose their vote on it"</label>
                        </div>
                    </div>
                </div>
                <button type="submit" class="govuk-button" data-testid="save-declaration">"Record declaration"</button>
            </form>
        </MeetingFormPage>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_declaration_needs_a_member_and_the_interest() {
        let seat = SeatId::random();
        assert_eq!(check(&seat.to_string(), " Employed by the provider ").unwrap(), (seat, "Employed by the provider".to_owned()));
        let fields = |s: &str, i: &str| check(s, i).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("", " "), [SEAT, INTEREST]);
    }
}
