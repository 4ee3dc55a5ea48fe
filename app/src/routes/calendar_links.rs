//! `/calendar-links`: a person's calendar links (iCalendar feeds that Outlook, Google Calendar
//! and Apple Calendar subscribe to). One for the person's own meetings (the groups where the
//! directory names them, by their email, as a seat's holder or deputy; every group they may
//! read when it names them nowhere), or one per
//! group (`?group=<documentId>`, from a group's meetings page). A new link is shown once, with
//! a button to copy it; each link can be turned off, and its URL stops working at once.
//! Links are made on the server, so this page needs a connection.

use domain::{api::FeedSummary, DocumentId};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_query_map;

use super::account::date_time;
use crate::{
    auth::{api, ApiError},
    components::set_page_title,
    state::use_repo,
};

/// `/calendar-links`, offering a link for group `group`'s meetings when given.
pub fn calendar_links_href(group: Option<DocumentId>) -> String {
    match group {
        Some(g) => format!("/calendar-links?group={g}"),
        None => "/calendar-links".to_owned(),
    }
}

/// What a link shows, as the table and the new link's label say it.
pub fn feed_label(group: Option<DocumentId>, group_name: Option<&str>) -> String {
    match (group, group_name.map(str::trim).filter(|n| !n.is_empty())) {
        (None, _) => "Your meetings".to_owned(),
        (Some(_), Some(name)) => format!("Meetings of {name}"),
        (Some(_), None) => "One group's meetings".to_owned(),
    }
}

/// The link a calendar subscribes to: the site's origin and the feed's path.
pub fn feed_url(origin: &str, path: &str) -> String {
    format!("{}{path}", origin.trim_end_matches('/'))
}

/// Why a request failed, as the page says it.
fn failure(what: &str, e: &ApiError) -> String {
    match e {
        ApiError::Offline => format!("{what}: you are offline. Calendar links are made on the server, so try again when you are back online."),
        e => format!("{what}. {e}."),
    }
}

/// A link just made: what it shows and its URL (shown this once).
#[derive(Debug, Clone, PartialEq, Eq)]
struct NewLink {
    label: String,
    url: String,
}

