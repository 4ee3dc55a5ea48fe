use std::str::FromStr;

use automerge::{Automerge, ChangeHash};
use sha2::{Digest, Sha256};

use super::{Contact, Link, ProcedureDoc, ProcedureError};
use crate::{model::Date, ItemId};

/// A section as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionContent {
    pub id: ItemId,
    pub heading: String,
    pub text: String,
}

/// What a procedure says (everything a sign-off approves), without its workflow: the
/// title, summary, lead reviewer, links, contacts, review date and the visible sections
/// in order. Two versions with the same content are the same version for sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureContent {
    pub title: String,
    pub summary: String,
    pub lead_reviewer: String,
    pub links: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub review_date: Option<Date>,
    pub sections: Vec<SectionContent>,
}

impl ProcedureContent {
    pub fn of(p: &ProcedureDoc) -> Self {
        Self {
            title: p.title.clone(),
            summary: p.summary.clone(),
            lead_reviewer: p.lead_reviewer.name.clone(),
            links: p.links.clone(),
            contacts: p.contacts.clone(),
            review_date: p.review_date,
            sections: p
                .visible_sections()
                .into_iter()
                .map(|s| SectionContent { id: s.id, heading: s.heading.clone(), text: s.text.as_str().to_owned() })
                .collect(),
        }
    }

    /// A SHA-256 of the content (hex), recorded with a sign-off.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(&self.title);
        field(&self.summary);
        field(&self.lead_reviewer);
        for l in &self.links {
            field(&format!("{:?}", l.kind));
            field(&l.title);
            field(&l.url);
        }
        field("contacts");
        for c in &self.contacts {
            field(&c.name);
            field(&c.organisation);
            field(&c.details);
        }
        field(&self.review_date.map(|d| d.to_string()).unwrap_or_default());
        for s in &self.sections {
            field(&s.id.to_string());
            field(&s.heading);
            field(&s.text);
        }
        hex::encode(h.finalize())
    }

    /// How many words the procedure has (headings and text).
    pub fn word_count(&self) -> usize {
        self.sections.iter().map(|s| s.heading.split_whitespace().count() + s.text.split_whitespace().count()).sum()
    }
}

/// The current content of a procedure document.
pub fn content(doc: &Automerge) -> Result<ProcedureContent, ProcedureError> {
    let p: ProcedureDoc = crate::model::read(doc).map_err(ProcedureError::doc)?;
    Ok(ProcedureContent::of(&p))
}

/// The content as it was at `heads`.
pub fn content_at(doc: &Automerge, heads: &[ChangeHash]) -> Result<ProcedureContent, ProcedureError> {
    let p: ProcedureDoc = super::at_heads::hydrate_at(doc, heads)?;
    Ok(ProcedureContent::of(&p))
}

/// The document's heads as hex strings, sorted (how sign-offs and publications pin them).
pub fn heads_hex(doc: &Automerge) -> Vec<String> {
    let mut heads: Vec<String> = doc.get_heads().iter().map(|h| h.to_string()).collect();
    heads.sort();
    heads
}

/// Heads recorded as hex strings.
pub fn parse_heads(heads: &[String]) -> Result<Vec<ChangeHash>, ProcedureError> {
    heads.iter().map(|h| ChangeHash::from_str(h).map_err(|_| ProcedureError::Doc(format!("not a change hash: {h:?}")))).collect()
}
