//! The `/api/*` contract (`docs/access-control.md`, "HTTP API"): the JSON request and
//! response bodies of every endpoint, shared by the server (which answers them) and the
//! app (which sends them). Field names are camelCase on the wire; times are unix
//! milliseconds; ids of accounts, partnerships and sessions are opaque strings.

mod consultation;
mod feeds;
mod hosting;
mod papers;
mod two_step;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    access::{self, Role},
    DocumentId,
};

pub use consultation::{closes_at, BadClosingDate, Consultation, Consultee, OpenConsultation, MAX_CONSULTEES};
pub use feeds::{CreateFeed, FeedCreated, FeedSummary};
pub use papers::{PaperStored, MAX_PAPER_BYTES};
pub use two_step::{
    code_problem, secret_in_groups, CodeRequired, NewRecoveryCodes, RecoveryCodes, SignInCode, TurnOffTwoStep, TwoStepCode, TwoStepPolicy,
    TwoStepSetup, TwoStepStatus,
};
pub use hosting::{AddOwner, HostedPartnership, OperatorStatus, PartnershipStarted, StartPartnership};

/// Passwords have at least this many characters (counted as Unicode scalar values)...
pub const MIN_PASSWORD_CHARS: usize = 12;
/// ...and at most this many.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// At most this many ids in one `POST /api/documents/readable`.
pub const MAX_READABLE_IDS: usize = 10_000;

/// Every error answer: `{"error": "<message for people>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// `POST /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub password: String,
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
    pub role: Role,
}

/// A document shared with the account by a grant (e.g. a joint group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedDocument {
    #[serde(with = "document_id")]
    pub document_id: DocumentId,
    pub role: Role,
}

/// The answer of `GET /api/me`, of signing in and of accepting an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub account: Account,
    #[serde(default)]
    pub partnerships: Vec<PartnershipAccess>,
    #[serde(default)]
    pub shared: Vec<SharedDocument>,
    /// An admin of a partnership that requires two-step verification, without it: the app
    /// sends them to set it up, and the server refuses their admin actions until they do.
    #[serde(default)]
    pub two_step_needed: bool,
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

    /// This account's role on document `doc` owned by the partnership documents `owners`
    /// (a partnership document owns itself; a group lists its owners): [`access::role_on`].
    pub fn role_for(&self, doc: DocumentId, owners: &[DocumentId]) -> Option<Role> {
        access::role_on(
            self.partnerships.iter().map(|p| (p.document_id, p.role)),
            |d| *d == doc || owners.contains(d),
            self.shared.iter().filter(|s| s.document_id == doc).map(|s| s.role),
        )
    }

    /// Whether this account is an admin of the partnership whose document is `doc`.
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

/// One of the account's sessions (`GET /api/sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    #[serde(default)]
    pub user_agent: String,
    /// Whether this is the session asking.
    #[serde(default)]
    pub current: bool,
}

/// `PUT /api/me/password`: a signed-in person changes their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/password-links/{token}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPassword {
    pub password: String,
}

/// A member of a partnership (`GET /api/partnerships/{pid}/people`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub account_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// `PUT /api/partnerships/{pid}/people/{account}`. The role is checked by the server
/// (so a wrong one is answered in words, not as a malformed body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChange {
    pub role: String,
}

impl RoleChange {
    pub fn new(role: Role) -> Self {
        Self {
            role: role.as_str().to_owned(),
        }
    }
}

/// One line of a partnership's audit log (`GET /api/partnerships/{pid}/audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// The row's id: `GET …/audit?before=<id>` continues after it.
    #[serde(default)]
    pub id: i64,
    pub at: i64,
    pub kind: String,
    /// `Name <email>` of who did it, if anyone.
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub detail: String,
}

/// Rows per page of `GET /api/partnerships/{pid}/audit` (`?before=<id>&kind=<kind>`).
pub const AUDIT_PAGE: u32 = 100;

/// `POST /api/partnerships/{pid}/invitations`: to a partnership role, or (with
/// `document_id`) a grant on one document. The role is checked by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateInvitation {
    pub email: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
}

impl CreateInvitation {
    pub fn new(email: &str, role: Role, document: Option<DocumentId>) -> Self {
        Self {
            email: email.to_owned(),
            role: role.as_str().to_owned(),
            document_id: document.map(|d| d.to_string()),
        }
    }
}

/// The answer to creating an invitation: the link to give the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationCreated {
    pub link: String,
    pub expires_at: i64,
}

