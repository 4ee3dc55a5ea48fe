//! Plain text edits, in the unit Automerge text counts, shared by the app's editors and the
//! domain's forms:
//!
//! - [`splice`]: one edit of a text, and the splices between two values of it;
//! - [`caret`]: keeping a caret and selection on the same characters while others' splices
//!   arrive;
//! - [`rebase`]: what was typed into an older value of a text, carried over to its value now;
//! - [`merge`]: a text field of a form both saved and changed elsewhere while the form was
//!   open: both kept when they changed different words.
//!
//! **Unit.** Automerge 0.12 indexes text by Unicode scalar value (`char`) unless built with
//! its `utf8-indexing` or `utf16-indexing` feature (`TextEncoding::platform_default`); this
//! workspace enables neither, on native or wasm. So every position and length here counts
//! `char`s.

pub mod caret;
pub mod merge;
pub mod rebase;
pub mod splice;

pub use caret::{transform_caret, transform_index, Bias, Selection};
pub use merge::merge;
pub use rebase::{rebase_typing, Rebased};
pub use splice::{splice_between, splice_between_near, splices_between, Splice};
