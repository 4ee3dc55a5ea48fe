//! Errors a person can see.

use domain::model::{DocError, GroupError, PartnershipError};

/// Why a command did not happen. The text is written for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// A rule of the domain (shown next to the field, GOV.UK style).
    #[error(transparent)]
    Rule(#[from] PartnershipError),
    /// A rule of a group (shown next to the field).
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error("This partnership has not loaded on this device yet. Try again in a moment")]
    NotOpen,
    #[error("The change could not be made: {0}")]
    Document(String),
}

impl From<DocError<PartnershipError>> for AppError {
    fn from(e: DocError<PartnershipError>) -> Self {
        match e {
            DocError::Rule(rule) => AppError::Rule(rule),
            other => AppError::Document(other.to_string()),
        }
    }
}

impl From<DocError<GroupError>> for AppError {
    fn from(e: DocError<GroupError>) -> Self {
        match e {
            DocError::Rule(rule) => AppError::Group(rule),
            other => AppError::Document(other.to_string()),
        }
    }
}