/// What an invitation link offers (`GET /api/invitations/{token}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationOffer {
    pub partnership_name: String,
    pub role: Role,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    #[serde(default)]
    pub account_exists: bool,
}

/// `POST /api/invitations/{token}/accept`: a name and password for a new account, or
/// nothing (accepting as the signed-in account).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptInvitation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `POST /api/documents`: records a new document's owning partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterDocument {
    pub document_id: String,
    pub partnership_id: String,
    /// Owned like this document (e.g. a meeting like its joint group): every partnership
    /// owning it owns the new one too. `partnership_id` must be one of them, and the person
    /// must be able to change this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_like: Option<String>,
}

/// `POST /api/documents/readable`: which of these may the account read?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadableQuery {
    pub document_ids: Vec<String>,
}

/// The answer: the readable ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readable {
    pub readable: Vec<String>,
}

/// Who delivered a change first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeAuthor {
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub at: i64,
}

/// `GET /api/documents/{doc}/attribution`: change hash (hex) → its author.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    #[serde(default)]
    pub changes: BTreeMap<String, ChangeAuthor>,
}

/// `DocumentId` as its string form in JSON.
pub mod document_id {
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    use crate::DocumentId;

    pub fn serialize<S: Serializer>(id: &DocumentId, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocumentId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(leicester: DocumentId, lrscp: DocumentId, joint: DocumentId) -> Me {
        let access = |id: &str, doc, role| PartnershipAccess {
            id: id.into(),
            name: id.into(),
            document_id: doc,
            role,
        };
        Me {
            account: Account {
                id: "a".into(),
                email: "e@example.org".into(),
                name: "N".into(),
            },
            partnerships: vec![access("leicester", leicester, Role::Viewer), access("lrscp", lrscp, Role::Editor)],
            shared: vec![SharedDocument {
                document_id: joint,
                role: Role::Editor,
            }],
            two_step_needed: false,
        }
    }

    #[test]
    fn me_round_trips_in_the_contract_shape() {
        let (l, r, j) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let me = me(l, r, j);
        let json: serde_json::Value = serde_json::from_str(&me.to_json()).unwrap();
        assert_eq!(json["partnerships"][0]["documentId"], l.to_string());
        assert_eq!(json["partnerships"][1]["role"], "editor");
        assert_eq!(json["shared"][0]["documentId"], j.to_string());
        assert_eq!(Me::parse(&me.to_json()).unwrap(), me);
        assert_eq!(me.documents(), vec![l, r, j]);
        let bad = me.to_json().replace("\"editor\"", "\"owner\"");
        assert!(Me::parse(&bad).is_err(), "an unknown role fails the answer");
    }

    #[test]
    fn me_applies_the_shared_access_rule() {
        let (l, r, j) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let me = me(l, r, j);
        let group = DocumentId::random();
        assert_eq!(me.role_for(l, &[]), Some(Role::Viewer), "a partnership document owns itself");
        assert_eq!(me.role_for(group, &[l]), Some(Role::Viewer));
        assert_eq!(me.role_for(group, &[l, r]), Some(Role::Editor));
        assert_eq!(me.role_for(j, &[]), Some(Role::Editor), "by the grant");
        assert_eq!(me.role_for(group, &[DocumentId::random()]), None);
        assert!(!me.administers(l));
    }

    #[test]
    fn requests_have_their_wire_names() {
        let doc = DocumentId::random();
        let inv = serde_json::to_value(CreateInvitation::new("x@example.org", Role::Viewer, Some(doc))).unwrap();
        assert_eq!(inv, serde_json::json!({"email": "x@example.org", "role": "viewer", "documentId": doc.to_string()}));
        let no_doc = serde_json::to_value(CreateInvitation::new("x@example.org", Role::Admin, None)).unwrap();
        assert!(no_doc.get("documentId").is_none());
        assert_eq!(serde_json::to_value(AcceptInvitation::default()).unwrap(), serde_json::json!({}));
        let reg = RegisterDocument {
            document_id: "d".into(),
            partnership_id: "p".into(),
            owned_like: None,
        };
        assert_eq!(serde_json::to_value(reg).unwrap(), serde_json::json!({"documentId": "d", "partnershipId": "p"}));
        let q = ReadableQuery { document_ids: vec!["d".into()] };
        assert_eq!(serde_json::to_value(q).unwrap(), serde_json::json!({"documentIds": ["d"]}));
        assert_eq!(serde_json::to_value(RoleChange::new(Role::Editor)).unwrap(), serde_json::json!({"role": "editor"}));
    }
}
