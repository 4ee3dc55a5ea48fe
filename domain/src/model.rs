//! Typed documents. Pages and the server never touch CRDT paths: they read and change
//! documents through these types ([`read`] / [`update`]).

/// A form's `rebase`: `$mine` (the form as the person left it, opened as `$base`) on top of
/// `$current` (the form the document gives now). Each field the person changed keeps their
/// value; every other field takes the current one, so saving never writes back a field someone
/// else changed while the form was open. Fields listed after `merging` are free text (a
/// textarea kept as Automerge text): changed on both sides, they keep both changes when those
/// touch different words ([`crate::text::merge`]), else the person's. The struct literal names
/// every field, so a field added to the form will not compile until it is listed. Forms use it
/// to implement [`Rebase`].
macro_rules! rebased {
    ($form:ident { $($field:ident),* $(,)? } $(merging { $($text:ident),* $(,)? })?, $mine:expr, $base:expr, $current:expr) => {{
        let (mine, base, current) = ($mine, $base, $current);
        $form {
            $($field: if mine.$field != base.$field { mine.$field.clone() } else { current.$field.clone() },)*
            $($($text: $crate::text::merge(&base.$text, &mine.$text, &current.$text).unwrap_or_else(|| mine.$text.clone()),)*)?
        }
    }};
}
pub(crate) use rebased;

mod bank_holidays;
mod body;
mod cached_reader;
mod compliance;
mod compliance_form;
mod date;
mod directory;
mod doc;
mod group;
mod group_form;
mod group_rules_form;
mod labels;
pub use labels::year_months_from;
mod history;
mod membership;
mod organisation;
mod organisation_form;
mod partial_date;
mod partnership;
mod reader;
mod rebase;
mod person;
mod person_interests;
mod relations;
mod repair;
mod seat_form;
mod section_form;
mod structure;
mod terms;
mod versions;

pub use directory::{appointments, appointments_of, Appointment, SeatPart};
pub use doc::{read, update, DocError};
pub use cached_reader::CachedReader;
pub use reader::DocReader;
pub use rebase::Rebase;
pub use repair::{needs_repair, repair_after_merge, Repair};
pub use partnership::{clean_name, new_group_name, GroupRef, PartnershipDoc, PartnershipError, PersonRef, MAX_NAME};
pub use structure::{
    columns_that_fit, layout as chart_layout, layout_to_fit as chart_layout_to_fit, wrap_name, Chart, ChartGroup, ChartLine, ChartNode,
    BOX_H as CHART_BOX_H, BOX_W as CHART_BOX_W,
};
pub use bank_holidays::{covers as bank_holidays_cover, is_bank_holiday, FIRST_YEAR as BANK_HOLIDAYS_FROM, LAST_YEAR as BANK_HOLIDAYS_TO};
pub use compliance::{compliance_unchanged, ComplianceRules, MembershipAgreement, RulesNeedAdmin, DBS_YEARS};
pub use compliance_form::{ComplianceField, ComplianceForm, ComplianceProblem, MAX_AGREEMENT_TEXT, MAX_AGREEMENT_TITLE, MAX_AGREEMENT_VERSION};
pub use body::{BodyError, BodyRef, MAX_BODY_NAME};
pub use date::{BadDate, Date};
pub use partial_date::{BadPartialDate, PartialDate};
pub use history::{
    conflicts, device_label, field_label, read_at, resolve, time_label, timeline, ChangeEntry, Conflict, ConflictValue,
};
pub use group::{reporting_loops, GroupDoc, GroupError, GroupKind, GroupStatus, Owner, ReportingCadence, TermsList};
pub use membership::{Seat, SeatCategory, SeatHolder, SeatHolding, SubstituteRule, Tenure};
pub use organisation::{Organisation, Sector};
pub use organisation_form::OrganisationForm;
pub use section_form::SectionForm;
pub use group_form::{
    cadence_from_token, FormProblem, GroupField, GroupForm, CADENCES, CHAIR_KINDS, FREQUENCY_UNITS, MAX_PURPOSE, NOTICE_UNITS,
};
pub use group_rules_form::{MAJORITIES, QUORUM_KINDS, STATUSES};
pub use versions::{
    name_version, name_version_with, revision_table, NamedVersion, Revision, VersionError, VersionField, VersionForm, VersionProblem,
    Versioned,
};
pub use partnership::{PartnershipList, Section};
pub use relations::{ExternalLink, GroupRelation, RelationKind, ReportingLine, Transfer};
pub use person_interests::{DeclarationStatus, InterestError, InterestKind, StandingInterest, MAX_INTEREST};
pub(crate) use person::is_email;
pub use person::{PersonDoc, PersonField, PersonForm, PersonProblem, MAX_PERSON_FIELD};
pub use seat_form::{SeatField, SeatForm, SeatProblem};
pub use terms::{
    move_item, AttendanceRule, ChairArrangement, Chairing, DecisionRules, ListItem, Majority, MeetingFrequency, Notice,
    QuorumRule, SpecialMajority, TermsOfReference, Threshold,
};
