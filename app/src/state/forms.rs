//! Saving forms whose problems are named against fields, and naming versions.

use domain::DocumentId;

use crate::repo::{DocView, Repo};

/// Applies a form to an open document of type `T` as one change stamped now. The form's
/// problems come back as they are; a document that is not here, or cannot be written, is
/// reported through `failure`.
pub(crate) fn save_form<T, P>(
    repo: &Repo,
    id: DocumentId,
    message: &str,
    failure: impl Fn(String) -> P,
    f: impl FnOnce(&mut T) -> Result<(), Vec<P>>,
) -> Result<(), Vec<P>>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile,
{
    // Only whether it is here: the update below reads it (a shape problem is reported from
    // there), so a save reads the document once, not twice.
    if !repo.is_ready(id) {
        return Err(vec![failure("This document has not loaded on this device yet. Try again in a moment".to_owned())]);
    }
    let time = super::partnership::now();
    let changed = crate::repo::probe::timed("save.change", || {
        repo.change(id, |doc| domain::model::update::<T, _, Vec<P>>(doc, message, time, f))
    });
    match changed {
        Ok(Ok(())) => Ok(()),
        Ok(Err(domain::model::DocError::Rule(problems))) => Err(problems),
        Ok(Err(domain::model::DocError::Shape(e))) => Err(vec![failure(format!("The change could not be made: {e}"))]),
        Ok(Err(domain::model::DocError::Write(e))) => Err(vec![failure(format!("The change could not be made: {e}"))]),
        Err(_) => Err(vec![failure("This document is not open on this device".to_owned())]),
    }
}

/// Names the current state of document `id` (a partnership or group), e.g. version `7.7`,
/// note `CBC review`. The problem, if any, is written for the person.
pub fn name_version<T>(repo: &Repo, id: DocumentId, version: &str, note: &str) -> Result<(), String>
where
    T: autosurgeon::Hydrate + autosurgeon::Reconcile + domain::model::Versioned,
{
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err("This document has not loaded on this device yet. Try again in a moment".to_owned());
    }
    let time = super::partnership::now();
    match repo.change(id, |doc| domain::model::name_version::<T>(doc, version, note, time)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(domain::model::DocError::Rule(e))) => Err(e.to_string()),
        Ok(Err(e)) => Err(format!("The version could not be named: {e}")),
        Err(_) => Err("This document is not open on this device".to_owned()),
    }
}

/// One form's problems, named against its fields: `(field id, message)`. Each form owns
/// its own, so a form's errors never show against another form; a successful submit
/// clears them ([`FormErrors::clear`]), and a failed one replaces them.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors(leptos::prelude::RwSignal<Vec<(&'static str, String)>>);

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FormErrors {
    pub fn new() -> Self {
        Self(leptos::prelude::RwSignal::new(Vec::new()))
    }

    /// Replaces the problems with `problems` (a failed submit).
    pub fn set(self, problems: Vec<(&'static str, String)>) {
        use leptos::prelude::Set;
        self.0.set(problems);
    }

    /// One problem on `field`.
    pub fn fail(self, field: &'static str, message: impl Into<String>) {
        self.set(vec![(field, message.into())]);
    }

    /// No problems (a successful submit).
    pub fn clear(self) {
        self.set(Vec::new());
    }

    /// All the problems, in the form's order.
    pub fn all(self) -> leptos::prelude::Signal<Vec<(&'static str, String)>> {
        use leptos::prelude::Get;
        leptos::prelude::Signal::derive(move || self.0.get())
    }

    /// The first problem on `field`.
    pub fn on(self, field: &'static str) -> leptos::prelude::Signal<Option<String>> {
        use leptos::prelude::With;
        leptos::prelude::Signal::derive(move || {
            self.0.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    }

    pub fn is_empty_untracked(self) -> bool {
        use leptos::prelude::WithUntracked;
        self.0.with_untracked(Vec::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::FormErrors;
    use leptos::prelude::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_form_keeps_its_own_errors_and_a_success_clears_them() {
        let owner = Owner::new();
        owner.with(|| {
            let (group, organisation) = (FormErrors::new(), FormErrors::new());
            group.fail("group-name", "Enter a name");
            organisation.fail("organisation-name", "Enter the organisation's name");
            assert_eq!(group.all().get_untracked(), [("group-name", "Enter a name".to_owned())]);
            assert_eq!(organisation.on("group-name").get_untracked(), None);
            organisation.clear();
            assert!(organisation.all().get_untracked().is_empty());
            assert_eq!(group.on("group-name").get_untracked().as_deref(), Some("Enter a name"));
        });
    }
}
