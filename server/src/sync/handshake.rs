//! Who is opening a `/sync` connection, decided from the upgrade request alone (see
//! `docs/access-control.md`): the `Origin` must be ours, and the request must carry a live
//! session cookie or an API token (`Authorization: Bearer …` or `?token=…`).

use axum::http::{header, HeaderMap};

use super::access::Identity;
use crate::{
    auth::{secret, AccessControl},
    http::{origin_allowed, ApiError, PublicOrigin, SessionCookie},
};

/// Why a handshake is refused (before the upgrade).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("sign in, or connect with an API token")]
    Unauthenticated,
    #[error("connections from other sites are not allowed")]
    CrossOrigin,
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Unauthenticated => ApiError::Unauthorized,
            Refusal::CrossOrigin => ApiError::Forbidden,
        }
    }
}

/// Checks the origin (when the request has one: non-browser clients send none), then
/// authenticates by API token or by the session cookie this server sets.
pub(crate) fn check(
    headers: &HeaderMap,
    query: Option<&str>,
    auth: &AccessControl,
    public_origin: Option<&PublicOrigin>,
    cookie: SessionCookie,
) -> Result<Identity, Refusal> {
    if !origin_allowed(public_origin, headers, false) {
        return Err(Refusal::CrossOrigin);
    }
    let tokens = bearer(headers).into_iter().chain(query_token(query));
    for token in tokens {
        if let Some(identity) = by_token(auth, token) {
            return Ok(identity);
        }
    }
    if let Some(principal) = cookie.read(headers).and_then(|v| auth.authenticate_session(v)) {
        return Ok(Identity {
            principal,
            token_hash: None,
        });
    }
    Err(Refusal::Unauthenticated)
}

fn by_token(auth: &AccessControl, token: &str) -> Option<Identity> {
    let identity = |principal| Identity {
        principal,
        token_hash: Some(secret::hash(token)),
    };
    if let Some(p) = auth.authenticate_token(token) {
        return Some(identity(p));
    }
    // A token made a moment ago by the CLI (or another node) may not be in the snapshot
    // yet. Look again after the reload even when this call found nothing to reload: the
    // hub's own reload may have taken it in since the first look.
    if !secret::plausible(token) {
        return None;
    }
    if let Err(e) = auth.reload_if_changed() {
        tracing::error!(error = ?e, "checking the access rules for a new token");
    }
    auth.authenticate_token(token).map(identity)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
}

/// `token=…` in the query (tokens are base64url: nothing to percent-decode).
fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn tokens_are_found_in_the_authorization_header_and_the_query() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
        assert_eq!(query_token(Some("a=1&token=xyz&b=2")), Some("xyz"));
        assert_eq!(query_token(Some("mytoken=xyz")), None);
        assert_eq!(query_token(None), None);
    }
}
