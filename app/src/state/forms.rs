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
    if !matches!(repo.read::<T>(id), DocView::Ready(_)) {
        return Err(vec![failure("This document has not loaded on this device yet. Try again in a moment".to_owned())]);
    }
    let time = super::partnership::now();
    match repo.change(id, |doc| domain::model::update::<T, _, Vec<P>>(doc, message, time, f)) {
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
