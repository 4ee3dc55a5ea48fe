//! A word diff between two versions of a procedure, section by section.

use automerge::{Automerge, ChangeHash};
use similar::{ChangeTag, TextDiff};

use super::{content_at, ProcedureContent, ProcedureError};
use crate::ItemId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Equal,
    Inserted,
    Deleted,
}

/// A run of text (words and the spaces between them) that is unchanged, inserted or
/// deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRun {
    pub kind: RunKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionChange {
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// One section compared: matched by id; headings before and after; the text's runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDiff {
    pub id: ItemId,
    pub change: SectionChange,
    pub heading_before: Option<String>,
    pub heading_after: Option<String>,
    pub runs: Vec<DiffRun>,
}

/// The word diff of two texts: consecutive tokens of the same kind join into one run.
pub fn word_diff(before: &str, after: &str) -> Vec<DiffRun> {
    let mut runs: Vec<DiffRun> = Vec::new();
    for change in TextDiff::from_words(before, after).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => RunKind::Equal,
            ChangeTag::Insert => RunKind::Inserted,
            ChangeTag::Delete => RunKind::Deleted,
        };
        match runs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => runs.push(DiffRun { kind, text: change.value().to_owned() }),
        }
    }
    runs
}

fn all(kind: RunKind, text: &str) -> Vec<DiffRun> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![DiffRun { kind, text: text.to_owned() }]
    }
}

/// Compares two contents: sections in the order of `after`, with sections removed since
/// `before` placed where they were.
pub fn diff_contents(before: &ProcedureContent, after: &ProcedureContent) -> Vec<SectionDiff> {
    let mut out = Vec::new();
    let mut emitted_removed = Vec::new();
    let removed_after = |i: usize| -> Vec<&super::SectionContent> {
        // Removed sections that came right after old section i (or at the start for usize::MAX).
        let start = if i == usize::MAX { 0 } else { i + 1 };
        before.sections[start.min(before.sections.len())..]
            .iter()
            .take_while(|s| !after.sections.iter().any(|a| a.id == s.id))
            .collect()
    };
    let mut push_removed = |out: &mut Vec<SectionDiff>, list: Vec<&super::SectionContent>| {
        for s in list {
            if !emitted_removed.contains(&s.id) {
                emitted_removed.push(s.id);
                out.push(SectionDiff {
                    id: s.id,
                    change: SectionChange::Removed,
                    heading_before: Some(s.heading.clone()),
                    heading_after: None,
                    runs: all(RunKind::Deleted, &s.text),
                });
            }
        }
    };
    push_removed(&mut out, removed_after(usize::MAX));
    for s in &after.sections {
        match before.sections.iter().position(|b| b.id == s.id) {
            Some(i) => {
                let b = &before.sections[i];
                let same = b.text == s.text && b.heading == s.heading;
                out.push(SectionDiff {
                    id: s.id,
                    change: if same { SectionChange::Unchanged } else { SectionChange::Changed },
                    heading_before: Some(b.heading.clone()),
                    heading_after: Some(s.heading.clone()),
                    runs: word_diff(&b.text, &s.text),
                });
                push_removed(&mut out, removed_after(i));
            }
            None => out.push(SectionDiff {
                id: s.id,
                change: SectionChange::Added,
                heading_before: None,
                heading_after: Some(s.heading.clone()),
                runs: all(RunKind::Inserted, &s.text),
            }),
        }
    }
    out
}

/// The word diff between the procedure at heads `a` and at heads `b`, from its own history.
pub fn diff_versions(doc: &Automerge, a: &[ChangeHash], b: &[ChangeHash]) -> Result<Vec<SectionDiff>, ProcedureError> {
    Ok(diff_contents(&content_at(doc, a)?, &content_at(doc, b)?))
}
