//! Issue 10, item 11: two-step verification (TOTP, RFC 6238). Set up, confirm with a code,
//! then signing in needs a code; wrong and replayed codes are refused; a recovery code works
//! once; guessing codes is throttled like guessing passwords; a partnership can require it
//! of its admins. Codes are computed here from the secret the server gave, with HMAC-SHA1.

use std::time::Duration;

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, KeyInit, Mac};
use hyper::{header, StatusCode};
use serde_json::{json, Value};
use sha1::Sha1;

use crate::helpers::{
    browser::{error_of, partnership_id, Browser, DEMO_PASSWORD, LEICESTER_ADMIN, LEICESTER_VIEWER},
    TestServer,
};

/// The 6-digit code of a base32 `secret` at TOTP step `step` (RFC 6238: HMAC-SHA1, 30 s).
pub fn code(secret: &str, step: i64) -> String {
    let key = BASE32_NOPAD.decode(secret.as_bytes()).unwrap();
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).unwrap();
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = (h[19] & 0x0f) as usize;
    let n = (u32::from(h[o] & 0x7f) << 24) | (u32::from(h[o + 1]) << 16) | (u32::from(h[o + 2]) << 8) | u32::from(h[o + 3]);
    format!("{:06}", n % 1_000_000)
}

/// The TOTP step of the server's clock now.
pub fn step(server: &TestServer) -> i64 {
    server.clock.now_ms() / 1000 / 30
}

