//! `/account`: who is signed in, two-step verification, and their sessions, each of which
//! can be ended.

use leptos::{prelude::*, task::spawn_local};

use super::{sign_out_href, two_step::TwoStepSection};
use crate::{
    auth::{api, use_me, ApiError, UseMeReturn},
    components::{clock_time, set_page_title},
};

/// "12 Mar 2026, 14:05:09" in local time.
pub fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {}, {}",
        d.get_date(),
        MONTHS[(d.get_month() as usize).min(11)],
        d.get_full_year(),
        clock_time(ms)
    )
}

/// A short description of a browser from its user agent.
pub fn device_name(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.filter(|u| !u.is_empty()) else {
        return "Unknown device".to_owned();
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "A browser"
    };
    let os = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS") {
        "macOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        "an unknown system"
    };
    format!("{browser} on {os}")
}

#[component]
pub fn AccountPage() -> impl IntoView {
    set_page_title("Your account", false);
    let UseMeReturn { me, .. } = use_me();
    let sessions = RwSignal::new(None::<Result<Vec<api::SessionInfo>, ApiError>>);
    let message = RwSignal::new(String::new());
    let load = move || spawn_local(async move { sessions.set(Some(api::sessions().await)) });
    load();
    let end = move |id: String| {
        spawn_local(async move {
            match api::end_session(&id).await {
                Ok(()) => {
                    message.set("The session has been signed out".to_owned());
                    sessions.set(Some(api::sessions().await));
                }
                Err(e) => message.set(format!("The session was not signed out: {e}")),
            }
        })
    };
    view! {
        <h1 class="govuk-heading-l">"Your account"</h1>
        {move || me.get().map(|me| view! {
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Name"</dt>
                    <dd class="govuk-summary-list__value">{me.account.name}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Email address"</dt>
                    <dd class="govuk-summary-list__value" data-testid="account-email">{me.account.email}</dd>
                </div>
            </dl>
        })}
        <TwoStepSection />
        <h2 class="govuk-heading-m">"Calendar links"</h2>
        <p class="govuk-body">
            <a class="govuk-link" href=crate::routes::calendar_links::calendar_links_href(None) data-testid="calendar-links-link">
                "Add your meetings to Outlook, Google Calendar or Apple Calendar, or turn off a calendar link"
            </a>
        </p>
        <h2 class="govuk-heading-m">"Where you are signed in"</h2>
        <p role="status" class="govuk-body" data-testid="account-message">{move || message.get()}</p>
        {move || match sessions.get() {
            None => view! { <p class="govuk-body">"Loading your sessions…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="govuk-body" data-testid="sessions-error">{format!("Your sessions could not be loaded. {e}.")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="app-table-scroll" tabindex="0" role="region" aria-label="Your sessions">
                <table class="govuk-table" data-testid="sessions">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Your sessions"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="govuk-table__header">"Device"</th>
                            <th scope="col" class="govuk-table__header">"Signed in"</th>
                            <th scope="col" class="govuk-table__header">"Last used"</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|s| {
                            let device = device_name(Some(s.user_agent.as_str()));
                            let id = s.id.clone();
                            let action = if s.current {
                                view! {
                                    <strong class="govuk-tag">"This device"</strong>" "
                                    <a class="govuk-link" href=sign_out_href()>"Sign out"</a>
                                }.into_any()
                            } else {
                                let label = device.clone();
                                view! {
                                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                        data-testid="end-session" on:click=move |_| end(id.clone())>
                                        "Sign out of this session"<span class="govuk-visually-hidden">" ("{label}")"</span>
                                    </button>
                                }.into_any()
                            };
                            view! {
                                <tr class="govuk-table__row" data-testid="session-row" data-current=s.current.to_string()>
                                    <td class="govuk-table__cell">{device}</td>
                                    <td class="govuk-table__cell">{date_time(s.created_at as f64)}</td>
                                    <td class="govuk-table__cell">{date_time(s.last_seen_at as f64)}</td>
                                    <td class="govuk-table__cell">{action}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::device_name;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn devices_are_named_from_their_user_agent() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
        assert_eq!(device_name(Some(chrome)), "Chrome on Linux");
        assert_eq!(device_name(None), "Unknown device");
    }
}
