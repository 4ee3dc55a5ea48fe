//! Plain text logic behind the editing and reading components (no Leptos, no browser, so it
//! is tested natively with `cargo test -p quorum-app --lib text`):
//!
//! - [`markdown`]: Markdown source → a small tree ([`markdown::Block`]) with only what the
//!   procedures use (headings, lists, links, bold, italic, tables); raw HTML is kept as
//!   text, links are kept only for `http`, `https` and `mailto`;
//! - [`editor`]: a textarea's value kept in step with a document's text, both ways;
//! - [`units`]: converting the browser's UTF-16 offsets to and from those units;
//! - from the domain (`domain::text`, where they are tested): [`splice`], the one splice a
//!   textarea input made; [`caret`], keeping a person's caret and selection on the same
//!   characters while others' splices arrive; [`rebase`], what was typed into a saved
//!   reading of a text, carried over to the document's text once it is here.
//!
//! **Unit.** Automerge 0.12 indexes text by Unicode scalar value (`char`) unless built with
//! its `utf8-indexing` or `utf16-indexing` feature (`TextEncoding::platform_default`); this
//! workspace enables neither, on native or wasm. So every position and length here counts
//! `char`s, and [`units`] converts a textarea's `selectionStart` (UTF-16) at the edge.

pub mod editor;
pub mod markdown;
pub mod units;
// Plain text edits the domain's forms use too (see `domain::text`).
pub use domain::text::{caret, rebase, splice};

pub use editor::{DescribedInput, EditorBuffer, Refresh};
pub use rebase::{rebase_typing, Rebased};
pub use caret::{transform_caret, transform_index, Bias, Selection};
pub use splice::{splice_between, splice_between_near, splices_between, Splice};
