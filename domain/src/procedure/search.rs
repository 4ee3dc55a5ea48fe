//! Offline search over procedures (plain Rust, so the browser runs it): titles, headings
//! and text; case-insensitive word-prefix matching; every query word must match; results
//! with a snippet and the matched words' byte ranges to highlight.

use std::{collections::BTreeMap, ops::Range};

use super::ProcedureContent;
use crate::{DocumentId, ItemId};

const SNIPPET_BEFORE: usize = 8;
const SNIPPET_WORDS: usize = 30;
const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Title,
    Heading,
    Text,
}

#[derive(Debug, Clone)]
struct Field {
    kind: FieldKind,
    section: Option<ItemId>,
    heading: Option<String>,
    text: String,
    /// Byte ranges of the words in `text`.
    words: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
struct Indexed {
    id: DocumentId,
    title: String,
    fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    slot: u32,
    field: u32,
    word: u32,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub procedure: DocumentId,
    pub title: String,
    /// Byte ranges of `title` to highlight.
    pub title_matches: Vec<Range<usize>>,
    /// The section the snippet comes from (`None` when only the title matched).
    pub section: Option<ItemId>,
    pub heading: Option<String>,
    /// A few words of the procedure around the first match ("…" where cut).
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub matches: Vec<Range<usize>>,
    pub score: u32,
}

/// The index over every procedure on the device.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    slots: Vec<Option<Indexed>>,
    vocabulary: BTreeMap<String, Vec<Posting>>,
}

fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn query_words(query: &str) -> Vec<String> {
    let mut q: Vec<String> = words(query).into_iter().map(|r| query[r].to_lowercase()).collect();
    q.sort();
    q.dedup();
    q
}

