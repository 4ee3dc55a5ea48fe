//! Reusable, presentational components.

pub mod confirm_inputs;
pub mod date_part;
pub mod element_id;
pub mod error_summary;
pub mod group_sections;
pub mod group_sheet;
pub mod layout;
pub mod markdown;
pub mod name_version_form;
pub mod pagination;
pub mod partnership_sections;
pub mod read_only;
pub mod revision_table;
pub mod row_actions;
pub mod structure_chart;
pub mod share_group;
pub mod sync_status;
pub mod text_editor;
pub mod text_input;

pub use confirm_inputs::{CodeInput, ConfirmKind, PasswordConfirmForm};
pub use date_part::{date_part, DatePart};
pub use element_id::element_id;
pub use error_summary::{focus_error_summary, ErrorMessage, ErrorSummary, FieldError};
pub use group_sections::{ChangeLinks, GroupAbout, GroupMembership, GroupRules, GroupTerms};
pub use group_sheet::{GroupNames, GroupPart};
pub use layout::{set_page_title, Layout};
pub use markdown::Markdown;
pub use name_version_form::NameVersionForm;
pub use pagination::Pagination;
pub use read_only::{ReadOnly, ReaderMay};
pub use revision_table::RevisionTable;
pub use row_actions::ChangeRemove;
pub use structure_chart::StructureChart;
pub use sync_status::{clock_time, SyncStatus};
pub use text_editor::TextEditor;
pub use text_input::TextInput;
