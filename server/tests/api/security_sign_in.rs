//! Issue 10, item 1: sign-in under attack. Attempts are counted before the (slow) hash, so
//! parallel guesses cannot race past the limit; behind a trusted reverse proxy one client's
//! failures do not lock out everyone else, and `X-Forwarded-For` from anyone else is ignored;
//! a stranger's failures cannot lock the chair out; oversized input is refused before it is
//! counted, stored or hashed; password links are checked before any hashing.

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    browser::{error_of, request, DEMO_PASSWORD, LEICESTER_ADMIN, LEICESTER_VIEWER},
    http::Response,
    Options, TestServer,
};

async fn sign_in_from(server: &TestServer, forwarded_for: Option<&str>, email: &str, password: &str) -> Response {
    let mut headers = vec![("origin".to_owned(), server.origin.clone())];
    if let Some(ip) = forwarded_for {
        headers.push(("x-forwarded-for".to_owned(), ip.to_owned()));
    }
    let body = json!({"email": email, "password": password}).to_string();
    request(server.addr, Method::POST, "/api/session", &headers, Some(("application/json", body))).await
}

#[tokio::test]
async fn parallel_guesses_are_counted_before_the_hash_and_cannot_race_past_the_limit() {
    let server = TestServer::demo().await;
    let guesses = (0..12).map(|i| sign_in_from(&server, None, LEICESTER_VIEWER, Box::leak(format!("wrong guess number {i}").into_boxed_str())));
    let answers: Vec<StatusCode> = futures::future::join_all(guesses).await.into_iter().map(|r| r.status).collect();
    let tried = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let throttled = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((tried, throttled), (5, 7), "{answers:?}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_lock_out_only_that_client() {
    let server = TestServer::start(Options { demo: true, behind_proxy: true, ..Options::default() }).await;
    let attacker = Some("203.0.113.7");
    for i in 0..20 {
        let res = sign_in_from(&server, attacker, &format!("guess{i}@example.org"), "not the password at all").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    assert_eq!(sign_in_from(&server, attacker, LEICESTER_ADMIN, DEMO_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Everyone else behind the same proxy still signs in.
    let res = sign_in_from(&server, Some("198.51.100.9"), LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let server = TestServer::demo().await;
    for i in 0..20 {
        let spoofed = format!("198.51.100.{i}");
        let res = sign_in_from(&server, Some(&spoofed), &format!("guess{i}@example.org"), "not the password at all").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = sign_in_from(&server, Some("192.0.2.200"), "another@example.org", "not the password at all").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "rotating a made-up header does not escape the limit");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_strangers_failures_do_not_lock_the_chair_out() {
    let server = TestServer::start(Options { demo: true, behind_proxy: true, ..Options::default() }).await;
    for _ in 0..5 {
        let res = sign_in_from(&server, Some("203.0.113.7"), LEICESTER_ADMIN, "someone guessing the chair").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(sign_in_from(&server, Some("203.0.113.7"), LEICESTER_ADMIN, DEMO_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    let chair = sign_in_from(&server, Some("198.51.100.20"), LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(chair.status, StatusCode::OK, "the chair, from their own address: {}", chair.text());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn oversized_input_is_refused_before_it_is_counted_or_stored() {
    let server = TestServer::demo().await;
    let long_email = format!("{}@example.org", "x".repeat(300));
    let res = sign_in_from(&server, None, &long_email, "whatever password").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(error_of(&res).contains("254 characters"));
    let stored: i64 = server
        .db()
        .query_row("SELECT COUNT(*) FROM audit WHERE detail LIKE '%xxxxxxxxxx%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0, "the long email is not written to the audit log");
    let huge = sign_in_from(&server, None, LEICESTER_ADMIN, &"p".repeat(20_000)).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    // None of that counted against the account.
    assert_eq!(sign_in_from(&server, None, LEICESTER_ADMIN, DEMO_PASSWORD).await.status, StatusCode::OK);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_unknown_password_link_is_refused_before_any_hashing() {
    let server = TestServer::demo().await;
    let browser = server.browser();
    // A plausible but unknown token with a password that would fail its own checks: the link
    // is checked first (404), so the password is never looked at, let alone hashed.
    let res = browser.post(&format!("/api/password-links/{}", "A".repeat(43)), json!({"password": "short"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn api_answers_are_never_cached_and_an_https_server_sends_hsts() {
    let plain = TestServer::demo().await;
    let me = crate::helpers::http::get(plain.addr, "/api/me").await;
    assert_eq!(me.header(hyper::header::CACHE_CONTROL), Some("no-store"));
    assert_eq!(me.header(hyper::header::STRICT_TRANSPORT_SECURITY), None, "not over plain http");
    plain.stop().await.unwrap();

    let https = TestServer::start(Options { public_origin: Some("https://quorum.example.org"), ..Options::default() }).await;
    let health = crate::helpers::http::get(https.addr, "/healthz").await;
    assert_eq!(health.header(hyper::header::STRICT_TRANSPORT_SECURITY), Some("max-age=31536000; includeSubDomains"));
    https.stop().await.unwrap();
}

#[tokio::test]
async fn a_new_password_ends_the_old_sessions() {
    let server = TestServer::demo().await;
    let laptop = server.signed_in(LEICESTER_ADMIN).await;
    let phone = server.signed_in(LEICESTER_ADMIN).await;
    let wrong = laptop.put("/api/me/password", json!({"currentPassword": "not my password", "newPassword": "a fresh long password 1"})).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&wrong), "Your current password is incorrect");
    let weak = laptop.put("/api/me/password", json!({"currentPassword": DEMO_PASSWORD, "newPassword": "short"})).await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    let ok = laptop.put("/api/me/password", json!({"currentPassword": DEMO_PASSWORD, "newPassword": "a fresh long password 1"})).await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.text());
    assert_eq!(laptop.get("/api/me").await.status, StatusCode::OK, "the session that changed it stays");
    assert_eq!(phone.get("/api/me").await.status, StatusCode::UNAUTHORIZED, "every other session ended");
    assert_eq!(sign_in_from(&server, None, LEICESTER_ADMIN, DEMO_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in_from(&server, None, LEICESTER_ADMIN, "a fresh long password 1").await.status, StatusCode::OK);
    server.stop().await.unwrap();
}
