//! Procedures manuals (issue 11): the library of a partnership's manuals with offline
//! search (`/partnerships/:id/procedures`), a procedure's published version for readers
//! (`/procedures/:doc`) and its working draft for people who write it
//! (`/procedures/:doc/draft`) with its related guidance, contacts and review date
//! (`/procedures/:doc/details`), and two versions compared (`/procedures/:doc/compare`).

pub mod comments;
pub mod compare;
pub mod consultation;
pub mod details;
pub mod draft;
pub mod draft_preview;
pub mod frame;
pub mod highlight;
pub mod library;
pub mod reader;

use domain::{procedure::Status, DocumentId};

pub use compare::ComparePage;
pub use consultation::{ClosedConsultationPage, EndConsultationPage, OpenConsultationPage};
pub use details::{details_href, DetailsPage};
pub use draft::DraftPage;
pub use library::LibraryPage;
pub use reader::ReaderPage;

/// `/partnerships/<id>/procedures`: the partnership's procedures manuals.
pub fn library_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/procedures")
}

/// `/procedures/<doc>`: the latest published version.
pub fn reader_href(doc: DocumentId) -> String {
    format!("/procedures/{doc}")
}

/// `/procedures/<doc>/draft`: the working draft.
pub fn draft_href(doc: DocumentId) -> String {
    format!("/procedures/{doc}/draft")
}

/// `/procedures/<doc>/consultation/new`: the "Open a consultation" form.
pub fn open_consultation_href(doc: DocumentId) -> String {
    format!("/procedures/{doc}/consultation/new")
}

/// `/procedures/<doc>/consultation/end`: confirm ending the consultation now.
pub fn end_consultation_href(doc: DocumentId) -> String {
    format!("/procedures/{doc}/consultation/end")
}

/// `/procedures/<doc>/consultation/comments`: every comment received, with its response.
pub fn consultation_comments_href(doc: DocumentId) -> String {
    format!("/procedures/{doc}/consultation/comments")
}

/// The GOV.UK tag colour of a status (the tag always says the status in words too).
pub fn status_tag_class(status: Status) -> &'static str {
    match status {
        Status::Published => "govuk-tag govuk-tag--green",
        Status::ReviewDue => "govuk-tag govuk-tag--red",
        Status::Consultation => "govuk-tag govuk-tag--yellow",
        Status::AwaitingSignOff | Status::SignedOff => "govuk-tag govuk-tag--purple",
        Status::Drafting | Status::InReview => "govuk-tag govuk-tag--blue",
        Status::IdentifiedForReview => "govuk-tag govuk-tag--grey",
        Status::Withdrawn | Status::Superseded => "govuk-tag govuk-tag--grey",
    }
}
