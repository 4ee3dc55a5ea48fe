//! Comparing two versions of a procedure, section by section: which versions there are to
//! choose from (the working draft, each published version, each owner's sign-off, or exact
//! heads), and what changed between two of them — sections added, removed, moved, changed
//! (with a word diff of heading and text) and unchanged, the unchanged ones grouped so a page
//! can fold them away. Plain data for the compare page, which only renders it.

use std::{fmt, str::FromStr};

use automerge::{Automerge, ChangeHash};

use super::{compare_details, content_at, diff_contents, DetailsComparison, heads_hex, parse_heads, word_diff, DiffRun, ProcedureContent, ProcedureDoc, ProcedureError, SectionChange};
use crate::{model::Date, ItemId};

/// A version of a procedure as the compare page's address names it: `draft`, `v2` (published
/// version 2), `signoff-<id>` (the heads an owner signed off), `named-<id>` (a version its
/// editors named) or the heads themselves (hex, joined by `.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionRef {
    Draft,
    Published(u32),
    SignOff(ItemId),
    Named(ItemId),
    Heads(Vec<String>),
}

impl fmt::Display for VersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionRef::Draft => f.write_str("draft"),
            VersionRef::Published(v) => write!(f, "v{v}"),
            VersionRef::SignOff(id) => write!(f, "signoff-{id}"),
            VersionRef::Named(id) => write!(f, "named-{id}"),
            VersionRef::Heads(h) => f.write_str(&h.join(".")),
        }
    }
}

/// An address's version that is none of the forms [`VersionRef`] knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a version: {0:?}")]
pub struct BadVersionRef(pub String);

impl FromStr for VersionRef {
    type Err = BadVersionRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || BadVersionRef(s.to_owned());
        if t.eq_ignore_ascii_case("draft") {
            return Ok(VersionRef::Draft);
        }
        if let Some(n) = t.strip_prefix('v').or_else(|| t.strip_prefix('V')) {
            return n.parse::<u32>().ok().filter(|n| *n > 0).map(VersionRef::Published).ok_or_else(bad);
        }
        if let Some(id) = t.strip_prefix("signoff-") {
            return id.parse::<ItemId>().map(VersionRef::SignOff).map_err(|_| bad());
        }
        if let Some(id) = t.strip_prefix("named-") {
            return id.parse::<ItemId>().map(VersionRef::Named).map_err(|_| bad());
        }
        let mut heads: Vec<String> = t.split('.').map(|h| h.to_ascii_lowercase()).collect();
        if heads.is_empty() || heads.iter().any(|h| h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Err(bad());
        }
        heads.sort();
        heads.dedup();
        Ok(VersionRef::Heads(heads))
    }
}

/// What kind of version a choice is (the page says it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionKind {
    Draft,
    Published,
    SignOff,
    /// A version of the draft its editors named.
    Named,
}

/// One version a person may choose to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionChoice {
    pub version: VersionRef,
    pub kind: VersionKind,
    /// e.g. "Version 2, published 5 December 2026" or "Working draft (now)".
    pub label: String,
    /// The heads (hex, sorted) it stands for.
    pub heads: Vec<String>,
}

/// The versions of `p` (document `doc`) to choose from, newest first: the working draft when
/// `with_draft` (people who may read the draft), every published version, then the versions
/// its editors named and every owner's sign-off (named by `date_of` its time), these only
/// for people who may read the draft.
pub fn version_choices(doc: &Automerge, p: &ProcedureDoc, with_draft: bool, date_of: impl Fn(i64) -> Date) -> Vec<VersionChoice> {
    let mut out = Vec::new();
    if with_draft {
        out.push(VersionChoice { version: VersionRef::Draft, kind: VersionKind::Draft, label: "Working draft (now)".into(), heads: heads_hex(doc) });
    }
    let mut published: Vec<_> = p.publications.iter().collect();
    published.sort_by_key(|x| std::cmp::Reverse(x.version));
    for x in published {
        out.push(VersionChoice {
            version: VersionRef::Published(x.version),
            kind: VersionKind::Published,
            label: format!("Version {}, published {}", x.version, x.date.long()),
            heads: x.heads.clone(),
        });
    }
    if with_draft {
        for v in p.versions.iter().rev() {
            let note = v.note.trim();
            let label = if note.is_empty() { format!("Named version “{}”", v.version) } else { format!("Named version “{}”: {note}", v.version) };
            out.push(VersionChoice { version: VersionRef::Named(v.id), kind: VersionKind::Named, label, heads: v.heads.clone() });
        }
        let mut signed: Vec<_> = p.sign_offs.iter().collect();
        signed.sort_by_key(|s| std::cmp::Reverse(s.at));
        for s in signed {
            let owner = p.owners.iter().find(|o| o.partnership == s.partnership).map(|o| o.name.trim()).filter(|n| !n.is_empty());
            let label = match owner {
                Some(name) => format!("Signed off for {name} by {} on {}", s.by, date_of(s.at).long()),
                None => format!("Signed off by {} on {}", s.by, date_of(s.at).long()),
            };
            out.push(VersionChoice { version: VersionRef::SignOff(s.id), kind: VersionKind::SignOff, label, heads: s.heads.clone() });
        }
    }
    out
}

