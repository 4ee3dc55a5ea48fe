//! `/procedures/:doc/compare?from=<version>&to=<version>`: two versions of a procedure side
//! by side in one column — the published version against the working draft by default, or
//! any two published versions and sign-offs — section by section: sections added, removed,
//! moved and changed with a word diff (`<ins>`/`<del>`, underlined and struck through, with
//! "added:"/"removed:" for screen readers), unchanged ones folded away. The choice of
//! versions is a GET form kept in the address. Everything shown is worked out by
//! `domain::procedure::compare`.

use domain::procedure::{
    link_kind_label, word_diff, CompareBlock, CompareCounts, CompareField, ComparePick, Comparison, Contact, DetailsComparison, DiffRun, ItemChange,
    Link, RunKind, SectionChange, SectionComparison, VersionChoice, VersionRef,
};
use leptos::{html, prelude::*};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{draft_href, frame::{procedure_route, ProcCtx}, reader_href};
use crate::{
    components::{focus_error_summary, set_page_title, ErrorMessage, ErrorSummary, FieldError, NameVersionForm},
    state::{compare_href, use_compare, use_comments, VersionOf},
};

const FROM_ID: &str = "compare-from";
const TO_ID: &str = "compare-to";

#[component]
pub fn ComparePage() -> impl IntoView {
    procedure_route(compare)
}

fn compare(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, access, doc, .. } = ctx;
    let comments = use_comments(id);
    let can_edit = access.can_edit;
    let with_draft = Signal::derive(move || can_edit.get() || comments.may_comment.get());
    let params = use_query_map();
    let from_param = Signal::derive(move || params.with(|q| q.get("from")));
    let to_param = Signal::derive(move || params.with(|q| q.get("to")));
    let hook = use_compare(id, doc, with_draft, from_param, to_param);
    let title = Memo::new(move |_| doc.with(|d| d.title.clone()));
    Effect::new(move |_| set_page_title(&format!("Compare versions: {}", title.get()), hook.pair.with(Result::is_err) && hook.choices.with(|c| c.len() > 1)));
    let label_of = move |v: &VersionRef| hook.choices.with_untracked(|cs| cs.iter().find(|c| c.version == *v).map(|c| c.label.clone())).unwrap_or_else(|| "An earlier version".into());
    view! {
        <span class="govuk-caption-l">"Compare versions"</span>
        <h1 class="govuk-heading-l" data-testid="procedure-title">{move || title.get()}</h1>
        <p class="govuk-body app-no-print">
            <a class="govuk-link" href=reader_href(id)>"Read the published version"</a>
            {move || with_draft.get().then(|| view! { " · "<a class="govuk-link" href=draft_href(id)>"Open the working draft"</a> })}
        </p>
        {move || match hook.pair.get() {
            Err(ComparePick::NothingToCompare) => view! {
                <div class="govuk-inset-text" data-testid="nothing-to-compare">
                    "There is only one version of this procedure so far. Once another version is published, signed off or named, you can compare them here."
                </div>
            }.into_any(),
            pair => view! {
                <CompareForm id choices=hook.choices pair=pair.clone() from_param to_param />
                {pair.ok().map(|(from, to)| {
                    let (from_label, to_label) = (label_of(&from), label_of(&to));
                    move || match hook.comparison.get() {
                        Some(Ok(c)) => view! { <ComparisonView comparison=c from_label=from_label.clone() to_label=to_label.clone() /> }.into_any(),
                        Some(Err(e)) => view! {
                            <div class="govuk-inset-text" data-testid="compare-unavailable">
                                {format!("These versions cannot be compared on this device yet: {e}. If it is offline, try again once it is back online.")}
                            </div>
                        }.into_any(),
                        None => view! { <p class="govuk-body">"Loading the versions…"</p> }.into_any(),
                    }
                })}
            }.into_any(),
        }}
        {move || can_edit.get().then(|| view! {
            <details class="govuk-details app-no-print" data-testid="name-draft-version">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Name the working draft as a version"</span></summary>
                <div class="govuk-details__text">
                    <p class="govuk-body">"Give the draft as it is now a name, such as “Draft for consultation”, to compare it with later versions."</p>
                    <NameVersionForm of=VersionOf::Procedure(id) />
                </div>
            </details>
        })}
    }
}

