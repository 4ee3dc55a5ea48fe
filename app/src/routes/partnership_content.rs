//! The partnership's own content on its page: area and statutory partners, organisations,
//! the constitution (numbered sections), the business plan, and the revision table with
//! "Name this version" and the history.

use domain::{
    model::{device_label, time_label, ChangeEntry, PartnershipDoc, PartnershipList, Revision, Sector},
    DocumentId, ItemId, OrganisationId,
};
use leptos::{html, prelude::*};

use super::version::partnership_version_href;
use crate::{
    components::{focus_error_summary, ErrorMessage, TextInput},
    error::AppError,
    state::PartnershipEdit,
};

/// A problem with one of the content forms: (field id, message).
pub type ContentError = RwSignal<Option<(&'static str, String)>>;

fn field_error(errors: ContentError, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.clone())))
}

/// Runs an edit; on a problem names `field` and focuses the summary. Returns whether it worked.
fn run(
    change: Callback<PartnershipEdit, Result<(), AppError>>,
    edit: PartnershipEdit,
    field: &'static str,
    errors: ContentError,
    summary: NodeRef<html::Div>,
    announcement: RwSignal<String>,
    done: &str,
) -> bool {
    match change.run(edit) {
        Ok(()) => {
            errors.set(None);
            announcement.set(done.to_owned());
            true
        }
        Err(e) => {
            errors.set(Some((field, e.to_string())));
            focus_error_summary(summary);
            false
        }
    }
}

fn sector_token(s: Sector) -> String {
    format!("{s:?}")
}

fn sector_from(token: &str) -> Sector {
    Sector::ALL.into_iter().find(|s| sector_token(*s) == token).unwrap_or_default()
}

