//! `/procedures/:doc/draft`: the working draft for the people who write it. Sections in
//! order, each a text editor bound to the section's Automerge text (each keystroke one
//! character splice, so edits from others merge and the caret stays put); add, move and
//! remove sections; the lifecycle, sign-off by every owning partnership, and publication.

use domain::{procedure::Status, ItemId};
use leptos::prelude::*;

use super::{comments::SectionComments, frame::{procedure_route_with_preview, ProcCtx}, reader_href, status_tag_class};
use crate::{
    components::{set_page_title, TextEditor},
    text::{rebase_typing, units::{chars_from_utf16, utf16_from_chars}, Selection},
    state::{
        date_of, saved_draft_reading, today, use_comments, use_keep_draft_reading, use_presence, DraftReading, OwnerSignOff, ProcedureEdit,
        UseCommentsReturn, UsePresenceReturn, UseProcedureReturn,
    },
};
use domain::procedure::SignOffState;

#[component]
pub fn DraftPage() -> impl IntoView {
    provide_context(PreviewHandoff(StoredValue::new(None)));
    procedure_route_with_preview(draft, Some(preview))
}

/// The draft as it was last read on this device, while its document loads.
fn preview(id: domain::DocumentId) -> Option<AnyView> {
    saved_draft_reading(id).map(|reading| view! { <DraftPreview reading /> }.into_any())
}

/// What the person did in the preview, handed over to the draft once its document is here:
/// the text typed in each section (with the reading it was typed into), and where the caret
/// was.
#[derive(Debug, Clone, Default)]
struct PreviewTyping {
    sections: Vec<TypedSection>,
    /// The section whose text had focus, and its selection there (UTF-16, in what was typed).
    focus: Option<(ItemId, (usize, usize))>,
}

#[derive(Debug, Clone)]
struct TypedSection {
    id: ItemId,
    heading: String,
    /// The text as the saved reading had it, and as the person left it.
    base: String,
    typed: String,
}

/// Where the preview leaves [`PreviewTyping`] for the draft (the page's context).
#[derive(Debug, Clone, Copy)]
struct PreviewHandoff(StoredValue<Option<PreviewTyping>>);

/// A textarea's selection in UTF-16 code units.
fn selection_of(area: &web_sys::HtmlTextAreaElement) -> (usize, usize) {
    let at = |v: Result<Option<u32>, _>| v.ok().flatten().map_or(0, |n| n as usize);
    (at(area.selection_start()), at(area.selection_end()))
}

