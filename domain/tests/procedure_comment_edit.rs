//! The author of a comment changes its text while it is open: recorded as edited with the
//! time; nobody else may, nor once it is resolved; an edit and a reply made at the same time
//! on two devices both survive the merge.

mod procedure_support;

use automerge::Automerge;
use domain::{
    model,
    procedure::{consultee_change_allowed, Author, ProcedureCommentsDoc, ProcedureError, SuggestionStatus},
    DocumentId, ItemId,
};
use procedure_support::*;

const AUTHOR: &str = "school.dsl@example.org";
const OTHER: &str = "police.consultee@example.org";

fn with_comment(suggestion: Option<&str>) -> (Automerge, ItemId) {
    let mut doc = comments_doc(DocumentId::random());
    let id = model::update(&mut doc, "comment", 10, |c: &mut ProcedureCommentsDoc| {
        c.add_comment(ItemId::random(), None, AUTHOR, 10, "Who is this for a school?", suggestion)
    })
    .unwrap();
    (doc, id)
}

fn edit(doc: &mut Automerge, id: ItemId, me: &str, at: i64, body: &str) -> Result<(), ProcedureError> {
    model::update(doc, "Edit a comment", at, |c: &mut ProcedureCommentsDoc| c.edit_comment(id, me, at, body)).map_err(|e| match e {
        model::DocError::Rule(e) => e,
        e => panic!("{e}"),
    })
}

fn comment(doc: &Automerge, id: ItemId) -> domain::procedure::Comment {
    let d: ProcedureCommentsDoc = model::read(doc).unwrap();
    d.comment(id).unwrap().clone()
}

#[test]
fn the_author_changes_the_text_and_it_is_recorded_as_edited() {
    let (mut doc, id) = with_comment(None);
    assert_eq!(comment(&doc, id).edited_at, None, "a new comment is not edited");
    edit(&mut doc, id, " School.DSL@example.org ", 50, "  Who should a school contact first?  ").unwrap();
    let c = comment(&doc, id);
    assert_eq!(c.body, "Who should a school contact first?", "trimmed");
    assert_eq!((c.edited_at, c.at, c.author.as_str()), (Some(50), 10, AUTHOR), "the edit time is kept beside the original");

    // The same text again is no edit.
    let heads = doc.get_heads();
    edit(&mut doc, id, AUTHOR, 60, "Who should a school contact first?").unwrap();
    assert_eq!(comment(&doc, id).edited_at, Some(50));
    assert_eq!(doc.get_heads(), heads, "nothing written when nothing changed");
}

#[test]
fn nobody_else_may_change_it_nor_anyone_once_it_is_closed() {
    let (mut doc, id) = with_comment(None);
    assert_eq!(edit(&mut doc, id, OTHER, 20, "Forged"), Err(ProcedureError::NotYourComment));
    assert_eq!(edit(&mut doc, id, "", 20, "Forged"), Err(ProcedureError::NotYourComment));
    assert_eq!(edit(&mut doc, id, AUTHOR, 20, "   "), Err(ProcedureError::EmptyComment));
    assert_eq!(edit(&mut doc, ItemId::random(), AUTHOR, 20, "x"), Err(ProcedureError::NoSuchComment));
    assert_eq!(comment(&doc, id).body, "Who is this for a school?");

    model::update(&mut doc, "resolve", 30, |c: &mut ProcedureCommentsDoc| c.set_resolved(id, true)).unwrap();
    assert_eq!(edit(&mut doc, id, AUTHOR, 31, "Too late"), Err(ProcedureError::CommentClosed));
    model::update(&mut doc, "reopen", 32, |c: &mut ProcedureCommentsDoc| c.set_resolved(id, false)).unwrap();
    edit(&mut doc, id, AUTHOR, 33, "Reopened and reworded").unwrap();
    assert_eq!(comment(&doc, id).edited_at, Some(33));
}

#[test]
fn a_suggestion_may_keep_an_empty_comment_but_not_once_decided() {
    let (mut doc, id) = with_comment(Some("five working days"));
    edit(&mut doc, id, AUTHOR, 20, "").unwrap();
    assert_eq!(comment(&doc, id).body, "", "the suggestion says it all");
    model::update(&mut doc, "reject", 30, |c: &mut ProcedureCommentsDoc| c.decide(id, SuggestionStatus::Rejected, OTHER, 30)).unwrap();
    model::update(&mut doc, "reopen", 31, |c: &mut ProcedureCommentsDoc| c.set_resolved(id, false)).unwrap();
    assert_eq!(edit(&mut doc, id, AUTHOR, 32, "Please reconsider"), Err(ProcedureError::CommentClosed), "a decided suggestion is closed");
}

#[test]
fn an_edit_and_a_reply_at_the_same_time_both_survive_the_merge_in_either_order() {
    let (base, id) = with_comment(None);
    let mut author = fork(&base);
    let mut replier = fork(&base);
    edit(&mut author, id, AUTHOR, 40, "Who should a school contact first?").unwrap();
    model::update(&mut replier, "reply", 41, |c: &mut ProcedureCommentsDoc| c.reply(id, OTHER, 41, "The DSL, then children's social care")).unwrap();

    let (mut ab, mut ba) = (author.clone(), replier.clone());
    ab.merge(&mut replier.clone()).unwrap();
    ba.merge(&mut author.clone()).unwrap();
    for merged in [&ab, &ba] {
        let c = comment(merged, id);
        assert_eq!(c.body, "Who should a school contact first?");
        assert_eq!(c.edited_at, Some(40));
        assert_eq!(c.replies.len(), 1);
        assert_eq!(c.replies[0].body, "The DSL, then children's social care");
    }
    let (a, b): (ProcedureCommentsDoc, ProcedureCommentsDoc) = (model::read(&ab).unwrap(), model::read(&ba).unwrap());
    assert_eq!(a, b, "both orders give the same comments");
}

