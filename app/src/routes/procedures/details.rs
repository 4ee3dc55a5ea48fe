//! `/procedures/:doc/details`: a procedure's title, summary and lead reviewer, its related
//! guidance and legislation (a title and an `https://` link), its local contacts and its
//! review date. Each list reads first, with "Change" and "Remove" on every entry; the forms
//! below add one or change the one chosen. Checked on plain types ([`AboutForm`],
//! [`LinkForm`], [`ContactForm`], [`ReviewDateForm`]); a problem is shown in the error
//! summary and against its field, and what was typed stays.

use domain::{
    model::Rebase,
    procedure::{link_kind_label, AboutForm, ContactForm, DetailsEdit, DetailsField, DetailsProblem, LinkForm, LinkKind, ReviewDateForm},
    ItemId,
};
use leptos::{ev::SubmitEvent, html, prelude::*};

use super::{draft_href, frame::{procedure_route, ProcCtx}};
use crate::{
    components::{date_part, focus_error_summary, set_page_title, ChangeRemove, DatePart, ErrorMessage, ErrorSummary, TextInput},
    routes::partnership::notice::{summary_of, SuccessBanner, TextSaved},
    state::{FormErrors, ProcedureEdit},
};

fn field_id(f: DetailsField) -> &'static str {
    match f {
        DetailsField::LinkTitle => "link-title",
        DetailsField::LinkUrl => "link-url",
        DetailsField::ContactName => "contact-name",
        DetailsField::ContactOrganisation => "contact-organisation",
        DetailsField::ContactDetails => "contact-details",
        DetailsField::ReviewDate => "review-day",
        DetailsField::Title => "about-title",
        DetailsField::Summary => "about-summary",
        DetailsField::LeadReviewer => "about-lead-reviewer",
    }
}

/// `/procedures/<doc>/details`, at the part `#about`, `#review-date`, `#links` or `#contacts`.
pub fn details_href(doc: domain::DocumentId, part: &str) -> String {
    format!("/procedures/{doc}/details#{part}")
}

#[component]
pub fn DetailsPage() -> impl IntoView {
    procedure_route(page)
}

/// What every form on the page shares: the errors, the success banner and how a change is made.
#[derive(Clone, Copy)]
struct Page {
    errors: FormErrors,
    notice: RwSignal<Option<String>>,
    summary: NodeRef<html::Div>,
    edit: Callback<ProcedureEdit, Result<(), String>>,
}

impl Page {
    /// Shows `problems` (from a form's check): nothing is changed.
    fn fail(self, problems: Vec<DetailsProblem>) {
        self.notice.set(None);
        self.errors.set(problems.into_iter().map(|p| (field_id(p.field), p.message)).collect());
        focus_error_summary(self.summary);
    }

    /// Makes the change; on success the banner says `done`. A refusal is shown against `field`.
    fn apply(self, edit: DetailsEdit, field: DetailsField, done: String) -> bool {
        match self.edit.run(ProcedureEdit::Details(edit)) {
            Ok(()) => {
                self.errors.clear();
                self.notice.set(Some(done));
                true
            }
            Err(message) => {
                self.fail(vec![DetailsProblem { field, message }]);
                false
            }
        }
    }
}

