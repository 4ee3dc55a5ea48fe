//! The session cookie: `quorum_session` over http, `__Host-quorum_session` (and `Secure`)
//! over https; always `HttpOnly; SameSite=Strict; Path=/`.

use axum::http::{header, HeaderMap, HeaderValue};

/// How the session cookie is named and flagged on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCookie {
    secure: bool,
}

impl SessionCookie {
    pub fn new(https: bool) -> Self {
        Self { secure: https }
    }

    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-quorum_session"
        } else {
            "quorum_session"
        }
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "HttpOnly; SameSite=Strict; Path=/; Secure"
        } else {
            "HttpOnly; SameSite=Strict; Path=/"
        }
    }

    /// `Set-Cookie` for a new session (a session cookie: no `Max-Age`; the server
    /// enforces the timeouts).
    pub fn set(&self, value: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("{}={value}; {}", self.name(), self.attributes()))
            .expect("cookie values are base64url")
    }

    /// `Set-Cookie` that removes the cookie.
    pub fn clear(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("{}=; Max-Age=0; {}", self.name(), self.attributes()))
            .expect("a valid header")
    }

    /// The cookie's value in a request, if sent.
    pub fn read<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_names_and_flags_follow_the_scheme() {
        let http = SessionCookie::new(false);
        assert_eq!(
            http.set("abc").to_str().unwrap(),
            "quorum_session=abc; HttpOnly; SameSite=Strict; Path=/"
        );
        let https = SessionCookie::new(true);
        assert_eq!(
            https.set("abc").to_str().unwrap(),
            "__Host-quorum_session=abc; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; quorum_session=xyz; b=2"));
        assert_eq!(http.read(&h), Some("xyz"));
        assert_eq!(https.read(&h), None);
    }
}
