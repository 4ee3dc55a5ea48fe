//! Meeting papers: upload (writers of the document) and download (its readers; 404 to anyone
//! else, as for a paper that does not exist).

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::{api, DocumentId};
use serde::Deserialize;

use crate::{
    http::{extract::SignedIn, ApiError, AppState},
    papers::{BlobHash, MediaType, MAX_PAPER_BYTES},
};

/// The body limit of the upload route: a little over the largest paper, so that a file just
/// over it is refused by the handler with its own words rather than cut off by the limit.
pub(super) const BODY_LIMIT: usize = MAX_PAPER_BYTES + 1;

#[derive(Debug, Deserialize)]
pub(super) struct UploadQuery {
    #[serde(default)]
    name: String,
}

fn too_large() -> ApiError {
    ApiError::TooLarge(format!("The file must be {} MB or smaller", MAX_PAPER_BYTES / (1024 * 1024)))
}

/// `POST /api/documents/{doc}/papers?name=<file name>` with the file as the body and its
/// `Content-Type`: 201 with the stored paper once it is on disk.
pub(super) async fn upload(
    State(state): State<AppState>,
    who: SignedIn,
    Path(doc): Path<String>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<api::PaperStored>), ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let principal = who.principal();
    if !state.auth.may_read(&principal, doc) {
        return Err(ApiError::NotFound);
    }
    if !state.auth.may_write(&principal, doc) {
        return Err(ApiError::Forbidden);
    }
    let body = body.map_err(|e| if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { ApiError::bad_request("The file could not be read") })?;
    if body.len() > MAX_PAPER_BYTES {
        return Err(too_large());
    }
    if body.is_empty() {
        return Err(ApiError::bad_request("The file is empty"));
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media = MediaType::check(content_type, &body).map_err(|e| ApiError::UnsupportedMedia(e.to_string()))?;
    let papers = state.papers.clone();
    let stored = tokio::task::spawn_blocking(move || papers.put(doc, &query.name, media, Some(who.account), &body)).await??;
    Ok((
        StatusCode::CREATED,
        Json(api::PaperStored {
            blob: stored.hash.to_string(),
            bytes: stored.bytes,
            name: stored.name,
            media_type: stored.media_type.as_str().to_owned(),
            added_at: stored.added_at,
        }),
    ))
}

/// `GET /api/documents/{doc}/papers/{blob}`: the file, as an attachment; cacheable for good
/// (its address is its content), so members can keep the pack for reading offline.
pub(super) async fn download(
    State(state): State<AppState>,
    who: SignedIn,
    Path((doc, blob)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let doc: DocumentId = doc.parse().map_err(|_| ApiError::NotFound)?;
    let hash: BlobHash = blob.parse().map_err(|_| ApiError::NotFound)?;
    if !state.auth.may_read(&who.principal(), doc) {
        return Err(ApiError::NotFound);
    }
    let papers = state.papers.clone();
    let Some((paper, bytes)) = tokio::task::spawn_blocking(move || papers.get(doc, &hash)).await?? else {
        return Err(ApiError::NotFound);
    };
    let ascii: String = paper.name.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(&paper.name));
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&paper.media_type.header()).map_err(|_| ApiError::NotFound)?);
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|_| ApiError::NotFound)?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(res)
}

/// RFC 5987 encoding of a file name.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
