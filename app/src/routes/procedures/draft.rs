//! `/procedures/:doc/draft`: the working draft for the people who write it. Sections in
//! order, each a text editor bound to the section's Automerge text (each keystroke one
//! character splice, so edits from others merge and the caret stays put); add, move and
//! remove sections; the lifecycle, sign-off by every owning partnership, and publication.

use domain::{procedure::Status, ItemId};
use leptos::prelude::*;

use super::{
    comments::SectionComments,
    draft_preview::{carry_over_preview_typing, provide_preview_handoff, DraftPreview},
    frame::{procedure_route_with_preview, ProcCtx},
    reader_href, status_tag_class,
};
use crate::{
    components::{set_page_title, TextEditor},
    state::{
        date_of, saved_draft_reading, today, use_comments, use_keep_draft_reading, use_presence, OwnerSignOff, ProcedureEdit,
        UseCommentsReturn, UsePresenceReturn, UseProcedureReturn,
    },
};
use domain::procedure::SignOffState;

#[component]
pub fn DraftPage() -> impl IntoView {
    provide_preview_handoff();
    procedure_route_with_preview(draft, Some(preview))
}

/// The draft as it was last read on this device, while its document loads.
fn preview(id: domain::DocumentId) -> Option<AnyView> {
    saved_draft_reading(id).map(|reading| view! { <DraftPreview id reading /> }.into_any())
}

fn draft(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    Effect::new(move |_| set_page_title(&format!("Draft: {}", doc.with(|d| d.title.clone())), false));
    use_keep_draft_reading(id, access.can_edit.into());
    let error = RwSignal::new(None::<String>);
    carry_over_preview_typing(&ctx, error);
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
                <SignOffs doc_id=id sign_offs=hook.sign_offs may_publish=hook.may_publish can_edit=can_edit.into() run=Callback::new(run) />
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

/// Who may sign off for an owning partnership (by name, when it is known here): "Signs off:
/// an administrator of Leicester Safeguarding Children Board, or deputy@example.org".
pub fn signatories(partnership: Option<&str>, delegate: Option<&str>) -> String {
    let admins = match partnership {
        Some(p) => format!("an administrator of {p}"),
        None => "one of its administrators".to_owned(),
    };
    match delegate {
        Some(d) => format!("Signs off: {admins}, or {d}"),
        None => format!("Signs off: {admins}"),
    }
}

/// For an owning partnership's admin: name the person who signs off for it besides its
/// admins (an email address; empty names nobody), checked before it is saved.
#[component]
fn NameSignatory(partnership: domain::DocumentId, name: String, current: String, run: Callback<ProcedureEdit>) -> impl IntoView {
    let input_id = format!("signatory-{partnership}");
    let (error_id, hint_id) = (format!("{input_id}-error"), format!("{input_id}-hint"));
    let value = RwSignal::new(current);
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match domain::procedure::clean_delegate(&value.get_untracked()) {
            Err(e) => error.set(Some(e.to_string())),
            Ok(person) => {
                error.set(None);
                run.run(ProcedureEdit::NameSignatory(partnership, person));
            }
        }
    };
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || if error.with(Option::is_some) { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    view! {
        <details class="govuk-details govuk-!-margin-bottom-2 app-sign-offs__naming" data-testid="name-signatory">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{format!("Name someone to sign off for {name}")}</span>
            </summary>
            <div class="govuk-details__text">
                <form novalidate on:submit=on_submit>
                    <div class="govuk-form-group govuk-!-margin-bottom-3" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                        <label class="govuk-label" for=input_id.clone()>"Their email address"</label>
                        <div class="govuk-hint" id=hint_id>{format!("The email of their Quorum account, which must be able to edit for {name}. Leave it empty to name nobody.")}</div>
                        {move || error.get().map(|m| view! {
                            <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p>
                        })}
                        <input class="govuk-input" id=input_id type="email" spellcheck="false" autocomplete="off"
                            class=("govuk-input--error", move || error.with(Option::is_some))
                            aria-describedby=described
                            prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value()) />
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="save-signatory">"Save"</button>
                </form>
            </div>
        </details>
    }
}

#[component]
fn SignOffs(doc_id: domain::DocumentId, sign_offs: Memo<Vec<OwnerSignOff>>, may_publish: Memo<bool>, can_edit: Signal<bool>, run: Callback<ProcedureEdit>) -> impl IntoView {
    let summary = RwSignal::new(String::new());
    view! {
        <section class="app-panel" aria-labelledby="signoff-h" data-testid="sign-offs">
            <h2 class="govuk-heading-m" id="signoff-h">"Sign-off"</h2>
            <p class="govuk-body">"Every owning partnership signs off the same version before it is published."</p>
            <ul class="govuk-list app-sign-offs">
                {move || sign_offs.get().into_iter().map(|o| {
                    let OwnerSignOff { partnership, name, known, state, may_sign, delegate, may_name } = o;
                    let who = signatories(known.then_some(name.as_str()), delegate.as_deref());
                    let naming = may_name.then(|| view! { <NameSignatory partnership name=name.clone() current=delegate.clone().unwrap_or_default() run /> });
                    let (text, tag) = match &state {
                        Some((s, SignOffState::Current)) => (format!("Signed off by {} on {}", s.by, date_of(s.at).long()), "govuk-tag govuk-tag--green"),
                        Some((s, SignOffState::EarlierVersion)) => (format!("Signed off an earlier version ({}, {}); changed since", s.by, date_of(s.at).long()), "govuk-tag govuk-tag--yellow"),
                        None => ("Not signed off yet".to_owned(), "govuk-tag govuk-tag--grey"),
                    };
                    let current = matches!(state, Some((_, SignOffState::Current)));
                    // An earlier version's sign-off links to what changed since it.
                    let since = match &state {
                        Some((s, SignOffState::EarlierVersion)) => Some(crate::state::compare_href(
                            doc_id,
                            Some(&domain::procedure::VersionRef::SignOff(s.id)),
                            Some(&domain::procedure::VersionRef::Draft),
                        )),
                        _ => None,
                    };
                    let label = name.clone();
                    let since_label = name.clone();
                    view! {
                        <li class="app-sign-offs__item" data-testid="sign-off-row">
                            <strong class="app-sign-offs__name">{name}</strong>
                            <strong class=tag>{text}</strong>
                            {since.map(|href| view! {
                                <a class="govuk-link" href=href data-testid="changed-since-sign-off">
                                    "See what changed since"<span class="govuk-visually-hidden">{format!(" {since_label} signed off")}</span>
                                </a>
                            })}

                                {(may_sign && !current).then(|| view! {
                                    <button type="button" class="govuk-button app-sign-offs__button" data-testid="sign-off"
                                        on:click=move |_| run.run(ProcedureEdit::SignOff(partnership))>{format!("Sign off for {label}")}</button>
                                })}
                            <p class="govuk-body-s app-sign-offs__who" data-testid="signatories">{who}</p>
                            {naming}
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

#[cfg(test)]
mod tests {
    use super::signatories;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_sign_off_panel_says_who_signs_for_each_owner() {
        assert_eq!(signatories(Some("LRSCP"), None), "Signs off: an administrator of LRSCP");
        assert_eq!(signatories(Some("LRSCP"), Some("deputy@example.org")), "Signs off: an administrator of LRSCP, or deputy@example.org");
        assert_eq!(signatories(None, None), "Signs off: one of its administrators", "a partnership whose name is not readable here");
    }
}
