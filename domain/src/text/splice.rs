//! [`Splice`]: one edit of a text (delete some characters at a position, insert others), and
//! finding the one splice that turns an old value into a new one (what a textarea's `input`
//! event did). Positions and lengths count `char`s (see [`crate::text`], "Unit").

/// At `pos`, delete `delete` characters and insert `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub pos: usize,
    pub delete: usize,
    pub insert: String,
}

impl Splice {
    /// The number of characters inserted.
    pub fn inserted(&self) -> usize {
        self.insert.chars().count()
    }

    /// `text` with this splice applied (positions past the end are clamped).
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(text);
        self.apply_in_place(&mut out);
        out
    }

    /// Applies this splice to `text` where it is: only what follows the splice moves.
    pub fn apply_in_place(&self, text: &mut String) {
        let start = byte_of(text, self.pos);
        let end = byte_of(text, self.pos.saturating_add(self.delete)).max(start);
        text.replace_range(start..end, &self.insert);
    }
}

/// The byte offset of the `n`th char of `s` (its length when `n` is past the end).
fn byte_of(s: &str, n: usize) -> usize {
    crate::text_index::byte_of_char(s, n).unwrap_or(s.len())
}

/// The single splice that turns `old` into `new`, or `None` when they are equal: the
/// longest common prefix is kept, then the longest common suffix of what remains. When the
/// same change could sit in several places (typing "a" into "aa"), this picks the last;
/// use [`splice_between_near`] with the caret to pick the one the person made.
pub fn splice_between(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    splice_between_near(old, new, new.chars().count())
}

/// As [`splice_between`], for an edit after which the caret is at `caret` (chars into
/// `new`, e.g. a textarea's `selectionEnd` after its `input` event): the inserted text is
/// taken to end at the caret where that is consistent with the change.
pub fn splice_between_near(old: &str, new: &str, caret: usize) -> Option<Splice> {
    if old == new {
        return None;
    }
    // Worked on the strings' bytes (a keystroke at the end of a long text compares it once,
    // without a copy as chars), counting chars only where a position needs them.
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    let prefix_bytes = common_prefix_bytes(old, new);
    let common_prefix = old[..prefix_bytes].chars().count();
    // The fewest characters a splice can touch: the common prefix, then the common suffix
    // of the rest.
    let minimal = kept(old, new, prefix_bytes);
    // The caret ends the inserted text: keep exactly the text after the caret as suffix,
    // and as much prefix as fits before it, when that touches no more characters than the
    // minimal splice.
    let suffix = new_len - caret.min(new_len);
    let near = (suffix <= kept(old, new, 0)).then(|| {
        let prefix = common_prefix.min(old_len - suffix.min(old_len)).min(new_len - suffix);
        (prefix, suffix)
    });
    let (prefix, suffix) = match near {
        Some((p, s)) if suffix <= old_len && p + s == common_prefix + minimal => (p, s),
        _ => (common_prefix, minimal),
    };
    let start = if prefix == common_prefix { prefix_bytes } else { byte_of(new, prefix) };
    let end = byte_from_end(new, suffix);
    Some(Splice {
        pos: prefix,
        delete: old_len - prefix - suffix,
        insert: new[start..end].to_owned(),
    })
}

