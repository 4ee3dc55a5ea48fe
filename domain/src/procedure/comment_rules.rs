//! What a consulted person may change in a procedure's comments document: the server
//! grants them `editor` on it (and `viewer` on the procedure), and checks each of their
//! changes with [`consultee_change_allowed`] (hydrating the document before and after).

use super::{Author, Comment, ProcedureCommentsDoc, ProcedureError, Reply, SuggestionStatus};

fn reply_allowed(before: Option<&Reply>, after: &Reply, me: &Author) -> Result<(), ProcedureError> {
    match before {
        None if me.is_named_by(&after.author, after.author_account.as_deref()) => Ok(()),
        None => Err(ProcedureError::ConsulteeMayNot("a reply in someone else's name")),
        Some(b) if b == after => Ok(()),
        Some(b) if b.is_by(me) && (&b.author, &b.author_account, b.at) == (&after.author, &after.author_account, after.at) => Ok(()),
        Some(_) => Err(ProcedureError::ConsulteeMayNot("someone else's reply")),
    }
}

fn comment_allowed(before: Option<&Comment>, after: &Comment, me: &Author) -> Result<(), ProcedureError> {
    let Some(b) = before else {
        if !me.is_named_by(&after.author, after.author_account.as_deref()) {
            return Err(ProcedureError::ConsulteeMayNot("a comment in someone else's name"));
        }
        if after.resolved || after.suggestion.as_ref().is_some_and(|s| s.status != SuggestionStatus::Open || s.decided_by.is_some()) {
            return Err(ProcedureError::ConsulteeMayNot("deciding a suggestion"));
        }
        return after.replies.iter().try_for_each(|r| reply_allowed(None, r, me));
    };
    for old in &b.replies {
        if !after.replies.iter().any(|r| r.id == old.id) {
            return Err(ProcedureError::ConsulteeMayNot("removing a reply"));
        }
    }
    for r in &after.replies {
        reply_allowed(b.replies.iter().find(|o| o.id == r.id), r, me)?;
    }
    let mine = b.is_by(me);
    let fixed = |c: &Comment| (c.section, c.anchor.clone(), c.author.clone(), c.author_account.clone(), c.at);
    if fixed(b) != fixed(after) {
        return Err(ProcedureError::ConsulteeMayNot("moving or re-attributing a comment"));
    }
    if (b.body != after.body || b.edited_at != after.edited_at) && !mine {
        return Err(ProcedureError::ConsulteeMayNot("someone else's comment"));
    }
    if b.resolved != after.resolved && !mine {
        return Err(ProcedureError::ConsulteeMayNot("resolving someone else's comment"));
    }
    match (&b.suggestion, &after.suggestion) {
        (x, y) if x == y => Ok(()),
        (Some(x), Some(y)) if mine && x.status == SuggestionStatus::Open && y.status == SuggestionStatus::Open && x.decided_by == y.decided_by => Ok(()),
        _ => Err(ProcedureError::ConsulteeMayNot("deciding or changing a suggestion")),
    }
}

/// Whether the change from `before` to `after` is one a consulted person (`me`: their
/// account's name and id) may make: adding comments and replies in their own name and
/// account, editing or resolving their own, changing their own open suggestion; never
/// removing anything, never touching anyone else's words, never deciding a suggestion.
/// Whose a comment is goes by account id where it has one, so a namesake's comments stay
/// out of reach.
pub fn consultee_change_allowed(before: &ProcedureCommentsDoc, after: &ProcedureCommentsDoc, me: impl Into<Author>) -> Result<(), ProcedureError> {
    let me = &me.into();
    if before.procedure != after.procedure {
        return Err(ProcedureError::ConsulteeMayNot("the procedure the comments are about"));
    }
    for old in &before.comments {
        if !after.comments.iter().any(|c| c.id == old.id) {
            return Err(ProcedureError::ConsulteeMayNot("removing a comment"));
        }
    }
    for c in &after.comments {
        comment_allowed(before.comments.iter().find(|o| o.id == c.id), c, me)?;
    }
    Ok(())
}
