//! Demo meetings (issue 12): a year of the Leicester Board's meetings and the LLR joint
//! procedures sub group's, past and planned, so every rule shows something: attendance with
//! deputies and apologies, one inquorate meeting whose decision waits for ratification, one
//! cancelled meeting, decisions by consensus, by majority with the chair's consent, on the
//! chair's casting vote and by a two-thirds special majority, minutes, and actions (done,
//! open, overdue) carried forward. Content is written for the demo, in the seeds' terms.

use super::{Action, ActionStatus, AgendaItem, Declaration, Mark, MeetingDoc, MeetingRef, MeetingStatus, Purpose, Time};
use crate::{
    demo::{Demo, JOINT_PROCEDURES, LEICESTER_BOARD},
    model::{Date, GroupDoc, MeetingFrequency},
    rules::{plan_meetings, Ballot, Casting, Method, Votes},
    DocumentId, ItemId,
};

/// The demo's meeting documents (owned like their groups), and the papers they attach.
#[derive(Debug, Clone, Default)]
pub struct DemoMeetings {
    pub documents: Vec<(DocumentId, MeetingDoc)>,
    /// Each paper's bytes, for the server to store under the meeting that attaches it.
    pub papers: Vec<DemoPaper>,
    /// Case reviews' action plans (owned like the group overseeing them).
    pub case_reviews: Vec<(DocumentId, super::CaseReviewDoc)>,
}

/// A paper a demo meeting attaches: its file, made from the demo's own data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPaper {
    pub meeting: DocumentId,
    pub name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The id a paper's bytes are stored under (as the server names blobs).
pub fn blob_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// Attaches a paper to the first item of `m` that `which` picks, added at `added_at_ms`.
fn attach(m: &mut MeetingDoc, meeting: DocumentId, which: impl Fn(&AgendaItem) -> bool, name: String, media_type: &'static str, bytes: Vec<u8>, added_at_ms: i64, out: &mut Vec<DemoPaper>) {
    let Some(item) = m.agenda.iter_mut().find(|a| which(a)) else { return };
    item.papers.push(super::Paper {
        id: ItemId::random(),
        blob: blob_of(&bytes),
        name: name.clone(),
        media_type: media_type.to_owned(),
        bytes: bytes.len() as u64,
        added_at: added_at_ms,
        added_by: "Business office (demo)".to_owned(),
    });
    out.push(DemoPaper { meeting, name, media_type, bytes });
}

/// The agencies of `partnership` as a CSV (name, sector, statutory partner): the list a
/// Section 11 audit goes to.
fn agencies_csv(demo: &Demo, partnership: &str) -> Vec<u8> {
    let mut csv = String::from("Organisation,Sector,Statutory partner\r\n");
    for (_, p) in demo.partnerships.iter().filter(|(_, p)| p.name == partnership) {
        for o in &p.organisations {
            let statutory = if o.statutory_partner { "Yes" } else { "No" };
            csv.push_str(&super::tracker::csv_row(&[o.name.clone(), o.sector.label().to_owned(), statutory.to_owned()]));
        }
    }
    csv.into_bytes()
}

fn ballot(method: Method) -> Ballot {
    Ballot {
        method,
        entitled: 0,
        quorate: true,
        inquorate_fallback: None,
        chair_consents: Some(true),
        casting: Casting::NotCast,
        special_majority: None,
    }
}

fn votes(for_: u32, against: u32, abstain: u32) -> Method {
    Method::Vote(Votes { for_, against, abstain })
}

