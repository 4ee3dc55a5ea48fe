//! `/invite/:token`: what an invitation offers; a new account (name, password) or "Accept as
//! <signed-in email>"; an existing account signs in first.

use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{partnerships_href, set_password::password_problems, sign_in_href};
use crate::{
    auth::{api, use_me, ApiError, AuthCtx, SessionStatus, UseMeReturn},
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
};

const NAME: &str = "invite-name";
const PASSWORD: &str = "invite-password";
const CONFIRM: &str = "invite-confirm";

/// "Leicester Board invites you to be an editor of the group X" / "… to join as a viewer".
pub fn offer_text(offer: &api::InvitationOffer) -> String {
    let role = offer.role.label().to_lowercase();
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    match &offer.document_name {
        Some(doc) => format!("{} invites you to be {article} {role} of {doc}", offer.partnership_name),
        None => format!("{} invites you to join as {article} {role}", offer.partnership_name),
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    set_page_title("Your invitation", false);
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let offer = RwSignal::new(None::<Result<api::InvitationOffer, ApiError>>);
    Effect::new(move |_| {
        let t = token.get();
        spawn_local(async move { offer.set(Some(api::invitation(&t).await)) });
    });
    let UseMeReturn { me, status, .. } = use_me();
    let auth = expect_context::<AuthCtx>();
    let navigate = use_navigate();

    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let summary = NodeRef::<html::Div>::new();
    let error_for = move |f: &'static str| Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field_id == f).map(|e| e.message.clone())));

    let accept = move |new_account: Option<(String, String)>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (auth, navigate, t) = (auth.clone(), navigate.clone(), token.get_untracked());
        spawn_local(async move {
            let result = api::accept_invitation(&t, new_account.as_ref().map(|(n, p)| (n.as_str(), p.as_str()))).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    auth.signed_in(me).await;
                    navigate(&partnerships_href(), Default::default());
                }
                Err(e) => {
                    let field = if new_account.is_some() { NAME } else { "accept-invitation" };
                    errors.set(vec![FieldError { field_id: field, message: e.to_string() }]);
                    focus_error_summary(summary);
                }
            }
        });
    };
    let on_new_account = {
        let accept = accept.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (n, p, c) = (name.get_untracked(), password.get_untracked(), confirm.get_untracked());
            let mut problems = Vec::new();
            if n.trim().is_empty() {
                problems.push(FieldError { field_id: NAME, message: "Enter your full name".to_owned() });
            }
            problems.extend(password_problems(&p, &c, PASSWORD, CONFIRM));
            if !problems.is_empty() {
                errors.set(problems);
                focus_error_summary(summary);
                return;
            }
            accept(Some((n.trim().to_owned(), p)));
        }
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() node_ref=summary />
                <h1 class="govuk-heading-l">"Your invitation"</h1>
                {move || match offer.get() {
                    None => view! { <p class="govuk-body">"Loading the invitation…"</p> }.into_any(),
                    Some(Err(ApiError::NotFound(_))) => view! {
                        <p class="govuk-body" data-testid="invitation-gone">
                            "This invitation link has been used, has expired or is wrong. Ask the person who invited you for a new link."
                        </p>
                    }.into_any(),
                    Some(Err(e)) => view! { <p class="govuk-body">{format!("The invitation could not be loaded. {e}.")}</p> }.into_any(),
                    Some(Ok(o)) => {
                        let signed_in_as = me.get().filter(|_| status.get() == SessionStatus::SignedIn).map(|m| m.account.email);
                        let matches = signed_in_as.as_ref().is_some_and(|e| e.eq_ignore_ascii_case(&o.email));
                        let text = offer_text(&o);
                        let action = if matches {
                            let email = signed_in_as.unwrap_or_default();
                            let accept = accept.clone();
                            view! {
                                <button type="button" id="accept-invitation" class="govuk-button" data-testid="accept-invitation"
                                    disabled=move || busy.get() on:click=move |_| accept(None)>
                                    {format!("Accept as {email}")}
                                </button>
                            }.into_any()
                        } else if let Some(other) = signed_in_as {
                            view! {
                                <p class="govuk-body" data-testid="invitation-other-account">
                                    {format!("You are signed in as {other}, but this invitation is for {}. Sign out, then open the link again.", o.email)}
                                </p>
                            }.into_any()
                        } else if o.account_exists {
                            let next = format!("/invite/{}", token.get());
                            view! {
                                <p class="govuk-body">
                                    {format!("You already have an account ({}). ", o.email)}
                                    <a class="govuk-link" href=sign_in_href(Some(&next)) data-testid="invitation-sign-in">"Sign in to accept"</a>
                                </p>
                            }.into_any()
                        } else {
                            let on_new_account = on_new_account.clone();
                            view! {
                                <h2 class="govuk-heading-m">"Create your account"</h2>
                                <form class="app-form" novalidate on:submit=on_new_account data-testid="new-account-form">
                                    <TextInput id=NAME label="Full name" name="name" autocomplete="name" spellcheck=false
                                        value=name on_input=Callback::new(move |v| name.set(v)) error=error_for(NAME) />
                                    <TextInput id=PASSWORD label="Password" name="password" input_type="password"
                                        autocomplete="new-password" spellcheck=false hint="At least 12 characters"
                                        value=password on_input=Callback::new(move |v| password.set(v)) error=error_for(PASSWORD) />
                                    <TextInput id=CONFIRM label="Confirm password" name="confirm" input_type="password"
                                        autocomplete="new-password" spellcheck=false
                                        value=confirm on_input=Callback::new(move |v| confirm.set(v)) error=error_for(CONFIRM) />
                                    <button type="submit" class="govuk-button" data-testid="create-account" disabled=move || busy.get()>
                                        "Create account and accept"
                                    </button>
                                </form>
                            }.into_any()
                        };
                        view! {
                            <p class="govuk-body-l" data-testid="invitation-offer">{text}</p>
                            <p class="govuk-body">{format!("The invitation is for {}.", o.email)}</p>
                            {action}
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::AccessRole;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_offer_names_the_partnership_the_role_and_the_document() {
        let mut o = api::InvitationOffer {
            partnership_name: "Leicester Board".into(),
            role: AccessRole::Editor,
            email: "a@example.org".into(),
            document_name: Some("LLR Joint Group".into()),
            account_exists: true,
        };
        assert_eq!(offer_text(&o), "Leicester Board invites you to be an editor of LLR Joint Group");
        o.document_name = None;
        o.role = AccessRole::Viewer;
        assert_eq!(offer_text(&o), "Leicester Board invites you to join as a viewer");
    }
}
