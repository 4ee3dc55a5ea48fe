//! The access rules over an in-memory snapshot of the auth tables. Pure: no IO, no clock.
//! The rule itself (best of owning roles and grants) is the shared one in
//! [`domain::access`], which the app applies too; this adds owners, tokens and claims.
//!
//! - A document's **owners** are partnerships recorded by the server (never read from the
//!   document). An account reads a document when it holds any role in an owning
//!   partnership or a **grant** on the document; it writes when that role or grant is
//!   `editor` or `admin`. The best of its roles and grants counts.
//! - A principal that came **by API token** acts only for the token's partnership: it
//!   reads and writes that partnership's documents with the account's role there (grants
//!   to the account do not extend to its tokens).
//! - A **consultation** still open when the snapshot was built grants its consultees
//!   `viewer` on the document and `editor` on its comments document; the snapshot records
//!   the earliest closing time ([`Acl::next_expiry`]) and is rebuilt once it has passed
//!   ([`AccessControl::snapshot`](super::AccessControl::snapshot)), so a closed
//!   consultation grants nothing.
//! - A document nobody owns is readable and writable by nobody until it is **claimed**
//!   (see [`Acl::claim_partnership`]); the sync gate records the claim
//!   ([`AuthStore::claim`](super::AuthStore::claim)) on the first write and reloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use domain::{access, DocumentId};

use super::{AccountId, PartnershipId, Role, SessionId};

/// Who is asking: an account, and how it proved itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Principal {
    pub account: AccountId,
    pub via: Via,
}

/// How a principal signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// A browser session (its public id; check it with `AccessControl::session_alive`).
    Session(SessionId),
    /// An API token, acting for one partnership.
    Token { partnership: PartnershipId },
}

/// A partnership as the access rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnershipEntry {
    pub name: String,
    /// Its `PartnershipDoc`.
    pub document: DocumentId,
}

/// A snapshot of owners, roles, grants and API tokens. Cheap to query; rebuilt by
/// `AccessControl::reload` after every change.
#[derive(Debug, Clone, Default)]
pub struct Acl {
    partnerships: BTreeMap<PartnershipId, PartnershipEntry>,
    owners: HashMap<DocumentId, BTreeSet<PartnershipId>>,
    roles: HashMap<AccountId, BTreeMap<PartnershipId, Role>>,
    grants: HashMap<DocumentId, HashMap<AccountId, Role>>,
    /// sha256 hex of the token → (account, partnership).
    tokens: HashMap<String, (AccountId, PartnershipId)>,
    /// When each token stops working (unix ms).
    token_expiry: HashMap<String, i64>,
    /// Grants that end (consultations'): role and when it ends (unix ms).
    timed: HashMap<DocumentId, HashMap<AccountId, (Role, i64)>>,
    /// The earliest end of a timed grant (asked on every access check, so kept here).
    next_expiry: Option<i64>,
}

impl Acl {
    /// The principal's best role on `doc`, if any: the shared rule
    /// ([`domain::access::role_on`]) over the account's roles and grants, or, for a token,
    /// over its one partnership's role alone.
    pub fn role_on(&self, p: &Principal, doc: DocumentId) -> Option<Role> {
        let owners = self.owners.get(&doc);
        let roles = self.roles.get(&p.account).into_iter().flatten().map(|(p, r)| (*p, *r));
        let owns = |partnership: &PartnershipId| owners.is_some_and(|o| o.contains(partnership));
        match p.via {
            Via::Token { partnership } => access::role_on(roles.filter(|(p, _)| *p == partnership), owns, None),
            Via::Session(_) => {
                access::role_on(roles, owns, self.grant_of(p.account, doc))
            }
        }
    }

    /// The account's best grant on `doc`, ordinary or timed.
    fn grant_of(&self, account: AccountId, doc: DocumentId) -> Option<Role> {
        let plain = self.grants.get(&doc).and_then(|g| g.get(&account)).copied();
        let timed = self.timed.get(&doc).and_then(|g| g.get(&account)).map(|(r, _)| *r);
        plain.max(timed)
    }

    /// Whether `p` may read `doc` (an unowned document is readable by nobody).
    pub fn may_read(&self, p: &Principal, doc: DocumentId) -> bool {
        access::can_read(self.role_on(p, doc))
    }

