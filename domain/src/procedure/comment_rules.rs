//! What a consulted person may change in a procedure's comments document: the server
//! grants them `editor` on it (and `viewer` on the procedure), and checks each of their
//! changes with [`consultee_change_allowed`] (hydrating the document before and after).

use super::{Comment, ProcedureCommentsDoc, ProcedureError, Reply, SuggestionStatus};

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn reply_allowed(before: Option<&Reply>, after: &Reply, me: &str) -> Result<(), ProcedureError> {
    match before {
        None if same_person(&after.author, me) => Ok(()),
        None => Err(ProcedureError::ConsulteeMayNot("a reply in someone else's name")),
        Some(b) if b == after => Ok(()),
        Some(b) if same_person(&b.author, me) && b.author == after.author && b.at == after.at => Ok(()),
        Some(_) => Err(ProcedureError::ConsulteeMayNot("someone else's reply")),
    }
}

fn comment_allowed(before: Option<&Comment>, after: &Comment, me: &str) -> Result<(), ProcedureError> {
    let Some(b) = before else {
        if !same_person(&after.author, me) {
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
    let mine = same_person(&b.author, me);
    let fixed = |c: &Comment| (c.section, c.anchor.clone(), c.author.clone(), c.at);
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

/// Whether the change from `before` to `after` is one a consulted person (account `me`)
/// may make: adding comments and replies in their own name, editing or resolving their
/// own, changing their own open suggestion; never removing anything, never touching
/// anyone else's words, never deciding a suggestion.
pub fn consultee_change_allowed(before: &ProcedureCommentsDoc, after: &ProcedureCommentsDoc, me: &str) -> Result<(), ProcedureError> {
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
