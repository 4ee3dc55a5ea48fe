//! Element ids made at run time (`section-<id>`, `comment-body-<id>`) for components that take
//! `&'static str` ids (labels, error messages and the error summary refer to them, and
//! closures copy them). Each distinct id is kept once for the life of the page, however many
//! times a component using it is mounted again: the memory is bounded by the ids a person
//! meets, not by how often pages redraw.

use std::{cell::RefCell, collections::HashSet};

thread_local! {
    static IDS: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

/// The `&'static str` for `id`: the same one each time for the same text.
pub fn element_id(id: String) -> &'static str {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(kept) = ids.get(id.as_str()) {
            return *kept;
        }
        let kept: &'static str = Box::leak(id.into_boxed_str());
        ids.insert(kept);
        kept
    })
}

#[cfg(test)]
mod tests {
    use super::element_id;

    #[test]
    fn an_id_made_twice_is_kept_once() {
        let a = element_id("section-1".to_owned());
        let b = element_id(format!("section-{}", 1));
        assert!(std::ptr::eq(a, b), "the second call returns the id kept by the first");
        assert_eq!(a, "section-1");
        assert_ne!(element_id("section-2".to_owned()), a);
    }
}