    /// Whether `p` may change `doc` (an unowned document must be claimed first).
    pub fn may_write(&self, p: &Principal, doc: DocumentId) -> bool {
        access::can_write(self.role_on(p, doc))
    }

    /// Whether `p` may change `doc` only because a consultation consults them on it (the
    /// timed grant on a comments document): their changes there are checked one by one
    /// (a consulted person adds and changes only their own comments and replies).
    pub fn writes_only_as_consultee(&self, p: &Principal, doc: DocumentId) -> bool {
        let Via::Session(_) = p.via else { return false };
        let timed = self.timed.get(&doc).and_then(|g| g.get(&p.account)).is_some_and(|(r, _)| r.may_write());
        if !timed {
            return false;
        }
        let owners = self.owners.get(&doc);
        let roles = self.roles.get(&p.account).into_iter().flatten().map(|(p, r)| (*p, *r));
        let plain = self.grants.get(&doc).and_then(|g| g.get(&p.account)).copied();
        !access::can_write(access::role_on(roles, |x| owners.is_some_and(|o| o.contains(x)), plain))
    }

    /// Whether `p` (a person, signed in) only reads `doc` through their partnerships: a
    /// member. Such a person writes only their own responses to a written procedure, each
    /// change checked ([`domain::meeting::member_response_allowed`]); anything else is refused.
    pub fn writes_only_as_member(&self, p: &Principal, doc: DocumentId) -> bool {
        let Via::Session(_) = p.via else { return false };
        self.role_on(p, doc).is_some_and(|r| access::can_read(Some(r)) && !r.may_write())
    }

    /// Whether `doc` is the document of a partnership in which `p` may write but is not an
    /// admin (an editor): their changes to it are checked, since only admins change the
    /// partnership's compliance rules.
    pub fn edits_partnership_below_admin(&self, p: &Principal, doc: DocumentId) -> bool {
        self.partnerships.values().any(|e| e.document == doc) && self.role_on(p, doc).is_some_and(|r| r.may_write() && r != Role::Admin)
    }

    /// Whether `account` may read `doc` through any of its partnerships or grants (as a
    /// session would; for fetches that carry no session, e.g. calendar feeds).
    pub fn account_may_read(&self, account: AccountId, doc: DocumentId) -> bool {
        let owners = self.owners.get(&doc);
        let roles = self.roles.get(&account).into_iter().flatten().map(|(p, r)| (*p, *r));
        let grant = self.grants.get(&doc).and_then(|g| g.get(&account)).copied();
        access::can_read(access::role_on(roles, |p| owners.is_some_and(|o| o.contains(p)), grant))
    }

    /// Every document `account` may read through its partnerships or grants (e.g. for a
    /// person's calendar feed).
    pub fn readable_by(&self, account: AccountId) -> Vec<DocumentId> {
        let theirs: BTreeSet<PartnershipId> = self.roles.get(&account).into_iter().flatten().map(|(p, _)| *p).collect();
        let mut docs: Vec<DocumentId> = self
            .owners
            .iter()
            .filter(|(_, owners)| owners.iter().any(|o| theirs.contains(o)))
            .map(|(d, _)| *d)
            .chain(self.grants.iter().filter(|(_, g)| g.contains_key(&account)).map(|(d, _)| *d))
            .collect();
        docs.sort_by_key(|d| d.to_string());
        docs.dedup();
        docs
    }

    /// Whether anyone owns `doc`.
    pub fn is_owned(&self, doc: DocumentId) -> bool {
        self.owners.get(&doc).is_some_and(|o| !o.is_empty())
    }

