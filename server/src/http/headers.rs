//! Security headers on every response, and the Content-Security-Policy with the hashes of
//! `index.html`'s inline scripts (Trunk's loader), computed once at start.

use std::path::Path;

use axum::{
    http::{header, HeaderName, HeaderValue},
    Router,
};
use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for `index_html` (its inline `<script>` bodies allowed by hash).
pub fn content_security_policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|body| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy for the app in `dist` (without an `index.html`, no inline script is allowed).
pub fn policy_for_dist(dist: &Path) -> String {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    content_security_policy(&html)
}

/// The bodies of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = find_ci(rest, "<script")?;
        let after = &rest[start..];
        let open_end = after.find('>')?;
        let attributes = &after[7..open_end];
        let body_start = start + open_end + 1;
        let close = find_ci(&rest[body_start..], "</script")?;
        let body = &rest[body_start..body_start + close];
        rest = &rest[body_start + close..];
        if !attributes.to_ascii_lowercase().contains("src=") {
            return Some(body);
        }
    })
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Adds the security headers (overriding any a handler set) to every response; with
/// `https` (an https public origin), `Strict-Transport-Security` too.
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, csp: &str, https: bool) -> Router<S> {
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    let csp = HeaderValue::from_str(csp).expect("a CSP is ASCII");
    let mut router = router.layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, csp));
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    if https {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><SCRIPT>x()</SCRIPT></head>";
        let bodies: Vec<_> = inline_scripts(html).collect();
        assert_eq!(bodies, ["\nimport init from '/a.js';\n", "x()"]);
        let csp = content_security_policy(html);
        let expected = STANDARD.encode(Sha256::digest(b"x()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 2);
        assert!(csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline") && csp.ends_with("frame-ancestors 'none'"));
    }
}