/// How many bytes `old` and `new` share at their start, ending on a character boundary
/// (the same in both: the bytes before it are the same whole characters).
fn common_prefix_bytes(old: &str, new: &str) -> usize {
    let mut n = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The number of characters `old` and `new` share at their end, after their first `from`
/// bytes (a common prefix, so a boundary in both).
fn kept(old: &str, new: &str, from: usize) -> usize {
    let (a, b) = (&old[from..], &new[from..]);
    let n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    let mut start = a.len() - n;
    while !a.is_char_boundary(start) {
        start += 1;
    }
    a[start..].chars().count()
}

/// The byte offset where the last `n` chars of `s` start (0 when it has fewer).
fn byte_from_end(s: &str, n: usize) -> usize {
    match n {
        0 => s.len(),
        n => s.chars().count().checked_sub(n).map_or(0, |from_start| byte_of(s, from_start)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splice found, and that applying it to `old` gives `new`.
    fn found(old: &str, new: &str, caret: usize) -> Splice {
        let s = splice_between_near(old, new, caret).expect("a change");
        assert_eq!(s.apply(old), new, "{s:?} applied to {old:?}");
        s
    }

    fn splice(pos: usize, delete: usize, insert: &str) -> Splice {
        Splice {
            pos,
            delete,
            insert: insert.into(),
        }
    }

    #[test]
    fn no_change_is_no_splice() {
        assert_eq!(splice_between("same", "same"), None);
        assert_eq!(splice_between("", ""), None);
    }

    #[test]
    fn typing_deleting_and_replacing_make_one_splice() {
        assert_eq!(found("", "a", 1), splice(0, 0, "a"));
        assert_eq!(found("helo", "hello", 4), splice(3, 0, "l"));
        assert_eq!(found("hello", "hell", 4), splice(4, 1, ""));
        assert_eq!(found("hello world", "hello", 5), splice(5, 6, ""));
        assert_eq!(found("the cat sat", "the dog sat", 7), splice(4, 3, "dog"));
        assert_eq!(found("abc", "", 0), splice(0, 3, ""));
        assert_eq!(found("abc", "xyz", 3), splice(0, 3, "xyz"));
        // A paste over a selection.
        assert_eq!(found("one two three", "one 2 three", 5), splice(4, 3, "2"));
    }

    #[test]
    fn the_caret_decides_where_an_ambiguous_change_was_made() {
        // Typing "a" after the first "a" of "aa".
        assert_eq!(found("aa", "aaa", 1), splice(0, 0, "a"));
        assert_eq!(found("aa", "aaa", 2), splice(1, 0, "a"));
        assert_eq!(found("aa", "aaa", 3), splice(2, 0, "a"));
        // Backspace on the first of three "a"s leaves the caret at 0.
        assert_eq!(found("aaa", "aa", 0), splice(0, 1, ""));
        assert_eq!(found("aaa", "aa", 1), splice(1, 1, ""));
        // Without a caret, the last place.
        assert_eq!(splice_between("aa", "aaa"), Some(splice(2, 0, "a")));
        assert_eq!(splice_between("aaa", "aa"), Some(splice(2, 1, "")));
    }

    #[test]
    fn a_caret_that_does_not_fit_the_change_still_gives_a_correct_splice() {
        for caret in 0..6 {
            found("abcd", "abXcd", caret);
            found("abcd", "ad", caret);
            found("ab", "abab", caret);
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        // "é" is two bytes in UTF-8, one char.
        assert_eq!(found("café", "cafés", 5), splice(4, 0, "s"));
        assert_eq!(found("né", "nèé", 2), splice(1, 0, "è"));
        // An emoji is one char (four bytes, two UTF-16 units); a family emoji is five
        // chars joined by zero-width joiners.
        assert_eq!(found("a😀b", "a😀xb", 3), splice(2, 0, "x"));
        assert_eq!(found("a😀b", "ab", 1), splice(1, 1, ""));
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(found(&format!("x{family}y"), "xy", 1), splice(1, 5, ""));
        assert_eq!(splice(1, 1, "é").apply("a😀b"), "aéb");
    }

    #[test]
    fn a_keystroke_in_a_long_text_touches_only_its_character() {
        let long = "Café ✓ référé 😀 ".repeat(2_000);
        let n = long.chars().count();
        assert_eq!(found(&long, &format!("{long}x"), n + 1), splice(n, 0, "x"));
        assert_eq!(found(&format!("{long}x"), &long, n), splice(n, 1, ""));
        let mid: String = long.chars().take(7).chain("✗".chars()).chain(long.chars().skip(8)).collect();
        assert_eq!(found(&long, &mid, 8), splice(7, 1, "✗"));
    }

    #[test]
    fn applying_clamps_past_the_end() {
        assert_eq!(splice(10, 3, "!").apply("hi"), "hi!");
    }
}

/// Every splice that turns `old` into `new`, in order, each position in the text as the
/// earlier ones left it (a character diff): what arrived when several people edited in
/// different places between two updates. A caret between two of the edits stays between
/// them, where one splice spanning both would have swallowed it.
pub fn splices_between(old: &str, new: &str) -> Vec<Splice> {
    if old == new {
        return Vec::new();
    }
    let new_chars: Vec<char> = new.chars().collect();
    let text = |from: usize, len: usize| -> String { new_chars[from..from + len].iter().collect() };
    let mut out = Vec::new();
    let mut at = 0;
    for op in similar::TextDiff::from_chars(old, new).ops() {
        match *op {
            similar::DiffOp::Equal { len, .. } => at += len,
            similar::DiffOp::Delete { old_len, .. } => out.push(Splice { pos: at, delete: old_len, insert: String::new() }),
            similar::DiffOp::Insert { new_index, new_len, .. } => {
                out.push(Splice { pos: at, delete: 0, insert: text(new_index, new_len) });
                at += new_len;
            }
            similar::DiffOp::Replace { old_len, new_index, new_len, .. } => {
                out.push(Splice { pos: at, delete: old_len, insert: text(new_index, new_len) });
                at += new_len;
            }
        }
    }
    out
}
