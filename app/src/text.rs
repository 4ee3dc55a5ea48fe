//! Plain text logic behind the editing and reading components (no Leptos, no browser, so it
//! is tested natively with `cargo test -p quorum-app --lib text`):
//!
//! - [`markdown`]: Markdown source → a small tree ([`markdown::Block`]) with only what the
//!   procedures use (headings, lists, links, bold, italic, tables); raw HTML is kept as
//!   text, links are kept only for `http`, `https` and `mailto`;
//! - [`splice`]: the one splice a textarea input made, in the unit Automerge text counts;
//! - [`caret`]: keeping a person's caret and selection on the same characters while
//!   others' splices arrive;
//! - [`editor`]: a textarea's value kept in step with a document's text, both ways;
//! - [`rebase`]: what was typed into a saved reading of a text, carried over to the
//!   document's text once it is here;
//! - [`units`]: converting the browser's UTF-16 offsets to and from those units.
//!
//! **Unit.** Automerge 0.12 indexes text by Unicode scalar value (`char`) unless built with
//! its `utf8-indexing` or `utf16-indexing` feature (`TextEncoding::platform_default`); this
//! workspace enables neither, on native or wasm. So every position and length here counts
//! `char`s, and [`units`] converts a textarea's `selectionStart` (UTF-16) at the edge.

pub mod caret;
pub mod editor;
pub mod markdown;
pub mod rebase;
pub mod splice;
pub mod units;

pub use editor::{DescribedInput, EditorBuffer, Refresh};
pub use rebase::{rebase_typing, Rebased};
pub use caret::{transform_caret, transform_index, Bias, Selection};
pub use splice::{splice_between, splice_between_near, splices_between, Splice};
