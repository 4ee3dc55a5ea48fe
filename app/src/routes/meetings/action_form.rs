//! `/meetings/:id/items/:item/action`: an action from an agenda item — what, who owns it
//! (a person or an organisation), when it is due, and the decision on the item it arises from
//! when there is one.

use domain::{model::Date, DocumentId, ItemId};
use leptos::prelude::*;

use super::{id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, use_return_to_meeting, DateInput, MeetingFormPage, TypedDate};
use crate::{
    components::{ErrorMessage, FieldError, TextInput},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{MeetingEdit, UseMeetingReturn},
};

pub const DESCRIPTION: &str = "action-description";
pub const OWNER: &str = "action-owner";
pub const DUE: &str = "action-due";
pub const DECISION: &str = "action-decision";

/// An action as the form checked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub description: String,
    pub owner: String,
    pub due: Option<Date>,
}

/// Checks the form: a description, an owner, and a real due date if one is given.
pub fn check(description: &str, owner: &str, due: &TypedDate) -> Result<ActionDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    if description.trim().is_empty() {
        errors.push(FieldError { field_id: DESCRIPTION, message: "Enter what the action is".into() });
    } else if description.trim().chars().count() > 1000 {
        errors.push(FieldError { field_id: DESCRIPTION, message: "The action must be 1000 characters or fewer".into() });
    }
    if owner.trim().is_empty() {
        errors.push(FieldError { field_id: OWNER, message: "Enter who owns the action".into() });
    }
    let date = due.date();
    if !due.is_empty() && date.is_none() {
        errors.push(FieldError { field_id: DUE, message: "The due date must be a real date, like 27 3 2027".into() });
    }
    if errors.is_empty() {
        Ok(ActionDraft { description: description.trim().to_owned(), owner: owner.trim().to_owned(), due: date })
    } else {
        Err(errors)
    }
}

#[component]
pub fn ActionPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(Some(item))) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <ActionForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ActionForm(id: DocumentId, item: ItemId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let Some(item_title) = m.with_untracked(|m| m.agenda.iter().find(|a| a.id == item).map(|a| a.title.clone())) else {
        return view! { <NotFound /> }.into_any();
    };
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    // The decisions recorded on this item, to choose the one the action arises from.
    let decisions = Memo::new(move |_| m.with(|m| m.decisions.iter().filter(|d| d.item == item).map(|d| (d.id, d.wording.clone())).collect::<Vec<_>>()));
    let decision = RwSignal::new(None::<ItemId>);
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(TypedDate::default());
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&description.get_untracked(), &owner.get_untracked(), &due.get_untracked()) {
            Err(problems) => errors.fail("action", problems),
            Ok(a) => match meeting.edit.run(MeetingEdit::AddAction(Some(item), decision.get_untracked(), a.description, a.owner, a.due)) {
                Ok(_) => done.run("Action added".to_owned()),
                Err(e) => errors.fail_one("action", DESCRIPTION, e),
            },
        }
    };
    let description_error = errors.on(DESCRIPTION);
    let has_errors = Signal::derive(move || errors.any());
    view! {
        <MeetingFormPage id caption title="Add an action" has_errors>
            <p class="govuk-body">"From the item: " <strong>{item_title}</strong></p>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="action-form">
                <div class="govuk-form-group" class=("govuk-form-group--error", move || description_error.with(Option::is_some))>
                    <label class="govuk-label" for=DESCRIPTION>"What is the action?"</label>
                    <ErrorMessage field_id=DESCRIPTION message=description_error />
                    <textarea class="govuk-textarea" id=DESCRIPTION rows="3"
                        class=("govuk-textarea--error", move || description_error.with(Option::is_some))
                        prop:value=move || description.get()
                        on:input:target=move |ev| description.set(ev.target().value())></textarea>
                </div>
                <TextInput id=OWNER label="Owner" hint="A person or an organisation"
                    value=owner on_input=Callback::new(move |v| owner.set(v)) error=errors.on(OWNER) />
                <DateInput id=DUE legend="Due date (optional)" value=due error=errors.on(DUE) />
                {move || (!decisions.with(Vec::is_empty)).then(|| view! {
                    <div class="govuk-form-group">
                        <label class="govuk-label" for=DECISION>"Arising from a decision (optional)"</label>
                        <select class="govuk-select" id=DECISION on:change=move |ev| decision.set(event_target_value(&ev).parse().ok())>
                            <option value="" selected=move || decision.with(Option::is_none)>"Not from a decision"</option>
                            {decisions.get().into_iter().map(|(id, wording)| view! {
                                <option value=id.to_string() selected=move || decision.get() == Some(id)>{wording}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <button type="submit" class="govuk-button" data-testid="save-action">"Add action"</button>
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
    fn an_action_needs_what_and_who_and_a_real_due_date_if_any() {
        let date = |d: &str, m: &str, y: &str| TypedDate { day: d.into(), month: m.into(), year: y.into() };
        let ok = check(" Audit ", " Police ", &date("1", "4", "2027")).unwrap();
        assert_eq!((ok.description.as_str(), ok.owner.as_str(), ok.due.map(|d| d.to_string())), ("Audit", "Police", Some("2027-04-01".into())));
        assert_eq!(check("Audit", "Police", &TypedDate::default()).unwrap().due, None);
        let fields = |a: &str, o: &str, d: TypedDate| check(a, o, &d).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("", "", date("31", "2", "2027")), [DESCRIPTION, OWNER, DUE]);
    }
}
