//! "Share this group with another partnership": find a partnership the server hosts by
//! name (a search box filters the list), choose it, confirm; the server records the new
//! owner and writes it into the group and the other partnership's documents.

use domain::DocumentId;
use leptos::{html, prelude::*, task::spawn_local};

use super::{focus_error_summary, ErrorMessage, ErrorSummary, FieldError};
use crate::auth::api::{self, ApiError, HostedPartnership};


const SEARCH: &str = "share-search";
const CHOICE: &str = "share-partnership";

/// The hosted partnerships that do not own the group yet, in the server's (name) order.
pub fn candidates(hosted: &[HostedPartnership], owners: &[DocumentId]) -> Vec<HostedPartnership> {
    hosted.iter().filter(|p| !owners.contains(&p.document_id)).cloned().collect()
}

/// The owners' names as the server knows them (each owner once, in the owners' order).
pub fn owner_names(hosted: &[HostedPartnership], owners: &[DocumentId]) -> Vec<String> {
    owners
        .iter()
        .filter_map(|o| hosted.iter().find(|p| p.document_id == *o).map(|p| p.name.clone()))
        .fold(Vec::new(), |mut out, n| {
            if !out.contains(&n) {
                out.push(n);
            }
            out
        })
}

/// Where the form is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Choose,
    Confirm(HostedPartnership),
}

