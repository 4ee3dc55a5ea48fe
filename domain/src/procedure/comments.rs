use autosurgeon::{Hydrate, Reconcile};

use super::Author;
use super::ProcedureError;
use crate::{DocumentId, ItemId};

/// Where a comment points: Automerge cursors (as strings) on the section's text object for
/// the start of the range and its last character, and the words quoted when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Anchor {
    pub start: String,
    pub end: String,
    pub quote: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Reconcile, Hydrate)]
pub enum SuggestionStatus {
    #[default]
    Open,
    Accepted,
    Rejected,
}

/// A suggested change: the anchored words replaced by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Suggestion {
    pub replacement: String,
    #[autosurgeon(missing = "Default::default")]
    pub status: SuggestionStatus,
    #[autosurgeon(missing = "Default::default")]
    pub decided_by: Option<String>,
    #[autosurgeon(missing = "Default::default")]
    pub decided_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Reply {
    #[key]
    pub id: ItemId,
    pub author: String,
    /// The author's account id (none in replies written before ids were kept).
    #[autosurgeon(missing = "Default::default")]
    pub author_account: Option<String>,
    pub at: i64,
    pub body: String,
}

/// A comment on a range of a section's text (or on the whole section without an anchor).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Comment {
    #[key]
    pub id: ItemId,
    pub section: ItemId,
    #[autosurgeon(missing = "Default::default")]
    pub anchor: Option<Anchor>,
    /// The author's name, as shown.
    pub author: String,
    /// The author's account id, which decides whose comment it is (none in comments
    /// written before ids were kept: those are matched by name).
    #[autosurgeon(missing = "Default::default")]
    pub author_account: Option<String>,
    pub at: i64,
    pub body: String,
    #[autosurgeon(missing = "Default::default")]
    pub replies: Vec<Reply>,
    #[autosurgeon(missing = "Default::default")]
    pub resolved: bool,
    #[autosurgeon(missing = "Default::default")]
    pub suggestion: Option<Suggestion>,
    /// When its author last changed its text (seconds since the epoch), if ever.
    #[autosurgeon(missing = "Default::default")]
    pub edited_at: Option<i64>,
}

impl Comment {
    /// Whether `me` wrote it (by account where both are known, else by name).
    pub fn is_by(&self, me: &Author) -> bool {
        me.wrote(&self.author, self.author_account.as_deref())
    }
}

impl Reply {
    /// Whether `me` wrote it (by account where both are known, else by name).
    pub fn is_by(&self, me: &Author) -> bool {
        me.wrote(&self.author, self.author_account.as_deref())
    }
}

/// How a comment has been answered (what the lead reviewer sees after the closing date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStatus {
    Unanswered,
    Replied,
    Resolved,
    Accepted,
    Rejected,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 5] = [
        ResponseStatus::Unanswered,
        ResponseStatus::Replied,
        ResponseStatus::Resolved,
        ResponseStatus::Accepted,
        ResponseStatus::Rejected,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Unanswered => "No response yet",
            ResponseStatus::Replied => "Replied",
            ResponseStatus::Resolved => "Resolved",
            ResponseStatus::Accepted => "Suggestion accepted",
            ResponseStatus::Rejected => "Suggestion rejected",
        }
    }
}

impl Comment {
    pub fn response_status(&self) -> ResponseStatus {
        match (&self.suggestion, self.resolved, self.replies.is_empty()) {
            (Some(s), _, _) if s.status == SuggestionStatus::Accepted => ResponseStatus::Accepted,
            (Some(s), _, _) if s.status == SuggestionStatus::Rejected => ResponseStatus::Rejected,
            (_, true, _) => ResponseStatus::Resolved,
            (_, false, false) => ResponseStatus::Replied,
            _ => ResponseStatus::Unanswered,
        }
    }
}

/// A procedure's comments and suggestions, in their own document: people consulted get
/// `viewer` on the procedure and `editor` on this document, so they can comment but not
/// change the text (the server enforces both grants on every sync message).
#[derive(Debug, Clone, Default, PartialEq, Reconcile, Hydrate)]
pub struct ProcedureCommentsDoc {
    #[autosurgeon(missing = "Default::default")]
    pub procedure: Option<DocumentId>,
    #[autosurgeon(missing = "Default::default")]
    pub comments: Vec<Comment>,
}

