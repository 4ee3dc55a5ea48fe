//! `/written/:id`: a decision by written procedure, read first — the question, its closing
//! date, the group's rule, and each entitled member's response; editors (the business office,
//! who receive members' responses) record a response, and once it may close, close it by the
//! group's rules with the chair's consent and casting vote where the rules ask for them. The
//! outcome stays as recorded; a response that merges in after the close shows apart.

use domain::{
    meeting::{WrittenProcedureDoc, WrittenStage},
    model::{GroupDoc, Majority},
    rules::{Casting, VoteCast},
    DocumentId, SeatId,
};
use leptos::prelude::*;

use super::{date_text, decision_form::{rule_text, vote_of, vote_value}, id_param, member_name, written_list::{stage_tag, stage_text}, Radios};
use crate::{
    components::{set_page_title, FieldError, GroupNames, ReaderMay},
    repo::DocView,
    routes::{
        group::{errors::{PageErrorSummary, PageErrors}, GroupData, GroupShell},
        meetings_href,
        not_found::NotFound,
    },
    state::{use_written, CloseDraft, UseWrittenReturn},
};

pub const MEMBER: &str = "written-member";
pub const VOTE: &str = "written-vote";
pub const CONSENT: &str = "written-consent";
pub const CASTING: &str = "written-casting";
pub const CLOSE: &str = "close-written";
pub const MY_SEAT: &str = "my-seat";
pub const MY_VOTE: &str = "my-vote";

/// A response in words.
pub fn vote_text(v: Option<VoteCast>) -> &'static str {
    match v {
        Some(VoteCast::For) => "For",
        Some(VoteCast::Against) => "Against",
        Some(VoteCast::Abstain) => "Abstained",
        None => "Awaiting response",
    }
}

/// One entitled member's line: the seat as the group names it now, their response and who
/// recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseLine {
    pub seat: SeatId,
    pub member: String,
    pub vote: Option<VoteCast>,
    pub recorded_by: String,
    /// Arrived after the close: kept, never counted.
    pub late: bool,
}

/// The entitled members in the group's order, each with their response.
pub fn response_lines(w: &WrittenProcedureDoc, g: &GroupDoc, names: &GroupNames) -> Vec<ResponseLine> {
    let votes = w.votes();
    let late = w.late_responses();
    w.entitled
        .iter()
        .map(|seat| {
            let member = g.seats.iter().find(|s| s.id == *seat).map(|s| member_name(s, names)).unwrap_or_else(|| "A seat no longer on the group".to_owned());
            let recorded_by = w
                .responses
                .get(&seat.to_string())
                .map(|r| if r.account.is_some() { format!("{} (their own response)", r.by) } else { r.by.clone() })
                .unwrap_or_default();
            ResponseLine { seat: *seat, member, vote: votes.0.get(seat).copied(), recorded_by, late: late.contains(seat) }
        })
        .collect()
}

/// "4 of 6 entitled members have responded."
pub fn responded_text(lines: &[ResponseLine]) -> String {
    let responded = lines.iter().filter(|l| l.vote.is_some()).count();
    match lines.len() {
        1 => format!("{responded} of the 1 entitled member has responded."),
        n => format!("{responded} of {n} entitled members have responded."),
    }
}

/// Checks the "Record a response" form: the member and their response.
pub fn check_response(member: &str, vote: &str) -> Result<(SeatId, VoteCast), Vec<FieldError>> {
    let mut errors = Vec::new();
    let seat = member.parse::<SeatId>().ok();
    if seat.is_none() {
        errors.push(FieldError { field_id: MEMBER, message: "Select the member who responded".into() });
    }
    let vote = vote_of(vote);
    if vote.is_none() {
        errors.push(FieldError { field_id: VOTE, message: "Select the member's response".into() });
    }
    match (seat, vote) {
        (Some(s), Some(v)) => Ok((s, v)),
        _ => Err(errors),
    }
}

/// For, Against and Abstain as radio choices (the office's form and a member's own).
fn vote_choices() -> Vec<(std::borrow::Cow<'static, str>, String)> {
    [(VoteCast::For, "For"), (VoteCast::Against, "Against"), (VoteCast::Abstain, "Abstain")]
        .into_iter()
        .map(|(v, label)| (vote_value(Some(v)).into(), label.to_owned()))
        .collect()
}