fn page(ctx: ProcCtx) -> impl IntoView {
    let ProcCtx { id, hook, access, doc } = ctx;
    let p = Page { errors: FormErrors::new(), notice: RwSignal::new(None), summary: NodeRef::new(), edit: hook.edit };
    Effect::new(move |_| {
        let title = format!("Procedure details: {}", doc.with(|d| d.title.clone()));
        set_page_title(&title, !p.errors.all().with(Vec::is_empty));
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=summary_of(p.errors) node_ref=p.summary />
                <SuccessBanner message=p.notice.into() />
                <span class="govuk-caption-l">{move || doc.with(|d| d.title.clone())}</span>
                <h1 class="govuk-heading-l">"Procedure details"</h1>
                {move || if access.can_edit.get() {
                    view! {
                        <About p doc />
                        <ReviewDate p doc />
                        <Links p doc />
                        <Contacts p doc />
                    }.into_any()
                } else {
                    view! {
                        <div class="govuk-inset-text" data-testid="cannot-change-details">
                            "Only editors of a partnership that owns this procedure can change these."
                        </div>
                    }.into_any()
                }}
                <p class="govuk-body"><a class="govuk-link" href=draft_href(id) data-testid="back-to-draft">"Back to the draft"</a></p>
            </div>
        </div>
    }
}

/// The title, summary and lead reviewer. Saving writes only what the person changed since the
/// form was filled: a field changed elsewhere meanwhile keeps that change, and someone else's
/// change to other words of the summary is kept with theirs (the banner says so).
#[component]
fn About(p: Page, doc: Memo<domain::procedure::ProcedureDoc>) -> impl IntoView {
    let opened = StoredValue::new(doc.with_untracked(AboutForm::of));
    let typed = RwSignal::new(opened.get_value());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (mine, base) = (typed.get_untracked(), opened.get_value());
        let current = doc.with_untracked(AboutForm::of);
        let form = mine.rebase(&base, &current);
        let refill = move || {
            let now = doc.with_untracked(AboutForm::of);
            opened.set_value(now.clone());
            typed.set(now);
        };
        match form.edit(&current) {
            Err(problems) => p.fail(problems),
            Ok(None) => {
                // Nothing to save: the form shows the procedure as it is now, with no banner.
                p.errors.clear();
                p.notice.set(None);
                refill();
            }
            Ok(Some(edit)) => {
                let outcome = TextSaved::of(&base.summary, &mine.summary, &current.summary, &form.summary);
                if p.apply(edit, DetailsField::Title, outcome.notice("Title, summary and lead reviewer saved", "the summary")) {
                    refill();
                    crate::routes::partnership::notice::focus_success_banner();
                }
            }
        }
    };
    let summary_error = p.errors.on("about-summary");
    view! {
        <section aria-labelledby="about" data-testid="about-section">
            <h2 class="govuk-heading-m" id="about">"Title, summary and lead reviewer"</h2>
            <form class="app-form" novalidate on:submit=on_submit data-testid="about-form">
                <TextInput id="about-title" label="Title of the procedure" value=Signal::derive(move || typed.with(|t| t.title.clone()))
                    on_input=Callback::new(move |v| typed.update(|t| t.title = v)) error=p.errors.on("about-title") />
                <div class="govuk-form-group" class=("govuk-form-group--error", move || summary_error.with(Option::is_some))>
                    <label class="govuk-label" for="about-summary">"Summary"</label>
                    <div class="govuk-hint" id="about-summary-hint">"What the procedure is for and who should follow it. Readers see it above the procedure."</div>
                    <ErrorMessage field_id="about-summary" message=summary_error />
                    <textarea class="govuk-textarea" id="about-summary" rows="4"
                        class=("govuk-textarea--error", move || summary_error.with(Option::is_some))
                        aria-describedby=move || if summary_error.with(Option::is_some) { "about-summary-hint about-summary-error" } else { "about-summary-hint" }
                        prop:value=move || typed.with(|t| t.summary.clone())
                        on:input:target=move |ev| typed.update(|t| t.summary = ev.target().value())></textarea>
                </div>
                <TextInput id="about-lead-reviewer" label="Lead reviewer" value=Signal::derive(move || typed.with(|t| t.lead_reviewer.clone()))
                    hint="The person or role leading the review, for example Safeguarding Partnership Business Manager."
                    on_input=Callback::new(move |v| typed.update(|t| t.lead_reviewer = v)) error=p.errors.on("about-lead-reviewer") />
                <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-about">"Save title, summary and lead reviewer"</button>
            </form>
        </section>
    }
}

