//! What the lead reviewer goes through once a consultation has closed: every comment on the
//! procedure, grouped by section in the procedure's order, with who made it, its response
//! status ([`ResponseStatus`]) and the replies, so the group can sign off knowing each one
//! was dealt with.

use super::{Comment, ProcedureCommentsDoc, ProcedureDoc, ResponseStatus, SuggestionStatus};
use crate::ItemId;

/// A reply, with its author named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedReply {
    pub who: String,
    pub at: i64,
    pub body: String,
}

/// One comment as the closed-consultation view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedComment {
    pub id: ItemId,
    /// The consultee's name and email when a person consulted made it; the author otherwise.
    pub who: String,
    /// Whether one of the people consulted made it.
    pub consulted: bool,
    pub at: i64,
    /// When its author last changed its text after posting it, if ever.
    pub edited_at: Option<i64>,
    pub quote: Option<String>,
    pub body: String,
    /// The suggested replacement and what became of it.
    pub suggestion: Option<(String, SuggestionStatus)>,
    pub status: ResponseStatus,
    pub replies: Vec<ReviewedReply>,
}

/// The comments on one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedSection {
    /// `None` for comments on sections no longer in the document at all.
    pub section: Option<ItemId>,
    pub heading: String,
    /// The section was removed from the procedure since.
    pub removed: bool,
    pub comments: Vec<ReviewedComment>,
}

/// Every comment, grouped by section, and how many have each response status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationReview {
    pub sections: Vec<ReviewedSection>,
    pub total: usize,
    /// (status, how many), in [`ResponseStatus::ALL`] order, statuses with none left out.
    pub counts: Vec<(ResponseStatus, usize)>,
}

impl ConsultationReview {
    /// How many comments have had no response at all.
    pub fn unanswered(&self) -> usize {
        self.counts.iter().find(|(s, _)| *s == ResponseStatus::Unanswered).map_or(0, |(_, n)| *n)
    }
}

