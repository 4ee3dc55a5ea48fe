//! The working draft from its saved reading ([`DraftReading`]), shown on a full load while
//! the procedure's document loads (a large one takes a few hundred milliseconds): the same
//! headings and labelled text areas the editor shows, so the person can start reading (and a
//! screen reader finds the same fields) at once. If they could edit the draft when it was
//! read, they can type in it too: when the document is here, what they typed (and where their
//! caret is) goes over to the draft ([`carry_over_preview_typing`]), moved past what others
//! changed since the reading ([`rebase_typing`]). A page hidden or left (or another page of
//! the app opened) before the document has loaded keeps what was typed on the device
//! (`localStorage`, one entry per page, written as the page goes), and the draft adds it the
//! next time it opens, unless it is this very page's (shown again, say): its preview hands
//! over what it holds then, which has it all.

use std::collections::HashMap;

use domain::{DocumentId, ItemId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use super::frame::ProcCtx;
use crate::{
    components::{element_id, selection_of, set_page_title},
    repo::journal::{keys_under, local_storage},
    state::DraftReading,
    text::{
        rebase_typing,
        units::{chars_from_utf16, utf16_from_chars},
        Selection,
    },
};

/// What the person did in the preview: the text typed in each section (with the reading it
/// was typed into), and where the caret was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct PreviewTyping {
    sections: Vec<TypedSection>,
    /// The section whose text had focus, and its selection there (UTF-16, in what was
    /// typed). Not kept when the page goes: a later page has its own caret.
    #[serde(skip)]
    focus: Option<(ItemId, (usize, usize))>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TypedSection {
    id: ItemId,
    heading: String,
    /// The text as the saved reading had it, and as the person left it.
    base: String,
    typed: String,
}

/// Where the preview leaves [`PreviewTyping`] for the draft (the draft page's context), with
/// the page's own key for what it kept on the device.
#[derive(Debug, Clone, Copy)]
struct PreviewHandoff(StoredValue<Option<(String, PreviewTyping)>>);

/// Gives the draft page the handoff its preview and its draft share. What the draft never
/// took (another page of the app opened before the document was here) is kept on the device
/// as the page goes, for the next time the draft opens.
pub fn provide_preview_handoff() {
    let handoff = StoredValue::new(None::<(String, PreviewTyping)>);
    provide_context(PreviewHandoff(handoff));
    on_cleanup(move || {
        if let Some((key, typing)) = handoff.try_update_value(Option::take).flatten() {
            keep_on_device(&key, &typing);
        }
    });
}

/// Where pages left before draft `id`'s document loaded keep what was typed: this, then the
/// page's own part.
fn kept_prefix(id: DocumentId) -> String {
    format!("quorum.typed-before-load.{id}.")
}

/// What pages keep for draft `id`, by key.
fn kept_entries(store: &web_sys::Storage, id: DocumentId) -> Vec<(String, String)> {
    keys_under(store, &kept_prefix(id))
        .into_iter()
        .filter_map(|k| store.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect()
}

/// Keeps `typing` on the device under `key` (nothing when nothing was typed).
fn keep_on_device(key: &str, typing: &PreviewTyping) {
    if typing.sections.is_empty() {
        return;
    }
    if let (Some(store), Ok(json)) = (local_storage(), serde_json::to_string(typing)) {
        if store.set_item(key, &json).is_err() {
            leptos::logging::warn!("what was typed before the draft loaded could not be kept on this device");
        }
    }
}

/// The preview's sections: id, heading, the reading's text, the text area's id.
type Fields = Vec<(ItemId, String, String, String)>;

/// What the preview's text areas hold now, against the reading (only preview areas: the
/// draft's editors have the same ids). An area no longer on the page (another page of the app
/// took its place first) still holds its value: `typed_into` keeps each area typed into.
fn typed_now(fields: &Fields, typed_into: &HashMap<ItemId, web_sys::HtmlTextAreaElement>) -> PreviewTyping {
    let doc = document();
    let active = doc.active_element();
    let mut typing = PreviewTyping::default();
    for (id, heading, base, field) in fields {
        let area = doc
            .get_element_by_id(field)
            .filter(|e| e.has_attribute("data-preview"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .or_else(|| typed_into.get(id).cloned());
        let Some(area) = area else { continue };
        if active.as_ref().is_some_and(|a| *a == **area) {
            typing.focus = Some((*id, selection_of(&area)));
        }
        let typed = area.value();
        if typed != *base {
            typing.sections.push(TypedSection { id: *id, heading: heading.clone(), base: base.clone(), typed });
        }
    }
    typing
}

#[component]
pub fn DraftPreview(id: DocumentId, reading: DraftReading) -> impl IntoView {
    set_page_title(&format!("Draft: {}", reading.title), false);
    let DraftReading { title, sections, editable } = reading;
    let fields: Fields = sections
        .iter()
        .map(|s| (s.id, s.heading.clone(), s.text.clone(), element_id(format!("section-{}", s.id)).to_owned()))
        .collect();
    // Each area typed into (a reference, not a copy of its text: the router takes the areas
    // off the page before this cleans up, and a detached area keeps its value).
    let typed_into = StoredValue::new_local(HashMap::<ItemId, web_sys::HtmlTextAreaElement>::new());
    if let (true, Some(PreviewHandoff(handoff))) = (editable, use_context::<PreviewHandoff>()) {
        let fields = std::sync::Arc::new(fields);
        let key = format!("{}{:016x}", kept_prefix(id), (js_sys::Math::random() * 2f64.powi(53)) as u64);
        // The page going before the document is here: keep what was typed on the device.
        let keep = {
            let (fields, key) = (fields.clone(), key.clone());
            move || keep_on_device(&key, &typed_into.with_value(|l| typed_now(&fields, l)))
        };
        let pagehide = window_event_listener(leptos::ev::pagehide, {
            let keep = keep.clone();
            move |_| keep()
        });
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().hidden() {
                keep();
            }
        });
        // Runs as the draft replaces the preview, while the preview is still on the page, or
        // as the person goes to another page before the document is here (then the draft
        // never takes the handoff: see [`provide_preview_handoff`]).
        on_cleanup(move || {
            pagehide.remove();
            hidden.remove();
            handoff.set_value(Some((key, typed_into.with_value(|l| typed_now(&fields, l)))));
        });
    }
    let opening = if editable {
        "Getting the latest version of this draft ready. You can read it as it was when you last opened it, and start typing: what you type will be added to the latest version."
    } else {
        "Getting this draft ready to edit. You can read it as it was when you last opened it."
    };
    view! {
        <span class="govuk-caption-l">"Working draft"</span>
        <h1 class="govuk-heading-l" data-testid="procedure-title">{title}</h1>
        <div class="govuk-inset-text" role="status" data-testid="draft-opening">{opening}</div>
        <div class="app-draft">
            <div class="app-draft__sections">
                <h2 class="govuk-heading-m">"Sections"</h2>
                {sections.into_iter().enumerate().map(|(i, s)| {
                    let field = element_id(format!("section-{}", s.id));
                    let section = s.id;
                    view! {
                        <section class="app-draft-section" aria-labelledby=format!("{field}-h")>
                            <h3 class="govuk-heading-s" id=format!("{field}-h")>{format!("{}. {}", i + 1, s.heading)}</h3>
                            <div class="govuk-form-group app-text-editor">
                                <label class="govuk-label govuk-label--s" for=field>{format!("Text of “{}” (Markdown)", s.heading)}</label>
                                <textarea class="govuk-textarea app-text-editor__area" id=field name=field rows=8 spellcheck="true"
                                    readonly=!editable data-preview=""
                                    on:input:target=move |ev| typed_into.update_value(|l| { l.entry(section).or_insert_with(|| ev.target()); })>{s.text}</textarea>
                            </div>
                        </section>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// Makes in the draft what the person typed before its document was here: on a page left
/// before it loaded (kept on the device), then in this page's preview, and puts their caret
/// back where it was, in the draft's editor. What cannot be made is said in `error`.
pub fn carry_over_preview_typing(ctx: &ProcCtx, error: RwSignal<Option<String>>) {
    let here = use_context::<PreviewHandoff>().and_then(|PreviewHandoff(h)| h.try_update_value(Option::take).flatten());
    let mut all = Vec::new();
    if let Some(store) = local_storage() {
        for (key, json) in kept_entries(&store, ctx.id) {
            let _ = store.remove_item(&key);
            if here.as_ref().is_some_and(|(own, _)| *own == key) {
                continue;
            }
            match serde_json::from_str::<PreviewTyping>(&json) {
                Ok(typing) => all.push(typing),
                Err(e) => leptos::logging::warn!("typing kept on this device could not be read: {e}"),
            }
        }
    }
    all.extend(here.map(|(_, typing)| typing));
    let mut lost = Vec::new();
    for typing in all {
        carry_over(typing, ctx, &mut lost);
    }
    if !lost.is_empty() {
        error.set(Some(lost.join(" ")));
    }
}

fn carry_over(typing: PreviewTyping, ctx: &ProcCtx, lost: &mut Vec<String>) {
    let PreviewTyping { sections, focus } = typing;
    let ProcCtx { id, hook, access, .. } = *ctx;
    let repo_ctx = crate::state::use_repo();
    let repo = repo_ctx.repo();
    let current = |section: ItemId| repo.with_document(id, |d| domain::procedure::section_text(d, section)).flatten();
    let mut caret = None;
    for s in sections {
        let Some(now) = current(s.id) else {
            lost.push(format!("The section “{}” was removed before what you typed in it could be added.", s.heading));
            continue;
        };
        if !access.can_edit.get_untracked() {
            lost.push(format!("You can no longer change this draft, so what you typed in “{}” was not added.", s.heading));
            continue;
        }
        let selection = focus
            .filter(|(f, _)| *f == s.id)
            .map(|(_, (a, b))| Selection::new(chars_from_utf16(&s.typed, a), chars_from_utf16(&s.typed, b)));
        let rebased = rebase_typing(&s.base, &s.typed, &now, selection.unwrap_or(Selection::caret(0)));
        for splice in rebased.splices {
            if let Err(e) = hook.splice.run((s.id, splice)) {
                lost.push(format!("What you typed in “{}” could not be added: {e}", s.heading));
                break;
            }
        }
        if selection.is_some() {
            let sel = rebased.selection;
            caret = Some((s.id, (utf16_from_chars(&rebased.text, sel.start), utf16_from_chars(&rebased.text, sel.end))));
        }
    }
    // Focus that typed nothing keeps its place too (on the text as the document has it).
    if let (None, Some((section, (a, b)))) = (caret, focus) {
        caret = current(section).map(|now| {
            let end = now.encode_utf16().count();
            (section, (a.min(end), b.min(end)))
        });
    }
    if let Some((section, (start, end))) = caret {
        let field = element_id(format!("section-{section}"));
        // Once the draft is on the page (before any keystroke waiting to be handled).
        queue_microtask(move || {
            if let Some(area) = document().get_element_by_id(field).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                let _ = area.focus();
                let _ = area.set_selection_range(start as u32, end as u32);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_kept_on_the_device_survives_as_json_without_its_caret() {
        let typing = PreviewTyping {
            sections: vec![TypedSection {
                id: ItemId::random(),
                heading: "Reporting a child missing".into(),
                base: "Ring 101.".into(),
                typed: "Ring 101 at once ✓.".into(),
            }],
            focus: Some((ItemId::random(), (3, 3))),
        };
        let back: PreviewTyping = serde_json::from_str(&serde_json::to_string(&typing).unwrap()).unwrap();
        assert_eq!(back, PreviewTyping { focus: None, ..typing });
    }
}
