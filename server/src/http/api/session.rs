//! Signing in and out, one's own sessions, and password links.

use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::api::{ChangePassword, SessionView, SetPassword, SignIn};

use super::{access_changed, me_of};
use crate::{
    auth::{
        audit::{self, AuditKind},
        password, secret, AccountId, Email, Password, Secret, SessionId,
    },
    http::{extract::{ClientAddress, SignedIn}, ApiError, AppState},
};

/// The longest email address (RFC 5321 path limit).
const MAX_EMAIL_CHARS: usize = 254;

/// How long a request waits for a hashing permit before the server says it is busy.
const HASHING_QUEUE: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs password hashing work on the blocking pool, at most
/// [`HASHING_PERMITS`](crate::http::HASHING_PERMITS) at once; 503 after waiting too long.
pub(super) async fn hashing<T: Send + 'static>(state: &AppState, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let permit = tokio::time::timeout(HASHING_QUEUE, state.hashing.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|_| ApiError::Busy)?;
    let out = tokio::task::spawn_blocking(work).await.map_err(ApiError::from)?;
    drop(permit);
    Ok(out)
}

/// Checks a password (against a dummy hash when there is none), bounded by [`hashing`].
pub(super) async fn check_password(state: &AppState, attempt: String, hash: Option<String>) -> Result<bool, ApiError> {
    hashing(state, move || password::verify(&attempt, hash.as_deref())).await
}

/// Starts a session for `account`: a new secret, stored by its hash; returns the
/// `Set-Cookie` value.
pub(super) fn start_session(
    state: &AppState,
    account: AccountId,
    headers: &HeaderMap,
) -> Result<header::HeaderValue, ApiError> {
    let secret = Secret::generate()?;
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    state.auth.store().create_session(&secret.hash(), account, agent)?;
    Ok(state.cookie.set(secret.expose()))
}

/// Ends the session the request's cookie names, if any (a sign-in replaces it).
fn end_presented_session(state: &AppState, headers: &HeaderMap) {
    if let Some(value) = state.cookie.read(headers) {
        if secret::plausible(value) {
            if let Ok(Some(s)) = state.auth.store().session_by_hash(&secret::hash(value)) {
                let _ = state.auth.store().delete_session(s.id);
            }
        }
    }
}

/// `POST /api/session`.
pub(super) async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body?;
    let key = body.email.trim().to_lowercase();
    // Checked before anything is counted, stored or hashed.
    if key.chars().count() > MAX_EMAIL_CHARS {
        return Err(ApiError::bad_request("Enter an email address of 254 characters or fewer"));
    }
    if body.password.chars().count() > domain::api::MAX_PASSWORD_CHARS {
        return Err(ApiError::BadCredentials);
    }
    // Counted before the hash is checked, so parallel guesses cannot race past the limit.
    let attempt = match state.sign_in_limits.begin(&key, address) {
        Ok(attempt) => attempt,
        Err(throttled) => {
            if throttled.first {
                audit::record(&state.auth, None, None, AuditKind::SignInThrottled, &key);
            }
            tracing::info!("a sign-in was throttled");
            return Err(ApiError::TooManyRequests);
        }
    };
    let account = match Email::parse(&body.email) {
        Ok(email) => state.auth.store().account_by_email(&email)?,
        Err(_) => None,
    };
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let ok = check_password(&state, body.password, hash).await?;
    let Some(account) = account.filter(|_| ok) else {
        audit::record(&state.auth, None, None, AuditKind::SignInFailed, &key);
        tracing::info!("a sign-in failed");
        return Err(ApiError::BadCredentials);
    };
    if state.auth.store().two_step_on(account.id)? {
        // The attempt stays counted: the code is checked against the same limits, so a
        // known password gives no fresh guesses at the code.
        drop(attempt);
        return super::two_step::code_required(&state, account.id);
    }
    state.sign_in_limits.succeeded(attempt);
    finish_sign_in(&state, &headers, account.id, "")
}

/// A session for `account`, replacing the one the request presented; `Me` and the cookie.
pub(super) fn finish_sign_in(state: &AppState, headers: &HeaderMap, account: AccountId, detail: &str) -> Result<Response, ApiError> {
    end_presented_session(state, headers);
    let cookie = start_session(state, account, headers)?;
    audit::record(&state.auth, None, Some(account), AuditKind::SignIn, detail);
    let me = me_of(state, account)?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// `DELETE /api/session`.
pub(super) async fn sign_out(State(state): State<AppState>, who: SignedIn) -> Result<Response, ApiError> {
    state.auth.store().delete_session(who.session)?;
    audit::record(&state.auth, None, Some(who.account), AuditKind::SignOut, "");
    access_changed(&state).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, state.cookie.clear())]).into_response())
}

/// `GET /api/sessions`.
pub(super) async fn list(State(state): State<AppState>, who: SignedIn) -> Result<Json<Vec<SessionView>>, ApiError> {
    let sessions = state.auth.store().sessions_of(who.account)?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| SessionView {
                current: s.id == who.session,
                id: s.id.to_string(),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                user_agent: s.user_agent,
            })
            .collect(),
    ))
}

/// `DELETE /api/sessions/{id}`: ends one of one's own sessions.
pub(super) async fn end(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: SessionId = id.parse().map_err(|_| ApiError::NotFound)?;
    if !state.auth.store().delete_own_session(who.account, id)? {
        return Err(ApiError::NotFound);
    }
    audit::record(&state.auth, None, Some(who.account), AuditKind::SessionEnded, "");
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/password-links/{token}`.
pub(super) async fn set_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: Result<Json<SetPassword>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    // The link is checked before any hashing: unknown links cost nothing.
    if !secret::plausible(&token) || !state.auth.store().password_link_pending(&secret::hash(&token))? {
        return Err(ApiError::NotFound);
    }
    let password = Password::parse_new(&body.password, &[]).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let hash = hashing(&state, move || password.hash()).await??;
    let account = state
        .auth
        .store()
        .use_password_link(&secret::hash(&token), &hash)?
        .ok_or(ApiError::NotFound)?;
    // A new password ends every session the old one opened (and their websockets).
    state.auth.store().end_sessions_of(account, None)?;
    audit::record(&state.auth, None, Some(account), AuditKind::PasswordSet, "");
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/me/password` `{currentPassword, newPassword}`: the signed-in person's own
/// password. The current one is checked (and counted against the sign-in limits, like a
/// sign-in); every other session of the account ends.
pub(super) async fn change_password(
    State(state): State<AppState>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    body: Result<Json<ChangePassword>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(body) = body?;
    let account = state.auth.store().account(who.account)?.ok_or(ApiError::Unauthorized)?;
    let key = account.email.trim().to_lowercase();
    let attempt = state.sign_in_limits.begin(&key, address).map_err(|_| ApiError::TooManyRequests)?;
    let new = Password::parse_new(&body.new_password, &[account.email.as_str(), account.name.as_str()])
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if body.current_password.chars().count() > domain::api::MAX_PASSWORD_CHARS
        || !check_password(&state, body.current_password, account.password_hash.clone()).await?
    {
        return Err(ApiError::bad_request("Your current password is incorrect"));
    }
    state.sign_in_limits.succeeded(attempt);
    let hash = hashing(&state, move || new.hash()).await??;
    state.auth.store().set_password_hash(who.account, &hash)?;
    let ended = state.auth.store().end_sessions_of(who.account, Some(who.session))?;
    audit::record(&state.auth, None, Some(who.account), AuditKind::PasswordSet, &format!("changed; {ended} other sessions ended"));
    access_changed(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
