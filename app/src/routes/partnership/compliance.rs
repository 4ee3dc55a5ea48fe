//! `/partnerships/:id/compliance`: the partnership's compliance rules. It reads first: a
//! summary list of the rules (how long a DBS check is valid, which seat categories sign the
//! membership agreement, the agreement's title, version and text), each with a "Change" link
//! to its field in the form below, which only the partnership's admins see.

use domain::model::{ComplianceField, ComplianceForm, SeatCategory};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    dashboard_href,
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{focus_success_banner, summary_of, take_notice, SuccessBanner, TextSaved},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorMessage, ErrorSummary, Markdown, TextInput},
    state::{use_compliance, FormErrors},
};

#[component]
pub fn CompliancePage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

/// "Core members and lay members", or "No seats".
pub fn categories_text(categories: &[SeatCategory]) -> String {
    let names: Vec<String> = categories.iter().map(|c| c.label().to_lowercase()).collect();
    let text = match names.as_slice() {
        [] => return "No seats".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let mut c = text.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn years_text(n: u32) -> String {
    if n == 1 { "1 year".to_owned() } else { format!("{n} years") }
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, access, doc, .. } = ctx;
    let hook = use_compliance(id);
    let rules = hook.rules;
    let is_admin = access.is_admin;
    let notice = RwSignal::new(take_notice(id));
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let form = RwSignal::new(ComplianceForm::from_rules(&rules.get_untracked()));
    // What the form last took from the rules: saving writes only the fields changed since.
    let base = StoredValue::new(form.get_untracked());
    // Until someone types, the form follows the rules as they arrive or merge.
    let touched = RwSignal::new(false);
    Effect::new(move |_| {
        let r = rules.get();
        if !touched.get_untracked() {
            let current = ComplianceForm::from_rules(&r);
            base.set_value(current.clone());
            form.set(current);
        }
    });
    Effect::new(move |_| set_page_title("Compliance rules", !errors.all().with(Vec::is_empty)));
    let edit = move |f: &dyn Fn(&mut ComplianceForm)| {
        touched.set(true);
        form.update(|x| f(x));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (typed, base_form) = (form.get_untracked(), base.get_value());
        let theirs = ComplianceForm::from_rules(&rules.get_untracked());
        let mine = typed.rebase(&base_form, &theirs);
        let outcome = TextSaved::of(&base_form.agreement_text, &typed.agreement_text, &theirs.agreement_text, &mine.agreement_text);
        match hook.save.run(mine) {
            Ok(()) => {
                errors.clear();
                touched.set(false);
                let current = ComplianceForm::from_rules(&rules.get_untracked());
                base.set_value(current.clone());
                form.set(current);
                notice.set(Some(outcome.notice("Compliance rules saved", "the agreement's text")));
                focus_success_banner();
            }
            Err(problems) => {
                errors.set(problems.into_iter().map(|p| (p.field.input_id(), p.message)).collect());
                focus_error_summary(summary);
            }
        }
    };
    let error = move |f: ComplianceField| errors.on(f.input_id());
    let text = move |get: fn(&ComplianceForm) -> String| Signal::derive(move || form.with(get));
    let change = move |field: ComplianceField, what: &'static str| {
        view! {
            <dd class="govuk-summary-list__actions" hidden=move || !is_admin.get()>
                <a class="govuk-link" href=format!("#{}", field.input_id())>"Change"<span class="govuk-visually-hidden">{format!(" {what}")}</span></a>
            </dd>
        }
    };
    let name = Memo::new(move |_| doc.with(|p| p.name.clone()));

    view! {
        <SuccessBanner message=notice.into() />
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <span class="govuk-caption-l">{move || name.get()}</span>
        <h1 class="govuk-heading-l">"Compliance rules"</h1>
        <p class="govuk-body">
            "What this partnership expects of the people who hold its seats. Every seat is checked against these rules; "
            <a class="govuk-link" href=dashboard_href(id) data-testid="dashboard-link">"see every flag across the partnership's groups"</a>"."
        </p>
        <dl class="govuk-summary-list" data-testid="compliance-summary">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"A DBS check is valid for"</dt>
                <dd class="govuk-summary-list__value" data-testid="summary-dbs">{move || years_text(rules.with(|r| r.dbs_years()))}</dd>
                {change(ComplianceField::DbsYears, "how long a DBS check is valid")}
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Seats that need a DBS check"</dt>
                <dd class="govuk-summary-list__value" data-testid="summary-dbs-categories">{move || categories_text(&rules.with(|r| r.dbs_categories()))}</dd>
                {change(ComplianceField::DbsCategories, "which seats need a DBS check")}
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Seats that sign the agreement"</dt>
                <dd class="govuk-summary-list__value" data-testid="summary-categories">{move || categories_text(&rules.with(|r| r.agreement_categories()))}</dd>
                {change(ComplianceField::AgreementCategories, "which seats sign the agreement")}
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Agreement"</dt>
                <dd class="govuk-summary-list__value" data-testid="summary-title">{move || rules.with(|r| r.agreement.title.clone())}</dd>
                {change(ComplianceField::AgreementTitle, "the agreement's title")}
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Current version"</dt>
                <dd class="govuk-summary-list__value" data-testid="summary-version">
                    {move || rules.with(|r| r.current_version().map(str::to_owned).unwrap_or_else(|| "Not versioned: any signature counts".to_owned()))}
                </dd>
                {change(ComplianceField::AgreementVersion, "the agreement's version")}
            </div>
        </dl>
        <details class="govuk-details">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Read the agreement"</span></summary>
            <div class="govuk-details__text" data-testid="agreement-text">
                {move || {
                    let t = rules.with(|r| r.agreement.text.as_str().to_owned());
                    if t.trim().is_empty() {
                        view! { <p class="govuk-body">"No text recorded yet."</p> }.into_any()
                    } else {
                        view! { <Markdown source=Signal::derive(move || t.clone()) heading_offset=3 /> }.into_any()
                    }
                }}
            </div>
        </details>
        <p class="govuk-body app-hint" hidden=move || is_admin.get() data-testid="compliance-read-only">
            "Only the partnership's admins can change these rules."
        </p>
        {move || is_admin.get().then(|| view! {
            <h2 class="govuk-heading-m" id="change-rules-h">"Change the rules"</h2>
            <form class="app-form" novalidate on:submit=on_submit data-testid="compliance-form" aria-labelledby="change-rules-h">
                <TextInput id=ComplianceField::DbsYears.input_id() label="How many years a DBS check stays valid"
                    hint="A whole number of years from 1 to 10, for example 3"
                    inputmode="numeric" width="govuk-input--width-3"
                    value=text(|f| f.dbs_years.clone()) on_input=Callback::new(move |v: String| edit(&|f| f.dbs_years = v.clone()))
                    error=error(ComplianceField::DbsYears) />
                {categories_field(CategoriesField {
                    field: ComplianceField::DbsCategories,
                    item_prefix: "dbs-category",
                    legend: "Which seats need a DBS check",
                    hint: "Holders of these seats are flagged when their check is missing or out of date.",
                    get: |f| &f.dbs_categories,
                    list: |f| &mut f.dbs_categories,
                }, form, edit, error(ComplianceField::DbsCategories))}
                {categories_field(CategoriesField {
                    field: ComplianceField::AgreementCategories,
                    item_prefix: "agreement-category",
                    legend: "Which seats must sign the agreement",
                    hint: "Holders of these seats are flagged until they sign the current version.",
                    get: |f| &f.agreement_categories,
                    list: |f| &mut f.agreement_categories,
                }, form, edit, error(ComplianceField::AgreementCategories))}
                <TextInput id=ComplianceField::AgreementTitle.input_id() label="Agreement title"
                    value=text(|f| f.agreement_title.clone()) on_input=Callback::new(move |v: String| edit(&|f| f.agreement_title = v.clone()))
                    error=error(ComplianceField::AgreementTitle) />
                <TextInput id=ComplianceField::AgreementVersion.input_id() label="Agreement version"
                    hint="For example 2.0. When you change it, people who signed an earlier version are asked to sign again. Leave empty if the agreement is not versioned."
                    width="govuk-input--width-10" spellcheck=false
                    value=text(|f| f.agreement_version.clone()) on_input=Callback::new(move |v: String| edit(&|f| f.agreement_version = v.clone()))
                    error=error(ComplianceField::AgreementVersion) />
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(ComplianceField::AgreementText).with(Option::is_some))>
                    <label class="govuk-label" for=ComplianceField::AgreementText.input_id()>"Agreement text"</label>
                    <p class="app-hint" id="agreement-text-hint">"Markdown: a blank line between paragraphs, a dash at the start of each item of a list."</p>
                    <ErrorMessage field_id=ComplianceField::AgreementText.input_id() message=error(ComplianceField::AgreementText) />
                    <textarea class="govuk-textarea" id=ComplianceField::AgreementText.input_id() rows="10" aria-describedby="agreement-text-hint"
                        class=("govuk-textarea--error", move || error(ComplianceField::AgreementText).with(Option::is_some))
                        prop:value=text(|f| f.agreement_text.clone())
                        on:input:target=move |ev| { let v = ev.target().value(); edit(&|f| f.agreement_text = v.clone()) }></textarea>
                </div>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-testid="save-compliance">"Save compliance rules"</button>
                </div>
            </form>
        })}
    }
}

