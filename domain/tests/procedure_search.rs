//! Offline search: titles and text, case-insensitive word-prefix matching, every query word
//! required, snippets with the matched words' ranges.

use domain::{
    procedure::{ProcedureContent, SearchIndex, SectionContent},
    DocumentId, ItemId,
};

fn procedure(title: &str, sections: &[(&str, &str)]) -> ProcedureContent {
    ProcedureContent {
        title: title.into(),
        summary: String::new(),
        lead_reviewer: String::new(),
        links: vec![],
        contacts: vec![],
        review_date: None,
        sections: sections.iter().map(|(h, t)| SectionContent { id: ItemId::random(), heading: (*h).into(), text: (*t).into() }).collect(),
    }
}

fn highlighted(s: &str, ranges: &[std::ops::Range<usize>]) -> Vec<String> {
    ranges.iter().map(|r| s[r.clone()].to_owned()).collect()
}

fn index() -> (SearchIndex, DocumentId, DocumentId, DocumentId) {
    let mut i = SearchIndex::new();
    let (escalation, neglect, missing) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
    i.upsert(
        escalation,
        &procedure(
            "Resolving practitioner disagreements and escalation of concerns",
            &[
                ("Purpose", "Professional disagreement is a normal part of multi-agency work."),
                (
                    "Stages of escalation",
                    "Stage one: the practitioner raises the concern with the worker in the other agency. If they cannot agree within two working days, the practitioner escalates to their line manager, who escalates to the designated safeguarding lead. ESCALATION continues until the concern is resolved. Record each stage and its outcome on the child's file so that managers can review the pattern of disagreements between agencies over time.",
                ),
            ],
        ),
    );
    i.upsert(neglect, &procedure("Neglect", &[("Recognising neglect", "Neglect is the persistent failure to meet a child's basic needs. Escalate concerns about drift.")]));
    i.upsert(missing, &procedure("Children missing from home or care", &[("Return interviews", "An independent return interview is offered within 72 hours.")]));
    (i, escalation, neglect, missing)
}

#[test]
fn a_word_prefix_finds_the_procedure_case_insensitively_with_a_snippet_and_highlights() {
    let (i, escalation, neglect, _) = index();
    let hits = i.search("ESCAL", 10);
    assert_eq!(hits.iter().map(|h| h.procedure).collect::<Vec<_>>(), [escalation, neglect], "the title match ranks first");
    let h = &hits[0];
    assert_eq!(highlighted(&h.title, &h.title_matches), ["escalation"]);
    assert_eq!(h.heading.as_deref(), Some("Stages of escalation"));
    assert!(h.snippet.starts_with("…"), "cut at the start: {:?}", h.snippet);
    assert!(h.snippet.ends_with("…"), "cut at the end: {:?}", h.snippet);
    let marked = highlighted(&h.snippet, &h.matches);
    assert!(marked.iter().all(|w| w.to_lowercase().starts_with("escal")), "{marked:?}");
    assert!(marked.contains(&"escalates".to_owned()), "{marked:?} in {:?}", h.snippet);
    assert_eq!(highlighted(&hits[1].snippet, &hits[1].matches), ["Escalate"]);
}

#[test]
fn every_query_word_must_match_somewhere_in_the_procedure() {
    let (i, escalation, ..) = index();
    let hits = i.search("disagree designated", 10);
    assert_eq!(hits.iter().map(|h| h.procedure).collect::<Vec<_>>(), [escalation]);
    assert!(i.search("neglect interview", 10).is_empty());
    assert!(i.search("   ", 10).is_empty());
    assert!(i.search("xylophone", 10).is_empty());
    let h = &i.search("72", 10)[0];
    assert_eq!(h.snippet, "An independent return interview is offered within 72 hours.");
    assert_eq!(highlighted(&h.snippet, &h.matches), ["72"]);
}

#[test]
fn a_title_only_match_shows_the_start_of_the_text() {
    let (i, _, _, missing) = index();
    let hits = i.search("missing", 10);
    assert_eq!(hits[0].procedure, missing);
    assert_eq!(highlighted(&hits[0].title, &hits[0].title_matches), ["missing"]);
    assert_eq!(hits[0].snippet, "An independent return interview is offered within 72 hours.");
    assert!(hits[0].matches.is_empty());
}

#[test]
fn updating_and_removing_a_procedure_changes_what_is_found() {
    let (mut i, escalation, neglect, _) = index();
    i.upsert(neglect, &procedure("Neglect", &[("Tools", "Use the graded care profile.")]));
    assert_eq!(i.search("graded", 10).len(), 1);
    assert_eq!(i.search("escalate", 10).iter().map(|h| h.procedure).collect::<Vec<_>>(), [escalation], "the old text is gone");
    i.remove(escalation);
    assert!(i.search("escalate", 10).is_empty());
    assert_eq!(i.len(), 2);
    for n in 0..40 {
        let id = DocumentId::random();
        i.upsert(id, &procedure(&format!("Procedure {n}"), &[("S", "temporary words")]));
        i.remove(id);
    }
    assert_eq!(i.len(), 2, "compaction keeps the live procedures");
    assert_eq!(i.search("graded", 10).len(), 1);
    assert_eq!(i.search("return", 10).len(), 1);
    assert_eq!(i.search("procedure", 10).len(), 0);
}

#[test]
fn results_are_limited() {
    let mut i = SearchIndex::new();
    for n in 0..20 {
        i.upsert(DocumentId::random(), &procedure(&format!("Safeguarding procedure {n}"), &[("S", "text")]));
    }
    assert_eq!(i.search("safeguarding", 5).len(), 5);
}

use proptest::prelude::*;

const VOCABULARY: &[&str] = &["Über", "naïve", "café", "child", "Children", "escalation", "ESCALATE", "lead", "plan", "72", "déjà", "Ærø"];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec((0..VOCABULARY.len(), prop_oneof![Just(" "), Just(", "), Just(".\n"), Just(" – ")]), 1..80)
        .prop_map(|ws| ws.into_iter().map(|(w, sep)| format!("{}{sep}", VOCABULARY[w])).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_word_of_a_procedure_finds_it_and_highlights_only_words_starting_with_the_query(
        texts in proptest::collection::vec(text(), 1..6),
        pick in 0..VOCABULARY.len(),
        prefix_len in 1..4usize,
    ) {
        let mut i = SearchIndex::new();
        let ids: Vec<DocumentId> = texts.iter().map(|t| {
            let id = DocumentId::random();
            i.upsert(id, &procedure("Item", &[("Section", t)]));
            id
        }).collect();
        let word = VOCABULARY[pick];
        let query: String = word.chars().take(prefix_len).collect::<String>().to_uppercase();
        let q = query.to_lowercase();
        let hits = i.search(&query, 100);
        for (id, t) in ids.iter().zip(&texts) {
            let has = t.split(|c: char| !c.is_alphanumeric()).any(|w| w.to_lowercase().starts_with(&q));
            prop_assert_eq!(hits.iter().any(|h| h.procedure == *id), has, "{:?} in {:?}", query, t);
        }
        for h in &hits {
            prop_assert!(!h.matches.is_empty(), "a text match is highlighted in {:?}", h.snippet);
            for r in &h.matches {
                let w = h.snippet.get(r.clone()).expect("ranges fall on character boundaries");
                prop_assert!(w.to_lowercase().starts_with(&q), "{:?} highlighted for {:?}", w, query);
            }
        }
    }
}