/// Checks "Your response": the seat (asked only of someone named for several) and the vote.
pub fn check_my_response(seats: &[SeatId], seat: &str, vote: &str) -> Result<(SeatId, VoteCast), Vec<FieldError>> {
    let mut errors = Vec::new();
    let seat = match seats {
        [only] => Some(*only),
        _ => seat.parse::<SeatId>().ok().filter(|s| seats.contains(s)),
    };
    if seat.is_none() {
        errors.push(FieldError { field_id: MY_SEAT, message: "Select the seat you are responding for".into() });
    }
    let vote = vote_of(vote);
    if vote.is_none() {
        errors.push(FieldError { field_id: MY_VOTE, message: "Select your response".into() });
    }
    match (seat, vote) {
        (Some(s), Some(v)) => Ok((s, v)),
        _ => Err(errors),
    }
}

/// Checks the close form into the chair's consent and casting vote.
pub fn check_close(consent: &str, casting: &str) -> CloseDraft {
    CloseDraft {
        chair_consents: match consent {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        casting: match casting {
            "for" => Casting::For,
            "against" => Casting::Against,
            "conflicted" => Casting::Conflicted,
            _ => Casting::NotCast,
        },
    }
}

/// The field a refusal of the domain's belongs to.
fn refusal_field(message: &str) -> &'static str {
    let m = message.to_lowercase();
    if m.contains("consent") {
        CONSENT
    } else if m.contains("casting") || m.contains("tied") {
        CASTING
    } else {
        MEMBER
    }
}

/// The close form's field a refusal belongs to (its button when it names no field of it).
fn close_field(message: &str) -> &'static str {
    match refusal_field(message) {
        MEMBER => CLOSE,
        field => field,
    }
}

