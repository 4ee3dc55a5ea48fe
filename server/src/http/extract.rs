//! Extractors for handlers: [`SignedIn`] (a live session from the cookie, else 401),
//! [`PartnershipAdmin`] (signed in and admin of the `{pid}` in the path, else 403) and
//! [`ClientAddress`].

use std::{collections::HashMap, net::{IpAddr, SocketAddr}};

use axum::{
    extract::{ConnectInfo, FromRequestParts, Path},
    http::request::Parts,
};

use super::{ApiError, AppState};
use crate::auth::{
    audit::{self, AuditKind},
    AccountId, PartnershipId, Principal, Role, SessionId, Via,
};

/// A signed-in person (by session cookie); touching the session counts as activity.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn {
    pub account: AccountId,
    pub session: SessionId,
}

impl SignedIn {
    pub fn principal(&self) -> Principal {
        Principal {
            account: self.account,
            via: Via::Session(self.session),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookie = state.cookie.read(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let session = state.auth.session_of_cookie(cookie).ok_or(ApiError::Unauthorized)?;
        Ok(Self {
            account: session.account,
            session: session.id,
        })
    }
}

/// A signed-in admin of the partnership named `{pid}` in the path.
#[derive(Debug, Clone, Copy)]
pub struct PartnershipAdmin {
    pub signed_in: SignedIn,
    pub partnership: PartnershipId,
}

impl FromRequestParts<AppState> for PartnershipAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let partnership: PartnershipId = params
            .get("pid")
            .and_then(|p| p.parse().ok())
            .ok_or(ApiError::NotFound)?;
        if state.auth.snapshot().role_in(signed_in.account, partnership) != Some(Role::Admin) {
            audit::record(
                &state.auth,
                Some(partnership),
                Some(signed_in.account),
                AuditKind::AccessDenied,
                &format!("{} {}", parts.method, parts.uri.path()),
            );
            return Err(ApiError::Forbidden);
        }
        // A partnership that requires two-step verification of its admins: none of their
        // admin actions until they have it on.
        if state.auth.store().two_step_missing(signed_in.account, Some(partnership))? {
            return Err(crate::http::api::TwoStepRefused::Required.into());
        }
        Ok(Self {
            signed_in,
            partnership,
        })
    }
}

/// The client's address (for sign-in throttling), when the server knows it: the TCP peer,
/// or, when the peer is a `--trusted-proxy`, the nearest address in `X-Forwarded-For` that is
/// not itself a trusted proxy.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

/// The client address of a request from `peer` with these `X-Forwarded-For` values.
pub(crate) fn client_address(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> = forwarded_for
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .map(|h| h.parse::<IpAddr>().ok())
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    // Right to left: each trusted proxy appended the address it saw.
    Some(hops.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer))
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(Self(client_address(peer, &forwarded, &state.trusted_proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = [ip("10.0.0.2")];
        assert_eq!(client_address(Some(ip("203.0.113.5")), &["198.51.100.1"], &proxy), Some(ip("203.0.113.5")), "spoofed");
        assert_eq!(client_address(Some(ip("10.0.0.2")), &["198.51.100.1"], &proxy), Some(ip("198.51.100.1")));
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), &["1.2.3.4, 198.51.100.1", "10.0.0.2"], &proxy),
            Some(ip("198.51.100.1")),
            "the rightmost untrusted hop, not what the client wrote first"
        );
        assert_eq!(client_address(Some(ip("10.0.0.2")), &["garbage"], &proxy), Some(ip("10.0.0.2")));
        assert_eq!(client_address(None, &[], &proxy), None);
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        Ok(<Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await.ok())
    }
}
