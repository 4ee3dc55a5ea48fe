//! Same-origin protection. [`PublicOrigin`] is the configured origin; [`origin_allowed`]
//! decides whether a request's `Origin` (or `Sec-Fetch-Site`) shows it came from this
//! server's own pages; [`same_origin`] is the middleware that refuses cross-site
//! state-changing requests and non-JSON bodies.

use std::{fmt, str::FromStr};

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::http::{ApiError, AppState};

/// `scheme://host[:port]`, lower-cased, with no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

/// Text that is not an http(s) origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a public origin is http(s)://host[:port], with no path")]
pub struct BadOrigin;

impl PublicOrigin {
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PublicOrigin {
    type Err = BadOrigin;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().trim_end_matches('/').to_ascii_lowercase();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or(BadOrigin)?;
        let ok = !rest.is_empty()
            && !rest.contains(['/', '?', '#', '@', ' '])
            && rest.chars().all(|c| c.is_ascii_graphic());
        if ok {
            Ok(Self(s))
        } else {
            Err(BadOrigin)
        }
    }
}

impl fmt::Display for PublicOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the request's `Origin` is this server's origin: the configured one, or
/// (without one) `http(s)://<Host>`. With no `Origin`, `Sec-Fetch-Site: same-origin` is
/// required when `require_without_origin`, and otherwise the request passes (non-browser
/// clients of `/sync` send no `Origin`).
pub fn origin_allowed(public: Option<&PublicOrigin>, headers: &HeaderMap, require_without_origin: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        if !require_without_origin {
            return true;
        }
        return headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"same-origin"));
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin = origin.to_ascii_lowercase();
    match public {
        Some(p) => origin == p.as_str(),
        None => {
            let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
                return false;
            };
            let host = host.to_ascii_lowercase();
            origin == format!("http://{host}") || origin == format!("https://{host}")
        }
    }
}

/// Refuses cross-site POST/PUT/PATCH/DELETE (403) and bodies that are not JSON (400).
pub(crate) async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state {
        if !origin_allowed(state.public_origin.as_deref(), req.headers(), true) {
            tracing::info!(method = %req.method(), path = req.uri().path(), "refused a cross-site request");
            return ApiError::Forbidden.into_response();
        }
        let has_body = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|l| l.as_bytes() != b"0")
            || req.headers().contains_key(header::TRANSFER_ENCODING);
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        // Meeting papers are sent as the file itself (the Origin check above still applies).
        let paper = req.uri().path().starts_with("/api/documents/") && req.uri().path().ends_with("/papers");
        if has_body && !json && !paper {
            return ApiError::bad_request("Send the request as JSON").into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origins_parse_without_paths() {
        let o: PublicOrigin = "HTTPS://Quorum.Example.org/".parse().unwrap();
        assert_eq!(o.as_str(), "https://quorum.example.org");
        assert!(o.is_https());
        assert!("ftp://x".parse::<PublicOrigin>().is_err());
        assert!("https://x/app".parse::<PublicOrigin>().is_err());
    }

    #[test]
    fn same_origin_is_the_configured_origin_or_the_host() {
        let public: PublicOrigin = "https://q.example.org".parse().unwrap();
        let from = |o| headers(&[("origin", o), ("host", "127.0.0.1:8080")]);
        assert!(origin_allowed(Some(&public), &from("https://q.example.org"), true));
        assert!(!origin_allowed(Some(&public), &from("https://evil.example"), true));
        assert!(origin_allowed(None, &from("http://127.0.0.1:8080"), true));
        assert!(!origin_allowed(None, &from("http://evil.example"), true));
        assert!(!origin_allowed(None, &headers(&[("host", "h")]), true));
        assert!(origin_allowed(None, &headers(&[("sec-fetch-site", "same-origin")]), true));
        assert!(!origin_allowed(None, &headers(&[("sec-fetch-site", "cross-site")]), true));
        assert!(origin_allowed(None, &headers(&[]), false), "non-browser websocket clients");
    }
}
