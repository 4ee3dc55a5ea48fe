//! Signing in and out, cookies, throttling, one's sessions and their timeouts.

use std::time::Duration;

use hyper::{header, StatusCode};
use quorum_server::auth::SessionPolicy;
use serde_json::Value;

use crate::helpers::{
    browser::{error_of, DEMO_PASSWORD, LEICESTER_ADMIN, LEICESTER_VIEWER},
    Options, TestServer,
};

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_me_names_the_partnerships() {
    signing_in_sets_a_strict_http_only_cookie_and_me_names_the_partnerships_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn signing_in_sets_a_strict_http_only_cookie_and_me_names_the_partnerships_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let mut browser = server.browser();
    assert_eq!(browser.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    let res = browser.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let cookie = res.header(header::SET_COOKIE).unwrap();
    assert!(cookie.starts_with("quorum_session="), "{cookie}");
    assert!(cookie.ends_with("; HttpOnly; SameSite=Strict; Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http has no Secure cookie");
    let me: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(me["account"]["email"], LEICESTER_ADMIN);
    let partnerships = me["partnerships"].as_array().unwrap();
    assert_eq!(partnerships.len(), 1);
    assert_eq!(partnerships[0]["name"], "Leicester Safeguarding Children Board");
    assert_eq!(partnerships[0]["role"], "admin");
    assert!(partnerships[0]["documentId"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(browser.json("/api/me").await, me);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_fail_alike() {
    a_wrong_password_and_an_unknown_email_fail_alike_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn a_wrong_password_and_an_unknown_email_fail_alike_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let mut browser = server.browser();
    for (email, password) in [
        (LEICESTER_ADMIN, "not the password at all"),
        ("nobody@example.org", DEMO_PASSWORD),
        ("not an email", DEMO_PASSWORD),
    ] {
        let res = browser.sign_in(email, password).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{email}");
        assert_eq!(error_of(&res), "Email or password is incorrect");
        assert!(res.header(header::SET_COOKIE).is_none());
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn five_failures_throttle_the_account_even_with_the_right_password() {
    let server = TestServer::demo().await;
    let mut browser = server.browser();
    for _ in 0..5 {
        let res = browser.sign_in(LEICESTER_VIEWER, "a wrong password here").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = browser.sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_of(&res).starts_with("Too many attempts"));
    // Another account from the same address is not blocked yet.
    let res = browser.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK);
    let kinds: Vec<String> = server
        .db()
        .prepare("SELECT kind FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "sign-in-failed").count(), 5);
    assert!(kinds.contains(&"sign-in-throttled".to_owned()));
    assert_eq!(kinds.last().unwrap(), "sign-in");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_and_signing_out_ends_it() {
    each_sign_in_gets_a_new_session_and_signing_out_ends_it_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn each_sign_in_gets_a_new_session_and_signing_out_ends_it_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let mut browser = server.browser();
    browser.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await;
    let first = browser.clone();
    browser.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_ne!(first.cookie, browser.cookie, "a new token at every sign-in");
    assert_eq!(
        first.get("/api/me").await.status,
        StatusCode::UNAUTHORIZED,
        "signing in again on the same browser replaces its session"
    );
    let res = browser.delete("/api/session").await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let cleared = res.header(header::SET_COOKIE).unwrap();
    assert!(cleared.starts_with("quorum_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(browser.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(browser.delete("/api/session").await.status, StatusCode::UNAUTHORIZED);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn people_list_their_sessions_and_end_one_elsewhere() {
    people_list_their_sessions_and_end_one_elsewhere_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn people_list_their_sessions_and_end_one_elsewhere_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let laptop = server.signed_in(LEICESTER_ADMIN).await;
    let phone = server.signed_in(LEICESTER_ADMIN).await;
    let sessions = laptop.json("/api/sessions").await;
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap();
    assert!(other["createdAt"].as_i64().unwrap() > 0);
    assert!(other["lastSeenAt"].as_i64().is_some() && other["userAgent"].is_string());
    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    let path = format!("/api/sessions/{}", other["id"].as_str().unwrap());
    assert_eq!(viewer.delete(&path).await.status, StatusCode::NOT_FOUND, "not theirs");
    assert_eq!(laptop.delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(phone.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(laptop.get("/api/me").await.status, StatusCode::OK);
    assert_eq!(laptop.json("/api/sessions").await.as_array().unwrap().len(), 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_idle_session_expires_and_activity_keeps_it_alive() {
    let server = TestServer::start(Options {
        demo: true,
        sessions: Some(SessionPolicy {
            idle: Duration::from_millis(600),
            absolute: Duration::from_secs(60),
        }),
        ..Options::default()
    })
    .await;
    let busy = server.signed_in(LEICESTER_ADMIN).await;
    let idle = server.signed_in(LEICESTER_VIEWER).await;
    for _ in 0..5 {
        server.clock.advance(Duration::from_millis(200));
        assert_eq!(busy.get("/api/me").await.status, StatusCode::OK);
    }
    assert_eq!(idle.get("/api/me").await.status, StatusCode::UNAUTHORIZED, "idle for 1 s");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_timeout_even_when_busy() {
    let server = TestServer::start(Options {
        demo: true,
        sessions: Some(SessionPolicy {
            idle: Duration::from_secs(60),
            absolute: Duration::from_millis(700),
        }),
        ..Options::default()
    })
    .await;
    let browser = server.signed_in(LEICESTER_ADMIN).await;
    assert_eq!(browser.get("/api/me").await.status, StatusCode::OK);
    server.clock.advance(Duration::from_millis(600));
    assert_eq!(browser.get("/api/me").await.status, StatusCode::OK, "busy, and not yet 700 ms old");
    server.clock.advance(Duration::from_millis(200));
    assert_eq!(browser.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_secure() {
    let server = TestServer::start(Options {
        demo: true,
        public_origin: Some("https://quorum.example.org"),
        ..Options::default()
    })
    .await;
    let mut browser = server.browser();
    let res = browser.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let cookie = res.header(header::SET_COOKIE).unwrap();
    assert!(cookie.starts_with("__Host-quorum_session="), "{cookie}");
    assert!(cookie.ends_with("; HttpOnly; SameSite=Strict; Path=/; Secure"), "{cookie}");
    assert_eq!(browser.get("/api/me").await.status, StatusCode::OK);
    server.stop().await.unwrap();
}
