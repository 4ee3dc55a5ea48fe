//! Calendar feeds: `POST /api/feeds`, `GET /api/feeds`, `DELETE /api/feeds/{id}`; the feed
//! itself is `GET /feeds/<secret>.ics` (no session).

use serde::{Deserialize, Serialize};

/// `POST /api/feeds`: a person's feed (no group) or one group's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateFeed {
    #[serde(default)]
    pub group_document_id: Option<String>,
}

/// The new feed, with its URL path (shown once: only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedCreated {
    pub id: String,
    /// `/feeds/<secret>.ics`.
    pub path: String,
    #[serde(default)]
    pub group_document_id: Option<String>,
}

/// One of the signed-in person's live feeds (`GET /api/feeds`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedSummary {
    pub id: String,
    #[serde(default)]
    pub group_document_id: Option<String>,
    pub created_at: i64,
}