#[component]
pub fn CalendarLinksPage() -> impl IntoView {
    set_page_title("Calendar links", false);
    let query = use_query_map();
    let group = Memo::new(move |_| query.with(|q| q.get("group").and_then(|g| g.parse::<DocumentId>().ok())));
    let repo = use_repo();
    let name_of = {
        let repo = repo.clone();
        move |g: DocumentId| {
            repo.repo().open(g);
            match repo.group_heading(g) {
                crate::repo::DocView::Ready(h) => Some(h.name),
                _ => None,
            }
        }
    };
    let feeds = RwSignal::new(None::<Result<Vec<FeedSummary>, ApiError>>);
    let made = RwSignal::new(None::<NewLink>);
    let message = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let load = move || spawn_local(async move { feeds.set(Some(api::feeds().await)) });
    load();
    let make = {
        let name_of = name_of.clone();
        move |for_group: Option<DocumentId>| {
            let label = feed_label(for_group, for_group.and_then(name_of.clone()).as_deref());
            busy.set(true);
            spawn_local(async move {
                match api::create_feed(for_group).await {
                    Ok(created) => {
                        let origin = window().location().origin().unwrap_or_default();
                        made.set(Some(NewLink { label, url: feed_url(&origin, &created.path) }));
                        message.set(String::new());
                        load();
                    }
                    Err(e) => message.set(failure("The calendar link was not made", &e)),
                }
                busy.set(false);
            })
        }
    };
    let turn_off = move |id: String| {
        spawn_local(async move {
            match api::revoke_feed(&id).await {
                Ok(()) => {
                    message.set("The calendar link has been turned off. Calendars that used it no longer update.".to_owned());
                    load();
                }
                Err(e) => message.set(failure("The calendar link was not turned off", &e)),
            }
        })
    };
    let group_button = {
        let make = make.clone();
        let name_of = name_of.clone();
        move || {
            group.get().map(|g| {
                let text = match name_of(g).filter(|n| !n.trim().is_empty()) {
                    Some(name) => format!("Get a link for the meetings of {name}"),
                    None => "Get a link for this group's meetings".to_owned(),
                };
                let make = make.clone();
                view! {
                    <button type="button" class="govuk-button" data-testid="make-group-link" disabled=move || busy.get()
                        on:click=move |_| make(Some(g))>{text}</button>
                }
            })
        }
    };
    let all_button = {
        let make = make.clone();
        move || {
            let secondary = group.with(Option::is_some);
            let make = make.clone();
            view! {
                <button type="button" class="govuk-button" class=("govuk-button--secondary", secondary) data-testid="make-all-link"
                    disabled=move || busy.get() on:click=move |_| make(None)>"Get a link for your meetings"</button>
            }
        }
    };
    view! {
        {move || group.get().map(|g| view! {
            <a class="govuk-back-link" href=crate::routes::meetings_href(g) data-testid="back-to-meetings">"Back to the meetings"</a>
        })}
        <h1 class="govuk-heading-l">"Calendar links"</h1>
        <p class="govuk-body">
            "Add meetings to Outlook, Google Calendar or Apple Calendar. Your calendar subscribes to a link and keeps itself up to date as meetings are planned, moved or cancelled."
        </p>
        <p class="govuk-body">
            "Your meetings are those of the groups where a partnership's directory of people names you, by your email address, as a member or a named deputy. If no directory names you, the link has the meetings of every group you can read."
        </p>
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                "A calendar link is private to you: anyone who has it can see the meetings' dates, times and venues. Turn it off if it is shared by mistake."
            </strong>
        </div>
        {move || made.get().map(|link| {
            let NewLink { label, url } = link;
            // What "Copy link" did, once the browser has answered.
            let copied = RwSignal::new(None::<&'static str>);
            let to_copy = url.clone();
            view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="region" aria-labelledby="new-link-h"
                    data-testid="new-calendar-link">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="new-link-h">"Your new calendar link"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="new-link">{label}</label>
                            <div class="govuk-hint" id="new-link-hint">
                                "Copy it now: this is the only time Quorum shows it. In Outlook, choose Add calendar, then Subscribe from web. In Google Calendar, choose Other calendars, then From URL."
                            </div>
                            <input class="govuk-input app-link-input" id="new-link" type="text" readonly aria-describedby="new-link-hint"
                                spellcheck="false" value=url data-testid="new-link-url" />
                        </div>
                        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="copy-link"
                            on:click=move |_| {
                                let clipboard = window().navigator().clipboard();
                                let promise = clipboard.write_text(&to_copy);
                                spawn_local(async move {
                                    copied.set(Some(match wasm_bindgen_futures::JsFuture::from(promise).await {
                                        Ok(_) => "Link copied",
                                        Err(_) => "The link was not copied: select it and copy it yourself",
                                    }));
                                });
                            }>"Copy link"</button>
                        <p class="govuk-body govuk-!-margin-top-2" role="status">{move || copied.get()}</p>
                    </div>
                </div>
            }
        })}
        <div class="govuk-button-group">
            {group_button}
            {all_button}
        </div>
        <h2 class="govuk-heading-m" id="links-h">"Your calendar links"</h2>
        <p role="status" class="govuk-body" data-testid="calendar-links-message">{move || message.get()}</p>
        {move || match feeds.get() {
            None => view! { <p class="govuk-body">"Loading your calendar links…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="govuk-body" data-testid="calendar-links-error">{failure("Your calendar links could not be loaded", &e)}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="govuk-body" data-testid="no-calendar-links">"You have no calendar links."</p> }.into_any(),
            Some(Ok(list)) => {
                let name_of = name_of.clone();
                view! {
                    <table class="govuk-table" aria-labelledby="links-h" data-testid="calendar-links">
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Shows"</th>
                                <th scope="col" class="govuk-table__header">"Made"</th>
                                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {list.into_iter().map(|f| {
                                let group = f.group_document_id.as_deref().and_then(|g| g.parse::<DocumentId>().ok());
                                let label = feed_label(group, group.and_then(name_of.clone()).as_deref());
                                let (id, hidden) = (f.id.clone(), label.clone());
                                view! {
                                    <tr class="govuk-table__row" data-testid="calendar-link-row">
                                        <td class="govuk-table__cell">{label}</td>
                                        <td class="govuk-table__cell">{date_time(f.created_at as f64)}</td>
                                        <td class="govuk-table__cell">
                                            <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-testid="turn-off-link"
                                                on:click=move |_| turn_off(id.clone())>
                                                "Turn off"<span class="govuk-visually-hidden">{format!(" the link: {hidden}")}</span>
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_says_what_it_shows() {
        let g = DocumentId::random();
        assert_eq!(feed_label(None, None), "Your meetings");
        assert_eq!(feed_label(Some(g), Some("Leicester Safeguarding Children Board")), "Meetings of Leicester Safeguarding Children Board");
        assert_eq!(feed_label(Some(g), Some(" ")), "One group's meetings", "a group not on this device");
        assert_eq!(feed_label(Some(g), None), "One group's meetings");
    }

    #[test]
    fn the_url_is_the_origin_and_the_path() {
        assert_eq!(feed_url("https://quorum.example.org/", "/feeds/abc.ics"), "https://quorum.example.org/feeds/abc.ics");
        assert_eq!(calendar_links_href(None), "/calendar-links");
    }
}
