//! `/meetings/:id/items/:item/decision`: record a decision on an item by the group's own
//! decision rules — consensus, a vote as counts, or a named (recorded) vote of each member
//! entitled, with the chair's consent, casting vote and special majorities where the rules
//! have them. Who is entitled to vote comes from the
//! attendance; a rule's refusal (inquorate, tied without a casting vote…) shows as an error.

use domain::{
    meeting::MeetingDoc,
    model::{DecisionRules, GroupDoc, Majority},
    rules::{Ballot, Casting, Method, NamedVotes, VoteCast, Votes},
    DocumentId, ItemId, SeatId,
};
use leptos::prelude::*;

use super::{id_param, item_param, meeting::{meeting_memo, meeting_title, MeetingShell}, seat_name, use_return_to_meeting, MeetingFormPage, Radios};
use crate::{
    components::{ErrorMessage, FieldError, GroupNames, TextInput},
    routes::{group::{errors::{PageErrorSummary, PageErrors}, GroupData}, not_found::NotFound},
    state::{DecisionDraft, UseMeetingReturn},
};

pub const WORDING: &str = "decision-wording";
pub const METHOD: &str = "decision-method";
pub const FOR: &str = "decision-for";
pub const AGAINST: &str = "decision-against";
pub const ABSTAIN: &str = "decision-abstain";
pub const CONSENT: &str = "decision-consent";
pub const CASTING: &str = "decision-casting";
pub const SPECIAL: &str = "decision-special";
pub const FALLBACK: &str = "decision-fallback";
pub const NAMED: &str = "decision-named";

/// The radio value of a named vote ("" = did not vote).
pub fn vote_value(v: Option<VoteCast>) -> &'static str {
    match v {
        Some(VoteCast::For) => "for",
        Some(VoteCast::Against) => "against",
        Some(VoteCast::Abstain) => "abstain",
        None => "",
    }
}

/// The named vote a radio value stands for.
pub fn vote_of(value: &str) -> Option<VoteCast> {
    VoteCast::ALL.into_iter().find(|v| vote_value(Some(*v)) == value)
}

/// What was typed and chosen in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub wording: String,
    /// "consensus", "vote" (counts) or "named" (each member's vote).
    pub method: String,
    /// For a named vote: each entitled seat's radio value ("for", "against", "abstain", "").
    pub named: Vec<(SeatId, String)>,
    pub for_: String,
    pub against: String,
    pub abstain: String,
    /// "yes", "no" or "" (not asked).
    pub consent: String,
    /// "", "for", "against", "conflicted".
    pub casting: String,
    /// "" or a special majority's id.
    pub special: String,
    pub fallback: String,
}

/// Checks the form into a ballot (the domain fills in who is entitled and the quorum).
pub fn check(t: &Typed) -> Result<(String, Ballot), Vec<FieldError>> {
    let mut errors = Vec::new();
    if t.wording.trim().is_empty() {
        errors.push(FieldError { field_id: WORDING, message: "Enter what was proposed".into() });
    }
    let count = |s: &str, field_id: &'static str, what: &str, errors: &mut Vec<FieldError>| -> u32 {
        match s.trim() {
            "" => 0,
            v => v.parse::<u32>().unwrap_or_else(|_| {
                errors.push(FieldError { field_id, message: format!("Votes {what} must be a whole number, like 5") });
                0
            }),
        }
    };
    let method = match t.method.as_str() {
        "consensus" => Some(Method::Consensus),
        "vote" => {
            let votes = Votes { for_: count(&t.for_, FOR, "for", &mut errors), against: count(&t.against, AGAINST, "against", &mut errors), abstain: count(&t.abstain, ABSTAIN, "abstaining", &mut errors) };
            Some(Method::Vote(votes))
        }
        "named" => {
            let votes = NamedVotes::new(t.named.iter().filter_map(|(s, v)| Some((*s, vote_of(v)?))));
            if votes.is_empty() {
                errors.push(FieldError { field_id: NAMED, message: "Select how at least one member voted".into() });
            }
            Some(Method::Named(votes))
        }
        _ => {
            errors.push(FieldError { field_id: METHOD, message: "Select how the meeting decided".into() });
            None
        }
    };
    let casting = match t.casting.as_str() {
        "for" => Casting::For,
        "against" => Casting::Against,
        "conflicted" => Casting::Conflicted,
        _ => Casting::NotCast,
    };
    let chair_consents = match t.consent.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let special_majority = t.special.parse::<ItemId>().ok();
    let fallback = t.fallback.trim();
    match method {
        Some(method) if errors.is_empty() => Ok((
            t.wording.trim().to_owned(),
            Ballot {
                method,
                entitled: 0,
                quorate: true,
                inquorate_fallback: (!fallback.is_empty()).then(|| fallback.to_owned()),
                chair_consents,
                casting,
                special_majority,
            },
        )),
        _ => Err(errors),
    }
}

