//! Two-step verification: an account's TOTP secret and the step last used, its recovery
//! codes (by hash), pending sign-ins (a correct password waiting for its code) and the
//! partnership setting that admins must use it. Secrets are stored sealed under the
//! server's [`SecretsKey`]; [`AuthStore::adopt_secrets_key`] checks the key against them and
//! seals any stored before sealing existed.

use std::path::Path;

use rusqlite::params;

use super::{AuthStore, TwoStepError};
use crate::{
    auth::{
        secrets_key::{is_sealed, KEY_FILE},
        AccountId, PartnershipId, SecretsKey, SecretsKeyError,
    },
    db::{Begin, SqlError},
};

/// Why the server cannot start with the secrets key it was given (or found).
#[derive(Debug, thiserror::Error)]
pub enum KeyRefused {
    #[error(transparent)]
    Key(#[from] SecretsKeyError),
    #[error(
        "{sealed} two-step secret(s) are stored sealed, but there is no secrets key: {path} is missing and \
         QUORUM_SECRETS_KEY is not set. Restore the key (or, to start over, run `user reset-two-step` for each account)"
    )]
    Missing { sealed: usize, path: std::path::PathBuf },
    #[error(
        "the secrets key from {from} does not open the stored two-step secrets (it is not the key they were \
         sealed with); give the server its original key"
    )]
    Wrong { from: String },
    #[error(transparent)]
    Store(#[from] TwoStepError),
}

/// The account's id as the context a secret is sealed for.
fn context(account: AccountId) -> String {
    format!("two-step:{account}")
}

/// An account's two-step record. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct TwoStepRecord {
    /// Base32.
    pub secret: String,
    /// Set up and confirmed with a code: asked for at sign-in.
    pub confirmed: bool,
    /// The last TOTP step whose code was used.
    pub last_step: Option<u64>,
}

impl std::fmt::Debug for TwoStepRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwoStepRecord")
            .field("confirmed", &self.confirmed)
            .field("last_step", &self.last_step)
            .finish_non_exhaustive()
    }
}

fn step(v: Option<i64>) -> Option<u64> {
    v.and_then(|s| u64::try_from(s).ok())
}

