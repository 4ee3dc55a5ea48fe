//! Decisions by written procedure between meetings (issue 12): the chair puts a question to
//! the group with a closing date; each member entitled to vote when it opened responds for,
//! against or abstains (from any device, offline too: responses are keyed by seat, so two
//! devices' responses merge and one seat never counts twice); when it closes, the group's
//! own rules decide it exactly as in a meeting ([`crate::rules::decide`]), with the members
//! who responded counted as those present for the quorum.
//!
//! One document per procedure, owned like its group. The record keeps who was entitled when
//! it opened and exactly which responses were counted at closing: a response that merges in
//! after the close (a device that was offline) is kept and shown apart, never counted.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::{
    meeting::Member,
    model::{Date, GroupDoc},
    rules::{decide, evaluate_quorum, Ballot, Casting, Decision, Method, NamedVotes, Presence, VoteCast},
    DocumentId, ItemId, SeatId,
};

/// A member's response.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct WrittenResponse {
    pub vote: VoteCast,
    /// Who responded for the seat, by name.
    pub by: String,
    /// When (unix milliseconds, the responding device's clock).
    pub at: i64,
    /// The account of a member who responded themselves (none when the business office
    /// recorded it for them).
    #[autosurgeon(missing = "Default::default")]
    pub account: Option<String>,
}

/// The outcome recorded at closing.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct WrittenOutcome {
    pub carried: bool,
    /// In words: "By 4 to 1", "Too few members responded: …".
    pub outcome: String,
    /// The responses counted, by seat (the record stands whatever merges in later).
    pub counted: BTreeMap<String, VoteCast>,
    #[autosurgeon(missing = "Default::default")]
    pub to_be_ratified: Option<String>,
    /// Who closed it, by name, and when (unix milliseconds).
    pub closed_by: String,
    pub closed_at: i64,
}

/// A question put to the group in writing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub struct WrittenProcedureDoc {
    #[autosurgeon(missing = "Default::default")]
    pub group: Option<DocumentId>,
    /// What is proposed ("That the Board adopts the revised escalation policy").
    #[autosurgeon(missing = "Default::default")]
    pub question: String,
    #[autosurgeon(missing = "Default::default")]
    pub opened_by: String,
    #[autosurgeon(missing = "Default::default")]
    pub opened_at: i64,
    /// The last day responses are accepted.
    #[autosurgeon(missing = "Default::default")]
    pub closes_on: Option<Date>,
    /// The seats entitled to respond: the group's voting seats when it opened.
    #[autosurgeon(missing = "Default::default")]
    pub entitled: Vec<SeatId>,
    /// A special majority of the group's rules that applies (by its id), if any.
    #[autosurgeon(missing = "Default::default")]
    pub special_majority: Option<ItemId>,
    /// The responses, by seat id.
    #[autosurgeon(missing = "Default::default")]
    pub responses: BTreeMap<String, WrittenResponse>,
    #[autosurgeon(missing = "Default::default")]
    pub closed: Option<WrittenOutcome>,
    /// Who may respond for each entitled seat themselves, by seat: the email addresses
    /// (lower case) of its holder and deputy when it opened. The server lets a member's
    /// account change only the responses of the seats listed with its email
    /// ([`super::member_response_allowed`]).
    #[autosurgeon(missing = "Default::default")]
    pub responders: BTreeMap<String, Vec<String>>,
}

/// Where a written procedure stands on a day, as its list and page say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenStage {
    /// Responses are accepted until the closing date.
    Open { closes_on: Option<Date> },
    /// Past its closing date (or everyone has responded) and waiting to be closed.
    ReadyToClose,
    Carried,
    NotCarried,
}

impl WrittenStage {
    pub fn label(self) -> &'static str {
        match self {
            WrittenStage::Open { .. } => "Open",
            WrittenStage::ReadyToClose => "Ready to close",
            WrittenStage::Carried => "Carried",
            WrittenStage::NotCarried => "Not carried",
        }
    }
}

/// Why a written procedure did not change; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WrittenError {
    #[error("Enter the question to put to the group")]
    NoQuestion,
    #[error("The closing date must be after today")]
    ClosesTooSoon,
    #[error("The group has no voting members to respond")]
    NobodyEntitled,
    #[error("The special majority is not in the group's rules")]
    NoSuchMajority,
    #[error("This member was not entitled to vote when the procedure opened")]
    NotEntitled,
    #[error("The procedure has closed: responses are no longer accepted")]
    Closed,
    #[error("The procedure closes on {0}: it can close earlier only once every entitled member has responded")]
    StillOpen(String),
    #[error("{0}")]
    Undecided(String),
    #[error("Enter your name")]
    NoName,
    #[error("You are not named as the member (or deputy) for this seat")]
    NotYourSeat,
}

