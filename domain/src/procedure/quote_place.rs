//! Where a comment's quoted words are in its section now: still under its anchor, moved
//! elsewhere in the section (cut and pasted, or retyped), or gone.

use std::ops::Range;

use automerge::Automerge;

use super::{resolve_anchor, section_text, Comment};

/// Where the quoted words of a comment are now (ranges in characters of the section's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotePlace {
    /// The anchor still covers exactly the quoted words.
    Anchored(Range<usize>),
    /// The anchor no longer covers them, but they are elsewhere in the section: the place
    /// nearest the anchor.
    Moved(Range<usize>),
    /// They are nowhere in the section (changed or deleted), or the comment has no anchor.
    Lost,
}

impl QuotePlace {
    /// The range to show, if the words are anywhere.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            QuotePlace::Anchored(r) | QuotePlace::Moved(r) => Some(r.clone()),
            QuotePlace::Lost => None,
        }
    }
}

/// Where `quote` is in `text`, given the range its anchor covers now (if any): under the
/// anchor, else the occurrence nearest the anchor's start (the first one without an anchor).
pub fn place_quote_in(text: &str, quote: &str, anchored: Option<Range<usize>>) -> QuotePlace {
    let chars: Vec<char> = text.chars().collect();
    let quote: Vec<char> = quote.chars().collect();
    if quote.is_empty() || quote.len() > chars.len() {
        return QuotePlace::Lost;
    }
    if let Some(r) = &anchored {
        if r.end <= chars.len() && chars[r.clone()] == quote[..] {
            return QuotePlace::Anchored(r.clone());
        }
    }
    let near = anchored.map_or(0, |r| r.start);
    (0..=chars.len() - quote.len())
        .filter(|&i| chars[i..i + quote.len()] == quote[..])
        .min_by_key(|&i| i.abs_diff(near))
        .map_or(QuotePlace::Lost, |i| QuotePlace::Moved(i..i + quote.len()))
}

/// Where comment `comment`'s quoted words are in `procedure` now.
pub fn place_quote(procedure: &Automerge, comment: &Comment) -> QuotePlace {
    let (Some(anchor), Some(text)) = (comment.anchor.as_ref(), section_text(procedure, comment.section)) else {
        return QuotePlace::Lost;
    };
    place_quote_in(&text, &anchor.quote, resolve_anchor(procedure, comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_under_their_anchor_moved_or_gone() {
        let text = "Tell your manager. Then tell the designated lead. Tell your manager.";
        assert_eq!(place_quote_in(text, "Tell your manager", Some(0..17)), QuotePlace::Anchored(0..17));
        assert_eq!(place_quote_in(text, "designated lead", Some(0..5)), QuotePlace::Moved(33..48));
        // Of two places, the one nearer the anchor.
        assert_eq!(place_quote_in(text, "Tell your manager", Some(45..50)), QuotePlace::Moved(50..67));
        assert_eq!(place_quote_in(text, "Tell your manager", None), QuotePlace::Moved(0..17));
        assert_eq!(place_quote_in(text, "social care", Some(0..5)), QuotePlace::Lost);
        assert_eq!(place_quote_in("é café", "café", Some(0..1)), QuotePlace::Moved(2..6), "in characters");
        assert_eq!(place_quote_in(text, "", None), QuotePlace::Lost);
    }
}