/// Adds the meetings to `demo`'s groups (their `meetings` lists) and returns the documents.
/// `today` splits held meetings from planned ones; `now_ms` dates the records.
pub fn build(demo: &mut Demo, today: Date, now_ms: i64, mut new_id: impl FnMut() -> DocumentId) -> DemoMeetings {
    let mut out = DemoMeetings::default();
    for (name, frequency, start, venue) in [
        (LEICESTER_BOARD, MeetingFrequency::EveryMonths(2), Time::from_hm(10, 0), "Leicester City Hall, Committee Room 2"),
        (JOINT_PROCEDURES, MeetingFrequency::EveryMonths(3), Time::from_hm(14, 0), "Online (Microsoft Teams)"),
    ] {
        let Some(at) = demo.groups.iter().position(|(_, g)| g.name == name) else {
            continue;
        };
        let (group_id, group) = demo.groups[at].clone();
        let first = today.add_days(-365).next_working_day();
        let dates = plan_meetings(frequency, first, today.add_days(120));
        let mut refs = Vec::new();
        // The last held meeting's minutes, sent with the next meeting's papers.
        let mut previous: Option<(Date, String)> = None;
        let mut next_planned = true;
        for (n, date) in dates.iter().enumerate() {
            let id = new_id();
            let mut m = MeetingDoc::new(group_id, *date, &group.terms);
            m.start = start;
            m.end = start.and_then(|s| Time::from_hm(s.hour() + 2, s.minute()));
            m.venue = venue.to_owned();
            if name == JOINT_PROCEDURES {
                m.online_link = "https://teams.example.org/llr-procedures".to_owned();
            }
            if *date < today {
                held(&mut m, &group, n, name == LEICESTER_BOARD, now_ms);
            } else {
                planned(&mut m, name == LEICESTER_BOARD);
            }
            // Papers for every held meeting and the next one planned (its pack, to read on
            // the way): on time, two days before the deadline; one of the Board's arrives late.
            if *date < today || std::mem::take(&mut next_planned) {
                let deadline = m.papers_deadline(&group.terms).unwrap_or(*date);
                let on_time = deadline.add_days(-2).unix_seconds_at(9) * 1000;
                if let Some((held_on, minutes)) = previous.as_ref().filter(|(_, t)| !t.trim().is_empty()) {
                    let text = format!("{}\nDraft minutes of the meeting held on {}\n\n{minutes}", group.name, held_on.long());
                    let file = format!("Draft minutes {}.txt", held_on);
                    attach(&mut m, id, super::is_minutes_item, file, "text/plain", text.into_bytes(), on_time, &mut out.papers);
                }
                if name == LEICESTER_BOARD && m.status != MeetingStatus::Cancelled {
                    let added = if n == 3 { date.add_days(-1).unix_seconds_at(17) * 1000 } else { on_time };
                    let csv = agencies_csv(demo, crate::demo::LEICESTER);
                    attach(&mut m, id, |a| a.title == "Section 11 audit findings", "Section 11 audit - agencies asked for a return.csv".to_owned(), "text/csv", csv, added, &mut out.papers);
                }
            }
            if m.status == MeetingStatus::Held {
                previous = Some((*date, m.minutes_record().to_owned()));
            }
            refs.push(MeetingRef { document: id, date: m.date, status: m.status });
            out.documents.push((id, m));
        }
        demo.groups[at].1.meetings = refs;
    }
    if let Some((id, review)) = case_review(demo, today, &mut new_id) {
        out.case_reviews.push((id, review));
    }
    out
}

/// The group that oversees the demo's case review.
pub const REVIEW_GROUP: &str = "Serious Incident Review Group";

/// A serious case review's action plan for Leicester's Serious Incident Review Group, listed
/// by the group: the recommendations the Independent Chair agreed (constitution 5.5), each
/// answered by actions, done, in progress and one overdue. Written for the demo.
fn case_review(demo: &mut Demo, today: Date, new_id: &mut impl FnMut() -> DocumentId) -> Option<(DocumentId, super::CaseReviewDoc)> {
    use super::{CaseReviewDoc, CaseReviewRef, ReviewKind};
    let at = demo.groups.iter().position(|(_, g)| g.name == REVIEW_GROUP)?;
    let group = demo.groups[at].0;
    let mut r = CaseReviewDoc::new("Serious Case Review: Child C", ReviewKind::SeriousCaseReview, group, Some(today.add_days(-200))).ok()?;
    let share = r.add_recommendation("Agencies share what they know about neglect at the first strategy discussion, and record what was shared and by whom.").ok()?;
    let escalate = r.add_recommendation("Practitioners know how to escalate a professional disagreement, and managers resolve it within the timescales of the escalation procedure.").ok()?;
    r.add_recommendation("The child's own words are recorded in every assessment and plan.").ok()?;
    let done = r.add_action(share, "Audit ten strategy discussions for what each agency shared", "Leicestershire Police", Some(today.add_days(-90))).ok()?;
    r.set_status(done, ActionStatus::Done).ok()?;
    r.add_action(share, "Add neglect to the strategy discussion template", "Leicester City Council Children's Social Care", Some(today.add_days(-10))).ok()?;
    let brief = r.add_action(escalate, "Brief every team manager on the escalation procedure", "LSCB Business Office", Some(today.add_days(45))).ok()?;
    r.set_status(brief, ActionStatus::InProgress).ok()?;
    r.add_action(escalate, "Report escalations to the Serious Incident Review Group each quarter", "LSCB Business Office", Some(today.add_days(90))).ok()?;
    let id = new_id();
    demo.groups[at].1.case_reviews.push(CaseReviewRef { document: id, title: r.title.clone() });
    Some((id, r))
}

