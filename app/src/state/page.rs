//! One page of a long list, as the GOV.UK pagination component shows it: which rows, "Showing
//! 101 to 200 of 2,025", and the page links (the first, the last, the current page and its
//! neighbours, with an ellipsis for each gap).

use std::ops::Range;

/// Rows a page of the action tracker shows.
pub const PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// From 1, at most `count`.
    pub number: usize,
    /// How many pages (at least 1, also for an empty list).
    pub count: usize,
    /// Rows in the whole list.
    pub total: usize,
    /// Rows a page.
    pub size: usize,
}

/// An entry of the pagination list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    Number(usize),
    Ellipsis,
}

impl Page {
    /// Page `asked` of `total` rows, `size` a page: a page before the first is the first, one
    /// after the last (the list shrank, or the address was edited) is the last.
    pub fn of(asked: usize, total: usize, size: usize) -> Self {
        let size = size.max(1);
        let count = total.div_ceil(size).max(1);
        Self { number: asked.clamp(1, count), count, total, size }
    }

    /// The rows of the list this page shows.
    pub fn range(&self) -> Range<usize> {
        let start = (self.number - 1) * self.size;
        start.min(self.total)..(start + self.size).min(self.total)
    }

    pub fn previous(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    pub fn next(&self) -> Option<usize> {
        (self.number < self.count).then(|| self.number + 1)
    }

    /// The numbered links: none for a single page; otherwise the first, the last, the current
    /// page and the pages either side of it, an ellipsis where pages are left out.
    pub fn links(&self) -> Vec<PageLink> {
        if self.count == 1 {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut last_shown = 0;
        for n in 1..=self.count {
            if n == 1 || n == self.count || n.abs_diff(self.number) <= 1 {
                if n > last_shown + 1 {
                    out.push(PageLink::Ellipsis);
                }
                out.push(PageLink::Number(n));
                last_shown = n;
            }
        }
        out
    }
}

/// `n` with a comma every three digits, as GOV.UK writes numbers over 999.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_page_holds_its_rows_and_out_of_range_pages_clamp() {
        let p = Page::of(2, 2025, 100);
        assert_eq!((p.number, p.count, p.range()), (2, 21, 100..200));
        let last = Page::of(99, 2025, 100);
        assert_eq!((last.number, last.range(), last.next(), last.previous()), (21, 2000..2025, None, Some(20)));
        let first = Page::of(0, 2025, 100);
        assert_eq!((first.number, first.range(), first.previous(), first.next()), (1, 0..100, None, Some(2)));
        let empty = Page::of(3, 0, 100);
        assert_eq!((empty.number, empty.count, empty.range()), (1, 1, 0..0));
        assert!(empty.links().is_empty() && Page::of(1, 100, 100).links().is_empty(), "one page: no pagination");
    }

    #[wasm_bindgen_test]
    fn links_keep_the_ends_and_the_neighbours_with_ellipses_between() {
        use PageLink::{Ellipsis as E, Number as N};
        assert_eq!(Page::of(1, 2025, 100).links(), [N(1), N(2), E, N(21)]);
        assert_eq!(Page::of(10, 2025, 100).links(), [N(1), E, N(9), N(10), N(11), E, N(21)]);
        assert_eq!(Page::of(3, 2025, 100).links(), [N(1), N(2), N(3), N(4), E, N(21)]);
        assert_eq!(Page::of(21, 2025, 100).links(), [N(1), E, N(20), N(21)]);
        assert_eq!(Page::of(2, 300, 100).links(), [N(1), N(2), N(3)]);
        assert_eq!(thousands(2025), "2,025");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
