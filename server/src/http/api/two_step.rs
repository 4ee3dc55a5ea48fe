//! Two-step verification (TOTP, RFC 6238): the second step of signing in, setting it up
//! (start, confirm with a code, recovery codes shown once), turning it off, and a
//! partnership's setting that its admins must use it.
//!
//! Every code checked here is counted by the sign-in limits like a password (5 per account
//! and address in 15 minutes), so codes cannot be guessed; a correct password for an account
//! with two-step verification does not take its attempt back, so knowing the password gives
//! no fresh guesses. A code works once (the step last used is stored); a recovery code too.

use axum::{
    extract::{rejection::JsonRejection, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::api::{
    code_problem, CodeRequired, NewRecoveryCodes, RecoveryCodes, SignInCode, TurnOffTwoStep, TwoStepCode, TwoStepPolicy, TwoStepSetup, TwoStepStatus,
};

use super::session::{check_password, finish_sign_in};
use crate::{
    auth::{
        audit::{self, AuditKind},
        second_factor::{self, CodeUsed},
        secret,
        store::Account,
        totp::{RecoveryCode, TotpCode, TotpSecret},
        AccountId, Attempt, Secret,
    },
    http::{
        extract::{ClientAddress, PartnershipAdmin, SignedIn},
        ApiError, AppState,
    },
};

/// How long a correct password waits for its code.
const PENDING_MS: i64 = 5 * 60 * 1000;
/// The longest code (or recovery code) looked at.
const MAX_CODE_CHARS: usize = 64;

/// Why a two-step request was refused; each is answered in `http::error` with these words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TwoStepRefused {
    #[error("Enter the 6-digit code from your authenticator app")]
    NoCode,
    #[error("The code is wrong or has expired")]
    WrongCode,
    #[error("Your sign-in has expired. Sign in again")]
    SignInExpired,
    #[error("Two-step verification is already on")]
    AlreadyOn,
    #[error("Start setting up two-step verification again")]
    NotStarted,
    #[error("Set up two-step verification for your own account before you require it for admins")]
    SetUpYoursFirst,
    #[error("Your partnership requires admins to use two-step verification. Set it up on your account page first")]
    Required,
    #[error("Enter your password or a code from your authenticator app")]
    NoProof,
    #[error("The password or code is wrong")]
    WrongProof,
    #[error("Two-step verification is off")]
    NotOn,
    #[error("Enter your password")]
    NoPassword,
    #[error("The password is wrong")]
    WrongPassword,
}

/// Now, in unix seconds, by the store's clock.
fn now_seconds(state: &AppState) -> u64 {
    u64::try_from(state.auth.store().now_ms() / 1000).unwrap_or(0)
}

/// Counts an attempt for `account` from `address` (429 when there were too many).
fn count_attempt(state: &AppState, account: &Account, address: Option<std::net::IpAddr>) -> Result<Attempt, ApiError> {
    let key = account.email.trim().to_lowercase();
    state.sign_in_limits.begin(&key, address).map_err(|throttled| {
        if throttled.first {
            audit::record(&state.auth, None, Some(account.id), AuditKind::SignInThrottled, "two-step code");
        }
        tracing::info!("a two-step code was throttled");
        ApiError::TooManyRequests
    })
}

/// Checks and uses `typed`: the account's current code (a step later than the last used),
/// or, with `recovery`, one of its unused recovery codes (audited, with how many are left).
fn use_code(state: &AppState, account: AccountId, typed: &str, recovery: bool) -> Result<bool, ApiError> {
    let used = second_factor::use_code(state.auth.store(), account, typed, now_seconds(state), recovery)?;
    if let CodeUsed::Recovery { left } = used {
        audit::record(&state.auth, None, Some(account), AuditKind::RecoveryCodeUsed, &format!("{left} left"));
    }
    Ok(used.accepted())
}

/// The answer to a correct password of an account with two-step verification: a pending
/// sign-in token (not a session), good for a few minutes.
pub(super) fn code_required(state: &AppState, account: AccountId) -> Result<Response, ApiError> {
    let token = Secret::generate()?;
    state
        .auth
        .store()
        .create_pending_sign_in(&token.hash(), account, state.auth.store().now_ms() + PENDING_MS)?;
    let body = CodeRequired { code_required: true, pending_token: token.expose().to_owned() };
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// `POST /api/session/code` `{pendingToken, code}`: the second step of signing in; the
/// session on success.
pub(super) async fn sign_in_code(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Result<Json<SignInCode>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body?;
    if body.code.chars().count() > MAX_CODE_CHARS || code_problem(&body.code, true).is_some() {
        return Err(TwoStepRefused::NoCode.into());
    }
    if !secret::plausible(&body.pending_token) {
        return Err(TwoStepRefused::SignInExpired.into());
    }
    let hash = secret::hash(&body.pending_token);
    let store = state.auth.store();
    let account = store
        .pending_sign_in(&hash)?
        .and_then(|id| store.account(id).transpose())
        .transpose()?
        .ok_or(TwoStepRefused::SignInExpired)?;
    let attempt = count_attempt(&state, &account, address)?;
    if !use_code(&state, account.id, &body.code, true)? {
        audit::record(&state.auth, None, Some(account.id), AuditKind::SignInFailed, "wrong two-step code");
        tracing::info!("a two-step code was wrong");
        return Err(TwoStepRefused::WrongCode.into());
    }
    state.sign_in_limits.succeeded(attempt);
    store.end_pending_sign_in(&hash)?;
    finish_sign_in(&state, &headers, account.id, "with two-step verification")
}

/// `GET /api/me/two-step`.
pub(super) async fn status(State(state): State<AppState>, who: SignedIn) -> Result<Json<TwoStepStatus>, ApiError> {
    let store = state.auth.store();
    Ok(Json(TwoStepStatus {
        enabled: store.two_step_on(who.account)?,
        recovery_codes_left: store.recovery_codes_left(who.account)?,
        needed: store.two_step_missing(who.account, None)?,
    }))
}

/// `POST /api/me/two-step`: a new secret for the authenticator app, not active until
/// confirmed with a code (409 when two-step verification is already on).
pub(super) async fn start(State(state): State<AppState>, who: SignedIn) -> Result<Json<TwoStepSetup>, ApiError> {
    let account = state.auth.store().account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let secret = TotpSecret::generate()?;
    if !state.auth.store().start_two_step(who.account, &secret.to_base32())? {
        return Err(TwoStepRefused::AlreadyOn.into());
    }
    Ok(Json(TwoStepSetup { secret: secret.to_base32(), uri: secret.uri(&account.email) }))
}

/// `GET /api/me/two-step/qr.svg`: the set-up's `otpauth://` URI as a QR code (only while
/// setting up: 404 once confirmed or before starting).
pub(super) async fn qr_code(State(state): State<AppState>, who: SignedIn) -> Result<Response, ApiError> {
    let store = state.auth.store();
    let account = store.account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let record = store.two_step(who.account)?.filter(|r| !r.confirmed).ok_or(ApiError::NotFound)?;
    let svg = TotpSecret::from_base32(&record.secret)
        .and_then(|s| s.qr_svg(&account.email))
        .ok_or(ApiError::NotFound)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// `POST /api/me/two-step/confirm` `{code}`: turns it on; the recovery codes, shown once.
pub(super) async fn confirm(
    State(state): State<AppState>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    body: Result<Json<TwoStepCode>, JsonRejection>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let Json(body) = body?;
    let code = TotpCode::parse(&body.code).ok_or(TwoStepRefused::NoCode)?;
    let store = state.auth.store();
    let account = store.account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let record = match store.two_step(who.account)? {
        None => return Err(TwoStepRefused::NotStarted.into()),
        Some(r) if r.confirmed => return Err(TwoStepRefused::AlreadyOn.into()),
        Some(r) => r,
    };
    let attempt = count_attempt(&state, &account, address)?;
    let secret = TotpSecret::from_base32(&record.secret).ok_or(TwoStepRefused::NotStarted)?;
    let step = secret.verify(&code, now_seconds(&state), None).ok_or(TwoStepRefused::WrongCode)?;
    let codes = RecoveryCode::generate_set()?;
    let hashes: Vec<String> = codes.iter().map(RecoveryCode::hash).collect();
    if !store.confirm_two_step(who.account, step, &hashes)? {
        return Err(TwoStepRefused::NotStarted.into());
    }
    state.sign_in_limits.succeeded(attempt);
    audit::record(&state.auth, None, Some(who.account), AuditKind::TwoStepOn, "");
    Ok(Json(RecoveryCodes { recovery_codes: codes.iter().map(|c| c.expose().to_owned()).collect() }))
}

/// `POST /api/me/two-step/off` `{password}` or `{code}`: turns it off (a set-up not yet
/// confirmed is cancelled without either).
pub(super) async fn turn_off(
    State(state): State<AppState>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    body: Result<Json<TurnOffTwoStep>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    let store = state.auth.store();
    if !store.two_step_on(who.account)? {
        store.turn_off_two_step(who.account)?;
        return Ok(StatusCode::NO_CONTENT);
    }
    let account = store.account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let code = body.code.filter(|c| !c.trim().is_empty());
    let password = body.password.filter(|p| !p.is_empty());
    if code.is_none() && password.is_none() {
        return Err(TwoStepRefused::NoProof.into());
    }
    let attempt = count_attempt(&state, &account, address)?;
    let ok = match (code, password) {
        (Some(code), _) => code.chars().count() <= MAX_CODE_CHARS && use_code(&state, who.account, &code, true)?,
        (None, Some(password)) => {
            password.chars().count() <= domain::api::MAX_PASSWORD_CHARS
                && check_password(&state, password, account.password_hash.clone()).await?
        }
        (None, None) => false,
    };
    if !ok {
        return Err(TwoStepRefused::WrongProof.into());
    }
    state.sign_in_limits.succeeded(attempt);
    store.turn_off_two_step(who.account)?;
    audit::record(&state.auth, None, Some(who.account), AuditKind::TwoStepOff, "");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/me/two-step/recovery-codes` `{password}`: eight new recovery codes, shown
/// once; the old ones (used or not) stop working. The password is checked and counted like
/// a sign-in, as for turning two-step verification off.
pub(super) async fn new_recovery_codes(
    State(state): State<AppState>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    body: Result<Json<NewRecoveryCodes>, JsonRejection>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let Json(body) = body?;
    let store = state.auth.store();
    if !store.two_step_on(who.account)? {
        return Err(TwoStepRefused::NotOn.into());
    }
    if body.password.is_empty() {
        return Err(TwoStepRefused::NoPassword.into());
    }
    let account = store.account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let attempt = count_attempt(&state, &account, address)?;
    let right = body.password.chars().count() <= domain::api::MAX_PASSWORD_CHARS
        && check_password(&state, body.password, account.password_hash.clone()).await?;
    if !right {
        audit::record(&state.auth, None, Some(who.account), AuditKind::SignInFailed, "wrong password for new recovery codes");
        return Err(TwoStepRefused::WrongPassword.into());
    }
    state.sign_in_limits.succeeded(attempt);
    let codes = RecoveryCode::generate_set()?;
    let hashes: Vec<String> = codes.iter().map(RecoveryCode::hash).collect();
    if !store.replace_recovery_codes(who.account, &hashes)? {
        return Err(TwoStepRefused::NotOn.into());
    }
    audit::record(&state.auth, None, Some(who.account), AuditKind::RecoveryCodesReplaced, "");
    Ok(Json(RecoveryCodes { recovery_codes: codes.iter().map(|c| c.expose().to_owned()).collect() }))
}

/// `GET /api/partnerships/{pid}/two-step` (admins).
pub(super) async fn policy(State(state): State<AppState>, admin: PartnershipAdmin) -> Result<Json<TwoStepPolicy>, ApiError> {
    Ok(Json(TwoStepPolicy { admins_required: state.auth.store().admins_need_two_step(admin.partnership)? }))
}

/// `PUT /api/partnerships/{pid}/two-step` `{adminsRequired}` (admins; to require it, the
/// admin must have it on already, so no admin locks themselves out of this page).
pub(super) async fn set_policy(
    State(state): State<AppState>,
    admin: PartnershipAdmin,
    body: Result<Json<TwoStepPolicy>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    let account = admin.signed_in.account;
    if body.admins_required && !state.auth.store().two_step_on(account)? {
        return Err(TwoStepRefused::SetUpYoursFirst.into());
    }
    state.auth.store().set_admins_need_two_step(admin.partnership, body.admins_required)?;
    let detail = if body.admins_required { "admins must use two-step verification" } else { "admins need not use two-step verification" };
    audit::record(&state.auth, Some(admin.partnership), Some(account), AuditKind::TwoStepPolicy, detail);
    Ok(StatusCode::NO_CONTENT)
}
