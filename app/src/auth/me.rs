//! `GET /api/me`: who is signed in, their partnerships with their role, and the documents
//! shared with them. Plain data; role resolution lives here so the UI and tests share it.

use domain::DocumentId;
use serde::{Deserialize, Serialize};

/// A role in a partnership or on a shared document. Ordered: viewer < editor < admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessRole {
    Viewer,
    Editor,
    Admin,
}

impl AccessRole {
    pub const ALL: [AccessRole; 3] = [AccessRole::Admin, AccessRole::Editor, AccessRole::Viewer];

    /// May change documents.
    pub fn can_edit(self) -> bool {
        self >= AccessRole::Editor
    }

    pub fn is_admin(self) -> bool {
        self == AccessRole::Admin
    }

    /// The wire value (`admin`, `editor`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessRole::Admin => "admin",
            AccessRole::Editor => "editor",
            AccessRole::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            AccessRole::Admin => "Admin",
            AccessRole::Editor => "Editor",
            AccessRole::Viewer => "Viewer",
        }
    }

    /// A sentence for the role radios' hints.
    pub fn hint(self) -> &'static str {
        match self {
            AccessRole::Admin => "Can change everything, and manage people and invitations",
            AccessRole::Editor => "Can change documents",
            AccessRole::Viewer => "Can read documents, and change nothing",
        }
    }
}

/// The signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// A partnership the account holds a role in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnershipAccess {
    /// The partnership's id on the server (used in `/api/partnerships/{id}/…`).
    pub id: String,
    pub name: String,
    /// Its partnership document.
    #[serde(with = "document_id")]
    pub document_id: DocumentId,
    pub role: AccessRole,
}

/// A document shared with the account by a grant (e.g. a joint group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedDocument {
    #[serde(with = "document_id")]
    pub document_id: DocumentId,
    pub role: AccessRole,
}

/// The answer of `GET /api/me` (and of sign-in and accepting an invitation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub account: Account,
    #[serde(default)]
    pub partnerships: Vec<PartnershipAccess>,
    #[serde(default)]
    pub shared: Vec<SharedDocument>,
}

impl Me {
    /// Parses the JSON body. Entries the app cannot use (a bad document id, an unknown
    /// role) fail the whole answer: the server and app share the contract.
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The partnership whose document is `doc`.
    pub fn partnership_by_document(&self, doc: DocumentId) -> Option<&PartnershipAccess> {
        self.partnerships.iter().find(|p| p.document_id == doc)
    }

    /// The partnership with server id `id`.
    pub fn partnership(&self, id: &str) -> Option<&PartnershipAccess> {
        self.partnerships.iter().find(|p| p.id == id)
    }

    /// The best role this account holds on document `doc`, owned by the partnership
    /// documents `owners` (a partnership document owns itself; a group lists its owners):
    /// any role in an owning partnership, or a grant on the document itself.
    pub fn role_for(&self, doc: DocumentId, owners: &[DocumentId]) -> Option<AccessRole> {
        let by_partnership = self
            .partnerships
            .iter()
            .filter(|p| p.document_id == doc || owners.contains(&p.document_id))
            .map(|p| p.role);
        let by_grant = self.shared.iter().filter(|s| s.document_id == doc).map(|s| s.role);
        by_partnership.chain(by_grant).max()
    }

    /// The partnerships in which this account is an admin.
    pub fn administers(&self, doc: DocumentId) -> bool {
        self.partnership_by_document(doc).is_some_and(|p| p.role.is_admin())
    }

    /// Every document the app should hold: the partnerships' documents and the shared ones.
    pub fn documents(&self) -> Vec<DocumentId> {
        let mut ids: Vec<DocumentId> = self.partnerships.iter().map(|p| p.document_id).collect();
        for s in &self.shared {
            if !ids.contains(&s.document_id) {
                ids.push(s.document_id);
            }
        }
        ids
    }
}

/// `DocumentId` as its string form in JSON.
pub(crate) mod document_id {
    use domain::DocumentId;
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(id: &DocumentId, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocumentId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn me_json(leicester: DocumentId, joint: DocumentId) -> String {
        format!(
            r#"{{"account":{{"id":"a1","email":"leicester.viewer@example.org","name":"Lee Viewer"}},
               "partnerships":[{{"id":"p1","name":"Leicester","documentId":"{leicester}","role":"viewer"}}],
               "shared":[{{"documentId":"{joint}","role":"editor"}}]}}"#
        )
    }

    #[wasm_bindgen_test]
    fn me_parses_the_contract_shape_and_round_trips() {
        let (l, j) = (DocumentId::random(), DocumentId::random());
        let me = Me::parse(&me_json(l, j)).unwrap();
        assert_eq!(me.account.name, "Lee Viewer");
        assert_eq!(me.partnerships[0].document_id, l);
        assert_eq!(me.partnerships[0].role, AccessRole::Viewer);
        assert_eq!(me.shared[0].document_id, j);
        assert_eq!(Me::parse(&me.to_json()).unwrap(), me);
        assert_eq!(me.documents(), vec![l, j]);
    }

    #[wasm_bindgen_test]
    fn me_without_lists_is_an_account_with_nothing() {
        let me = Me::parse(r#"{"account":{"id":"a","email":"e@example.org","name":"N"}}"#).unwrap();
        assert!(me.partnerships.is_empty() && me.shared.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_bad_document_id_or_role_is_refused() {
        let bad_id = r#"{"account":{"id":"a","email":"e","name":"N"},"partnerships":[{"id":"p","name":"P","documentId":"not an id","role":"admin"}]}"#;
        assert!(Me::parse(bad_id).is_err());
        let l = DocumentId::random();
        let bad_role = format!(r#"{{"account":{{"id":"a","email":"e","name":"N"}},"partnerships":[{{"id":"p","name":"P","documentId":"{l}","role":"owner"}}]}}"#);
        assert!(Me::parse(&bad_role).is_err());
    }

    #[wasm_bindgen_test]
    fn the_best_role_among_owning_partnerships_and_grants_wins() {
        let (leicester, lrscp, derby, joint) = (
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
            DocumentId::random(),
        );
        let access = |id: &str, doc, role| PartnershipAccess { id: id.into(), name: id.into(), document_id: doc, role };
        let me = Me {
            account: Account { id: "a".into(), email: "e".into(), name: "N".into() },
            partnerships: vec![
                access("leicester", leicester, AccessRole::Viewer),
                access("lrscp", lrscp, AccessRole::Editor),
            ],
            shared: vec![SharedDocument { document_id: joint, role: AccessRole::Admin }],
        };
        // A partnership document owns itself.
        assert_eq!(me.role_for(leicester, &[]), Some(AccessRole::Viewer));
        // A group owned by Leicester only: viewer; jointly with LRSCP: editor.
        let group = DocumentId::random();
        assert_eq!(me.role_for(group, &[leicester]), Some(AccessRole::Viewer));
        assert_eq!(me.role_for(group, &[leicester, lrscp]), Some(AccessRole::Editor));
        // A grant counts too, and the best role wins.
        assert_eq!(me.role_for(joint, &[leicester]), Some(AccessRole::Admin));
        // Another partnership's group: no role.
        assert_eq!(me.role_for(group, &[derby]), None);
        assert!(!AccessRole::Viewer.can_edit() && AccessRole::Editor.can_edit() && AccessRole::Admin.can_edit());
        assert!(me.administers(leicester) == false);
    }

    #[wasm_bindgen_test]
    fn roles_parse_from_their_wire_names() {
        for r in AccessRole::ALL {
            assert_eq!(AccessRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(AccessRole::parse("owner"), None);
    }
}