/// Groups `comments` by the sections of `procedure`: sections in their order (only those with
/// comments), then removed sections, then comments whose section is gone; each section's
/// comments oldest first.
pub fn review_comments(procedure: &ProcedureDoc, comments: &ProcedureCommentsDoc) -> ConsultationReview {
    let who = |author: &str| -> (String, bool) {
        let email = author.trim().to_ascii_lowercase();
        match procedure.consultation.consulted.iter().find(|c| !c.email.is_empty() && (c.email == email || c.name == author)) {
            Some(c) if c.email == email && c.name != email => (format!("{} ({})", c.name, c.email), true),
            Some(c) => (c.name.clone(), true),
            None => (author.to_owned(), false),
        }
    };
    let reviewed = |c: &Comment| {
        let (name, consulted) = who(&c.author);
        ReviewedComment {
            id: c.id,
            who: name,
            consulted,
            at: c.at,
            edited_at: c.edited_at,
            quote: c.anchor.as_ref().map(|a| a.quote.clone()),
            body: c.body.clone(),
            suggestion: c.suggestion.as_ref().map(|s| (s.replacement.clone(), s.status)),
            status: c.response_status(),
            replies: c.replies.iter().map(|r| ReviewedReply { who: who(&r.author).0, at: r.at, body: r.body.clone() }).collect(),
        }
    };
    let of = |section: ItemId| {
        let mut cs: Vec<&Comment> = comments.comments.iter().filter(|c| c.section == section).collect();
        cs.sort_by_key(|c| (c.at, c.id));
        cs.into_iter().map(reviewed).collect::<Vec<_>>()
    };
    let mut sections = Vec::new();
    for s in procedure.visible_sections() {
        let cs = of(s.id);
        if !cs.is_empty() {
            sections.push(ReviewedSection { section: Some(s.id), heading: s.heading.clone(), removed: false, comments: cs });
        }
    }
    for s in procedure.sections.values().filter(|s| s.removed) {
        let cs = of(s.id);
        if !cs.is_empty() {
            sections.push(ReviewedSection { section: Some(s.id), heading: s.heading.clone(), removed: true, comments: cs });
        }
    }
    let known = |id: ItemId| procedure.sections.values().any(|s| s.id == id);
    let mut gone: Vec<&Comment> = comments.comments.iter().filter(|c| !known(c.section)).collect();
    if !gone.is_empty() {
        gone.sort_by_key(|c| (c.at, c.id));
        sections.push(ReviewedSection {
            section: None,
            heading: "A section no longer in the procedure".to_owned(),
            removed: true,
            comments: gone.into_iter().map(reviewed).collect(),
        });
    }
    let all: Vec<ResponseStatus> = sections.iter().flat_map(|s| s.comments.iter().map(|c| c.status)).collect();
    let counts = ResponseStatus::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|a| **a == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    ConsultationReview { sections, total: all.len(), counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        procedure::{Consultee, SuggestionStatus},
        DocumentId,
    };

    fn procedure() -> (ProcedureDoc, ItemId, ItemId, ItemId) {
        let mut p = ProcedureDoc::new("Escalation", None, &[DocumentId::random()]).unwrap();
        let a = p.add_section("Stages", "Talk first.", None).unwrap();
        let b = p.add_section("Recording", "Record each stage.", Some(a)).unwrap();
        let c = p.add_section("Old", "Gone.", Some(b)).unwrap();
        p.consultation.consulted = vec![Consultee::new("Leicestershire Police", "police@example.org").unwrap()];
        (p, a, b, c)
    }

    #[test]
    fn comments_are_grouped_by_section_in_the_procedures_order_with_their_status() {
        let (mut p, a, b, c) = procedure();
        p.move_section(b, 0).unwrap();
        p.remove_section(c).unwrap();
        let mut doc = ProcedureCommentsDoc::new(DocumentId::random());
        let late = doc.add_comment(a, None, "police@example.org", 30, "One working day", Some("one working day")).unwrap();
        let early = doc.add_comment(a, None, "Leicester Admin", 10, "Fine", None).unwrap();
        let rec = doc.add_comment(b, None, "uhl@example.org", 20, "Out of hours?", None).unwrap();
        doc.add_comment(c, None, "police@example.org", 5, "On a removed section", None).unwrap();
        doc.add_comment(ItemId::random(), None, "someone", 1, "Lost", None).unwrap();
        doc.decide(late, SuggestionStatus::Accepted, "Leicester Admin", 40).unwrap();
        doc.reply(rec, "Leicester Admin", 50, "Added the duty number").unwrap();
        doc.edit_comment(rec, "uhl@example.org", 45, "Out of hours too?").unwrap();
        doc.set_resolved(early, true).unwrap();

        let r = review_comments(&p, &doc);
        let headings: Vec<(&str, bool)> = r.sections.iter().map(|s| (s.heading.as_str(), s.removed)).collect();
        assert_eq!(headings, [("Recording", false), ("Stages", false), ("Old", true), ("A section no longer in the procedure", true)]);
        let stages = &r.sections[1];
        assert_eq!(stages.comments.iter().map(|c| c.id).collect::<Vec<_>>(), [early, late], "oldest first");
        assert_eq!(stages.comments[1].who, "Leicestershire Police (police@example.org)");
        assert!(stages.comments[1].consulted && !stages.comments[0].consulted);
        assert_eq!(stages.comments[1].status, ResponseStatus::Accepted);
        assert_eq!(stages.comments[1].suggestion, Some(("one working day".to_owned(), SuggestionStatus::Accepted)));
        assert_eq!(stages.comments[0].status, ResponseStatus::Resolved);
        let recording = &r.sections[0].comments[0];
        assert_eq!(recording.status, ResponseStatus::Replied);
        assert_eq!((recording.body.as_str(), recording.edited_at), ("Out of hours too?", Some(45)), "edited after posting");
        assert_eq!(stages.comments[0].edited_at, None, "never edited");
        assert_eq!(recording.replies, [ReviewedReply { who: "Leicester Admin".into(), at: 50, body: "Added the duty number".into() }]);
        assert_eq!(r.total, 5);
        assert_eq!(r.unanswered(), 2);
        assert_eq!(
            r.counts,
            [(ResponseStatus::Unanswered, 2), (ResponseStatus::Replied, 1), (ResponseStatus::Resolved, 1), (ResponseStatus::Accepted, 1)]
        );
    }

    #[test]
    fn no_comments_gives_an_empty_review() {
        let (p, ..) = procedure();
        let r = review_comments(&p, &ProcedureCommentsDoc::default());
        assert!(r.sections.is_empty() && r.total == 0 && r.counts.is_empty() && r.unanswered() == 0);
    }
}