/// The share form. Hidden for people who may not share (the directory answers 403).
#[component]
pub fn ShareGroup(
    group: DocumentId,
    #[prop(into)] group_name: Signal<String>,
    /// The owning partnerships' documents.
    #[prop(into)]
    owners: Signal<Vec<DocumentId>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let hosted = RwSignal::new(None::<Result<Vec<HostedPartnership>, ApiError>>);
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let q = query.get();
        let n = asked.get_value() + 1;
        asked.set_value(n);
        spawn_local(async move {
            let answer = api::hosted_partnerships(&q).await;
            if asked.get_value() == n {
                hosted.set(Some(answer));
            }
        });
    });
    // Every hosted partnership (no search), to name the owners.
    let all = RwSignal::new(Vec::<HostedPartnership>::new());
    let refresh_all = move || {
        spawn_local(async move {
            if let Ok(list) = api::hosted_partnerships("").await {
                all.set(list);
            }
        });
    };
    refresh_all();
    let owned_by = Memo::new(move |_| all.with(|a| owners.with(|o| owner_names(a, o))));
    let choice = RwSignal::new(None::<String>);
    let step = RwSignal::new(Step::Choose);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let summary = NodeRef::<html::Div>::new();
    let errors = Signal::derive(move || {
        error.get().map(|message| vec![FieldError { field_id: CHOICE, message }]).unwrap_or_default()
    });
    let shown = Memo::new(move |_| match hosted.get() {
        Some(Ok(list)) => owners.with(|o| candidates(&list, o)),
        _ => Vec::new(),
    });
    // Shown once the server has said this person may share (viewers get 403).
    let hidden = move || !matches!(hosted.get(), Some(Ok(_)));
    let on_choose = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = choice.get_untracked().and_then(|id| shown.get_untracked().into_iter().find(|p| p.id == id));
        match picked {
            Some(p) => {
                error.set(None);
                step.set(Step::Confirm(p));
            }
            None => {
                error.set(Some("Select the partnership to share this group with".to_owned()));
                focus_error_summary(summary);
            }
        }
    };
    let on_confirm = move |_| {
        let Step::Confirm(p) = step.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::share_group(group, &p.id).await {
                Ok(()) => {
                    error.set(None);
                    choice.set(None);
                    done.set(Some(p.name.clone()));
                    step.set(Step::Choose);
                }
                Err(e) => {
                    step.set(Step::Choose);
                    error.set(Some(e.to_string()));
                    focus_error_summary(summary);
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="app-share-group" data-testid="share-group" aria-labelledby="share-group-h" hidden=hidden>
            <h2 class="govuk-heading-m" id="share-group-h">"Share this group with another partnership"</h2>
            <p class="govuk-body" data-testid="share-owners" hidden=move || owned_by.with(Vec::is_empty)>
                {move || {
                    let names = owned_by.get();
                    let joint = if names.len() > 1 { " (a joint group)" } else { "" };
                    format!("Owned by {}{joint}.", names.join(" and "))
                }}
            </p>
            <p class="govuk-body">
                "A shared (joint) group belongs to every partnership that shares it: their people can read it and their editors can change it."
            </p>
            {move || done.get().map(|name| view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                    aria-labelledby="share-done-h" data-testid="share-done">
                    <div class="govuk-notification-banner__header">
                        <h3 class="govuk-notification-banner__title" id="share-done-h">"Success"</h3>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{format!("The group is now shared with {name}")}</p>
                    </div>
                </div>
            })}
            <ErrorSummary errors node_ref=summary />
            {move || match step.get() {
                Step::Confirm(p) => view! {
                    <div class="govuk-warning-text" data-testid="share-confirm">
                        <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">"Warning"</span>
                            {format!("Share “{}” with {}? Their people will be able to read it and their editors to change it.", group_name.get(), p.name)}
                        </strong>
                    </div>
                    <div class="govuk-button-group">
                        <button type="button" class="govuk-button" data-testid="share-confirm-yes" on:click=on_confirm
                            disabled=move || busy.get()>"Yes, share the group"</button>
                        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| step.set(Step::Choose)>
                            "Cancel"
                        </button>
                    </div>
                }.into_any(),
                Step::Choose => view! {
                    <form class="app-form" novalidate on:submit=on_choose data-testid="share-group-form">
                        <div class="govuk-form-group">
                            <label class="govuk-label" for=SEARCH>"Search partnerships by name"</label>
                            <input class="govuk-input govuk-!-width-two-thirds" id=SEARCH type="search" autocomplete="off"
                                spellcheck="false" data-testid="share-search"
                                prop:value=move || query.get() on:input:target=move |ev| query.set(ev.target().value()) />
                        </div>
                        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                            <fieldset class="govuk-fieldset"
                                aria-describedby=move || error.with(Option::is_some).then(|| format!("{CHOICE}-error"))>
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Partnership to share with"</legend>
                                <ErrorMessage field_id=CHOICE message=error.into() />
                                <p class="govuk-body" aria-live="polite" data-testid="share-status">
                                    {move || match (hosted.get(), shown.with(Vec::len)) {
                                        (None | Some(Err(_)), _) => String::new(),
                                        (Some(Ok(_)), 0) if query.with(|q| q.trim().is_empty()) => "There is no other partnership on this server.".to_owned(),
                                        (Some(Ok(_)), 0) => format!("No other partnership matches “{}”.", query.get().trim()),
                                        (Some(Ok(_)), 1) => "1 partnership".to_owned(),
                                        (Some(Ok(_)), n) => format!("{n} partnerships"),
                                    }}
                                </p>
                                <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                                    {move || shown.get().into_iter().enumerate().map(|(i, p)| {
                                        let id = if i == 0 { CHOICE.to_owned() } else { format!("{CHOICE}-{i}") };
                                        let value = p.id.clone();
                                        let checked = {
                                            let value = value.clone();
                                            move || choice.with(|c| c.as_deref() == Some(value.as_str()))
                                        };
                                        view! {
                                            <div class="govuk-radios__item">
                                                <input class="govuk-radios__input" id=id.clone() name=CHOICE type="radio"
                                                    value=value.clone() prop:checked=checked
                                                    on:change=move |_| choice.set(Some(value.clone())) />
                                                <label class="govuk-label govuk-radios__label" for=id>{p.name}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                        <button type="submit" class="govuk-button govuk-button--secondary" data-testid="share-continue">
                            "Continue"
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_owners_are_not_offered() {
        let (a, b) = (DocumentId::random(), DocumentId::random());
        let hosted = vec![
            HostedPartnership { id: "p1".into(), document_id: a, name: "Alpha".into() },
            HostedPartnership { id: "p2".into(), document_id: b, name: "Beta".into() },
        ];
        let offered = candidates(&hosted, &[a]);
        assert_eq!(offered.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["Beta"]);
        assert!(candidates(&hosted, &[a, b]).is_empty());
        assert_eq!(owner_names(&hosted, &[b, a, b]), vec!["Beta".to_owned(), "Alpha".to_owned()]);
        assert!(owner_names(&hosted, &[DocumentId::random()]).is_empty(), "unknown owners are left out");
    }
}