/// A set of seat categories the form ticks: which field, its checkboxes' ids and words, and
/// the form's list it edits.
struct CategoriesField {
    field: ComplianceField,
    item_prefix: &'static str,
    legend: &'static str,
    hint: &'static str,
    get: fn(&ComplianceForm) -> &Vec<String>,
    list: fn(&mut ComplianceForm) -> &mut Vec<String>,
}

/// A GOV.UK checkboxes fieldset of every seat category.
fn categories_field(
    c: CategoriesField,
    form: RwSignal<ComplianceForm>,
    edit: impl Fn(&dyn Fn(&mut ComplianceForm)) + Copy + Send + Sync + 'static,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let CategoriesField { field, item_prefix, legend, hint, get, list } = c;
    let (hint_id, described_by) = (format!("{}-hint", field.input_id()), format!("{}-hint", field.input_id()));
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby=described_by>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <p class="app-hint" id=hint_id>{hint}</p>
                <ErrorMessage field_id=field.input_id() message=error />
                <div class="govuk-checkboxes govuk-checkboxes--small" id=field.input_id() tabindex="-1" data-testid=field.input_id()>
                    {SeatCategory::ALL.into_iter().map(|category| {
                        let id = format!("{item_prefix}-{}", category.token());
                        let token = category.token().to_owned();
                        let t2 = token.clone();
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=id.clone() type="checkbox" value=token.clone()
                                    prop:checked=move || form.with(|f| get(f).contains(&token))
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        let t = t2.clone();
                                        edit(&|f| {
                                            let l = list(f);
                                            l.retain(|x| *x != t);
                                            if on { l.push(t.clone()); }
                                        });
                                    } />
                                <label class="govuk-label govuk-checkboxes__label" for=id>{category.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::categories_text;
    use domain::model::SeatCategory;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn categories_read_as_a_sentence() {
        assert_eq!(categories_text(&[]), "No seats");
        assert_eq!(categories_text(&[SeatCategory::Core]), "Core member");
        assert_eq!(categories_text(&[SeatCategory::Core, SeatCategory::Virtual, SeatCategory::LayMember]), "Core member, virtual member and lay member");
    }
}
