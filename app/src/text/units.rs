//! The browser counts a textarea's `selectionStart`/`selectionEnd` in UTF-16 code units;
//! Automerge text counts `char`s (see [`crate::text`]). These convert at that edge.

/// The `char` index of the UTF-16 offset `utf16` in `text` (an offset inside a surrogate
/// pair counts as the character it splits; past the end gives the length in chars).
pub fn chars_from_utf16(text: &str, utf16: usize) -> usize {
    domain::text_index::chars_from_utf16(text, utf16)
}

/// The UTF-16 offset of the `char` index `chars` in `text` (past the end gives the length
/// in UTF-16 code units).
pub fn utf16_from_chars(text: &str, chars: usize) -> usize {
    domain::text_index::utf16_from_chars(text, chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_the_same_in_both_units() {
        for i in 0..=5 {
            assert_eq!(chars_from_utf16("hello", i), i);
            assert_eq!(utf16_from_chars("hello", i), i);
        }
    }

    #[test]
    fn accents_are_one_unit_and_emoji_two() {
        let text = "é😀x";
        assert_eq!(utf16_from_chars(text, 1), 1);
        assert_eq!(utf16_from_chars(text, 2), 3);
        assert_eq!(utf16_from_chars(text, 3), 4);
        assert_eq!(chars_from_utf16(text, 3), 2);
        assert_eq!(chars_from_utf16(text, 4), 3);
        // Inside the surrogate pair: the emoji.
        assert_eq!(chars_from_utf16(text, 2), 2);
        assert_eq!(chars_from_utf16(text, 99), 3);
        assert_eq!(utf16_from_chars(text, 99), 4);
        for i in 0..=3 {
            assert_eq!(chars_from_utf16(text, utf16_from_chars(text, i)), i, "round trip {i}");
        }
    }
}
