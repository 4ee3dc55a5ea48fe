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
        Ok(Self {
            signed_in,
            partnership,
        })
    }
}

/// The peer's address (for sign-in throttling), when the server knows it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        Ok(<Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await.ok())
    }
}
