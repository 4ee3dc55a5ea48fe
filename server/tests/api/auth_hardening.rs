//! HTTP hardening and the administrative CLI, against real servers: cross-site requests are
//! refused and change nothing, every response carries the security headers and a CSP that
//! allows exactly the app's inline loader, the CLI's partnerships, users, links and tokens work
//! end to end, and no password, token or cookie ever reaches the logs.

use std::{
    io::{BufRead, BufReader, Write},
    path::Path,
    process::{Command, Output, Stdio},
};

use base64::{engine::general_purpose::STANDARD, Engine as _};
use hyper::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::{
    helpers::{
        browser::{error_of, partnership_id, request, DEMO_PASSWORD, LEICESTER_ADMIN},
        Options, TestServer,
        client::{refused_status, with_header},
        server::fake_dist,
    },
};

const LOADER: &str = "import init from '/quorum-app.js'; init('/quorum-app_bg.wasm');";

fn index_with_loader() -> &'static str {
    Box::leak(format!("<!doctype html><title>Quorum</title><script type=\"module\">{LOADER}</script>").into_boxed_str())
}

fn count(server: &TestServer, sql: &str) -> i64 {
    server.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn cross_site_requests_are_refused_and_change_nothing() {
    let server = TestServer::demo().await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let me = admin.json("/api/me").await;
    let pid = partnership_id(&me, "Leicester Safeguarding Children Board");
    let cookie = format!("{}={}", admin.cookie_name, admin.cookie.clone().unwrap());
    let sessions_before = count(&server, "SELECT count(*) FROM sessions");
    let invitations_before = count(&server, "SELECT count(*) FROM invitations");
    let sign_in = json!({"email": LEICESTER_ADMIN, "password": DEMO_PASSWORD}).to_string();
    let invite = json!({"email": "new.person@example.org", "role": "editor"}).to_string();
    let invitations = format!("/api/partnerships/{pid}/invitations");

    let foreign = [("origin".to_owned(), "https://evil.example".to_owned())];
    let cross_site = [("sec-fetch-site".to_owned(), "cross-site".to_owned())];
    let with_cookie = |h: &[(String, String)]| {
        let mut h = h.to_vec();
        h.push(("cookie".to_owned(), cookie.clone()));
        h
    };
    for (what, headers, path, body) in [
        ("sign-in from another origin", foreign.to_vec(), "/api/session", &sign_in),
        ("sign-in from a cross-site page without Origin", cross_site.to_vec(), "/api/session", &sign_in),
        ("an invitation from another origin", with_cookie(&foreign), invitations.as_str(), &invite),
        ("an invitation cross-site without Origin", with_cookie(&cross_site), invitations.as_str(), &invite),
    ] {
        let res = request(server.addr, Method::POST, path, &headers, Some(("application/json", body.clone()))).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{what}: {}", res.text());
        assert!(!error_of(&res).is_empty(), "{what}: a message for people");
        assert!(res.header(hyper::header::SET_COOKIE).is_none(), "{what}: no session");
    }
    let res = request(server.addr, Method::DELETE, "/api/session", &with_cookie(&foreign), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "sign-out from another origin: {}", res.text());
    assert_eq!(count(&server, "SELECT count(*) FROM sessions"), sessions_before, "no session made or ended");
    assert_eq!(count(&server, "SELECT count(*) FROM invitations"), invitations_before, "no invitation made");
    assert_eq!(admin.get("/api/me").await.status, StatusCode::OK, "the admin is still signed in");

    // A form post (not JSON) from this very origin is refused too: only JSON changes state.
    let same = [("origin".to_owned(), server.origin.clone())];
    let res = request(server.addr, Method::POST, "/api/session", &same, Some(("text/plain", sign_in.clone()))).await;
    assert!(
        res.status == StatusCode::UNSUPPORTED_MEDIA_TYPE || res.status == StatusCode::BAD_REQUEST,
        "a text/plain body: {} {}",
        res.status,
        res.text()
    );
    // The same request as JSON from this origin works.
    let res = request(server.addr, Method::POST, "/api/session", &same, Some(("application/json", sign_in))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = admin.post(&invitations, json!({"email": "new.person@example.org", "role": "editor"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_csp_for_exactly_the_apps_loader() {
    let server = TestServer::start(Options { index_html: Some(index_with_loader()), ..Options::default() }).await;
    std::fs::write(server.dist.path().join("app-0123.css"), "body{}").unwrap();
    let browser = server.browser();
    let hash = STANDARD.encode(Sha256::digest(LOADER.as_bytes()));
    for path in ["/", "/partnerships/abc", "/app-0123.css", "/healthz", "/api/me", "/api/nothing-here"] {
        let res = browser.get(path).await;
        let header = |name: &'static str| res.header(hyper::header::HeaderName::from_static(name)).unwrap_or_else(|| panic!("{path}: no {name}")).to_owned();
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'")), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
    server.stop().await.unwrap();
}

pub fn cli(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum-server"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("QUORUM_DEMO")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "the CLI failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap().trim().to_owned()
}

pub fn fails_saying(o: &Output, words: &str) {
    assert!(!o.status.success(), "expected a failure mentioning {words:?}: {}", String::from_utf8_lossy(&o.stdout));
    let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
    assert!(err.contains(words), "expected {words:?} in: {err}");
}

#[tokio::test]
async fn the_cli_makes_partnerships_users_links_and_tokens_that_work() {
    let data = TempDir::new().unwrap();
    let dir = data.path();
    let id = stdout(&cli(dir, &["partnership", "add", "--name", "Example Safeguarding Partnership"], None));
    assert!(id.parse::<uuid::Uuid>().is_ok(), "prints the new id: {id:?}");
    fails_saying(&cli(dir, &["partnership", "add", "--name", "Example Safeguarding Partnership"], None), "exist");

    let add = |email: &'static str, by: &'static str, stdin: Option<&'static str>| {
        let mut args = vec!["user", "add", "--email", email, "--name", "A Person", "--partnership", by, "--role", "editor"];
        if stdin.is_some() {
            args.push("--password-stdin");
        }
        cli(dir, &args, stdin)
    };
    fails_saying(&add("short@example.org", "Example Safeguarding Partnership", Some("too short\n")), "12");
    fails_saying(&add("common@example.org", "Example Safeguarding Partnership", Some("Password1234!\n")), "harder to guess");
    fails_saying(&add("nobody@example.org", "No Such Partnership", Some("a long enough password\n")), "partnership");
    stdout(&add("by.id@example.org", Box::leak(id.clone().into_boxed_str()), Some("a long enough password\n")));
    let link = stdout(&add("by.link@example.org", "Example Safeguarding Partnership", None));
    let token = link.rsplit("/set-password/").next().filter(|_| link.contains("/set-password/")).expect("a set-password link");
    fails_saying(&cli(dir, &["token", "create", "--email", "nobody@example.org", "--partnership", &id], None), "");
    let api_token = stdout(&cli(dir, &["token", "create", "--email", "by.id@example.org", "--partnership", &id], None));
    assert!(api_token.len() >= 32, "{api_token:?}");

    let dist = fake_dist();
    let mut config = quorum_server::Config::new(dir, dist.path());
    config.demo = false;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(quorum_server::serve(config, listener, async move {
        let _ = stopped.await;
    }));
    let origin = [("origin".to_owned(), format!("http://{addr}"))];
    let set = json!({"password": "another long password"}).to_string();
    let path = format!("/api/password-links/{token}");
    let res = request(addr, Method::POST, &path, &origin, Some(("application/json", set.clone()))).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let res = request(addr, Method::POST, &path, &origin, Some(("application/json", set))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a link works once: {}", res.text());
    for (email, password) in [("by.link@example.org", "another long password"), ("by.id@example.org", "a long enough password")] {
        let body = json!({"email": email, "password": password}).to_string();
        let res = request(addr, Method::POST, "/api/session", &origin, Some(("application/json", body))).await;
        assert_eq!(res.status, StatusCode::OK, "{email} signs in: {}", res.text());
    }

    let ws = format!("ws://{addr}/sync");
    assert_eq!(refused_status(with_header(&ws, ("authorization", format!("Bearer {api_token}")))).await, None);
    assert_eq!(refused_status(with_header(&ws, ("authorization", "Bearer not-a-token".to_owned()))).await, Some(401));
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn no_password_token_or_cookie_reaches_the_logs() {
    let data = TempDir::new().unwrap();
    let dist = fake_dist();
    let log = data.path().join("server.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum-server"))
        .args(["--host", "127.0.0.1", "--port", "0", "--demo", "--data-dir"])
        .arg(data.path())
        .arg("--dist-dir")
        .arg(dist.path())
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start quorum-server");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr: std::net::SocketAddr = line.trim().strip_prefix("quorum-server listening on http://").unwrap().parse().unwrap();

    let origin = [("origin".to_owned(), format!("http://{addr}"))];
    let body = json!({"email": LEICESTER_ADMIN, "password": DEMO_PASSWORD}).to_string();
    let res = request(addr, Method::POST, "/api/session", &origin, Some(("application/json", body))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let cookie = res.header(hyper::header::SET_COOKIE).unwrap().split(';').next().unwrap().to_owned();
    let cookie_value = cookie.split_once('=').unwrap().1.to_owned();
    // Made once the demo is seeded (the server answers sign-ins only after that).
    let token = stdout_of_token(data.path());
    let wrong = json!({"email": LEICESTER_ADMIN, "password": "a wrong password guess"}).to_string();
    let res = request(addr, Method::POST, "/api/session", &origin, Some(("application/json", wrong))).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let ws = format!("ws://{addr}/sync?token={token}");
    assert_eq!(refused_status(with_header(&ws, ("user-agent", "log test".to_owned()))).await, None);
    let mut headers = origin.to_vec();
    headers.push(("cookie".to_owned(), cookie));
    let res = request(addr, Method::GET, "/api/me", &headers, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let me: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    let pid = partnership_id(&me, "Leicester Safeguarding Children Board");
    let invite = json!({"email": "log.test@example.org", "role": "viewer"}).to_string();
    let res = request(addr, Method::POST, &format!("/api/partnerships/{pid}/invitations"), &headers, Some(("application/json", invite))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let link: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    let invitation = link["link"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    // Opening the invitation (the API and the app's page), a password link, and a calendar
    // feed: each secret travels in a path.
    assert_eq!(request(addr, Method::GET, &format!("/api/invitations/{invitation}"), &origin, None).await.status, StatusCode::OK);
    let _ = request(addr, Method::GET, &format!("/invite/{invitation}"), &origin, None).await;
    let printed = self::stdout(&cli(data.path(), &["user", "add", "--email", "log.link@example.org", "--name", "Log Link", "--partnership", "Leicester Safeguarding Children Board", "--role", "viewer"], None));
    let link_token = printed.rsplit("/set-password/").next().unwrap().trim().to_owned();
    let _ = request(addr, Method::GET, &format!("/set-password/{link_token}"), &origin, None).await;
    let set = json!({"password": "a brand new long password"}).to_string();
    let res = request(addr, Method::POST, &format!("/api/password-links/{link_token}"), &origin, Some(("application/json", set))).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    let res = request(addr, Method::POST, "/api/feeds", &headers, Some(("application/json", "{}".to_owned()))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let feed_path = serde_json::from_slice::<serde_json::Value>(&res.body).unwrap()["path"].as_str().unwrap().to_owned();
    assert_eq!(request(addr, Method::GET, &feed_path, &origin, None).await.status, StatusCode::OK);
    let feed = feed_path.trim_start_matches("/feeds/").trim_end_matches(".ics").to_owned();
    // Two-step verification: its secret, recovery codes and the pending sign-in token.
    let res = request(addr, Method::POST, "/api/me/two-step", &headers, Some(("application/json", "{}".to_owned()))).await;
    let totp_secret = res.json()["secret"].as_str().unwrap().to_owned();
    let step = || i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30).unwrap();
    let confirm = json!({"code": crate::two_step::code(&totp_secret, step())}).to_string();
    let res = request(addr, Method::POST, "/api/me/two-step/confirm", &headers, Some(("application/json", confirm))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let recovery: Vec<String> = res.json()["recoveryCodes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    let body = json!({"email": LEICESTER_ADMIN, "password": DEMO_PASSWORD}).to_string();
    let res = request(addr, Method::POST, "/api/session", &origin, Some(("application/json", body))).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text());
    let pending = res.json()["pendingToken"].as_str().unwrap().to_owned();
    let second = json!({"pendingToken": pending, "code": recovery[0]}).to_string();
    let res = request(addr, Method::POST, "/api/session/code", &origin, Some(("application/json", second))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    terminate(&mut child);
    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(logs.lines().count() > 10, "trace logging was on: {logs}");
    for (what, secret) in [
        ("the password", DEMO_PASSWORD),
        ("the wrong password", "a wrong password guess"),
        ("the API token", token.as_str()),
        ("the session cookie", cookie_value.as_str()),
        ("the invitation token", invitation.as_str()),
        ("the password link", link_token.as_str()),
        ("the calendar feed", feed.as_str()),
        ("the two-step secret", totp_secret.as_str()),
        ("the pending sign-in", pending.as_str()),
        ("a recovery code", recovery[0].as_str()),
        ("another recovery code", recovery[1].as_str()),
    ] {
        let lines: Vec<&str> = logs.lines().filter(|l| l.contains(secret)).take(5).collect();
        assert!(lines.is_empty(), "{what} is in the log: {lines:#?}");
    }
}

fn stdout_of_token(data: &Path) -> String {
    stdout(&cli(data, &["token", "create", "--email", LEICESTER_ADMIN, "--partnership", "Leicester Safeguarding Children Board"], None))
}

/// Stops the child with SIGTERM (its graceful path) and waits for it.
fn terminate(child: &mut std::process::Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let _ = child.wait();
}