#[test]
fn the_author_editing_on_two_devices_converges_on_one_text() {
    let (base, id) = with_comment(None);
    let mut laptop = fork(&base);
    let mut phone = fork(&base);
    edit(&mut laptop, id, AUTHOR, 40, "From the laptop").unwrap();
    edit(&mut phone, id, AUTHOR, 41, "From the phone").unwrap();
    laptop.merge(&mut phone.clone()).unwrap();
    phone.merge(&mut base.clone()).unwrap();
    phone.merge(&mut laptop.clone()).unwrap();
    let (a, b) = (comment(&laptop, id), comment(&phone, id));
    assert_eq!(a, b, "every device shows the same text");
    assert!(["From the laptop", "From the phone"].contains(&a.body.as_str()));
    assert!(a.edited_at.is_some());
}

#[test]
fn a_consulted_person_may_edit_their_own_comment_but_not_mark_anothers_edited() {
    let mut before = ProcedureCommentsDoc::new(DocumentId::random());
    let section = ItemId::random();
    let mine = before.add_comment(section, None, OTHER, 1, "Mine", None).unwrap();
    let theirs = before.add_comment(section, None, AUTHOR, 2, "Theirs", None).unwrap();
    let mut after = before.clone();
    after.edit_comment(mine, OTHER, 5, "Mine, reworded").unwrap();
    assert_eq!(consultee_change_allowed(&before, &after, OTHER), Ok(()));
    let mut forged = before.clone();
    forged.comments.iter_mut().find(|c| c.id == theirs).unwrap().edited_at = Some(5);
    assert!(matches!(consultee_change_allowed(&before, &forged, OTHER), Err(ProcedureError::ConsulteeMayNot(_))));
}

#[test]
fn whose_comment_it_is_goes_by_account_so_a_namesake_cannot_touch_it() {
    let sam = Author::new("Sam Patel", "account-school");
    let namesake = Author::new("Sam Patel", "account-police");
    let mut before = ProcedureCommentsDoc::new(DocumentId::random());
    let section = ItemId::random();
    let id = before.add_comment(section, None, &sam, 1, "Who is this for a school?", None).unwrap();
    let reply = before.reply(id, &sam, 2, "And for a nursery?").unwrap();
    assert_eq!(before.comment(id).unwrap().author_account.as_deref(), Some("account-school"));

    // The namesake may neither edit it in the domain nor get such a change past the server's rule.
    let mut edited = before.clone();
    assert_eq!(edited.edit_comment(id, &namesake, 5, "Changed"), Err(ProcedureError::NotYourComment));
    edited.comments[0].body = "Changed".into();
    edited.comments[0].edited_at = Some(5);
    assert!(matches!(consultee_change_allowed(&before, &edited, &namesake), Err(ProcedureError::ConsulteeMayNot(_))));
    let mut resolved = before.clone();
    resolved.comments[0].resolved = true;
    assert!(matches!(consultee_change_allowed(&before, &resolved, &namesake), Err(ProcedureError::ConsulteeMayNot(_))));
    assert_eq!(consultee_change_allowed(&before, &resolved, &sam), Ok(()));
    let mut reworded = before.clone();
    reworded.comments[0].replies[0].body = "Changed".into();
    assert!(matches!(consultee_change_allowed(&before, &reworded, &namesake), Err(ProcedureError::ConsulteeMayNot(_))));

    // A new comment or reply must carry the writer's own account, not only their name.
    let mut forged = before.clone();
    forged.add_comment(section, None, &sam, 6, "Posing as Sam", None).unwrap();
    assert!(matches!(consultee_change_allowed(&before, &forged, &namesake), Err(ProcedureError::ConsulteeMayNot(_))));
    let mut unsigned = before.clone();
    unsigned.add_comment(section, None, "Sam Patel", 6, "No account", None).unwrap();
    assert!(matches!(consultee_change_allowed(&before, &unsigned, &namesake), Err(ProcedureError::ConsulteeMayNot(_))));
    let mut own = before.clone();
    own.add_comment(section, None, &namesake, 6, "From the police", None).unwrap();
    own.reply(id, &namesake, 7, "Police view").unwrap();
    assert_eq!(consultee_change_allowed(&before, &own, &namesake), Ok(()));

    // A renamed account still owns its comment; and comments written before accounts were
    // recorded are matched by name.
    let renamed = Author::new("Sam Patel-Jones", "account-school");
    let mut after = before.clone();
    after.edit_comment(id, &renamed, 8, "Reworded").unwrap();
    assert!(after.comment(id).unwrap().replies.iter().any(|r| r.id == reply && r.is_by(&renamed)));
    let mut old = ProcedureCommentsDoc::new(DocumentId::random());
    let legacy = old.add_comment(section, None, "Sam Patel", 1, "Older", None).unwrap();
    old.clone().edit_comment(legacy, &sam, 2, "Still mine by name").unwrap();
}
