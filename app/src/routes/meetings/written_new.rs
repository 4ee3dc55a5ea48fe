//! `/groups/:id/written/new`: put a question to the group in writing — what is proposed, the
//! closing date, and a special majority where the group's rules have one that applies. The
//! members entitled to respond are the group's voting members now.

use domain::{model::Date, DocumentId, ItemId};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{id_param, Radios};
use crate::{
    components::{date_part, set_page_title, DatePart, ErrorMessage, FieldError},
    routes::{
        group::{
            errors::{PageErrorSummary, PageErrors},
            GroupShell,
        },
        meetings_href,
        not_found::NotFound,
        written_href,
    },
    state::{use_written_list, WrittenDraft},
};

pub const QUESTION: &str = "written-question";
pub const DAY: &str = "written-day";
pub const SPECIAL: &str = "written-special";

#[component]
pub fn NewWrittenPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! {
            <GroupShell id render=move |data| {
                let name = data.doc.with_untracked(|g| g.name.clone());
                let specials: Vec<(ItemId, String)> = data.doc.with_untracked(|g| {
                    g.terms.decisions.special_majorities.iter().map(|s| (s.id, format!("{} of {}: {}", s.numerator, s.denominator, s.matter))).collect()
                });
                let voting = data.doc.with_untracked(|g| g.seats.iter().filter(|s| s.voting).count());
                view! { <NewWrittenForm id name specials voting /> }.into_any()
            } />
        }
        .into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// What was typed and chosen in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub question: String,
    pub day: String,
    pub month: String,
    pub year: String,
    /// "" or a special majority's id.
    pub special: String,
}

/// Checks the form on `today`: every problem against its field (GOV.UK wording), or the draft.
pub fn check(t: &Typed, today: Date) -> Result<WrittenDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let question = t.question.trim();
    if question.is_empty() {
        errors.push(FieldError { field_id: QUESTION, message: "Enter the question to put to the group".into() });
    } else if question.chars().count() > 2000 {
        errors.push(FieldError { field_id: QUESTION, message: "The question must be 2,000 characters or fewer".into() });
    }
    let num = |s: &str| s.trim().parse::<u32>().ok();
    let closes_on = if [&t.day, &t.month, &t.year].iter().all(|s| s.trim().is_empty()) {
        errors.push(FieldError { field_id: DAY, message: "Enter the closing date".into() });
        None
    } else {
        match (num(&t.day), num(&t.month), num(&t.year)) {
            (Some(d), Some(m), Some(y)) if (2000..=2100).contains(&y) => match Date::from_ymd(y as i32, m, d) {
                Some(date) if date <= today => {
                    errors.push(FieldError { field_id: DAY, message: "The closing date must be in the future".into() });
                    None
                }
                Some(date) => Some(date),
                None => {
                    errors.push(FieldError { field_id: DAY, message: "The closing date must be a real date, like 27 3 2026".into() });
                    None
                }
            },
            _ => {
                errors.push(FieldError { field_id: DAY, message: "The closing date must be a real date, like 27 3 2026".into() });
                None
            }
        }
    };
    match closes_on {
        Some(closes_on) if errors.is_empty() => Ok(WrittenDraft { question: question.to_owned(), closes_on, special_majority: t.special.parse::<ItemId>().ok() }),
        _ => Err(errors),
    }
}

/// The field a refusal of the domain's belongs to.
fn refusal_field(message: &str) -> &'static str {
    let m = message.to_lowercase();
    if m.contains("closing date") {
        DAY
    } else if m.contains("special majority") {
        SPECIAL
    } else {
        QUESTION
    }
}

