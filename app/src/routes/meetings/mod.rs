//! Meetings of a group: `/groups/:id/meetings` (upcoming and past), the "Add a meeting" form
//! on its own page (`/groups/:id/meetings/new`), a meeting read first (`/meetings/:id`) with
//! its live quorum, and its forms, each on its own page, which return to the meeting with a
//! success notification: attendance (`/meetings/:id/attendance`), details
//! (`/meetings/:id/edit`), an agenda item (`/meetings/:id/items/:item`, `new` to add one),
//! a decision or an action on an item (`…/items/:item/decision`, `…/items/:item/action`)
//! and the minutes (`/meetings/:id/minutes`); the next meeting approves them on its minutes
//! item (`…/items/:item/approve-minutes`), after which they change only by a recorded
//! amendment (`/meetings/:id/minutes/amend`); the agenda pack and minutes print from
//! `/meetings/:id/print`. "Plan the year" (`/groups/:id/meetings/plan`)
//! adds the meetings of the next twelve months at once. Decisions between meetings by written
//! procedure are listed on the meetings page, put to the group from
//! `/groups/:id/written/new`, and answered and closed on their own page (`/written/:id`).

pub mod action_form;
pub mod amend_form;
pub mod approve_form;
pub mod attendance;
pub mod decision_form;
pub mod declaration_form;
pub mod details_form;
pub mod item_form;
pub mod list;
pub mod meeting;
pub mod minutes;
pub mod new_form;
pub mod paper_form;
pub mod plan_form;
pub mod print;
pub mod written;
pub mod written_list;
pub mod written_new;

pub use action_form::ActionPage;
pub use amend_form::AmendMinutesPage;
pub use approve_form::ApproveMinutesPage;
pub use attendance::AttendancePage;
pub use decision_form::DecisionPage;
pub use declaration_form::DeclarationPage;
pub use details_form::MeetingDetailsPage;
pub use item_form::ItemPage;
pub use list::MeetingsPage;
pub use meeting::MeetingPage;
pub use minutes::MinutesPage;
pub use new_form::NewMeetingPage;
pub use paper_form::PaperPage;
pub use plan_form::PlanYearPage;
pub use print::PrintPage;
pub use written::WrittenPage;
pub use written_list::WrittenProcedures;
pub use written_new::NewWrittenPage;

use std::borrow::Cow;

use std::cell::RefCell;

use domain::{
    meeting::{MeetingStatus, Time},
    model::Date,
    DocumentId, ItemId,
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map},
    NavigateOptions,
};

use crate::components::{date_part, set_page_title, DatePart, ErrorMessage};

thread_local! {
    /// What the last form saved, for the meeting page it returns to.
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Returns to meeting `id`'s page, which then says the message in a success notification.
pub fn use_return_to_meeting(id: DocumentId) -> Callback<String> {
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    Callback::new(move |message: String| {
        FLASH.with(|f| *f.borrow_mut() = Some(message));
        (*navigate)(&crate::routes::meeting_href(id), NavigateOptions { replace: true, ..Default::default() });
    })
}

/// Leaves `message` for the next page that shows one (the meetings list, after "Plan the
/// year").
pub fn set_flash(message: String) {
    FLASH.with(|f| *f.borrow_mut() = Some(message));
}

/// The message the last form left for the meeting page (once).
pub fn take_flash() -> Option<String> {
    FLASH.with(|f| f.borrow_mut().take())
}

/// A sentence's first letter in lower case, to run on after other words ("Approved at …" →
/// "approved at …", "Substitute present: Sam Cover" → "substitute present: Sam Cover"): only
/// the first letter, so dates and names keep their capitals.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// The `:item` of the address: `Some(None)` for `new`, `None` when it is no item id.
fn item_param() -> Memo<Option<Option<ItemId>>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| match p.get("item").as_deref() {
            Some("new") => Some(None),
            Some(s) => s.parse::<ItemId>().ok().map(Some),
            None => None,
        })
    })
}

/// The page a meeting's form sits on: a back link to the meeting, a caption naming the
/// group and meeting, the title (an "Error: " prefix while the form shows errors).
#[component]
pub fn MeetingFormPage(
    id: DocumentId,
    caption: String,
    #[prop(into)] title: String,
    #[prop(into)] has_errors: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let page_title = format!("{title} – {caption}");
    Effect::new(move |_| set_page_title(&page_title, has_errors.get()));
    view! {
        <a class="govuk-back-link" href=crate::routes::meeting_href(id) data-testid="back-to-meeting">"Back to the meeting"</a>
        <span class="govuk-caption-l">{caption}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        {children()}
    }
}

