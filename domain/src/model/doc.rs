//! The one place that turns documents into typed values and back.

use automerge::{transaction::CommitOptions, Automerge};
use autosurgeon::{Hydrate, Reconcile};

use super::{cached_reader::CachedReader, reader::DocReader};

/// A document could not be read as, or written from, its type.
#[derive(Debug, thiserror::Error)]
pub enum DocError<E = std::convert::Infallible> {
    #[error("document does not have the expected shape: {0}")]
    Shape(#[from] autosurgeon::HydrateError),
    #[error("could not write the document: {0}")]
    Write(String),
    /// The change broke a rule of the domain; nothing was written.
    #[error(transparent)]
    Rule(E),
}

/// Reads a whole document as `T`.
pub fn read<T: Hydrate>(doc: &Automerge) -> Result<T, DocError> {
    Ok(autosurgeon::hydrate(&CachedReader::new(DocReader::latest(doc)))?)
}

/// Reads `T`, lets `f` change it (applying the domain's rules), and writes the difference
/// back in one change carrying `message` and `time` (seconds since the epoch). If `f`
/// fails, the document is untouched.
pub fn update<T, R, E>(
    doc: &mut Automerge,
    message: &str,
    time: i64,
    f: impl FnOnce(&mut T) -> Result<R, E>,
) -> Result<R, DocError<E>>
where
    T: Hydrate + Reconcile,
{
    // Read inside the transaction, so the values written back (text in particular, which
    // remembers the heads it was read at) are read at exactly the heads they are written to.
    // Not the document's heads just before: a transaction also depends on this actor's last
    // change when that is not a head (another tab of this browser wrote it), so its heads can
    // differ, and autosurgeon would refuse the text as stale.
    doc.transact_with::<_, _, DocError<E>, _>(
        |_| CommitOptions::default().with_message(message.to_owned()).with_time(time),
        |tx| {
            let mut value: T = autosurgeon::hydrate(tx).map_err(DocError::Shape)?;
            let out = f(&mut value).map_err(DocError::Rule)?;
            autosurgeon::reconcile(tx, &value).map_err(|e| DocError::Write(e.to_string()))?;
            Ok(out)
        },
    )
    .map(|success| success.result)
    .map_err(|failure| failure.error)
}
