//! `/partnerships/:id/directory`: the people who hold or deputise for seats, each in their own small document:
//! who holds which seat in which group; add, edit, and erase (which clears the person's
//! document; seats keep pointing at it and read "Person erased").

use domain::{
    model::{appointments_of, PersonField, PersonForm, PersonProblem},
    DocumentId,
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_params_map;

use super::{
    not_found::NotFound,
    partnership_href, partnerships_href,
    person_interests::{person_interests_href, register_summary},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorSummary, FieldError, TextInput},
    state::{use_directory, UseDirectoryReturn},
};

/// `/partnerships/<id>/directory`: the people who hold seats (not accounts: see the
/// accounts' people page).
pub fn directory_href(partnership: DocumentId) -> String {
    format!("/partnerships/{partnership}/directory")
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())));
    move || match id.get() {
        Some(id) => view! { <Directory id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

fn field_id(prefix: &'static str, f: PersonField) -> &'static str {
    match (prefix, f) {
        ("new", PersonField::Name) => "person-name",
        ("new", PersonField::JobTitle) => "person-job-title",
        ("new", PersonField::Email) => "person-email",
        ("new", PersonField::Phone) => "person-phone",
        (_, PersonField::Name) => "edit-person-name",
        (_, PersonField::JobTitle) => "edit-person-job-title",
        (_, PersonField::Email) => "edit-person-email",
        (_, PersonField::Phone) => "edit-person-phone",
    }
}

#[component]
fn Directory(id: DocumentId) -> impl IntoView {
    let UseDirectoryReturn { name, organisations, people, appointments: seats, add, save, erase: erase_doc, .. } = use_directory(id);
    let problems = RwSignal::new(Vec::<(&'static str, PersonProblem)>::new());
    let summary = NodeRef::<html::Div>::new();
    let announcement = RwSignal::new(String::new());
    let errors = Signal::derive(move || {
        problems.get().into_iter().map(|(prefix, p)| FieldError { field_id: field_id(prefix, p.field), message: p.message }).collect::<Vec<_>>()
    });
    Effect::new(move |_| set_page_title(&format!("Directory of people — {}", name.get()), !errors.with(Vec::is_empty)));
    let draft = RwSignal::new(PersonForm::default());
    let editing = RwSignal::new(None::<DocumentId>);
    let edit = RwSignal::new(PersonForm::default());
    // The person as the edit form was filled when opened: saving writes only what was changed since.
    let edit_base = StoredValue::new(PersonForm::default());
    let confirm_erase = RwSignal::new(None::<DocumentId>);
    let today = crate::state::today();

    let on_add = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match add.run(draft.get_untracked()) {
                Ok(_) => {
                    problems.set(Vec::new());
                    announcement.set(format!("Person added: {}", draft.with_untracked(|d| d.name.trim().to_owned())));
                    draft.set(PersonForm::default());
                }
                Err(ps) => {
                    problems.set(ps.into_iter().map(|p| ("new", p)).collect());
                    focus_error_summary(summary);
                }
            }
        }
    };
    let on_save = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(doc) = editing.get_untracked() else { return };
            match save.run((doc, edit_base.get_value(), edit.get_untracked())) {
                Ok(()) => {
                    problems.set(Vec::new());
                    announcement.set("Person saved".to_owned());
                    editing.set(None);
                }
                Err(ps) => {
                    problems.set(ps.into_iter().map(|p| ("edit", p)).collect());
                    focus_error_summary(summary);
                }
            }
        }
    };
    let erase = {
        Callback::new(move |doc: DocumentId| match erase_doc.run(doc) {
            Ok(()) => {
                confirm_erase.set(None);
                editing.set(None);
                announcement.set("The person's details were erased".to_owned());
            }
            Err(ps) => announcement.set(ps.into_iter().map(|p| p.message).collect::<Vec<_>>().join(". ")),
        })
    };
    let org_name = move |o: Option<domain::OrganisationId>| {
        o.and_then(|o| organisations.with(|os| os.iter().find(|x| x.id == o).map(|x| x.name.clone()))).unwrap_or_default()
    };
    let person_fields = move |form: RwSignal<PersonForm>, prefix: &'static str| {
        let err = move |f: PersonField| {
            Signal::derive(move || problems.with(|ps| ps.iter().find(|(p, x)| *p == prefix && x.field == f).map(|(_, x)| x.message.clone())))
        };
        let org_id = if prefix == "new" { "person-organisation" } else { "edit-person-organisation" };
        view! {
            <TextInput id=field_id(prefix, PersonField::Name) label="Full name" spellcheck=false
                value=Signal::derive(move || form.with(|p| p.name.clone()))
                on_input=Callback::new(move |v| form.update(|p| p.name = v)) error=err(PersonField::Name) />
            <TextInput id=field_id(prefix, PersonField::JobTitle) label="Job title"
                value=Signal::derive(move || form.with(|p| p.job_title.clone()))
                on_input=Callback::new(move |v| form.update(|p| p.job_title = v)) error=err(PersonField::JobTitle) />
            <div class="govuk-form-group">
                <label class="govuk-label" for=org_id>"Organisation"</label>
                <select class="govuk-select" id=org_id on:change:target=move |ev| form.update(|p| p.organisation = ev.target().value())>
                    <option value="" selected=move || form.with(|p| p.organisation.is_empty())>"None"</option>
                    {move || organisations.get().into_iter().map(|o| {
                        let value = o.id.to_string();
                        let v2 = value.clone();
                        view! { <option value=value selected=move || form.with(|p| p.organisation == v2)>{o.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextInput id=field_id(prefix, PersonField::Email) label="Email address (optional)" spellcheck=false
                value=Signal::derive(move || form.with(|p| p.email.clone()))
                on_input=Callback::new(move |v| form.update(|p| p.email = v)) error=err(PersonField::Email) />
            <TextInput id=field_id(prefix, PersonField::Phone) label="Phone number (optional)" spellcheck=false
                value=Signal::derive(move || form.with(|p| p.phone.clone()))
                on_input=Callback::new(move |v| form.update(|p| p.phone = v)) error=err(PersonField::Phone) />
        }
    };

    let access = crate::state::use_access(id, Signal::derive(Vec::new));
    view! {
        <crate::components::ReadOnly access>
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a></li>
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnership_href(id)>{move || name.get()}</a></li>
            </ol>
        </nav>
        <ErrorSummary errors node_ref=summary />
        <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Directory of people"</h1>
        <p class="govuk-body">"The people who hold or deputise for seats on this partnership's groups, and which seat in which group. Each person's details are kept in a document of their own, so they can be erased without rewriting any group's history."</p>
        <p class="govuk-body" hidden=move || !people.with(Vec::is_empty)>"No people recorded yet."</p>
        <div class="app-table-scroll" tabindex="0" role="region" aria-label="Directory table" hidden=move || people.with(Vec::is_empty)>
        <table class="govuk-table" data-testid="people-table">
            <caption class="govuk-table__caption govuk-visually-hidden">"People in this partnership's directory"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Name"</th>
                    <th scope="col" class="govuk-table__header">"Organisation"</th>
                    <th scope="col" class="govuk-table__header">"Seats held"</th>
                    <th scope="col" class="govuk-table__header">"Contact"</th>
                    <th scope="col" class="govuk-table__header">"Interests"</th>
                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {move || people.get().into_iter().map(|p| {
                    let doc = p.document;
                    let person = p.person.clone().unwrap_or_default();
                    let contact = [person.email.clone(), person.phone.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
                    let label = p.label.clone();
                    let label2 = label.clone();
                    let erased = person.erased;
                    let held: Vec<String> = seats.with(|all| appointments_of(all, p.id).into_iter().map(|a| a.label()).collect());
                    view! {
                        <tr class="govuk-table__row" data-testid="person-row">
                            <th scope="row" class="govuk-table__header">{label.clone()}</th>
                            <td class="govuk-table__cell">{org_name(person.organisation)}</td>
                            <td class="govuk-table__cell" data-testid="person-seats">
                                {if held.is_empty() {
                                    view! { <span class="app-hint">"No seat"</span> }.into_any()
                                } else {
                                    view! { <ul class="govuk-list">{held.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </td>
                            <td class="govuk-table__cell">{contact}</td>
                            <td class="govuk-table__cell" data-testid="person-interests">
                                {(!erased && p.person.is_some()).then(|| view! {
                                    <span class="govuk-body-s">{register_summary(&person, today)}</span>
                                    <br />
                                    <a class="govuk-link govuk-body-s" href=person_interests_href(id, doc) data-testid="register-link">
                                        "Register of interests"<span class="govuk-visually-hidden">{format!(": {label}")}</span>
                                    </a>
                                })}
                            </td>
                            <td class="govuk-table__cell">
                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" hidden=erased
                                    on:click=move |_| {
                                        let opened = PersonForm::from_person(&person);
                                        edit_base.set_value(opened.clone());
                                        edit.set(opened);
                                        problems.set(Vec::new());
                                        editing.set(Some(doc));
                                    }>
                                    "Edit"<span class="govuk-visually-hidden">": " {label.clone()}</span>
                                </button>" "
                                <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-1" hidden=erased
                                    data-testid="erase-person"
                                    on:click=move |_| confirm_erase.set(Some(doc))>
                                    "Erase this person"<span class="govuk-visually-hidden">": " {label2.clone()}</span>
                                </button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        {move || confirm_erase.get().map(|doc| view! {
            <div class="govuk-warning-text" role="alert" data-testid="confirm-erase">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "Erasing clears this person's name, job title, organisation and contact details. Seats they held will read \"Person erased\". This cannot be undone."
                </strong>
            </div>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--warning" data-testid="confirm-erase-button" on:click=move |_| erase.run(doc)>"Yes, erase this person"</button>
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| confirm_erase.set(None)>"Cancel"</button>
            </div>
        })}
        {move || editing.get().map(|_| view! {
            <form class="app-form" novalidate on:submit=on_save.clone() data-testid="edit-person-form">
                <h2 class="govuk-heading-m">"Edit person"</h2>
                {person_fields(edit, "edit")}
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-person">"Save person"</button>
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| editing.set(None)>"Cancel"</button>
                </div>
            </form>
        })}
        <form class="app-form" novalidate on:submit=on_add data-testid="new-person-form">
            <h2 class="govuk-heading-m">"Add a person"</h2>
            {person_fields(draft, "new")}
            <button type="submit" class="govuk-button" data-testid="add-person">"Add person"</button>
        </form>
        <p class="govuk-body"><a class="govuk-link" href=partnership_href(id)>"Back to " {move || name.get()}</a></p>
        </crate::components::ReadOnly>
    }
}
