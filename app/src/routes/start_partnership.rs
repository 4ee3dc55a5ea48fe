//! `/start-partnership`: an operator starts a partnership (name, area) and its first admin
//! (name, email); the admin's one-time set-password link is shown once, to copy and send.

use leptos::{html, prelude::*, task::spawn_local};

use super::partnerships_href;
use crate::{
    auth::api::{self, ApiError, StartPartnership, PartnershipStarted},
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
    state::use_operator,
};

pub const NAME: &str = "partnership-name";
pub const AREA: &str = "partnership-area";
pub const ADMIN_NAME: &str = "admin-name";
pub const ADMIN_EMAIL: &str = "admin-email";

/// What is missing or wrong in the form, each against its field, in page order.
pub fn start_problems(p: &StartPartnership) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut need = |field_id, value: &str, message: &str| {
        if value.trim().is_empty() {
            out.push(FieldError { field_id, message: message.to_owned() });
        }
    };
    need(NAME, &p.name, "Enter the partnership's name");
    need(AREA, &p.area, "Enter the area the partnership covers");
    need(ADMIN_NAME, &p.admin_name, "Enter the first admin's name");
    let email = p.admin_email.trim();
    if email.is_empty() {
        out.push(FieldError { field_id: ADMIN_EMAIL, message: "Enter the first admin's email address".to_owned() });
    } else if !plausible_email(email) {
        out.push(FieldError {
            field_id: ADMIN_EMAIL,
            message: "Enter an email address in the correct format, like name@example.org".to_owned(),
        });
    }
    out
}

fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'),
        None => false,
    }
}

/// The server's refusal, against the field it is about.
pub fn refusal(e: &ApiError) -> FieldError {
    let message = e.to_string();
    let field_id = if message.contains("email") {
        ADMIN_EMAIL
    } else if message.contains("person") || message.contains("admin's name") {
        ADMIN_NAME
    } else {
        NAME
    };
    FieldError { field_id, message }
}

#[component]
pub fn StartPartnershipPage() -> impl IntoView {
    let operator = use_operator().is_operator;
    let form = RwSignal::new(StartPartnership::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let started = RwSignal::new(None::<PartnershipStarted>);
    let busy = RwSignal::new(false);
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let title = if started.with(Option::is_some) { "Partnership started" } else { "Start a partnership" };
        set_page_title(title, !errors.with(Vec::is_empty));
    });
    let error_for = move |f: &'static str| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field_id == f).map(|e| e.message.clone())))
    };
    let field = move |get: fn(&StartPartnership) -> &String| Signal::derive(move || form.with(|p| get(p).clone()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let value = form.get_untracked();
        let problems = start_problems(&value);
        if !problems.is_empty() {
            errors.set(problems);
            focus_error_summary(summary);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::start_partnership(&value).await {
                Ok(s) => {
                    errors.set(Vec::new());
                    form.set(StartPartnership::default());
                    started.set(Some(s));
                }
                Err(e) => {
                    errors.set(vec![refusal(&e)]);
                    focus_error_summary(summary);
                }
            }
            busy.set(false);
        });
    };
    let form_view = move || {
        view! {
            <form class="app-form" novalidate on:submit=on_submit data-testid="start-partnership-form">
                <h2 class="govuk-heading-m">"The partnership"</h2>
                <TextInput id=NAME label="Name" name="name" autocomplete="organization"
                    hint="For example, Rutland Safeguarding Children Partnership"
                    value=field(|p| &p.name) on_input=Callback::new(move |v| form.update(|p| p.name = v)) error=error_for(NAME) />
                <TextInput id=AREA label="Area it covers" name="area"
                    hint="The local authority area or areas, for example Rutland"
                    value=field(|p| &p.area) on_input=Callback::new(move |v| form.update(|p| p.area = v)) error=error_for(AREA) />
                <h2 class="govuk-heading-m">"Its first admin"</h2>
                <p class="govuk-body">"They manage the partnership's people. You will get a link for them to set their password."</p>
                <TextInput id=ADMIN_NAME label="Full name" name="admin-name" autocomplete="off" spellcheck=false
                    value=field(|p| &p.admin_name) on_input=Callback::new(move |v| form.update(|p| p.admin_name = v)) error=error_for(ADMIN_NAME) />
                <TextInput id=ADMIN_EMAIL label="Email address" name="admin-email" input_type="email" autocomplete="off" spellcheck=false
                    value=field(|p| &p.admin_email) on_input=Callback::new(move |v| form.update(|p| p.admin_email = v)) error=error_for(ADMIN_EMAIL) />
                <button type="submit" class="govuk-button" data-testid="start-partnership" disabled=move || busy.get()>
                    "Start the partnership"
                </button>
            </form>
        }
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() node_ref=summary />
                {move || match (operator.get(), started.get()) {
                    (_, Some(s)) => view! { <Started started=s again=Callback::new(move |()| started.set(None)) /> }.into_any(),
                    (Some(true), None) => view! {
                        <h1 class="govuk-heading-l">"Start a partnership"</h1>
                        {form_view()}
                    }.into_any(),
                    (Some(false), None) => view! {
                        <h1 class="govuk-heading-l">"Start a partnership"</h1>
                        <p class="govuk-body" data-testid="not-an-operator">
                            "Only an operator of this service can start a partnership. Ask the people who run Quorum for your organisation."
                        </p>
                        <p class="govuk-body"><a class="govuk-link" href=partnerships_href()>"Back to your partnerships"</a></p>
                    }.into_any(),
                    (None, None) => view! {
                        <h1 class="govuk-heading-l">"Start a partnership"</h1>
                        <p class="govuk-body">"Checking that you may start a partnership…"</p>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The confirmation, with the first admin's link shown once.
#[component]
fn Started(started: PartnershipStarted, again: Callback<()>) -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    let link = started.set_password_path.as_ref().map(|p| format!("{origin}{p}"));
    let email = started.admin_email.clone();
    view! {
        <div class="govuk-panel govuk-panel--confirmation" data-testid="partnership-started">
            <h1 class="govuk-panel__title">"Partnership started"</h1>
            <div class="govuk-panel__body">{started.name.clone()}</div>
        </div>
        {match link {
            Some(link) => view! {
                <h2 class="govuk-heading-m">"Send the first admin their link"</h2>
                <p class="govuk-body">
                    {format!("Send this link to {email}. It works once, for 7 days, and lets them set a password and sign in as the partnership's admin. It is shown only now.")}
                </p>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="first-admin-link">"Set-password link"</label>
                    <input class="govuk-input" id="first-admin-link" type="text" readonly=true spellcheck="false"
                        data-testid="first-admin-link" value=link.clone() prop:value=link
                        on:focus:target=move |ev| ev.target().select() />
                </div>
            }.into_any(),
            None => view! {
                <p class="govuk-body" data-testid="first-admin-existing">
                    {format!("{email} already has an account. They are the partnership's admin and can sign in with their password.")}
                </p>
            }.into_any(),
        }}
        <p class="govuk-body">
            <a class="govuk-link" href=partnerships_href()>"Back to partnerships"</a>
        </p>
        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| again.run(())>
            "Start another partnership"
        </button>
    }
}
