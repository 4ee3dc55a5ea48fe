//! `/groups/:id/edit/terms`: the functions and the standing agenda, each item edited, moved or
//! removed in place, and new items added (an explicit edit mode; "Done" returns to the group).

use domain::{
    model::{GroupDoc, TermsList},
    ItemId,
};
use leptos::{prelude::*, wasm_bindgen::JsCast};

use super::{
    errors::{PageErrorSummary, PageErrors},
    FormPage, GroupData,
};
use crate::{
    components::ErrorMessage,
    error::AppError,
    routes::group_href,
    state::ListEdit,
};

/// Rows for a textarea showing `text` whole at about 60 characters a line (3 to 15).
pub(super) fn rows_for(text: &str) -> usize {
    let lines: usize = text.split('\n').map(|l| l.chars().count() / 60 + 1).sum();
    lines.clamp(3, 15)
}

#[component]
pub fn TermsForm(data: GroupData) -> impl IntoView {
    let errors = PageErrors::new();
    let announcement = RwSignal::new(String::new());
    let change_list = data.hook.change_list;
    let doc = data.doc;
    view! {
        <FormPage data title="Change functions and standing agenda">
            <PageErrorSummary errors />
            <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
            <EditableList which=TermsList::Functions title="Functions" item_label="function" doc change_list announcement errors />
            <EditableList which=TermsList::StandingItems title="Standing agenda" item_label="standing item" doc change_list announcement errors />
            <a class="govuk-button" href=group_href(data.id) data-testid="terms-done">"Done"</a>
        </FormPage>
    }
}

