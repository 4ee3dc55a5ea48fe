//! A procedure's comments and suggested changes (issue 11): plain view structs for the
//! pages, and the commands on the comments document. Comments live in their own document
//! (named by the procedure's `comments`), so people consulted can comment without being
//! able to change the text; accepting a suggestion edits the procedure through the domain.

use domain::{
    procedure::{accept_suggestion, anchor_range, place_quote, section_text, Author, QuotePlace, ProcedureCommentsDoc, ProcedureError, ProcedureOutline, SuggestionStatus},
    DocumentId, ItemId,
};
use leptos::prelude::*;

use super::{procedures::date_of, use_repo};
use crate::{auth::use_me, repo::DocView};

/// A reply as the comments panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyView {
    pub id: ItemId,
    pub author: String,
    pub when: String,
    pub body: String,
}

/// A suggested replacement of the quoted words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionView {
    pub replacement: String,
    pub status: SuggestionStatus,
    /// "Accepted by …" / "Rejected by …", once decided.
    pub decided: Option<String>,
}

/// One comment as the comments panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentView {
    pub id: ItemId,
    pub section: ItemId,
    /// The words commented on, as quoted when the comment was made.
    pub quote: Option<String>,
    pub body: String,
    pub author: String,
    pub when: String,
    pub at: i64,
    pub replies: Vec<ReplyView>,
    pub resolved: bool,
    pub suggestion: Option<SuggestionView>,
    /// Whether the anchor still covers the quoted words in the text as it is now.
    pub anchored: bool,
    /// Where the quoted words are now when they moved away from the anchor (elsewhere in the
    /// section): UTF-16 offsets in the section's text, as a text area selects them.
    pub moved_to: Option<(u32, u32)>,
    /// When its author last changed its text, if ever, and that time in words
    /// ("5 December 2026 at 14:05", this device's time zone).
    pub edited_at: Option<i64>,
    pub edited: Option<String>,
    /// Whether the signed-in person wrote it (and may change its text while it is open).
    pub mine: bool,
}

impl CommentView {
    /// Whether its author may still change its text: not resolved, no decided suggestion.
    pub fn editable(&self) -> bool {
        !self.resolved && self.suggestion.as_ref().is_none_or(|s| s.status == SuggestionStatus::Open)
    }
}

/// A change time (seconds since the epoch) as "5 December 2026 at 14:05" in this device's
/// time zone.
pub fn when_local(at: i64) -> String {
    let d = js_sys::Date::new(&((at as f64) * 1000.0).into());
    let date = domain::model::Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_else(|| date_of(at));
    format!("{} at {:02}:{:02}", date.long(), d.get_hours(), d.get_minutes())
}

/// A range of characters of `text` as UTF-16 offsets (what a text area's selection counts).
fn utf16_range(text: &str, r: std::ops::Range<usize>) -> (u32, u32) {
    let units = |n: usize| text.chars().take(n).map(|c| c.len_utf16() as u32).sum::<u32>();
    (units(r.start), units(r.end))
}

/// The fields of the "Add a comment" form (for naming a problem against one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentField {
    Quote,
    Body,
}

/// A problem with a command, against a form field when it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentProblem {
    pub field: Option<CommentField>,
    pub message: String,
}

impl CommentProblem {
    fn general(message: impl Into<String>) -> Self {
        Self { field: None, message: message.into() }
    }
    fn on(field: CommentField, message: impl Into<String>) -> Self {
        Self { field: Some(field), message: message.into() }
    }
}

/// A command on a procedure's comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentCommand {
    /// A comment on the words `quote` of `section` (found in its text to anchor it), with a
    /// suggested replacement when `suggestion` is given.
    Add { section: ItemId, quote: String, body: String, suggestion: Option<String> },
    Reply(ItemId, String),
    /// The author changes the text of their own open comment.
    Edit(ItemId, String),
    SetResolved(ItemId, bool),
    Accept(ItemId),
    Reject(ItemId),
}

#[derive(Debug, Clone, Copy)]
pub struct UseCommentsReturn {
    /// Every comment, oldest first (pages pick a section's with [`UseCommentsReturn::of_section`]).
    pub comments: Memo<Vec<CommentView>>,
    /// Whether the comments document is here (comments can be read and added).
    pub ready: Memo<bool>,
    /// Whether the signed-in person may write comments: an editor of an owning partnership,
    /// or someone consulted (granted `editor` on the comments document only).
    pub may_comment: Memo<bool>,
    pub run: Callback<CommentCommand, Result<(), CommentProblem>>,
}

