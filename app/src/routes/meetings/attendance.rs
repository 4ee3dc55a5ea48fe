//! `/meetings/:id/attendance`: one radio group per seat (present, present online, deputy
//! present, apologies, absent), saved as one change; the meeting page's quorum follows.

use domain::{meeting::Mark, DocumentId, SeatId};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{id_param, meeting::{meeting_memo, meeting_title, MeetingShell}};
use crate::{
    components::set_page_title,
    routes::{group::{GroupData, errors::{PageErrorSummary, PageErrors}}, meeting_href, not_found::NotFound},
    state::UseMeetingReturn,
};

/// The marks the form offers, with their radio values.
pub const CHOICES: [(&str, &str); 5] =
    [("present", "Present"), ("online", "Present online"), ("deputy", "Deputy present"), ("apologies", "Apologies"), ("absent", "Absent")];

/// The radio value of a mark (a substitute shows as "deputy").
pub fn value_of(mark: Option<&Mark>) -> &'static str {
    match mark {
        Some(Mark::Present) => "present",
        Some(Mark::PresentOnline) => "online",
        Some(Mark::Deputy) => "deputy",
        Some(Mark::Substitute { .. }) => "substitute",
        Some(Mark::Apologies) => "apologies",
        Some(Mark::Absent) => "absent",
        None => "",
    }
}

/// The mark a radio value stands for (`None`: not recorded).
pub fn mark_of(value: &str) -> Option<Mark> {
    Some(match value {
        "present" => Mark::Present,
        "online" => Mark::PresentOnline,
        "deputy" => Mark::Deputy,
        "apologies" => Mark::Apologies,
        "absent" => Mark::Absent,
        _ => return None,
    })
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <MeetingShell id render=|id, data, meeting| view! { <AttendanceForm id data meeting /> }.into_any() /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn AttendanceForm(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let title = m.with_untracked(meeting_title);
    let group_name = data.doc.with_untracked(|g| g.name.clone());
    set_page_title(&format!("Record attendance – {title}"), false);
    // (seat, label, chosen value), seeded from the meeting once.
    let seats: Vec<(SeatId, String, RwSignal<String>)> = m.with_untracked(|m| {
        data.doc.with_untracked(|g| {
            data.names.with_untracked(|n| {
                g.seats
                    .iter()
                    .map(|s| {
                        let holder = s.holder.map(|p| n.person(p)).unwrap_or_else(|| "vacant".to_owned());
                        let label = format!("{}: {holder}", super::seat_label(&s.role_title, s.organisation.map(|o| n.organisation(Some(o)))));
                        let value = match m.attendance.mark(s.id) {
                            // A substitute's name is kept unless the form changes the mark.
                            Some(Mark::Substitute { .. }) => "substitute".to_owned(),
                            other => value_of(other).to_owned(),
                        };
                        (s.id, label, RwSignal::new(value))
                    })
                    .collect()
            })
        })
    });
    let errors = PageErrors::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let chosen: Vec<(SeatId, RwSignal<String>)> = seats.iter().map(|(s, _, v)| (*s, *v)).collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let marks: Vec<(SeatId, Option<Mark>)> = chosen
            .iter()
            .filter(|(_, v)| v.get_untracked() != "substitute")
            .map(|(s, v)| (*s, mark_of(&v.get_untracked())))
            .collect();
        match meeting.set_attendance.run(marks) {
            Ok(()) => (*navigate)(&meeting_href(id), NavigateOptions { replace: true, ..Default::default() }),
            Err(e) => errors.fail_one("attendance", "attendance-0", e.to_string()),
        }
    };
    view! {
        <a class="govuk-back-link" href=meeting_href(id)>"Back to the meeting"</a>
        <span class="govuk-caption-l">{group_name}" – "{title}</span>
        <h1 class="govuk-heading-l">"Record attendance"</h1>
        <PageErrorSummary errors />
        <form class="app-form" novalidate on:submit=on_submit data-testid="attendance-form">
            {seats.into_iter().enumerate().map(|(i, (seat, label, value))| {
                let name = format!("seat-{seat}");
                view! {
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset" data-testid="seat-attendance">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                            <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
                                {CHOICES.iter().enumerate().map(|(j, (v, text))| {
                                    let rid = if j == 0 { format!("attendance-{i}") } else { format!("attendance-{i}-{v}") };
                                    let v = *v;
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=rid.clone() name=name.clone() type="radio" value=v
                                                prop:checked=move || value.get() == v
                                                on:change=move |_| value.set(v.to_owned()) />
                                            <label class="govuk-label govuk-radios__label" for=rid>{*text}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="govuk-button" data-testid="save-attendance">"Save attendance"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_choice_round_trips_to_its_mark() {
        for (v, label) in CHOICES {
            let mark = mark_of(v).unwrap();
            assert_eq!(value_of(Some(&mark)), v);
            assert_eq!(mark.label(), label);
        }
        assert_eq!(mark_of(""), None);
    }
}