#[component]
fn NewWrittenForm(id: DocumentId, name: String, specials: Vec<(ItemId, String)>, voting: usize) -> impl IntoView {
    let title = "Put a question in writing";
    let page_title = format!("{title} – {name}");
    let list = use_written_list(id);
    let typed = RwSignal::new(Typed::default());
    let special = RwSignal::new(String::new());
    let errors = PageErrors::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let date_error = errors.on(DAY);
    let question_error = errors.on(QUESTION);
    Effect::new(move |_| set_page_title(&page_title, errors.any()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = Typed { special: special.get_untracked(), ..typed.get_untracked() };
        match check(&t, crate::state::today()) {
            Err(problems) => errors.fail("new-written", problems),
            Ok(draft) => match list.open.run(draft) {
                Ok(written) => {
                    errors.clear("new-written");
                    (*navigate)(&written_href(written), NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => errors.fail_one("new-written", refusal_field(&e), e),
            },
        }
    };
    let invalid = Signal::derive(move || date_error.with(Option::is_some));
    let who = match voting {
        0 => "The group has no voting members: add them on the group's page first.".to_owned(),
        1 => "The 1 voting member of the group is entitled to respond.".to_owned(),
        n => format!("The {n} voting members of the group now are entitled to respond."),
    };
    view! {
        <a class="govuk-back-link" href=meetings_href(id) data-testid="back-to-meetings">"Back to meetings"</a>
        <span class="govuk-caption-l">{name}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body" data-testid="written-entitled">{who}</p>
        <PageErrorSummary errors />
        <form class="app-form" novalidate on:submit=on_submit data-testid="new-written-form">
            <div class="govuk-form-group" class=("govuk-form-group--error", move || question_error.with(Option::is_some))>
                <label class="govuk-label govuk-label--s" for=QUESTION>"What is proposed"</label>
                <div id=format!("{QUESTION}-hint") class="govuk-hint">"For example, That the Board adopts the revised escalation policy"</div>
                <ErrorMessage field_id=QUESTION message=question_error />
                <textarea class="govuk-textarea" class=("govuk-textarea--error", move || question_error.with(Option::is_some))
                    id=QUESTION name=QUESTION rows="3" aria-describedby=format!("{QUESTION}-hint")
                    prop:value=move || typed.with(|t| t.question.clone())
                    on:input:target=move |ev| typed.update(|t| t.question = ev.target().value())></textarea>
            </div>
            <div class="govuk-form-group" class=("govuk-form-group--error", move || date_error.with(Option::is_some))>
                <fieldset class="govuk-fieldset" role="group" aria-describedby="written-date-hint">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Closing date"</legend>
                    <div id="written-date-hint" class="govuk-hint">"Responses are accepted until the end of this day. For example, 27 3 2026"</div>
                    <ErrorMessage field_id=DAY message=date_error />
                    <div class="govuk-date-input">
                        {date_part(DatePart::Day, DAY, typed, invalid, |t| t.day.clone(), |t, v| t.day = v)}
                        {date_part(DatePart::Month, "written-month", typed, invalid, |t| t.month.clone(), |t, v| t.month = v)}
                        {date_part(DatePart::Year, "written-year", typed, invalid, |t| t.year.clone(), |t, v| t.year = v)}
                    </div>
                </fieldset>
            </div>
            {(!specials.is_empty()).then(|| {
                let choices: Vec<(std::borrow::Cow<'static, str>, String)> = std::iter::once(("".into(), "No, a simple majority".to_owned()))
                    .chain(specials.iter().map(|(id, text)| (id.to_string().into(), text.clone())))
                    .collect();
                view! { <Radios name=SPECIAL legend="Does a special majority apply?" value=special error=errors.on(SPECIAL) choices /> }
            })}
            <button type="submit" class="govuk-button" data-testid="open-written">"Put the question to the group"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn typed(question: &str, day: &str, month: &str, year: &str) -> Typed {
        Typed { question: question.into(), day: day.into(), month: month.into(), year: year.into(), special: String::new() }
    }

    #[wasm_bindgen_test]
    fn a_question_needs_words_and_a_closing_date_after_today() {
        let today = d("2030-05-06");
        let ok = check(&typed(" Adopt the policy ", "20", "5", "2030"), today).unwrap();
        assert_eq!((ok.question.as_str(), ok.closes_on), ("Adopt the policy", d("2030-05-20")));
        let fields = |t: Typed| check(&t, today).unwrap_err().into_iter().map(|e| (e.field_id, e.message)).collect::<Vec<_>>();
        assert_eq!(fields(typed("", "", "", "")), [(QUESTION, "Enter the question to put to the group".to_owned()), (DAY, "Enter the closing date".to_owned())]);
        assert_eq!(fields(typed("Q", "6", "5", "2030")), [(DAY, "The closing date must be in the future".to_owned())]);
        assert_eq!(fields(typed("Q", "31", "2", "2030")), [(DAY, "The closing date must be a real date, like 27 3 2026".to_owned())]);
        assert_eq!(refusal_field("The group has no voting members to respond"), QUESTION);
        assert_eq!(refusal_field("The special majority is not in the group's rules"), SPECIAL);
    }
}
