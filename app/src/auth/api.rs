//! The JSON HTTP API of `docs/access-control.md`, and its one error type.
//!
//! Requests are same-origin (the browser sends `Origin` on POST/PUT/DELETE, which the server
//! checks) and carry the session cookie; bodies are `application/json`. Errors carry the
//! server's `{"error": …}` message, written for people. Every body is a type of the shared
//! contract, [`domain::api`].

use std::collections::HashMap;

use domain::{api as contract, DocumentId};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit, Response};

use super::{AccessRole, Me};

mod hosting;
pub use hosting::{
    hosted_partnerships, is_operator, share_group, start_partnership, HostedPartnership, PartnershipStarted,
    StartPartnership,
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

/// One request with a JSON body (if any); the body text of a successful answer.
async fn send<B: Serialize>(method: &str, path: &str, body: Option<&B>) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Offline)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = Headers::new().map_err(|_| ApiError::Offline)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(body) = body {
        let _ = headers.set("Content-Type", "application/json");
        let text = serde_json::to_string(body).map_err(|_| ApiError::Server)?;
        init.set_body(&JsValue::from_str(&text));
    }
    init.set_headers(&headers);
    answer(&window, path, &init).await
}

/// Sends the request; the body text of a successful answer, or the server's error.
async fn answer(window: &web_sys::Window, path: &str, init: &RequestInit) -> Result<String, ApiError> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, init))
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
        let message = serde_json::from_str::<contract::ErrorBody>(&text).ok().map(|b| b.error);
        Err(ApiError::from_status(status, message))
    }
}

/// `POST /api/documents/{doc}/papers?name=…`: stores a meeting paper (the file itself as the
/// body, with its type); the stored paper once it is on the server's disk.
pub async fn upload_paper(doc: DocumentId, file: &web_sys::File) -> Result<contract::PaperStored, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Offline)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = Headers::new().map_err(|_| ApiError::Offline)?;
    let _ = headers.set("Accept", "application/json");
    let media = file.type_();
    let _ = headers.set("Content-Type", if media.is_empty() { "application/octet-stream" } else { &media });
    init.set_headers(&headers);
    init.set_body(file);
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let text = answer(&window, &format!("/api/documents/{doc}/papers?name={name}"), &init).await?;
    serde_json::from_str(&text).map_err(|_| ApiError::Server)
}

/// Where a paper is downloaded from.
pub fn paper_href(doc: DocumentId, blob: &str) -> String {
    format!("/api/documents/{doc}/papers/{blob}")
}

/// No body.
const NONE: Option<&()> = None;

async fn json<T: DeserializeOwned, B: Serialize>(method: &str, path: &str, body: Option<&B>) -> Result<T, ApiError> {
    let text = send(method, path, body).await?;
    serde_json::from_str(&text).map_err(|e| {
        leptos::logging::warn!("{method} {path}: unexpected answer: {e}");
        ApiError::Server
    })
}

async fn no_content<B: Serialize>(method: &str, path: &str, body: Option<&B>) -> Result<(), ApiError> {
    send(method, path, body).await.map(|_| ())
}

/// `GET /api/me`.
pub async fn me() -> Result<Me, ApiError> {
    json("GET", "/api/me", NONE).await
}

/// What a correct password gives: the session (and `Me`), or, for an account with two-step
/// verification, a pending sign-in that needs the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedIn {
    Done(Me),
    CodeRequired { pending_token: String },
}

/// Tells a sign-in answer's body apart: `{"codeRequired": true, …}` or `Me`.
pub fn parse_sign_in(text: &str) -> Option<SignedIn> {
    if let Ok(c) = serde_json::from_str::<contract::CodeRequired>(text) {
        if c.code_required {
            return Some(SignedIn::CodeRequired { pending_token: c.pending_token });
        }
    }
    serde_json::from_str::<Me>(text).ok().map(SignedIn::Done)
}

/// `POST /api/session`: signs in; the server sets the session cookie, or asks for the code.
pub async fn sign_in(email: &str, password: &str) -> Result<SignedIn, ApiError> {
    let body = contract::SignIn { email: email.to_owned(), password: password.to_owned() };
    let text = send("POST", "/api/session", Some(&body)).await?;
    parse_sign_in(&text).ok_or(ApiError::Server)
}

/// `POST /api/session/code`: the second step of signing in.
pub async fn sign_in_code(pending_token: &str, code: &str) -> Result<Me, ApiError> {
    let body = contract::SignInCode { pending_token: pending_token.to_owned(), code: code.to_owned() };
    json("POST", "/api/session/code", Some(&body)).await
}

