//! A partnership's pages. The home (`/partnerships/:id`) reads first: what needs attention,
//! the groups and their structure, then summary lists whose "Change" links open one form
//! each on its own page. The constitution reads as a document on its own page, edited on
//! another; history and named versions have their own page too.

pub mod actions;
pub mod attention;
pub mod compliance;
pub mod constitution;
pub mod constitution_edit;
pub mod dashboard;
pub mod edit_area;
pub mod edit_links;
pub mod edit_name;
pub mod edit_plan;
pub mod frame;
pub mod history;
pub mod home;
pub mod interests;
pub mod new_group;
pub mod notice;
pub mod organisation_form;
pub mod organisations;
pub mod review_due;

use domain::{DocumentId, OrganisationId};

pub use actions::{actions_href, ActionsPage};
pub use compliance::CompliancePage;
pub use constitution::ConstitutionPage;
pub use dashboard::DashboardPage;
pub use constitution_edit::ConstitutionEditPage;
pub use edit_area::EditAreaPage;
pub use edit_links::EditLinksPage;
pub use edit_name::EditNamePage;
pub use edit_plan::EditPlanPage;
pub use history::HistoryPage;
pub use home::PartnershipPage;
pub use interests::{interests_href, InterestsPage};
pub use new_group::NewGroupPage;
pub use organisation_form::{EditOrganisationPage, NewOrganisationPage};
pub use organisations::OrganisationsPage;

/// `/partnerships/<id>/compliance`: the compliance rules, to read (and, for admins, change).
pub fn compliance_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/compliance")
}

/// `/partnerships/<id>/dashboard`: every flag across the groups, and attendance by
/// organisation.
pub fn dashboard_href(id: DocumentId) -> String {
    dashboard::href(id)
}

/// `/partnerships/<id>/edit/name`.
pub fn edit_name_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/edit/name")
}

/// `/partnerships/<id>/edit/area`.
pub fn edit_area_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/edit/area")
}

/// `/partnerships/<id>/edit/links`: links with other boards.
pub fn edit_links_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/edit/links")
}

/// `/partnerships/<id>/edit/business-plan`.
pub fn edit_plan_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/edit/business-plan")
}

/// `/partnerships/<id>/groups/new`.
pub fn new_group_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/groups/new")
}

/// `/partnerships/<id>/organisations`: every organisation, each with "Change".
pub fn organisations_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/organisations")
}

/// `/partnerships/<id>/organisations/new`.
pub fn new_organisation_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/organisations/new")
}

/// `/partnerships/<id>/organisations/<organisationId>`: change one organisation.
pub fn edit_organisation_href(id: DocumentId, organisation: OrganisationId) -> String {
    format!("/partnerships/{id}/organisations/{organisation}")
}

/// `/partnerships/<id>/constitution`: the constitution, to read.
pub fn constitution_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/constitution")
}

/// `/partnerships/<id>/constitution/edit`: add, edit, reorder and remove sections.
pub fn constitution_edit_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/constitution/edit")
}

/// `/partnerships/<id>/history`: named versions and changes.
pub fn history_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/history")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_form_has_its_own_address_under_the_partnership() {
        let id = DocumentId::random();
        let home = super::super::partnership_href(id);
        for href in [
            edit_name_href(id),
            edit_area_href(id),
            edit_links_href(id),
            edit_plan_href(id),
            new_group_href(id),
            new_organisation_href(id),
            organisations_href(id),
            constitution_href(id),
            constitution_edit_href(id),
            history_href(id),
        ] {
            assert!(href.starts_with(&format!("{home}/")), "{href}");
        }
    }
}