/// What the chair opens it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenWritten {
    pub question: String,
    pub closes_on: Date,
    pub special_majority: Option<ItemId>,
    pub opened_by: String,
    pub today: Date,
    pub now_ms: i64,
}

/// How the chair closes it: consent to the majority (where the rule asks for it) and the
/// casting vote in a tie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseWritten {
    pub closed_by: String,
    pub chair_consents: Option<bool>,
    pub casting: Casting,
    pub today: Date,
    pub now_ms: i64,
}

fn name(s: &str) -> Result<String, WrittenError> {
    let s = s.trim();
    if s.is_empty() { Err(WrittenError::NoName) } else { Ok(s.to_owned()) }
}

impl WrittenProcedureDoc {
    /// Opens a written procedure of `group` (document `group_id`): the question, the closing
    /// date (after `today`), and who is entitled — the group's voting seats now.
    pub fn open(group_id: DocumentId, group: &GroupDoc, how: OpenWritten) -> Result<Self, WrittenError> {
        let OpenWritten { question, closes_on, special_majority, opened_by, today, now_ms } = how;
        let question = question.trim();
        if question.is_empty() {
            return Err(WrittenError::NoQuestion);
        }
        if closes_on <= today {
            return Err(WrittenError::ClosesTooSoon);
        }
        if special_majority.is_some_and(|id| !group.terms.decisions.special_majorities.iter().any(|s| s.id == id)) {
            return Err(WrittenError::NoSuchMajority);
        }
        let entitled: Vec<SeatId> = group.seats.iter().filter(|s| s.voting).map(|s| s.id).collect();
        if entitled.is_empty() {
            return Err(WrittenError::NobodyEntitled);
        }
        Ok(Self {
            group: Some(group_id),
            question: question.to_owned(),
            opened_by: name(&opened_by)?,
            opened_at: now_ms,
            closes_on: Some(closes_on),
            entitled,
            special_majority,
            responses: BTreeMap::new(),
            closed: None,
            responders: BTreeMap::new(),
        })
    }

    /// Names who may respond for each entitled seat themselves: `(seat, email)` pairs (the
    /// holder's and deputy's addresses); seats not entitled and blank addresses are left out.
    pub fn name_responders(&mut self, emails: impl IntoIterator<Item = (SeatId, String)>) {
        for (seat, email) in emails {
            let email = email.trim().to_lowercase();
            if email.is_empty() || !self.entitled.contains(&seat) {
                continue;
            }
            let listed = self.responders.entry(seat.to_string()).or_default();
            if !listed.contains(&email) {
                listed.push(email);
            }
        }
    }

