//! One part (day, month or year) of a GOV.UK date input, over any form that keeps the three
//! as the text typed (a meeting's date, a review date, a consultation's closing date).

use leptos::prelude::*;

/// Which part of the date: its label and its input's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl DatePart {
    fn label(self) -> &'static str {
        match self {
            DatePart::Day => "Day",
            DatePart::Month => "Month",
            DatePart::Year => "Year",
        }
    }

    fn width(self) -> &'static str {
        match self {
            DatePart::Day | DatePart::Month => "govuk-input--width-2",
            DatePart::Year => "govuk-input--width-4",
        }
    }
}

/// The part's label and numeric input, reading and writing `typed` through `get` / `set`;
/// `invalid` marks it in error (the date's message is the fieldset's).
pub fn date_part<T: Send + Sync + 'static>(
    part: DatePart,
    id: impl Into<String>,
    typed: RwSignal<T>,
    invalid: Signal<bool>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
) -> impl IntoView {
    let id = id.into();
    view! {
        <div class="govuk-date-input__item">
            <div class="govuk-form-group">
                <label class="govuk-label govuk-date-input__label" for=id.clone()>{part.label()}</label>
                <input class=format!("govuk-input govuk-date-input__input {}", part.width()) class=("govuk-input--error", move || invalid.get())
                    id=id.clone() name=id type="text" inputmode="numeric"
                    prop:value=move || typed.with(get)
                    on:input:target=move |ev| typed.update(|t| set(t, ev.target().value())) />
            </div>
        </div>
    }
}
