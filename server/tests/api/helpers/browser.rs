//! A small HTTP client for the accounts tests that behaves like a browser: it sends JSON
//! with a same-origin `Origin` and keeps one session cookie. Plus the demo's people.

use std::{net::SocketAddr, path::Path, time::Duration};

use hyper::{header, Method, StatusCode};
use serde_json::Value;

pub use super::http::Response;

pub const DEMO_PASSWORD: &str = "quorum-demo-password";
pub const LEICESTER_ADMIN: &str = "leicester.admin@example.org";
pub const LEICESTER_VIEWER: &str = "leicester.viewer@example.org";
pub const LRSCP_EDITOR: &str = "lrscp.editor@example.org";
pub const DDSCP_ADMIN: &str = "ddscp.admin@example.org";

/// A connection to the database in `data_dir`, for looking at rows.
pub fn db(data_dir: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(data_dir.join(quorum_server::storage::DATABASE_FILE)).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn
}

/// A client that sends `Origin`, JSON bodies and its session cookie.
#[derive(Clone)]
pub struct Browser {
    pub addr: SocketAddr,
    pub origin: String,
    pub cookie: Option<String>,
    pub cookie_name: &'static str,
}

impl Browser {
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        let res = self
            .send(Method::POST, "/api/session", Some(serde_json::json!({"email": email, "password": password})))
            .await;
        self.keep_cookie(&res);
        res
    }

    /// Keeps the session cookie a response sets (or clears).
    pub fn keep_cookie(&mut self, res: &Response) {
        if let Some(set) = res.header(header::SET_COOKIE) {
            let value = set
                .split(';')
                .next()
                .and_then(|p| p.split_once('='))
                .map(|(_, v)| v.to_owned())
                .unwrap_or_default();
            self.cookie = (!value.is_empty()).then_some(value);
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    pub async fn json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.text());
        serde_json::from_slice(&res.body).unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None).await
    }

    /// A same-origin request with this browser's cookie.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut headers = vec![("origin".to_owned(), self.origin.clone())];
        if let Some(c) = &self.cookie {
            headers.push(("cookie".to_owned(), format!("{}={c}", self.cookie_name)));
        }
        let body = body.map(|b| ("application/json", b.to_string()));
        request(self.addr, method, path, &headers, body).await
    }
}

/// One HTTP/1.1 request with exactly these headers (plus `Host`, and the body's type).
pub async fn request(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(String, String)],
    body: Option<(&str, String)>,
) -> Response {
    let mut all: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if let Some((content_type, _)) = &body {
        all.push((header::CONTENT_TYPE.as_str(), content_type));
    }
    super::http::send(addr, method, path, &all, body.map(|(_, b)| b.into_bytes())).await
}

/// The `error` message of a JSON error body.
pub fn error_of(res: &Response) -> String {
    serde_json::from_slice::<Value>(&res.body)
        .ok()
        .and_then(|v| v["error"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("not an error body: {}", res.text()))
}

/// The id of the partnership named `name` in a `Me`.
pub fn partnership_id(me: &Value, name: &str) -> String {
    me["partnerships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {me}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
