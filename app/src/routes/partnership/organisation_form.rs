//! `/partnerships/:id/organisations/new` and `/partnerships/:id/organisations/:org`: add or
//! change one organisation (name, sector, statutory partner).

use domain::{
    model::{OrganisationForm, Rebase, Sector},
    OrganisationId,
};
use leptos::{ev::SubmitEvent, html, prelude::*};
use leptos_router::hooks::use_params_map;

use super::{
    organisations_href,
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, use_return_with_notice},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, TextInput},
    state::{FormErrors, PartnershipEdit},
};

const NAME: &str = "organisation-name";

fn sector_token(s: Sector) -> String {
    format!("{s:?}")
}

fn sector_from(token: &str) -> Sector {
    Sector::ALL.into_iter().find(|s| sector_token(*s) == token).unwrap_or_default()
}

#[component]
pub fn NewOrganisationPage() -> impl IntoView {
    partnership_route(Crumbs::UnderPage("Organisations", organisations_href), |ctx| organisation_form(ctx, None))
}

#[component]
pub fn EditOrganisationPage() -> impl IntoView {
    partnership_route(Crumbs::UnderPage("Organisations", organisations_href), edit)
}

fn edit(ctx: PageCtx) -> impl IntoView {
    let params = use_params_map();
    let org = params.with_untracked(|p| p.get("org").and_then(|s| s.parse::<OrganisationId>().ok()));
    match org.filter(|o| ctx.doc.with_untracked(|p| p.organisation(*o).is_some())) {
        Some(o) => organisation_form(ctx, Some(o)).into_any(),
        None => view! { <crate::routes::not_found::NotFound /> }.into_any(),
    }
}

fn organisation_form(ctx: PageCtx, editing: Option<OrganisationId>) -> impl IntoView {
    let PageCtx { id, hook, doc, .. } = ctx;
    let current = editing.and_then(|o| doc.with_untracked(|p| p.organisation(o).cloned()));
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let name = RwSignal::new(current.as_ref().map(|o| o.name.clone()).unwrap_or_default());
    let sector = RwSignal::new(sector_token(current.as_ref().map_or(Sector::Other, |o| o.sector)));
    let statutory = RwSignal::new(current.as_ref().is_some_and(|o| o.statutory_partner));
    // The organisation as the form was filled: saving writes only what was changed since.
    let base = current.as_ref().map(OrganisationForm::of).unwrap_or_default();
    let title = if editing.is_some() { "Change an organisation" } else { "Add an organisation" };
    let back = use_return_with_notice();
    Effect::new(move |_| set_page_title(title, !errors.all().with(Vec::is_empty)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = OrganisationForm { name: name.get_untracked(), sector: sector_from(&sector.get_untracked()), statutory: statutory.get_untracked() };
        let n = typed.name.clone();
        let edit = match editing {
            Some(o) => {
                // Only what the person changed is written: others' changes since the form opened stay.
                let form = typed.rebase_onto(Some(&base), doc.with_untracked(|p| p.organisation(o).map(OrganisationForm::of)));
                PartnershipEdit::EditOrganisation { id: o, name: form.name, sector: form.sector, statutory: form.statutory }
            }
            None => PartnershipEdit::AddOrganisation { name: typed.name, sector: typed.sector, statutory: typed.statutory },
        };
        match hook.change.run(edit) {
            Ok(()) => {
                errors.clear();
                back.run((id, organisations_href(id), format!("Organisation saved: {}", n.trim())));
            }
            Err(e) => {
                errors.fail(NAME, e.to_string());
                focus_error_summary(summary);
            }
        }
    };
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <h1 class="govuk-heading-l">{title}</h1>
        <form class="app-form" novalidate on:submit=on_submit data-testid="organisation-form">
            <TextInput id=NAME label="Organisation name" value=name on_input=Callback::new(move |v| name.set(v))
                error=errors.on(NAME) />
            <div class="govuk-form-group">
                <label class="govuk-label" for="organisation-sector">"Sector"</label>
                <select class="govuk-select" id="organisation-sector" on:change:target=move |ev| sector.set(ev.target().value())>
                    {Sector::ALL.into_iter().map(|s| {
                        let t = sector_token(s);
                        let t2 = t.clone();
                        view! { <option value=t selected=move || sector.with(|x| *x == t2)>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="govuk-form-group">
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id="organisation-statutory" type="checkbox"
                            prop:checked=move || statutory.get()
                            on:change:target=move |ev| statutory.set(ev.target().checked()) />
                        <label class="govuk-label govuk-checkboxes__label" for="organisation-statutory">"This organisation is a statutory safeguarding partner"</label>
                    </div>
                </div>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="save-organisation">"Save organisation"</button>
                <a class="govuk-link" href=organisations_href(id)>"Cancel"</a>
            </div>
        </form>
    }
}