#[component]
fn ReviewDate(p: Page, doc: Memo<domain::procedure::ProcedureDoc>) -> impl IntoView {
    // What the form was filled with: saving it unchanged writes nothing, so it never puts
    // back a date someone else changed meanwhile.
    let opened = StoredValue::new(ReviewDateForm::of(doc.with_untracked(|d| d.review_date)));
    let typed = RwSignal::new(opened.get_value());
    let error = p.errors.on("review-day");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = typed.get_untracked();
        if !form.changed(&opened.get_value()) {
            // Nothing to save: the form is left showing the date as it is now, with no banner.
            p.errors.clear();
            p.notice.set(None);
            let now = ReviewDateForm::of(doc.with_untracked(|d| d.review_date));
            opened.set_value(now.clone());
            typed.set(now);
            return;
        }
        match form.check() {
            Err(problems) => p.fail(problems),
            Ok(date) => {
                let done = date.map_or_else(|| "Review date removed".to_owned(), |d| format!("Review date set to {}", d.long()));
                if p.apply(DetailsEdit::SetReviewDate(date), DetailsField::ReviewDate, done) {
                    opened.set_value(ReviewDateForm::of(date));
                    typed.set(ReviewDateForm::of(date));
                }
            }
        }
    };
    let invalid = Signal::derive(move || error.with(Option::is_some));
    view! {
        <section aria-labelledby="review-date" data-testid="review-date-section">
            <form class="app-form" novalidate on:submit=on_submit data-testid="review-date-form">
                <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
                    <fieldset class="govuk-fieldset" role="group"
                        aria-describedby=move || if error.with(Option::is_some) { "review-hint review-day-error" } else { "review-hint" }>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                            <h2 class="govuk-fieldset__heading" id="review-date">"Review date"</h2>
                        </legend>
                        <div class="govuk-hint" id="review-hint">
                            "When the procedure is next due for review. Once it passes, a published procedure shows as review due. For example, 31 3 2027. Leave it blank if there is none."
                        </div>
                        <ErrorMessage field_id="review-day" message=error />
                        <div class="govuk-date-input">
                            {date_part(DatePart::Day, "review-day", typed, invalid, |t| t.day.clone(), |t, v| t.day = v)}
                            {date_part(DatePart::Month, "review-month", typed, invalid, |t| t.month.clone(), |t, v| t.month = v)}
                            {date_part(DatePart::Year, "review-year", typed, invalid, |t| t.year.clone(), |t, v| t.year = v)}
                        </div>
                    </fieldset>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-review-date">"Save review date"</button>
            </form>
        </section>
    }
}

