//! Splits a search snippet into plain and highlighted runs (the matched words are shown in
//! `<mark>`).

use std::ops::Range;

/// `text` cut at `ranges` (byte ranges, as the search index gives them): (run, matched).
/// Ranges out of order, overlapping or not on character boundaries are skipped.
pub fn runs(text: &str, ranges: &[Range<usize>]) -> Vec<(String, bool)> {
    let mut sorted: Vec<Range<usize>> = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    for r in sorted {
        if r.start < at || r.end > text.len() || r.start >= r.end || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        if r.start > at {
            out.push((text[at..r.start].to_owned(), false));
        }
        out.push((text[r.clone()].to_owned(), true));
        at = r.end;
    }
    if at < text.len() {
        out.push((text[at..].to_owned(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn matched_words_are_cut_out_in_order() {
        let r = runs("raise a concern early", &[(8..15), (0..5)]);
        assert_eq!(r, [("raise".into(), true), (" a ".into(), false), ("concern".into(), true), (" early".into(), false)]);
    }

    #[wasm_bindgen_test]
    fn bad_ranges_are_skipped() {
        let r = runs("café", &[(3..4), (0..99)]);
        assert_eq!(r, [("café".into(), false)]);
    }
}
