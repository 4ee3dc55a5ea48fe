//! `/partnerships/:id/procedures`: the partnership's procedures manuals — chapters and
//! their procedures with status, review date and "updated in" flags — and an offline search
//! over every procedure on this device (the manuals of every partnership the person is in). Editors start a manual, add its chapters and add
//! procedures to them here.

use domain::procedure::SearchHit;
use leptos::prelude::*;

use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{draft_href, highlight::runs, reader_href, status_tag_class};
use crate::{
    components::{set_page_title, ErrorMessage},
    routes::partnership::frame::{partnership_route, Crumbs, PageCtx},
    state::{add_chapter, create_library, create_procedure, manual_owners, publish_update, use_libraries, use_other_procedures, use_repo, use_search, ChapterEntry, LibraryView, ProcedureEntry},
};

#[component]
pub fn LibraryPage() -> impl IntoView {
    partnership_route(Crumbs::Under, library)
}

fn library(ctx: PageCtx) -> impl IntoView {
    let PageCtx { id, doc, access, .. } = ctx;
    let can_edit: Signal<bool> = access.can_edit.into();
    let hook = use_libraries(id);
    let query = RwSignal::new(String::new());
    // Every procedure on this device: this partnership's first, then its other partnerships'.
    let others = use_other_procedures(id);
    let everything = Signal::derive(move || {
        let mut all = hook.procedures.get();
        for p in others.get() {
            if !all.contains(&p) {
                all.push(p);
            }
        }
        all
    });
    let hits = use_search(everything, query.into());
    Effect::new(move |_| set_page_title(&format!("Procedures – {}", doc.with(|p| p.name.clone())), false));
    view! {
        <span class="govuk-caption-l">{move || doc.with(|p| p.name.clone())}</span>
        <h1 class="govuk-heading-l">"Procedures"</h1>
        <form class="app-search" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="procedure-search">"Search procedures"</label>
                <div class="govuk-hint" id="procedure-search-hint">"Titles and text of every procedure on this device. Works offline."</div>
                <input class="govuk-input app-search__input" id="procedure-search" name="q" type="search"
                    aria-describedby="procedure-search-hint" autocomplete="off" spellcheck="false"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
        </form>
        {move || (!query.with(|q| q.trim().is_empty())).then(|| view! { <SearchResults hits /> })}
        {move || hook.libraries.with(Vec::is_empty).then(|| view! {
            <p class="govuk-body" data-testid="no-manuals">"This partnership has no procedures manuals on this device yet."</p>
        })}
        // Keyed: a procedure arriving or changing redraws its own entry, not the manual.
        <For each=move || hook.libraries.with(|ls| ls.iter().map(|l| l.id).collect::<Vec<_>>()) key=|id| *id let:manual>
            <Manual library=Memo::new(move |_| hook.libraries.with(|ls| ls.iter().find(|l| l.id == manual).cloned())) can_edit />
        </For>
        {move || can_edit.get().then(|| view! { <StartManual partnership=id name=Signal::derive(move || doc.with(|p| p.name.clone())) /> })}
    }
}

