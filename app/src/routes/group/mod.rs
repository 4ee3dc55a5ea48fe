//! `/groups/:id`: a group read first — about it, its terms of reference, meetings and
//! decisions, membership and history — with "Change" links to a form for each part on its
//! own page (`/groups/:id/edit/:part`, `/groups/:id/seats/:seat`), which returns here with a
//! success notification.

pub mod conflicts;
pub mod details_form;
pub mod errors;
pub mod history;
pub mod links_form;
pub mod rules_form;
pub mod seat_form;
pub mod terms_form;

use std::cell::RefCell;

use domain::{
    model::GroupDoc,
    DocumentId,
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map},
    NavigateOptions,
};

pub use seat_form::SeatPage;

use super::{group_href, not_found::NotFound, partnership_href, partnerships_href};
use crate::{
    components::{set_page_title, ChangeLinks, GroupAbout, GroupMembership, GroupNames, GroupPart, GroupRules, GroupTerms, ReadOnly},
    repo::DocView,
    state::{use_access, use_group, use_history, use_seats, UseAccessReturn, UseGroupReturn, UseSeatsReturn},
};

thread_local! {
    /// What the last form saved, for the group page it returns to.
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub use crate::state::today;

/// Returns to group `id`'s page, which then says `message` in a success notification.
pub fn use_return_to_group(id: DocumentId) -> Callback<String> {
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    Callback::new(move |message: String| {
        FLASH.with(|f| *f.borrow_mut() = Some(message));
        // Replace the form in the browser's history, as a redirect after a post would.
        (*navigate)(&group_href(id), NavigateOptions { replace: true, ..Default::default() });
    })
}

/// The group page's data: the group, what its ids stand for, and its seats.
#[derive(Debug, Clone, Copy)]
pub struct GroupData {
    pub id: DocumentId,
    pub hook: UseGroupReturn,
    pub seats: UseSeatsReturn,
    pub access: UseAccessReturn,
    /// The group (a default one until it is loaded: pages render only once it is).
    pub doc: Memo<GroupDoc>,
    pub names: Memo<GroupNames>,
}

impl GroupData {
    pub fn new(id: DocumentId) -> Self {
        let hook = use_group(id);
        let seats = use_seats(id, hook.owner_docs);
        let owner_ids = Signal::derive(move || hook.group.with(|g| match g {
            DocView::Ready(g) => g.owners.iter().map(|o| o.partnership).collect(),
            _ => Vec::new(),
        }));
        let access = use_access(id, owner_ids);
        // Only a known editor mends the group after a merge (before any account is known,
        // forms show, but a write the server refuses would leave this copy apart).
        let may_edit = Signal::derive(move || access.role.get().is_some_and(|r| r.can_edit()));
        crate::state::use_repair_after_merge(id, hook.group, may_edit);
        let doc = Memo::new(move |_| match hook.group.get() {
            DocView::Ready(g) => g,
            _ => GroupDoc::default(),
        });
        let names = Memo::new(move |_| GroupNames {
            owners: hook.owners.get(),
            groups: hook.others.get(),
            organisations: hook.organisations.get(),
            people: seats.people.get(),
            compliance: hook.compliance.get(),
        });
        Self { id, hook, seats, access, doc, names }
    }
}

fn id_param() -> Memo<Option<DocumentId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())))
}

/// `/groups/:id` and everything under it that is about the group itself (its page, the forms
/// for its parts, its seats): the breadcrumbs and the group's data, loaded once and kept while
/// a person moves between the page and a form, which the nested route shows.
#[component]
pub fn GroupLayout() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <GroupShell id render=|data| {
                provide_context(data);
                view! { <leptos_router::components::Outlet /> }.into_any()
            } />
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// The group's data, from the [`GroupLayout`] this page sits in.
pub fn use_group_data() -> GroupData {
    expect_context::<GroupData>()
}

/// `/groups/:id`: the group read first.
#[component]
pub fn GroupPage() -> impl IntoView {
    let data = use_group_data();
    view! { <GroupRead data /> }
}

