//! What a consulted person may change in a procedure's comments document (the server checks
//! each of their changes with `consultee_change_allowed`): their own comments and replies,
//! nothing of anyone else's, and no decisions on suggestions.

use domain::{
    procedure::{consultee_change_allowed, ProcedureCommentsDoc, ProcedureError, SuggestionStatus},
    DocumentId, ItemId,
};

/// A change to try on a copy of the comments.
type Change = Box<dyn Fn(&mut ProcedureCommentsDoc)>;

const ME: &str = "police.consultee@example.org";
const OTHER: &str = "uhl.consultee@example.org";

fn start() -> (ProcedureCommentsDoc, ItemId, ItemId, ItemId) {
    let mut d = ProcedureCommentsDoc::new(DocumentId::random());
    let section = ItemId::random();
    let mine = d.add_comment(section, None, ME, 1, "Mine", Some("one working day")).unwrap();
    let theirs = d.add_comment(section, None, OTHER, 2, "Theirs", Some("three days")).unwrap();
    (d, section, mine, theirs)
}

fn refused(before: &ProcedureCommentsDoc, after: &ProcedureCommentsDoc) -> bool {
    matches!(consultee_change_allowed(before, after, ME), Err(ProcedureError::ConsulteeMayNot(_)))
}

#[test]
fn a_consulted_person_may_add_edit_and_reply_in_their_own_name() {
    let (before, section, mine, theirs) = start();
    let mut after = before.clone();
    after.add_comment(section, None, "Police.Consultee@example.org", 3, "Another", None).unwrap();
    after.reply(theirs, ME, 4, "Agreed").unwrap();
    after.comments.iter_mut().find(|c| c.id == mine).unwrap().body = "Mine, reworded".into();
    after.comments.iter_mut().find(|c| c.id == mine).unwrap().suggestion.as_mut().unwrap().replacement = "one day".into();
    after.set_resolved(mine, true).unwrap();
    assert_eq!(consultee_change_allowed(&before, &after, ME), Ok(()));
    assert_eq!(consultee_change_allowed(&before, &before, ME), Ok(()), "no change is allowed");
}

#[test]
fn a_consulted_person_may_not_touch_anyone_elses_words_nor_decide() {
    let (before, section, mine, theirs) = start();
    let changes: Vec<(&str, Change)> = vec![
        ("edit theirs", Box::new(move |d| d.comments.iter_mut().find(|c| c.id == theirs).unwrap().body = "Changed".into())),
        ("remove theirs", Box::new(move |d| d.comments.retain(|c| c.id != theirs))),
        ("remove mine", Box::new(move |d| d.comments.retain(|c| c.id != mine))),
        ("resolve theirs", Box::new(move |d| d.set_resolved(theirs, true).unwrap())),
        ("accept theirs", Box::new(move |d| d.decide(theirs, SuggestionStatus::Accepted, ME, 5).unwrap())),
        ("reject mine", Box::new(move |d| d.decide(mine, SuggestionStatus::Rejected, ME, 5).unwrap())),
        ("comment as someone else", Box::new(move |d| {
            d.add_comment(section, None, OTHER, 5, "Forged", None).unwrap();
        })),
        ("reply as someone else", Box::new(move |d| {
            d.reply(mine, OTHER, 5, "Forged").unwrap();
        })),
        ("move a comment", Box::new(move |d| d.comments.iter_mut().find(|c| c.id == mine).unwrap().section = ItemId::random())),
        ("re-attribute a comment", Box::new(move |d| d.comments.iter_mut().find(|c| c.id == theirs).unwrap().author = ME.into())),
        ("add a decided suggestion", Box::new(move |d| {
            let id = d.add_comment(section, None, ME, 5, "x", Some("y")).unwrap();
            d.decide(id, SuggestionStatus::Accepted, ME, 5).unwrap();
        })),
        ("repoint the document", Box::new(move |d| d.procedure = Some(DocumentId::random()))),
    ];
    for (what, change) in changes {
        let mut after = before.clone();
        change(&mut after);
        assert!(refused(&before, &after), "{what} must be refused");
    }
    let mut with_reply = before.clone();
    let reply = with_reply.reply(theirs, OTHER, 3, "Their reply").unwrap();
    let mut after = with_reply.clone();
    after.comments.iter_mut().find(|c| c.id == theirs).unwrap().replies.iter_mut().find(|r| r.id == reply).unwrap().body = "Edited".into();
    assert!(refused(&with_reply, &after), "editing someone else's reply");
    let mut after = with_reply.clone();
    after.comments.iter_mut().find(|c| c.id == theirs).unwrap().replies.clear();
    assert!(refused(&with_reply, &after), "removing a reply");
}
