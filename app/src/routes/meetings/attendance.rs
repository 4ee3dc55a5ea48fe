//! `/meetings/:id/attendance`: one radio group per seat (present, present online, deputy
//! present, a named substitute, apologies, absent), saved as one change; the meeting page's
//! quorum follows. Below it, the others in attendance (officers, presenters, guests: no seat,
//! never counted for the quorum), added and removed at once.

use domain::{
    meeting::{Attendance, Mark},
    DocumentId, ItemId, SeatId,
};
use leptos::prelude::*;
use leptos_router::{hooks::use_navigate, NavigateOptions};

use super::{id_param, meeting::{meeting_memo, meeting_title, MeetingShell}};
use crate::{
    components::{set_page_title, ErrorMessage, FieldError, TextInput},
    routes::{group::{GroupData, errors::{PageErrorSummary, PageErrors}}, meeting_href, not_found::NotFound},
    state::{MeetingEdit, UseMeetingReturn},
};

/// The marks the form offers, with their radio values.
pub const CHOICES: [(&str, &str); 6] = [
    ("present", "Present"),
    ("online", "Present online"),
    ("deputy", "Deputy present"),
    ("substitute", "Substitute present"),
    ("apologies", "Apologies"),
    ("absent", "Absent"),
];

pub const OTHER_NAME: &str = "other-name";
pub const OTHER_ROLE: &str = "other-role";

/// The radio value of a mark.
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

