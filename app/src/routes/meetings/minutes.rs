//! `/meetings/:id/minutes`: the minutes, written together by the note-takers in the room
//! (offline too): each keystroke is a character edit of the meeting's text, so everyone's
//! notes merge. Markdown; the meeting page shows them formatted. Once the next meeting has
//! approved them they are read-only here, with "Record an amendment". "Start the minutes from
//! the agenda" puts a heading per item in empty minutes; wherever the minutes have an item's
//! heading, they are shown with the decisions and actions recorded against that item
//! ([`LinkedMinutes`], here, on the meeting page and in the print view).

use domain::{
    meeting::{minutes_by_item, minutes_outline, MeetingDoc},
    DocumentId,
};
use leptos::prelude::*;

use super::{id_param, meeting::{meeting_memo, meeting_title, MeetingShell}, MeetingFormPage};
use crate::{
    components::{Markdown, TextEditor},
    routes::{amend_minutes_href, group::GroupData, meeting_href, not_found::NotFound},
    state::UseMeetingReturn,
};

pub const MINUTES: &str = "minutes-text";

#[component]
pub fn MinutesPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <MinutesForm id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn MinutesForm(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let error = RwSignal::new(None::<String>);
    let on_splice = Callback::new(move |s| error.set(meeting.splice_minutes.run(s).err()));
    let text = meeting.minutes;
    let can_edit = data.access.can_edit;
    let status = Memo::new(move |_| m.with(|m| m.minutes_status()));
    let record = Memo::new(move |_| m.with(|m| m.minutes_record().to_owned()));
    let approved = move || status.with(|s| s.is_approved());
    view! {
        <MeetingFormPage id caption title="Minutes" has_errors=Signal::derive(move || error.with(Option::is_some))>
            <p class="govuk-body" data-testid="minutes-status">
                <strong class=move || if approved() { "govuk-tag govuk-tag--green" } else { "govuk-tag govuk-tag--grey" }>
                    {move || if approved() { "Approved" } else { "Draft" }}
                </strong>{move || approved().then(|| status.get().label().trim_start_matches("Approved").to_owned())}
            </p>
            {move || if approved() {
                // Approved minutes are the record: read-only, changed only by an amendment.
                view! {
                    <div class="govuk-inset-text" data-testid="minutes-read-only">
                        "These minutes were approved as a true record and can no longer be edited. "
                        {can_edit.get().then(|| view! {
                            <a class="govuk-link" href=amend_minutes_href(id) data-testid="record-amendment">"Record an amendment"</a>
                        })}
                    </div>
                    <div class="app-minutes" data-testid="minutes-preview">
                        <LinkedMinutes meeting=m text=Signal::derive(move || record.get()) />
                    </div>
                }.into_any()
            } else if can_edit.get() {
                view! {
                    <Show when=move || text.with(|t| t.trim().is_empty())>
                        <button type="button" class="govuk-button govuk-button--secondary" data-testid="minutes-from-agenda"
                            on:click=move |_| {
                                let outline = m.with_untracked(|m| minutes_outline(&m.agenda));
                                error.set(meeting.splice_minutes.run(crate::text::Splice { pos: 0, delete: 0, insert: outline }).err());
                            }>
                            "Start the minutes from the agenda"
                        </button>
                    </Show>
                    <TextEditor id=MINUTES label="Minutes (Markdown)" value=text on_splice error=error rows=16
                        hint="Saved as you type, on this device first. Other note-takers' words appear as they sync. Use # for headings and - for lists. Under a heading that names an agenda item (\"# 3. Section 11 audit\"), the item's decisions and actions are shown with the minutes." />
                }.into_any()
            } else {
                view! { <p class="govuk-body">"Only the group's editors can write the minutes."</p> }.into_any()
            }}
            <Show when=move || !approved()>
                <h2 class="govuk-heading-m">"Preview"</h2>
                <div class="app-minutes-preview" data-testid="minutes-preview">
                    <LinkedMinutes meeting=m text=Signal::derive(move || text.get()) />
                </div>
            </Show>
            <a class="govuk-button" href=meeting_href(id) data-testid="minutes-done">"Back to the meeting"</a>
        </MeetingFormPage>
    }
}

/// What was recorded against one agenda item, in words: its decisions, then its actions.
pub fn item_record(m: &MeetingDoc, item: domain::ItemId) -> Vec<String> {
    let decisions = m.decisions.iter().filter(|d| d.item == item).map(|d| {
        format!("Decision: {} {}{}", d.wording.trim_end_matches('.'), if d.carried { "(carried" } else { "(not carried" }, if d.outcome.is_empty() { ")".to_owned() } else { format!(": {})", super::lower_first(&d.outcome)) })
    });
    let actions = m.actions.iter().filter(|a| a.item == Some(item)).map(|a| {
        let due = a.due.map(|d| format!(", due {}", d.long())).unwrap_or_default();
        format!("Action: {} ({}{due})", a.description, a.owner)
    });
    decisions.chain(actions).collect()
}

/// The minutes as Markdown, each part under an agenda item's heading followed by what was
/// recorded against that item.
#[component]
pub fn LinkedMinutes(meeting: Memo<MeetingDoc>, #[prop(into)] text: Signal<String>) -> impl IntoView {
    let parts = Memo::new(move |_| {
        let t = text.get();
        meeting.with(|m| {
            minutes_by_item(&t, &m.agenda)
                .into_iter()
                .map(|p| (p.markdown, p.item.map(|i| item_record(m, i)).unwrap_or_default()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        parts
            .get()
            .into_iter()
            .map(|(markdown, record)| {
                view! {
                    <div class="app-minutes__part">
                        <Markdown source=Signal::derive(move || markdown.clone()) heading_offset=2 />
                        {(!record.is_empty()).then(|| view! {
                            <ul class="govuk-list govuk-body-s app-minutes__record" data-testid="minutes-item-record">
                                {record.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
            })
            .collect_view()
    }
}