impl UseCommentsReturn {
    /// The comments on `section`, oldest first.
    pub fn of_section(self, section: ItemId) -> Signal<Vec<CommentView>> {
        let comments = self.comments;
        Signal::derive(move || comments.with(|cs| cs.iter().filter(|c| c.section == section).cloned().collect()))
    }
}

/// Where `quote` (trimmed) first occurs in `text`, as a range of characters (code points).
pub fn find_quote(text: &str, quote: &str) -> Option<std::ops::Range<usize>> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    let byte = text.find(quote)?;
    let start = text[..byte].chars().count();
    Some(start..start + quote.chars().count())
}

/// The comments of procedure `procedure` and the commands on them.
pub fn use_comments(procedure: DocumentId) -> UseCommentsReturn {
    let ctx = use_repo();
    let me = use_me().me;
    let linked = {
        let ctx = ctx.clone();
        // The procedure page's own outline memo (one read of the procedure per change).
        let outline = ctx.partial::<ProcedureOutline>(procedure);
        Memo::new(move |_| {
            outline.with(|o| match o {
                DocView::Ready(ProcedureOutline(p)) => (p.comments, p.owner_ids()),
                _ => (None, Vec::new()),
            })
        })
    };
    let comments_id = Memo::new(move |_| linked.with(|(c, _)| *c));
    let may_comment = Memo::new(move |_| {
        linked.with(|(c, owners)| {
            c.is_some_and(|c| me.with(|m| m.as_ref().and_then(|m| m.role_for(c, owners)).is_some_and(|r| r.can_edit())))
        })
    });
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            if let Some(c) = comments_id.get() {
                ctx.repo().open(c);
            }
        });
    }
    let doc = {
        let ctx = ctx.clone();
        Memo::new(move |_| match comments_id.get().map(|c| ctx.read::<ProcedureCommentsDoc>(c)) {
            Some(DocView::Ready(d)) => Some(d),
            _ => None,
        })
    };
    let ready = Memo::new(move |_| doc.with(Option::is_some));
    let myself = Memo::new(move |_| me.with(|m| m.as_ref().map(|m| Author::new(&m.account.name, &m.account.id))).unwrap_or_default());
    // Where each quote is now searches its section's text: once the procedure has settled,
    // not on every keystroke.
    let settled = super::use_settled(procedure);
    let comments = {
        let ctx = ctx.clone();
        Memo::new(move |_| {
            let Some(d) = doc.get() else { return Vec::new() };
            let myself = myself.get();
            settled.track();
            ctx.repo().with_document(procedure, |p| {
                d.comments
                    .iter()
                    .map(|c| {
                        let quote = c.anchor.as_ref().map(|a| a.quote.clone());
                        let place = place_quote(p, c);
                        let anchored = matches!(place, QuotePlace::Anchored(_));
                        let moved_to = match (&place, section_text(p, c.section)) {
                            (QuotePlace::Moved(r), Some(text)) => Some(utf16_range(&text, r.clone())),
                            _ => None,
                        };
                        CommentView {
                            id: c.id,
                            section: c.section,
                            quote,
                            body: c.body.clone(),
                            author: c.author.clone(),
                            when: date_of(c.at).long(),
                            at: c.at,
                            replies: c
                                .replies
                                .iter()
                                .map(|r| ReplyView { id: r.id, author: r.author.clone(), when: date_of(r.at).long(), body: r.body.clone() })
                                .collect(),
                            resolved: c.resolved,
                            suggestion: c.suggestion.as_ref().map(|s| SuggestionView {
                                replacement: s.replacement.clone(),
                                status: s.status,
                                decided: s.decided_by.as_ref().map(|by| match s.status {
                                    SuggestionStatus::Accepted => format!("Accepted by {by}"),
                                    SuggestionStatus::Rejected => format!("Rejected by {by}"),
                                    SuggestionStatus::Open => String::new(),
                                }),
                            }),
                            anchored,
                            moved_to,
                            edited_at: c.edited_at,
                            edited: c.edited_at.map(when_local),
                            mine: c.is_by(&myself),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
    };
    let run = Callback::new(move |command: CommentCommand| {
        let Some(cid) = comments_id.get_untracked().filter(|c| ctx.repo().is_ready(*c)) else {
            return Err(CommentProblem::general("The comments have not loaded on this device yet. Try again in a moment"));
        };
        let me = me.with_untracked(|m| m.as_ref().map(|m| Author::new(&m.account.name, &m.account.id))).unwrap_or_default();
        let time = super::partnership::now();
        let repo = ctx.repo();
        let update = |message: &str, f: &dyn Fn(&mut ProcedureCommentsDoc) -> Result<(), ProcedureError>| {
            repo.change(cid, |d| domain::model::update(d, message, time, |c: &mut ProcedureCommentsDoc| f(c)))
                .map_err(|_| CommentProblem::general("The comments are not open on this device"))?
                .map_err(|e| match e {
                    domain::model::DocError::Rule(e) => CommentProblem::general(e.to_string()),
                    e => CommentProblem::general(format!("The change could not be made: {e}")),
                })
        };
        match command {
            CommentCommand::Add { section, quote, body, suggestion } => {
                let suggestion = suggestion.filter(|s| !s.trim().is_empty());
                let mut problems = Vec::new();
                if quote.trim().is_empty() {
                    problems.push(CommentProblem::on(CommentField::Quote, "Enter the words you are commenting on"));
                }
                if body.trim().is_empty() && suggestion.is_none() {
                    problems.push(CommentProblem::on(CommentField::Body, "Enter a comment or suggest replacement text"));
                }
                if let Some(p) = problems.into_iter().next() {
                    return Err(p);
                }
                let anchor = repo
                    .with_document(procedure, |p| -> Result<_, CommentProblem> {
                        let text = section_text(p, section).ok_or_else(|| CommentProblem::general("That section is no longer in the procedure"))?;
                        let range = find_quote(&text, &quote).ok_or_else(|| {
                            CommentProblem::on(CommentField::Quote, "Those words are not in this section’s text. Copy them exactly from the section")
                        })?;
                        anchor_range(p, section, range).map_err(|e| CommentProblem::general(e.to_string()))
                    })
                    .ok_or_else(|| CommentProblem::general("This procedure has not loaded on this device yet. Try again in a moment"))??;
                update("Comment", &|c| c.add_comment(section, Some(anchor.clone()), &me, time, &body, suggestion.as_deref()).map(|_| ()))
                    .map_err(|p| if body.trim().is_empty() { CommentProblem { field: Some(CommentField::Body), ..p } } else { p })
            }
            CommentCommand::Reply(id, body) => {
                if body.trim().is_empty() {
                    return Err(CommentProblem::general("Enter a reply"));
                }
                update("Reply to a comment", &|c| c.reply(id, &me, time, &body).map(|_| ()))
            }
            CommentCommand::Edit(id, body) => update("Edit a comment", &|c| c.edit_comment(id, &me, time, &body)),
            CommentCommand::SetResolved(id, resolved) => {
                update(if resolved { "Resolve a comment" } else { "Reopen a comment" }, &|c| c.set_resolved(id, resolved))
            }
            CommentCommand::Reject(id) => update("Reject a suggestion", &|c| c.decide(id, SuggestionStatus::Rejected, &me.name, time)),
            CommentCommand::Accept(id) => {
                // Two documents: the suggestion is decided on a copy of the comments while the
                // procedure changes, and the copy's change merged in only if the edit was made.
                let mut copy = repo
                    .with_document(cid, |c| c.clone())
                    .ok_or_else(|| CommentProblem::general("The comments are not open on this device"))?;
                repo.change(procedure, |p| accept_suggestion(p, &mut copy, id, &me.name, time))
                    .map_err(|_| CommentProblem::general("This procedure has not loaded on this device yet. Try again in a moment"))?
                    .map_err(|e| CommentProblem::general(e.to_string()))?;
                repo.change(cid, |c| c.merge(&mut copy).map(|_| ()))
                    .map_err(|_| CommentProblem::general("The comments are not open on this device"))?
                    .map_err(|e| CommentProblem::general(format!("The suggestion was applied but could not be marked accepted: {e}")))
            }
        }
    });
    UseCommentsReturn { comments, ready, may_comment, run }
}
