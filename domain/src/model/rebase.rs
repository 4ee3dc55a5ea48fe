//! Saving a form on top of changes made elsewhere while it was open.

/// A form that is saved on top of the thing as it is now, not as it was when the form opened.
/// Implementations use [`rebased!`](super::rebased), so every field is listed.
pub trait Rebase: Sized {
    /// This form (opened on `base`) on top of `current`, the form the document gives now:
    /// each field the person changed since `base` keeps their value; every other field takes
    /// the current one, so saving never writes back a field changed on another device meanwhile.
    #[must_use]
    fn rebase(&self, base: &Self, current: &Self) -> Self;

    /// What to save: this form [`rebase`](Rebase::rebase)d onto `current` when the form was
    /// opened on an existing thing (`base`) and that thing still exists (`current`); otherwise
    /// the form as typed (a new thing, or one removed meanwhile, which the edit then reports).
    #[must_use]
    fn rebase_onto(self, base: Option<&Self>, current: Option<Self>) -> Self {
        match (base, current) {
            (Some(base), Some(current)) => self.rebase(base, &current),
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Form {
        a: &'static str,
        b: &'static str,
    }

    impl Rebase for Form {
        fn rebase(&self, base: &Self, current: &Self) -> Self {
            rebased!(Form { a, b }, self, base, current)
        }
    }

    const BASE: Form = Form { a: "a0", b: "b0" };
    /// The person changed `a`; `b` is as the form opened.
    const TYPED: Form = Form { a: "mine", b: "b0" };
    /// Another device changed `b` meanwhile.
    const NOW: Form = Form { a: "a0", b: "theirs" };

    #[test]
    fn rebase_onto_a_thing_that_still_exists_keeps_the_other_devices_change() {
        assert_eq!(TYPED.rebase_onto(Some(&BASE), Some(NOW)), Form { a: "mine", b: "theirs" });
    }

    #[test]
    fn rebase_onto_a_thing_gone_or_new_saves_the_form_as_typed() {
        assert_eq!(TYPED.rebase_onto(Some(&BASE), None), TYPED, "removed meanwhile");
        assert_eq!(TYPED.rebase_onto(None, Some(NOW)), TYPED, "no base: a new thing");
        assert_eq!(TYPED.rebase_onto(None, None), TYPED);
    }
}
