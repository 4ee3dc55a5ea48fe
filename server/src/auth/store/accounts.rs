//! Accounts, memberships, password links and the audit log's reading side.

use rusqlite::params;

use super::{AccountsError, AuditError, AuthStore};
use crate::{
    auth::{AccountId, Email, PartnershipId, Role, SqlRole},
    db::{Begin, SqlError, SqlRow},
};

/// An account as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    /// The argon2id PHC string, `None` until a password is set.
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A member of a partnership, for its admins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub account: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// One audit row, for a partnership's admins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// The row's id: pages of the log continue from the last one (`before`).
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub actor: Option<String>,
    pub detail: String,
}

fn account(r: &SqlRow) -> Result<Account, SqlError> {
    Ok(Account {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        password_hash: r.get(3)?,
    })
}

impl AuthStore {
    /// A new account; fails when the email is taken.
    pub fn create_account(&self, email: &Email, name: &str, password_hash: Option<&str>) -> Result<AccountId, AccountsError> {
        let id = AccountId::random();
        self.conn().execute(
            "INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, email.as_str(), name, password_hash, self.now_ms()],
        )?;
        Ok(id)
    }

    pub fn account_by_email(&self, email: &Email) -> Result<Option<Account>, AccountsError> {
        Ok(self
            .conn()
            .query_opt("SELECT id, email, name, password_hash FROM accounts WHERE email = ?1", &[&email.as_str()])?
            .as_ref()
            .map(account)
            .transpose()?)
    }

    pub fn account(&self, id: AccountId) -> Result<Option<Account>, AccountsError> {
        Ok(self
            .conn()
            .query_opt("SELECT id, email, name, password_hash FROM accounts WHERE id = ?1", &[&id])?
            .as_ref()
            .map(account)
            .transpose()?)
    }

    pub fn set_password_hash(&self, id: AccountId, hash: &str) -> Result<(), AccountsError> {
        self.conn()
            .execute("UPDATE accounts SET password_hash = ?2 WHERE id = ?1", params![id, hash])?;
        Ok(())
    }

    /// A partnership's people, by name.
    pub fn people(&self, partnership: PartnershipId) -> Result<Vec<Person>, AccountsError> {
        let rows = self.conn().query(
            "SELECT a.id, a.name, a.email, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.partnership_id = ?1 ORDER BY a.name, a.email",
            &[&partnership],
        )?;
        let person = |r: &SqlRow| -> Result<Person, SqlError> {
            Ok(Person {
                account: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                role: r.get::<SqlRole>(3)?.0,
            })
        };
        Ok(rows.iter().map(person).collect::<Result<_, _>>()?)
    }

    /// Removes an account from a partnership; returns whether it was a member.
    pub fn remove_member(&self, account: AccountId, partnership: PartnershipId) -> Result<bool, AccountsError> {
        Ok(self.conn().execute(
            "DELETE FROM memberships WHERE account_id = ?1 AND partnership_id = ?2",
            params![account, partnership],
        )? > 0)
    }

    /// A one-time password link (by its hash) for `account`.
    pub fn create_password_link(&self, token_hash: &str, account: AccountId, expires_at: i64) -> Result<(), AccountsError> {
        self.conn().execute(
            "INSERT INTO password_links (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, account, expires_at],
        )?;
        Ok(())
    }

    /// Uses a password link: sets the account's password hash and marks the link used,
    /// atomically. `None` when the link is unknown, used or expired.
    /// Whether `token_hash` names an unused, unexpired password link (checked before any
    /// password is hashed, so unknown links cost nothing; `use_password_link` checks again).
    pub fn password_link_pending(&self, token_hash: &str) -> Result<bool, AccountsError> {
        let now = self.now_ms();
        Ok(self
            .conn()
            .query_opt(
                "SELECT 1 FROM password_links WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                params![token_hash, now],
            )?
            .is_some())
    }

    pub fn use_password_link(&self, token_hash: &str, password_hash: &str) -> Result<Option<AccountId>, AccountsError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Immediate, |db| {
            let account: Option<AccountId> = db
                .query_opt(
                    "UPDATE password_links SET used_at = ?2
                     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING account_id",
                    params![token_hash, now],
                )?
                .map(|r| r.get(0))
                .transpose()?;
            if let Some(a) = account {
                db.execute("UPDATE accounts SET password_hash = ?2 WHERE id = ?1", params![a, password_hash])?;
            }
            Ok(account)
        })
    }

    /// A partnership's audit log (its own rows and its members' sign-ins), newest first, at most `limit` rows.
    pub fn audit_log(&self, partnership: PartnershipId, limit: u32) -> Result<Vec<AuditRow>, AuditError> {
        self.audit_page(partnership, limit, None, None)
    }

    /// One page of a partnership's audit log, newest first: rows older than `before` (a row
    /// id from the previous page), of one `kind` if given.
    pub fn audit_page(&self, partnership: PartnershipId, limit: u32, before: Option<i64>, kind: Option<&str>) -> Result<Vec<AuditRow>, AuditError> {
        let rows = self.conn().query(
            "SELECT l.at, l.kind, a.name, a.email, l.detail, l.id FROM audit l LEFT JOIN accounts a ON a.id = l.account_id
             WHERE (l.partnership_id = ?1
                OR (l.partnership_id IS NULL
                    AND l.account_id IN (SELECT account_id FROM memberships WHERE partnership_id = ?1)))
               AND l.id < CAST(?3 AS BIGINT) AND (CAST(?4 AS TEXT) IS NULL OR l.kind = ?4)
             ORDER BY l.id DESC LIMIT CAST(?2 AS BIGINT)",
            params![partnership, limit, before.unwrap_or(i64::MAX), kind],
        )?;
        let row = |r: &SqlRow| -> Result<AuditRow, SqlError> {
            let name: Option<String> = r.get(2)?;
            let email: Option<String> = r.get(3)?;
            Ok(AuditRow {
                id: r.get(5)?,
                at: r.get(0)?,
                kind: r.get(1)?,
                actor: match (name, email) {
                    (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
                    _ => None,
                },
                detail: r.get(4)?,
            })
        };
        Ok(rows.iter().map(row).collect::<Result<_, _>>()?)
    }
}
