//! The procedures manual: chapters, filing procedures, updates with their amendments, the
//! "updated in the last update" flag, and repairs after concurrent edits.

mod procedure_support;

use automerge::Automerge;
use domain::{
    model::{self, Date},
    procedure::{Contact, LibraryDoc, Link, LinkKind, ProcedureDoc, ProcedureError},
    DocumentId,
};
use procedure_support::*;

#[test]
fn chapters_hold_procedures_and_updates_record_what_was_published() {
    let parties = Parties::new();
    let mut lib = LibraryDoc::new(" LLR  Safeguarding Children Procedures ", None, &[parties.leicester, parties.lrscp, parties.leicester]).unwrap();
    assert_eq!(lib.title, "LLR Safeguarding Children Procedures");
    assert_eq!(lib.owners.len(), 2);
    let working = lib.add_chapter("Working together").unwrap();
    let concerns = lib.add_chapter("Responding to concerns").unwrap();
    let (a, b) = (DocumentId::random(), DocumentId::random());
    lib.file_procedure(working, a).unwrap();
    lib.file_procedure(working, b).unwrap();
    lib.file_procedure(concerns, b).unwrap();
    assert_eq!(lib.chapter_of(b).map(|c| c.id), Some(concerns), "filing moves a procedure");
    assert_eq!(lib.procedures(), [a, b]);
    assert_eq!(lib.add_chapter("  "), Err(ProcedureError::EmptyTitle));

    let spring = lib.add_update("Spring update 2027", Date::from_ymd(2027, 4, 1)).unwrap();
    lib.include(spring, a, 1, "New procedure").unwrap();
    lib.add_amendment(spring, "Contacts updated across the manual").unwrap();
    assert_eq!(lib.include(spring, b, 1, " "), Err(ProcedureError::EmptySummary));
    let before = Date::from_ymd(2027, 3, 31).unwrap();
    let after = Date::from_ymd(2027, 4, 2).unwrap();
    assert!(!lib.updated_in_last_update(a, before), "not launched yet");
    assert!(lib.updated_in_last_update(a, after));
    assert!(!lib.updated_in_last_update(b, after));
    assert_eq!(lib.last_update(after).unwrap().amendments, ["New procedure", "Contacts updated across the manual"]);
    let autumn = lib.add_update("Autumn update 2026", Date::from_ymd(2026, 10, 1)).unwrap();
    let next = lib.add_update("Autumn update 2027", None).unwrap();
    assert_eq!(lib.updates_log().iter().map(|u| u.id).collect::<Vec<_>>(), [next, spring, autumn], "planned first, then newest launched");
    assert_eq!(lib.last_update(after).map(|u| u.id), Some(spring));
}

#[test]
fn a_procedure_filed_in_two_chapters_at_once_ends_in_one() {
    let parties = Parties::new();
    let mut lib = LibraryDoc::new("Manual", None, &[parties.ddscp]).unwrap();
    let one = lib.add_chapter("One").unwrap();
    let two = lib.add_chapter("Two").unwrap();
    let p = DocumentId::random();
    let mut base = Automerge::new();
    model::update(&mut base, "create", 0, |d: &mut LibraryDoc| {
        *d = lib;
        ok(())
    }).unwrap();
    let mut a = fork(&base);
    let mut b = fork(&base);
    model::update(&mut a, "file", 1, |d: &mut LibraryDoc| d.file_procedure(one, p)).unwrap();
    model::update(&mut b, "file", 1, |d: &mut LibraryDoc| d.file_procedure(two, p)).unwrap();
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    for d in [&mut a, &mut b] {
        model::update(d, "repair", 2, |l: &mut LibraryDoc| ok(l.repair())).unwrap();
    }
    a.merge(&mut b).unwrap();
    let lib: LibraryDoc = model::read(&a).unwrap();
    assert_eq!(lib.procedures(), [p], "filed once");
    assert_eq!(lib.chapter_of(p).map(|c| c.id), Some(one));
}

#[test]
fn links_must_be_web_addresses_and_contacts_need_a_name() {
    assert!(Link::new(LinkKind::Legislation, "Children Act 2004", "https://www.legislation.gov.uk/ukpga/2004/31/contents").is_ok());
    assert!(Link::new(LinkKind::Guidance, "Local guidance", "http://example.org/x").is_ok());
    for bad in ["javascript:alert(1)", "ftp://example.org", "https://", "https://localhost", "https://exa mple.org", "www.example.org", "https://example.org/\"><script>"] {
        assert_eq!(Link::new(LinkKind::Guidance, "T", bad), Err(ProcedureError::BadLink), "{bad}");
    }
    assert_eq!(Link::new(LinkKind::Guidance, " ", "https://example.org"), Err(ProcedureError::EmptyLinkTitle));
    assert_eq!(Contact::new(" ", "", ""), Err(ProcedureError::EmptyContact));
    let mut p = ProcedureDoc::new("Title", None, &[DocumentId::random()]).unwrap();
    let id = p.add_contact(Contact::new("Safeguarding Unit", "Leicester City Council", "0116 000 0000").unwrap());
    p.remove_contact(id).unwrap();
    assert_eq!(p.remove_contact(id), Err(ProcedureError::NoSuchItem));
    assert_eq!(ProcedureDoc::new("Title", None, &[]), Err(ProcedureError::NoOwner));
    assert_eq!(ProcedureDoc::new(" ", None, &[DocumentId::random()]), Err(ProcedureError::EmptyTitle));
}