/// The draft from its saved reading (see [`DraftReading`]): the same headings and labelled
/// text areas the editor shows, so the person can start reading (and a screen reader finds the
/// same fields) before the draft's document has loaded. If they could edit it when it was
/// read, they can type in it too: when the document is here, what they typed (and where their
/// caret is) goes over to the draft ([`carry_over`]).
#[component]
fn DraftPreview(reading: DraftReading) -> impl IntoView {
    set_page_title(&format!("Draft: {}", reading.title), false);
    let DraftReading { title, sections, editable } = reading;
    let fields: Vec<(ItemId, String, String, String)> = sections
        .iter()
        .map(|s| (s.id, s.heading.clone(), s.text.clone(), crate::components::element_id(format!("section-{}", s.id)).to_owned()))
        .collect();
    if let (true, Some(PreviewHandoff(handoff))) = (editable, use_context::<PreviewHandoff>()) {
        // Runs as the draft replaces the preview, while the preview is still on the page.
        on_cleanup(move || {
            use wasm_bindgen::JsCast;
            let doc = document();
            let active = doc.active_element();
            let mut typing = PreviewTyping::default();
            for (id, heading, base, field) in fields {
                let Some(area) = doc.get_element_by_id(&field).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else {
                    continue;
                };
                if active.as_ref().is_some_and(|a| *a == **area) {
                    typing.focus = Some((id, selection_of(&area)));
                }
                let typed = area.value();
                if typed != base {
                    typing.sections.push(TypedSection { id, heading, base, typed });
                }
            }
            handoff.set_value(Some(typing));
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
                    let field = crate::components::element_id(format!("section-{}", s.id));
                    view! {
                        <section class="app-draft-section" aria-labelledby=format!("{field}-h")>
                            <h3 class="govuk-heading-s" id=format!("{field}-h")>{format!("{}. {}", i + 1, s.heading)}</h3>
                            <div class="govuk-form-group app-text-editor">
                                <label class="govuk-label govuk-label--s" for=field>{format!("Text of “{}” (Markdown)", s.heading)}</label>
                                <textarea class="govuk-textarea app-text-editor__area" id=field name=field rows=8 spellcheck="true"
                                    readonly=!editable data-preview="">{s.text}</textarea>
                            </div>
                        </section>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

/// Makes in the draft what the person typed in its preview ([`rebase_typing`]: onto the
/// document's text, which others may have changed since the reading), and puts their caret
/// back where it was, in the draft's editor. What cannot be made is said in `error`.
fn carry_over(typing: PreviewTyping, ctx: &ProcCtx, error: RwSignal<Option<String>>) {
    let PreviewTyping { sections, focus } = typing;
    let ProcCtx { id, hook, access, .. } = *ctx;
    let repo_ctx = crate::state::use_repo();
    let repo = repo_ctx.repo();
    let current = |section: ItemId| repo.with_document(id, |d| domain::procedure::section_text(d, section)).flatten();
    let mut caret = None;
    let mut lost = Vec::new();
    for s in sections {
        let Some(now) = current(s.id) else {
            lost.push(format!("The section “{}” was removed before what you typed in it could be added.", s.heading));
            continue;
        };
        if !access.can_edit.get_untracked() {
            lost.push(format!("You can no longer change this draft, so what you typed in “{}” was not added.", s.heading));
            continue;
        }
        let selection = focus.filter(|(f, _)| *f == s.id).map(|(_, (a, b))| Selection::new(chars_from_utf16(&s.typed, a), chars_from_utf16(&s.typed, b)));
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
    if !lost.is_empty() {
        error.set(Some(lost.join(" ")));
    }
    if let Some((section, (start, end))) = caret {
        let field = crate::components::element_id(format!("section-{section}"));
        // Once the draft is on the page (before any keystroke waiting to be handled).
        queue_microtask(move || {
            use wasm_bindgen::JsCast;
            if let Some(area) = document().get_element_by_id(field).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                let _ = area.focus();
                let _ = area.set_selection_range(start as u32, end as u32);
            }
        });
    }
}

fn draft(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    Effect::new(move |_| set_page_title(&format!("Draft: {}", doc.with(|d| d.title.clone())), false));
    use_keep_draft_reading(id, access.can_edit.into());
    let error = RwSignal::new(None::<String>);
    if let Some(typing) = use_context::<PreviewHandoff>().and_then(|PreviewHandoff(h)| h.try_update_value(Option::take).flatten()) {
        carry_over(typing, &ctx, error);
    }
    let run = move |edit: ProcedureEdit| {
        error.set(hook.edit.run(edit).err());
    };
    let order = Memo::new(move |_| doc.with(|d| d.visible_sections().iter().map(|s| s.id).collect::<Vec<ItemId>>()));
    let can_edit = access.can_edit;
    let new_heading = RwSignal::new(String::new());
    let status = Memo::new(move |_| doc.with(|d| d.status_on(today())));
    let comments = use_comments(id);
    let presence = use_presence(id, doc.with_untracked(|d| d.owner_ids()));
    view! {
        <span class="govuk-caption-l">"Working draft"</span>
        <h1 class="govuk-heading-l" data-testid="procedure-title">{move || doc.with(|d| d.title.clone())}</h1>
        <p class="govuk-body">
            <strong class=move || status_tag_class(status.get()) data-testid="draft-status">{move || status.get().label()}</strong>
            " "<a class="govuk-link" href=reader_href(id)>"Read the published version"</a>
            " · "<a class="govuk-link" href=crate::state::compare_href(id, None, None) data-testid="compare-link">"Compare versions"</a>
        </p>
        {move || error.get().map(|e| view! {
            <div class="govuk-error-summary" role="alert" tabindex="-1" data-testid="draft-error">
                <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                <div class="govuk-error-summary__body"><p class="govuk-body">{e}</p></div>
            </div>
        })}
        <super::details::DetailsSummary id doc can_edit=can_edit.into() />
        <div class="app-draft">
            <div class="app-draft__sections" data-testid="sections">
                <h2 class="govuk-heading-m">"Sections"</h2>
                {move || (!can_edit.get()).then(|| view! { <p class="govuk-body app-hint">"You can read this draft but not change it."</p> })}
                <For each=move || order.get() key=|s| *s let:section>
                    <SectionEditor section order comments presence hook run=Callback::new(run) can_edit=can_edit.into() heading=Signal::derive(move || doc.with(|d| d.section(section).map(|s| s.heading.clone()).unwrap_or_default())) />
                </For>
                {move || can_edit.get().then(|| view! {
                    <form class="app-add-section" on:submit=move |ev| {
                        ev.prevent_default();
                        let h = new_heading.get_untracked();
                        run(ProcedureEdit::AddSection(h));
                        if error.get_untracked().is_none() { new_heading.set(String::new()); }
                    }>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="new-section">"Heading of a new section"</label>
                            <input class="govuk-input govuk-!-width-two-thirds" id="new-section" type="text" prop:value=move || new_heading.get()
                                on:input=move |ev| new_heading.set(event_target_value(&ev)) />
                        </div>
                        <button class="govuk-button govuk-button--secondary" type="submit" data-testid="add-section">"Add a section"</button>
                    </form>
                })}
            </div>
            <div class="app-draft__panels">
                <super::consultation::ConsultationPanel id doc moves=hook.moves can_edit=can_edit.into() />
                <Lifecycle status moves=hook.moves doc run=Callback::new(run) />
                <SignOffs sign_offs=hook.sign_offs may_publish=hook.may_publish can_edit=can_edit.into() run=Callback::new(run) />
            </div>
        </div>
    }
}

#[component]
fn SectionEditor(
    section: ItemId,
    order: Memo<Vec<ItemId>>,
    comments: UseCommentsReturn,
    presence: UsePresenceReturn,
    heading: Signal<String>,
    hook: UseProcedureReturn,
    run: Callback<ProcedureEdit>,
    can_edit: Signal<bool>,
) -> impl IntoView {
    let text = hook.section_text(section);
    let hook_splice = hook.splice;
    let field = crate::components::element_id(format!("section-{section}"));
    let index = Memo::new(move |_| order.with(|o| o.iter().position(|s| *s == section).unwrap_or(0)));
    let count = Memo::new(move |_| order.with(Vec::len));
    let error = RwSignal::new(None::<String>);
    let on_splice = Callback::new(move |s| error.set(hook_splice.run((section, s)).err()));
    let others = presence.sentence(section);
    let presence_id = format!("{field}-presence");
    let described = {
        let presence_id = presence_id.clone();
        Signal::derive(move || others.with(Option::is_some).then(|| presence_id.clone()))
    };
    let on_focus = Callback::new(move |()| presence.focus.run(section));
    // Switching to another window blurs the text too, but the person has not stopped editing
    // it (the page no longer has focus; the text is still the active element): only a blur
    // within the page ends it.
    let on_blur = Callback::new(move |()| {
        if document().has_focus().unwrap_or(true) {
            presence.blur.run(section);
        }
    });
    view! {
        <section class="app-draft-section" data-testid="draft-section" aria-labelledby=format!("{field}-h")>
            <h3 class="govuk-heading-s" id=format!("{field}-h")>{move || format!("{}. {}", index.get() + 1, heading.get())}</h3>
            // Read with the field when it gets focus (aria-describedby), not announced on
            // every change: no live region.
            {move || others.get().map(|who| view! {
                <p class="govuk-body-s app-presence" id=presence_id.clone() data-testid="presence">
                    <span class="app-presence__dot" aria-hidden="true"></span>{who}
                </p>
            })}
            {move || if can_edit.get() {
                view! {
                    <TextEditor id=field label=Signal::derive(move || format!("Text of “{}” (Markdown)", heading.get())) value=text on_splice error=error rows=8
                        on_focus on_blur also_described_by=described />
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button govuk-button--secondary" disabled=move || index.get() == 0
                            on:click=move |_| run.run(ProcedureEdit::MoveSection(section, index.get_untracked().saturating_sub(1)))>
                            "Move up"<span class="govuk-visually-hidden">{move || format!(": {}", heading.get())}</span></button>
                        <button type="button" class="govuk-button govuk-button--secondary" disabled=move || { index.get() + 1 >= count.get() }
                            on:click=move |_| run.run(ProcedureEdit::MoveSection(section, index.get_untracked() + 1))>
                            "Move down"<span class="govuk-visually-hidden">{move || format!(": {}", heading.get())}</span></button>
                        <button type="button" class="govuk-button govuk-button--warning"
                            on:click=move |_| run.run(ProcedureEdit::RemoveSection(section))>
                            "Remove"<span class="govuk-visually-hidden">{move || format!(": {}", heading.get())}</span></button>
                    </div>
                }.into_any()
            } else {
                view! { <crate::components::Markdown source=text heading_offset=3 /> }.into_any()
            }}
            <SectionComments section heading hook=comments can_comment=Signal::derive(move || can_edit.get() || comments.may_comment.get()) can_decide=can_edit />
        </section>
    }
}

#[component]
fn Lifecycle(status: Memo<Status>, moves: Memo<Vec<Status>>, doc: Memo<domain::procedure::ProcedureDoc>, run: Callback<ProcedureEdit>) -> impl IntoView {
    view! {
        <section class="app-panel" aria-labelledby="lifecycle-h" data-testid="lifecycle">
            <h2 class="govuk-heading-m" id="lifecycle-h">"Lifecycle"</h2>
            <p class="govuk-body">"Status: "<strong class=move || status_tag_class(status.get())>{move || status.get().label()}</strong></p>
            <div class="govuk-button-group">
                // Going out for consultation is its own form (the consultation panel's link).
                {move || moves.get().into_iter().filter(|to| *to != Status::Consultation).map(|to| view! {
                    <button type="button" class="govuk-button govuk-button--secondary" data-testid="move-to"
                        on:click=move |_| run.run(ProcedureEdit::MoveTo(to))>{format!("Move to {}", to.label().to_lowercase())}</button>
                }).collect_view()}
            </div>
            <h3 class="govuk-heading-s">"Transitions"</h3>
            <ul class="govuk-list app-transitions" data-testid="transitions">
                {move || doc.with(|d| d.transitions.iter().rev().map(|t| view! {
                    <li>{format!("{} → {}", t.from.label(), t.to.label())}<span class="app-hint">{format!(" by {} on {}", t.by, date_of(t.at).long())}</span></li>
                }).collect_view())}
            </ul>
        </section>
    }
}

#[component]
fn SignOffs(sign_offs: Memo<Vec<OwnerSignOff>>, may_publish: Memo<bool>, can_edit: Signal<bool>, run: Callback<ProcedureEdit>) -> impl IntoView {
    let summary = RwSignal::new(String::new());
    view! {
        <section class="app-panel" aria-labelledby="signoff-h" data-testid="sign-offs">
            <h2 class="govuk-heading-m" id="signoff-h">"Sign-off"</h2>
            <p class="govuk-body">"Every owning partnership signs off the same version before it is published."</p>
            <ul class="govuk-list app-sign-offs">
                {move || sign_offs.get().into_iter().map(|o| {
                    let OwnerSignOff { partnership, name, state, may_sign } = o;
                    let (text, tag) = match &state {
                        Some((s, SignOffState::Current)) => (format!("Signed off by {} on {}", s.by, date_of(s.at).long()), "govuk-tag govuk-tag--green"),
                        Some((s, SignOffState::EarlierVersion)) => (format!("Signed off an earlier version ({}, {}); changed since", s.by, date_of(s.at).long()), "govuk-tag govuk-tag--yellow"),
                        None => ("Not signed off yet".to_owned(), "govuk-tag govuk-tag--grey"),
                    };
                    let current = matches!(state, Some((_, SignOffState::Current)));
                    let label = name.clone();
                    view! {
                        <li class="app-sign-offs__item" data-testid="sign-off-row">
                            <strong class="app-sign-offs__name">{name}</strong>
                            <strong class=tag>{text}</strong>
                            
                                {(may_sign && !current).then(|| view! {
                                    <button type="button" class="govuk-button app-sign-offs__button" data-testid="sign-off"
                                        on:click=move |_| run.run(ProcedureEdit::SignOff(partnership))>{format!("Sign off for {label}")}</button>
                                })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (may_publish.get() && can_edit.get()).then(|| view! {
                <form on:submit=move |ev| { ev.prevent_default(); run.run(ProcedureEdit::Publish(summary.get_untracked())); }>
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for="amendment">"What changed in this version"</label>
                        <input class="govuk-input" id="amendment" type="text" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev)) />
                    </div>
                    <button class="govuk-button" type="submit" data-testid="publish">"Publish"</button>
                </form>
            })}
        </section>
    }
}