#[component]
pub fn WrittenPage() -> impl IntoView {
    let id = id_param();
    move || match id.get() {
        Some(id) => view! { <WrittenShell id /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// Waits for the procedure's document, then shows it inside its group's shell.
#[component]
fn WrittenShell(id: DocumentId) -> impl IntoView {
    let written = use_written(id);
    let group = Memo::new(move |_| written.doc.with(|d| match d {
        DocView::Ready(w) => Some(w.group),
        _ => None,
    }));
    move || match group.get() {
        Some(Some(group)) => view! {
            <GroupShell id=group render=move |data| view! { <WrittenView written data /> }.into_any() />
        }
        .into_any(),
        Some(None) => view! { <NotFound /> }.into_any(),
        None => view! {
            <p class="govuk-body" role="status" data-testid="written-loading">"Loading the written procedure…"</p>
        }
        .into_any(),
    }
}

#[component]
fn WrittenView(written: UseWrittenReturn, data: GroupData) -> impl IntoView {
    let w = Memo::new(move |_| written.doc.with(|d| match d {
        DocView::Ready(w) => w.clone(),
        _ => WrittenProcedureDoc::default(),
    }));
    let name = data.doc.with_untracked(|g| g.name.clone());
    let group_id = data.id;
    let question = Memo::new(move |_| w.with(|w| w.question.clone()));
    Effect::new(move |_| set_page_title(&format!("{} – {name}", question.get()), false));
    let today = crate::state::today();
    let stage = Memo::new(move |_| w.with(|w| w.stage(today)));
    let lines = Memo::new(move |_| w.with(|w| data.doc.with(|g| data.names.with(|n| response_lines(w, g, n)))));
    let rules = data.doc.with_untracked(|g| g.terms.decisions.clone());
    let can_edit = data.access.can_edit;
    let saved = RwSignal::new(None::<String>);
    // A viewer named for a seat may still respond: the read-only notice says so.
    let may_respond = move || written.my_seats.with(|s| !s.is_empty()) && w.with(|w| w.is_open(today));
    if let Some(reader_may) = use_context::<ReaderMay>() {
        Effect::new(move |_| reader_may.set(may_respond().then_some("give your own response below")));
        on_cleanup(move || reader_may.set(None));
    }
    let special = Memo::new(move |_| {
        w.with(|w| w.special_majority).and_then(|id| data.doc.with(|g| g.terms.decisions.special_majorities.iter().find(|s| s.id == id).map(|s| format!("{} of {}: {}", s.numerator, s.denominator, s.matter))))
    });
    view! {
        <a class="govuk-back-link" href=meetings_href(group_id) data-testid="back-to-meetings">"Back to meetings"</a>
        {move || saved.get().map(|message| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                aria-labelledby="written-saved-h" data-testid="written-saved">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="written-saved-h">"Success"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{message}</p>
                </div>
            </div>
        })}
        <span class="govuk-caption-l">"Decision by written procedure – " {data.doc.with_untracked(|g| g.name.clone())}</span>
        <h1 class="govuk-heading-l" data-testid="written-question">{move || question.get()}</h1>
        <p class="govuk-body"><strong class=move || stage_tag(Some(stage.get())) data-testid="written-stage">{move || stage_text(Some(stage.get()))}</strong></p>
        {move || w.with(|w| w.closed.clone()).map(|o| view! {
            <div class="govuk-inset-text" data-testid="written-outcome">
                <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{if o.carried { "Carried" } else { "Not carried" }}</p>
                <p class="govuk-body govuk-!-margin-bottom-1">{o.outcome.clone()}</p>
                {o.to_be_ratified.clone().map(|r| view! { <p class="govuk-body govuk-!-margin-bottom-1">"To be ratified: " {r}</p> })}
                <p class="govuk-body-s govuk-!-margin-bottom-0">"Closed by " {o.closed_by.clone()} " on " {crate::state::date_of(o.closed_at / 1000).long()}</p>
            </div>
        })}
        <dl class="govuk-summary-list" data-testid="written-summary">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Closing date"</dt>
                <dd class="govuk-summary-list__value">{move || date_text(w.with(|w| w.closes_on))}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Put to the group by"</dt>
                <dd class="govuk-summary-list__value">{move || w.with(|w| format!("{} on {}", w.opened_by, crate::state::date_of(w.opened_at / 1000).long()))}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"The group's rule"</dt>
                <dd class="govuk-summary-list__value">
                    {rule_text(&rules)}
                    {move || special.get().map(|s| view! { <br />"Special majority: " {s} })}
                </dd>
            </div>
        </dl>
        <Show when=may_respond>
            <MyResponseForm written lines saved />
        </Show>
        <h2 class="govuk-heading-m" id="responses-h">"Responses"</h2>
        <p class="govuk-body" data-testid="written-responded">{move || lines.with(|l| responded_text(l))}</p>
        <table class="govuk-table app-stack-table" aria-labelledby="responses-h" data-testid="written-responses">
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Member"</th>
                    <th scope="col" class="govuk-table__header">"Response"</th>
                    <th scope="col" class="govuk-table__header">"Recorded by"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                <For each=move || lines.get() key=|l: &ResponseLine| format!("{l:?}") let:l>
                    <tr class="govuk-table__row" data-testid="written-response">
                        <th scope="row" class="govuk-table__header">{l.member.clone()}</th>
                        <td class="govuk-table__cell" data-label="Response">
                            {vote_text(l.vote)}
                            {l.late.then(|| view! { " " <strong class="govuk-tag govuk-tag--grey">"After it closed: not counted"</strong> })}
                        </td>
                        <td class="govuk-table__cell" data-label="Recorded by">{l.recorded_by.clone()}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        <Show when=move || can_edit.get() && matches!(stage.get(), WrittenStage::Open { .. } | WrittenStage::ReadyToClose) && w.with(|w| w.is_open(today))>
            <ResponseForm written lines saved />
        </Show>
        <Show when=move || can_edit.get() && w.with(|w| w.closed.is_none())>
            <CloseForm written stage closes_on=Signal::derive(move || w.with(|w| w.closes_on)) consent=rules.majority == Majority::WithChairConsent
                casting_holder=rules.casting_vote.clone() saved />
        </Show>
    }
}

/// "Your response": a member named for a seat (its holder or deputy) responds themselves,
/// from any device, offline too; they may change it until it closes. Shown to readers as well
/// (`app-reader-action`): most members only read Quorum, and this is theirs to write.
#[component]
fn MyResponseForm(written: UseWrittenReturn, lines: Memo<Vec<ResponseLine>>, saved: RwSignal<Option<String>>) -> impl IntoView {
    let seat = RwSignal::new(String::new());
    let vote = RwSignal::new(String::new());
    let errors = PageErrors::new();
    let seats = written.my_seats;
    let line_of = move |s: SeatId| lines.with(|l| l.iter().find(|l| l.seat == s).cloned());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match seats.with_untracked(|mine| check_my_response(mine, &seat.get_untracked(), &vote.get_untracked())) {
            Err(problems) => errors.fail("my-response", problems),
            Ok(response) => match written.respond_myself.run(response) {
                Ok(()) => {
                    errors.clear("my-response");
                    saved.set(Some(format!("Your response was saved: {}", vote_text(Some(response.1)).to_lowercase())));
                    vote.set(String::new());
                }
                Err(e) => errors.fail_one("my-response", MY_VOTE, e),
            },
        }
    };
    let current = move || {
        seats.get().into_iter().filter_map(line_of).map(|l| match l.vote {
            Some(v) => format!("{}: your response is recorded as {}.", l.member, vote_text(Some(v)).to_lowercase()),
            None => format!("{}: you have not responded yet.", l.member),
        }).collect::<Vec<_>>()
    };
    let choices = move || {
        seats.get().into_iter().filter_map(line_of).map(|l| (l.seat.to_string().into(), l.member)).collect::<Vec<_>>()
    };
    view! {
        <h2 class="govuk-heading-m" id="my-response-h">"Your response"</h2>
        {move || current().into_iter().map(|t| view! { <p class="govuk-body" data-testid="my-response-status">{t}</p> }).collect_view()}
        <p class="govuk-body">"You can change your response until the procedure closes."</p>
        <PageErrorSummary errors />
        <form class="app-form app-reader-action" novalidate on:submit=on_submit data-testid="my-response-form" aria-labelledby="my-response-h">
            <Show when=move || seats.with(|s| s.len() > 1)>
                {move || view! { <Radios name=MY_SEAT legend="Which seat are you responding for?" value=seat error=errors.on(MY_SEAT) choices=choices() /> }}
            </Show>
            <Radios name=MY_VOTE legend="Your response" value=vote error=errors.on(MY_VOTE) inline=true
                choices=vote_choices() />
            <button type="submit" class="govuk-button app-reader-action" data-testid="send-my-response">"Send your response"</button>
        </form>
    }
}

/// "Record a response": the member (radios of those entitled) and their response.
#[component]
fn ResponseForm(written: UseWrittenReturn, lines: Memo<Vec<ResponseLine>>, saved: RwSignal<Option<String>>) -> impl IntoView {
    let member = RwSignal::new(String::new());
    let vote = RwSignal::new(String::new());
    let errors = PageErrors::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_response(&member.get_untracked(), &vote.get_untracked()) {
            Err(problems) => errors.fail("written-response", problems),
            Ok(response) => match written.respond.run(response) {
                Ok(()) => {
                    errors.clear("written-response");
                    let who = lines.with_untracked(|l| l.iter().find(|l| l.seat == response.0).map(|l| l.member.clone())).unwrap_or_default();
                    saved.set(Some(format!("Response recorded: {who}, {}", vote_text(Some(response.1)).to_lowercase())));
                    member.set(String::new());
                    vote.set(String::new());
                }
                Err(e) => errors.fail_one("written-response", refusal_field(&e), e),
            },
        }
    };
    let members = move || {
        lines
            .get()
            .into_iter()
            .map(|l| (l.seat.to_string().into(), format!("{} ({})", l.member, vote_text(l.vote).to_lowercase())))
            .collect::<Vec<_>>()
    };
    view! {
        <h2 class="govuk-heading-m">"Record a response"</h2>
        <p class="govuk-body">"Record each member's response as it arrives. A member may change their response until it closes."</p>
        <PageErrorSummary errors />
        <form class="app-form" novalidate on:submit=on_submit data-testid="written-response-form">
            {move || view! { <Radios name=MEMBER legend="Member" value=member error=errors.on(MEMBER) choices=members() /> }}
            <Radios name=VOTE legend="Response" value=vote error=errors.on(VOTE) inline=true
                choices=vote_choices() />
            <button type="submit" class="govuk-button" data-testid="save-response">"Save response"</button>
        </form>
    }
}

