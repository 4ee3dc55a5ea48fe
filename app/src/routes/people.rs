//! `/partnerships/:id/people` (admins): people and their roles (change, remove with a
//! confirmation), "Invite someone" (email, role, optionally one group of this partnership,
//! e.g. a joint group) with the link to copy, and the audit log, newest first.

use domain::DocumentId;
use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use super::{two_step::TwoStepPolicySection, account::date_time, not_found::NotFound, partnership_href, partnerships_href};
use crate::{
    auth::{api, use_me, AccessRole, ApiError, UseMeReturn},
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
    state::{use_partnership, UsePartnershipReturn},
};

const EMAIL: &str = "invite-email";
const ROLE: &str = "invite-role";
const GROUP: &str = "invite-group";

/// An audit kind (`role-changed`) as words ("Role changed").
pub fn kind_label(kind: &str) -> String {
    let words = kind.replace(['-', '_', '.'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => view! { <People id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn People(id: DocumentId) -> impl IntoView {
    let UseMeReturn { me, .. } = use_me();
    let access = Memo::new(move |_| me.with(|m| m.as_ref().and_then(|m| m.partnership_by_document(id).cloned())));
    let title = move || access.with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    Effect::new(move |_| set_page_title(&format!("People – {}", title()), false));
    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a></li>
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnership_href(id)>{title}</a></li>
            </ol>
        </nav>
        {move || match access.get() {
            Some(a) if a.role.is_admin() => view! { <PeopleAdmin id pid=a.id.clone() name=a.name.clone() /> }.into_any(),
            Some(_) => view! {
                <h1 class="govuk-heading-l">"People"</h1>
                <p class="govuk-body">"Only the partnership's administrators can manage people."</p>
            }.into_any(),
            None => view! {
                <h1 class="govuk-heading-l">"People"</h1>
                <p class="govuk-body">"You are not in this partnership."</p>
            }.into_any(),
        }}
    }
}

#[component]
fn PeopleAdmin(id: DocumentId, pid: String, name: String) -> impl IntoView {
    let pid = StoredValue::new(pid);
    let people = RwSignal::new(None::<Result<Vec<api::Person>, ApiError>>);
    let audit = RwSignal::new(None::<Result<Vec<api::AuditEntry>, ApiError>>);
    let announcement = RwSignal::new(String::new());
    let reload = move || {
        let p = pid.get_value();
        spawn_local(async move {
            people.set(Some(api::people(&p).await));
            audit.set(Some(api::audit(&p).await));
        });
    };
    reload();
    let UsePartnershipReturn { groups, .. } = use_partnership(id);

    // Invitation form.
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(AccessRole::Editor);
    let group = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let link = RwSignal::new(None::<String>);
    let summary = NodeRef::<html::Div>::new();
    let email_error = Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field_id == EMAIL).map(|e| e.message.clone())));
    let on_invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = email.get_untracked().trim().to_owned();
        if !e.contains('@') {
            let message = if e.is_empty() { "Enter the person's email address" } else { "Enter an email address in the correct format, like name@example.org" };
            errors.set(vec![FieldError { field_id: EMAIL, message: message.to_owned() }]);
            focus_error_summary(summary);
            return;
        }
        let document = group.get_untracked().parse::<DocumentId>().ok();
        let r = role.get_untracked();
        let p = pid.get_value();
        spawn_local(async move {
            match api::invite(&p, &e, r, document).await {
                Ok(inv) => {
                    errors.set(Vec::new());
                    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    link.set(Some(format!("{origin}{}", inv.link)));
                    email.set(String::new());
                    announcement.set(format!("Invitation created for {e}"));
                    audit.set(Some(api::audit(&p).await));
                }
                Err(err) => {
                    errors.set(vec![FieldError { field_id: EMAIL, message: err.to_string() }]);
                    focus_error_summary(summary);
                }
            }
        });
    };

    view! {
        <ErrorSummary errors=errors.into() node_ref=summary />
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <span class="govuk-caption-l">{name}</span>
        <h1 class="govuk-heading-l">"People"</h1>
        {move || match people.get() {
            None => view! { <p class="govuk-body">"Loading people…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="govuk-body">{format!("People could not be loaded. {e}.")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="app-table-scroll" tabindex="0" role="region" aria-label="People">
                <table class="govuk-table" data-testid="people">
                    <caption class="govuk-table__caption govuk-visually-hidden">"People in this partnership"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="govuk-table__header">"Name"</th>
                            <th scope="col" class="govuk-table__header">"Email"</th>
                            <th scope="col" class="govuk-table__header">"Role"</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Remove"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|p| view! { <PersonRow person=p pid announcement on_change=Callback::new(move |_| reload()) /> }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any(),
        }}

        <form class="app-form" novalidate on:submit=on_invite data-testid="invite-form">
            <h2 class="govuk-heading-m">"Invite someone"</h2>
            <TextInput id=EMAIL label="Email address" name="email" input_type="email" autocomplete="off" spellcheck=false
                value=email on_input=Callback::new(move |v| email.set(v)) error=email_error />
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset" id=ROLE>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Role"</legend>
                    <div class="govuk-radios">
                        {AccessRole::ALL.into_iter().map(|r| {
                            let input_id = format!("{ROLE}-{}", r.as_str());
                            let hint_id = format!("{input_id}-hint");
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" type="radio" name="role" id=input_id.clone() value=r.as_str()
                                        aria-describedby=hint_id.clone()
                                        prop:checked=move || role.get() == r on:change=move |_| role.set(r) />
                                    <label class="govuk-label govuk-radios__label" for=input_id>{r.label()}</label>
                                    <div id=hint_id class="govuk-hint govuk-radios__hint">{r.hint()}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label" for=GROUP>"Only one group (optional)"</label>
                <div class="govuk-hint" id=format!("{GROUP}-hint")>
                    "Choose a group to invite someone to that group only, for example a colleague from another partnership to a joint group."
                </div>
                <select class="govuk-select" id=GROUP name="group" aria-describedby=format!("{GROUP}-hint")
                    on:change:target=move |ev| group.set(ev.target().value())>
                    <option value="" selected=true>"The whole partnership"</option>
                    <For each=move || groups.get() key=|g| g.id let:g>
                        <option value=g.id.to_string()>{g.name}</option>
                    </For>
                </select>
            </div>
            <button type="submit" class="govuk-button" data-testid="send-invitation">"Create invitation link"</button>
        </form>
        {move || link.get().map(|l| view! {
            <div class="app-panel" data-testid="invitation-created">
                <h3 class="govuk-heading-s">"Invitation link"</h3>
                <p class="govuk-body">"Send this link to the person. It works once, for 7 days."</p>
                <label class="govuk-label" for="invitation-link">"Link to copy"</label>
                <input class="govuk-input" id="invitation-link" readonly=true data-testid="invite-link" prop:value=l />
            </div>
        })}

        <TwoStepPolicySection pid=pid.get_value() />

        <section aria-labelledby="audit-h" data-testid="audit">
            <h2 class="govuk-heading-m" id="audit-h">"Audit log"</h2>
            {move || match audit.get() {
                None => view! { <p class="govuk-body">"Loading the audit log…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{format!("The audit log could not be loaded. {e}.")}</p> }.into_any(),
                Some(Ok(entries)) if entries.is_empty() => view! { <p class="govuk-body">"Nothing recorded yet."</p> }.into_any(),
                Some(Ok(entries)) => view! {
                    <div class="app-table-scroll" tabindex="0" role="region" aria-label="Audit log table">
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-visually-hidden">"Audit log, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="govuk-table__header">"When"</th>
                                <th scope="col" class="govuk-table__header">"What"</th>
                                <th scope="col" class="govuk-table__header">"Who"</th>
                                <th scope="col" class="govuk-table__header">"Detail"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|e| view! {
                                <tr class="govuk-table__row" data-testid="audit-entry">
                                    <td class="govuk-table__cell">{date_time(e.at as f64)}</td>
                                    <td class="govuk-table__cell">{kind_label(&e.kind)}</td>
                                    <td class="govuk-table__cell">{e.actor.clone().unwrap_or_default()}</td>
                                    <td class="govuk-table__cell">{e.detail.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any(),
            }}
            {move || {
                // A full page may have older rows behind it.
                let last = audit.with(|a| match a {
                    Some(Ok(entries)) if entries.len() as u32 >= api::AUDIT_PAGE && entries.len() as u32 % api::AUDIT_PAGE == 0 => entries.last().map(|e| e.id),
                    _ => None,
                });
                last.map(|before| view! {
                    <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" data-testid="audit-older"
                        on:click=move |_| {
                            let p = pid.get_value();
                            spawn_local(async move {
                                if let Ok(more) = api::audit_before(&p, Some(before)).await {
                                    audit.update(|a| if let Some(Ok(entries)) = a { entries.extend(more) });
                                }
                            });
                        }>
                        "Show older entries"
                    </button>
                })
            }}
        </section>
    }
}

/// One person: role select + Save, Remove with a confirmation.
#[component]
fn PersonRow(person: api::Person, pid: StoredValue<String>, announcement: RwSignal<String>, on_change: Callback<()>) -> impl IntoView {
    let role = RwSignal::new(person.role);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let account = StoredValue::new(person.account_id.clone());
    let who = StoredValue::new(person.name.clone());
    let select_id = format!("role-{}", person.account_id);
    let error_id = format!("{select_id}-error");
    let save = move |_| {
        let (p, a, r) = (pid.get_value(), account.get_value(), role.get_untracked());
        spawn_local(async move {
            match api::set_role(&p, &a, r).await {
                Ok(()) => {
                    error.set(None);
                    announcement.set(format!("{} is now {}", who.get_value(), r.label().to_lowercase()));
                    on_change.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let remove = move |_| {
        let (p, a) = (pid.get_value(), account.get_value());
        spawn_local(async move {
            match api::remove_person(&p, &a).await {
                Ok(()) => {
                    announcement.set(format!("{} was removed", who.get_value()));
                    on_change.run(());
                }
                Err(e) => {
                    confirming.set(false);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    let sign_out = move |_| {
        let (p, a) = (pid.get_value(), account.get_value());
        spawn_local(async move {
            match api::sign_out_everywhere(&p, &a).await {
                Ok(()) => announcement.set(format!("{} has been signed out of every device", who.get_value())),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <tr class="govuk-table__row" data-testid="person-row">
            <td class="govuk-table__cell">{person.name.clone()}</td>
            <td class="govuk-table__cell" data-testid="person-email">{person.email.clone()}</td>
            <td class="govuk-table__cell">
                <div class="govuk-form-group govuk-!-margin-bottom-0" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                    <label class="govuk-label govuk-visually-hidden" for=select_id.clone()>{format!("Role of {}", person.name)}</label>
                    {move || error.get().map(|m| view! {
                        <p id=error_id.clone() class="govuk-error-message">
                            <span class="govuk-visually-hidden">"Error: "</span>{m}
                        </p>
                    })}
                    <select class="govuk-select" id=select_id data-testid="person-role"
                        on:change:target=move |ev| if let Some(r) = AccessRole::parse(&ev.target().value()) { role.set(r) }>
                        {AccessRole::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get_untracked() == r>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    " "
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="save-role" on:click=save>
                        "Save"<span class="govuk-visually-hidden">{format!(" role of {}", person.name)}</span>
                    </button>
                </div>
            </td>
            <td class="govuk-table__cell">
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="app-link-button" data-testid="remove-person" on:click=move |_| confirming.set(true)>
                            "Remove"<span class="govuk-visually-hidden">{format!(" {}", who.get_value())}</span>
                        </button>
                        <br/>
                        <button type="button" class="app-link-button" data-testid="sign-out-person" on:click=sign_out>
                            "Sign out of all devices"<span class="govuk-visually-hidden">{format!(": {}", who.get_value())}</span>
                        </button>
                    }
                >
                    <span class="govuk-body-s">{format!("Remove {}?", who.get_value())}</span>" "
                    <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-testid="confirm-remove" on:click=remove>
                        "Yes, remove"
                    </button>" "
                    <button type="button" class="app-link-button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </Show>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::kind_label;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn audit_kinds_read_as_words() {
        assert_eq!(kind_label("role-changed"), "Role changed");
        assert_eq!(kind_label("sign-in-failed"), "Sign in failed");
        assert_eq!(kind_label(""), "");
    }
}