/// The field a rule's refusal belongs to (the words are the domain's).
pub fn refusal_field(message: &str) -> &'static str {
    let m = message.to_lowercase();
    if m.contains("quorate") {
        FALLBACK
    } else if m.contains("consent") {
        CONSENT
    } else if m.contains("casting") {
        CASTING
    } else if m.contains("named votes") {
        NAMED
    } else if m.contains("votes recorded") || m.contains("votes") {
        FOR
    } else if m.contains("special majority") {
        SPECIAL
    } else {
        WORDING
    }
}

/// The group's decision rule in a sentence: "By consensus wherever possible; otherwise by a
/// simple majority; in a tie the Independent Chair has a casting vote."
pub fn rule_text(rules: &DecisionRules) -> String {
    let mut parts = Vec::new();
    if rules.consensus_first {
        parts.push("By consensus wherever possible".to_owned());
    }
    let otherwise = if rules.consensus_first { "otherwise " } else { "" };
    parts.push(match rules.majority {
        Majority::Simple => format!("{otherwise}by a simple majority"),
        Majority::WithChairConsent => format!("{otherwise}by a majority that must include the chair's consent"),
    });
    if let Some(who) = &rules.casting_vote {
        parts.push(format!("in a tie the {who} has a casting vote"));
    }
    let mut s = parts.join("; ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s + "."
}

/// Who is entitled to vote on `item` now (seat and its label: "Role (Organisation): who"),
/// and whether the meeting is quorate on it.
pub fn entitled_now(m: &MeetingDoc, g: &GroupDoc, names: &GroupNames, item: ItemId) -> (Vec<(SeatId, String)>, bool) {
    let seats = m.attendance.entitled_to_vote(&g.seats, &m.excluded_from(item));
    let labels = seats
        .iter()
        .filter_map(|id| g.seats.iter().find(|s| s.id == *id))
        .map(|s| (s.id, voter_label(m, s, names)))
        .collect();
    (labels, m.quorum(g, Some(item)).is_none_or(|q| q.quorate))
}

/// A voter as the form and the minutes name them: the seat, and who sat in it.
pub fn voter_label(m: &MeetingDoc, s: &domain::model::Seat, names: &GroupNames) -> String {
    let seat = seat_name(s, names);
    let who = match m.attendance.mark(s.id) {
        Some(domain::meeting::Mark::Substitute { name }) if !name.trim().is_empty() => format!("{} (substitute)", name.trim()),
        Some(domain::meeting::Mark::Deputy) => s.deputy.map(|p| format!("{} (deputy)", names.person(p))).unwrap_or_else(|| "deputy".to_owned()),
        _ => s.holder.map(|p| names.person(p)).unwrap_or_default(),
    };
    if who.is_empty() { seat } else { format!("{seat}: {who}") }
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    let id = id_param();
    let item = item_param();
    move || match (id.get(), item.get()) {
        (Some(id), Some(Some(item))) => view! {
            <MeetingShell id render=move |id, data, meeting| view! { <DecisionForm id item data meeting /> }.into_any() />
        }
        .into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn DecisionForm(id: DocumentId, item: ItemId, data: GroupData, meeting: UseMeetingReturn) -> impl IntoView {
    let m = meeting_memo(meeting);
    let Some(item_title) = m.with_untracked(|m| m.agenda.iter().find(|a| a.id == item).map(|a| a.title.clone())) else {
        return view! { <NotFound /> }.into_any();
    };
    let caption = format!("{} – {}", data.doc.with_untracked(|g| g.name.clone()), m.with_untracked(meeting_title));
    let rules = data.doc.with_untracked(|g| g.terms.decisions.clone());
    let entitled = Memo::new(move |_| m.with(|m| data.doc.with(|g| data.names.with(|n| entitled_now(m, g, n, item)))));
    let typed = RwSignal::new(Typed { wording: item_title.clone(), ..Typed::default() });
    let method = RwSignal::new(String::new());
    let consent = RwSignal::new(String::new());
    let casting = RwSignal::new(String::new());
    let special = RwSignal::new(String::new());
    let named = RwSignal::new(std::collections::BTreeMap::<SeatId, String>::new());
    let errors = PageErrors::new();
    let done = use_return_to_meeting(id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Only the seats entitled now are read: a vote left on a seat that has since left is dropped.
        let votes = named.with_untracked(|n| entitled.with_untracked(|(e, _)| e.iter().map(|(s, _)| (*s, n.get(s).cloned().unwrap_or_default())).collect()));
        let t = Typed { method: method.get_untracked(), named: votes, consent: consent.get_untracked(), casting: casting.get_untracked(), special: special.get_untracked(), ..typed.get_untracked() };
        match check(&t) {
            Err(problems) => errors.fail("decision", problems),
            Ok((wording, ballot)) => match meeting.decide.run(DecisionDraft { item, wording, ballot }) {
                Ok(()) => done.run("Decision recorded".to_owned()),
                Err(e) => errors.fail_one("decision", refusal_field(&e), e),
            },
        }
    };
    let field = move |f: fn(&Typed) -> String| Signal::derive(move || typed.with(f));
    let wording_error = errors.on(WORDING);
    let has_errors = Signal::derive(move || errors.any());
    let rule_text = rule_text(&rules);
    let with_consent = rules.majority == Majority::WithChairConsent;
    let casting_holder = rules.casting_vote.clone();
    let specials = rules.special_majorities.clone();
    view! {
        <MeetingFormPage id caption title="Record a decision" has_errors>
            <p class="govuk-body">"On the item: " <strong>{item_title}</strong></p>
            <div class="govuk-inset-text" data-testid="decision-rule">
                <p class="govuk-body govuk-!-margin-bottom-1"><strong>"The group's rule: "</strong>{rule_text}</p>
                <p class="govuk-body govuk-!-margin-bottom-1" data-testid="entitled">{move || entitled.with(|(labels, quorate)| {
                    let who = match labels.len() {
                        0 => "No one is entitled to vote: record attendance first.".to_owned(),
                        n => format!("{n} entitled to vote now, from the attendance."),
                    };
                    if *quorate { who } else { format!("{who} The meeting is not quorate on this item.") }
                })}</p>
                <Show when=move || entitled.with(|(l, _)| !l.is_empty())>
                    <details class="govuk-details govuk-!-margin-bottom-0">
                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Who is entitled to vote"</span></summary>
                        <div class="govuk-details__text">
                            <ul class="govuk-list govuk-body-s" data-testid="entitled-list">
                                {move || entitled.get().0.into_iter().map(|(_, l)| view! { <li>{l}</li> }).collect_view()}
                            </ul>
                        </div>
                    </details>
                </Show>
            </div>
            <PageErrorSummary errors />
            <form class="app-form" novalidate on:submit=on_submit data-testid="decision-form">
                <div class="govuk-form-group" class=("govuk-form-group--error", move || wording_error.with(Option::is_some))>
                    <label class="govuk-label govuk-label--s" for=WORDING>"What was proposed"</label>
                    <ErrorMessage field_id=WORDING message=wording_error />
                    <textarea class="govuk-textarea" id=WORDING rows="3"
                        prop:value=field(|t| t.wording.clone())
                        on:input:target=move |ev| typed.update(|t| t.wording = ev.target().value())></textarea>
                </div>
                <Radios name=METHOD legend="How did the meeting decide?" value=method error=errors.on(METHOD)
                    choices=vec![("consensus".into(), "By consensus (everyone entitled agreed)".to_owned()), ("vote".into(), "By a vote".to_owned()), ("named".into(), "By a named vote (record how each member voted)".to_owned())] />
                <Show when=move || method.with(|m| m == "named")>
                    <NamedVotesField entitled named error=errors.on(NAMED) />
                </Show>
                <Show when=move || method.with(|m| m == "vote")>
                    <fieldset class="govuk-fieldset govuk-form-group" data-testid="votes">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Votes"</legend>
                        <div class="app-votes">
                            <TextInput id=FOR label="For" value=field(|t| t.for_.clone()) on_input=Callback::new(move |v| typed.update(|t| t.for_ = v)) error=errors.on(FOR) />
                            <TextInput id=AGAINST label="Against" value=field(|t| t.against.clone()) on_input=Callback::new(move |v| typed.update(|t| t.against = v)) error=errors.on(AGAINST) />
                            <TextInput id=ABSTAIN label="Abstaining" value=field(|t| t.abstain.clone()) on_input=Callback::new(move |v| typed.update(|t| t.abstain = v)) error=errors.on(ABSTAIN) />
                        </div>
                    </fieldset>
                </Show>
                <Show when=move || method.with(|m| m == "vote" || m == "named")>
                    {with_consent.then(|| view! {
                        <Radios name=CONSENT legend="Does the majority include the chair's consent?" value=consent error=errors.on(CONSENT) inline=true
                            choices=vec![("yes".into(), "Yes".to_owned()), ("no".into(), "No".to_owned())] />
                    })}
                    {casting_holder.clone().map(|who| view! {
                        <Radios name=CASTING legend="If the vote was tied, the casting vote" hint=format!("Held by the {who}") value=casting error=errors.on(CASTING)
                            choices=vec![("".into(), "Not tied, or not cast".to_owned()), ("for".into(), "Cast for".to_owned()), ("against".into(), "Cast against".to_owned()), ("conflicted".into(), "Would be a conflict of interest".to_owned())] />
                    })}
                    {(!specials.is_empty()).then(|| {
                        let choices: Vec<(std::borrow::Cow<'static, str>, String)> = std::iter::once(("".into(), "No, a simple majority".to_owned()))
                            .chain(specials.iter().map(|s| (s.id.to_string().into(), format!("{} of {}: {}", s.numerator, s.denominator, s.matter))))
                            .collect();
                        view! { <Radios name=SPECIAL legend="Does a special majority apply?" value=special error=errors.on(SPECIAL) choices /> }
                    })}
                </Show>
                <Show when=move || !entitled.with(|(_, q)| *q)>
                    <TextInput id=FALLBACK label="The rule's fallback, as the chair records it"
                        hint="The meeting is not quorate. For example: to be ratified by the absent statutory members"
                        value=field(|t| t.fallback.clone()) on_input=Callback::new(move |v| typed.update(|t| t.fallback = v)) error=errors.on(FALLBACK) />
                </Show>
                <button type="submit" class="govuk-button" data-testid="save-decision">"Record decision"</button>
            </form>
        </MeetingFormPage>
    }
    .into_any()
}

/// A named vote: one row of radios (for, against, abstained, did not vote) per member
/// entitled to vote now, in a table so each row reads as the member's name and their vote.
#[component]
fn NamedVotesField(entitled: Memo<(Vec<(SeatId, String)>, bool)>, named: RwSignal<std::collections::BTreeMap<SeatId, String>>, error: Signal<Option<String>>) -> impl IntoView {
    const CHOICES: [(&str, &str); 4] = [("for", "For"), ("against", "Against"), ("abstain", "Abstained"), ("", "Did not vote")];
    let tally = move || {
        named.with(|n| {
            let count = |v: &str| entitled.with(|(e, _)| e.iter().filter(|(s, _)| n.get(s).is_some_and(|x| x == v)).count());
            format!("For {}, against {}, abstained {}", count("for"), count("against"), count("abstain"))
        })
    };
    view! {
        <div class="govuk-form-group" class=("govuk-form-group--error", move || error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby=format!("{NAMED}-hint") data-testid="named-votes">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"How each member voted"</legend>
                <div id=format!("{NAMED}-hint") class="govuk-hint">"Members entitled to vote on this item now, from the attendance."</div>
                <ErrorMessage field_id=NAMED message=error />
                {move || {
                    let voters = entitled.get().0;
                    if voters.is_empty() {
                        return view! { <p class="govuk-body" id=NAMED>"No one is entitled to vote: record attendance first."</p> }.into_any();
                    }
                    voters.into_iter().enumerate().map(|(i, (seat, label))| {
                        let group = format!("{NAMED}-{i}");
                        let legend_id = format!("{group}-legend");
                        let labelled_by = legend_id.clone();
                        view! {
                            <div class="app-named-vote" role="radiogroup" aria-labelledby=labelled_by data-testid="named-vote">
                                <p class="govuk-body govuk-!-margin-bottom-1 govuk-!-font-weight-bold" id=legend_id>{label}</p>
                                <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                                    {CHOICES.iter().enumerate().map(|(j, (v, text))| {
                                        // The first radio of the first member is where the error summary links.
                                        let rid = if i == 0 && j == 0 { NAMED.to_owned() } else { format!("{group}-{}", if v.is_empty() { "none" } else { v }) };
                                        let v = *v;
                                        view! {
                                            <div class="govuk-radios__item">
                                                <input class="govuk-radios__input" id=rid.clone() name=group.clone() type="radio" value=v
                                                    prop:checked=move || named.with(|n| n.get(&seat).map(String::as_str).unwrap_or("") == v)
                                                    on:change=move |_| named.update(|n| { n.insert(seat, v.to_owned()); }) />
                                                <label class="govuk-label govuk-radios__label" for=rid>{*text}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0" aria-live="polite" data-testid="named-tally">{tally}</p>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_vote_is_checked_into_a_ballot() {
        let t = Typed { wording: " Adopt the policy ".into(), method: "vote".into(), for_: "5".into(), against: "3".into(), consent: "yes".into(), casting: "for".into(), ..Typed::default() };
        let (wording, ballot) = check(&t).unwrap();
        assert_eq!(wording, "Adopt the policy");
        assert_eq!(ballot.method, Method::Vote(Votes { for_: 5, against: 3, abstain: 0 }));
        assert_eq!((ballot.chair_consents, ballot.casting, ballot.inquorate_fallback), (Some(true), Casting::For, None));
        let fields = |t: Typed| check(&t).unwrap_err().into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(fields(Typed::default()), [WORDING, METHOD]);
        assert_eq!(fields(Typed { wording: "x".into(), method: "vote".into(), for_: "five".into(), ..Typed::default() }), [FOR]);
        assert_eq!(check(&Typed { wording: "x".into(), method: "consensus".into(), ..Typed::default() }).unwrap().1.method, Method::Consensus);
    }

    #[wasm_bindgen_test]
    fn a_named_vote_is_checked_into_each_members_vote() {
        let (a, b, c) = (SeatId::random(), SeatId::random(), SeatId::random());
        let named = vec![(a, "for".to_owned()), (b, "abstain".to_owned()), (c, String::new())];
        let t = Typed { wording: "Adopt".into(), method: "named".into(), named, casting: "for".into(), ..Typed::default() };
        let (_, ballot) = check(&t).unwrap();
        assert_eq!(ballot.method, Method::Named(NamedVotes::new([(a, VoteCast::For), (b, VoteCast::Abstain)])), "a member who did not vote is left out");
        assert_eq!(ballot.casting, Casting::For);
        let none = Typed { wording: "Adopt".into(), method: "named".into(), named: vec![(a, String::new())], ..Typed::default() };
        assert_eq!(check(&none).unwrap_err()[0].field_id, NAMED);
        for v in VoteCast::ALL {
            assert_eq!(vote_of(vote_value(Some(v))), Some(v));
        }
        assert_eq!(refusal_field("2 of the named votes are from members not entitled to vote on this item"), NAMED);
    }

    #[wasm_bindgen_test]
    fn the_rules_refusals_point_at_their_field() {
        assert_eq!(refusal_field("The meeting is not quorate: it cannot decide unless the chair records the rule's fallback"), FALLBACK);
        assert_eq!(refusal_field("The majority must include the chair's consent"), CONSENT);
        assert_eq!(refusal_field("Tied: the casting vote falls to the Independent Chair"), CASTING);
        assert_eq!(refusal_field("9 votes recorded but only 8 members are entitled to vote"), FOR);
    }
}