fn matches_any(word: &str, query: &[String]) -> bool {
    let w = word.to_lowercase();
    query.iter().any(|q| w.starts_with(q.as_str()))
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many procedures are indexed.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds or replaces a procedure.
    pub fn upsert(&mut self, id: DocumentId, content: &ProcedureContent) {
        self.remove(id);
        let mut fields = vec![Field { kind: FieldKind::Title, section: None, heading: None, text: content.title.clone(), words: words(&content.title) }];
        for s in &content.sections {
            fields.push(Field { kind: FieldKind::Heading, section: Some(s.id), heading: Some(s.heading.clone()), text: s.heading.clone(), words: words(&s.heading) });
            fields.push(Field { kind: FieldKind::Text, section: Some(s.id), heading: Some(s.heading.clone()), text: s.text.clone(), words: words(&s.text) });
        }
        let slot = self.slots.len() as u32;
        for (f, field) in fields.iter().enumerate() {
            for (w, r) in field.words.iter().enumerate() {
                let word = &field.text[r.clone()];
                let posting = Posting { slot, field: f as u32, word: w as u32 };
                // Allocate only for a word not seen before (or not in lower case).
                let lower = if word.chars().any(char::is_uppercase) { std::borrow::Cow::Owned(word.to_lowercase()) } else { std::borrow::Cow::Borrowed(word) };
                match self.vocabulary.get_mut(lower.as_ref()) {
                    Some(list) => list.push(posting),
                    None => {
                        self.vocabulary.insert(lower.into_owned(), vec![posting]);
                    }
                }
            }
        }
        self.slots.push(Some(Indexed { id, title: content.title.clone(), fields }));
    }

    /// Takes a procedure out of the index (its postings are dropped when the index is
    /// compacted, which happens once half of it is stale).
    pub fn remove(&mut self, id: DocumentId) {
        for s in &mut self.slots {
            if s.as_ref().is_some_and(|x| x.id == id) {
                *s = None;
            }
        }
        let stale = self.slots.iter().filter(|s| s.is_none()).count();
        if stale > 16 && stale * 2 > self.slots.len() {
            let live: Vec<Indexed> = self.slots.drain(..).flatten().collect();
            self.vocabulary.clear();
            for x in live {
                let content = ProcedureContent {
                    title: x.title.clone(),
                    summary: String::new(),
                    lead_reviewer: String::new(),
                    links: Vec::new(),
                    contacts: Vec::new(),
                    review_date: None,
                    sections: x
                        .fields
                        .iter()
                        .filter(|f| f.kind == FieldKind::Text)
                        .map(|f| super::SectionContent { id: f.section.unwrap_or_else(ItemId::random), heading: f.heading.clone().unwrap_or_default(), text: f.text.clone() })
                        .collect(),
                };
                self.upsert(x.id, &content);
            }
        }
    }

    /// Procedures matching every word of `query` (each as the start of a word), best first
    /// (title matches count most, then headings, then text), at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let mut query = query_words(query);
        query.truncate(64);
        if query.is_empty() {
            return Vec::new();
        }
        let all = if query.len() == 64 { u64::MAX } else { (1u64 << query.len()) - 1 };
        let mut acc = vec![Acc::default(); self.slots.len()];
        for (qi, q) in query.iter().enumerate() {
            for (_, postings) in self.vocabulary.range::<str, _>((std::ops::Bound::Included(q.as_str()), std::ops::Bound::Unbounded)).take_while(|(k, _)| k.starts_with(q.as_str())) {
                for p in postings {
                    let a = &mut acc[p.slot as usize];
                    a.matched |= 1 << qi;
                    match kind_of(p.field) {
                        FieldKind::Title => a.score += 10,
                        FieldKind::Heading => {
                            a.score += 3;
                            a.first_heading = Some(a.first_heading.map_or(p.field, |f| f.min(p.field)));
                        }
                        FieldKind::Text => {
                            a.score += 1;
                            let at = (p.field, p.word);
                            a.first_text = Some(a.first_text.map_or(at, |f| f.min(at)));
                        }
                    }
                }
            }
        }
        let mut found: Vec<(usize, &Acc)> =
            acc.iter().enumerate().filter(|(slot, a)| a.matched == all && self.slots[*slot].is_some()).collect();
        let title = |slot: usize| self.slots[slot].as_ref().map_or("", |x| x.title.as_str());
        found.sort_by(|(sa, a), (sb, b)| b.score.cmp(&a.score).then_with(|| title(*sa).cmp(title(*sb))));
        found.into_iter().take(limit).filter_map(|(slot, a)| self.hit(slot, a, &query)).collect()
    }

    fn hit(&self, slot: usize, acc: &Acc, query: &[String]) -> Option<SearchHit> {
        let x = self.slots[slot].as_ref()?;
        let title = &x.fields[0];
        let title_matches = title.words.iter().filter(|r| matches_any(&title.text[(*r).clone()], query)).cloned().collect();
        // The snippet: the first text match, else the text under the first heading that
        // matched, else the start of the first section.
        let (field, at) = match (acc.first_text, acc.first_heading) {
            (Some((f, w)), _) => (f as usize, w as usize),
            (None, Some(h)) => (h as usize + 1, 0),
            (None, None) => (2.min(x.fields.len() - 1), 0),
        };
        let f = &x.fields[field];
        let (snippet, matches) = snippet(f, at, query);
        Some(SearchHit {
            procedure: x.id,
            title: x.title.clone(),
            title_matches,
            section: f.section,
            heading: f.heading.clone(),
            snippet,
            matches,
            score: acc.score,
        })
    }
}

/// What a query found in one procedure.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// One bit per query word.
    matched: u64,
    score: u32,
    /// The first text match (field, word).
    first_text: Option<(u32, u32)>,
    /// The first heading that matched (field).
    first_heading: Option<u32>,
}

/// Fields are laid out as title, then each section's heading and text.
fn kind_of(field: u32) -> FieldKind {
    match field {
        0 => FieldKind::Title,
        f if f % 2 == 1 => FieldKind::Heading,
        _ => FieldKind::Text,
    }
}

/// A window of words around word `at` of `field`, with the matches inside it.
fn snippet(field: &Field, at: usize, query: &[String]) -> (String, Vec<Range<usize>>) {
    if field.words.is_empty() {
        return (String::new(), Vec::new());
    }
    let first = at.saturating_sub(SNIPPET_BEFORE);
    let last = (first + SNIPPET_WORDS).min(field.words.len()) - 1;
    let from = if first == 0 { 0 } else { field.words[first].start };
    let to = if last + 1 == field.words.len() { field.text.len() } else { field.words[last].end };
    let mut out = String::new();
    if from > 0 {
        out.push_str(ELLIPSIS);
    }
    let offset = out.len();
    let body = field.text[from..to].split_whitespace().collect::<Vec<_>>().join(" ");
    // Whitespace is squeezed, so find the matches again in the squeezed text.
    out.push_str(&body);
    if to < field.text.len() {
        out.push_str(ELLIPSIS);
    }
    let matches = words(&body)
        .into_iter()
        .filter(|r| matches_any(&body[r.clone()], query))
        .map(|r| r.start + offset..r.end + offset)
        .collect();
    (out, matches)
}