    /// The owners of `doc`.
    pub fn owners(&self, doc: DocumentId) -> impl Iterator<Item = PartnershipId> + '_ {
        self.owners.get(&doc).into_iter().flatten().copied()
    }

    /// The partnership that would own `doc` if `p` wrote it first: `None` when the
    /// document already has an owner, or `p` has no single partnership to claim for.
    /// A token claims for its partnership (when its account may edit there); a session
    /// for the account's only partnership where it is editor or admin.
    pub fn claim_partnership(&self, p: &Principal, doc: DocumentId) -> Option<PartnershipId> {
        if self.is_owned(doc) {
            return None;
        }
        let roles = self.roles.get(&p.account)?;
        match p.via {
            Via::Token { partnership } => roles
                .get(&partnership)
                .is_some_and(|r| r.may_write())
                .then_some(partnership),
            Via::Session(_) => {
                let mut editable = roles.iter().filter(|(_, r)| r.may_write()).map(|(p, _)| *p);
                match (editable.next(), editable.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }
        }
    }

    /// The account's role in a partnership.
    pub fn role_in(&self, account: AccountId, partnership: PartnershipId) -> Option<Role> {
        self.roles.get(&account)?.get(&partnership).copied()
    }

    /// The partnerships where the account holds a role, with the role.
    pub fn partnerships_of(&self, account: AccountId) -> Vec<(PartnershipId, &PartnershipEntry, Role)> {
        self.roles
            .get(&account)
            .into_iter()
            .flatten()
            .filter_map(|(p, r)| Some((*p, self.partnerships.get(p)?, *r)))
            .collect()
    }

    /// The documents shared with the account by grants, with the granted role.
    pub fn shared_with(&self, account: AccountId) -> Vec<(DocumentId, Role)> {
        let plain = self.grants.iter().filter(|(_, g)| g.contains_key(&account)).map(|(d, _)| *d);
        let timed = self.timed.iter().filter(|(_, g)| g.contains_key(&account)).map(|(d, _)| *d);
        let docs: BTreeSet<DocumentId> = plain.chain(timed).collect();
        docs.into_iter()
            .filter_map(|d| self.grant_of(account, d).map(|r| (d, r)))
            .collect()
    }

    pub fn partnership(&self, id: PartnershipId) -> Option<&PartnershipEntry> {
        self.partnerships.get(&id)
    }

    /// The principal an API token (its sha256 hex) stands for.
    pub fn token(&self, token_hash: &str) -> Option<Principal> {
        self.tokens.get(token_hash).map(|(account, partnership)| Principal {
            account: *account,
            via: Via::Token {
                partnership: *partnership,
            },
        })
    }

    /// The number of admins of a partnership.
    pub fn admins(&self, partnership: PartnershipId) -> usize {
        self.roles
            .values()
            .filter(|r| r.get(&partnership) == Some(&Role::Admin))
            .count()
    }

    pub(crate) fn add_partnership(&mut self, id: PartnershipId, name: String, document: DocumentId) {
        self.partnerships.insert(id, PartnershipEntry { name, document });
    }

    pub(crate) fn set_role(&mut self, account: AccountId, partnership: PartnershipId, role: Role) {
        self.roles.entry(account).or_default().insert(partnership, role);
    }

    pub(crate) fn add_owner(&mut self, doc: DocumentId, partnership: PartnershipId) {
        self.owners.entry(doc).or_default().insert(partnership);
    }

    pub(crate) fn grant(&mut self, doc: DocumentId, account: AccountId, role: Role) {
        self.grants.entry(doc).or_default().insert(account, role);
    }

    /// A grant that ends at `expires_at` (a consultation's); where the account already
    /// holds a grant on the document, the better role counts.
    pub(crate) fn grant_until(&mut self, doc: DocumentId, account: AccountId, role: Role, expires_at: i64) {
        let held = self.timed.entry(doc).or_default().entry(account).or_insert((role, expires_at));
        *held = (held.0.max(role), held.1.min(expires_at));
        self.next_expiry = Some(self.next_expiry.map_or(expires_at, |t| t.min(expires_at)));
    }

    /// The earliest time (unix ms) a grant of this snapshot ends: from then on it is stale.
    pub fn next_expiry(&self) -> Option<i64> {
        self.next_expiry
    }

    /// This snapshot without the grants that end by `now` (when it cannot be rebuilt).
    pub(crate) fn without_grants_ending_by(&self, now: i64) -> Self {
        let mut acl = self.clone();
        for g in acl.timed.values_mut() {
            g.retain(|_, (_, t)| *t > now);
        }
        acl.timed.retain(|_, g| !g.is_empty());
        let ended: Vec<String> = acl.token_expiry.iter().filter(|(_, t)| **t <= now).map(|(h, _)| h.clone()).collect();
        for h in ended {
            acl.tokens.remove(&h);
            acl.token_expiry.remove(&h);
        }
        acl.next_expiry = acl.timed.values().flat_map(|g| g.values().map(|(_, t)| *t)).chain(acl.token_expiry.values().copied()).min();
        acl
    }

    pub(crate) fn add_token(&mut self, token_hash: String, account: AccountId, partnership: PartnershipId) {
        self.tokens.insert(token_hash, (account, partnership));
    }

    /// A token that stops working at `expires_at` (unix ms): the snapshot is stale from then
    /// on, and the rebuilt one leaves it out, so its sockets close at the next re-check.
    pub(crate) fn add_token_until(&mut self, token_hash: String, account: AccountId, partnership: PartnershipId, expires_at: i64) {
        self.add_token(token_hash.clone(), account, partnership);
        self.token_expiry.insert(token_hash, expires_at);
        self.next_expiry = Some(self.next_expiry.map_or(expires_at, |t| t.min(expires_at)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct World {
        acl: Acl,
        leicester: PartnershipId,
        lrscp: PartnershipId,
        own_doc: DocumentId,
        joint_doc: DocumentId,
        other_doc: DocumentId,
    }

    fn world() -> World {
        let mut acl = Acl::default();
        let (leicester, lrscp, derby) = (PartnershipId::random(), PartnershipId::random(), PartnershipId::random());
        for (p, n) in [(leicester, "L"), (lrscp, "LR"), (derby, "D")] {
            acl.add_partnership(p, n.into(), DocumentId::random());
        }
        let (own_doc, joint_doc, other_doc) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        acl.add_owner(own_doc, leicester);
        acl.add_owner(joint_doc, leicester);
        acl.add_owner(joint_doc, lrscp);
        acl.add_owner(other_doc, derby);
        World {
            acl,
            leicester,
            lrscp,
            own_doc,
            joint_doc,
            other_doc,
        }
    }

    fn session(account: AccountId) -> Principal {
        Principal {
            account,
            via: Via::Session(SessionId::random()),
        }
    }

    #[test]
    fn roles_decide_reading_and_writing_of_owned_documents() {
        let mut w = world();
        for role in [Role::Viewer, Role::Editor, Role::Admin] {
            let a = AccountId::random();
            w.acl.set_role(a, w.leicester, role);
            let p = session(a);
            assert!(w.acl.may_read(&p, w.own_doc), "{role}");
            assert!(w.acl.may_read(&p, w.joint_doc), "{role} reads the joint document");
            assert!(!w.acl.may_read(&p, w.other_doc), "{role} of another partnership");
            assert_eq!(w.acl.may_write(&p, w.own_doc), role.may_write());
            assert_eq!(w.acl.may_write(&p, w.joint_doc), role.may_write());
            assert!(!w.acl.may_write(&p, w.other_doc));
        }
        let nobody = session(AccountId::random());
        assert!(!w.acl.may_read(&nobody, w.own_doc));
    }

    #[test]
    fn a_grant_opens_one_document_and_the_best_role_counts() {
        let mut w = world();
        let a = AccountId::random();
        w.acl.set_role(a, w.lrscp, Role::Viewer);
        w.acl.grant(w.joint_doc, a, Role::Editor);
        w.acl.grant(w.other_doc, a, Role::Viewer);
        let p = session(a);
        assert!(w.acl.may_write(&p, w.joint_doc), "the editor grant beats the viewer role");
        assert!(w.acl.may_read(&p, w.other_doc));
        assert!(!w.acl.may_write(&p, w.other_doc));
        assert!(!w.acl.may_read(&p, w.own_doc));
        assert_eq!(w.acl.shared_with(a).len(), 2);
    }

    #[test]
    fn a_consultation_grant_adds_to_an_ordinary_one_and_records_when_it_ends() {
        let mut w = world();
        let (a, b) = (AccountId::random(), AccountId::random());
        w.acl.grant(w.joint_doc, a, Role::Editor);
        w.acl.grant_until(w.joint_doc, a, Role::Viewer, 2_000);
        w.acl.grant_until(w.joint_doc, b, Role::Viewer, 1_000);
        w.acl.grant_until(w.other_doc, b, Role::Editor, 3_000);
        assert!(w.acl.may_write(&session(a), w.joint_doc), "a consultation never lowers a share");
        assert!(w.acl.may_read(&session(b), w.joint_doc) && !w.acl.may_write(&session(b), w.joint_doc));
        assert!(w.acl.may_write(&session(b), w.other_doc));
        assert_eq!(w.acl.next_expiry(), Some(1_000));
        assert_eq!(w.acl.shared_with(b).len(), 2);
        assert_eq!(Acl::default().next_expiry(), None);
        let later = w.acl.without_grants_ending_by(1_000);
        assert!(!later.may_read(&session(b), w.joint_doc), "ended at 1 000");
        assert!(later.may_write(&session(b), w.other_doc));
        assert!(later.may_write(&session(a), w.joint_doc), "the ordinary grant stays");
        assert_eq!(later.next_expiry(), Some(2_000));
    }

    #[test]
    fn only_a_write_that_comes_from_a_consultation_alone_is_checked_as_a_consultees() {
        let mut w = world();
        let (consultee, editor, shared) = (AccountId::random(), AccountId::random(), AccountId::random());
        w.acl.grant_until(w.joint_doc, consultee, Role::Editor, 2_000);
        w.acl.set_role(editor, w.leicester, Role::Editor);
        w.acl.grant_until(w.joint_doc, editor, Role::Editor, 2_000);
        w.acl.grant(w.joint_doc, shared, Role::Editor);
        w.acl.grant_until(w.joint_doc, shared, Role::Editor, 2_000);
        assert!(w.acl.writes_only_as_consultee(&session(consultee), w.joint_doc));
        assert!(!w.acl.writes_only_as_consultee(&session(editor), w.joint_doc), "an owner's editor writes anyway");
        assert!(!w.acl.writes_only_as_consultee(&session(shared), w.joint_doc), "an ordinary editor grant");
        assert!(!w.acl.writes_only_as_consultee(&session(consultee), w.own_doc), "not consulted there");
        w.acl.grant_until(w.own_doc, consultee, Role::Viewer, 2_000);
        assert!(!w.acl.writes_only_as_consultee(&session(consultee), w.own_doc), "a reader writes nothing");
    }

    #[test]
    fn a_token_acts_only_for_its_partnership() {
        let mut w = world();
        let a = AccountId::random();
        w.acl.set_role(a, w.leicester, Role::Editor);
        w.acl.set_role(a, w.lrscp, Role::Editor);
        w.acl.grant(w.other_doc, a, Role::Editor);
        w.acl.add_token("h".into(), a, w.lrscp);
        let t = w.acl.token("h").unwrap();
        assert_eq!(t.via, Via::Token { partnership: w.lrscp });
        assert!(w.acl.may_write(&t, w.joint_doc));
        assert!(!w.acl.may_read(&t, w.own_doc), "Leicester's own document is not LRSCP's");
        assert!(!w.acl.may_read(&t, w.other_doc), "grants do not extend to tokens");
        assert!(w.acl.token("unknown").is_none());
    }

    #[test]
    fn unowned_documents_are_claimed_by_a_single_editable_partnership() {
        let mut w = world();
        let fresh = DocumentId::random();
        let a = AccountId::random();
        w.acl.set_role(a, w.leicester, Role::Editor);
        w.acl.set_role(a, w.lrscp, Role::Viewer);
        let p = session(a);
        assert!(!w.acl.may_read(&p, fresh) && !w.acl.may_write(&p, fresh));
        assert_eq!(w.acl.claim_partnership(&p, fresh), Some(w.leicester));
        assert_eq!(w.acl.claim_partnership(&p, w.own_doc), None, "already owned");
        w.acl.set_role(a, w.lrscp, Role::Admin);
        assert_eq!(w.acl.claim_partnership(&p, fresh), None, "two editable partnerships");
        let t = Principal {
            account: a,
            via: Via::Token { partnership: w.lrscp },
        };
        assert_eq!(w.acl.claim_partnership(&t, fresh), Some(w.lrscp));
        let viewer = AccountId::random();
        w.acl.set_role(viewer, w.leicester, Role::Viewer);
        assert_eq!(w.acl.claim_partnership(&session(viewer), fresh), None);
    }

    #[test]
    fn admins_are_counted_per_partnership() {
        let mut w = world();
        assert_eq!(w.acl.admins(w.leicester), 0);
        w.acl.set_role(AccountId::random(), w.leicester, Role::Admin);
        w.acl.set_role(AccountId::random(), w.lrscp, Role::Admin);
        assert_eq!(w.acl.admins(w.leicester), 1);
    }
}
