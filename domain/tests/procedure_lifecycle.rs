//! The lifecycle rules, table-driven: every move a procedure can make, who may make it,
//! and every move that does not exist.

mod procedure_support;

use domain::{
    model::{self, Date},
    procedure::{rule_for, Actor, Consultee, Need, ProcedureDoc, ProcedureError, Status},
};
use procedure_support::*;
use Status::*;

#[derive(Debug, Clone, Copy)]
enum Who {
    OwnerAdmin,
    OwnerEditor,
    OwnerViewer,
    OtherAdmin,
}

fn actor(parties: &Parties, who: Who) -> Actor {
    match who {
        Who::OwnerAdmin => parties.lrscp_admin(),
        Who::OwnerEditor => parties.leicester_editor(),
        Who::OwnerViewer => parties.leicester_viewer(),
        Who::OtherAdmin => parties.ddscp_admin(),
    }
}

fn in_status(parties: &Parties, status: Status) -> ProcedureDoc {
    let mut p = ProcedureDoc::new("Neglect", None, &[parties.leicester, parties.lrscp]).unwrap();
    p.status = match status {
        ReviewDue => Published,
        s => s,
    };
    if status == ReviewDue {
        p.review_date = Some(today());
    }
    p.consultation.closing = Some(today().add_days(28));
    p.consultation.consulted = vec![Consultee::new("Leicestershire Police", "police@example.org").unwrap()];
    p
}

/// (from, to, who, expected)
const TABLE: &[(Status, Status, Who, Result<(), ProcedureError>)] = &[
    (IdentifiedForReview, InReview, Who::OwnerEditor, Ok(())),
    (IdentifiedForReview, InReview, Who::OwnerAdmin, Ok(())),
    (IdentifiedForReview, InReview, Who::OwnerViewer, Err(ProcedureError::NeedsOwnerEditor)),
    (IdentifiedForReview, InReview, Who::OtherAdmin, Err(ProcedureError::NeedsOwnerEditor)),
    (InReview, Drafting, Who::OwnerEditor, Ok(())),
    (InReview, Drafting, Who::OwnerViewer, Err(ProcedureError::NeedsOwnerEditor)),
    (Drafting, Consultation, Who::OwnerEditor, Ok(())),
    (Drafting, Consultation, Who::OtherAdmin, Err(ProcedureError::NeedsOwnerEditor)),
    (Drafting, AwaitingSignOff, Who::OwnerEditor, Ok(())),
    (Consultation, AwaitingSignOff, Who::OwnerEditor, Ok(())),
    (Consultation, Drafting, Who::OwnerEditor, Ok(())),
    (Consultation, AwaitingSignOff, Who::OwnerViewer, Err(ProcedureError::NeedsOwnerEditor)),
    (AwaitingSignOff, Drafting, Who::OwnerEditor, Ok(())),
    (AwaitingSignOff, SignedOff, Who::OwnerAdmin, Err(ProcedureError::NotByHand)),
    (SignedOff, Published, Who::OwnerAdmin, Err(ProcedureError::NotByHand)),
    (SignedOff, Drafting, Who::OwnerEditor, Ok(())),
    (Published, InReview, Who::OwnerEditor, Ok(())),
    (ReviewDue, InReview, Who::OwnerEditor, Ok(())),
    (Published, Superseded, Who::OwnerAdmin, Ok(())),
    (Published, Superseded, Who::OwnerEditor, Err(ProcedureError::NeedsOwnerAdmin)),
    (ReviewDue, Superseded, Who::OwnerAdmin, Ok(())),
    (Drafting, Withdrawn, Who::OwnerAdmin, Ok(())),
    (Published, Withdrawn, Who::OwnerAdmin, Ok(())),
    (Consultation, Withdrawn, Who::OwnerEditor, Err(ProcedureError::NeedsOwnerAdmin)),
    (Drafting, Withdrawn, Who::OtherAdmin, Err(ProcedureError::NeedsOwnerAdmin)),
    (IdentifiedForReview, Published, Who::OwnerAdmin, Err(ProcedureError::NoSuchTransition { from: IdentifiedForReview, to: Published })),
    (Drafting, SignedOff, Who::OwnerAdmin, Err(ProcedureError::NoSuchTransition { from: Drafting, to: SignedOff })),
    (Withdrawn, InReview, Who::OwnerAdmin, Err(ProcedureError::NoSuchTransition { from: Withdrawn, to: InReview })),
    (Superseded, Withdrawn, Who::OwnerAdmin, Err(ProcedureError::NoSuchTransition { from: Superseded, to: Withdrawn })),
    (Published, ReviewDue, Who::OwnerAdmin, Err(ProcedureError::NoSuchTransition { from: Published, to: ReviewDue })),
];

#[test]
fn who_may_make_each_move_follows_the_table() {
    let parties = Parties::new();
    for (from, to, who, expected) in TABLE {
        let mut p = in_status(&parties, *from);
        assert_eq!(p.status_on(today()), *from, "set-up for {from:?}");
        let actor = actor(&parties, *who);
        let got = p.move_to(&actor, *to, today(), 100);
        assert_eq!(&got, expected, "{from:?} → {to:?} by {who:?}");
        if got.is_ok() {
            assert_eq!(p.status, *to);
            let t = p.transitions.last().unwrap();
            assert_eq!((t.from, t.to, t.by.as_str(), t.at), (*from, *to, actor.name.as_str(), 100), "the move is recorded with who and when");
        } else {
            assert!(p.transitions.is_empty(), "a refused move records nothing");
        }
    }
}

