//! `/partnerships/:id/groups/new`: add a group, asking for its name and its kind (there is
//! no default kind: a group is not silently a "Subgroup").

use domain::model::GroupKind;
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{
    frame::{partnership_route, Crumbs, PageCtx},
    notice::{summary_of, use_return_with_notice},
};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorMessage, ErrorSummary, TextInput},
    routes::partnership_href,
    state::{FormErrors, NewGroupField},
};

const NAME: &str = "group-name-input";
/// The first radio: the error summary links to it (GOV.UK).
const KIND: &str = "group-kind";

fn field_id(field: NewGroupField) -> &'static str {
    match field {
        NewGroupField::Name => NAME,
        NewGroupField::Kind => KIND,
    }
}

/// The id of the radio for kind number `i` (the first is [`KIND`]).
fn radio_id(i: usize) -> String {
    if i == 0 { KIND.to_owned() } else { format!("{KIND}-{}", i + 1) }
}

/// A short description under each kind.
fn kind_hint(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Board => "The partnership's main decision-making body",
        GroupKind::StrategicGroup => "Leads the work between board meetings",
        GroupKind::Subgroup => "A standing group reporting to another group",
        GroupKind::TaskAndFinishGroup => "Set up for one piece of work, then closed",
        GroupKind::Panel => "Reviews cases, for example child deaths",
        GroupKind::Forum => "Brings people together to share views, for example young people",
        GroupKind::LocalCommittee => "Covers one local area",
        GroupKind::WorkingGroup => "Works on a topic for a group above it",
    }
}

#[component]
pub fn NewGroupPage() -> impl IntoView {
    partnership_route(Crumbs::Under, page)
}

fn page(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, hook, .. } = ctx;
    let errors = FormErrors::new();
    let summary = NodeRef::<html::Div>::new();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<GroupKind>);
    let back = use_return_with_notice();
    Effect::new(move |_| set_page_title("Add a group", !errors.all().with(Vec::is_empty)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        match hook.add_group.run((typed.clone(), kind.get_untracked())) {
            Ok(_) => {
                errors.clear();
                back.run((id, partnership_href(id), format!("Group added: {}", typed.split_whitespace().collect::<Vec<_>>().join(" "))));
            }
            Err(problems) => {
                errors.set(problems.into_iter().map(|p| (field_id(p.field), p.message)).collect());
                focus_error_summary(summary);
            }
        }
    };
    let kind_error = errors.on(KIND);
    view! {
        <ErrorSummary errors=summary_of(errors) node_ref=summary />
        <h1 class="govuk-heading-l">"Add a group"</h1>
        <form class="app-form" novalidate on:submit=on_submit data-testid="group-form">
            <TextInput id=NAME label="Group name" name="group-name" spellcheck=false
                value=name on_input=Callback::new(move |v| name.set(v)) error=errors.on(NAME) />
            <div class="govuk-form-group" class=("govuk-form-group--error", move || kind_error.with(Option::is_some))>
                <fieldset class="govuk-fieldset" aria-describedby=move || kind_error.with(Option::is_some).then(|| format!("{KIND}-error"))>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What kind of group is it?"</legend>
                    <ErrorMessage field_id=KIND message=kind_error />
                    <div class="govuk-radios" data-testid="group-kinds">
                        {GroupKind::ALL.into_iter().enumerate().map(|(i, k)| {
                            let rid = radio_id(i);
                            let hint_id = format!("{rid}-hint");
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=rid.clone() name="group-kind" type="radio" value=k.token()
                                        aria-describedby=hint_id.clone()
                                        prop:checked=move || kind.get() == Some(k)
                                        on:change=move |_| kind.set(Some(k)) />
                                    <label class="govuk-label govuk-radios__label" for=rid>{k.label()}</label>
                                    <div id=hint_id class="govuk-hint govuk-radios__hint">{kind_hint(k)}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-testid="add-group">"Add group"</button>
                <a class="govuk-link" href=partnership_href(id)>"Cancel"</a>
            </div>
        </form>
    }
}
