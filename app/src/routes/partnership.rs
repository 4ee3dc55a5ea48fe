use domain::{
    model::{chart_layout, ChartGroup, ChartNode, PartnershipDoc},
    DocumentId,
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_params_map;

use super::{directory::directory_href, group_href, not_found::NotFound, partnerships_href, people_href};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
    repo::DocView,
    state::{use_access, use_partnership, UsePartnershipReturn},
};

const NAME_INPUT: &str = "partnership-name-input";
const GROUP_INPUT: &str = "group-name-input";

/// `/partnerships/:id`. An id that does not parse is a page not found.
#[component]
pub fn PartnershipPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => view! { <Partnership id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn Partnership(id: DocumentId) -> impl IntoView {
    let hook = use_partnership(id);
    let partnership = hook.partnership;
    let loaded = Memo::new(move |_| partnership.with(|p| matches!(p, DocView::Ready(_))));
    let access = use_access(id, Signal::derive(Vec::new));

    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item">
                    <a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a>
                </li>
            </ol>
        </nav>
        {move || {
            if loaded.get() {
                view! {
                    <crate::components::ReadOnly access>
                        <PartnershipDetail id hook />
                    </crate::components::ReadOnly>
                    <p class="govuk-body" hidden=move || !access.is_admin.get()>
                        <a class="govuk-link" href=people_href(id) data-testid="people-link">"People and invitations"</a>
                    </p>
                }
                .into_any()
            } else {
                view! { <PartnershipPending partnership /> }.into_any()
            }
        }}
    }
}

/// Loading, unavailable or damaged.
#[component]
fn PartnershipPending(partnership: Memo<DocView<PartnershipDoc>>) -> impl IntoView {
    Effect::new(move |_| {
        let title = match partnership.get() {
            DocView::Unavailable => "Partnership not available",
            DocView::Damaged(_) => "Partnership could not be read",
            _ => "Loading partnership",
        };
        set_page_title(title, false);
    });
    move || match partnership.get() {
        DocView::Unavailable => view! {
            <h1 class="govuk-heading-l">"This partnership is not available"</h1>
            <p class="govuk-body">"It may have been removed, or the address may be wrong."</p>
        }
        .into_any(),
        DocView::Damaged(_) => view! {
            <h1 class="govuk-heading-l">"This partnership could not be read"</h1>
            <p class="govuk-body">"The copy on this device is damaged. It has not been changed."</p>
        }
        .into_any(),
        _ => view! {
            <h1 class="govuk-heading-l">"Loading partnership…"</h1>
            <p class="govuk-body">
                "If this device is offline, the partnership will load when it is back online."
            </p>
        }
        .into_any(),
    }
}