/// Sets up two-step verification for a signed-in browser: the secret and the recovery codes.
pub async fn enrol(server: &TestServer, b: &Browser) -> (String, Vec<String>) {
    let res = b.post("/api/me/two-step", json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let setup = res.json();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let uri = setup["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Quorum:") && uri.contains(&format!("secret={secret}")), "{uri}");
    let res = b.post("/api/me/two-step/confirm", json!({"code": code(&secret, step(server))})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let codes: Vec<String> = res.json()["recoveryCodes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (secret, codes)
}

/// Signs in with the password; the pending sign-in token of the `202` answer.
pub async fn password_step(server: &TestServer, email: &str) -> (Browser, String) {
    let mut b = server.browser();
    let res = b.sign_in(email, DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text());
    assert!(res.header(header::SET_COOKIE).is_none(), "no session before the code");
    let body = res.json();
    assert_eq!(body["codeRequired"], true);
    (b, body["pendingToken"].as_str().unwrap().to_owned())
}

pub async fn code_step(b: &mut Browser, pending: &str, code: &str) -> crate::helpers::http::Response {
    let res = b.post("/api/session/code", json!({"pendingToken": pending, "code": code})).await;
    b.keep_cookie(&res);
    res
}

#[tokio::test]
async fn set_up_and_confirmed_two_step_verification_is_asked_for_at_sign_in() {
    set_up_and_confirmed_two_step_verification_is_asked_for_at_sign_in_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn set_up_and_confirmed_two_step_verification_is_asked_for_at_sign_in_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    assert_eq!(b.json("/api/me/two-step").await, json!({"enabled": false, "recoveryCodesLeft": 0, "needed": false}));

    // Started but not confirmed: not yet asked for.
    let res = b.post("/api/me/two-step", json!({})).await;
    let secret = res.json()["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32, "20 bytes of base32");
    assert_eq!(server.browser().sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await.status, StatusCode::OK);
    let qr = b.get("/api/me/two-step/qr.svg").await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.header(header::CONTENT_TYPE), Some("image/svg+xml"));
    assert!(qr.text().contains("<svg"));
    let wrong = b.post("/api/me/two-step/confirm", json!({"code": "000000"})).await;
    let wrong = if code(&secret, step(&server)) == "000000" { b.post("/api/me/two-step/confirm", json!({"code": "111111"})).await } else { wrong };
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&wrong), "The code is wrong or has expired");
    let empty = b.post("/api/me/two-step/confirm", json!({"code": ""})).await;
    assert_eq!(error_of(&empty), "Enter the 6-digit code from your authenticator app");
    let res = b.post("/api/me/two-step/confirm", json!({"code": code(&secret, step(&server))})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["recoveryCodes"].as_array().unwrap().len(), 8);
    assert_eq!(b.json("/api/me/two-step").await, json!({"enabled": true, "recoveryCodesLeft": 8, "needed": false}));
    assert_eq!(b.post("/api/me/two-step", json!({})).await.status, StatusCode::CONFLICT, "already on");
    assert_eq!(b.get("/api/me/two-step/qr.svg").await.status, StatusCode::NOT_FOUND, "no QR code once it is on");
    let stored: String = server.text("SELECT secret FROM two_step").await;
    assert!(stored.starts_with("sealed1:") && !stored.contains(&secret), "the secret is stored sealed");

    // Signing in: the password gives a pending sign-in, not a session.
    let (mut other, pending) = password_step(&server, LEICESTER_VIEWER).await;
    assert_eq!(other.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    let res = code_step(&mut other, &pending, "").await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "Enter the 6-digit code from your authenticator app".to_owned()));
    let res = code_step(&mut other, &pending, &code(&secret, step(&server) + 1)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["account"]["email"], LEICESTER_VIEWER);
    assert_eq!(other.get("/api/me").await.status, StatusCode::OK);
    // The pending token was used up.
    let res = code_step(&mut server.browser(), &pending, &code(&secret, step(&server) + 1)).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::UNAUTHORIZED, "Your sign-in has expired. Sign in again".to_owned()));
    let kinds: Vec<String> = server.texts("SELECT kind FROM audit WHERE kind LIKE 'two-step%'").await;
    assert_eq!(kinds, ["two-step-on"]);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn wrong_and_replayed_codes_are_refused_and_pending_sign_ins_expire() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (secret, _) = enrol(&server, &b).await;
    let now = step(&server);

    let (mut other, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let wrong = if code(&secret, now + 1) == "123456" { "654321" } else { "123456" };
    let res = code_step(&mut other, &pending, wrong).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The code is wrong or has expired".to_owned()));
    let res = code_step(&mut other, &pending, &code(&secret, now)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "the code used to confirm the set-up is used: {}", res.text());
    let res = code_step(&mut other, &pending, &code(&secret, now - 2)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a code from a minute ago has expired");
    assert_eq!(code_step(&mut other, &pending, &code(&secret, now + 1)).await.status, StatusCode::OK);

    // The same code again, on a new sign-in: refused.
    let (mut third, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut third, &pending, &code(&secret, now + 1)).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The code is wrong or has expired".to_owned()), "replayed");
    assert_eq!(third.get("/api/me").await.status, StatusCode::UNAUTHORIZED);
    // Half a minute later, the next code works.
    server.clock.advance(Duration::from_secs(30));
    assert_eq!(code_step(&mut third, &pending, &code(&secret, step(&server) + 1)).await.status, StatusCode::OK);

    // A pending sign-in lasts 5 minutes.
    let (mut late, pending) = password_step(&server, LEICESTER_VIEWER).await;
    server.clock.advance(Duration::from_secs(5 * 60 + 1));
    let res = code_step(&mut late, &pending, &code(&secret, step(&server))).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::UNAUTHORIZED, "Your sign-in has expired. Sign in again".to_owned()));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (_, codes) = enrol(&server, &b).await;
    assert_eq!(codes.len(), 8);
    assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'), "{codes:?}");
    let stored: Vec<String> = server.db().prepare("SELECT code_hash FROM recovery_codes").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(stored.len(), 8);
    assert!(stored.iter().all(|h| !codes.iter().any(|c| h.contains(&c[..5]))), "stored hashed");

    let (mut other, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut other, &pending, &codes[0].to_uppercase()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(other.json("/api/me/two-step").await["recoveryCodesLeft"], 7);

    let (mut again, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut again, &pending, &codes[0]).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The code is wrong or has expired".to_owned()));
    assert_eq!(code_step(&mut again, &pending, &codes[1]).await.status, StatusCode::OK);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn new_recovery_codes_need_the_password_and_replace_the_old_ones() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    const PATH: &str = "/api/me/two-step/recovery-codes";
    let res = b.post(PATH, json!({"password": DEMO_PASSWORD})).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::CONFLICT, "Two-step verification is off".to_owned()));

    let (_, old) = enrol(&server, &b).await;
    let (mut first, pending) = password_step(&server, LEICESTER_VIEWER).await;
    assert_eq!(code_step(&mut first, &pending, &old[0]).await.status, StatusCode::OK);
    assert_eq!(b.json("/api/me/two-step").await["recoveryCodesLeft"], 7);

    let res = b.post(PATH, json!({"password": ""})).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "Enter your password".to_owned()));
    let res = b.post(PATH, json!({"password": "not the password at all"})).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The password is wrong".to_owned()));
    assert_eq!(b.json("/api/me/two-step").await["recoveryCodesLeft"], 7, "nothing replaced");
    assert_eq!(server.browser().post(PATH, json!({"password": DEMO_PASSWORD})).await.status, StatusCode::UNAUTHORIZED);

    let res = b.post(PATH, json!({"password": DEMO_PASSWORD})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let new: Vec<String> = res.json()["recoveryCodes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(new.len(), 8);
    assert!(new.iter().all(|c| !old.contains(c)), "all new");
    assert_eq!(b.json("/api/me/two-step").await, json!({"enabled": true, "recoveryCodesLeft": 8, "needed": false}));
    let stored: i64 = server.db().query_row("SELECT COUNT(*) FROM recovery_codes", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 8, "the old codes are gone, used or not");

    // An old code no longer signs in; a new one does.
    let (mut other, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let res = code_step(&mut other, &pending, &old[1]).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The code is wrong or has expired".to_owned()));
    assert_eq!(code_step(&mut other, &pending, &new[0]).await.status, StatusCode::OK);
    let replaced: i64 = server.db().query_row("SELECT COUNT(*) FROM audit WHERE kind = 'recovery-codes-replaced'", [], |r| r.get(0)).unwrap();
    assert_eq!(replaced, 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn guessing_codes_is_throttled_like_guessing_passwords() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (secret, _) = enrol(&server, &b).await;
    let (mut guesser, pending) = password_step(&server, LEICESTER_VIEWER).await;
    let right = code(&secret, step(&server) + 1);
    let guesses = (0..1_000_000).map(|n| format!("{n:06}")).filter(|g| (-1..=1).all(|d| *g != code(&secret, step(&server) + d)));
    let mut statuses = Vec::new();
    for g in guesses.take(6) {
        statuses.push(code_step(&mut guesser, &pending, &g).await.status);
    }
    // The password was the first of 5 attempts in 15 minutes; 4 guesses, then 429.
    assert_eq!(statuses[..4], [StatusCode::BAD_REQUEST; 4], "{statuses:?}");
    assert_eq!(statuses[4..], [StatusCode::TOO_MANY_REQUESTS; 2], "{statuses:?}");
    let res = code_step(&mut guesser, &pending, &right).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "even the right code, once throttled");
    // Signing in with the password again does not give fresh guesses.
    let mut again = server.browser();
    assert_eq!(again.sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_partnership_can_require_two_step_verification_of_its_admins() {
    a_partnership_can_require_two_step_verification_of_its_admins_on(None).await;
}

/// On the node's SQLite file, or on PostgreSQL at `database_url` (`accounts_postgres`).
pub(crate) async fn a_partnership_can_require_two_step_verification_of_its_admins_on(database_url: Option<String>) {
    let server = TestServer::demo_on(database_url).await;
    let mut admin = server.browser();
    let me = admin.sign_in(LEICESTER_ADMIN, DEMO_PASSWORD).await.json();
    let pid = partnership_id(&me, "Leicester Safeguarding Children Board");
    let path = format!("/api/partnerships/{pid}/two-step");
    assert_eq!(admin.json(&path).await, json!({"adminsRequired": false}));
    let res = admin.put(&path, json!({"adminsRequired": true})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(error_of(&res), "Set up two-step verification for your own account before you require it for admins");
    enrol(&server, &admin).await;
    assert_eq!(admin.put(&path, json!({"adminsRequired": true})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.json(&path).await, json!({"adminsRequired": true}));

    // A new admin without it: told to set it up, refused every admin action until they do.
    let viewer = server.signed_in(LEICESTER_VIEWER).await;
    let viewer_id = viewer.json("/api/me").await["account"]["id"].as_str().unwrap().to_owned();
    assert_eq!(viewer.json("/api/me").await["twoStepNeeded"], false, "not an admin");
    let res = admin.put(&format!("/api/partnerships/{pid}/people/{viewer_id}"), json!({"role": "admin"})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let me: Value = viewer.json("/api/me").await;
    assert_eq!(me["twoStepNeeded"], true);
    assert_eq!(viewer.json("/api/me/two-step").await["needed"], true);
    let res = viewer.get(&format!("/api/partnerships/{pid}/people")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&res), "Your partnership requires admins to use two-step verification. Set it up on your account page first");
    assert_eq!(viewer.put(&path, json!({"adminsRequired": false})).await.status, StatusCode::FORBIDDEN, "nor turn the rule off");
    enrol(&server, &viewer).await;
    assert_eq!(viewer.get(&format!("/api/partnerships/{pid}/people")).await.status, StatusCode::OK);
    assert_eq!(viewer.json("/api/me").await["twoStepNeeded"], false);
    let policy_rows: i64 = server.number("SELECT COUNT(*) FROM audit WHERE kind = 'two-step-policy'").await;
    assert_eq!(policy_rows, 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn turning_it_off_needs_the_password_or_a_code() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (secret, _) = enrol(&server, &b).await;
    let res = b.post("/api/me/two-step/off", json!({})).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "Enter your password or a code from your authenticator app".to_owned()));
    let res = b.post("/api/me/two-step/off", json!({"password": "not my password at all"})).await;
    assert_eq!((res.status, error_of(&res)), (StatusCode::BAD_REQUEST, "The password or code is wrong".to_owned()));
    assert_eq!(b.post("/api/me/two-step/off", json!({"code": code(&secret, step(&server))})).await.status, StatusCode::BAD_REQUEST, "used to confirm");
    assert_eq!(b.post("/api/me/two-step/off", json!({"password": DEMO_PASSWORD})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(b.json("/api/me/two-step").await["enabled"], false);
    assert_eq!(server.browser().sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await.status, StatusCode::OK);
    let rows: i64 = server.db().query_row("SELECT COUNT(*) FROM two_step", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_cli_resets_two_step_verification_for_a_lost_phone() {
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    enrol(&server, &b).await;
    let out = crate::auth_hardening::cli(&server.data_dir, &["user", "reset-two-step", "--email", LEICESTER_VIEWER], None);
    let said = crate::auth_hardening::stdout(&out);
    assert!(said.starts_with("two-step verification is off for leicester.viewer@example.org"), "{said}");
    // The server notices the ended session within a second; then the password alone signs in.
    server.until("the session to end", || async { b.get("/api/me").await.status == StatusCode::UNAUTHORIZED }).await;
    assert_eq!(server.browser().sign_in(LEICESTER_VIEWER, DEMO_PASSWORD).await.status, StatusCode::OK);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_clis_token_and_password_commands_need_a_code_for_an_account_with_two_step() {
    use crate::auth_hardening::{cli, fails_saying, stdout};
    let server = TestServer::demo().await;
    let b = server.signed_in(LEICESTER_VIEWER).await;
    let (secret, recovery) = enrol(&server, &b).await;
    let token = ["token", "create", "--email", LEICESTER_VIEWER, "--partnership", "Leicester Safeguarding Children Board"];
    let with_code = |code: &str| {
        let mut args = token.to_vec();
        args.extend(["--code", code]);
        cli(&server.data_dir, &args, None)
    };
    fails_saying(&cli(&server.data_dir, &token, None), "uses two-step verification: give their current code from the authenticator app");
    // The code of the next step: the current one confirmed the set-up, and a code works once.
    let right = code(&secret, step(&server) + 1);
    let wrong = if right == "123456" { "654321" } else { "123456" };
    fails_saying(&with_code(wrong), "is wrong or has expired");
    let made = stdout(&with_code(&right));
    crate::helpers::RawPeer::join(&server.ws_url_with(&made)).await;
    fails_saying(&with_code(&right), "is wrong or has expired");
    assert!(!stdout(&with_code(&recovery[0])).is_empty(), "a recovery code stands in for the app");
    fails_saying(&with_code(&recovery[0]), "is wrong or has expired");

    // A new password for the account is acting for it too.
    let add = ["user", "add", "--email", LEICESTER_VIEWER, "--name", "Leicester Viewer", "--operator", "--password-stdin"];
    let new_password = Some("a brand new passphrase for the viewer\n");
    fails_saying(&cli(&server.data_dir, &add, new_password), "uses two-step verification");
    assert_eq!(server.browser().sign_in(LEICESTER_VIEWER, "a brand new passphrase for the viewer").await.status, StatusCode::UNAUTHORIZED);
    let mut args = add.to_vec();
    args.extend(["--code", &recovery[1]]);
    stdout(&cli(&server.data_dir, &args, new_password));
    let res = server.browser().sign_in(LEICESTER_VIEWER, "a brand new passphrase for the viewer").await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "the new password, then still a code: {}", res.text());

    let kinds: Vec<String> = server
        .db()
        .prepare("SELECT kind || ': ' || detail FROM audit WHERE detail LIKE '%command line%' ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(kinds.iter().filter(|k| k.as_str() == "sign-in-failed: wrong two-step code on the command line").count() >= 3, "{kinds:?}");
    assert!(kinds.iter().any(|k| k.starts_with("recovery-code-used: 7 left")), "{kinds:?}");
    server.stop().await.unwrap();
}