impl ProcedureCommentsDoc {
    pub fn new(procedure: DocumentId) -> Self {
        Self { procedure: Some(procedure), comments: Vec::new() }
    }

    pub fn comment(&self, id: ItemId) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    fn comment_mut(&mut self, id: ItemId) -> Result<&mut Comment, ProcedureError> {
        self.comments.iter_mut().find(|c| c.id == id).ok_or(ProcedureError::NoSuchComment)
    }

    /// Adds a comment (with a suggested replacement for the anchored words, if given).
    pub fn add_comment(
        &mut self,
        section: ItemId,
        anchor: Option<Anchor>,
        author: impl Into<Author>,
        at: i64,
        body: &str,
        suggestion: Option<&str>,
    ) -> Result<ItemId, ProcedureError> {
        let body = body.trim();
        if body.is_empty() && suggestion.is_none() {
            return Err(ProcedureError::EmptyComment);
        }
        let id = ItemId::random();
        let author = author.into();
        self.comments.push(Comment {
            id,
            section,
            anchor,
            author: author.name,
            author_account: author.account,
            at,
            body: body.to_owned(),
            replies: Vec::new(),
            resolved: false,
            suggestion: suggestion.map(|r| Suggestion { replacement: r.to_owned(), status: SuggestionStatus::Open, decided_by: None, decided_at: None }),
            edited_at: None,
        });
        Ok(id)
    }

    pub fn reply(&mut self, comment: ItemId, author: impl Into<Author>, at: i64, body: &str) -> Result<ItemId, ProcedureError> {
        let body = body.trim();
        if body.is_empty() {
            return Err(ProcedureError::EmptyComment);
        }
        let id = ItemId::random();
        let author = author.into();
        self.comment_mut(comment)?.replies.push(Reply { id, author: author.name, author_account: author.account, at, body: body.to_owned() });
        Ok(id)
    }

    /// The author of a comment changes its text while it is open (not resolved, its
    /// suggestion not decided); recorded as edited at `at`. Someone else's comment, a
    /// resolved one, or an empty text (unless it suggests a change) is refused; the same
    /// text again changes nothing.
    pub fn edit_comment(&mut self, comment: ItemId, me: impl Into<Author>, at: i64, body: &str) -> Result<(), ProcedureError> {
        let body = body.trim();
        let me = me.into();
        let c = self.comment_mut(comment)?;
        if !c.is_by(&me) {
            return Err(ProcedureError::NotYourComment);
        }
        if c.resolved || c.suggestion.as_ref().is_some_and(|s| s.status != SuggestionStatus::Open) {
            return Err(ProcedureError::CommentClosed);
        }
        if body.is_empty() && c.suggestion.is_none() {
            return Err(ProcedureError::EmptyComment);
        }
        if c.body != body {
            c.body = body.to_owned();
            c.edited_at = Some(at);
        }
        Ok(())
    }

    pub fn set_resolved(&mut self, comment: ItemId, resolved: bool) -> Result<(), ProcedureError> {
        self.comment_mut(comment)?.resolved = resolved;
        Ok(())
    }

    /// Decides an open suggestion (accepting one goes through [`super::accept_suggestion`],
    /// which also edits the procedure).
    pub fn decide(&mut self, comment: ItemId, status: SuggestionStatus, by: &str, at: i64) -> Result<(), ProcedureError> {
        let c = self.comment_mut(comment)?;
        let s = c.suggestion.as_mut().filter(|s| s.status == SuggestionStatus::Open).ok_or(ProcedureError::NoOpenSuggestion)?;
        s.status = status;
        s.decided_by = Some(by.to_owned());
        s.decided_at = Some(at);
        c.resolved = true;
        Ok(())
    }

    /// After a merge: each comment once (concurrent edits cannot duplicate keyed list
    /// entries, but a repaired document should never show a comment twice).
    pub fn repair(&mut self) -> bool {
        let mut seen = Vec::new();
        let before = self.comments.len();
        self.comments.retain(|c| {
            let new = !seen.contains(&c.id);
            seen.push(c.id);
            new
        });
        self.comments.len() != before
    }
}