/// "Close and record the outcome", once it may close: the chair's consent and casting vote
/// where the group's rule has them.
#[component]
fn CloseForm(
    written: UseWrittenReturn,
    stage: Memo<WrittenStage>,
    closes_on: Signal<Option<domain::model::Date>>,
    consent: bool,
    casting_holder: Option<String>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let consent_value = RwSignal::new(String::new());
    let casting = RwSignal::new(String::new());
    let errors = PageErrors::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match written.close.run(check_close(&consent_value.get_untracked(), &casting.get_untracked())) {
            Ok(()) => {
                errors.clear("written-close");
                saved.set(Some("Closed, and the outcome recorded".to_owned()));
            }
            Err(e) => errors.fail_one("written-close", close_field(&e), e),
        }
    };
    view! {
        <h2 class="govuk-heading-m">"Close and record the outcome"</h2>
        {move || if stage.get() == WrittenStage::ReadyToClose {
            view! {
                <div>
                    <p class="govuk-body">"The group's rules decide it from the responses recorded. Responses that arrive later are kept but not counted."</p>
                    <PageErrorSummary errors />
                    <form class="app-form" novalidate on:submit=on_submit data-testid="written-close-form">
                        {consent.then(|| view! {
                            <Radios name=CONSENT legend="Does the majority include the chair's consent?" value=consent_value error=errors.on(CONSENT) inline=true
                                choices=vec![("yes".into(), "Yes".to_owned()), ("no".into(), "No".to_owned())] />
                        })}
                        {casting_holder.clone().map(|who| view! {
                            <Radios name=CASTING legend="If the responses are tied, the casting vote" hint=format!("Held by the {who}") value=casting error=errors.on(CASTING)
                                choices=vec![("".into(), "Not tied, or not cast".to_owned()), ("for".into(), "Cast for".to_owned()), ("against".into(), "Cast against".to_owned()), ("conflicted".into(), "Would be a conflict of interest".to_owned())] />
                        })}
                        <button type="submit" class="govuk-button" id=CLOSE data-testid="close-written">"Close and record the outcome"</button>
                    </form>
                </div>
            }.into_any()
        } else {
            view! {
                <p class="govuk-body" data-testid="written-not-yet">
                    "It can be closed after " {date_text(closes_on.get())} ", or sooner once every entitled member has responded."
                </p>
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_response_needs_a_member_and_a_vote() {
        let seat = SeatId::random();
        assert_eq!(check_response(&seat.to_string(), "against").unwrap(), (seat, VoteCast::Against));
        let fields = |m: &str, v: &str| check_response(m, v).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields("", ""), [MEMBER, VOTE]);
        assert_eq!(fields(&seat.to_string(), ""), [VOTE]);
        assert_eq!(check_close("yes", "for"), CloseDraft { chair_consents: Some(true), casting: Casting::For });
        assert_eq!(check_close("", ""), CloseDraft { chair_consents: None, casting: Casting::NotCast });
        assert_eq!(refusal_field("Tied: the casting vote falls to the Independent Chair"), CASTING);
    }

    #[wasm_bindgen_test]
    fn your_response_asks_for_the_seat_only_of_someone_named_for_several() {
        let (a, b) = (SeatId::random(), SeatId::random());
        assert_eq!(check_my_response(&[a], "", "for").unwrap(), (a, VoteCast::For));
        let fields = |seats: &[SeatId], s: &str, v: &str| check_my_response(seats, s, v).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields(&[a], "", ""), [MY_VOTE]);
        assert_eq!(fields(&[a, b], "", "for"), [MY_SEAT]);
        assert_eq!(check_my_response(&[a, b], &b.to_string(), "abstain").unwrap(), (b, VoteCast::Abstain));
        assert_eq!(fields(&[a, b], &SeatId::random().to_string(), "for"), [MY_SEAT], "a seat not theirs");
    }
}
