//! [`TextEditor`]: a labelled GOV.UK textarea bound to a document's text. What the person
//! types goes out as one [`Splice`] per input (`on_splice`, in `char`s, as Automerge text
//! counts); when the text changes under them (others' edits arriving), the textarea takes
//! the new value and the caret and selection stay on the same characters
//! ([`EditorBuffer`]).

use leptos::{html, prelude::*};

use super::ErrorMessage;
use crate::text::{DescribedInput, EditorBuffer, Splice};

/// The textarea's selection in UTF-16 code units (`selectionStart`, `selectionEnd`).
pub fn selection_of(area: &web_sys::HtmlTextAreaElement) -> (usize, usize) {
    let at = |v: Result<Option<u32>, _>| v.ok().flatten().map_or(0, |n| n as usize);
    (at(area.selection_start()), at(area.selection_end()))
}

/// What an `input` event says the person did, given the selection before it (`before`) and
/// the caret after it: typing, a line break or a deletion, not composing (an input method's
/// text in progress) and not a paste or an autocorrection (those read the value).
fn described(ev: &web_sys::Event, before: (usize, usize), caret: usize, el: &web_sys::HtmlTextAreaElement) -> Option<DescribedInput> {
    use wasm_bindgen::JsCast;
    let ev = ev.dyn_ref::<web_sys::InputEvent>()?;
    if ev.is_composing() {
        return None;
    }
    let inserted = match ev.input_type().as_str() {
        "insertText" => ev.data()?,
        "insertLineBreak" => "\n".to_owned(),
        k if k.starts_with("delete") => String::new(),
        _ => return None,
    };
    Some(DescribedInput { before, inserted, caret, length: el.text_length() as usize })
}

#[component]
pub fn TextEditor(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    /// The document's text now (others' edits arrive through it).
    #[prop(into)]
    value: Signal<String>,
    /// Called with each change the person makes, to apply to the document.
    on_splice: Callback<Splice>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 12)] rows: u32,
    /// Told when the text gets and loses focus (presence: "editing this section").
    #[prop(optional)]
    on_focus: Option<Callback<()>>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    /// Another element that describes the field now (e.g. who else is editing it).
    #[prop(optional, into)]
    also_described_by: Signal<Option<String>>,
) -> impl IntoView {
    let area = NodeRef::<html::Textarea>::new();
    let buffer = StoredValue::new(EditorBuffer::new(value.get_untracked()));

    // The document changed: show it, keeping the selection on its characters.
    Effect::new(move |_| {
        let text = value.get();
        let Some(el) = area.get() else { return };
        let focused = document().active_element().is_some_and(|a| a == **el);
        let Some(refresh) = buffer.try_update_value(|b| b.update_with(&text, || selection_of(&el))).flatten() else {
            return;
        };
        crate::repo::probe::timed("editor.set_value", || el.set_value(&refresh.value));
        if focused {
            let (start, end) = refresh.selection;
            let _ = el.set_selection_range(start as u32, end as u32);
        }
    });

    // The selection just before each input: with it, typing and deleting are known from the
    // events, without reading the whole text back from the textarea ([`described`]).
    let before = StoredValue::new(None::<(usize, usize)>);
    let on_before_input = move |_| before.set_value(area.get_untracked().map(|el| selection_of(&el)));
    let on_input = move |ev: web_sys::Event| {
        let Some(el) = area.get() else { return };
        let start = crate::repo::probe::now();
        let (_, caret) = selection_of(&el);
        let input = before.try_update_value(Option::take).flatten().and_then(|b| described(&ev, b, caret, &el));
        let quick = input.and_then(|input| buffer.try_update_value(|b| b.input_described(&input)).flatten());
        let splice = quick.or_else(|| {
            let value = crate::repo::probe::timed("editor.value", || el.value());
            crate::repo::probe::timed("editor.splice", || buffer.try_update_value(|b| b.input(value, caret)).flatten())
        });
        if let Some(splice) = splice {
            on_splice.run(splice);
        }
        crate::repo::probe::elapsed("editor.input", start);
    };

    let has_error = move || error.with(Option::is_some);
    let described_by = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if has_error() {
            ids.push(format!("{id}-error"));
        }
        if let Some(other) = also_described_by.get() {
            ids.push(other);
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="govuk-form-group app-text-editor" class=("govuk-form-group--error", has_error)>
            <label class="govuk-label govuk-label--s" for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessage field_id=id message=error />
            <textarea
                node_ref=area
                class="govuk-textarea app-text-editor__area"
                class=("govuk-textarea--error", has_error)
                id=id
                name=id
                rows=rows
                spellcheck="true"
                aria-describedby=described_by
                on:beforeinput=on_before_input
                on:input=on_input
                on:focus=move |_| if let Some(f) = on_focus { f.run(()) }
                on:blur=move |_| if let Some(f) = on_blur { f.run(()) }
            >
                {value.get_untracked()}
            </textarea>
        </div>
    }
}