/// A list of the terms of reference (functions, standing agenda) with add, edit, move and
/// remove.
#[component]
fn EditableList(
    which: TermsList,
    title: &'static str,
    item_label: &'static str,
    doc: Memo<GroupDoc>,
    change_list: Callback<ListEdit, Result<(), AppError>>,
    announcement: RwSignal<String>,
    errors: PageErrors,
) -> impl IntoView {
    let field: &'static str = match which {
        TermsList::Functions => "add-function",
        TermsList::StandingItems => "add-standing-item",
    };
    let edit_field: &'static str = match which {
        TermsList::Functions => "edit-function",
        TermsList::StandingItems => "edit-standing-item",
    };
    let items = Memo::new(move |_| {
        doc.with(|g| {
            let list = match which {
                TermsList::Functions => &g.terms.functions,
                TermsList::StandingItems => &g.terms.standing_items,
            };
            list.iter().map(|i| (i.id, i.text.as_str().to_owned())).collect::<Vec<_>>()
        })
    });
    let draft = RwSignal::new(String::new());
    let editing_item = RwSignal::new(None::<ItemId>);
    let edit_draft = RwSignal::new(String::new());
    // The item's text when editing began: a change to it synced meanwhile is kept (merged).
    let edit_base = StoredValue::new(String::new());
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match change_list.run(ListEdit::Add(which, draft.get_untracked())) {
            Ok(()) => {
                errors.clear(field);
                announcement.set(format!("Added: {}", draft.get_untracked().trim()));
                draft.set(String::new());
            }
            Err(e) => errors.fail_one(field, field, e.to_string()),
        }
    };
    let add_error = errors.on(field);
    let edit_error = errors.on(edit_field);
    let numbered = which == TermsList::Functions;
    view! {
        <h2 class="govuk-heading-m">{title}</h2>
        <ol class=if numbered { "govuk-list govuk-list--number" } else { "govuk-list govuk-list--bullet" } data-testid=format!("{field}-list")>
            <For each=move || items.get() key=|i| i.clone() let:item>
                <li data-testid="list-item" class="app-list-item">
                    {move || if editing_item.get() == Some(item.0) {
                        let save = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let edit = ListEdit::Edit { which, item: item.0, base: edit_base.get_value(), text: edit_draft.get_untracked() };
                            match change_list.run(edit) {
                                Ok(()) => {
                                    errors.clear(edit_field);
                                    editing_item.set(None);
                                    announcement.set(format!("Saved: {}", edit_draft.get_untracked().trim()));
                                }
                                Err(e) => errors.fail_one(edit_field, edit_field, e.to_string()),
                            }
                        };
                        view! {
                            <form class="app-form" novalidate on:submit=save data-testid="edit-item-form">
                                <div class="govuk-form-group" class=("govuk-form-group--error", move || edit_error.with(Option::is_some))>
                                    <label class="govuk-label" for=edit_field>"Edit " {item_label}</label>
                                    <ErrorMessage field_id=edit_field message=edit_error />
                                    <textarea class="govuk-textarea" id=edit_field data-testid="edit-item-input"
                                        rows=rows_for(&edit_draft.get_untracked()).to_string()
                                        prop:value=move || edit_draft.get()
                                        on:input:target=move |ev| edit_draft.set(ev.target().value())></textarea>
                                </div>
                                <div class="govuk-button-group">
                                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-item">"Save " {item_label}</button>
                                    <button type="button" class="app-link-button" on:click=move |_| { errors.clear(edit_field); editing_item.set(None); }>"Cancel"</button>
                                </div>
                            </form>
                        }.into_any()
                    } else {
                        let text = item.1.clone();
                        view! {
                            <span data-testid="item-text" class="app-pre-wrap">{text.clone()}</span>" "
                            <span class="app-item-actions">
                                <button type="button" class="app-link-button" data-testid="edit-item"
                                    on:click={
                                        let text = text.clone();
                                        move |_| {
                                            edit_draft.set(text.clone());
                                            edit_base.set_value(text.clone());
                                            editing_item.set(Some(item.0));
                                            focus_later(edit_field);
                                        }
                                    }>
                                    "Edit"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                                </button>" "
                                <button type="button" class="app-link-button"
                                    on:click=move |_| { let _ = change_list.run(ListEdit::Up(which, item.0)); }>
                                    "Move up"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                                </button>" "
                                <button type="button" class="app-link-button"
                                    on:click=move |_| { let _ = change_list.run(ListEdit::Down(which, item.0)); }>
                                    "Move down"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                                </button>" "
                                <button type="button" class="app-link-button"
                                    on:click={
                                        let text = text.clone();
                                        move |_| if change_list.run(ListEdit::Remove(which, item.0)).is_ok() {
                                            announcement.set(format!("Removed: {text}"));
                                        }
                                    }>
                                    "Remove"<span class="govuk-visually-hidden">": " {text.clone()}</span>
                                </button>
                            </span>
                        }.into_any()
                    }}
                </li>
            </For>
        </ol>
        <form class="app-form" novalidate on:submit=on_add>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || add_error.with(Option::is_some))>
                <label class="govuk-label" for=field>"Add a " {item_label}</label>
                <ErrorMessage field_id=field message=add_error />
                <textarea class="govuk-textarea" id=field rows="2"
                    prop:value=move || draft.get()
                    on:input:target=move |ev| draft.set(ev.target().value())></textarea>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">"Add " {item_label}</button>
        </form>
    }
}

/// Focuses element `id` once it has rendered, its caret at the end.
fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id) {
            // Someone who already put the caret in the box (or selected its text) keeps it: moving it
            // to the end now would make their typing land after the old text.
            if document().active_element().is_some_and(|active| active == el) {
                return;
            }
            if let Ok(t) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = t.focus();
                // The caret at the end of the text (`setSelectionRange`, without a web-sys feature).
                let length = js_sys::Reflect::get(&t, &"value".into()).ok().and_then(|v| v.as_string()).map_or(0, |v| v.encode_utf16().count());
                if let Ok(f) = js_sys::Reflect::get(&t, &"setSelectionRange".into()) {
                    if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                        let _ = f.call2(&t, &(length as f64).into(), &(length as f64).into());
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::rows_for;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_textarea_is_sized_to_its_text() {
        assert_eq!(rows_for("Short"), 3);
        assert_eq!(rows_for(&"word ".repeat(60)), 6);
        assert_eq!(rows_for(&"x".repeat(10_000)), 15);
    }
}