/// The mark a radio value stands for (`None`: not recorded); a substitute takes the name typed.
pub fn mark_of(value: &str, substitute: &str) -> Option<Mark> {
    Some(match value {
        "present" => Mark::Present,
        "online" => Mark::PresentOnline,
        "deputy" => Mark::Deputy,
        "substitute" => Mark::Substitute { name: substitute.trim().to_owned() },
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

/// One seat's row in the form.
#[derive(Clone)]
struct SeatRow {
    seat: SeatId,
    label: String,
    /// The seat's substitute rule in words ("Deputy: Jo Bloggs").
    rule: String,
    /// Why a substitute would not count here, if they would not.
    substitute_not_counted: Option<&'static str>,
    value: RwSignal<String>,
    substitute: RwSignal<String>,
    /// The substitute's name field id (where the error summary links).
    substitute_id: &'static str,
}

/// The marks chosen, or an error on each substitute without a name.
fn checked(rows: &[SeatRow]) -> Result<Vec<(SeatId, Option<Mark>)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let marks = rows
        .iter()
        .map(|r| {
            let mark = mark_of(&r.value.get_untracked(), &r.substitute.get_untracked());
            if matches!(&mark, Some(Mark::Substitute { name }) if name.is_empty()) {
                errors.push(FieldError { field_id: r.substitute_id, message: format!("Enter the name of the substitute for {}", r.label) });
            }
            (r.seat, mark)
        })
        .collect();
    if errors.is_empty() { Ok(marks) } else { Err(errors) }
}

#[component]
fn AttendanceForm(id: DocumentId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let title = m.with_untracked(meeting_title);
    let group_name = data.doc.with_untracked(|g| g.name.clone());
    set_page_title(&format!("Record attendance – {title}"), false);
    // Seeded from the meeting once.
    let rows: Vec<SeatRow> = m.with_untracked(|m| {
        data.doc.with_untracked(|g| {
            data.names.with_untracked(|n| {
                g.seats
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let label = super::member_name(s, n);
                        let mark = m.attendance.mark(s.id);
                        let name = match mark {
                            Some(Mark::Substitute { name }) => name.clone(),
                            _ => String::new(),
                        };
                        let deputy = s.deputy.map(|p| n.person(p));
                        SeatRow {
                            seat: s.id,
                            label,
                            rule: s.substitute.describe(deputy.as_deref()),
                            substitute_not_counted: Mark::Substitute { name: "x".into() }.not_counted_because(s),
                            value: RwSignal::new(value_of(mark).to_owned()),
                            substitute: RwSignal::new(name),
                            substitute_id: crate::components::element_id(format!("attendance-{i}-substitute-name")),
                        }
                    })
                    .collect()
            })
        })
    });
    // The quorum as the form is marked now, before it is saved: the panel follows each choice,
    // as people arrive or leave in the room.
    let live = {
        let marked = rows.clone();
        let (doc, names) = (data.doc, data.names);
        Memo::new(move |_| {
            let mut now = m.get();
            for r in &marked {
                match mark_of(&r.value.get(), &r.substitute.get()) {
                    Some(k) => now.attendance.set(r.seat, k),
                    None => now.attendance.clear(r.seat),
                }
            }
            doc.with(|g| names.with(|n| super::meeting::quorum_text(&now, g, n)))
        })
    };
    // The marks as the form was filled: saving records only the seats changed since.
    let base = checked(&rows).unwrap_or_default();
    let errors = PageErrors::new();
    let navigate = send_wrapper::SendWrapper::new(use_navigate());
    let form_rows = rows.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match checked(&form_rows) {
            Err(problems) => errors.fail("attendance", problems),
            Ok(marks) => match meeting.set_attendance.run(Attendance::changed_marks(&base, marks)) {
                Ok(()) => (*navigate)(&meeting_href(id), NavigateOptions { replace: true, ..Default::default() }),
                Err(e) => errors.fail_one("attendance", "attendance-0", e),
            },
        }
    };
    view! {
        <a class="govuk-back-link" href=meeting_href(id)>"Back to the meeting"</a>
        <span class="govuk-caption-l">{group_name}" – "{title}</span>
        <h1 class="govuk-heading-l">"Record attendance"</h1>
        <PageErrorSummary errors />
        {move || live.get().map(|(quorate, text)| view! {
            <div class=if quorate { "govuk-inset-text app-quorum app-quorum--met" } else { "govuk-inset-text app-quorum app-quorum--not-met" }
                role="status" data-testid="live-quorum" data-quorate=quorate.to_string()>
                <p class="govuk-body govuk-!-margin-bottom-1">
                    <strong class="app-quorum__title">{if quorate { "Quorate:" } else { "Not quorate:" }}</strong>" "{super::meeting::quorum_detail(&text).to_owned()}
                </p>
                <p class="govuk-body-s govuk-!-margin-bottom-0">"As marked below. It is recorded when you save the attendance."</p>
            </div>
        })}
        <form class="app-form" novalidate on:submit=on_submit data-testid="attendance-form">
            {rows.into_iter().enumerate().map(|(i, row)| {
                let SeatRow { label, rule, substitute_not_counted, value, substitute, substitute_id, .. } = row;
                let name = format!("seat-{}", row.seat);
                let hint_id = format!("attendance-{i}-hint");
                let described_by = hint_id.clone();
                let sub_error = errors.on(substitute_id);
                let reveal_id = format!("attendance-{i}-substitute-reveal");
                view! {
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset" aria-describedby=described_by data-testid="seat-attendance">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                            <div class="govuk-hint" id=hint_id>"Substitutes: "{rule}</div>
                            <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
                                {CHOICES.iter().enumerate().map(|(j, (v, text))| {
                                    let rid = if j == 0 { format!("attendance-{i}") } else { format!("attendance-{i}-{v}") };
                                    let v = *v;
                                    let controls = (v == "substitute").then(|| reveal_id.clone());
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=rid.clone() name=name.clone() type="radio" value=v
                                                aria-controls=controls
                                                prop:checked=move || value.get() == v
                                                on:change=move |_| value.set(v.to_owned()) />
                                            <label class="govuk-label govuk-radios__label" for=rid>{*text}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                            <div class="govuk-radios__conditional app-substitute" id=reveal_id
                                class=("govuk-radios__conditional--hidden", move || value.get() != "substitute")>
                                <div class="govuk-form-group govuk-!-margin-bottom-0" class=("govuk-form-group--error", move || sub_error.with(Option::is_some))>
                                    <label class="govuk-label" for=substitute_id>"Name of the substitute"</label>
                                    {substitute_not_counted.map(|why| view! {
                                        <div class="govuk-hint" id=format!("{substitute_id}-hint")>{format!("They do not count towards the quorum and have no vote: {why}.")}</div>
                                    })}
                                    <ErrorMessage field_id=substitute_id message=sub_error />
                                    <input class="govuk-input govuk-!-width-two-thirds" id=substitute_id type="text" autocomplete="off" spellcheck="false"
                                        class=("govuk-input--error", move || sub_error.with(Option::is_some))
                                        aria-describedby=move || {
                                            let mut ids = Vec::new();
                                            if substitute_not_counted.is_some() { ids.push(format!("{substitute_id}-hint")); }
                                            if sub_error.with(Option::is_some) { ids.push(format!("{substitute_id}-error")); }
                                            (!ids.is_empty()).then(|| ids.join(" "))
                                        }
                                        prop:value=move || substitute.get()
                                        on:input:target=move |ev| substitute.set(ev.target().value()) />
                                </div>
                            </div>
                        </fieldset>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="govuk-button" data-testid="save-attendance">"Save attendance"</button>
        </form>
        <OthersInAttendance m meeting errors />
    }
}

/// "Also in attendance": people who hold no seat (officers, presenters, guests), listed in the
/// minutes and never counted for the quorum; each added or removed as one change.
#[component]
fn OthersInAttendance(m: Memo<domain::meeting::MeetingDoc>, meeting: UseMeetingReturn, errors: PageErrors) -> impl IntoView {
    let others = Memo::new(move |_| m.with(|m| m.attendance.others.iter().map(|o| (o.id, o.name.clone(), o.role.clone())).collect::<Vec<_>>()));
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name.with_untracked(|n| n.trim().is_empty()) {
            return errors.fail_one("others", OTHER_NAME, "Enter the name of the person in attendance");
        }
        match meeting.edit.run(MeetingEdit::AddOther(name.get_untracked(), role.get_untracked())) {
            Ok(_) => {
                errors.clear("others");
                said.set(format!("{} added to those also in attendance", name.get_untracked().trim()));
                name.set(String::new());
                role.set(String::new());
                focus(OTHER_NAME);
            }
            Err(e) => errors.fail_one("others", OTHER_NAME, e),
        }
    };
    let remove = move |id: ItemId, who: String| match meeting.edit.run(MeetingEdit::RemoveOther(id)) {
        Ok(_) => {
            said.set(format!("{who} removed from those also in attendance"));
            focus(OTHER_NAME);
        }
        Err(e) => errors.fail_one("others", OTHER_NAME, e),
    };
    view! {
        <h2 class="govuk-heading-m govuk-!-margin-top-6" id="others-h">"Also in attendance"</h2>
        <p class="govuk-body">"Officers, presenters and guests who hold no seat. They are listed in the minutes and never count towards the quorum."</p>
        <p class="govuk-visually-hidden" aria-live="polite" data-testid="others-status">{move || said.get()}</p>
        {move || {
            let list = others.get();
            if list.is_empty() {
                return view! { <p class="govuk-body" data-testid="others">"No one else is recorded."</p> }.into_any();
            }
            view! {
                <ul class="govuk-list app-others" aria-labelledby="others-h" data-testid="others">
                    {list.into_iter().map(|(id, who, role)| {
                        let text = if role.is_empty() { who.clone() } else { format!("{who}, {role}") };
                        view! {
                            <li class="app-others__item" data-testid="other">
                                <span>{text}</span>
                                <button type="button" class="app-link-button" data-testid="remove-other" on:click=move |_| remove(id, who.clone())>
                                    "Remove"<span class="govuk-visually-hidden">{format!(" {who}")}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <form class="app-form" novalidate on:submit=on_add data-testid="others-form">
            <TextInput id=OTHER_NAME label="Name" value=name on_input=Callback::new(move |v| name.set(v)) error=errors.on(OTHER_NAME) spellcheck=false autocomplete="off" />
            <TextInput id=OTHER_ROLE label="Role or organisation (optional)" hint="For example: LSCB Business Manager, presenting item 5"
                value=role on_input=Callback::new(move |v| role.set(v)) error=errors.on(OTHER_ROLE) />
            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-other">"Add person"</button>
        </form>
    }
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = el.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_choice_round_trips_to_its_mark() {
        for (v, label) in CHOICES {
            let mark = mark_of(v, "").unwrap();
            assert_eq!(value_of(Some(&mark)), v);
            assert_eq!(mark.label(), label);
        }
        assert_eq!(mark_of("", "Sam"), None);
        assert_eq!(mark_of("substitute", " Sam Cover "), Some(Mark::Substitute { name: "Sam Cover".into() }));
        assert_eq!(Mark::Substitute { name: "Sam Cover".into() }.label(), "Substitute present: Sam Cover");
    }
}
