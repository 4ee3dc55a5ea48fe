//! TOTP secrets sealed at rest (issue 10, item 11): the database holds no secret a copy of
//! it would give away; sign-in with a code still works after a restart; secrets stored in
//! clear by an older server are sealed at the next start; a missing or different key stops
//! the server at start with a clear error instead of weakening two-step sign-in.

use hyper::StatusCode;
use quorum_server::{auth::secrets_key::KEY_FILE, Config};
use tempfile::TempDir;
use tokio::net::TcpListener;

use crate::{
    helpers::{
        browser::{db, LEICESTER_VIEWER},
        TestServer,
    },
    two_step::{code, code_step, enrol, password_step, step},
};

fn stored_secret(data_dir: &std::path::Path) -> String {
    db(data_dir).query_row("SELECT secret FROM two_step", [], |r| r.get(0)).unwrap()
}

/// What `serve` says when it refuses to start on `data_dir` configured by `adjust`.
async fn start_error(data_dir: &std::path::Path, adjust: impl FnOnce(&mut Config)) -> String {
    let dist = crate::helpers::server::fake_dist();
    let mut config = Config::new(data_dir, dist.path());
    adjust(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    match quorum_server::serve(config, listener, std::future::ready(())).await {
        Ok(()) => panic!("the server started"),
        Err(e) => format!("{e:#}"),
    }
}

#[tokio::test]
async fn secrets_are_sealed_and_codes_still_sign_in_after_a_restart() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), true).await;
    let key_file = data.path().join(KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).expect("the key file is made at the first start").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the server's user reads the key");
    }
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (secret, _) = enrol(&server, &b).await;
    let stored = stored_secret(data.path());
    assert!(stored.starts_with("sealed1:") && !stored.contains(&secret), "stored: {stored}");
    server.stop().await.unwrap();

    let server = TestServer::spawn_with(data.path(), true).await;
    let (mut b, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut b, &pending, &code(&secret, step(&server) + 1)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    server.stop().await.unwrap();

    // An older server stored it in clear: the next start seals it, and codes still work.
    db(data.path()).execute("UPDATE two_step SET secret = ?1", [&secret]).unwrap();
    let server = TestServer::spawn_with(data.path(), true).await;
    let resealed = stored_secret(data.path());
    assert!(resealed.starts_with("sealed1:") && !resealed.contains(&secret), "stored: {resealed}");
    server.clock.advance(std::time::Duration::from_secs(60));
    let (mut b, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut b, &pending, &code(&secret, step(&server))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_missing_or_different_key_stops_the_start() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), true).await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    enrol(&server, &b).await;
    server.stop().await.unwrap();
    let key_file = data.path().join(KEY_FILE);
    let key = std::fs::read_to_string(&key_file).unwrap();

    let other = "ab".repeat(32);
    let said = start_error(data.path(), |c| c.secrets_key = Some(other.clone())).await;
    assert!(said.contains("the secrets key from QUORUM_SECRETS_KEY does not open the stored two-step secrets"), "{said}");
    let said = start_error(data.path(), |c| c.secrets_key = Some("not a key".to_owned())).await;
    assert!(said.contains("is not 64 hexadecimal digits"), "{said}");

    std::fs::remove_file(&key_file).unwrap();
    let said = start_error(data.path(), |_| {}).await;
    assert!(said.contains("1 two-step secret(s) are stored sealed, but there is no secrets key"), "{said}");
    assert!(!key_file.exists(), "no new key is made while secrets are sealed under another");

    // The same key given as a setting (as several nodes share it) opens them.
    let server = TestServer::spawn_with_config(data.path(), true, |c| c.secrets_key = Some(key.trim().to_owned())).await;
    let (_, pending) = password_step(&server, LEICESTER_VIEWER).await;
    assert!(!pending.is_empty(), "the password alone still does not sign in");
    server.stop().await.unwrap();
}