#[component]
fn Links(p: Page, doc: Memo<domain::procedure::ProcedureDoc>) -> impl IntoView {
    let typed = RwSignal::new(LinkForm::default());
    let editing = RwSignal::new(None::<ItemId>);
    // The link as the form was filled on "Change": saving writes only what was changed since.
    let base = StoredValue::new(LinkForm::default());
    let title_input = NodeRef::<html::Div>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = typed.get_untracked();
        // Only what the person changed is written: others' changes since "Change" stay.
        let form = form.rebase_onto(Some(&base.get_value()), editing.get_untracked().and_then(|lid| doc.with_untracked(|d| d.links.iter().find(|l| l.id == lid).map(LinkForm::of))));
        match form.check() {
            Err(problems) => p.fail(problems),
            Ok(link) => {
                let done = format!("{} “{}”", if editing.get_untracked().is_some() { "Changed" } else { "Added" }, link.title);
                let edit = match editing.get_untracked() {
                    Some(lid) => DetailsEdit::ChangeLink(lid, link),
                    None => DetailsEdit::AddLink(link),
                };
                if p.apply(edit, DetailsField::LinkTitle, done) {
                    typed.set(LinkForm::default());
                    editing.set(None);
                }
            }
        }
    };
    let kind_radio = move |kind: LinkKind, fid: &'static str| {
        view! {
            <div class="govuk-radios__item">
                <input class="govuk-radios__input" id=fid name="link-kind" type="radio"
                    prop:checked=move || typed.with(|t| t.kind == kind)
                    on:change=move |_| typed.update(|t| t.kind = kind) />
                <label class="govuk-label govuk-radios__label" for=fid>{link_kind_label(kind)}</label>
            </div>
        }
    };
    view! {
        <section aria-labelledby="links" data-testid="links-section">
            <h2 class="govuk-heading-m" id="links">"Related guidance and legislation"</h2>
            <p class="govuk-body" hidden=move || doc.with(|d| !d.links.is_empty())>"None yet."</p>
            <dl class="govuk-summary-list" hidden=move || doc.with(|d| d.links.is_empty()) data-testid="links-list">
                <For each=move || doc.get().links key=|l| (l.id, l.kind, l.title.clone(), l.url.clone()) let:l>
                    {
                        let (lid, title, for_change) = (l.id, l.title.clone(), l.clone());
                        view! {
                            <div class="govuk-summary-list__row" data-testid="link-row">
                                <dt class="govuk-summary-list__key">{l.title.clone()}<br /><span class="app-hint">{link_kind_label(l.kind)}</span></dt>
                                <dd class="govuk-summary-list__value app-break">{l.url.clone()}</dd>
                                <ChangeRemove what=l.title.clone()
                                    on_change=Callback::new(move |()| {
                                        base.set_value(LinkForm::of(&for_change));
                                        typed.set(LinkForm::of(&for_change));
                                        editing.set(Some(lid));
                                        focus_first_input(title_input);
                                    })
                                    on_remove=Callback::new(move |()| {
                                        if p.apply(DetailsEdit::RemoveLink(lid), DetailsField::LinkTitle, format!("Removed “{title}”")) && editing.get_untracked() == Some(lid) {
                                            typed.set(LinkForm::default());
                                            editing.set(None);
                                        }
                                    }) />
                            </div>
                        }
                    }
                </For>
            </dl>
            <form class="app-form" novalidate on:submit=on_submit data-testid="link-form">
                <h3 class="govuk-heading-s">{move || if editing.get().is_some() { "Change guidance or legislation" } else { "Add guidance or legislation" }}</h3>
                <div class="govuk-form-group">
                    <fieldset class="govuk-fieldset">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Type"</legend>
                        <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
                            {kind_radio(LinkKind::Guidance, "link-kind")}
                            {kind_radio(LinkKind::Legislation, "link-kind-legislation")}
                        </div>
                    </fieldset>
                </div>
                <div node_ref=title_input>
                    <TextInput id="link-title" label="Title" value=Signal::derive(move || typed.with(|t| t.title.clone()))
                        on_input=Callback::new(move |v| typed.update(|t| t.title = v)) error=p.errors.on("link-title")
                        hint="For example, Working Together to Safeguard Children 2023" />
                </div>
                <TextInput id="link-url" label="Link" value=Signal::derive(move || typed.with(|t| t.url.clone()))
                    on_input=Callback::new(move |v| typed.update(|t| t.url = v)) error=p.errors.on("link-url")
                    hint="The full address, starting with https://" input_type="url" spellcheck=false />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-link">
                        {move || if editing.get().is_some() { "Save changes to the link" } else { "Add link" }}
                    </button>
                    {move || editing.get().is_some().then(|| view! {
                        <button type="button" class="app-link-button" on:click=move |_| {
                            typed.set(LinkForm::default());
                            editing.set(None);
                            p.errors.clear();
                        }>"Cancel the change"</button>
                    })}
                </div>
            </form>
        </section>
    }
}