/// The two versions compared when the address names none: the latest published version
/// (or else the latest sign-off, or else the oldest choice) against the newest choice
/// (the draft, for people who may read it). `None` when there are fewer than two.
pub fn default_pair(choices: &[VersionChoice]) -> Option<(VersionRef, VersionRef)> {
    if choices.len() < 2 {
        return None;
    }
    let to = &choices[0];
    let from = choices
        .iter()
        .skip(1)
        .find(|c| c.kind == VersionKind::Published)
        .or_else(|| choices.iter().skip(1).find(|c| c.kind == VersionKind::SignOff))
        .unwrap_or(&choices[choices.len() - 1]);
    Some((from.version.clone(), to.version.clone()))
}

/// The heads `version` stands for among `choices`; exact heads are taken as they are (the
/// document must have them), but only from people who may choose the draft.
pub fn resolve_version(version: &VersionRef, choices: &[VersionChoice]) -> Result<Vec<ChangeHash>, ProcedureError> {
    if let VersionRef::Heads(h) = version {
        if !choices.iter().any(|c| c.kind == VersionKind::Draft) {
            return Err(ProcedureError::NoSuchVersion);
        }
        return parse_heads(h);
    }
    let choice = choices.iter().find(|c| c.version == *version).ok_or(ProcedureError::NoSuchVersion)?;
    parse_heads(&choice.heads)
}

/// A section compared between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionComparison {
    pub id: ItemId,
    pub change: SectionChange,
    /// Present in both but in a different place relative to the other sections.
    pub moved: bool,
    /// Its heading in the later version (the earlier one for a removed section).
    pub heading: String,
    /// The word diff of the heading when it was renamed.
    pub heading_runs: Option<Vec<DiffRun>>,
    /// The word diff of the text (all inserted when added, all deleted when removed).
    pub runs: Vec<DiffRun>,
    /// Positions (1-based) in the earlier and later versions.
    pub position_before: Option<usize>,
    pub position_after: Option<usize>,
}

impl SectionComparison {
    /// Whether anything about it differs (it is shown rather than folded away).
    pub fn differs(&self) -> bool {
        self.moved || self.change != SectionChange::Unchanged
    }

    /// Whether its text (not only its heading or place) changed.
    pub fn text_changed(&self) -> bool {
        self.runs.iter().any(|r| r.kind != super::RunKind::Equal)
    }
}

/// What the compare page shows in order: a section that differs, or a run of unchanged
/// sections folded into one "N sections unchanged".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareBlock {
    Section(SectionComparison),
    Unchanged(Vec<SectionComparison>),
}

/// How many sections were changed, added, removed, moved and left as they were. A section
/// moved and changed counts in both `changed` and `moved`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompareCounts {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
    pub unchanged: usize,
    /// Sections that differ in any way.
    pub differing: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl CompareCounts {
    /// "No sections changed", "2 sections changed" (only their words or headings), or
    /// "4 sections differ: 1 changed, 1 added, 1 removed, 1 moved".
    pub fn sentence(&self) -> String {
        if self.differing == 0 {
            return "No sections changed".into();
        }
        if self.changed == self.differing && self.moved == 0 {
            return format!("{} changed", plural(self.changed, "section", "sections"));
        }
        let parts: Vec<String> = [(self.changed, "changed"), (self.added, "added"), (self.removed, "removed"), (self.moved, "moved")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        let verb = if self.differing == 1 { "differs" } else { "differ" };
        format!("{} {verb}: {}", plural(self.differing, "section", "sections"), parts.join(", "))
    }

    /// "12 sections unchanged".
    pub fn unchanged_sentence(n: usize) -> String {
        format!("{} unchanged", plural(n, "section", "sections"))
    }
}

/// Two versions of a procedure compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The word diff of the title, when it changed.
    pub title: Option<Vec<DiffRun>>,
    /// The word diff of the summary, when it changed.
    pub summary: Option<Vec<DiffRun>>,
    pub blocks: Vec<CompareBlock>,
    pub counts: CompareCounts,
    /// Related guidance, local contacts and the review date.
    pub details: DetailsComparison,
}

impl Comparison {
    /// Every section, differing or not, in the order shown.
    pub fn sections(&self) -> impl Iterator<Item = &SectionComparison> {
        self.blocks.iter().flat_map(|b| match b {
            CompareBlock::Section(s) => std::slice::from_ref(s).iter(),
            CompareBlock::Unchanged(list) => list.iter(),
        })
    }
}

