//! Positions in a UTF-8 text, worked out eight bytes at a time. A section of a large
//! procedure is some 150,000 characters; each keystroke converts a position or two between
//! characters (how Automerge and the editor's splices count), UTF-8 bytes (how Rust slices and
//! this workspace's Automerge count) and UTF-16 units (how a textarea counts). Decoding every
//! character up to the position costs a few nanoseconds each; counting the bytes that start a
//! character in whole 8-byte words costs a fraction of that.
//!
//! Each function gives exactly what its plain, character-by-character definition gives (the
//! tests check them against it on random texts).

/// The bits of each byte that mark a UTF-8 continuation byte (`10xxxxxx`) once masked.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many of `w`'s eight bytes start a character (are not `10xxxxxx`).
#[inline]
fn starts(w: u64) -> usize {
    8 - (w & !(w << 1) & HIGH).count_ones() as usize
}

/// How many of `w`'s eight bytes start a four-byte character (`11110xxx`): the characters
/// that take two UTF-16 units.
#[inline]
fn long_starts(w: u64) -> usize {
    (w & (w << 1) & (w << 2) & (w << 3) & !(w << 4) & HIGH).count_ones() as usize
}

#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Whether `b` continues a character (`10xxxxxx`).
#[inline]
fn continues(b: u8) -> bool {
    (b as i8) < -0x40
}

/// The byte offset where character `n` of `text` starts: its length when `n` is its length in
/// characters, `None` past that.
pub fn byte_of_char(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut at, mut chars) = (0, 0);
    while at + 8 <= bytes.len() {
        let s = starts(word(bytes, at));
        if chars + s > n {
            break;
        }
        chars += s;
        at += 8;
    }
    // A character counted in the last word may run on past it.
    let at = first_boundary(text, at);
    for (b, _) in text[at..].char_indices() {
        if chars == n {
            return Some(at + b);
        }
        chars += 1;
    }
    (chars == n).then_some(text.len())
}

/// The number of characters that start before byte `byte` of `text` (all of them past its
/// end): a byte offset as a character position, one inside a character counting it.
pub fn chars_before_byte(text: &str, byte: usize) -> usize {
    let bytes = &text.as_bytes()[..byte.min(text.len())];
    let mut at = 0;
    let mut chars = 0;
    while at + 8 <= bytes.len() {
        chars += starts(word(bytes, at));
        at += 8;
    }
    chars + bytes[at..].iter().filter(|b| !continues(**b)).count()
}

/// The length of `text` in UTF-16 code units.
pub fn utf16_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut units = 0;
    while at + 8 <= bytes.len() {
        let w = word(bytes, at);
        units += starts(w) + long_starts(w);
        at += 8;
    }
    // A character counted in the last word may run on past it.
    units + text[first_boundary(text, at)..].chars().map(char::len_utf16).sum::<usize>()
}

/// The first character boundary of `text` at or after `at`.
fn first_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The character index of UTF-16 offset `units` in `text`: the number of characters that
/// start before it (an offset inside a surrogate pair counts the character it splits; past
/// the end gives the length in characters).
pub fn chars_from_utf16(text: &str, units: usize) -> usize {
    walk_utf16(text, units).0.chars
}

/// A place in a text counted both ways: the characters before it, and its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub chars: usize,
    pub byte: usize,
}

/// Where UTF-16 offset `units` falls in `text`, in one walk: `None` when it splits a
/// surrogate pair (the middle of a four-byte character) or lies past the end.
pub fn place_of_utf16(text: &str, units: usize) -> Option<Place> {
    let (place, at_units) = walk_utf16(text, units);
    (at_units == units).then_some(place)
}

/// The first character of `text` that starts at or after UTF-16 offset `units` (or the
/// end), and the UTF-16 offset where it starts: past `units` when `units` splits a pair,
/// short of it when `units` lies past the end.
fn walk_utf16(text: &str, units: usize) -> (Place, usize) {
    let bytes = text.as_bytes();
    let (mut at, mut chars, mut seen) = (0, 0, 0);
    while at + 8 <= bytes.len() {
        let w = word(bytes, at);
        let (s, u) = (starts(w), starts(w) + long_starts(w));
        // Only when every character starting in the word starts before `units`.
        if seen + u >= units {
            break;
        }
        chars += s;
        seen += u;
        at += 8;
    }
    // A character counted in the last word may run on past it.
    let at = first_boundary(text, at);
    for (b, c) in text[at..].char_indices() {
        if seen >= units {
            return (Place { chars, byte: at + b }, seen);
        }
        seen += c.len_utf16();
        chars += 1;
    }
    (Place { chars, byte: text.len() }, seen)
}

