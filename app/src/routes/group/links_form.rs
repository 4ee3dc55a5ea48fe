//! `/groups/:id/edit/links`: a group's further reporting lines, its relations to other groups
//! ("replaces", "run jointly as") and its owning partnerships, listed with forms to add and
//! remove them (an explicit edit mode; "Done" returns to the group).

use domain::{
    model::{GroupDoc, RelationKind, ReportingCadence},
    DocumentId,
};
use leptos::prelude::*;

use super::{
    errors::{PageErrorSummary, PageErrors},
    FormPage, GroupData,
};
use crate::{
    components::ErrorMessage,
    error::AppError,
    routes::group_href,
    state::{GroupSummary, LinkEdit},
};

#[component]
pub fn LinksForm(data: GroupData) -> impl IntoView {
    let errors = PageErrors::new();
    let announcement = RwSignal::new(String::new());
    view! {
        <FormPage data title="Change reporting lines, related groups and owners">
            <PageErrorSummary errors />
            <p role="status" class="govuk-visually-hidden">{move || announcement.get()}</p>
            <GroupLinks doc=data.doc others=data.hook.others change_links=data.hook.change_links errors announcement />
            <h2 class="govuk-heading-m">"Owning partnerships"</h2>
            <ul class="govuk-list govuk-list--bullet" data-testid="group-owner-list">
                {move || data.hook.owners.get().into_iter().map(|o| view! { <li>{o.name}</li> }).collect_view()}
            </ul>
            <crate::components::share_group::ShareGroup group=data.id
                group_name=Signal::derive(move || data.doc.with(|g| g.name.clone()))
                owners=Signal::derive(move || data.doc.with(|g| g.owners.iter().map(|o| o.partnership).collect::<Vec<_>>())) />
            <a class="govuk-button" href=group_href(data.id) data-testid="links-done">"Done"</a>
        </FormPage>
    }
}

pub(super) const LINE_TO: &str = "group-line-to";
pub(super) const RELATION_GROUP: &str = "group-relation-group";

fn cadence_from(t: &str) -> Option<ReportingCadence> {
    match t {
        "each-meeting" => Some(ReportingCadence::EachMeeting),
        "quarterly" => Some(ReportingCadence::Quarterly),
        "biannual" => Some(ReportingCadence::Biannual),
        "annual" => Some(ReportingCadence::Annual),
        "as-required" => Some(ReportingCadence::AsRequired),
        _ => None,
    }
}