/// `GET /api/me/two-step`.
pub async fn two_step_status() -> Result<contract::TwoStepStatus, ApiError> {
    json("GET", "/api/me/two-step", NONE).await
}

/// `POST /api/me/two-step`: a new secret, not active until confirmed.
pub async fn start_two_step() -> Result<contract::TwoStepSetup, ApiError> {
    json("POST", "/api/me/two-step", Some(&serde_json::json!({}))).await
}

/// `POST /api/me/two-step/confirm`: turns it on; the recovery codes.
pub async fn confirm_two_step(code: &str) -> Result<contract::RecoveryCodes, ApiError> {
    json("POST", "/api/me/two-step/confirm", Some(&contract::TwoStepCode { code: code.to_owned() })).await
}

/// `POST /api/me/two-step/off` with the password.
pub async fn turn_off_two_step(password: &str) -> Result<(), ApiError> {
    let body = contract::TurnOffTwoStep { password: Some(password.to_owned()), code: None };
    no_content("POST", "/api/me/two-step/off", Some(&body)).await
}

/// `POST /api/me/two-step/recovery-codes` with the password: new recovery codes (the old
/// ones stop working).
pub async fn new_recovery_codes(password: &str) -> Result<contract::RecoveryCodes, ApiError> {
    let body = contract::NewRecoveryCodes { password: password.to_owned() };
    json("POST", "/api/me/two-step/recovery-codes", Some(&body)).await
}

/// `GET /api/partnerships/{pid}/two-step`.
pub async fn two_step_policy(partnership: &str) -> Result<contract::TwoStepPolicy, ApiError> {
    json("GET", &format!("/api/partnerships/{}/two-step", encode(partnership)), NONE).await
}

/// `PUT /api/partnerships/{pid}/two-step`.
pub async fn set_two_step_policy(partnership: &str, admins_required: bool) -> Result<(), ApiError> {
    let body = contract::TwoStepPolicy { admins_required };
    no_content("PUT", &format!("/api/partnerships/{}/two-step", encode(partnership)), Some(&body)).await
}

/// `DELETE /api/session`.
pub async fn sign_out() -> Result<(), ApiError> {
    no_content("DELETE", "/api/session", NONE).await
}

/// `POST /api/documents/readable`: which of `ids` this account may read.
pub async fn readable(ids: &[DocumentId]) -> Result<Vec<DocumentId>, ApiError> {
    let query = contract::ReadableQuery { document_ids: ids.iter().map(ToString::to_string).collect() };
    let answer: contract::Readable = json("POST", "/api/documents/readable", Some(&query)).await?;
    Ok(answer.readable.iter().filter_map(|s| s.parse().ok()).collect())
}

/// `POST /api/documents`: records a new document's owner partnership.
pub async fn register_document(document: DocumentId, partnership_id: &str, owned_like: Option<DocumentId>) -> Result<(), ApiError> {
    let body = contract::RegisterDocument {
        document_id: document.to_string(),
        partnership_id: partnership_id.to_owned(),
        owned_like: owned_like.map(|d| d.to_string()),
    };
    no_content("POST", "/api/documents", Some(&body)).await
}

/// `POST /api/feeds`: a new calendar feed of group `group`'s meetings (or of every meeting
/// the person may read); its URL path is in the answer, this once.
pub async fn create_feed(group: Option<DocumentId>) -> Result<contract::FeedCreated, ApiError> {
    json("POST", "/api/feeds", Some(&contract::CreateFeed { group_document_id: group.map(|g| g.to_string()) })).await
}

/// `GET /api/feeds`: the person's live calendar feeds (without their secrets).
pub async fn feeds() -> Result<Vec<contract::FeedSummary>, ApiError> {
    json("GET", "/api/feeds", NONE).await
}

/// `DELETE /api/feeds/<id>`: the feed's URL stops working at once.
pub async fn revoke_feed(id: &str) -> Result<(), ApiError> {
    no_content("DELETE", &format!("/api/feeds/{}", encode(id)), NONE).await
}

/// One of the account's sessions.
pub use contract::SessionView as SessionInfo;

pub async fn sessions() -> Result<Vec<SessionInfo>, ApiError> {
    json("GET", "/api/sessions", NONE).await
}

pub async fn end_session(id: &str) -> Result<(), ApiError> {
    no_content("DELETE", &format!("/api/sessions/{}", encode(id)), NONE).await
}

/// A person in a partnership.
pub use contract::Person;

pub async fn people(partnership: &str) -> Result<Vec<Person>, ApiError> {
    json("GET", &format!("/api/partnerships/{}/people", encode(partnership)), NONE).await
}

