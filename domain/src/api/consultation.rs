//! Consultation on a document (a procedure): the bodies of
//! `POST|GET|DELETE /api/documents/{doc}/consultation`, and the closing-date rule both the
//! server and the app apply. While a consultation is open, each consulted account reads the
//! document (a `viewer` grant) and writes its comments document (an `editor` grant); both
//! grants end at the end of the closing date, in UTC.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::DocumentId;

/// At most this many people in one consultation.
pub const MAX_CONSULTEES: usize = 200;

/// `POST /api/documents/{doc}/consultation`: put the document out for consultation (or
/// replace the open one: the people and the date given become the consultation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenConsultation {
    /// The document that holds the comments on `{doc}` (owned by the same partnerships;
    /// registered for them when nobody owns it yet).
    pub comments_document_id: String,
    /// The people consulted, by the email of their account.
    pub emails: Vec<String>,
    /// The last day of the consultation, `YYYY-MM-DD` (today or later, in UTC).
    pub closes_on: String,
}

/// A consultation, as its owners see it (the answer of `POST` and `GET`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consultation {
    #[serde(with = "super::document_id")]
    pub document_id: DocumentId,
    #[serde(with = "super::document_id")]
    pub comments_document_id: DocumentId,
    /// The last day, `YYYY-MM-DD`.
    pub closes_on: String,
    /// When the grants end (unix ms): the end of `closes_on` in UTC.
    pub closes_at: i64,
    /// Whether it is still open (now is before `closes_at`).
    pub open: bool,
    /// The people consulted, by name.
    pub people: Vec<Consultee>,
}

/// One person consulted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consultee {
    pub account_id: String,
    pub name: String,
    pub email: String,
}

/// Why a closing date is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadClosingDate {
    #[error("Enter the closing date as a real date, for example 2027-03-31")]
    NotADate,
    #[error("The closing date must be today or later")]
    InThePast,
}

/// When a consultation closing on `closes_on` (`YYYY-MM-DD`) ends, in unix ms: the first
/// instant after that day in UTC. Refused when the day is before `now_ms`'s day (UTC).
pub fn closes_at(closes_on: &str, now_ms: i64) -> Result<i64, BadClosingDate> {
    let day = NaiveDate::parse_from_str(closes_on.trim(), "%Y-%m-%d").map_err(|_| BadClosingDate::NotADate)?;
    let end = day
        .succ_opt()
        .ok_or(BadClosingDate::NotADate)?
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp_millis();
    if end <= now_ms {
        return Err(BadClosingDate::InThePast);
    }
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-04T18:00:00Z.
    const NOW: i64 = 1_796_407_200_000;

    #[test]
    fn a_closing_date_ends_at_the_end_of_that_day_in_utc() {
        // 2026-12-05T00:00:00Z.
        assert_eq!(closes_at("2026-12-04", NOW), Ok(1_796_428_800_000));
        assert_eq!(closes_at(" 2026-12-05 ", NOW), Ok(1_796_428_800_000 + 86_400_000));
    }

    #[test]
    fn past_and_malformed_dates_are_refused() {
        assert_eq!(closes_at("2026-12-03", NOW), Err(BadClosingDate::InThePast));
        for bad in ["", "2026-13-01", "04/12/2026", "2026-02-30", "tomorrow"] {
            assert_eq!(closes_at(bad, NOW), Err(BadClosingDate::NotADate), "{bad:?}");
        }
    }

    #[test]
    fn the_bodies_are_camel_case() {
        let body: OpenConsultation = serde_json::from_str(
            r#"{"commentsDocumentId":"c","emails":["a@example.org"],"closesOn":"2027-01-31"}"#,
        )
        .unwrap();
        assert_eq!(body.emails, ["a@example.org"]);
        let c = Consultation {
            document_id: DocumentId::random(),
            comments_document_id: DocumentId::random(),
            closes_on: "2027-01-31".into(),
            closes_at: 1,
            open: true,
            people: vec![],
        };
        let json = serde_json::to_value(&c).unwrap();
        assert!(json["commentsDocumentId"].is_string() && json["closesAt"] == 1, "{json}");
        assert_eq!(serde_json::from_value::<Consultation>(json).unwrap(), c);
    }
}
