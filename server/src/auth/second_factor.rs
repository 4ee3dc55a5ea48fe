//! Checking a typed second factor against an account's two-step record: the current TOTP
//! code (each step at most once) or, where allowed, an unused recovery code. Shared by the
//! sign-in code step, turning two-step verification off, and the CLI's account commands.

use super::{
    store::TwoStepError,
    totp::{RecoveryCode, TotpCode, TotpSecret},
    AccountId, AuthStore,
};

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeUsed {
    /// The authenticator app's current code (now used).
    Totp,
    /// A recovery code (now used); so many are left.
    Recovery { left: u32 },
    /// Neither: wrong, expired, already used, or the account has no two-step verification.
    Wrong,
}

impl CodeUsed {
    pub fn accepted(self) -> bool {
        self != CodeUsed::Wrong
    }
}

/// Checks and uses `typed` for `account` at `unix_seconds`: a 6-digit code of a step later
/// than the last one used, or, with `recovery`, one of its unused recovery codes.
pub fn use_code(
    store: &AuthStore,
    account: AccountId,
    typed: &str,
    unix_seconds: u64,
    recovery: bool,
) -> Result<CodeUsed, TwoStepError> {
    if let Some(code) = TotpCode::parse(typed) {
        let Some(record) = store.two_step(account)?.filter(|r| r.confirmed) else {
            return Ok(CodeUsed::Wrong);
        };
        let Some(secret) = TotpSecret::from_base32(&record.secret) else {
            return Ok(CodeUsed::Wrong);
        };
        return Ok(match secret.verify(&code, unix_seconds, record.last_step) {
            Some(step) if store.use_two_step_step(account, step)? => CodeUsed::Totp,
            _ => CodeUsed::Wrong,
        });
    }
    if recovery {
        if let Some(hash) = RecoveryCode::hash_typed(typed) {
            if store.use_recovery_code(account, &hash)? {
                return Ok(CodeUsed::Recovery { left: store.recovery_codes_left(account)? });
            }
        }
    }
    Ok(CodeUsed::Wrong)
}