#[component]
fn PartnershipDetail(id: DocumentId, hook: UsePartnershipReturn) -> impl IntoView {
    let UsePartnershipReturn { partnership, groups, rename, add_group, change, history, revisions, name_version } = hook;
    let content_error: super::partnership_content::ContentError = RwSignal::new(None);
    let doc = Memo::new(move |_| match partnership.get() {
        DocView::Ready(p) => p,
        _ => PartnershipDoc::default(),
    });
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));
    let joint = Memo::new(move |_| {
        groups.with(|gs| gs.iter().filter(|g| g.joint).map(|g| g.name.clone()).collect::<Vec<_>>().join("; "))
    });

    let rename_error = RwSignal::new(None::<String>);
    let group_error = RwSignal::new(None::<String>);
    let announcement = RwSignal::new(String::new());
    let summary = NodeRef::<html::Div>::new();
    let errors = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = rename_error.get() {
            list.push(FieldError {
                field_id: NAME_INPUT,
                message,
            });
        }
        if let Some(message) = group_error.get() {
            list.push(FieldError {
                field_id: GROUP_INPUT,
                message,
            });
        }
        if let Some((field_id, message)) = content_error.get() {
            list.push(FieldError { field_id, message });
        }
        list
    });
    Effect::new(move |_| set_page_title(&name.get(), !errors.with(Vec::is_empty)));

    // The rename field starts with the current name and follows changes from other people
    // until this person edits it.
    let name_draft = RwSignal::new(name.get_untracked());
    let followed_name = StoredValue::new(name.get_untracked());
    Effect::new(move |_| {
        let current = name.get();
        if name_draft.get_untracked() == followed_name.get_value() {
            name_draft.set(current.clone());
        }
        followed_name.set_value(current);
    });
    let group_draft = RwSignal::new(String::new());

    let on_rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match rename.run(name_draft.get_untracked()) {
            Ok(()) => {
                rename_error.set(None);
                // Let the field take the saved (tidied) name.
                followed_name.set_value(name_draft.get_untracked());
                announcement.set("Partnership name saved".to_owned());
            }
            Err(e) => {
                rename_error.set(Some(e.to_string()));
                focus_error_summary(summary);
            }
        }
    };
    let on_add_group = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = group_draft.get_untracked();
        match add_group.run(draft.clone()) {
            Ok(_) => {
                group_error.set(None);
                group_draft.set(String::new());
                announcement.set(format!("Group added: {}", draft.trim()));
            }
            Err(e) => {
                group_error.set(Some(e.to_string()));
                focus_error_summary(summary);
            }
        }
    };

    view! {
        <ErrorSummary errors node_ref=summary />
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <span class="govuk-caption-l">"Partnership"</span>
        <h1 class="govuk-heading-l" data-testid="partnership-name">{move || name.get()}</h1>
        {move || {
            let area = doc.with(|p| p.area.clone());
            (!area.is_empty()).then(|| view! { <p class="govuk-body-l">{area}</p> })
        }}

        <p class="govuk-body"><a class="govuk-link" href=directory_href(id) data-testid="directory-link">"Directory of people"</a>
            " — who holds and deputises for seats on the groups"</p>

        <h2 class="govuk-heading-m">"Groups"</h2>
        <ul class="govuk-list govuk-list--bullet" data-testid="group-list">
            <For each=move || groups.get() key=|g| g.clone() let:g>
                <li data-testid="group-item">
                    <a class="govuk-link" href=group_href(g.id)>{g.name}</a>
                </li>
            </For>
        </ul>
        <p class="govuk-body app-hint" hidden=move || joint.with(String::is_empty) data-testid="joint-groups">
            "Joint groups, shared with another partnership: " {move || joint.get()}
        </p>
        <p class="govuk-body app-hint" hidden=move || !groups.with(Vec::is_empty)>
            "This partnership has no groups yet."
        </p>

        <StructureChart groups />

        <form class="app-form" novalidate on:submit=on_add_group>
            <h2 class="govuk-heading-m">"Add a group"</h2>
            <TextInput
                id=GROUP_INPUT
                label="Group name"
                name="group-name"
                spellcheck=false
                value=group_draft
                on_input=Callback::new(move |v| group_draft.set(v))
                error=group_error.into()
            />
            <button type="submit" class="govuk-button" data-testid="add-group">"Add group"</button>
        </form>

        <form class="app-form" novalidate on:submit=on_rename>
            <h2 class="govuk-heading-m">"Rename the partnership"</h2>
            <TextInput
                id=NAME_INPUT
                label="Partnership name"
                name="partnership-name"
                spellcheck=false
                value=name_draft
                on_input=Callback::new(move |v| name_draft.set(v))
                error=rename_error.into()
            />
            <button type="submit" class="govuk-button" data-testid="save-name">"Save name"</button>
        </form>

        <super::partnership_content::PartnershipContent id doc change history revisions name_version
            errors=content_error summary announcement />
    }
}

const BOX_W: f64 = 200.0;
const BOX_H: f64 = 64.0;
const GAP_X: f64 = 16.0;
const GAP_Y: f64 = 40.0;