#[component]
fn Contacts(p: Page, doc: Memo<domain::procedure::ProcedureDoc>) -> impl IntoView {
    let typed = RwSignal::new(ContactForm::default());
    let editing = RwSignal::new(None::<ItemId>);
    // The contact as the form was filled on "Change": saving writes only what was changed since.
    let base = StoredValue::new(ContactForm::default());
    let name_input = NodeRef::<html::Div>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = typed.get_untracked();
        // Only what the person changed is written: others' changes since "Change" stay.
        let form = form.rebase_onto(Some(&base.get_value()), editing.get_untracked().and_then(|cid| doc.with_untracked(|d| d.contacts.iter().find(|c| c.id == cid).map(ContactForm::of))));
        match form.check() {
            Err(problems) => p.fail(problems),
            Ok(contact) => {
                let done = format!("{} {}", if editing.get_untracked().is_some() { "Changed" } else { "Added" }, contact.name);
                let edit = match editing.get_untracked() {
                    Some(cid) => DetailsEdit::ChangeContact(cid, contact),
                    None => DetailsEdit::AddContact(contact),
                };
                if p.apply(edit, DetailsField::ContactName, done) {
                    typed.set(ContactForm::default());
                    editing.set(None);
                }
            }
        }
    };
    view! {
        <section aria-labelledby="contacts" data-testid="contacts-section">
            <h2 class="govuk-heading-m" id="contacts">"Local contacts"</h2>
            <p class="govuk-body" hidden=move || doc.with(|d| !d.contacts.is_empty())>"None yet."</p>
            <dl class="govuk-summary-list" hidden=move || doc.with(|d| d.contacts.is_empty()) data-testid="contacts-list">
                <For each=move || doc.get().contacts key=|c| (c.id, c.name.clone(), c.organisation.clone(), c.details.clone()) let:c>
                    {
                        let (cid, name, for_change) = (c.id, c.name.clone(), c.clone());
                        view! {
                            <div class="govuk-summary-list__row" data-testid="contact-row">
                                <dt class="govuk-summary-list__key">{c.name.clone()}</dt>
                                <dd class="govuk-summary-list__value">{c.organisation.clone()}<br />{c.details.clone()}</dd>
                                <ChangeRemove what=c.name.clone()
                                    on_change=Callback::new(move |()| {
                                        base.set_value(ContactForm::of(&for_change));
                                        typed.set(ContactForm::of(&for_change));
                                        editing.set(Some(cid));
                                        focus_first_input(name_input);
                                    })
                                    on_remove=Callback::new(move |()| {
                                        if p.apply(DetailsEdit::RemoveContact(cid), DetailsField::ContactName, format!("Removed {name}")) && editing.get_untracked() == Some(cid) {
                                            typed.set(ContactForm::default());
                                            editing.set(None);
                                        }
                                    }) />
                            </div>
                        }
                    }
                </For>
            </dl>
            <form class="app-form" novalidate on:submit=on_submit data-testid="contact-form">
                <h3 class="govuk-heading-s">{move || if editing.get().is_some() { "Change a local contact" } else { "Add a local contact" }}</h3>
                <div node_ref=name_input>
                    <TextInput id="contact-name" label="Name" value=Signal::derive(move || typed.with(|t| t.name.clone()))
                        on_input=Callback::new(move |v| typed.update(|t| t.name = v)) error=p.errors.on("contact-name")
                        hint="A team, a role or a person, for example Safeguarding Unit" />
                </div>
                <TextInput id="contact-organisation" label="Organisation (optional)" value=Signal::derive(move || typed.with(|t| t.organisation.clone()))
                    on_input=Callback::new(move |v| typed.update(|t| t.organisation = v)) error=p.errors.on("contact-organisation") />
                <TextInput id="contact-details" label="How to contact them (optional)" value=Signal::derive(move || typed.with(|t| t.details.clone()))
                    on_input=Callback::new(move |v| typed.update(|t| t.details = v)) error=p.errors.on("contact-details")
                    hint="A telephone number, an email address or both" />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="save-contact">
                        {move || if editing.get().is_some() { "Save changes to the contact" } else { "Add contact" }}
                    </button>
                    {move || editing.get().is_some().then(|| view! {
                        <button type="button" class="app-link-button" on:click=move |_| {
                            typed.set(ContactForm::default());
                            editing.set(None);
                            p.errors.clear();
                        }>"Cancel the change"</button>
                    })}
                </div>
            </form>
        </section>
    }
}