/// `/groups/:id/edit/:part`: the form for one part of the group.
#[component]
pub fn GroupEditPage() -> impl IntoView {
    let data = use_group_data();
    let params = use_params_map();
    let part = Memo::new(move |_| params.with(|p| GroupPart::from_slug(&p.get("part")?)));
    move || match part.get() {
        Some(GroupPart::Details) => view! { <details_form::DetailsForm data /> }.into_any(),
        Some(GroupPart::Rules) => view! { <rules_form::RulesForm data /> }.into_any(),
        Some(GroupPart::Terms) => view! { <terms_form::TermsForm data /> }.into_any(),
        Some(GroupPart::Links) => view! { <links_form::LinksForm data /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// Breadcrumbs, and `render` once the group is on this device (read only for viewers);
/// until then, why it is not shown.
#[component]
pub fn GroupShell<F>(id: DocumentId, render: F) -> impl IntoView
where
    F: Fn(GroupData) -> AnyView + Send + Sync + 'static,
{
    crate::repo::probe::since("save", "after save: shell");
    crate::repo::probe::elapsed("group shell, since navigation", Some(0.0));
    let data = GroupData::new(id);
    let render = std::sync::Arc::new(render);
    let hook = data.hook;
    let loaded = Memo::new(move |_| hook.group.with(|g| matches!(g, DocView::Ready(_))));
    let sync = crate::state::use_sync_status().state;
    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item">
                    <a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a>
                </li>
                <For each=move || hook.owners.get() key=|o| o.id.clone() let:o>
                    <li class="govuk-breadcrumbs__item">
                        <a class="govuk-breadcrumbs__link" href=partnership_href(o.id)>{o.name}</a>
                    </li>
                </For>
            </ol>
        </nav>
        {move || {
            if loaded.get() {
                // Built inside `ReadOnly`, so the page can tell its notice what a reader may
                // still do there (`ReaderMay`).
                let page = {
                    let render = render.clone();
                    move || (*render)(data)
                };
                view! { <ReadOnly access=data.access>{page()}</ReadOnly> }.into_any()
            } else {
                let (title, text) = match hook.group.get() {
                    DocView::Unavailable => ("This group is not available", "It may have been removed, or the address may be wrong.".to_owned()),
                    DocView::Damaged(_) => ("This group could not be read", "The copy on this device is damaged. It has not been changed.".to_owned()),
                    _ => ("Loading group…", crate::repo::arrival_message(sync.get(), "group")),
                };
                set_page_title(title, false);
                view! {
                    <h1 class="govuk-heading-l">{title}</h1>
                    <p class="govuk-body" role="status" data-testid="arrival">{text}</p>
                }
                .into_any()
            }
        }}
    }
}

/// The page a form sits on: a back link to the group, a caption naming it, and the form.
#[component]
pub fn FormPage(data: GroupData, title: &'static str, children: Children) -> impl IntoView {
    let name = Memo::new(move |_| data.doc.with(|g| g.name.clone()));
    Effect::new(move |_| set_page_title(&format!("{title} – {}", name.get()), false));
    view! {
        <a class="govuk-back-link" href=group_href(data.id) data-testid="back-to-group">"Back to " {move || name.get()}</a>
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        {children()}
    }
}

/// False until the page has painted once. The parts one does not read first — the history
/// and conflicting changes, which walk every change of the document (thousands, for an old
/// group) — render in the frame after, so the page, and a save returning to it, show at once.
fn after_first_paint() -> ReadSignal<bool> {
    let (later, set_later) = signal(false);
    request_animation_frame(move || {
        request_animation_frame(move || {
            let _ = set_later.try_set(true);
        })
    });
    later
}

/// The group read first.
#[component]
fn GroupRead(data: GroupData) -> impl IntoView {
    let GroupData { id, doc, names, access, .. } = data;
    let name = Memo::new(move |_| doc.with(|g| g.name.clone()));
    let errors = errors::PageErrors::new();
    let history = use_history::<GroupDoc>(id);
    Effect::new(move |_| set_page_title(&name.get(), errors.any()));
    let flash = RwSignal::new(FLASH.with(|f| f.borrow_mut().take()));
    let change = Some(ChangeLinks { id, show: access.can_edit.into() });
    let today = today();
    let later = after_first_paint();
    crate::repo::probe::since("save", "after save: page hooks");
    Effect::new(move |_| crate::repo::probe::since("save", "after save: page effect"));
    view! {
        <errors::PageErrorSummary errors />
        {move || flash.get().map(|message| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                aria-labelledby="group-saved-h" data-testid="group-saved">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="group-saved-h">"Success"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                </div>
            </div>
        })}
        <span class="govuk-caption-l">{move || doc.with(|g| g.kind.label())}</span>
        <h1 class="govuk-heading-l" data-testid="group-name">{move || name.get()}</h1>
        {move || later.get().then(|| view! { <conflicts::Conflicts history errors /> })}
        <div data-testid="group-sheet">
            <GroupAbout doc names today change />
            <GroupTerms doc change />
            <GroupRules doc names change />
        </div>
        <GroupMembership doc names today change />
        <h2 class="govuk-heading-m">"Meetings"</h2>
        <p class="govuk-body">
            <a class="govuk-link" href=super::meetings_href(id) data-testid="group-meetings-link">"Meetings, attendance and decisions"</a>
        </p>
        <p class="govuk-body">
            <a class="govuk-link" href=super::case_reviews_href(id) data-testid="group-case-reviews-link">
                {move || doc.with(|g| match g.case_reviews.len() {
                    0 => "Case reviews and action plans".to_owned(),
                    1 => "Case reviews and action plans (1 review)".to_owned(),
                    n => format!("Case reviews and action plans ({n} reviews)"),
                })}
            </a>
        </p>
        {move || later.get().then(|| view! { <history::History id hook=history /> })}
        <p class="govuk-body">
            {move || data.hook.owners.get().into_iter().map(|o| view! {
                <a class="govuk-link" href=partnership_href(o.id)>"Back to " {o.name}</a>" "
            }).collect_view()}
        </p>
    }
}