    /// The entitled seats a member with `email` may respond for themselves.
    pub fn seats_of(&self, email: &str) -> Vec<SeatId> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Vec::new();
        }
        self.entitled.iter().copied().filter(|s| self.responders.get(&s.to_string()).is_some_and(|l| l.contains(&email))).collect()
    }

    /// A member's own response for `seat`, recorded with their name and account; refused as
    /// [`Self::respond`] refuses, and for a seat they were not named for.
    pub fn respond_as_member(&mut self, seat: SeatId, vote: VoteCast, member: &Member, today: Date, now_ms: i64) -> Result<(), WrittenError> {
        if !self.seats_of(&member.email).contains(&seat) {
            return Err(WrittenError::NotYourSeat);
        }
        self.respond(seat, vote, &member.name, today, now_ms)?;
        if let Some(r) = self.responses.get_mut(&seat.to_string()) {
            r.account = Some(member.account.clone());
        }
        Ok(())
    }

    /// Whether responses are still accepted on `today`.
    pub fn is_open(&self, today: Date) -> bool {
        self.closed.is_none() && self.closes_on.is_none_or(|c| today <= c)
    }

    /// Where it stands on `today`: closed (carried or not), ready to close once the closing
    /// date has passed or every entitled member has responded, or open.
    pub fn stage(&self, today: Date) -> WrittenStage {
        match &self.closed {
            Some(o) if o.carried => WrittenStage::Carried,
            Some(_) => WrittenStage::NotCarried,
            None if !self.is_open(today) || self.awaiting().is_empty() => WrittenStage::ReadyToClose,
            None => WrittenStage::Open { closes_on: self.closes_on },
        }
    }

    /// Whether it may close on `today` (see [`Self::close`]).
    pub fn may_close(&self, today: Date) -> bool {
        self.stage(today) == WrittenStage::ReadyToClose
    }

    /// Records (or changes) `seat`'s response; refused once closed or past the closing date,
    /// and for a seat that was not entitled when it opened.
    pub fn respond(&mut self, seat: SeatId, vote: VoteCast, by: &str, today: Date, now_ms: i64) -> Result<(), WrittenError> {
        if !self.is_open(today) {
            return Err(WrittenError::Closed);
        }
        if !self.entitled.contains(&seat) {
            return Err(WrittenError::NotEntitled);
        }
        self.responses.insert(seat.to_string(), WrittenResponse { vote, by: name(by)?, at: now_ms, account: None });
        Ok(())
    }

    /// The responses of entitled seats (anything else merged in is ignored), by seat.
    pub fn votes(&self) -> NamedVotes {
        NamedVotes::new(
            self.responses
                .iter()
                .filter_map(|(s, r)| Some((s.parse::<SeatId>().ok()?, r.vote)))
                .filter(|(s, _)| self.entitled.contains(s)),
        )
    }

    /// Entitled seats that have not responded.
    pub fn awaiting(&self) -> Vec<SeatId> {
        let votes = self.votes();
        self.entitled.iter().filter(|s| !votes.0.contains_key(s)).copied().collect()
    }

    /// Responses that arrived after it closed (a device that was offline): kept, never counted.
    pub fn late_responses(&self) -> Vec<SeatId> {
        let Some(closed) = &self.closed else { return Vec::new() };
        self.votes()
            .0
            .iter()
            .filter(|(s, v)| closed.counted.get(&s.to_string()) != Some(v))
            .map(|(s, _)| *s)
            .collect()
    }

    /// Closes it and records the outcome by `group`'s rules: the respondents count as those
    /// present for the quorum (too few, and it is not carried); the votes are decided as in a
    /// meeting. Refused before the closing date unless every entitled member has responded,
    /// and when the rule needs the chair's consent or casting vote that was not given.
    pub fn close(&mut self, group: &GroupDoc, how: CloseWritten) -> Result<&WrittenOutcome, WrittenError> {
        if self.closed.is_some() {
            return Err(WrittenError::Closed);
        }
        let closed_by = name(&how.closed_by)?;
        if let Some(c) = self.closes_on {
            if how.today <= c && !self.awaiting().is_empty() {
                return Err(WrittenError::StillOpen(c.long()));
            }
        }
        let votes = self.votes();
        let quorum = group.terms.quorum.as_ref().map(|rule| {
            let seats: Vec<_> = group.seats.iter().filter(|s| self.entitled.contains(&s.id)).cloned().collect();
            let present: Vec<(SeatId, Presence)> = votes.0.keys().map(|s| (*s, Presence::Holder)).collect();
            evaluate_quorum(rule, &seats, &present)
        });
        let counted: BTreeMap<String, VoteCast> = votes.0.iter().map(|(s, v)| (s.to_string(), *v)).collect();
        let record = |carried: bool, outcome: String, to_be_ratified: Option<String>| WrittenOutcome {
            carried,
            outcome,
            counted: counted.clone(),
            to_be_ratified,
            closed_by: closed_by.clone(),
            closed_at: how.now_ms,
        };
        let outcome = match quorum {
            Some(q) if !q.quorate => record(
                false,
                format!("Too few members responded: {} of {} entitled ({} needed, and every required organisation)", q.voting_present, self.entitled.len(), q.needed),
                None,
            ),
            _ => {
                let ballot = Ballot {
                    method: Method::Named(votes),
                    entitled: self.entitled.len() as u32,
                    quorate: true,
                    inquorate_fallback: None,
                    chair_consents: how.chair_consents,
                    casting: how.casting,
                    special_majority: self.special_majority,
                };
                match decide(&group.terms.decisions, &ballot) {
                    Decision::Carried { how, to_be_ratified } => record(true, how, to_be_ratified),
                    Decision::NotCarried { why } | Decision::Deferred { why } => record(false, why, None),
                    Decision::Needs(what) | Decision::Invalid(what) => return Err(WrittenError::Undecided(what)),
                }
            }
        };
        Ok(self.closed.insert(outcome))
    }
}
