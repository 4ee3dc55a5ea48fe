//! `/partnerships/:id`: the partnership's home. It reads first: what needs attention, the
//! groups and their structure, then summary lists with a "Change" link to each form.

use domain::model::ChartGroup;
use leptos::prelude::*;

use super::{
    actions_href,
    attention::Attention,
    constitution_href,
    frame::{partnership_route, Crumbs, PageCtx},
    history_href, new_group_href,
    notice::{take_notice, SuccessBanner},
    review_due::{reviews_due, ReviewsDue},
};
use crate::{
    components::{
        partnership_sections::{AboutSummary, PlanSummary},
        set_page_title, StructureChart,
    },
    routes::{directory::directory_href, group_href, people_href},
    state::{today, use_action_tracker, use_libraries, Show, TrackerQuery},
};

/// `/partnerships/:id`. An id that does not parse is a page not found.
#[component]
pub fn PartnershipPage() -> impl IntoView {
    partnership_route(Crumbs::Home, home)
}

fn home(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, access, doc } = ctx;
    let groups = hook.groups;
    let notice = RwSignal::new(take_notice(id));
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));
    Effect::new(move |_| set_page_title(&name.get(), false));
    let can_edit = access.can_edit;
    let change = Signal::derive(move || can_edit.get().then_some(id));
    let doc_signal: Signal<_> = doc.into();
    let tracker = use_action_tracker(id);
    let actions = Memo::new(move |_| {
        tracker.actions.with(|a| (a.iter().filter(|t| t.overdue).count(), a.iter().filter(|t| t.action.status.is_open()).count()))
    });
    let overdue_query = TrackerQuery { show: Show::Overdue, ..TrackerQuery::default() };
    let manuals = use_libraries(id);
    let has_manuals = Memo::new(move |_| manuals.libraries.with(|l| !l.is_empty()));
    let reviews = Memo::new(move |_| manuals.libraries.with(|l| reviews_due(l, today())));
    let chart_groups = Signal::derive(move || {
        groups.with(|gs| {
            gs.iter()
                .map(|g| ChartGroup {
                    id: g.id,
                    name: g.name.clone(),
                    reports_to: g.reports_to,
                    also_reports_to: g.also_reports_to.clone(),
                    joint: g.joint,
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <SuccessBanner message=notice.into() />
        <span class="govuk-caption-l">"Partnership"</span>
        <h1 class="govuk-heading-l" data-testid="partnership-name">{move || name.get()}</h1>
        {move || {
            let area = doc.with(|p| p.area.clone());
            (!area.is_empty()).then(|| view! { <p class="govuk-body-l app-lede">{area}</p> })
        }}
        <nav class="app-page-links" aria-label="More about this partnership">
            <ul class="app-page-links__list">
                <li><a class="govuk-link" href=constitution_href(id) data-testid="constitution-link">
                    "Constitution"{move || doc.with(|p| format!(" ({} sections)", p.constitution.len()))}</a></li>
                <li><a class="govuk-link" href=directory_href(id) data-testid="directory-link">"Directory of people"</a></li>
                <li><a class="govuk-link" href=crate::routes::procedures::library_href(id) data-testid="procedures-link">"Procedures"</a></li>
                <li><a class="govuk-link" href=actions_href(id, &TrackerQuery::default()) data-testid="tracker-link">"Action tracker"</a></li>
                <li><a class="govuk-link" href=super::interests_href(id) data-testid="interests-link">"Register of interests"</a></li>
                <li><a class="govuk-link" href=super::compliance_href(id) data-testid="compliance-link">"Compliance rules"</a></li>
                <li><a class="govuk-link" href=history_href(id) data-testid="history-link">"History and named versions"</a></li>
                {move || access.is_admin.get().then(|| view! {
                    <li><a class="govuk-link" href=people_href(id) data-testid="people-link">"People and invitations"</a></li>
                })}
            </ul>
        </nav>

        <Attention attention=hook.attention dashboard=super::dashboard_href(id) actions tracker=actions_href(id, &TrackerQuery::default()) overdue=actions_href(id, &overdue_query)>
            {move || has_manuals.get().then(|| view! { <ReviewsDue partnership=id due=reviews /> })}
        </Attention>

        <section aria-labelledby="groups-h" data-testid="groups">
            <h2 class="govuk-heading-m" id="groups-h">"Groups"</h2>
            <div class="app-groups">
                <ul class="govuk-list app-groups__list" data-testid="group-list">
                    <For each=move || groups.get() key=|g| g.clone() let:g>
                        <li data-testid="group-item">
                            <a class="govuk-link" href=group_href(g.id)>{g.name}</a>
                            <span class="app-hint app-groups__kind">{if g.joint { format!(" — {}, joint", g.kind) } else { format!(" — {}", g.kind) }}</span>
                        </li>
                    </For>
                </ul>
                <p class="govuk-body app-hint" hidden=move || !groups.with(Vec::is_empty)>
                    "This partnership has no groups yet."
                </p>
                {move || can_edit.get().then(|| view! {
                    <a class="govuk-button govuk-button--secondary app-button-link" href=new_group_href(id) data-testid="add-group-link" role="button" draggable="false">
                        "Add a group"
                    </a>
                })}
            </div>
            <StructureChart groups=chart_groups />
        </section>

        <AboutSummary doc=doc_signal change />
        <PlanSummary doc=doc_signal change />
    }
}
