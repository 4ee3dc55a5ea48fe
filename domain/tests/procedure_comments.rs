//! Comments anchored to words with Automerge cursors, surviving edits on both sides, and
//! suggestions accepted onto the right words or refused with a conflict.

mod procedure_support;

use automerge::Automerge;
use domain::{
    model,
    procedure::{
        accept_suggestion, anchor_range, place_quote, resolve_anchor, section_text, splice_section_text, ProcedureCommentsDoc, ProcedureError,
        QuotePlace, ResponseStatus, Status, SuggestionStatus,
    },
    DocumentId, ItemId,
};
use procedure_support::*;

const TEXT: &str = "Practitioners should first discuss the disagreement with their line manager within two working days.";

fn at(doc: &Automerge, s: ItemId, needle: &str) -> std::ops::Range<usize> {
    let text = section_text(doc, s).unwrap();
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

fn splice(doc: &mut Automerge, s: ItemId, pos: usize, del: usize, ins: &str) {
    splice_section_text(doc, s, pos, del, ins, "type", 1).unwrap();
}

fn covered(doc: &Automerge, comments: &Automerge, comment: ItemId) -> Option<String> {
    let c: ProcedureCommentsDoc = model::read(comments).unwrap();
    let comment = c.comment(comment).unwrap();
    let range = resolve_anchor(doc, comment)?;
    Some(section_text(doc, comment.section).unwrap().chars().skip(range.start).take(range.len()).collect())
}

/// A procedure with one section, and a comments document with a comment on `words`
/// (suggesting `replacement`, if given).
fn commented(words: &str, replacement: Option<&str>) -> (Automerge, Automerge, ItemId, ItemId) {
    let parties = Parties::new();
    let (doc, ids) = procedure(&parties, &[("Process", TEXT)], Status::Consultation);
    let anchor = anchor_range(&doc, ids[0], at(&doc, ids[0], words)).unwrap();
    assert_eq!(anchor.quote, words);
    let mut comments = comments_doc(DocumentId::random());
    let id = model::update(&mut comments, "comment", 1, |c: &mut ProcedureCommentsDoc| {
        c.add_comment(ids[0], Some(anchor), "school.dsl@example.org", 1, "Who is this for a school?", replacement)
    })
    .unwrap();
    (doc, comments, ids[0], id)
}

#[test]
fn quoted_words_cut_and_typed_again_elsewhere_are_found_as_moved() {
    let (mut doc, comments, s, c) = commented("line manager", None);
    let comment = model::read::<ProcedureCommentsDoc>(&comments).unwrap().comment(c).unwrap().clone();
    assert_eq!(place_quote(&doc, &comment), QuotePlace::Anchored(at(&doc, s, "line manager")));
    let r = at(&doc, s, "line manager");
    splice(&mut doc, s, r.start, r.len(), "manager");
    splice(&mut doc, s, 0, 0, "Ask your line manager. ");
    assert_eq!(place_quote(&doc, &comment), QuotePlace::Moved(9..21));
    assert_eq!(section_text(&doc, s).unwrap().chars().skip(9).take(12).collect::<String>(), "line manager");
    splice(&mut doc, s, 9, 12, "supervisor");
    assert_eq!(place_quote(&doc, &comment), QuotePlace::Lost, "nowhere in the section");
}

#[test]
fn an_anchor_covers_the_same_words_after_edits_on_both_sides() {
    let (base, comments, s, c) = commented("line manager", None);
    assert_eq!(covered(&base, &comments, c).as_deref(), Some("line manager"));

    // Leicester types before the words and right up against them on both sides.
    let mut leicester = fork(&base);
    splice(&mut leicester, s, 0, 0, "Where it is safe to do so, ");
    let r = at(&leicester, s, "line manager");
    splice(&mut leicester, s, r.end, 0, " or designated safeguarding lead");
    let r = at(&leicester, s, "line manager");
    splice(&mut leicester, s, r.start, 0, "own ");
    // LRSCP edits after the words and deletes some before them.
    let mut lrscp = fork(&base);
    let r = at(&lrscp, s, "first ");
    splice(&mut lrscp, s, r.start, r.len(), "");
    let r = at(&lrscp, s, "two");
    splice(&mut lrscp, s, r.start, r.len(), "five");

    converge(&mut [leicester.clone(), lrscp.clone()]);
    leicester.merge(&mut lrscp).unwrap();
    let text = section_text(&leicester, s).unwrap();
    assert_eq!(
        text,
        "Where it is safe to do so, Practitioners should discuss the disagreement with their own line manager or designated safeguarding lead within five working days."
    );
    assert_eq!(covered(&leicester, &comments, c).as_deref(), Some("line manager"), "the anchor still covers exactly the commented words");
}

#[test]
fn an_anchor_shrinks_when_some_of_its_words_are_deleted_and_is_lost_when_all_are() {
    let (mut doc, comments, s, c) = commented("line manager", None);
    let r = at(&doc, s, "line ");
    splice(&mut doc, s, r.start, r.len(), "");
    assert_eq!(covered(&doc, &comments, c).as_deref(), Some("manager"));
    let r = at(&doc, s, "manager");
    splice(&mut doc, s, r.start, r.len(), "");
    assert_eq!(covered(&doc, &comments, c), None, "nothing left to point at");
}

#[test]
fn accepting_a_suggestion_replaces_the_anchored_words_even_after_text_moved_around_them() {
    let (base, mut comments, s, c) = commented("two working days", Some("one working day"));
    let mut other = fork(&base);
    splice(&mut other, s, 0, 0, "Disagreements are normal. ");
    let r = at(&other, s, "the disagreement");
    splice(&mut other, s, r.start, r.len(), "the concern");
    let mut doc = fork(&base);
    doc.merge(&mut other).unwrap();

    accept_suggestion(&mut doc, &mut comments, c, "leicester.editor@example.org", 5).unwrap();
    assert_eq!(
        section_text(&doc, s).unwrap(),
        "Disagreements are normal. Practitioners should first discuss the concern with their line manager within one working day."
    );
    let message = doc.get_last_local_change().and_then(|ch| ch.message().map(str::to_owned)).unwrap();
    assert!(message.contains("school.dsl@example.org"), "the edit is attributed to the suggester: {message}");
    let cd: ProcedureCommentsDoc = model::read(&comments).unwrap();
    let comment = cd.comment(c).unwrap();
    assert_eq!(comment.suggestion.as_ref().unwrap().status, SuggestionStatus::Accepted);
    assert_eq!(comment.suggestion.as_ref().unwrap().decided_by.as_deref(), Some("leicester.editor@example.org"));
    assert_eq!(comment.response_status(), ResponseStatus::Accepted);
    assert_eq!(
        accept_suggestion(&mut doc, &mut comments, c, "x", 6),
        Err(ProcedureError::NoOpenSuggestion),
        "a suggestion is accepted once"
    );
}

#[test]
fn accepting_a_suggestion_whose_words_were_changed_reports_a_conflict_and_writes_nothing() {
    let (base, mut comments, s, c) = commented("two working days", Some("one working day"));
    let mut other = fork(&base);
    let r = at(&other, s, "two");
    splice(&mut other, s, r.start, r.len(), "three");
    let mut doc = fork(&base);
    doc.merge(&mut other).unwrap();
    let (heads, comment_heads) = (doc.get_heads(), comments.get_heads());

    let err = accept_suggestion(&mut doc, &mut comments, c, "leicester.editor@example.org", 5).unwrap_err();
    assert_eq!(err, ProcedureError::SuggestionConflict { quoted: "two working days".into(), found: "three working days".into() });
    assert_eq!(doc.get_heads(), heads, "the procedure is untouched");
    assert_eq!(comments.get_heads(), comment_heads, "the suggestion stays open");
    let cd: ProcedureCommentsDoc = model::read(&comments).unwrap();
    assert_eq!(cd.comment(c).unwrap().suggestion.as_ref().unwrap().status, SuggestionStatus::Open);
}

#[test]
fn accepting_a_suggestion_whose_words_were_deleted_says_the_anchor_is_lost() {
    let (mut doc, mut comments, s, c) = commented("two working days", Some("one working day"));
    let r = at(&doc, s, " within two working days");
    splice(&mut doc, s, r.start, r.len(), "");
    assert_eq!(accept_suggestion(&mut doc, &mut comments, c, "x", 5), Err(ProcedureError::AnchorLost));
}

#[test]
fn replies_resolution_and_rejection_give_the_response_status_the_lead_reviewer_sees() {
    let (_, mut comments, _, c) = commented("line manager", Some("manager"));
    let read = |d: &Automerge| -> ProcedureCommentsDoc { model::read(d).unwrap() };
    assert_eq!(read(&comments).comment(c).unwrap().response_status(), ResponseStatus::Unanswered);
    model::update(&mut comments, "reply", 2, |d: &mut ProcedureCommentsDoc| d.reply(c, "lead@example.org", 2, "Any manager")).unwrap();
    assert_eq!(read(&comments).comment(c).unwrap().response_status(), ResponseStatus::Replied);
    model::update(&mut comments, "reject", 3, |d: &mut ProcedureCommentsDoc| d.decide(c, SuggestionStatus::Rejected, "lead@example.org", 3)).unwrap();
    let d = read(&comments);
    assert_eq!(d.comment(c).unwrap().response_status(), ResponseStatus::Rejected);
    assert!(d.comment(c).unwrap().resolved);
    assert!(matches!(
        model::update(&mut comments, "empty", 4, |d: &mut ProcedureCommentsDoc| d.add_comment(ItemId::random(), None, "a", 4, "  ", None)),
        Err(model::DocError::Rule(ProcedureError::EmptyComment))
    ));
}

#[test]
fn comments_added_on_two_devices_are_both_kept() {
    let (_, base, s, _) = commented("line manager", None);
    let mut a = fork(&base);
    let mut b = fork(&base);
    model::update(&mut a, "c", 2, |d: &mut ProcedureCommentsDoc| d.add_comment(s, None, "a@example.org", 2, "From A", None)).unwrap();
    model::update(&mut b, "c", 2, |d: &mut ProcedureCommentsDoc| d.add_comment(s, None, "b@example.org", 2, "From B", None)).unwrap();
    a.merge(&mut b).unwrap();
    let mut d: ProcedureCommentsDoc = model::read(&a).unwrap();
    assert!(!d.repair());
    assert_eq!(d.comments.len(), 3);
}

#[test]
fn an_anchor_needs_a_real_range() {
    let parties = Parties::new();
    let (doc, ids) = procedure(&parties, &[("Process", "Short.")], Status::Drafting);
    assert_eq!(anchor_range(&doc, ids[0], 2..2), Err(ProcedureError::BadRange));
    assert_eq!(anchor_range(&doc, ids[0], 0..99), Err(ProcedureError::BadRange));
    assert_eq!(anchor_range(&doc, ItemId::random(), 0..1), Err(ProcedureError::NoSuchSection));
}

#[test]
fn positions_are_characters_whatever_text_encoding_the_document_was_opened_with() {
    use automerge::TextEncoding;
    use domain::procedure::{set_section_text, ProcedureDoc};
    let mut results = Vec::new();
    for encoding in [TextEncoding::UnicodeCodePoint, TextEncoding::Utf8CodeUnit, TextEncoding::Utf16CodeUnit] {
        let parties = Parties::new();
        let mut p = ProcedureDoc::new("Accents", None, &[parties.leicester]).unwrap();
        let s = p.add_section("Text", "Café staff – the naïve 😀 approach is fine.", None).unwrap();
        let mut doc = Automerge::new_with_encoding(encoding);
        model::update(&mut doc, "create", 0, |d: &mut domain::procedure::ProcedureDoc| {
            *d = p;
            ok(())
        })
        .unwrap();
        let anchor = anchor_range(&doc, s, at(&doc, s, "naïve 😀 approach")).unwrap();
        assert_eq!(anchor.quote, "naïve 😀 approach");
        let mut comments = comments_doc(DocumentId::random());
        let c = model::update(&mut comments, "c", 1, |d: &mut ProcedureCommentsDoc| d.add_comment(s, Some(anchor), "a", 1, "", Some("careful 🙂 approach"))).unwrap();
        // Edits before the anchor with multi-byte and astral characters.
        splice(&mut doc, s, 0, 0, "😀 ");
        let r = at(&doc, s, "–");
        splice(&mut doc, s, r.start, 1, "—");
        let new = format!("Über {}", section_text(&doc, s).unwrap());
        set_section_text(&mut doc, s, &new, "type", 2).unwrap();
        assert_eq!(covered(&doc, &comments, c).as_deref(), Some("naïve 😀 approach"), "{encoding:?}");
        accept_suggestion(&mut doc, &mut comments, c, "b", 3).unwrap();
        results.push(section_text(&doc, s).unwrap());
    }
    assert_eq!(results[0], "Über 😀 Café staff — the careful 🙂 approach is fine.");
    assert!(results.iter().all(|r| r == &results[0]), "{results:?}");
}