/// A GOV.UK radio group in a fieldset: the first radio's id is `name` (where the error
/// summary links), the others `name-value`.
#[component]
pub fn Radios(
    name: &'static str,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    /// `(value, label)` pairs; a value is a `&'static str` or a `String` (`.into()`).
    choices: Vec<(Cow<'static, str>, String)>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{name}-hint"));
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby=hint_id.clone()>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|h| view! { <div id=format!("{name}-hint") class="govuk-hint">{h}</div> })}
                <ErrorMessage field_id=name message=error />
                <div class=if inline { "govuk-radios govuk-radios--small govuk-radios--inline" } else { "govuk-radios govuk-radios--small" }>
                    {choices.into_iter().enumerate().map(|(i, (v, label))| {
                        let rid = if i == 0 { name.to_owned() } else { format!("{name}-{v}") };
                        let (checked, chosen) = (v.clone(), v.clone());
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=rid.clone() name=name type="radio" value=v.into_owned()
                                    prop:checked=move || value.with(|x| *x == *checked)
                                    on:change=move |_| value.set(chosen.to_string()) />
                                <label class="govuk-label govuk-radios__label" for=rid>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Day, month and year as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedDate {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl TypedDate {
    pub fn of(date: Option<Date>) -> Self {
        date.map(|d| {
            let (y, m, day) = d.ymd();
            Self { day: day.to_string(), month: m.to_string(), year: y.to_string() }
        })
        .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        [&self.day, &self.month, &self.year].iter().all(|s| s.trim().is_empty())
    }

    /// The date, if it is a real one (years 2000 to 2100).
    pub fn date(&self) -> Option<Date> {
        let num = |s: &str| s.trim().parse::<u32>().ok();
        match (num(&self.day), num(&self.month), num(&self.year)) {
            (Some(d), Some(m), Some(y)) if (2000..=2100).contains(&y) => Date::from_ymd(y as i32, m, d),
            _ => None,
        }
    }
}

/// A GOV.UK date input: `id` is the day's input (where errors link), `id-month`, `id-year`.
#[component]
pub fn DateInput(
    id: &'static str,
    #[prop(into)] legend: String,
    value: RwSignal<TypedDate>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let invalid = Signal::derive(move || error.with(Option::is_some));
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=format!("{id}-hint")>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <div id=format!("{id}-hint") class="govuk-hint">"For example, 27 3 2027"</div>
                <ErrorMessage field_id=id message=error />
                <div class="govuk-date-input">
                    {date_part(DatePart::Day, id, value, invalid, |t| t.day.clone(), |t, v| t.day = v)}
                    {date_part(DatePart::Month, format!("{id}-month"), value, invalid, |t| t.month.clone(), |t, v| t.month = v)}
                    {date_part(DatePart::Year, format!("{id}-year"), value, invalid, |t| t.year.clone(), |t, v| t.year = v)}
                </div>
            </fieldset>
        </div>
    }
}

fn id_param() -> Memo<Option<DocumentId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<DocumentId>().ok())))
}

/// "14 March 2026" or "Date not set".
pub fn date_text(date: Option<Date>) -> String {
    date.map(|d| d.long()).unwrap_or_else(|| "Date not set".to_owned())
}

/// "10:00 to 12:00", "From 10:00" or "Time not set".
pub fn time_text(start: Option<Time>, end: Option<Time>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => format!("From {s}"),
        _ => "Time not set".to_owned(),
    }
}

/// The GOV.UK tag class for a status (the tag's text names it: never colour alone).
pub fn status_tag(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Scheduled => "govuk-tag govuk-tag--blue",
        MeetingStatus::Held => "govuk-tag govuk-tag--green",
        MeetingStatus::Cancelled => "govuk-tag govuk-tag--grey",
        MeetingStatus::Adjourned => "govuk-tag govuk-tag--yellow",
    }
}

/// "Representative (Leicestershire Police)", or the role alone for a seat of no organisation.
pub fn seat_label(role: &str, organisation: Option<String>) -> String {
    match organisation {
        Some(o) => format!("{role} ({o})"),
        None => role.to_owned(),
    }
}

/// Seat `s` as the meetings pages name it, its organisation named by `names`:
/// "Representative (Leicestershire Police)".
pub fn seat_name(s: &domain::model::Seat, names: &crate::components::GroupNames) -> String {
    seat_label(&s.role_title, s.organisation.map(|o| names.organisation(Some(o))))
}

/// A seat's holder by name, or `vacant` (as the sentence wants it: "vacant" or "Vacant").
pub fn holder_name(s: &domain::model::Seat, names: &crate::components::GroupNames, vacant: &str) -> String {
    s.holder.map(|p| names.person(p)).unwrap_or_else(|| vacant.to_owned())
}

/// "Role (Organisation): holder", or "…: vacant".
pub fn member_name(s: &domain::model::Seat, names: &crate::components::GroupNames) -> String {
    format!("{}: {}", seat_name(s, names), holder_name(s, names, "vacant"))
}

/// What a meeting shows of the registers of interests of a seat's holders: each current
/// interest ("Family: …"), and whether any holder's annual declaration is due. `None` for a
/// vacant seat or when no holder's register is on this device.
pub fn holder_interests(s: &domain::model::Seat, names: &crate::components::GroupNames, today: domain::model::Date) -> Option<(Vec<String>, bool)> {
    let docs = names.holder_docs(s);
    if docs.is_empty() {
        return None;
    }
    let interests = docs.iter().flat_map(|d| d.current_interests()).map(|i| i.summary()).collect();
    let due = docs.iter().any(|d| d.declaration_status(today).is_due());
    Some((interests, due))
}
