//! Consultations: a document put out to named accounts until a closing time. The grants
//! they give are not rows of `document_grants`: [`AuthStore::load_acl`](super::AuthStore::load_acl)
//! derives them from these tables while a consultation is open (see the migration).

use std::collections::BTreeSet;

use domain::DocumentId;
use rusqlite::params;

use super::{AuthStore, ConsultationsError};
use crate::{
    auth::{AccountId, PartnershipId},
    db::{AuthDb, Begin, SqlError, SqlRow},
};

/// A consultation to open (or to replace the open one of its document with).
#[derive(Debug, Clone)]
pub struct NewConsultation {
    pub document: DocumentId,
    pub comments: DocumentId,
    /// `YYYY-MM-DD`, as given.
    pub closes_on: String,
    /// When its grants end (unix ms).
    pub expires_at: i64,
    pub opened_by: AccountId,
    pub people: Vec<AccountId>,
}

/// A stored consultation, with its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRecord {
    pub document: DocumentId,
    pub comments: DocumentId,
    pub closes_on: String,
    pub expires_at: i64,
    pub people: Vec<ConsulteeRecord>,
}

/// One person consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsulteeRecord {
    pub account: AccountId,
    pub name: String,
    pub email: String,
}

/// Whether a consultation was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Stored; the comments document is owned by exactly the document's owners.
    Opened,
    /// The comments document belongs to a partnership that does not own the document.
    CommentsOwnedByOthers,
}

/// One consultee's access while the consultation is open, as the snapshot loads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConsultationGrant {
    pub document: DocumentId,
    pub comments: DocumentId,
    pub account: AccountId,
    pub expires_at: i64,
}

fn owners_of(db: &mut AuthDb, doc: DocumentId) -> Result<BTreeSet<PartnershipId>, SqlError> {
    db.query("SELECT partnership_id FROM document_owners WHERE document_id = ?1", &[&doc.to_string()])?
        .iter()
        .map(|r| r.get(0))
        .collect()
}

impl AuthStore {
    /// Opens `c` in one transaction: the comments document gets every owner of the
    /// document it lacks (it must have no others), and the consultation with its people
    /// replaces any earlier one of the document.
    pub fn open_consultation(&self, c: &NewConsultation) -> Result<Opened, ConsultationsError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Immediate, |db| {
            let owners = owners_of(db, c.document)?;
            let comment_owners = owners_of(db, c.comments)?;
            if !comment_owners.is_subset(&owners) {
                return Ok(Opened::CommentsOwnedByOthers);
            }
            for p in owners.difference(&comment_owners) {
                db.execute(
                    "INSERT INTO document_owners (document_id, partnership_id) VALUES (?1, ?2)",
                    params![c.comments.to_string(), p],
                )?;
            }
            let doc = c.document.to_string();
            db.execute("DELETE FROM consultations WHERE document_id = ?1", &[&doc])?;
            db.execute(
                "INSERT INTO consultations (document_id, comments_document_id, closes_on, expires_at, opened_by, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![doc, c.comments.to_string(), c.closes_on, c.expires_at, c.opened_by, now],
            )?;
            for a in &c.people {
                db.execute(
                    "INSERT INTO consultees (document_id, account_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    params![doc, a],
                )?;
            }
            Ok(Opened::Opened)
        })
    }

    /// The consultation of `document` (open or closed), with its people by name.
    pub fn consultation(&self, document: DocumentId) -> Result<Option<ConsultationRecord>, ConsultationsError> {
        let mut db = self.conn();
        let doc = document.to_string();
        let Some(row) = db.query_opt(
            "SELECT comments_document_id, closes_on, expires_at FROM consultations WHERE document_id = ?1",
            &[&doc],
        )?
        else {
            return Ok(None);
        };
        let (comments, closes_on, expires_at): (String, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let comments = comments.parse().map_err(|_| ConsultationsError::BadDocumentId(comments))?;
        let consultee = |r: &SqlRow| -> Result<ConsulteeRecord, SqlError> {
            Ok(ConsulteeRecord {
                account: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        };
        let people = db
            .query(
                "SELECT a.id, a.name, a.email FROM consultees c JOIN accounts a ON a.id = c.account_id
                 WHERE c.document_id = ?1 ORDER BY a.name, a.email",
                &[&doc],
            )?
            .iter()
            .map(consultee)
            .collect::<Result<_, _>>()?;
        Ok(Some(ConsultationRecord {
            document,
            comments,
            closes_on,
            expires_at,
            people,
        }))
    }

    /// Ends the consultation of `document` (its grants go with it); whether there was one.
    pub fn end_consultation(&self, document: DocumentId) -> Result<bool, ConsultationsError> {
        let n = self
            .conn()
            .execute("DELETE FROM consultations WHERE document_id = ?1", &[&document.to_string()])?;
        Ok(n > 0)
    }

    /// Every consultee of every consultation still open at `now`.
    pub(crate) fn open_consultation_grants(
        db: &mut AuthDb,
        now: i64,
    ) -> Result<Vec<ConsultationGrant>, ConsultationsError> {
        let rows = db.query(
            "SELECT c.document_id, c.comments_document_id, c.expires_at, e.account_id
             FROM consultations c JOIN consultees e ON e.document_id = c.document_id
             WHERE c.expires_at > ?1",
            &[&now],
        )?;
        let mut out = Vec::new();
        for r in &rows {
            let (d, c, expires_at, account): (String, String, i64, AccountId) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            // A row with an unreadable id grants nothing (as for owners and grants).
            if let (Ok(document), Ok(comments)) = (d.parse(), c.parse()) {
                out.push(ConsultationGrant {
                    document,
                    comments,
                    account,
                    expires_at,
                });
            }
        }
        Ok(out)
    }
}
