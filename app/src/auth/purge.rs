//! Revocation on start: after `POST /api/documents/readable`, the local copies the account
//! may no longer read are deleted.

use domain::DocumentId;

/// The documents held here that are to be deleted: those the server did not list as
/// readable, except ones created here and still waiting to be registered (the server cannot
/// know them yet) or whose registration the server refused (their copy here is the only one:
/// `keep` holds both lists).
pub fn unreadable_copies(
    held: &[DocumentId],
    readable: &[DocumentId],
    waiting_registration: &[DocumentId],
) -> Vec<DocumentId> {
    held.iter()
        .copied()
        .filter(|id| !readable.contains(id) && !waiting_registration.contains(id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn deletes_only_what_is_neither_readable_nor_waiting() {
        let (kept, revoked, new_here) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let gone = unreadable_copies(&[kept, revoked, new_here], &[kept], &[new_here]);
        assert_eq!(gone, vec![revoked]);
        assert!(unreadable_copies(&[], &[kept], &[]).is_empty());
        assert_eq!(unreadable_copies(&[kept], &[], &[]), vec![kept], "nothing readable: all go");
    }
}
