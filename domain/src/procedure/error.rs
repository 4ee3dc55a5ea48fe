use super::Status;

/// Why a change to a procedure, its comments or its library was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcedureError {
    #[error("Enter a title")]
    EmptyTitle,
    #[error("Title must be 200 characters or fewer")]
    TitleTooLong,
    #[error("Enter a heading for the section")]
    EmptyHeading,
    #[error("There is no such section")]
    NoSuchSection,
    #[error("There is no such chapter")]
    NoSuchChapter,
    #[error("There is no such update")]
    NoSuchUpdate,
    #[error("There is no such link or contact")]
    NoSuchItem,
    #[error("Enter the title of the guidance or legislation")]
    EmptyLinkTitle,
    #[error("Enter a link starting with https:// or http://")]
    BadLink,
    #[error("Enter the contact's name")]
    EmptyContact,
    #[error("A procedure cannot move from {from} to {to}")]
    NoSuchTransition { from: Status, to: Status },
    #[error("Only an editor of an owning partnership can do that")]
    NeedsOwnerEditor,
    #[error("Only an admin of an owning partnership can do that")]
    NeedsOwnerAdmin,
    #[error("That happens only through sign-off or publication")]
    NotByHand,
    #[error("A procedure needs at least one owning partnership")]
    NoOwner,
    #[error("That partnership does not own this procedure")]
    NotAnOwner,
    #[error("Only that partnership's admin, or the person it named, can sign off for it")]
    NotASignatory,
    #[error("Enter the person's email address, like name@example.org")]
    BadDelegate,
    #[error("A procedure can be signed off only while it is awaiting sign-off")]
    NotAwaitingSignOff,
    #[error("Every owning partnership must sign off the current version before it is published")]
    NotSignedOffByAll,
    #[error("Enter a closing date after today")]
    ClosingDateNotInFuture,
    #[error("Name at least one person or partner agency to consult")]
    NobodyConsulted,
    #[error("Enter the name of the person or agency consulted")]
    EmptyConsultee,
    #[error("The consultation is closed")]
    ConsultationClosed,
    #[error("Enter a comment")]
    EmptyComment,
    #[error("There is no such comment")]
    NoSuchComment,
    #[error("Only the person who wrote a comment can change it")]
    NotYourComment,
    #[error("A resolved comment cannot be changed. Reopen it first")]
    CommentClosed,
    #[error("That comment has no open suggestion")]
    NoOpenSuggestion,
    #[error("The commented text is no longer in the procedure")]
    AnchorLost,
    #[error("That range is outside the section's text")]
    BadRange,
    /// The words a suggestion replaces were changed since it was made.
    #[error("The text has changed since the suggestion was made (it said {quoted:?}, it now says {found:?})")]
    SuggestionConflict { quoted: String, found: String },
    /// A consulted person's change to the comments went beyond their own comments.
    #[error("A consulted person can only add and change their own comments and replies ({0})")]
    ConsulteeMayNot(&'static str),
    #[error("That version of the procedure is not on this device, or you cannot see it")]
    NoSuchVersion,
    #[error("Enter the amendment summary")]
    EmptySummary,
    #[error("Choose at least one published procedure for the update")]
    EmptyUpdate,
    #[error("could not read or write the document: {0}")]
    Doc(String),
}

impl ProcedureError {
    pub(crate) fn doc(e: impl std::fmt::Display) -> Self {
        Self::Doc(e.to_string())
    }
}
