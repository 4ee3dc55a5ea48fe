//! "Name this version": a version name and note, and, when the version was approved, who
//! approved it (one of the partnership's groups, or another body in words) and when ("April
//! 2007"), which is not when it is recorded. Its errors are its own: summarised at the top of
//! this form, cleared when it succeeds.

use domain::model::{VersionField, VersionForm, VersionProblem};
use leptos::{html, prelude::*};

use super::{focus_error_summary, ErrorMessage, ErrorSummary, FieldError, TextInput};
use crate::state::{use_name_version, VersionOf};

/// The field ids of one page's form (a page has one).
#[derive(Debug, Clone, Copy)]
struct Ids {
    form: &'static str,
    version: &'static str,
    note: &'static str,
    group: &'static str,
    body: &'static str,
    on: &'static str,
}

fn ids(of: VersionOf) -> Ids {
    match of {
        VersionOf::Partnership(_) => Ids {
            form: "name-version-form",
            version: "version-name",
            note: "version-note",
            group: "version-approved-by-group",
            body: "version-approved-by-body",
            on: "version-approved-on",
        },
        VersionOf::Group(_) => Ids {
            form: "group-name-version-form",
            version: "group-version-name",
            note: "group-version-note",
            group: "group-version-approved-by-group",
            body: "group-version-approved-by-body",
            on: "group-version-approved-on",
        },
        VersionOf::Procedure(_) => Ids {
            form: "procedure-name-version-form",
            version: "procedure-version-name",
            note: "procedure-version-note",
            group: "procedure-version-approved-by-group",
            body: "procedure-version-approved-by-body",
            on: "procedure-version-approved-on",
        },
    }
}

fn field_id(ids: Ids, f: VersionField) -> &'static str {
    match f {
        VersionField::Version => ids.version,
        VersionField::Note => ids.note,
        VersionField::ApprovedBy => ids.body,
        VersionField::ApprovedOn => ids.on,
    }
}

/// The form, for the named versions of `of`.
#[component]
pub fn NameVersionForm(of: VersionOf) -> impl IntoView {
    let ids = ids(of);
    let hook = use_name_version(of);
    let form = RwSignal::new(VersionForm::default());
    let problems = RwSignal::new(Vec::<VersionProblem>::new());
    let announcement = RwSignal::new(String::new());
    let summary = NodeRef::<html::Div>::new();
    let errors = Signal::derive(move || {
        problems.get().into_iter().map(|p| FieldError { field_id: field_id(ids, p.field), message: p.message() }).collect::<Vec<_>>()
    });
    let error = move |f: VersionField| Signal::derive(move || problems.with(|ps| ps.iter().find(|p| p.field == f).map(VersionProblem::message)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = form.get_untracked();
        match hook.save.run(typed.clone()) {
            Ok(()) => {
                problems.set(Vec::new());
                announcement.set(format!("Version {} named", typed.version.split_whitespace().collect::<Vec<_>>().join(" ")));
                form.set(VersionForm::default());
            }
            Err(ps) => {
                announcement.set(String::new());
                problems.set(ps);
                focus_error_summary(summary);
            }
        }
    };
    let text = move |get: fn(&VersionForm) -> String| Signal::derive(move || form.with(get));
    let group_error = error(VersionField::ApprovedBy);
    view! {
        <form class="app-form" novalidate on:submit=on_submit data-testid=ids.form>
            <h3 class="govuk-heading-s">"Name this version"</h3>
            // Rendered only while this form has problems, so a page has one summary at a time.
            {move || (!errors.with(Vec::is_empty)).then(|| view! { <ErrorSummary errors node_ref=summary /> })}
            <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
            <TextInput id=ids.version label="Version, for example 7.7" value=text(|f| f.version.clone())
                on_input=Callback::new(move |v| form.update(|f| f.version = v)) error=error(VersionField::Version) />
            <TextInput id=ids.note label="Note, for example CBC review" value=text(|f| f.note.clone())
                on_input=Callback::new(move |v| form.update(|f| f.note = v)) error=error(VersionField::Note) />
            {of.has_approval().then(|| view! {
            <fieldset class="govuk-fieldset" aria-describedby=format!("{}-approval-hint", ids.form)>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Approval (optional)"</legend>
                <div id=format!("{}-approval-hint", ids.form) class="govuk-hint">
                    "If this version was approved, say who approved it and when. This is kept apart from when it is recorded here."
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || group_error.with(Option::is_some))>
                    <label class="govuk-label" for=ids.group>"Approved by a group"</label>
                    <select class="govuk-select" id=ids.group on:change:target=move |ev| form.update(|f| f.approved_by_group = ev.target().value())>
                        <option value="" selected=move || form.with(|f| f.approved_by_group.is_empty())>"Not a group here"</option>
                        {move || hook.groups.get().into_iter().map(|(id, name)| {
                            let value = id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || form.with(|f| f.approved_by_group == v2)>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || group_error.with(Option::is_some))>
                    <label class="govuk-label" for=ids.body>"Or approved by another body"</label>
                    <div id=format!("{}-hint", ids.body) class="govuk-hint">"For example, Leicester Safeguarding Children Board"</div>
                    <ErrorMessage field_id=ids.body message=group_error />
                    <input class="govuk-input" class=("govuk-input--error", move || group_error.with(Option::is_some)) id=ids.body type="text"
                        autocomplete="off" aria-describedby=move || if group_error.with(Option::is_some) { format!("{0}-hint {0}-error", ids.body) } else { format!("{}-hint", ids.body) }
                        prop:value=move || form.with(|f| f.approved_by_body.clone())
                        on:input:target=move |ev| form.update(|f| f.approved_by_body = ev.target().value()) />
                </div>
                <TextInput id=ids.on label="Approval date" hint="A month and year, such as April 2007; or a full date, such as 12 April 2007; or a year"
                    value=text(|f| f.approved_on.clone()) on_input=Callback::new(move |v| form.update(|f| f.approved_on = v))
                    error=error(VersionField::ApprovedOn) />
            </fieldset>
            })}
            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="name-version">"Name this version"</button>
        </form>
    }
}