/// The ids of the longest common subsequence of `a` and `b`: the sections that kept their
/// order relative to each other. Every other section present in both has moved.
fn kept_in_order(a: &[ItemId], b: &[ItemId]) -> Vec<ItemId> {
    let (n, m) = (a.len(), b.len());
    let mut len = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] { len[i + 1][j + 1] + 1 } else { len[i + 1][j].max(len[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(a[i]);
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn changed_runs(before: &str, after: &str) -> Option<Vec<DiffRun>> {
    (before != after).then(|| word_diff(before, after))
}

/// Compares two contents of a procedure section by section (matched by id).
pub fn compare_contents(before: &ProcedureContent, after: &ProcedureContent) -> Comparison {
    let ids = |c: &ProcedureContent| c.sections.iter().map(|s| s.id).collect::<Vec<_>>();
    let (old, new) = (ids(before), ids(after));
    let common_old: Vec<ItemId> = old.iter().copied().filter(|id| new.contains(id)).collect();
    let common_new: Vec<ItemId> = new.iter().copied().filter(|id| old.contains(id)).collect();
    let kept = kept_in_order(&common_old, &common_new);
    let mut counts = CompareCounts::default();
    let mut blocks: Vec<CompareBlock> = Vec::new();
    for d in diff_contents(before, after) {
        let position_before = old.iter().position(|x| *x == d.id).map(|p| p + 1);
        let position_after = new.iter().position(|x| *x == d.id).map(|p| p + 1);
        let moved = position_before.is_some() && position_after.is_some() && !kept.contains(&d.id);
        let heading_runs = match (&d.heading_before, &d.heading_after) {
            (Some(b), Some(a)) => changed_runs(b, a),
            _ => None,
        };
        let s = SectionComparison {
            id: d.id,
            change: d.change,
            moved,
            heading: d.heading_after.clone().or(d.heading_before.clone()).unwrap_or_default(),
            heading_runs,
            runs: d.runs,
            position_before,
            position_after,
        };
        match s.change {
            SectionChange::Changed => counts.changed += 1,
            SectionChange::Added => counts.added += 1,
            SectionChange::Removed => counts.removed += 1,
            SectionChange::Unchanged if !moved => counts.unchanged += 1,
            SectionChange::Unchanged => {}
        }
        counts.moved += usize::from(moved);
        if s.differs() {
            counts.differing += 1;
            blocks.push(CompareBlock::Section(s));
        } else if let Some(CompareBlock::Unchanged(list)) = blocks.last_mut() {
            list.push(s);
        } else {
            blocks.push(CompareBlock::Unchanged(vec![s]));
        }
    }
    Comparison {
        title: changed_runs(&before.title, &after.title),
        summary: changed_runs(&before.summary, &after.summary),
        blocks,
        counts,
        details: compare_details(before, after),
    }
}

/// Compares the procedure at heads `from` with it at heads `to`, from its own history.
pub fn compare_heads(doc: &Automerge, from: &[ChangeHash], to: &[ChangeHash]) -> Result<Comparison, ProcedureError> {
    Ok(compare_contents(&content_at(doc, from)?, &content_at(doc, to)?))
}

/// Compares two versions among `choices` (see [`version_choices`]).
pub fn compare_versions(doc: &Automerge, choices: &[VersionChoice], from: &VersionRef, to: &VersionRef) -> Result<Comparison, ProcedureError> {
    compare_heads(doc, &resolve_version(from, choices)?, &resolve_version(to, choices)?)
}

/// Which of the compare form's two choices a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareField {
    From,
    To,
}

/// Why the versions named in the address cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComparePick {
    /// Fewer than two versions to choose from.
    NothingToCompare,
    /// The field's version is not one of the choices (or not a version at all).
    Unknown(CompareField),
    /// Both name the same version.
    Same,
}

impl ComparePick {
    /// What the error summary says, and the field it is against.
    pub fn message(&self) -> (Option<CompareField>, &'static str) {
        match self {
            ComparePick::NothingToCompare => (None, "There is only one version of this procedure so far"),
            ComparePick::Unknown(CompareField::From) => (Some(CompareField::From), "Select a version to compare from"),
            ComparePick::Unknown(CompareField::To) => (Some(CompareField::To), "Select a version to compare with"),
            ComparePick::Same => (Some(CompareField::To), "Select two different versions to compare"),
        }
    }
}

/// The two versions to compare from the address's `from` and `to` (either may be missing:
/// the [`default_pair`]'s is used). A version must be one of `choices` or, for people who
/// may choose the draft, exact heads.
pub fn pick_pair(choices: &[VersionChoice], from: Option<&str>, to: Option<&str>) -> Result<(VersionRef, VersionRef), ComparePick> {
    let (default_from, default_to) = default_pair(choices).ok_or(ComparePick::NothingToCompare)?;
    let pick = |given: Option<&str>, default: VersionRef, field| -> Result<VersionRef, ComparePick> {
        match given.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(s) => {
                let v = s.parse::<VersionRef>().map_err(|_| ComparePick::Unknown(field))?;
                let known = choices.iter().any(|c| c.version == v)
                    || matches!(&v, VersionRef::Heads(_)) && choices.iter().any(|c| c.kind == VersionKind::Draft);
                known.then_some(v).ok_or(ComparePick::Unknown(field))
            }
        }
    };
    let from = pick(from, default_from, CompareField::From)?;
    let to = pick(to, default_to, CompareField::To)?;
    if from == to {
        return Err(ComparePick::Same);
    }
    Ok((from, to))
}
