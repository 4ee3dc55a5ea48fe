//! Calendar feeds: a person makes, lists and revokes their feed URLs here; calendars fetch
//! `GET /feeds/<secret>.ics` without a session.

use axum::{
    extract::{rejection::JsonRejection, Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::{api, DocumentId};

use crate::http::{extract::SignedIn, ApiError, AppState};

/// `POST /api/feeds` `{groupDocumentId?}`: 201 with the URL path, shown this once.
pub(super) async fn create(
    State(state): State<AppState>,
    who: SignedIn,
    body: Result<Json<api::CreateFeed>, JsonRejection>,
) -> Result<(StatusCode, Json<api::FeedCreated>), ApiError> {
    let Json(body) = body?;
    let group = match body.group_document_id.as_deref() {
        None => None,
        Some(g) => {
            let doc: DocumentId = g.parse().map_err(|_| ApiError::NotFound)?;
            if !state.auth.may_read(&who.principal(), doc) {
                return Err(ApiError::NotFound);
            }
            Some(doc)
        }
    };
    let (feed, secret) = state.feeds.create(who.account, group)?;
    Ok((
        StatusCode::CREATED,
        Json(api::FeedCreated {
            id: feed.id,
            path: format!("/feeds/{}.ics", secret.expose()),
            group_document_id: group.map(|g| g.to_string()),
        }),
    ))
}

/// `GET /api/feeds`: the person's live feeds (without their secrets).
pub(super) async fn list(State(state): State<AppState>, who: SignedIn) -> Result<Json<Vec<api::FeedSummary>>, ApiError> {
    Ok(Json(
        state
            .feeds
            .list(who.account)?
            .into_iter()
            .map(|f| api::FeedSummary { id: f.id, group_document_id: f.group.map(|g| g.to_string()), created_at: f.created_at })
            .collect(),
    ))
}

/// `DELETE /api/feeds/{id}`: 204; the URL stops working at once.
pub(super) async fn revoke(State(state): State<AppState>, who: SignedIn, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    if state.feeds.revoke(who.account, &id)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

/// `GET /feeds/<secret>.ics`: the calendar, as the feed's account may read it now; 404 for
/// an unknown or revoked feed (or a group no longer readable).
pub(crate) async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, ApiError> {
    let secret = file.strip_suffix(".ics").ok_or(ApiError::NotFound)?;
    let feed = state.feeds.lookup(secret)?.ok_or(ApiError::NotFound)?;
    let acl = state.auth.snapshot();
    let account = feed.account;
    let reader = acl.clone();
    let may_read = move |d: DocumentId| reader.account_may_read(account, d);
    // A person's feed: the groups they sit on (by their email in the directory), else every
    // group they may read.
    let (name, groups, person) = match feed.group {
        // Named after the group.
        Some(g) if may_read(g) => (String::new(), vec![g], None),
        Some(_) => return Err(ApiError::NotFound),
        None => {
            let email = state.auth.store().account(account).ok().flatten().map(|a| a.email).unwrap_or_default();
            ("Quorum: my meetings".to_owned(), acl.readable_by(feed.account), Some(email))
        }
    };
    let documents = state.documents.clone();
    let now = state.auth.store().now_ms();
    let body = tokio::task::spawn_blocking(move || {
        let storage = documents.lock().unwrap_or_else(|p| p.into_inner());
        // Each readable document is loaded once: to find the person's groups and to render them.
        let groups: Vec<_> = crate::feeds::feed_groups(&storage, &groups, person.as_deref()).into_iter().map(|(_, g)| g).collect();
        crate::feeds::render_groups(&storage, &name, &groups, may_read, now)
    })
    .await?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"meetings.ics\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    Ok(res)
}
