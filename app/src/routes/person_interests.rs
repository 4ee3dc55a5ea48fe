//! `/partnerships/:id/directory/:person/interests`: a person's standing register of interests
//! (personal, professional and family, as the constitution names them): the annual
//! declaration, the interests held now (each can be ended), a form to add one, and the
//! interests that have ended. Meetings show a member's current interests beside their seat.

use domain::{
    model::{Date, InterestKind, PersonDoc, StandingInterest},
    DocumentId, ItemId,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{directory::directory_href, not_found::NotFound, partnership_href, partnerships_href};
use crate::{
    components::{set_page_title, ErrorMessage, FieldError},
    routes::group::errors::{PageErrorSummary, PageErrors},
    state::{use_directory, InterestsEdit, UseDirectoryReturn},
};

const KIND: &str = "interest-kind";
const DESCRIPTION: &str = "interest-description";
const DECLARE: &str = "record-declaration";

/// `/partnerships/<id>/directory/<person document>/interests`.
pub fn person_interests_href(partnership: DocumentId, person: DocumentId) -> String {
    format!("/partnerships/{partnership}/directory/{person}/interests")
}

/// Checks the form: a kind chosen and the interest in words.
pub fn check(kind: &str, description: &str) -> Result<(InterestKind, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = InterestKind::parse(kind);
    if kind.is_none() {
        errors.push(FieldError { field_id: KIND, message: "Select the kind of interest".into() });
    }
    if description.trim().is_empty() {
        errors.push(FieldError { field_id: DESCRIPTION, message: "Describe the interest".into() });
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((kind, description.trim().to_owned())),
        _ => Err(errors),
    }
}

/// The directory's one-line summary of a register: "2 interests; declared on 3 April 2026"
/// or "None registered; no annual declaration recorded".
pub fn register_summary(p: &PersonDoc, today: Date) -> String {
    let held = match p.current_interests().len() {
        0 => "None registered".to_owned(),
        1 => "1 interest".to_owned(),
        n => format!("{n} interests"),
    };
    let status = p.declaration_status(today).describe();
    let mut chars = status.chars();
    let status = chars.next().map(|c| c.to_lowercase().chain(chars).collect::<String>()).unwrap_or_default();
    format!("{held}; {status}")
}

#[component]
pub fn PersonInterestsPage() -> impl IntoView {
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| Some((p.get("id")?.parse::<DocumentId>().ok()?, p.get("person")?.parse::<DocumentId>().ok()?)))
    });
    move || match ids.get() {
        Some((id, person)) => view! { <PersonInterests id person /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn PersonInterests(id: DocumentId, person: DocumentId) -> impl IntoView {
    let UseDirectoryReturn { name, people, interests: change, .. } = use_directory(id);
    let found = Memo::new(move |_| people.with(|ps| ps.iter().find(|p| p.document == person).map(|p| (p.label.clone(), p.person.clone(), p.pending))));
    let label = Memo::new(move |_| found.with(|f| f.as_ref().map(|f| f.0.clone()).unwrap_or_default()));
    let doc = Memo::new(move |_| found.with(|f| f.as_ref().and_then(|f| f.1.clone())));
    let today = crate::state::today();
    let errors = PageErrors::new();
    Effect::new(move |_| set_page_title(&format!("Register of interests – {}", label.get()), errors.any()));
    let said = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let run = move |edit: InterestsEdit, done: String, field: &'static str| match change.run((person, edit)) {
        Ok(()) => {
            errors.clear("interests");
            said.set(done);
            true
        }
        Err(e) => {
            errors.fail_one("interests", field, e);
            false
        }
    };
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check(&kind.get_untracked(), &description.get_untracked()) {
            Err(problems) => errors.fail("interests", problems),
            Ok((k, d)) => {
                if run(InterestsEdit::Register(k, d.clone()), format!("Interest added: {d}"), DESCRIPTION) {
                    kind.set(String::new());
                    description.set(String::new());
                }
            }
        }
    };
    let end = move |i: ItemId, what: String| {
        run(InterestsEdit::End(i), format!("Interest ended: {what}"), DESCRIPTION);
    };
    let declare = move |_| {
        run(InterestsEdit::Declare, "Annual declaration recorded".to_owned(), DECLARE);
    };
    let current = Memo::new(move |_| doc.with(|d| d.as_ref().map(|d| d.current_interests().into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default()));
    let former = Memo::new(move |_| doc.with(|d| d.as_ref().map(|d| d.former_interests().into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default()));
    let status = Memo::new(move |_| doc.with(|d| d.as_ref().map(|d| d.declaration_status(today))));
    let (kind_error, description_error) = (errors.on(KIND), errors.on(DESCRIPTION));
    let access = crate::state::use_access(id, Signal::derive(Vec::new));

    view! {
        <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
            <ol class="govuk-breadcrumbs__list">
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnerships_href()>"Partnerships"</a></li>
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=partnership_href(id)>{move || name.get()}</a></li>
                <li class="govuk-breadcrumbs__item"><a class="govuk-breadcrumbs__link" href=directory_href(id)>"Directory of people"</a></li>
            </ol>
        </nav>
        {move || match found.get() {
            None if people.with(Vec::is_empty) => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
            Some((_, _, true)) => view! { <p class="govuk-body">"Loading this person's details…"</p> }.into_any(),
            Some((_, None, false)) => view! {
                <h1 class="govuk-heading-l">"Register of interests"</h1>
                <p class="govuk-body">"This person's details are not available on this device."</p>
            }.into_any(),
            Some((_, Some(p), false)) if p.erased => view! {
                <h1 class="govuk-heading-l">"Register of interests"</h1>
                <p class="govuk-body">"This person's details were erased, and their register with them."</p>
            }.into_any(),
            Some(_) => view! {
                <crate::components::ReadOnly access>
                <PageErrorSummary errors />
                <p role="status" class="govuk-visually-hidden" data-testid="interests-status">{move || said.get()}</p>
                <span class="govuk-caption-l">{move || label.get()}</span>
                <h1 class="govuk-heading-l">"Register of interests"</h1>
                <p class="govuk-body">"Record any personal, professional or family interest that could conflict with the partnership's work. At every meeting this person sits in, their current interests are shown beside their seat, so the chair can ask about them on the item."</p>

                <h2 class="govuk-heading-m">"Annual declaration"</h2>
                <p class="govuk-body" data-testid="declaration-status">
                    {move || status.get().map(|s| view! {
                        {s.describe()}
                        {s.is_due().then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Due"</strong> })}
                    })}
                </p>
                <p class="govuk-body">"Record the declaration when the person confirms their register is complete and correct, even if they have nothing to declare. It is due again a year later."</p>
                <button type="button" class="govuk-button govuk-button--secondary" id=DECLARE data-testid="record-declaration" on:click=declare>
                    "Record this year's declaration"
                </button>

                <h2 class="govuk-heading-m" id="current-interests-h">"Current interests"</h2>
                {move || {
                    let list = current.get();
                    if list.is_empty() {
                        return view! { <p class="govuk-body" data-testid="current-interests">"No interests registered."</p> }.into_any();
                    }
                    view! {
                        <table class="govuk-table app-stack-table" aria-labelledby="current-interests-h" data-testid="current-interests">
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Kind"</th>
                                    <th scope="col" class="govuk-table__header">"Interest"</th>
                                    <th scope="col" class="govuk-table__header">"Registered"</th>
                                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {list.into_iter().map(|i| row(i, end)).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }}

                <form class="app-form" novalidate on:submit=on_add data-testid="interest-form">
                    <h2 class="govuk-heading-m">"Add an interest"</h2>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || kind_error.with(Option::is_some))>
                        <fieldset class="govuk-fieldset" aria-describedby=move || kind_error.with(|e| e.is_some().then(|| format!("{KIND}-error")))>
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Kind of interest"</legend>
                            <ErrorMessage field_id=KIND message=kind_error />
                            <div class="govuk-radios govuk-radios--small">
                                {InterestKind::ALL.into_iter().map(|k| {
                                    let rid = if k == InterestKind::ALL[0] { KIND.to_owned() } else { format!("{KIND}-{}", k.as_str()) };
                                    let hint = format!("{rid}-hint");
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" type="radio" name="interest-kind" id=rid.clone() value=k.as_str()
                                                aria-describedby=hint.clone()
                                                prop:checked=move || kind.get() == k.as_str()
                                                on:change=move |_| kind.set(k.as_str().to_owned()) />
                                            <label class="govuk-label govuk-radios__label" for=rid>{k.label()}</label>
                                            <div class="govuk-hint govuk-radios__hint" id=hint>{k.hint()}</div>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || description_error.with(Option::is_some))>
                        <label class="govuk-label" for=DESCRIPTION>"The interest"</label>
                        <div id="interest-description-hint" class="govuk-hint">"Name the organisation and the person's role or link with it"</div>
                        <ErrorMessage field_id=DESCRIPTION message=description_error />
                        <textarea class="govuk-textarea" id=DESCRIPTION rows="3" aria-describedby="interest-description-hint"
                            class=("govuk-textarea--error", move || description_error.with(Option::is_some))
                            prop:value=move || description.get()
                            on:input:target=move |ev| description.set(ev.target().value())></textarea>
                    </div>
                    <button type="submit" class="govuk-button" data-testid="add-interest">"Add interest"</button>
                </form>

                {move || {
                    let list = former.get();
                    (!list.is_empty()).then(|| view! {
                        <h2 class="govuk-heading-m" id="former-interests-h">"Interests that have ended"</h2>
                        <table class="govuk-table app-stack-table" aria-labelledby="former-interests-h" data-testid="former-interests">
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Kind"</th>
                                    <th scope="col" class="govuk-table__header">"Interest"</th>
                                    <th scope="col" class="govuk-table__header">"Registered"</th>
                                    <th scope="col" class="govuk-table__header">"Ended"</th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {list.into_iter().map(|i| view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell" data-label="Kind">{i.kind.label()}</td>
                                        <td class="govuk-table__cell" data-label="Interest">{i.description.clone()}</td>
                                        <td class="govuk-table__cell" data-label="Registered">{i.registered.long()}</td>
                                        <td class="govuk-table__cell" data-label="Ended">{i.ended.map(Date::long).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                }}
                <p class="govuk-body"><a class="govuk-link" href=directory_href(id)>"Back to the directory of people"</a></p>
                </crate::components::ReadOnly>
            }.into_any(),
        }}
    }
}

fn row(i: StandingInterest, end: impl Fn(ItemId, String) + Copy + 'static) -> impl IntoView {
    let (id, what) = (i.id, i.description.clone());
    view! {
        <tr class="govuk-table__row" data-testid="interest-row">
            <td class="govuk-table__cell" data-label="Kind">{i.kind.label()}</td>
            <td class="govuk-table__cell" data-label="Interest">{i.description.clone()}</td>
            <td class="govuk-table__cell" data-label="Registered">{i.registered.long()}</td>
            <td class="govuk-table__cell">
                <button type="button" class="app-link-button" data-testid="end-interest" on:click=move |_| end(id, what.clone())>
                    "Mark as ended"<span class="govuk-visually-hidden">{format!(": {}", i.description)}</span>
                </button>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn an_interest_needs_a_kind_and_words() {
        assert_eq!(check("family", " Sister is a social worker in the area ").unwrap(), (InterestKind::Family, "Sister is a social worker in the area".to_owned()));
        let fields = |k: &str, d: &str| check(k, d).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("", " "), [KIND, DESCRIPTION]);
        assert_eq!(fields("financial", "Shares"), [KIND]);
    }

    #[wasm_bindgen_test]
    fn the_directory_sums_up_a_register_in_one_line() {
        let day = |m, d| Date::from_ymd(2026, m, d).unwrap();
        let mut p = PersonDoc::default();
        assert_eq!(register_summary(&p, day(4, 1)), "None registered; no annual declaration recorded");
        p.register_interest(InterestKind::Professional, "Non-executive director of a provider", day(4, 1)).unwrap();
        p.declare_interests(day(4, 3)).unwrap();
        assert_eq!(register_summary(&p, day(5, 1)), "1 interest; declared on 3 April 2026; next due by 3 April 2027");
    }
}