#[test]
fn every_move_not_in_the_rules_does_not_exist() {
    let moves: Vec<(Status, Status)> = Status::ALL.iter().flat_map(|f| Status::ALL.iter().map(move |t| (*f, *t))).filter(|(f, t)| rule_for(*f, *t).is_some()).collect();
    assert_eq!(moves.len(), 14 + 8, "14 moves along the lifecycle and withdrawal from the 8 live statuses");
    for (f, t) in moves {
        assert!(!f.is_final(), "nothing leaves {f:?}");
        assert_ne!(t, ReviewDue, "review due is computed, never moved to");
        assert_ne!(f, t);
    }
    assert_eq!(rule_for(AwaitingSignOff, SignedOff), Some(Need::SignOff));
    assert_eq!(rule_for(SignedOff, Published), Some(Need::Publication));
}

#[test]
fn review_due_is_computed_from_the_review_date_and_today() {
    let parties = Parties::new();
    let mut p = in_status(&parties, Published);
    assert_eq!(p.status_on(today()), Published, "no review date, never due");
    p.review_date = Some(Date::from_ymd(2027, 6, 1).unwrap());
    assert_eq!(p.status_on(Date::from_ymd(2027, 5, 31).unwrap()), Published);
    assert_eq!(p.status_on(Date::from_ymd(2027, 6, 1).unwrap()), ReviewDue);
    p.status = Drafting;
    assert_eq!(p.status_on(Date::from_ymd(2028, 1, 1).unwrap()), Drafting, "only a published procedure falls due");
}

#[test]
fn going_out_for_consultation_needs_a_future_closing_date_and_someone_to_consult() {
    let parties = Parties::new();
    let editor = parties.leicester_editor();
    let mut p = ProcedureDoc::new("Neglect", None, &[parties.leicester]).unwrap();
    p.status = Drafting;
    let police = || vec![Consultee::new(" Leicestershire  Police ", "Police@Example.org").unwrap()];
    assert_eq!(p.open_consultation(&editor, today(), police(), today(), 1), Err(ProcedureError::ClosingDateNotInFuture));
    assert_eq!(p.open_consultation(&editor, today().add_days(1), vec![], today(), 1), Err(ProcedureError::NobodyConsulted));
    assert_eq!(p.consultation.closing, None, "a refused consultation changes nothing");
    let closing = today().add_days(21);
    p.open_consultation(&editor, closing, police(), today(), 1).unwrap();
    assert_eq!(p.status, Consultation);
    assert_eq!(p.consultation.consulted[0].name, "Leicestershire Police");
    assert!(p.consultee_may_comment("police@example.org", closing));
    assert!(!p.consultee_may_comment("police@example.org", closing.add_days(1)), "closed after the closing date");
    assert!(!p.consultee_may_comment("someone@example.org", today()));
    assert!(!p.consultation_closed_on(closing));
    assert!(p.consultation_closed_on(closing.add_days(1)), "the lead reviewer's turn");
    p.move_to(&editor, AwaitingSignOff, closing.add_days(1), 2).unwrap();
    assert!(!p.consultation.open && !p.consultee_may_comment("police@example.org", today()));
}

#[test]
fn an_editor_ends_a_consultation_early_and_it_is_closed_from_then_on() {
    let parties = Parties::new();
    let editor = parties.leicester_editor();
    let mut p = ProcedureDoc::new("Neglect", None, &[parties.leicester]).unwrap();
    p.status = Drafting;
    let closing = today().add_days(21);
    p.open_consultation(&editor, closing, vec![Consultee::new("Police", "police@example.org").unwrap()], today(), 1).unwrap();
    assert_eq!(p.end_consultation(&parties.leicester_viewer(), today()), Err(ProcedureError::NeedsOwnerEditor));
    assert_eq!(p.end_consultation(&parties.ddscp_admin(), today()), Err(ProcedureError::NeedsOwnerEditor));
    p.end_consultation(&editor, today()).unwrap();
    assert_eq!(p.consultation.ended_on, Some(today()));
    assert_eq!(p.consultation.closing, Some(closing), "the planned closing date is kept");
    assert!(p.consultation_closed_on(today()) && !p.consultee_may_comment("police@example.org", today()));
    assert_eq!(p.status, Consultation, "the group moves it on when it has been through the comments");
    assert_eq!(p.end_consultation(&editor, today()), Err(ProcedureError::ConsultationClosed));
}

#[test]
fn a_whole_round_is_recorded_in_the_document() {
    let parties = Parties::new();
    let (mut doc, _) = procedure(&parties, &[("Process", "Text.")], IdentifiedForReview);
    let editor = parties.lrscp_editor();
    for to in [InReview, Drafting, AwaitingSignOff] {
        model::update(&mut doc, "move", 5, |p: &mut ProcedureDoc| p.move_to(&editor, to, today(), 5)).unwrap();
    }
    let p = read(&doc);
    assert_eq!(p.status, AwaitingSignOff);
    assert_eq!(p.transitions.iter().map(|t| t.to).collect::<Vec<_>>(), [InReview, Drafting, AwaitingSignOff]);
    for s in Status::ALL {
        assert_eq!(Status::from_token(s.token()), Some(s));
    }
}