/// The GOV.UK form choosing the two versions: two select boxes and "Compare", which puts
/// the choice in the address. A version the address names that is not there is an error
/// against its select box.
#[component]
fn CompareForm(
    id: domain::DocumentId,
    choices: Memo<Vec<VersionChoice>>,
    pair: Result<(VersionRef, VersionRef), ComparePick>,
    from_param: Signal<Option<String>>,
    to_param: Signal<Option<String>>,
) -> impl IntoView {
    let problem = pair.as_ref().err().map(|p| p.message());
    let (default_from, default_to) = match &pair {
        Ok((f, t)) => (f.to_string(), t.to_string()),
        Err(_) => {
            let d = choices.with_untracked(|c| domain::procedure::default_pair(c)).unwrap_or((VersionRef::Draft, VersionRef::Draft));
            let known = |p: Option<String>, d: VersionRef| {
                p.filter(|s| choices.with_untracked(|c| c.iter().any(|x| x.version.to_string() == *s))).unwrap_or_else(|| d.to_string())
            };
            (known(from_param.get_untracked(), d.0), known(to_param.get_untracked(), d.1))
        }
    };
    let from = RwSignal::new(default_from);
    let to = RwSignal::new(default_to);
    let summary = NodeRef::<html::Div>::new();
    let field_id = |f: CompareField| match f {
        CompareField::From => FROM_ID,
        CompareField::To => TO_ID,
    };
    let errors: Vec<FieldError> = problem.iter().filter_map(|(f, m)| f.map(|f| FieldError { field_id: field_id(f), message: (*m).to_owned() })).collect();
    let has_errors = !errors.is_empty();
    let error_on = move |f: CompareField| {
        let m = problem.and_then(|(g, m)| (g == Some(f)).then(|| m.to_owned()));
        Signal::derive(move || m.clone())
    };
    let (from_error, to_error) = (error_on(CompareField::From), error_on(CompareField::To));
    if has_errors {
        focus_error_summary(summary);
    }
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String| s.parse::<VersionRef>().ok();
        let (f, t) = (parse(from.get_untracked()), parse(to.get_untracked()));
        (*navigate)(&compare_href(id, f.as_ref(), t.as_ref()), Default::default());
    };
    let select = move |field: CompareField, label: &'static str, value: RwSignal<String>, error: Signal<Option<String>>| {
        let fid = field_id(field);
        view! {
            <div class="govuk-form-group app-compare-form__field" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                <label class="govuk-label govuk-label--s" for=fid>{label}</label>
                <ErrorMessage field_id=fid message=error />
                <select class="govuk-select app-compare-form__select" class=("govuk-select--error", move || error.with(Option::is_some)) id=fid
                    name=if field == CompareField::From { "from" } else { "to" } data-testid=fid
                    aria-describedby=move || error.with(Option::is_some).then(|| format!("{fid}-error"))
                    prop:value=move || value.get() on:change:target=move |ev| value.set(ev.target().value())>
                    {move || choices.get().into_iter().map(|c| {
                        let v = c.version.to_string();
                        let selected = { let v = v.clone(); move || value.with(|s| *s == v) };
                        view! { <option value=v selected=selected>{c.label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        {has_errors.then(|| view! { <ErrorSummary errors=Signal::derive(move || errors.clone()) node_ref=summary /> })}
        <form class="app-compare-form app-no-print" method="get" action=format!("/procedures/{id}/compare") novalidate on:submit=on_submit data-testid="compare-form">
            <h2 class="govuk-heading-m">"Choose two versions"</h2>
            <div class="app-compare-form__fields">
                {select(CompareField::From, "Compare", from, from_error)}
                {select(CompareField::To, "With", to, to_error)}
            </div>
            <button type="submit" class="govuk-button" data-testid="compare-button">"Compare"</button>
        </form>
    }
}

#[component]
fn ComparisonView(comparison: Comparison, from_label: String, to_label: String) -> impl IntoView {
    let Comparison { title, summary, blocks, counts, details } = comparison;
    let details_sentence = details.sentence();
    view! {
        <section class="app-compare" aria-labelledby="changes-h" data-testid="comparison">
            <h2 class="govuk-heading-m" id="changes-h">"Changes"</h2>
            <p class="govuk-body">"From "<strong>{from_label}</strong>" to "<strong>{to_label}</strong>"."</p>
            <p class="govuk-body-l" data-testid="compare-summary">{counts.sentence()}</p>
            <p class="govuk-body" data-testid="compare-details-summary">{details_sentence}</p>
            <p class="govuk-body app-compare__key" data-testid="compare-key">
                "Added words are "<ins class="app-diff__ins">"underlined"</ins>", removed words are "<del class="app-diff__del">"struck through"</del>"."
            </p>
            {title.map(|runs| view! {
                <div class="app-compare__meta" data-testid="compare-title">
                    <h3 class="govuk-heading-s">"Title"</h3>
                    <p class="govuk-body app-diff">{diff_runs(runs)}</p>
                </div>
            })}
            {summary.map(|runs| view! {
                <div class="app-compare__meta" data-testid="compare-summary-text">
                    <h3 class="govuk-heading-s">"Summary"</h3>
                    <p class="govuk-body app-diff">{diff_runs(runs)}</p>
                </div>
            })}
            {blocks.into_iter().map(|b| match b {
                CompareBlock::Section(s) => view! { <SectionChangeView section=s /> }.into_any(),
                CompareBlock::Unchanged(list) => view! { <UnchangedSections sections=list /> }.into_any(),
            }).collect_view()}
            {(!details.is_empty()).then(|| view! { <DetailsView details /> })}
        </section>
    }
}

/// A link as one line: "Working Together 2023 (guidance) https://…".
fn link_line(l: &Link) -> String {
    format!("{} ({}) {}", l.title, link_kind_label(l.kind).to_lowercase(), l.url)
}

/// A contact as one line: "Duty team, Leicester City Council, 0116 454 1004".
fn contact_line(c: &Contact) -> String {
    [c.name.as_str(), c.organisation.as_str(), c.details.as_str()].into_iter().map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

/// One added, removed or changed link or contact: its tag in words, then the line (a word
/// diff of it when changed; all added or all removed otherwise).
fn item_change<T>(change: ItemChange<T>, line: fn(&T) -> String) -> impl IntoView {
    let (tag, class) = match &change {
        ItemChange::Added(_) => ("Added", "govuk-tag govuk-tag--green"),
        ItemChange::Removed(_) => ("Removed", "govuk-tag govuk-tag--red"),
        ItemChange::Changed { .. } => ("Changed", "govuk-tag govuk-tag--blue"),
    };
    let runs = match &change {
        ItemChange::Added(t) => word_diff("", &line(t)),
        ItemChange::Removed(t) => word_diff(&line(t), ""),
        ItemChange::Changed { before, after } => word_diff(&line(before), &line(after)),
    };
    view! {
        <li class="app-compare__item" data-testid="compare-item" data-change=tag.to_lowercase()>
            <strong class=class>{tag}</strong>" "<span class="app-diff">{diff_runs(runs)}</span>
        </li>
    }
}

/// Related guidance and legislation, local contacts and the review date: only what differs.
#[component]
fn DetailsView(details: DetailsComparison) -> impl IntoView {
    let DetailsComparison { links, contacts, review_date } = details;
    let date = |d: Option<domain::model::Date>| d.map(|d| d.long()).unwrap_or_else(|| "not set".to_owned());
    view! {
        <section class="app-compare__section" data-testid="compare-details" aria-labelledby="compare-details-h">
            <h3 class="govuk-heading-s" id="compare-details-h">"Related guidance, local contacts and review date"</h3>
            {(!links.is_empty()).then(|| view! {
                <h4 class="govuk-heading-s app-compare__subheading">"Related guidance and legislation"</h4>
                <ul class="govuk-list app-compare__items" data-testid="compare-links">
                    {links.into_iter().map(|c| item_change(c, link_line)).collect_view()}
                </ul>
            })}
            {(!contacts.is_empty()).then(|| view! {
                <h4 class="govuk-heading-s app-compare__subheading">"Local contacts"</h4>
                <ul class="govuk-list app-compare__items" data-testid="compare-contacts">
                    {contacts.into_iter().map(|c| item_change(c, contact_line)).collect_view()}
                </ul>
            })}
            {review_date.map(|(before, after)| view! {
                <h4 class="govuk-heading-s app-compare__subheading">"Review date"</h4>
                <p class="govuk-body app-diff" data-testid="compare-review-date">
                    <del class="app-diff__del"><span class="govuk-visually-hidden">"removed: "</span>{date(before)}</del>" "
                    <ins class="app-diff__ins"><span class="govuk-visually-hidden">"added: "</span>{date(after)}</ins>
                </p>
            })}
        </section>
    }
}

/// What the tag beside a section's heading says (always in words; colour is extra).
fn tags(s: &SectionComparison) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    match s.change {
        SectionChange::Added => out.push(("govuk-tag govuk-tag--green", "Added")),
        SectionChange::Removed => out.push(("govuk-tag govuk-tag--red", "Removed")),
        SectionChange::Changed => out.push(("govuk-tag govuk-tag--blue", "Changed")),
        SectionChange::Unchanged => {}
    }
    if s.moved {
        out.push(("govuk-tag govuk-tag--purple", "Moved"));
    }
    out
}

#[component]
fn SectionChangeView(section: SectionComparison) -> impl IntoView {
    let heading_id = format!("compare-{}", section.id);
    let labelled_by = heading_id.clone();
    let change = match section.change {
        SectionChange::Added => "added",
        SectionChange::Removed => "removed",
        SectionChange::Changed => "changed",
        SectionChange::Unchanged => "moved",
    };
    let moved = section.moved.then(|| match (section.position_before, section.position_after) {
        (Some(b), Some(a)) => format!("Moved from section {b} to section {a}."),
        _ => "Moved.".to_owned(),
    });
    let position = match (section.change, section.position_before, section.position_after) {
        (SectionChange::Removed, Some(b), _) => Some(format!("Was section {b}.")),
        (SectionChange::Added, _, Some(a)) => Some(format!("New section {a}.")),
        _ => None,
    };
    let text_changed = section.text_changed() || matches!(section.change, SectionChange::Added | SectionChange::Removed);
    let tag_list = tags(&section);
    let SectionComparison { heading, heading_runs, runs, .. } = section;
    view! {
        <section class="app-compare__section" data-testid="compare-section" data-change=change aria-labelledby=labelled_by>
            <h3 class="govuk-heading-s app-compare__heading" id=heading_id>
                {heading}
                {tag_list.into_iter().map(|(class, text)| view! { " "<strong class=class>{text}</strong> }).collect_view()}
            </h3>
            {heading_runs.map(|r| view! { <p class="govuk-body app-diff" data-testid="heading-diff">"Heading: "{diff_runs(r)}</p> })}
            {moved.map(|m| view! { <p class="govuk-body app-hint" data-testid="moved">{m}</p> })}
            {position.map(|p| view! { <p class="govuk-body app-hint">{p}</p> })}
            {if text_changed {
                view! { <div class="govuk-body app-diff" data-testid="section-diff">{diff_runs(runs)}</div> }.into_any()
            } else {
                let text: String = runs.into_iter().map(|r| r.text).collect();
                view! { <p class="govuk-body app-hint">"Text unchanged."</p><div class="govuk-body app-diff app-diff--same">{text}</div> }.into_any()
            }}
        </section>
    }
}

/// A run of unchanged sections, folded: "12 sections unchanged" opens to their headings and
/// text.
#[component]
fn UnchangedSections(sections: Vec<SectionComparison>) -> impl IntoView {
    let label = CompareCounts::unchanged_sentence(sections.len());
    view! {
        <details class="govuk-details app-compare__unchanged" data-testid="unchanged-sections">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{label}</span>
            </summary>
            <div class="govuk-details__text">
                {sections.into_iter().map(|s| {
                    let text: String = s.runs.into_iter().map(|r| r.text).collect();
                    view! {
                        <h3 class="govuk-heading-s">{s.heading}</h3>
                        <div class="govuk-body app-diff app-diff--same">{text}</div>
                    }
                }).collect_view()}
            </div>
        </details>
    }
}

/// The runs of a word diff: insertions in `<ins>`, deletions in `<del>`, each starting with
/// "added:" / "removed:" for screen readers (the marks are underline and strikethrough, not
/// colour alone).
fn diff_runs(runs: Vec<DiffRun>) -> impl IntoView {
    runs.into_iter()
        .map(|r| match r.kind {
            RunKind::Equal => view! { <span>{r.text}</span> }.into_any(),
            RunKind::Inserted => view! {
                <ins class="app-diff__ins" data-testid="inserted"><span class="govuk-visually-hidden">"added: "</span>{r.text}</ins>
            }
            .into_any(),
            RunKind::Deleted => view! {
                <del class="app-diff__del" data-testid="deleted"><span class="govuk-visually-hidden">"removed: "</span>{r.text}</del>
            }
            .into_any(),
        })
        .collect_view()
}