/// Puts the focus in the first input under `wrapper` (the form's first field, after "Change").
fn focus_first_input(wrapper: NodeRef<html::Div>) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(input) = wrapper.get_untracked().and_then(|w| w.query_selector("input").ok().flatten()) {
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    });
}

/// The draft's "About this procedure", read first: the summary, lead reviewer, review date,
/// related guidance and legislation, and local contacts, each with "Change" (for editors) to its part of the form.
#[component]
pub fn DetailsSummary(id: domain::DocumentId, doc: Memo<domain::procedure::ProcedureDoc>, can_edit: Signal<bool>) -> impl IntoView {
    let change = move |part: &'static str, what: &'static str| {
        move || can_edit.get().then(|| view! {
            <dd class="govuk-summary-list__actions">
                <a class="govuk-link" href=details_href(id, part) data-testid=format!("change-{part}")>
                    "Change"<span class="govuk-visually-hidden">{format!(" {what}")}</span>
                </a>
            </dd>
        })
    };
    let none = |what: &'static str| view! { <span class="app-hint">{what}</span> };
    view! {
        <section aria-labelledby="about-h" data-testid="procedure-details">
            <h2 class="govuk-heading-m" id="about-h">"About this procedure"</h2>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Summary"</dt>
                    <dd class="govuk-summary-list__value app-procedure-summary" data-testid="summary-summary">
                        {move || match doc.with(|d| d.summary.clone()) {
                            s if s.is_empty() => none("None").into_any(),
                            s => s.into_any(),
                        }}
                    </dd>
                    {change("about", "the title and summary")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Lead reviewer"</dt>
                    <dd class="govuk-summary-list__value" data-testid="summary-lead-reviewer">
                        {move || match doc.with(|d| d.lead_reviewer.name.clone()) {
                            s if s.is_empty() => none("Not named").into_any(),
                            s => s.into_any(),
                        }}
                    </dd>
                    {change("about-lead-reviewer", "the lead reviewer")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Review date"</dt>
                    <dd class="govuk-summary-list__value" data-testid="summary-review-date">
                        {move || match doc.with(|d| d.review_date) {
                            Some(d) => d.long().into_any(),
                            None => none("Not set").into_any(),
                        }}
                    </dd>
                    {change("review-date", "the review date")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Related guidance and legislation"</dt>
                    <dd class="govuk-summary-list__value app-break" data-testid="summary-links">
                        {move || {
                            let links = doc.with(|d| d.links.clone());
                            if links.is_empty() {
                                return none("None").into_any();
                            }
                            view! {
                                <ul class="govuk-list">
                                    {links.into_iter().map(|l| view! {
                                        <li>
                                            <a class="govuk-link" href=l.url.clone() rel="noreferrer noopener">{l.title}</a>
                                            <span class="app-hint">{format!(" ({})", link_kind_label(l.kind).to_lowercase())}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                    {change("links", "related guidance and legislation")}
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Local contacts"</dt>
                    <dd class="govuk-summary-list__value" data-testid="summary-contacts">
                        {move || {
                            let contacts = doc.with(|d| d.contacts.clone());
                            if contacts.is_empty() {
                                return none("None").into_any();
                            }
                            view! {
                                <ul class="govuk-list">
                                    {contacts.into_iter().map(|c| {
                                        let rest = [c.organisation, c.details].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
                                        view! { <li><strong>{c.name}</strong>{(!rest.is_empty()).then(|| format!(", {rest}"))}</li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                    {change("contacts", "local contacts")}
                </div>
            </dl>
        </section>
    }
}
