//! `/meetings/:id/items/:item` (`new` to add one): an agenda item's title, lead, purpose and
//! the minutes allotted to it; an item with no decision on it can be removed here.

use domain::{
    meeting::{ItemDraft, Purpose},
    model::Rebase,
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, use_return_to_meeting, MeetingFormPage, Radios};
use crate::{
    components::{FieldError, TextInput},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{MeetingEdit, UseMeetingReturn},
};

pub const TITLE: &str = "item-title";
pub const LEAD: &str = "item-lead";
pub const PURPOSE: &str = "item-purpose";
pub const MINUTES: &str = "item-minutes";

/// The purpose's radio value.
pub fn purpose_value(p: Purpose) -> &'static str {
    match p {
        Purpose::Decision => "decision",
        Purpose::Discussion => "discussion",
        Purpose::Information => "information",
    }
}

/// What was typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub title: String,
    pub lead: String,
    pub purpose: String,
    pub minutes: String,
}

/// Checks the form: every problem against its field, or the item.
pub fn check(t: &Typed) -> Result<ItemDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = t.title.trim();
    if title.is_empty() {
        errors.push(FieldError { field_id: TITLE, message: "Enter the title of the item".into() });
    } else if title.chars().count() > 200 {
        errors.push(FieldError { field_id: TITLE, message: "The title must be 200 characters or fewer".into() });
    }
    if t.lead.trim().chars().count() > 200 {
        errors.push(FieldError { field_id: LEAD, message: "The lead must be 200 characters or fewer".into() });
    }
    let purpose = Purpose::ALL.into_iter().find(|p| purpose_value(*p) == t.purpose);
    if purpose.is_none() {
        errors.push(FieldError { field_id: PURPOSE, message: "Select whether the item is for decision, discussion or information".into() });
    }
    let minutes = match t.minutes.trim() {
        "" => None,
        m => match m.parse::<u32>() {
            Ok(n) if (1..=480).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError { field_id: MINUTES, message: "The time allotted must be a whole number of minutes between 1 and 480, like 15".into() });
                None
            }
        },
    };
    match purpose {
        Some(purpose) if errors.is_empty() => Ok(ItemDraft { title: title.to_owned(), lead: t.lead.trim().to_owned(), purpose, minutes }),
        _ => Err(errors),
    }
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(item)) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <ItemForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ItemForm(id: DocumentId, item: Option<ItemId>, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let existing = m.with_untracked(|m| item.and_then(|i| m.agenda.iter().find(|a| a.id == i).cloned()));
    if item.is_some() && existing.is_none() {
        return view! { <NotFound /> }.into_any();
    }
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let typed = RwSignal::new(match &existing {
        Some(i) => Typed { title: i.title.clone(), lead: i.lead.clone(), purpose: purpose_value(i.purpose).to_owned(), minutes: i.minutes.map(|n| n.to_string()).unwrap_or_default() },
        None => Typed::default(),
    });
    let purpose = RwSignal::new(typed.with_untracked(|t| t.purpose.clone()));
    // The item as the form was filled: saving writes only what was changed since.
    let base = existing.as_ref().map(ItemDraft::of);
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = Typed { purpose: purpose.get_untracked(), ..typed.get_untracked() };
        match check(&t) {
            Err(problems) => errors.fail("item", problems),
            Ok(draft) => {
                // Only what the person changed is written: others' changes since the form opened stay.
                let now = m.with_untracked(|m| item.and_then(|i| m.agenda.iter().find(|a| a.id == i).map(ItemDraft::of)));
                let draft = draft.rebase_onto(base.as_ref(), now);
                let title = draft.title.clone();
                match meeting.edit.run(MeetingEdit::SaveItem(item, draft)) {
                    Ok(_) => done.run(if item.is_some() { format!("“{title}” changed") } else { format!("“{title}” added to the agenda") }),
                    Err(e) => errors.fail_one("item", TITLE, e),
                }
            }
        }
    };
    let on_remove = move |_| match item.map(|i| meeting.edit.run(MeetingEdit::RemoveItem(i))) {
        Some(Ok(_)) => done.run(format!("“{}” removed from the agenda", typed.with_untracked(|t| t.title.clone()))),
        Some(Err(e)) => errors.fail_one("item", TITLE, e),
        None => {}
    };
    let field = move |f: fn(&Typed) -> String| Signal::derive(move || typed.with(f));
    let title = if item.is_some() { "Change an agenda item" } else { "Add an agenda item" };
    let has_errors = Signal::derive(move || errors.any());
    view! {
        <MeetingFormPage id caption title has_errors>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="item-form">
                <TextInput id=TITLE label="Title" value=field(|t| t.title.clone())
                    on_input=Callback::new(move |v| typed.update(|t| t.title = v)) error=errors.on(TITLE) />
                <TextInput id=LEAD label="Lead (optional)" hint="Who presents the item: a name or a role"
                    value=field(|t| t.lead.clone()) on_input=Callback::new(move |v| typed.update(|t| t.lead = v)) error=errors.on(LEAD) />
                <Radios name=PURPOSE legend="Purpose" value=purpose error=errors.on(PURPOSE)
                    choices=Purpose::ALL.into_iter().map(|p| (purpose_value(p).into(), p.label().to_owned())).collect() />
                <TextInput id=MINUTES label="Time allotted in minutes (optional)" hint="For example, 15"
                    value=field(|t| t.minutes.clone()) on_input=Callback::new(move |v| typed.update(|t| t.minutes = v)) error=errors.on(MINUTES) />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-item">{if item.is_some() { "Save item" } else { "Add item" }}</button>
                    {item.is_some().then(|| view! {
                        <button type="button" class="govuk-button govuk-button--warning" on:click=on_remove data-testid="remove-item">"Remove this item"</button>
                    })}
                </div>
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
    fn an_item_needs_a_title_a_purpose_and_a_sensible_time() {
        let t = |title: &str, purpose: &str, minutes: &str| Typed { title: title.into(), lead: " Chair ".into(), purpose: purpose.into(), minutes: minutes.into() };
        let ok = check(&t(" Escalation policy ", "decision", "15")).unwrap();
        assert_eq!((ok.title.as_str(), ok.lead.as_str(), ok.purpose, ok.minutes), ("Escalation policy", "Chair", Purpose::Decision, Some(15)));
        assert_eq!(check(&t("Audit", "information", "")).unwrap().minutes, None);
        let fields = |x: Typed| check(&x).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields(t("", "", "ten")), [TITLE, PURPOSE, MINUTES]);
        assert_eq!(fields(t("Audit", "discussion", "0")), [MINUTES]);
    }
}
