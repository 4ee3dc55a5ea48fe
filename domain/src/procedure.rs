//! Shared multi-agency procedures: a library (procedures manual) that several partnerships
//! co-write offline, review, consult on, sign off together and publish.
//!
//! - [`LibraryDoc`]: a manual (chapters of procedure documents, published updates).
//! - [`ProcedureDoc`]: one procedure; its body is ordered sections whose text is Automerge
//!   text, edited character by character through [`splice_section_text`] /
//!   [`set_section_text`] so concurrent edits merge.
//! - [`ProcedureCommentsDoc`]: the procedure's comments and suggested changes, in their own
//!   document so consulted people can be given write access to comments only.
//! - [`lifecycle`](rule_for): who may move a procedure from one status to another.
//! - [`sign_off`] / [`publish`]: sign-offs pinned to the exact heads; publication only when
//!   every owning partnership signed off the same version.
//! - [`diff_versions`]: a word diff per section between two versions; [`compare_versions`]:
//!   two versions compared for the compare page (added, removed, moved, changed sections).
//! - [`SearchIndex`]: offline search over titles and text with snippets.
//! - [`PresenceBeacon`] / [`PresenceBoard`]: who else is editing which section while online
//!   (ephemeral messages, never stored).

mod about_form;
mod actor;
mod anchor;
mod author;
mod at_heads;
mod comment_rules;
mod comments;
mod compare;
mod compare_details;
mod consultation;
mod consultation_form;
mod consultation_review;
mod content;
mod details_form;
mod diff;
mod error;
mod library;
mod lifecycle;
mod links;
mod outline;
mod presence;
mod presence_beacon;
mod presence_board;
mod procedure_doc;
mod publish;
mod quote_place;
mod search;
mod section;
mod sign_off;
mod status;
mod text;

#[cfg(feature = "demo")]
pub mod demo;

pub use about_form::{AboutForm, AboutInput, MAX_SUMMARY};
pub use actor::Actor;
pub use anchor::{accept_suggestion, anchor_range, resolve_anchor};
pub use author::Author;
pub use comment_rules::consultee_change_allowed;
pub use comments::{Anchor, Comment, ProcedureCommentsDoc, Reply, ResponseStatus, Suggestion, SuggestionStatus};
pub use consultation::{Consultation, Consultee};
pub use consultation_form::{
    looks_like_email, ConsultationField, ConsultationForm, ConsultationProblem, ConsultationRequest, MAX_CONSULTATION_MESSAGE,
};
pub use consultation_review::{review_comments, ConsultationReview, ReviewedComment, ReviewedReply, ReviewedSection};
pub use compare::{
    compare_contents, compare_heads, compare_versions, default_pair, pick_pair, CompareField, ComparePick, resolve_version, version_choices, BadVersionRef, CompareBlock, CompareCounts,
    Comparison, SectionComparison, VersionChoice, VersionKind, VersionRef,
};
pub use compare_details::{compare_details, link_kind_label, DetailsComparison, ItemChange};
pub use content::{content, content_at, heads_hex, parse_heads, ProcedureContent, SectionContent};
pub use details_form::{ContactForm, ContactInput, DetailsEdit, DetailsField, DetailsProblem, LinkForm, LinkInput, ReviewDateForm, MAX_DETAIL};
pub use diff::{diff_contents, diff_versions, word_diff, DiffRun, RunKind, SectionChange, SectionDiff};
pub use error::ProcedureError;
pub use presence::{PresenceError, PresenceIdentity, PresenceMessage, PresenceState, PRESENCE_EXPIRY_MS, PRESENCE_REFRESH_MS};
pub use presence_beacon::PresenceBeacon;
pub use presence_board::{editing_sentence, Editor, Heard, PresenceBoard};
pub(crate) use text::to_units as chars_to_units;
pub use library::{repair_library, Chapter, LibraryDoc, LibraryUpdate, UpdateItem};
pub use lifecycle::{rule_for, Need};
pub use links::{Contact, Link, LinkKind, Reviewer};
pub use outline::ProcedureOutline;
pub use procedure_doc::{repair_procedure, ProcedureDoc};
pub use quote_place::{place_quote, place_quote_in, QuotePlace};
pub use publish::{latest_published, publish, published_content, Publication};
pub use search::{SearchHit, SearchIndex};
pub use section::Section;
pub use sign_off::{clean_delegate, diff_since_sign_off, sign_off, sign_off_states, Delegate, SignOff, SignOffState};
pub use status::{Status, Transition};
pub use text::{section_text, section_text_after, section_text_obj, section_text_patched, set_section_text, splice_section_text, splice_section_text_in};
