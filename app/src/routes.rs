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
pub mod directory;
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

/// `/groups/<documentId>`: a group's terms of reference and membership.
pub fn group_href(id: DocumentId) -> String {
    format!("/groups/{id}")
}

/// `/settings`: storage on this device, app version, install.
pub fn settings_href() -> String {
    "/settings".to_owned()
}

/// `/accessibility`: the accessibility statement.
pub fn accessibility_href() -> String {
    "/accessibility".to_owned()
}

