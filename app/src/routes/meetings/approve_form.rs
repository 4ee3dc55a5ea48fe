//! `/meetings/:id/items/:item/approve-minutes`: on this meeting's "Minutes of the last
//! meeting" item, the group agrees the previous meeting's draft minutes as a true record and
//! the chair signs them off. Offered only while this meeting is quorate on the item (the
//! group's own quorum rule); amendments agreed in the room are made to the draft first.

use domain::{model::GroupDoc, DocumentId, ItemId};
use leptos::prelude::*;

use super::{date_text, id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, use_return_to_meeting, MeetingFormPage};
use crate::{
    components::{GroupNames, Markdown, TextInput},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, meeting_href, minutes_href, not_found::NotFound},
    state::{minutes_offer, MinutesOffer, UseMeetingReturn},
};

pub const CHAIR: &str = "approve-chair";

/// The chair's name from the group's seats (the holder of the first seat whose role names
/// the chair), to prefill the sign-off; empty when there is none.
pub fn chair_name(g: &GroupDoc, names: &GroupNames) -> String {
    g.seats
        .iter()
        .filter(|s| s.role_title.to_lowercase().contains("chair"))
        .find_map(|s| s.holder.map(|p| names.person(p)))
        .unwrap_or_default()
}

/// The page's heading: "Approve the minutes of 14 March 2030".
pub fn approve_title(date: Option<domain::model::Date>) -> String {
    match date {
        Some(d) => format!("Approve the minutes of {}", d.long()),
        None => "Approve the minutes of the last meeting".to_owned(),
    }
}

#[component]
pub fn ApproveMinutesPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(Some(item))) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <ApproveForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ApproveForm(id: DocumentId, item: ItemId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    if !m.with_untracked(|m| m.agenda.iter().any(|a| a.id == item)) {
        return view! { <NotFound /> }.into_any();
    }
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let offer = Memo::new(move |_| meeting.previous.with(|p| m.with(|m| data.doc.with(|g| minutes_offer(p.as_ref(), m, g, item)))));
    let title = approve_title(meeting.previous.with_untracked(|p| p.as_ref().and_then(|p| p.date)));
    let chair = RwSignal::new(data.doc.with_untracked(|g| data.names.with_untracked(|n| chair_name(g, n))));
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if chair.with_untracked(|c| c.trim().is_empty()) {
            return errors.fail_one("approve", CHAIR, "Enter the name of the chair who signs the minutes off");
        }
        match meeting.approve_previous.run((item, chair.get_untracked())) {
            Ok(()) => {
                let date = meeting.previous.with_untracked(|p| date_text(p.as_ref().and_then(|p| p.date)));
                done.run(format!("The minutes of {date} are approved"))
            }
            Err(e) => errors.fail_one("approve", CHAIR, e),
        }
    };
    let draft = Signal::derive(move || meeting.previous.with(|p| p.as_ref().and_then(|p| p.doc.as_ref()).map(|d| d.minutes.as_str().to_owned()).unwrap_or_default()));
    let has_errors = Signal::derive(move || errors.any());
    let can_edit = data.access.can_edit;
    view! {
        <MeetingFormPage id caption title=title has_errors>
            {move || match offer.get() {
                MinutesOffer::NoPrevious => view! {
                    <p class="govuk-body" data-testid="approve-state">"This is the group's first meeting: there are no earlier minutes to approve."</p>
                }.into_any(),
                MinutesOffer::Loading { .. } => view! {
                    <p class="govuk-body" role="status" data-testid="approve-state">"The last meeting's minutes are on their way to this device."</p>
                }.into_any(),
                MinutesOffer::Approved { id: prev, status, .. } => view! {
                    <p class="govuk-body" data-testid="approve-state">{status}". "
                        <a class="govuk-link" href=meeting_href(prev)>"Read the approved minutes"</a></p>
                }.into_any(),
                MinutesOffer::Empty { id: prev, .. } => view! {
                    <p class="govuk-body" data-testid="approve-state">"No minutes have been written for the last meeting yet. "
                        <a class="govuk-link" href=minutes_href(prev)>"Write the minutes of the last meeting"</a></p>
                }.into_any(),
                MinutesOffer::Blocked { why, .. } => view! {
                    <div class="govuk-warning-text" data-testid="approve-state">
                        <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>{why}". Record attendance first."</strong>
                    </div>
                }.into_any(),
                MinutesOffer::Ready { id: prev, date } => view! {
                    <h2 class="govuk-heading-m">{format!("The draft minutes of {}", date_text(date))}</h2>
                    <div class="app-minutes-preview" data-testid="draft-to-approve">
                        <Markdown source=draft heading_offset=2 />
                    </div>
                    <div class="govuk-inset-text">
                        "If the meeting agreed amendments, "
                        <a class="govuk-link" href=minutes_href(prev) data-testid="change-draft">"make them in the draft minutes"</a>
                        " first. Once approved, the minutes can only be changed by a recorded amendment."
                    </div>
                    <PageErrorSummary errors />
                    <Show when=move || can_edit.get() fallback=|| view! { <p class="govuk-body">"Only the group's editors can record the approval."</p> }>
                        <form class="app-form" novalidate on:submit=on_submit data-testid="approve-form">
                            <TextInput id=CHAIR label="Chair signing the minutes off" hint="Their name, as it will appear on the approved minutes"
                                autocomplete="name" spellcheck=false
                                value=Signal::derive(move || chair.get()) on_input=Callback::new(move |v| chair.set(v)) error=errors.on(CHAIR) />
                            <button type="submit" class="govuk-button" data-testid="save-approval">"Approve as a true record"</button>
                        </form>
                    </Show>
                }.into_any(),
            }}
        </MeetingFormPage>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_title_names_the_meeting_whose_minutes_are_approved() {
        assert_eq!(approve_title("2030-03-14".parse().ok()), "Approve the minutes of 14 March 2030");
        assert_eq!(approve_title(None), "Approve the minutes of the last meeting");
    }
}
