//! The JSON HTTP API of `docs/access-control.md`, and its one error type.
//!
//! Requests are same-origin (the browser sends `Origin` on POST/PUT/DELETE, which the server
//! checks) and carry the session cookie; bodies are `application/json`. Errors carry the
//! server's `{"error": …}` message, written for people.

use std::collections::HashMap;

use domain::DocumentId;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

use super::{AccessRole, Me};

mod hosting;
pub use hosting::{
    hosted_partnerships, is_operator, share_group, start_partnership, HostedPartnership, NewPartnership,
    StartedPartnership,
};

/// Why an API call did not succeed, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("The server could not be reached. Check your connection and try again")]
    Offline,
    /// 401: no session, or it ended.
    #[error("{0}")]
    SignedOut(String),
    /// 429: too many attempts.
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// 409 (e.g. the last admin).
    #[error("{0}")]
    Conflict(String),
    /// Another 4xx: the request was refused (e.g. a password too short).
    #[error("{0}")]
    Refused(String),
    #[error("Something went wrong on the server. Try again later")]
    Server,
}

impl ApiError {
    /// The error for an unsuccessful `status` whose body said `message` (if it did).
    pub fn from_status(status: u16, message: Option<String>) -> Self {
        let or = |default: &str| message.clone().filter(|m| !m.trim().is_empty()).unwrap_or_else(|| default.to_owned());
        match status {
            401 => ApiError::SignedOut(or("You are signed out")),
            429 => ApiError::TooManyAttempts(or("Too many attempts. Wait 15 minutes, then try again")),
            403 => ApiError::Forbidden(or("You do not have permission to do that")),
            404 => ApiError::NotFound(or("Not found")),
            409 => ApiError::Conflict(or("That change conflicts with the current state")),
            400..=499 => ApiError::Refused(or("The request was refused")),
            _ => ApiError::Server,
        }
    }

    pub fn is_signed_out(&self) -> bool {
        matches!(self, ApiError::SignedOut(_))
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

/// One request; the status and body text of a successful answer.
async fn send(method: &str, path: &str, body: Option<serde_json::Value>) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Offline)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = Headers::new().map_err(|_| ApiError::Offline)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(body) = body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiError::Offline)?
        .dyn_into()
        .map_err(|_| ApiError::Offline)?;
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        let message = serde_json::from_str::<ErrorBody>(&text).ok().map(|b| b.error);
        Err(ApiError::from_status(status, message))
    }
}

async fn json<T: DeserializeOwned>(method: &str, path: &str, body: Option<serde_json::Value>) -> Result<T, ApiError> {
    let text = send(method, path, body).await?;
    serde_json::from_str(&text).map_err(|e| {
        leptos::logging::warn!("{method} {path}: unexpected answer: {e}");
        ApiError::Server
    })
}

async fn no_content(method: &str, path: &str, body: Option<serde_json::Value>) -> Result<(), ApiError> {
    send(method, path, body).await.map(|_| ())
}

/// `GET /api/me`.
pub async fn me() -> Result<Me, ApiError> {
    json("GET", "/api/me", None).await
}

/// `POST /api/session`: signs in; the server sets the session cookie.
pub async fn sign_in(email: &str, password: &str) -> Result<Me, ApiError> {
    json("POST", "/api/session", Some(json!({ "email": email, "password": password }))).await
}

/// `DELETE /api/session`.
pub async fn sign_out() -> Result<(), ApiError> {
    no_content("DELETE", "/api/session", None).await
}

#[derive(Deserialize)]
struct Readable {
    readable: Vec<String>,
}

/// `POST /api/documents/readable`: which of `ids` this account may read.
pub async fn readable(ids: &[DocumentId]) -> Result<Vec<DocumentId>, ApiError> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let answer: Readable = json("POST", "/api/documents/readable", Some(json!({ "documentIds": ids }))).await?;
    Ok(answer.readable.iter().filter_map(|s| s.parse().ok()).collect())
}

/// `POST /api/documents`: records a new document's owner partnership.
pub async fn register_document(document: DocumentId, partnership_id: &str) -> Result<(), ApiError> {
    no_content(
        "POST",
        "/api/documents",
        Some(json!({ "documentId": document.to_string(), "partnershipId": partnership_id })),
    )
    .await
}

/// One of the account's sessions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub id: String,
    pub created_at: f64,
    pub last_seen_at: f64,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub current: bool,
}

pub async fn sessions() -> Result<Vec<SessionInfo>, ApiError> {
    json("GET", "/api/sessions", None).await
}