#[component]
fn SearchResults(hits: Memo<Vec<SearchHit>>) -> impl IntoView {
    view! {
        <section class="app-search-results" aria-labelledby="search-results-h" data-testid="search-results">
            <h2 class="govuk-heading-m" id="search-results-h" aria-live="polite">
                {move || match hits.with(Vec::len) {
                    0 => "No procedures match".to_owned(),
                    1 => "1 procedure matches".to_owned(),
                    n => format!("{n} procedures match"),
                }}
            </h2>
            <ul class="govuk-list app-search-results__list">
                {move || hits.get().into_iter().map(|h| view! {
                    <li class="app-search-results__item" data-testid="search-hit">
                        <a class="govuk-link govuk-!-font-weight-bold" href=reader_href(h.procedure)>{marked(&h.title, &h.title_matches)}</a>
                        {h.heading.clone().map(|s| view! { <span class="app-hint">" — "{s}</span> })}
                        <p class="govuk-body-s app-search-results__snippet">{marked(&h.snippet, &h.matches)}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

fn marked(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<AnyView> {
    runs(text, ranges)
        .into_iter()
        .map(|(t, hit)| if hit { view! { <mark>{t}</mark> }.into_any() } else { t.into_any() })
        .collect()
}

#[component]
fn Manual(library: Memo<Option<LibraryView>>, can_edit: Signal<bool>) -> impl IntoView {
    let Some(first) = library.get_untracked() else { return ().into_any() };
    let heading = format!("manual-{}", first.id);
    let labelled_by = heading.clone();
    let manual = first.id;
    let title = Memo::new(move |_| library.with(|l| l.as_ref().map(|l| l.title.clone()).unwrap_or_default()));
    let chapter_ids = Memo::new(move |_| library.with(|l| l.iter().flat_map(|l| l.chapters.iter().map(|c| c.id)).collect::<Vec<_>>()));
    // The form's chapters (id and title): the form is drawn again only when they change.
    let choices = Memo::new(move |_| {
        library.with(|l| {
            l.iter()
                .flat_map(|l| l.chapters.iter().map(|c| ChapterEntry { id: c.id, title: c.title.clone(), procedures: Vec::new() }))
                .collect::<Vec<_>>()
        })
    });
    let updates = Memo::new(move |_| library.with(|l| l.as_ref().map(|l| l.updates.clone()).unwrap_or_default()));
    // Published versions no update has yet: what "Publish an update" offers.
    let awaiting = Memo::new(move |_| {
        library.with(|l| {
            l.iter()
                .flat_map(|l| l.chapters.iter().flat_map(|c| c.procedures.iter()))
                .filter_map(|p| p.awaiting_update.clone().map(|(version, amendment)| Awaiting { id: p.id, title: p.title.clone(), version, amendment }))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="app-manual" aria-labelledby=labelled_by data-testid="manual">
            <h2 class="govuk-heading-m" id=heading>{move || title.get()}</h2>
            <For each=move || chapter_ids.get() key=|c| *c let:chapter>
                <Chapter library chapter />
            </For>
            {move || choices.with(Vec::is_empty).then(|| view! {
                <p class="govuk-body" data-testid="no-chapters">"This manual has no chapters yet."</p>
            })}
            {move || {
                let chapters = choices.get();
                (can_edit.get() && !chapters.is_empty()).then(|| view! { <AddProcedure library=manual chapters /> })
            }}
            {move || can_edit.get().then(|| view! { <AddChapter library=manual /> })}
            {move || can_edit.get().then(|| view! { <PublishUpdate library=manual awaiting /> })}
            {move || {
                let updates = updates.get();
                (!updates.is_empty()).then(|| view! {
                    <details class="govuk-details">
                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Updates to this manual"</span></summary>
                        <div class="govuk-details__text">
                            {updates.into_iter().map(|(name, launch, amendments)| view! {
                                <h4 class="govuk-heading-s">{name}{launch.map(|d| format!(", launched {}", d.long()))}</h4>
                                <ul class="govuk-list govuk-list--bullet">{amendments.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                            }).collect_view()}
                        </div>
                    </details>
                })
            }}
        </section>
    }
    .into_any()
}

/// One chapter of a manual: its title and procedures, each entry keyed by what it shows.
#[component]
fn Chapter(library: Memo<Option<LibraryView>>, chapter: domain::ItemId) -> impl IntoView {
    let entry = Memo::new(move |_| library.with(|l| l.as_ref().and_then(|l| l.chapters.iter().find(|c| c.id == chapter).cloned())));
    view! {
        <h3 class="govuk-heading-s">{move || entry.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default())}</h3>
        <ul class="govuk-list app-procedures" data-testid="chapter">
            <For each=move || entry.with(|c| c.as_ref().map(|c| c.procedures.clone()).unwrap_or_default()) key=|p| p.clone() let:p>
                <Entry entry=p />
            </For>
        </ul>
    }
}

#[component]
fn Entry(entry: ProcedureEntry) -> impl IntoView {
    let ProcedureEntry { id, title, status, review_date, updated_in, .. } = entry;
    let title = if title.is_empty() { "A procedure not yet on this device".to_owned() } else { title };
    view! {
        <li class="app-procedures__item" data-testid="procedure-entry">
            <a class="govuk-link app-procedures__title" href=reader_href(id)>{title}</a>
            <span class="app-procedures__meta">
                {status.map(|s| view! { <strong class=status_tag_class(s) data-testid="procedure-status">{s.label()}</strong> })}
                {review_date.map(|d| view! { <span class="app-hint">"Review by "{d.long()}</span> })}
                {updated_in.map(|u| view! { <strong class="govuk-tag govuk-tag--turquoise" data-testid="updated-flag">"Updated in the "{u}</strong> })}
            </span>
        </li>
    }
}

/// "Add a procedure to this manual": a title and a chapter. The procedure is made with its
/// comments document, and its draft opens.
#[component]
fn AddProcedure(library: domain::DocumentId, chapters: Vec<ChapterEntry>) -> impl IntoView {
    let title_id = crate::components::element_id(format!("new-procedure-title-{library}"));
    let chapter_id = crate::components::element_id(format!("new-procedure-chapter-{library}"));
    let first = chapters.first().map(|c| c.id);
    let (title, chapter) = (RwSignal::new(String::new()), RwSignal::new(first));
    let error = RwSignal::new(None::<String>);
    let repo = use_repo();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(ch) = chapter.get_untracked() else { return };
        match create_procedure(repo.repo(), library, ch, &title.get_untracked()) {
            Ok(p) => (*navigate)(&draft_href(p), NavigateOptions::default()),
            Err(e) => error.set(Some(e)),
        }
    };
    let described = move || if error.with(Option::is_some) { format!("{title_id}-error") } else { String::new() };
    view! {
        <details class="govuk-details app-no-print" data-testid="add-procedure">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Add a procedure to this manual"</span></summary>
            <div class="govuk-details__text">
                <form novalidate on:submit=on_submit>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=title_id>"Title of the procedure"</label>
                        <ErrorMessage field_id=title_id message=error.into() />
                        <input class="govuk-input" class=("govuk-input--error", move || error.with(Option::is_some)) id=title_id type="text"
                            aria-describedby=described prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-label--s" for=chapter_id>"Chapter"</label>
                        <select class="govuk-select" id=chapter_id on:change=move |ev| chapter.set(event_target_value(&ev).parse().ok())>
                            {chapters.into_iter().map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == first>{c.title}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="create-procedure">"Add procedure"</button>
                </form>
            </div>
        </details>
    }
}

/// A one-field form (a title) in a GOV.UK details element: what `make` returns on success is
/// announced, and the field is emptied for the next one; a problem is shown against the field
/// and what was typed stays.
#[component]
fn TitleForm(
    /// The field's id (unique on the page).
    field: &'static str,
    summary: &'static str,
    label: &'static str,
    hint: &'static str,
    button: &'static str,
    testid: &'static str,
    /// Makes the thing from the title: the announcement, or the problem.
    make: Callback<String, Result<String, String>>,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match make.run(title.get_untracked()) {
            Ok(message) => {
                error.set(None);
                title.set(String::new());
                done.set(Some(message));
            }
            Err(e) => {
                done.set(None);
                error.set(Some(e));
            }
        }
    };
    let hint_id = format!("{field}-hint");
    let described = {
        let hint_id = hint_id.clone();
        move || if error.with(Option::is_some) { format!("{hint_id} {field}-error") } else { hint_id.clone() }
    };
    view! {
        <details class="govuk-details app-no-print" data-testid=testid>
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{summary}</span></summary>
            <div class="govuk-details__text">
                <form novalidate on:submit=on_submit>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=field>{label}</label>
                        <div class="govuk-hint" id=hint_id>{hint}</div>
                        <ErrorMessage field_id=field message=error.into() />
                        <input class="govuk-input" class=("govuk-input--error", move || error.with(Option::is_some)) id=field type="text"
                            aria-describedby=described prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary">{button}</button>
                    <p class="govuk-body" role="status" data-testid="title-form-done">{move || done.get()}</p>
                </form>
            </div>
        </details>
    }
}

/// "Add a chapter to this manual", at its end.
#[component]
fn AddChapter(library: domain::DocumentId) -> impl IntoView {
    let repo = use_repo();
    let make = Callback::new(move |title: String| {
        if title.trim().is_empty() {
            return Err("Enter the title of the chapter".to_owned());
        }
        add_chapter(repo.repo(), library, &title).map(|_| format!("Chapter “{}” added", title.trim()))
    });
    view! {
        <TitleForm field=crate::components::element_id(format!("new-chapter-title-{library}")) summary="Add a chapter to this manual" label="Title of the chapter"
            hint="For example, Responding to abuse and neglect." button="Add chapter" testid="add-chapter" make />
    }
}

/// "Start a procedures manual": its title and, where the partnership owns joint groups, who
/// owns it: this partnership alone, or every owner of one of its joint groups (a joint
/// procedures sub group's manual), found by each of them through the group.
#[component]
fn StartManual(partnership: domain::DocumentId, name: Signal<String>) -> impl IntoView {
    let repo = use_repo();
    let owners = {
        let repo = repo.clone();
        Memo::new(move |_| {
            let groups: Vec<(domain::DocumentId, crate::state::GroupHeading)> = match repo.read::<domain::model::PartnershipDoc>(partnership) {
                crate::repo::DocView::Ready(p) => p
                    .groups()
                    .into_iter()
                    .filter_map(|g| match repo.group_heading(g) {
                        crate::repo::DocView::Ready(h) => Some((g, h)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            manual_owners(partnership, &name.get(), &groups)
        })
    };
    let title = RwSignal::new(String::new());
    let owner = RwSignal::new(None::<domain::DocumentId>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = title.get_untracked();
        if typed.trim().is_empty() {
            done.set(None);
            error.set(Some("Enter the title of the manual".to_owned()));
            return;
        }
        let group = owner.get_untracked().filter(|g| owners.with_untracked(|o| o.iter().any(|c| c.group == Some(*g))));
        match create_library(repo.repo(), partnership, group, &typed) {
            Ok(_) => {
                error.set(None);
                title.set(String::new());
                done.set(Some(format!("Manual “{}” started. Add its chapters with “Add a chapter to this manual”, under its title", typed.trim())));
            }
            Err(e) => {
                done.set(None);
                error.set(Some(e));
            }
        }
    };
    let field = "new-manual-title";
    let described = move || if error.with(Option::is_some) { format!("{field}-hint {field}-error") } else { format!("{field}-hint") };
    view! {
        <details class="govuk-details app-no-print" data-testid="start-manual">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Start a procedures manual"</span></summary>
            <div class="govuk-details__text">
                <form novalidate on:submit=on_submit>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=field>"Title of the manual"</label>
                        <div class="govuk-hint" id=format!("{field}-hint")>"For example, Child protection procedures."</div>
                        <ErrorMessage field_id=field message=error.into() />
                        <input class="govuk-input" class=("govuk-input--error", move || error.with(Option::is_some)) id=field type="text"
                            aria-describedby=described prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    </div>
                    {move || (owners.with(Vec::len) > 1).then(|| view! {
                        <div class="govuk-form-group" data-testid="manual-owner">
                            <fieldset class="govuk-fieldset" aria-describedby="manual-owner-hint">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Who owns the manual"</legend>
                                <div class="govuk-hint" id="manual-owner-hint">
                                    "A manual owned like a joint group belongs to every partnership that owns the group: each can read it, change it and sign off its procedures."
                                </div>
                                <div class="govuk-radios govuk-radios--small">
                                    {owners.get().into_iter().enumerate().map(|(i, c)| {
                                        let id = format!("manual-owner-{i}");
                                        let hint = format!("{id}-hint");
                                        let group = c.group;
                                        view! {
                                            <div class="govuk-radios__item">
                                                <input class="govuk-radios__input" id=id.clone() type="radio" name="manual-owner" aria-describedby=hint.clone()
                                                    prop:checked=move || owner.get() == group
                                                    on:change=move |_| owner.set(group) />
                                                <label class="govuk-label govuk-radios__label" for=id>{c.label}</label>
                                                <div class="govuk-hint govuk-radios__hint" id=hint>{c.hint}</div>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                    })}
                    <button type="submit" class="govuk-button govuk-button--secondary">"Start manual"</button>
                    <p class="govuk-body" role="status" data-testid="title-form-done">{move || done.get()}</p>
                </form>
            </div>
        </details>
    }
}

/// A published version no update of the manual has yet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Awaiting {
    id: domain::DocumentId,
    title: String,
    version: u32,
    amendment: String,
}

/// "Publish an update": a name and the published versions it brings together, launched
/// today; the manual's updates list and readers' "updated in" flags follow.
#[component]
fn PublishUpdate(library: domain::DocumentId, awaiting: Memo<Vec<Awaiting>>) -> impl IntoView {
    let name_id = crate::components::element_id(format!("update-name-{library}"));
    let choices_id = crate::components::element_id(format!("update-procedures-{library}"));
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<domain::DocumentId>::new());
    let name_error = RwSignal::new(None::<String>);
    let choice_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let repo = use_repo();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        let items: Vec<(domain::DocumentId, u32, String)> = awaiting.with_untracked(|a| {
            chosen.with_untracked(|c| a.iter().filter(|x| c.contains(&x.id)).map(|x| (x.id, x.version, x.amendment.clone())).collect())
        });
        name_error.set(typed.trim().is_empty().then(|| "Enter the name of the update".to_owned()));
        choice_error.set(items.is_empty().then(|| "Choose at least one published procedure for the update".to_owned()));
        if name_error.with_untracked(Option::is_some) || choice_error.with_untracked(Option::is_some) {
            done.set(None);
            return;
        }
        match publish_update(repo.repo(), library, &typed, &items) {
            Ok(_) => {
                let n = items.len();
                done.set(Some(format!("“{}” published, with {n} procedure{}", typed.trim(), if n == 1 { "" } else { "s" })));
                name.set(String::new());
                chosen.set(Vec::new());
            }
            Err(e) => choice_error.set(Some(e)),
        }
    };
    let described = move || if name_error.with(Option::is_some) { format!("{name_id}-hint {name_id}-error") } else { format!("{name_id}-hint") };
    view! {
        <details class="govuk-details app-no-print" data-testid="publish-update">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Publish an update"</span></summary>
            <div class="govuk-details__text">
                <p class="govuk-body" hidden=move || !awaiting.with(Vec::is_empty) data-testid="nothing-to-update">
                    "Every published version is in an update already. Once a procedure is published, it can be added to an update here."
                </p>
                <form novalidate on:submit=on_submit hidden=move || awaiting.with(Vec::is_empty)>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || name_error.with(Option::is_some))>
                        <label class="govuk-label govuk-label--s" for=name_id>"Name of the update"</label>
                        <div class="govuk-hint" id=format!("{name_id}-hint")>"For example, Spring update 2027. It is launched today."</div>
                        <ErrorMessage field_id=name_id message=name_error.into() />
                        <input class="govuk-input" class=("govuk-input--error", move || name_error.with(Option::is_some)) id=name_id type="text"
                            aria-describedby=described prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    </div>
                    <div class="govuk-form-group" class=("govuk-form-group--error", move || choice_error.with(Option::is_some))>
                        <fieldset class="govuk-fieldset" aria-describedby=move || choice_error.with(Option::is_some).then(|| format!("{choices_id}-error"))>
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Published procedures in this update"</legend>
                            <ErrorMessage field_id=choices_id message=choice_error.into() />
                            <div class="govuk-checkboxes govuk-checkboxes--small" id=choices_id>
                                {move || awaiting.get().into_iter().enumerate().map(|(i, a)| {
                                    let id = format!("{choices_id}-{i}");
                                    let hint = format!("{id}-hint");
                                    let doc = a.id;
                                    view! {
                                        <div class="govuk-checkboxes__item">
                                            <input class="govuk-checkboxes__input" id=id.clone() type="checkbox" aria-describedby=hint.clone()
                                                prop:checked=move || chosen.with(|c| c.contains(&doc))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|c| { c.retain(|x| *x != doc); if on { c.push(doc); } });
                                                } />
                                            <label class="govuk-label govuk-checkboxes__label" for=id>{format!("{}, version {}", a.title, a.version)}</label>
                                            <div class="govuk-hint govuk-checkboxes__hint" id=hint>{a.amendment}</div>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="publish-update-button">"Publish update"</button>
                </form>
            </div>
        </details>
        <p class="govuk-body" role="status" data-testid="publish-update-done">{move || done.get()}</p>
    }
}
