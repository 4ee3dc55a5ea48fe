//! Pages, one module each, and typed links to them.

pub mod accessibility;
pub mod group;
pub mod group_links;
pub mod group_rules;
pub mod not_found;
pub mod partnership;
pub mod partnership_content;
pub mod version;
pub mod partnerships;
pub mod people;
pub mod seat_editor;
pub mod settings;

use domain::DocumentId;

/// `/`: the list of partnerships.
pub fn partnerships_href() -> String {
    "/".to_owned()
}

/// `/partnerships/<documentId>`.
pub fn partnership_href(id: DocumentId) -> String {
    format!("/partnerships/{id}")
}

pub use people::people_href;

/// `/groups/<documentId>`: a group's terms of reference and membership.
pub fn group_href(id: DocumentId) -> String {
    format!("/groups/{id}")
}

/// `/groups/<documentId>/versions/<hash,hash>`: a read-only view of an earlier version.
pub fn group_version_href(id: DocumentId, heads: &[automerge::ChangeHash]) -> String {
    format!("/groups/{id}/versions/{}", heads_param(heads))
}

/// `/partnerships/<documentId>/versions/<hash,hash>`.
pub fn partnership_version_href(id: DocumentId, heads: &[automerge::ChangeHash]) -> String {
    format!("/partnerships/{id}/versions/{}", heads_param(heads))
}

fn heads_param(heads: &[automerge::ChangeHash]) -> String {
    heads.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(",")
}

/// The heads in a version link, or `None` when one does not parse.
pub fn parse_heads(param: &str) -> Option<Vec<automerge::ChangeHash>> {
    param.split(',').map(|h| h.parse().ok()).collect::<Option<Vec<_>>>().filter(|h| !h.is_empty())
}

/// `/settings`: storage on this device, app version, install.
pub fn settings_href() -> String {
    "/settings".to_owned()
}

/// `/accessibility`: the accessibility statement.
pub fn accessibility_href() -> String {
    "/accessibility".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn version_links_carry_the_heads_and_parse_back() {
        let mut doc = automerge::AutoCommit::new();
        automerge::transaction::Transactable::put(&mut doc, automerge::ROOT, "name", "Board").unwrap();
        let heads = doc.get_heads();
        let id = DocumentId::random();
        let href = group_version_href(id, &heads);
        let param = href.rsplit('/').next().unwrap();
        assert_eq!(parse_heads(param), Some(heads));
        assert_eq!(parse_heads("not-a-hash"), None);
        assert_eq!(parse_heads(""), None);
    }
}