#[component]
pub fn PartnershipContent(
    id: DocumentId,
    doc: Memo<PartnershipDoc>,
    change: Callback<PartnershipEdit, Result<(), AppError>>,
    history: Memo<Vec<ChangeEntry>>,
    revisions: Memo<Vec<Revision>>,
    name_version: Callback<(String, String), Result<(), String>>,
    errors: ContentError,
    summary: NodeRef<html::Div>,
    announcement: RwSignal<String>,
) -> impl IntoView {
    // Area
    let area = RwSignal::new(doc.with_untracked(|p| p.area.clone()));
    let on_area = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(change, PartnershipEdit::SetArea(area.get_untracked()), "partnership-area", errors, summary, announcement, "Area saved");
    };
    // Organisations
    let org_editing = RwSignal::new(None::<OrganisationId>);
    let org_name = RwSignal::new(String::new());
    let org_sector = RwSignal::new(sector_token(Sector::Other));
    let org_statutory = RwSignal::new(false);
    let on_org = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (name, sector, statutory) = (org_name.get_untracked(), sector_from(&org_sector.get_untracked()), org_statutory.get_untracked());
        let edit = match org_editing.get_untracked() {
            Some(id) => PartnershipEdit::EditOrganisation { id, name, sector, statutory },
            None => PartnershipEdit::AddOrganisation { name, sector, statutory },
        };
        if run(change, edit, "organisation-name", errors, summary, announcement, "Organisation saved") {
            org_editing.set(None);
            org_name.set(String::new());
            org_statutory.set(false);
        }
    };
    // Constitution
    let section_editing = RwSignal::new(None::<ItemId>);
    let heading = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let on_section = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (h, t) = (heading.get_untracked(), text.get_untracked());
        let edit = match section_editing.get_untracked() {
            Some(id) => PartnershipEdit::EditSection { id, heading: h, text: t },
            None => PartnershipEdit::AddSection { heading: h, text: t },
        };
        if run(change, edit, "section-heading", errors, summary, announcement, "Section saved") {
            section_editing.set(None);
            heading.set(String::new());
            text.set(String::new());
        }
    };
    // Links with other boards
    let link_body = RwSignal::new(String::new());
    let link_note = RwSignal::new(String::new());
    let on_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = PartnershipEdit::AddExternalLink { body: link_body.get_untracked(), note: link_note.get_untracked() };
        if run(change, edit, "external-link-body", errors, summary, announcement, "Link added") {
            link_body.set(String::new());
            link_note.set(String::new());
        }
    };
    // Named versions: the form is a component of its own (with an approval).
    let _ = name_version;

    view! {
        <section aria-labelledby="partnership-about-h" data-testid="partnership-about">
            <h2 class="govuk-heading-m" id="partnership-about-h">"Area and statutory partners"</h2>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Area"</dt>
                    <dd class="govuk-summary-list__value">{move || doc.with(|p| if p.area.is_empty() { "Not recorded".to_owned() } else { p.area.clone() })}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Statutory partners"</dt>
                    <dd class="govuk-summary-list__value" data-testid="statutory-partners">{move || doc.with(|p| {
                        let names: Vec<String> = p.statutory_partners().iter().map(|o| o.name.clone()).collect();
                        if names.is_empty() { "None recorded".to_owned() } else { names.join("; ") }
                    })}</dd>
                </div>
            </dl>
            <form class="app-form" novalidate on:submit=on_area>
                <TextInput id="partnership-area" label="Area" value=area on_input=Callback::new(move |v| area.set(v))
                    error=field_error(errors, "partnership-area") />
                <button type="submit" class="govuk-button govuk-button--secondary">"Save area"</button>
            </form>
        </section>

        <section aria-labelledby="links-h" data-testid="external-links">
            <h2 class="govuk-heading-m" id="links-h">"Links with other boards"</h2>
            <p class="govuk-body" hidden=move || doc.with(|p| !p.external_links.is_empty())>"None recorded."</p>
            <ul class="govuk-list govuk-list--bullet">
                {move || doc.get().external_links.into_iter().map(|l| {
                    let body = l.body.clone();
                    view! {
                        <li data-testid="external-link">{l.body.clone()}{(!l.note.is_empty()).then(|| format!(" — {}", l.note))}" "
                            <button type="button" class="app-link-button" on:click=move |_| {
                                run(change, PartnershipEdit::RemoveExternalLink(l.id), "external-link-body", errors, summary, announcement, "Link removed");
                            }>"Remove"<span class="govuk-visually-hidden">": " {body}</span></button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="app-form" novalidate on:submit=on_link>
                <TextInput id="external-link-body" label="Board or partnership linked with" value=link_body
                    on_input=Callback::new(move |v| link_body.set(v)) error=field_error(errors, "external-link-body") />
                <TextInput id="external-link-note" label="How they link (optional)" value=link_note
                    on_input=Callback::new(move |v| link_note.set(v)) error=Signal::derive(|| None) />
                <button type="submit" class="govuk-button govuk-button--secondary">"Add link"</button>
            </form>
        </section>

        <section aria-labelledby="organisations-h" data-testid="organisations">
            <h2 class="govuk-heading-m" id="organisations-h">"Organisations"</h2>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="Organisations table"><table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">"Organisations in this partnership"</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Name"</th>
                    <th scope="col" class="govuk-table__header">"Sector"</th>
                    <th scope="col" class="govuk-table__header">"Statutory partner"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || doc.get().organisations.into_iter().map(|o| {
                        let name = o.name.clone();
                        view! {
                            <tr class="govuk-table__row" data-testid="organisation-row">
                                <th scope="row" class="govuk-table__header">{o.name.clone()}</th>
                                <td class="govuk-table__cell">{o.sector.label()}</td>
                                <td class="govuk-table__cell">{if o.statutory_partner { "Yes" } else { "No" }}</td>
                                <td class="govuk-table__cell">
                                    <button type="button" class="app-link-button" on:click=move |_| {
                                        org_editing.set(Some(o.id));
                                        org_name.set(o.name.clone());
                                        org_sector.set(sector_token(o.sector));
                                        org_statutory.set(o.statutory_partner);
                                    }>"Edit"<span class="govuk-visually-hidden">": " {name}</span></button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <form class="app-form" novalidate on:submit=on_org data-testid="organisation-form">
                <h3 class="govuk-heading-s">{move || if org_editing.get().is_some() { "Edit organisation" } else { "Add an organisation" }}</h3>
                <TextInput id="organisation-name" label="Organisation name" value=org_name on_input=Callback::new(move |v| org_name.set(v))
                    error=field_error(errors, "organisation-name") />
                <div class="govuk-form-group">
                    <label class="govuk-label" for="organisation-sector">"Sector"</label>
                    <select class="govuk-select" id="organisation-sector" on:change:target=move |ev| org_sector.set(ev.target().value())>
                        {Sector::ALL.into_iter().map(|s| {
                            let t = sector_token(s);
                            let t2 = t.clone();
                            view! { <option value=t selected=move || org_sector.with(|x| *x == t2)>{s.label()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="govuk-fieldset govuk-form-group">
                    <legend class="govuk-fieldset__legend">"Statutory partner"</legend>
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id="organisation-statutory" type="checkbox"
                                prop:checked=move || org_statutory.get()
                                on:change:target=move |ev| org_statutory.set(ev.target().checked()) />
                            <label class="govuk-label govuk-checkboxes__label" for="organisation-statutory">"This organisation is a statutory safeguarding partner"</label>
                        </div>
                    </div>
                </fieldset>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-organisation">"Save organisation"</button>
                    <button type="button" class="app-link-button" hidden=move || org_editing.get().is_none()
                        on:click=move |_| { org_editing.set(None); org_name.set(String::new()); }>"Cancel"</button>
                </div>
            </form>
        </section>

        <section aria-labelledby="constitution-h" data-testid="constitution">
            <h2 class="govuk-heading-m" id="constitution-h">"Constitution"</h2>
            <p class="govuk-body" hidden=move || doc.with(|p| !p.constitution.is_empty())>"No sections yet."</p>
            <ol class="govuk-list" data-testid="constitution-sections">
                {move || doc.get().constitution.into_iter().enumerate().map(|(i, s)| {
                    let (sid, h, t) = (s.id, s.heading.clone(), s.text.as_str().to_owned());
                    let (h2, t2) = (h.clone(), t.clone());
                    view! {
                        <li data-testid="constitution-section">
                            <h3 class="govuk-heading-s">{format!("{} – {}", i + 1, h)}</h3>
                            <p class="govuk-body app-pre-wrap">{t.clone()}</p>
                            <p class="govuk-body">
                                <button type="button" class="app-link-button" on:click=move |_| {
                                    section_editing.set(Some(sid)); heading.set(h2.clone()); text.set(t2.clone());
                                }>"Edit"<span class="govuk-visually-hidden">" section " {i + 1}</span></button>" "
                                <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveSection(sid, -1)); }>
                                    "Move up"<span class="govuk-visually-hidden">" section " {i + 1}</span></button>" "
                                <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveSection(sid, 1)); }>
                                    "Move down"<span class="govuk-visually-hidden">" section " {i + 1}</span></button>" "
                                <button type="button" class="app-link-button" on:click=move |_| {
                                    run(change, PartnershipEdit::RemoveSection(sid), "section-heading", errors, summary, announcement, "Section removed");
                                }>"Remove"<span class="govuk-visually-hidden">" section " {i + 1}</span></button>
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="app-form" novalidate on:submit=on_section data-testid="section-form">
                <h3 class="govuk-heading-s">{move || if section_editing.get().is_some() { "Edit section" } else { "Add a section" }}</h3>
                <TextInput id="section-heading" label="Section heading" value=heading on_input=Callback::new(move |v| heading.set(v))
                    error=field_error(errors, "section-heading") />
                <div class="govuk-form-group">
                    <label class="govuk-label" for="section-text">"Section text"</label>
                    <textarea class="govuk-textarea" id="section-text" rows="5"
                        prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
                </div>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-section">"Save section"</button>
                    <button type="button" class="app-link-button" hidden=move || section_editing.get().is_none()
                        on:click=move |_| { section_editing.set(None); heading.set(String::new()); text.set(String::new()); }>"Cancel"</button>
                </div>
            </form>
        </section>

        <section aria-labelledby="business-plan-h" data-testid="business-plan">
            <h2 class="govuk-heading-m" id="business-plan-h">"Business plan"</h2>
            <PlanList which=PartnershipList::Objectives title="Objectives" field="objective-new" doc change errors summary announcement />
            <PlanList which=PartnershipList::PriorityThemes title="Priority themes" field="theme-new" doc change errors summary announcement />
        </section>

        <section aria-labelledby="revisions-h" data-testid="revisions">
            <h2 class="govuk-heading-m" id="revisions-h">"Revisions"</h2>
            <crate::components::RevisionTable id revisions of="this partnership" href=partnership_version_href />
            <crate::components::NameVersionForm of=crate::state::VersionOf::Partnership(id) />
            <h3 class="govuk-heading-s">"History"</h3>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="History table"><table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">"Changes to this partnership, newest first"</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"When"</th>
                    <th scope="col" class="govuk-table__header">"Who"</th>
                    <th scope="col" class="govuk-table__header">"What changed"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"View"</span></th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || history.get().into_iter().take(25).map(|c| view! {
                        <tr class="govuk-table__row" data-testid="partnership-timeline-entry">
                            <td class="govuk-table__cell">{time_label(c.time)}</td>
                            <td class="govuk-table__cell">{device_label(&c.actor)}</td>
                            <td class="govuk-table__cell">{c.message.clone().unwrap_or_else(|| "A change".to_owned())}</td>
                            <td class="govuk-table__cell"><a class="govuk-link" href=partnership_version_href(id, &[c.hash])>
                                "View this version"<span class="govuk-visually-hidden">" as of " {time_label(c.time)}</span></a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

/// A business plan list with add, move and remove.
#[component]
fn PlanList(
    which: PartnershipList,
    title: &'static str,
    field: &'static str,
    doc: Memo<PartnershipDoc>,
    change: Callback<PartnershipEdit, Result<(), AppError>>,
    errors: ContentError,
    summary: NodeRef<html::Div>,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let items = Memo::new(move |_| {
        doc.with(|p| {
            let list = match which {
                PartnershipList::Objectives => &p.objectives,
                PartnershipList::PriorityThemes => &p.priority_themes,
            };
            list.iter().map(|i| (i.id, i.text.as_str().to_owned())).collect::<Vec<_>>()
        })
    });
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if run(change, PartnershipEdit::AddItem(which, draft.get_untracked()), field, errors, summary, announcement, "Added") {
            draft.set(String::new());
        }
    };
    view! {
        <h3 class="govuk-heading-s">{title}</h3>
        <ol class="govuk-list govuk-list--number">
            {move || items.get().into_iter().map(|(iid, t)| view! {
                <li>{t.clone()}" "
                    <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveItem(which, iid, -1)); }>
                        "Move up"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>" "
                    <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::MoveItem(which, iid, 1)); }>
                        "Move down"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>" "
                    <button type="button" class="app-link-button" on:click=move |_| { let _ = change.run(PartnershipEdit::RemoveItem(which, iid)); }>
                        "Remove"<span class="govuk-visually-hidden">": " {t.clone()}</span></button>
                </li>
            }).collect_view()}
        </ol>
        <form class="app-form" novalidate on:submit=on_add>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || field_error(errors, field).with(Option::is_some))>
                <label class="govuk-label" for=field>"Add to " {title.to_lowercase()}</label>
                <ErrorMessage field_id=field message=field_error(errors, field) />
                <input class="govuk-input" id=field type="text" autocomplete="off"
                    prop:value=move || draft.get() on:input:target=move |ev| draft.set(ev.target().value()) />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">"Add"</button>
        </form>
    }
}