/// Splits a name into at most three lines of about `width` characters.
fn wrap(name: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > 3 {
        lines.truncate(3);
        lines[2].push('…');
    }
    lines
}

/// The partnership's structure drawn from reporting lines (SVG). Joint groups have a dashed
/// border. The list of groups above is the accessible equivalent, so the drawing is hidden
/// from assistive technology.
#[component]
fn StructureChart(groups: Memo<Vec<crate::state::GroupSummary>>) -> impl IntoView {
    let nodes = Memo::new(move |_| {
        groups.with(|gs| {
            chart_layout(
                &gs.iter()
                    .map(|g| ChartGroup { id: g.id, name: g.name.clone(), reports_to: g.reports_to, joint: g.joint })
                    .collect::<Vec<_>>(),
            )
        })
    });
    let x = |n: &ChartNode| n.column as f64 * (BOX_W + GAP_X);
    let y = |n: &ChartNode| n.level as f64 * (BOX_H + GAP_Y);
    view! {
        <figure class="app-chart" data-testid="structure-chart" hidden=move || nodes.with(Vec::is_empty)>
            <h2 class="govuk-heading-m">"Structure"</h2>
            <figcaption class="govuk-body app-hint">
                "Who reports to whom. A dashed border marks a joint group, shared with another partnership."
            </figcaption>
            // Scrolls sideways on narrow screens: focusable so keyboard users can scroll it too.
            <div class="app-chart__scroll" tabindex="0" role="region" aria-label="Structure chart">
            {move || {
                let ns = nodes.get();
                let cols = ns.iter().map(|n| n.column + 1).max().unwrap_or(1) as f64;
                let levels = ns.iter().map(|n| n.level + 1).max().unwrap_or(1) as f64;
                let w = cols * (BOX_W + GAP_X);
                let h = levels * (BOX_H + GAP_Y);
                let lines = ns.iter().filter_map(|n| {
                    let p = &ns[n.parent?];
                    let (x1, y1) = (x(p) + BOX_W / 2.0, y(p) + BOX_H);
                    let (x2, y2) = (x(n) + BOX_W / 2.0, y(n));
                    let mid = (y1 + y2) / 2.0;
                    Some(view! {
                        <path d=format!("M{x1},{y1} V{mid} H{x2} V{y2}") fill="none" stroke="#505a5f" stroke-width="1.5" />
                    })
                }).collect_view();
                let boxes = ns.iter().map(|n| {
                    let (bx, by) = (x(n), y(n));
                    let text = wrap(&n.name, 26);
                    let first = by + BOX_H / 2.0 - (text.len() as f64 - 1.0) * 8.0 + 4.0;
                    view! {
                        <g data-joint=n.joint.to_string()>
                            <rect x=bx y=by width=BOX_W height=BOX_H rx="4" fill="#ffffff" stroke="#0b0c0c"
                                stroke-width=if n.joint { "2.5" } else { "1.5" }
                                stroke-dasharray=if n.joint { "6 4" } else { "none" } />
                            {text.into_iter().enumerate().map(|(i, line)| view! {
                                <text x=bx + BOX_W / 2.0 y=first + i as f64 * 16.0 text-anchor="middle" font-size="13" fill="#0b0c0c">{line}</text>
                            }).collect_view()}
                        </g>
                    }
                }).collect_view();
                view! {
                    <svg viewBox=format!("-2 -2 {} {}", w + 4.0, h) width=w + 4.0 height=h aria-hidden="true" focusable="false">
                        {lines}
                        {boxes}
                    </svg>
                }
            }}
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn long_names_wrap_onto_at_most_three_lines() {
        assert_eq!(wrap("Case Review Group", 26), ["Case Review Group"]);
        assert_eq!(
            wrap("LLR Joint Procedures & Development Sub Group", 26),
            ["LLR Joint Procedures &", "Development Sub Group"]
        );
        assert_eq!(wrap(&"word ".repeat(40), 10).len(), 3);
    }
}