pub async fn set_role(partnership: &str, account: &str, role: AccessRole) -> Result<(), ApiError> {
    let path = format!("/api/partnerships/{}/people/{}", encode(partnership), encode(account));
    no_content("PUT", &path, Some(&contract::RoleChange::new(role))).await
}

pub async fn remove_person(partnership: &str, account: &str) -> Result<(), ApiError> {
    let path = format!("/api/partnerships/{}/people/{}", encode(partnership), encode(account));
    no_content("DELETE", &path, NONE).await
}

/// An admin signs a member out of every device (their sessions end; roles stay).
pub async fn sign_out_everywhere(partnership: &str, account: &str) -> Result<(), ApiError> {
    let path = format!("/api/partnerships/{}/people/{}/sessions", encode(partnership), encode(account));
    no_content("DELETE", &path, NONE).await
}

/// A new invitation: the link to give the person.
pub use contract::InvitationCreated as Invitation;

pub async fn invite(
    partnership: &str,
    email: &str,
    role: AccessRole,
    document: Option<DocumentId>,
) -> Result<Invitation, ApiError> {
    let body = contract::CreateInvitation::new(email, role, document);
    json("POST", &format!("/api/partnerships/{}/invitations", encode(partnership)), Some(&body)).await
}

/// What an invitation link offers.
pub use contract::InvitationOffer;

pub async fn invitation(token: &str) -> Result<InvitationOffer, ApiError> {
    json("GET", &format!("/api/invitations/{}", encode(token)), NONE).await
}

/// Accepts an invitation: with a name and password for a new account, or as the signed-in
/// account (both `None`).
pub async fn accept_invitation(token: &str, new_account: Option<(&str, &str)>) -> Result<Me, ApiError> {
    let body = match new_account {
        Some((name, password)) => contract::AcceptInvitation { name: Some(name.to_owned()), password: Some(password.to_owned()) },
        None => contract::AcceptInvitation::default(),
    };
    json("POST", &format!("/api/invitations/{}/accept", encode(token)), Some(&body)).await
}

pub async fn set_password(token: &str, password: &str) -> Result<(), ApiError> {
    let body = contract::SetPassword { password: password.to_owned() };
    no_content("POST", &format!("/api/password-links/{}", encode(token)), Some(&body)).await
}

/// Who delivered a change first.
pub use contract::ChangeAuthor;

/// `GET /api/documents/{doc}/attribution`: change hash (hex) → its author.
pub async fn attribution(doc: DocumentId) -> Result<HashMap<String, ChangeAuthor>, ApiError> {
    let a: contract::Attribution = json("GET", &format!("/api/documents/{doc}/attribution"), NONE).await?;
    Ok(a.changes.into_iter().collect())
}

/// One line of a partnership's audit log.
pub use contract::AuditEntry;

pub async fn audit(partnership: &str) -> Result<Vec<AuditEntry>, ApiError> {
    audit_before(partnership, None).await
}

/// The page of the audit log after the row `before` (the newest page when `None`).
pub async fn audit_before(partnership: &str, before: Option<i64>) -> Result<Vec<AuditEntry>, ApiError> {
    let query = before.map(|b| format!("?before={b}")).unwrap_or_default();
    json("GET", &format!("/api/partnerships/{}/audit{query}", encode(partnership)), NONE).await
}

/// Rows per page of the audit log (the server's).
pub use contract::AUDIT_PAGE;

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

/// A consultation on a document, as its owners see it.
pub use contract::Consultation;

/// `POST /api/documents/{doc}/consultation`: puts `doc` out for consultation to the accounts
/// of `emails` until `closes_on` (`YYYY-MM-DD`); their comments go in `comments`.
pub async fn open_consultation(doc: DocumentId, comments: DocumentId, emails: &[String], closes_on: &str) -> Result<Consultation, ApiError> {
    let body = contract::OpenConsultation {
        comments_document_id: comments.to_string(),
        emails: emails.to_vec(),
        closes_on: closes_on.to_owned(),
    };
    json("POST", &format!("/api/documents/{doc}/consultation"), Some(&body)).await
}

/// `GET /api/documents/{doc}/consultation` (`NotFound` when there is none).
pub async fn consultation(doc: DocumentId) -> Result<Consultation, ApiError> {
    json("GET", &format!("/api/documents/{doc}/consultation"), NONE).await
}

/// `DELETE /api/documents/{doc}/consultation`: ends it now.
pub async fn end_consultation(doc: DocumentId) -> Result<(), ApiError> {
    no_content("DELETE", &format!("/api/documents/{doc}/consultation"), NONE).await
}