/// The UTF-16 offset of character `n` of `text` (its length in UTF-16 units past the end).
pub fn utf16_from_chars(text: &str, n: usize) -> usize {
    utf16_len(&text[..byte_of_char(text, n).unwrap_or(text.len())])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn naive_byte_of_char(text: &str, n: usize) -> Option<usize> {
        let mut chars = text.char_indices();
        for _ in 0..n {
            chars.next()?;
        }
        Some(chars.next().map_or(text.len(), |(b, _)| b))
    }

    fn naive_chars_from_utf16(text: &str, utf16: usize) -> usize {
        let mut units = 0;
        for (i, c) in text.chars().enumerate() {
            if units >= utf16 {
                return i;
            }
            units += c.len_utf16();
        }
        text.chars().count()
    }

    fn naive_chars_before_byte(text: &str, byte: usize) -> usize {
        text.char_indices().take_while(|(b, _)| *b < byte).count()
    }

    /// Texts of ASCII, two-, three- and four-byte characters, in runs long and short.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => "[a-z ]{1,20}",
                1 => "[é£–’“”]{1,4}",
                1 => "[😀🧒👪]{1,3}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn every_position_agrees_with_counting_one_character_at_a_time(text in text(), extra in 0usize..3) {
            let chars = text.chars().count();
            for n in 0..=chars + extra {
                prop_assert_eq!(byte_of_char(&text, n), naive_byte_of_char(&text, n), "byte of char {}", n);
            }
            let units = text.encode_utf16().count();
            prop_assert_eq!(utf16_len(&text), units);
            for u in 0..=units + extra {
                prop_assert_eq!(chars_from_utf16(&text, u), naive_chars_from_utf16(&text, u), "chars from utf16 {}", u);
            }
            for n in 0..=chars + extra {
                let naive: usize = text.chars().take(n).map(char::len_utf16).sum();
                prop_assert_eq!(utf16_from_chars(&text, n), naive, "utf16 from chars {}", n);
            }
            for u in 0..=units + extra {
                let naive = (u <= units)
                    .then(|| naive_chars_from_utf16(&text, u))
                    .filter(|&c| text.chars().take(c).map(char::len_utf16).sum::<usize>() == u)
                    .map(|c| Place { chars: c, byte: naive_byte_of_char(&text, c).unwrap() });
                prop_assert_eq!(place_of_utf16(&text, u), naive, "place of utf16 {}", u);
            }
            for b in 0..=text.len() + extra {
                prop_assert_eq!(chars_before_byte(&text, b), naive_chars_before_byte(&text, b), "chars before byte {}", b);
            }
        }
    }

    #[test]
    fn a_long_text_with_a_few_curly_quotes() {
        let text = "The lead reviewer’s plan – agreed. ".repeat(2_000) + "😀 end";
        let n = text.chars().count();
        assert_eq!(byte_of_char(&text, n - 3), Some(text.len() - 3), "the e of \"end\"");
        assert_eq!(byte_of_char(&text, n), Some(text.len()));
        assert_eq!(byte_of_char(&text, n + 1), None);
        assert_eq!(utf16_len(&text), text.encode_utf16().count());
        assert_eq!(chars_from_utf16(&text, utf16_len(&text)), n);
        let end = utf16_len(&text);
        assert_eq!(place_of_utf16(&text, end), Some(Place { chars: n, byte: text.len() }));
        assert_eq!(place_of_utf16(&text, end - 5), None, "inside the pair of 😀");
        assert_eq!(place_of_utf16(&text, end - 6), Some(Place { chars: n - 5, byte: text.len() - 8 }), "before 😀");
        assert_eq!(place_of_utf16(&text, end + 1), None, "past the end");
    }
}