pub async fn end_session(id: &str) -> Result<(), ApiError> {
    no_content("DELETE", &format!("/api/sessions/{}", encode(id)), None).await
}

/// A person in a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub account_id: String,
    pub name: String,
    pub email: String,
    pub role: AccessRole,
}

pub async fn people(partnership: &str) -> Result<Vec<Person>, ApiError> {
    json("GET", &format!("/api/partnerships/{}/people", encode(partnership)), None).await
}

pub async fn set_role(partnership: &str, account: &str, role: AccessRole) -> Result<(), ApiError> {
    let path = format!("/api/partnerships/{}/people/{}", encode(partnership), encode(account));
    no_content("PUT", &path, Some(json!({ "role": role.as_str() }))).await
}

pub async fn remove_person(partnership: &str, account: &str) -> Result<(), ApiError> {
    let path = format!("/api/partnerships/{}/people/{}", encode(partnership), encode(account));
    no_content("DELETE", &path, None).await
}

/// A new invitation: the link to give the person.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub link: String,
    pub expires_at: f64,
}

pub async fn invite(
    partnership: &str,
    email: &str,
    role: AccessRole,
    document: Option<DocumentId>,
) -> Result<Invitation, ApiError> {
    let mut body = json!({ "email": email, "role": role.as_str() });
    if let Some(doc) = document {
        body["documentId"] = json!(doc.to_string());
    }
    json("POST", &format!("/api/partnerships/{}/invitations", encode(partnership)), Some(body)).await
}

/// What an invitation link offers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationOffer {
    pub partnership_name: String,
    pub role: AccessRole,
    pub email: String,
    #[serde(default)]
    pub document_name: Option<String>,
    #[serde(default)]
    pub account_exists: bool,
}

pub async fn invitation(token: &str) -> Result<InvitationOffer, ApiError> {
    json("GET", &format!("/api/invitations/{}", encode(token)), None).await
}

/// Accepts an invitation: with a name and password for a new account, or as the signed-in
/// account (both `None`).
pub async fn accept_invitation(token: &str, new_account: Option<(&str, &str)>) -> Result<Me, ApiError> {
    let body = match new_account {
        Some((name, password)) => json!({ "name": name, "password": password }),
        None => json!({}),
    };
    json("POST", &format!("/api/invitations/{}/accept", encode(token)), Some(body)).await
}

pub async fn set_password(token: &str, password: &str) -> Result<(), ApiError> {
    no_content("POST", &format!("/api/password-links/{}", encode(token)), Some(json!({ "password": password }))).await
}

/// Who delivered a change first.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeAuthor {
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub at: f64,
}

#[derive(Deserialize)]
struct Attribution {
    #[serde(default)]
    changes: HashMap<String, ChangeAuthor>,
}

/// `GET /api/documents/{doc}/attribution`: change hash (hex) → its author.
pub async fn attribution(doc: DocumentId) -> Result<HashMap<String, ChangeAuthor>, ApiError> {
    let a: Attribution = json("GET", &format!("/api/documents/{doc}/attribution"), None).await?;
    Ok(a.changes)
}

/// One line of a partnership's audit log.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub at: f64,
    pub kind: String,
    #[serde(default)]
    pub actor: Option<serde_json::Value>,
    #[serde(default)]
    pub detail: Option<serde_json::Value>,
}

impl AuditEntry {
    /// A JSON value (string, or anything else) as text for a table cell.
    pub fn text(v: &Option<serde_json::Value>) -> String {
        match v {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    }
}

pub async fn audit(partnership: &str) -> Result<Vec<AuditEntry>, ApiError> {
    json("GET", &format!("/api/partnerships/{}/audit", encode(partnership)), None).await
}

/// A path segment, percent-encoded.
fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn statuses_map_to_errors_with_the_servers_message() {
        let generic = Some("Email or password is incorrect".to_owned());
        assert_eq!(ApiError::from_status(401, generic.clone()), ApiError::SignedOut(generic.clone().unwrap()));
        assert!(matches!(ApiError::from_status(429, None), ApiError::TooManyAttempts(m) if m.contains("15 minutes")));
        assert!(matches!(ApiError::from_status(409, Some("last admin".into())), ApiError::Conflict(m) if m == "last admin"));
        assert!(matches!(ApiError::from_status(422, None), ApiError::Refused(_)));
        assert_eq!(ApiError::from_status(500, Some("db locked".into())), ApiError::Server, "internal details are not shown");
    }
}