#[component]
fn GroupLinks(
    doc: Memo<GroupDoc>,
    others: Memo<Vec<GroupSummary>>,
    change_links: Callback<LinkEdit, Result<(), AppError>>,
    errors: PageErrors,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let name_of = move |id: DocumentId| {
        others.with(|os| os.iter().find(|o| o.id == id).map(|o| o.name.clone())).unwrap_or_else(|| "A group not loaded yet".to_owned())
    };
    let error = move |field: &'static str| errors.on(field);
    let run = move |edit: LinkEdit, field: &'static str, done: &'static str| match change_links.run(edit) {
        Ok(()) => {
            errors.clear(field);
            announcement.set(done.to_owned());
            true
        }
        Err(e) => {
            errors.fail_one(field, field, e.to_string());
            false
        }
    };
    let line_to = RwSignal::new(String::new());
    let line_cadence = RwSignal::new(String::new());
    let line_note = RwSignal::new(String::new());
    let on_line = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(to) = line_to.get_untracked().parse::<DocumentId>() else {
            errors.fail_one(LINE_TO, LINE_TO, "Select the group it also reports to");
            return;
        };
        let edit = LinkEdit::AddLine { to, cadence: cadence_from(&line_cadence.get_untracked()), note: line_note.get_untracked() };
        if run(edit, LINE_TO, "Reporting line added") {
            line_to.set(String::new());
            line_note.set(String::new());
        }
    };
    let relation_kind = RwSignal::new(RelationKind::RunJointlyAs.token().to_owned());
    let relation_group = RwSignal::new(String::new());
    let on_relation = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(kind), Ok(group)) = (RelationKind::from_token(&relation_kind.get_untracked()), relation_group.get_untracked().parse::<DocumentId>()) else {
            errors.fail_one(RELATION_GROUP, RELATION_GROUP, "Select the related group");
            return;
        };
        if run(LinkEdit::AddRelation(kind, group), RELATION_GROUP, "Relation added") {
            relation_group.set(String::new());
        }
    };
    let group_options = move |selected: RwSignal<String>| {
        view! {
            <option value="" selected=move || selected.with(String::is_empty)>"Choose a group"</option>
            {move || others.get().into_iter().map(|o| {
                let value = o.id.to_string();
                let v2 = value.clone();
                view! { <option value=value selected=move || selected.with(|s| *s == v2)>{o.name}</option> }
            }).collect_view()}
        }
    };
    view! {
        <section aria-labelledby="group-links-h" data-testid="group-links">
            <h2 class="govuk-heading-m" id="group-links-h">"Other reporting lines and related groups"</h2>
            <ul class="govuk-list govuk-list--bullet">
                {move || doc.get().other_reporting_lines.into_iter().map(|l| {
                    let name = name_of(l.to);
                    let text = format!(
                        "Also reports to {name}{}{}",
                        l.cadence.map(|c| format!(", {}", c.label())).unwrap_or_default(),
                        if l.note.is_empty() { String::new() } else { format!(" ({})", l.note) }
                    );
                    view! {
                        <li data-testid="reporting-line"><a class="govuk-link" href=group_href(l.to)>{text.clone()}</a>" "
                            <button type="button" class="app-link-button" on:click=move |_| { run(LinkEdit::RemoveLine(l.id), LINE_TO, "Reporting line removed"); }>
                                "Remove"<span class="govuk-visually-hidden">": " {text.clone()}</span></button>
                        </li>
                    }
                }).collect_view()}
                {move || doc.get().relations.into_iter().map(|r| {
                    let text = format!("{} {}", r.kind.label(), name_of(r.group));
                    view! {
                        <li data-testid="group-relation"><a class="govuk-link" href=group_href(r.group)>{text.clone()}</a>" "
                            <button type="button" class="app-link-button" on:click=move |_| { run(LinkEdit::RemoveRelation(r.id), RELATION_GROUP, "Relation removed"); }>
                                "Remove"<span class="govuk-visually-hidden">": " {text.clone()}</span></button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="app-form" novalidate on:submit=on_line>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(LINE_TO).with(Option::is_some))>
                    <label class="govuk-label" for=LINE_TO>"Also reports to"</label>
                    <ErrorMessage field_id=LINE_TO message=error(LINE_TO) />
                    <select class="govuk-select" id=LINE_TO on:change:target=move |ev| line_to.set(ev.target().value())>{group_options(line_to)}</select>
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="group-line-cadence">"How often"</label>
                    <select class="govuk-select" id="group-line-cadence" on:change:target=move |ev| line_cadence.set(ev.target().value())>
                        {domain::model::CADENCES.into_iter().map(|(v, l)| view! {
                            <option value=v selected=move || line_cadence.with(|c| c == v)>{l}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="group-line-note">"Note (optional), for example reciprocal reporting"</label>
                    <input class="govuk-input" id="group-line-note" type="text" autocomplete="off"
                        prop:value=move || line_note.get() on:input:target=move |ev| line_note.set(ev.target().value()) />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary">"Add reporting line"</button>
            </form>
            <form class="app-form" novalidate on:submit=on_relation>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="group-relation-kind">"Relation"</label>
                    <select class="govuk-select" id="group-relation-kind" on:change:target=move |ev| relation_kind.set(ev.target().value())>
                        {RelationKind::ALL.into_iter().map(|k| view! {
                            <option value=k.token() selected=move || relation_kind.with(|x| x == k.token())>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error(RELATION_GROUP).with(Option::is_some))>
                    <label class="govuk-label" for=RELATION_GROUP>"Related group"</label>
                    <ErrorMessage field_id=RELATION_GROUP message=error(RELATION_GROUP) />
                    <select class="govuk-select" id=RELATION_GROUP on:change:target=move |ev| relation_group.set(ev.target().value())>{group_options(relation_group)}</select>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary">"Add relation"</button>
            </form>
        </section>
    }
}