fn items(m: &mut MeetingDoc, board: bool) {
    let extra: &[(&str, Purpose, &str)] = if board {
        &[
            ("Business Plan priorities: progress report", Purpose::Discussion, "LSCB Manager"),
            ("Section 11 audit findings", Purpose::Information, "Chair of the Performance and Quality Group"),
            ("Serious case review action plans", Purpose::Decision, "Chair of the Serious Incident Review Group"),
        ]
    } else {
        &[
            ("Procedures due for review", Purpose::Discussion, "Procedures lead officer"),
            ("Resolving practitioner disagreements and escalation of concerns: sign-off", Purpose::Decision, "Lead reviewer"),
            ("Spring update and launch event", Purpose::Decision, "Business office"),
        ]
    };
    for (title, purpose, lead) in extra {
        let mut item = AgendaItem::new(title, *purpose);
        item.lead = (*lead).to_owned();
        item.minutes = Some(20);
        m.agenda.push(item);
    }
}

fn planned(m: &mut MeetingDoc, board: bool) {
    items(m, board);
}

/// A held meeting: attendance, decisions, minutes and actions. `n` varies the story.
fn held(m: &mut MeetingDoc, group: &GroupDoc, n: usize, board: bool, now_ms: i64) {
    items(m, board);
    if board && n == 2 {
        m.status = MeetingStatus::Cancelled;
        m.minutes.splice(0, 0, "Cancelled: the Independent Chair was unwell; items carried to the next meeting.\n");
        return;
    }
    m.status = MeetingStatus::Held;
    let inquorate = board && n == 4;
    for (i, seat) in group.seats.iter().enumerate() {
        let mark = match (i + n) % 9 {
            _ if inquorate && seat.organisation.is_some() && i % 3 == 0 => Mark::Apologies,
            3 => Mark::Deputy,
            5 => Mark::Apologies,
            7 if n % 2 == 0 => Mark::PresentOnline,
            8 if n % 3 == 0 => Mark::Absent,
            _ => Mark::Present,
        };
        m.attendance.set(seat.id, mark);
    }
    if let Some(seat) = group.seats.get(3).filter(|_| board) {
        m.declarations.push(Declaration {
            id: ItemId::random(),
            seat: seat.id,
            item: m.agenda.get(6).map(|i| i.id),
            interest: "Their organisation commissioned the review".to_owned(),
            excluded: n % 2 == 1,
        });
    }
    let minutes_item = m.agenda.get(2).map(|i| i.id);
    let decision_item = m.agenda.iter().find(|i| i.purpose == Purpose::Decision && !i.standing).map(|i| i.id);
    if let Some(item) = minutes_item {
        let _ = m.record_decision(group, item, "The minutes of the last meeting are a correct record", ballot(Method::Consensus), now_ms);
    }
    if let Some(item) = decision_item {
        let entitled = m.attendance.entitled_to_vote(&group.seats, &m.excluded_from(item)).len() as u32;
        let outcome = if inquorate {
            let b = Ballot {
                inquorate_fallback: Some("To be ratified by the absent statutory partners (constitution 16.1)".to_owned()),
                ..ballot(votes(entitled.saturating_sub(1), 0, 1.min(entitled)))
            };
            m.record_decision(group, item, "Adopt the revised serious case review action plan", b, now_ms)
        } else if board && n == 1 && entitled >= 2 {
            let half = entitled / 2;
            let b = Ballot { casting: Casting::For, ..ballot(votes(half, half, entitled - 2 * half)) };
            m.record_decision(group, item, "Commission an independent review of the escalation pathway", b, now_ms)
        } else if board && n == 3 {
            let special = group.terms.decisions.special_majorities.first().map(|s| s.id);
            let yes = (entitled * 3).div_ceil(4);
            let b = Ballot { special_majority: special, ..ballot(votes(yes, entitled - yes, 0)) };
            m.record_decision(group, item, "Alter the constitution: add the Designated Nurse as a required member", b, now_ms)
        } else if board {
            let yes = entitled.saturating_sub(2).max(1);
            m.record_decision(group, item, "Approve the action plan", ballot(votes(yes, entitled.min(2).saturating_sub(1), 0)), now_ms)
        } else {
            m.record_decision(group, item, "Sign off the procedure for publication in the spring update", ballot(Method::Consensus), now_ms)
        };
        let _ = outcome;
    }
    let text = if board {
        "1. Apologies were received and deputies noted.\n\
         2. No declarations beyond those recorded.\n\
         5. The LSCB Manager presented progress on the Business Plan priorities. Members asked for the neglect strategy's impact measures at the next meeting.\n\
         6. The Section 11 audit returns showed good compliance; two agencies will report back on supervision.\n"
    } else {
        "1. Apologies noted; the chair rotated to Leicestershire.\n\
         5. Three procedures are due for review; lead reviewers were agreed and task and finish groups formed.\n\
         6. The escalation procedure was signed off for publication.\n\
         7. The spring update will launch with a practitioner event.\n"
    };
    m.minutes.splice(0, 0, text);
    let due = m.date.expect("held meetings have dates").add_days(42);
    let mut a = Action::new(
        if board { "Report the neglect strategy's impact measures" } else { "Circulate the updated procedures to practitioners" },
        if board { "LSCB Manager" } else { "Procedures lead officer" },
        Some(due),
    );
    a.item = m.agenda.get(4).map(|i| i.id);
    a.status = match n % 3 {
        0 => ActionStatus::Done,
        1 => ActionStatus::InProgress,
        _ => ActionStatus::Open,
    };
    m.actions.push(a);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_year_shows_every_rule() {
        let mut demo = crate::demo::build(DocumentId::random);
        let today: Date = "2026-12-04".parse().unwrap();
        let meetings = build(&mut demo, today, 0, DocumentId::random);
        let (_, board) = demo.group(LEICESTER_BOARD).unwrap();
        assert!(board.meetings.len() >= 6, "a year of board meetings and some planned: {}", board.meetings.len());
        // A case review's action plan, listed by the group overseeing it: done, in progress,
        // overdue, and a recommendation still to answer.
        let (_, sirg) = demo.group(REVIEW_GROUP).unwrap();
        assert_eq!(sirg.case_reviews.len(), 1);
        let (id, review) = &meetings.case_reviews[0];
        assert_eq!(sirg.case_reviews[0].document, *id);
        assert_eq!(review.summary(today), "3 recommendations; 1 of 4 actions done, 1 overdue; 1 recommendation has no action yet");
        let docs: Vec<&MeetingDoc> = meetings.documents.iter().map(|(_, m)| m).collect();
        assert!(docs.iter().any(|m| m.status == MeetingStatus::Cancelled));
        assert!(docs.iter().any(|m| m.status == MeetingStatus::Scheduled && m.date > Some(today)));
        let decisions: Vec<_> = docs.iter().flat_map(|m| m.decisions.iter()).collect();
        assert!(decisions.iter().any(|d| d.outcome.contains("consensus")), "{decisions:#?}");
        assert!(decisions.iter().any(|d| d.outcome.contains("casting vote")), "{decisions:#?}");
        assert!(decisions.iter().any(|d| d.outcome.contains("2 of 3")), "{decisions:#?}");
        assert!(decisions.iter().any(|d| d.to_be_ratified.is_some()), "an inquorate meeting's decision");
        assert!(docs.iter().any(|m| m.quorum(board, None).is_some_and(|q| !q.quorate) && m.status == MeetingStatus::Held));
        assert!(docs.iter().flat_map(|m| m.actions.iter()).any(|a| a.is_overdue(today)));
        let (_, joint) = demo.group(JOINT_PROCEDURES).unwrap();
        assert!(joint.meetings.len() >= 4);
        // Papers: each one attached to an item, its bytes kept for the server under its id;
        // the last minutes go with the next meeting's pack; one paper is late.
        assert!(meetings.papers.len() >= 6, "{}", meetings.papers.len());
        for p in &meetings.papers {
            let (_, m) = meetings.documents.iter().find(|(id, _)| *id == p.meeting).expect("a demo meeting");
            let attached = m.agenda.iter().flat_map(|a| &a.papers).find(|a| a.name == p.name).expect("attached");
            assert_eq!((attached.blob.clone(), attached.bytes), (blob_of(&p.bytes), p.bytes.len() as u64));
            assert!(std::str::from_utf8(&p.bytes).is_ok());
        }
        assert!(meetings.papers.iter().any(|p| p.name.starts_with("Draft minutes ") && String::from_utf8_lossy(&p.bytes).contains("Section 11 audit returns")));
        let late = docs.iter().any(|m| {
            let deadline = m.papers_deadline(&board.terms);
            m.agenda.iter().flat_map(|a| &a.papers).any(|p| deadline.is_some_and(|d| p.is_late(d)))
        });
        assert!(late, "one paper arrived after the deadline");
        let next = board.meetings.iter().filter(|r| r.date >= Some(today)).min_by_key(|r| r.date).unwrap();
        let (_, next) = meetings.documents.iter().find(|(id, _)| *id == next.document).unwrap();
        assert!(next.agenda.iter().any(|a| !a.papers.is_empty()), "the next Board meeting's pack has papers");
    }
}