fn sql_step(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

impl AuthStore {
    /// The store with the secrets key checked against what it holds: the key given as a
    /// setting (`QUORUM_SECRETS_KEY`), else the one in `key_file` (by default the data
    /// directory's, created if missing while no secret is sealed). Every sealed secret must
    /// open with it; secrets stored in clear (before sealing) are sealed now.
    pub fn adopt_secrets_key(mut self, setting: Option<&str>, key_file: &Path) -> Result<Self, KeyRefused> {
        let rows: Vec<(AccountId, String)> = self
            .conn()
            .query("SELECT account_id, secret FROM two_step", &[])
            .and_then(|rows| rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect::<Result<_, SqlError>>())
            .map_err(TwoStepError::from)?;
        let sealed = rows.iter().filter(|(_, s)| is_sealed(s)).count();
        let key = match SecretsKey::find(setting, key_file)? {
            Some(key) => key,
            None if sealed > 0 => return Err(KeyRefused::Missing { sealed, path: key_file.to_owned() }),
            None => {
                let key = SecretsKey::create_file(key_file)?;
                tracing::info!(file = %key_file.display(), "created the secrets key");
                key
            }
        };
        for (account, stored) in rows.iter().filter(|(_, s)| is_sealed(s)) {
            if key.open(stored, &context(*account)).is_err() {
                return Err(KeyRefused::Wrong { from: key.source().to_string() });
            }
        }
        let clear: Vec<_> = rows.iter().filter(|(_, s)| !is_sealed(s)).collect();
        if !clear.is_empty() {
            self.conn().transaction(Begin::Deferred, |db| {
                for (account, secret) in &clear {
                    let sealed = key.seal(secret, &context(*account))?;
                    db.execute(
                        "UPDATE two_step SET secret = ?2 WHERE account_id = ?1 AND secret = ?3",
                        params![account, sealed, secret],
                    )?;
                }
                Ok::<_, TwoStepError>(())
            })?;
            tracing::info!(secrets = clear.len(), "sealed the two-step secrets stored in clear");
        }
        self.secrets_key = Some(key);
        Ok(self)
    }

    /// [`Self::adopt_secrets_key`] with the key file in `data_dir` unless `key_file` is given.
    pub fn adopt_secrets_key_in(self, setting: Option<&str>, key_file: Option<&Path>, data_dir: &Path) -> Result<Self, KeyRefused> {
        let default = data_dir.join(KEY_FILE);
        self.adopt_secrets_key(setting, key_file.unwrap_or(&default))
    }

    /// The store with `key` for sealing and opening secrets, unchecked (see
    /// [`Self::adopt_secrets_key`] for the check a server makes at start).
    pub fn with_secrets_key(mut self, key: SecretsKey) -> Self {
        self.secrets_key = Some(key);
        self
    }

    fn key(&self) -> Result<&SecretsKey, TwoStepError> {
        self.secrets_key.as_ref().ok_or(TwoStepError::NoKey)
    }

    /// The account's two-step record, its secret opened. An error (never `None`) when the
    /// secret is sealed and cannot be opened.
    pub fn two_step(&self, account: AccountId) -> Result<Option<TwoStepRecord>, TwoStepError> {
        let Some(mut record) = self
            .conn()
            .query_opt(
                "SELECT secret, confirmed_at IS NOT NULL, last_step FROM two_step WHERE account_id = ?1",
                &[&account],
            )?
            .map(|r| Ok::<_, SqlError>(TwoStepRecord { secret: r.get(0)?, confirmed: r.get(1)?, last_step: step(r.get(2)?) }))
            .transpose()?
        else {
            return Ok(None);
        };
        if is_sealed(&record.secret) {
            record.secret = self.key()?.open(&record.secret, &context(account))?;
        }
        Ok(Some(record))
    }

    /// Whether `account` has confirmed two-step verification.
    /// (Needs no key: whether it is on never depends on opening the secret.)
    pub fn two_step_on(&self, account: AccountId) -> Result<bool, TwoStepError> {
        Ok(self
            .conn()
            .query_opt("SELECT confirmed_at IS NOT NULL FROM two_step WHERE account_id = ?1", &[&account])?
            .map(|r| r.get(0))
            .transpose()?
            .unwrap_or(false))
    }

    /// Starts (or restarts) setting up: stores a new unconfirmed secret. `false` (nothing
    /// changed) when two-step verification is already on.
    pub fn start_two_step(&self, account: AccountId, secret: &str) -> Result<bool, TwoStepError> {
        let secret = self.key()?.seal(secret, &context(account))?;
        Ok(self.conn().execute(
            "INSERT INTO two_step (account_id, secret, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(account_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at,
                 confirmed_at = NULL, last_step = NULL
             WHERE two_step.confirmed_at IS NULL",
            params![account, secret, self.now_ms()],
        )? > 0)
    }

    /// Confirms set-up with the code of `step` (which is then used) and stores the recovery
    /// codes' hashes, replacing any earlier ones, in one transaction. `false` when there was
    /// nothing to confirm.
    pub fn confirm_two_step(&self, account: AccountId, step: u64, recovery_hashes: &[String]) -> Result<bool, TwoStepError> {
        let now = self.now_ms();
        self.conn().transaction(Begin::Immediate, |db| {
            let changed = db.execute(
                "UPDATE two_step SET confirmed_at = ?2, last_step = ?3 WHERE account_id = ?1 AND confirmed_at IS NULL",
                params![account, now, sql_step(step)],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            db.execute("DELETE FROM recovery_codes WHERE account_id = ?1", &[&account])?;
            for h in recovery_hashes {
                db.execute("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?1, ?2)", params![account, h])?;
            }
            Ok(true)
        })
    }

    /// Replaces the recovery codes of an account that has two-step verification on (the old
    /// ones, used or not, stop working), in one transaction. `false` when it is not on.
    pub fn replace_recovery_codes(&self, account: AccountId, recovery_hashes: &[String]) -> Result<bool, TwoStepError> {
        self.conn().transaction(Begin::Immediate, |db| {
            let on: bool = db
                .query_opt("SELECT confirmed_at IS NOT NULL FROM two_step WHERE account_id = ?1", &[&account])?
                .map(|r| r.get(0))
                .transpose()?
                .unwrap_or(false);
            if !on {
                return Ok(false);
            }
            db.execute("DELETE FROM recovery_codes WHERE account_id = ?1", &[&account])?;
            for h in recovery_hashes {
                db.execute("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?1, ?2)", params![account, h])?;
            }
            Ok(true)
        })
    }

    /// Uses the code of `step`: `true` only if it is later than the last step used (so each
    /// code works once, also when two requests race).
    pub fn use_two_step_step(&self, account: AccountId, step: u64) -> Result<bool, TwoStepError> {
        Ok(self.conn().execute(
            "UPDATE two_step SET last_step = ?2
             WHERE account_id = ?1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < CAST(?2 AS BIGINT))",
            params![account, sql_step(step)],
        )? > 0)
    }

    /// Uses a recovery code (by its hash): `true` the first time only.
    pub fn use_recovery_code(&self, account: AccountId, code_hash: &str) -> Result<bool, TwoStepError> {
        Ok(self.conn().execute(
            "UPDATE recovery_codes SET used_at = ?3 WHERE account_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
            params![account, code_hash, self.now_ms()],
        )? > 0)
    }

    /// Recovery codes not yet used.
    pub fn recovery_codes_left(&self, account: AccountId) -> Result<u32, TwoStepError> {
        Ok(self
            .conn()
            .query_one("SELECT COUNT(*) FROM recovery_codes WHERE account_id = ?1 AND used_at IS NULL", &[&account])?
            .get(0)?)
    }

    /// Turns two-step verification off: the secret, recovery codes and pending sign-ins go.
    pub fn turn_off_two_step(&self, account: AccountId) -> Result<bool, TwoStepError> {
        self.conn().transaction(Begin::Deferred, |db| {
            let n = db.execute("DELETE FROM two_step WHERE account_id = ?1", &[&account])?;
            db.execute("DELETE FROM recovery_codes WHERE account_id = ?1", &[&account])?;
            db.execute("DELETE FROM pending_sign_ins WHERE account_id = ?1", &[&account])?;
            Ok(n > 0)
        })
    }

    /// A pending sign-in (by its token's hash), good until `expires_at`; expired ones are
    /// forgotten.
    pub fn create_pending_sign_in(&self, token_hash: &str, account: AccountId, expires_at: i64) -> Result<(), TwoStepError> {
        let mut conn = self.conn();
        conn.execute("DELETE FROM pending_sign_ins WHERE expires_at <= ?1", &[&self.now_ms()])?;
        conn.execute(
            "INSERT INTO pending_sign_ins (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, account, expires_at],
        )?;
        Ok(())
    }

    /// The account of a pending sign-in that has not expired.
    pub fn pending_sign_in(&self, token_hash: &str) -> Result<Option<AccountId>, TwoStepError> {
        Ok(self
            .conn()
            .query_opt(
                "SELECT account_id FROM pending_sign_ins WHERE token_hash = ?1 AND expires_at > ?2",
                params![token_hash, self.now_ms()],
            )?
            .map(|r| r.get(0))
            .transpose()?)
    }

    pub fn end_pending_sign_in(&self, token_hash: &str) -> Result<(), TwoStepError> {
        self.conn().execute("DELETE FROM pending_sign_ins WHERE token_hash = ?1", &[&token_hash])?;
        Ok(())
    }

    /// Whether `partnership` requires its admins to use two-step verification.
    pub fn admins_need_two_step(&self, partnership: PartnershipId) -> Result<bool, TwoStepError> {
        Ok(self
            .conn()
            .query_opt("SELECT admins_need_two_step FROM partnerships WHERE id = ?1", &[&partnership])?
            .map(|r| r.get(0))
            .transpose()?
            .unwrap_or(false))
    }

    pub fn set_admins_need_two_step(&self, partnership: PartnershipId, required: bool) -> Result<(), TwoStepError> {
        self.conn().execute(
            "UPDATE partnerships SET admins_need_two_step = ?2 WHERE id = ?1",
            params![partnership, required],
        )?;
        Ok(())
    }

    /// Whether `account` is an admin of a partnership that requires two-step verification
    /// (of `partnership` only, if given) without having it on: such an admin may do no
    /// admin action until they set it up.
    pub fn two_step_missing(&self, account: AccountId, partnership: Option<PartnershipId>) -> Result<bool, TwoStepError> {
        Ok(self.conn().query_one(
            "SELECT EXISTS (SELECT 1 FROM memberships m JOIN partnerships p ON p.id = m.partnership_id
                            WHERE m.account_id = ?1 AND m.role = 'admin' AND p.admins_need_two_step = 1
                              AND (CAST(?2 AS TEXT) IS NULL OR p.id = ?2))
                AND NOT EXISTS (SELECT 1 FROM two_step WHERE account_id = ?1 AND confirmed_at IS NOT NULL)",
            params![account, partnership],
        )?
        .get(0)?)
    }
}
