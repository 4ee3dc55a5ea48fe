//! `/meetings/:id/items/:item/paper`: upload a paper (PDF, Word, Excel, an image or text; at
//! most 25 MB) to an agenda item. The server stores the file; the meeting refers to it.

use domain::{meeting::Paper, DocumentId, ItemId};
use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use super::{id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, use_return_to_meeting, MeetingFormPage};
use crate::{
    auth::{api, use_me},
    components::ErrorMessage,
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{MeetingEdit, UseMeetingReturn},
};

pub const FILE: &str = "paper-file";

#[component]
pub fn PaperPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(Some(item))) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <PaperForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn PaperForm(id: DocumentId, item: ItemId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let Some(item_title) = m.with_untracked(|m| m.agenda.iter().find(|a| a.id == item).map(|a| a.title.clone())) else {
        return view! { <NotFound /> }.into_any();
    };
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let input = NodeRef::<html::Input>::new();
    let errors = PageErrors::new();
    let busy = RwSignal::new(false);
    let done = use_return_to_meeting(id);
    let me = use_me().me;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input.get_untracked().and_then(|el| {
            let el: web_sys::HtmlInputElement = el.unchecked_into();
            el.files().and_then(|f| f.get(0))
        });
        let Some(file) = file else {
            errors.fail_one("paper", FILE, "Select a file");
            return;
        };
        busy.set(true);
        let by = me.with_untracked(|m| m.as_ref().map(|m| m.account.name.clone()).unwrap_or_default());
        leptos::task::spawn_local(async move {
            let result = api::upload_paper(id, &file).await;
            busy.set(false);
            match result {
                Ok(stored) => {
                    let paper = Paper { id: ItemId::random(), blob: stored.blob, name: stored.name.clone(), media_type: stored.media_type, bytes: stored.bytes, added_at: stored.added_at, added_by: by };
                    match meeting.edit.run(MeetingEdit::AddPaper(item, paper)) {
                        Ok(_) => done.run(format!("“{}” added", stored.name)),
                        Err(e) => errors.fail_one("paper", FILE, e),
                    }
                }
                Err(e) => errors.fail_one("paper", FILE, e.to_string()),
            }
        });
    };
    let error = errors.on(FILE);
    let has_errors = Signal::derive(move || errors.any());
    view! {
        <MeetingFormPage id caption title="Add a paper" has_errors>
            <p class="govuk-body">"To the item: " <strong>{item_title}</strong></p>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="paper-form">
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                    <label class="govuk-label" for=FILE>"Upload a file"</label>
                    <div id="paper-file-hint" class="govuk-hint">"PDF, Word, Excel, an image or a text file, 25 MB or smaller. You need to be online."</div>
                    <ErrorMessage field_id=FILE message=error />
                    <input class="govuk-file-upload" class=("govuk-file-upload--error", move || error.with(Option::is_some))
                        id=FILE name=FILE type="file" node_ref=input aria-describedby="paper-file-hint" />
                </div>
                <button type="submit" class="govuk-button" data-testid="save-paper" disabled=move || busy.get()>
                    {move || if busy.get() { "Uploading…" } else { "Upload paper" }}
                </button>
            </form>
        </MeetingFormPage>
    }
    .into_any()
}
