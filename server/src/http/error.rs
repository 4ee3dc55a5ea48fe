//! The one error type HTTP handlers return, mapped to responses here and only here.
//! Bodies are `{"error": "<message for people>"}` (the contract's [`api::ErrorBody`]);
//! internals are logged, never sent. Every store's error becomes [`ApiError::Internal`]
//! here (the `From` impls below), so handlers just use `?`.

use domain::api;

use crate::auth::{password::HashError, secret::NoRandomness, store, AccessError};

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Not signed in (or the session ended).
    #[error("sign in to continue")]
    Unauthorized,
    /// A failed sign-in: the same words whatever was wrong.
    #[error("email or password is incorrect")]
    BadCredentials,
    #[error("forbidden")]
    Forbidden,
    /// Missing, or not readable by the asker (the two look the same).
    #[error("not found")]
    NotFound,
    /// The request conflicts with the current state; the message is for people.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests,
    /// The server is at capacity (e.g. password hashing); try again shortly.
    #[error("busy")]
    Busy,
    /// The body is larger than the endpoint takes; the message is for people.
    #[error("too large: {0}")]
    TooLarge(String),
    /// A file of a kind the endpoint does not take; the message is for people.
    #[error("unsupported media: {0}")]
    UnsupportedMedia(String),
    /// The request is malformed; the message is for people.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A two-step verification request was refused; the message is for people.
    #[error("two-step: {0}")]
    TwoStep(#[from] crate::http::api::TwoStepRefused),
    /// A store, the system or a worker failed; logged, and answered with a generic 500.
    #[error("internal: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// What the stores and the system can fail with, all answered as 500 (details logged).
macro_rules! internal {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for ApiError {
            fn from(e: $error) -> Self {
                ApiError::Internal(Box::new(e))
            }
        }
    )*};
}

internal!(
    store::AccountsError,
    store::AclError,
    store::AuditError,
    store::ConsultationsError,
    store::DocumentsError,
    store::InvitationsError,
    store::PartnershipsError,
    store::SessionsError,
    store::TwoStepError,
    crate::papers::PapersError,
    crate::feeds::FeedsError,
    AccessError,
    HashError,
    NoRandomness,
    tokio::task::JoinError,
);

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "Sign in to continue"),
            ApiError::BadCredentials => (StatusCode::UNAUTHORIZED, "Email or password is incorrect"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "You do not have permission to do that"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "Not found"),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, m.as_str()),
            ApiError::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts. Wait 15 minutes, then try again",
            ),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.as_str()),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "The server is busy. Try again in a minute"),
            ApiError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, m.as_str()),
            ApiError::UnsupportedMedia(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, m.as_str()),
            ApiError::TwoStep(refused) => {
                use crate::http::api::TwoStepRefused as R;
                let status = match refused {
                    R::NoCode | R::WrongCode | R::NoProof | R::WrongProof | R::NoPassword | R::WrongPassword => StatusCode::BAD_REQUEST,
                    R::SignInExpired => StatusCode::UNAUTHORIZED,
                    R::AlreadyOn | R::NotStarted | R::SetUpYoursFirst | R::NotOn => StatusCode::CONFLICT,
                    R::Required => StatusCode::FORBIDDEN,
                };
                return (status, Json(api::ErrorBody { error: refused.to_string() })).into_response();
            }
            ApiError::Internal(e) => {
                tracing::error!(error = ?e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong. Try again later")
            }
        };
        (status, Json(api::ErrorBody { error: message.to_owned() })).into_response()
    }
}

/// A JSON body that did not parse is the client's mistake, said plainly.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::TooLarge("The request is too large".into());
        }
        tracing::debug!(error = %e, "bad JSON body");
        ApiError::bad_request("The request body is not valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_store_error_is_a_500_that_names_nothing_of_it() {
        let e: ApiError = store::SessionsError::Db(crate::db::SqlError::from(rusqlite::Error::InvalidQuery)).into();
        let res = e.into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], br#"{"error":"Something went wrong. Try again later"}"#);
    }
}
