//! Quorum's browser app (Leptos, client-side rendered).
//!
//! - [`routes`]: one module per page, and typed links;
//! - [`components`]: the layout and reusable pieces (sync status, error summary);
//! - [`state`]: hooks that give pages typed documents and commands;
//! - [`text`]: plain text logic (Markdown to a tree, splices, carets) the editors use;
//! - [`repo`]: documents in IndexedDB and their sync with the server (the only code that
//!   touches the sync engine).

pub mod auth;
pub mod components;
pub mod error;
pub mod repo;
pub mod routes;
pub mod pwa;
pub mod state;
pub mod text;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::{
    components::Layout,
    repo::{Repo, RepoOptions},
    routes::{
        account::AccountPage, group::GroupPage, invite::InvitePage, not_found::NotFound,
        partnership::PartnershipPage, partnerships::PartnershipsPage, people::PeoplePage,
        set_password::SetPasswordPage, sign_in::SignInPage, sign_out::SignOutPage,
    },
};

/// The whole app: starts the repo (documents load from this device before the network is
/// used), then asks the server who is signed in (see [`auth`]), registers the service worker
/// (see [`pwa`]), and routes.
#[component]
pub fn App() -> impl IntoView {
    let repo = Repo::new(RepoOptions::browser());
    let repo_ctx = state::provide_repo(repo.clone());
    let auth = auth::provide_auth(repo_ctx);
    state::provide_attribution();
    spawn_local(async move {
        repo.start().await;
        auth.check().await;
    });
    pwa::provide_pwa();

    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=PartnershipsPage />
                    <Route path=path!("/partnerships/:id") view=PartnershipPage />
                    <Route path=path!("/partnerships/:id/edit/name") view=routes::partnership::EditNamePage />
                    <Route path=path!("/partnerships/:id/edit/area") view=routes::partnership::EditAreaPage />
                    <Route path=path!("/partnerships/:id/edit/links") view=routes::partnership::EditLinksPage />
                    <Route path=path!("/partnerships/:id/edit/business-plan") view=routes::partnership::EditPlanPage />
                    <Route path=path!("/partnerships/:id/groups/new") view=routes::partnership::NewGroupPage />
                    <Route path=path!("/partnerships/:id/organisations") view=routes::partnership::OrganisationsPage />
                    <Route path=path!("/partnerships/:id/organisations/new") view=routes::partnership::NewOrganisationPage />
                    <Route path=path!("/partnerships/:id/organisations/:org") view=routes::partnership::EditOrganisationPage />
                    <Route path=path!("/partnerships/:id/constitution") view=routes::partnership::ConstitutionPage />
                    <Route path=path!("/partnerships/:id/constitution/edit") view=routes::partnership::ConstitutionEditPage />
                    <Route path=path!("/partnerships/:id/history") view=routes::partnership::HistoryPage />
                    <Route path=path!("/partnerships/:id/actions") view=routes::partnership::ActionsPage />
                    <Route path=path!("/partnerships/:id/interests") view=routes::partnership::InterestsPage />
                    <Route path=path!("/partnerships/:id/directory") view=routes::directory::DirectoryPage />
                    <Route path=path!("/partnerships/:id/people") view=PeoplePage />
                    <Route path=path!("/partnerships/:id/procedures") view=routes::procedures::LibraryPage />
                    <Route path=path!("/procedures/:doc") view=routes::procedures::ReaderPage />
                    <Route path=path!("/procedures/:doc/draft") view=routes::procedures::DraftPage />
                    <Route path=path!("/procedures/:doc/compare") view=routes::procedures::ComparePage />
                    <Route path=path!("/procedures/:doc/consultation/new") view=routes::procedures::OpenConsultationPage />
                    <Route path=path!("/procedures/:doc/consultation/end") view=routes::procedures::EndConsultationPage />
                    <Route path=path!("/procedures/:doc/consultation/comments") view=routes::procedures::ClosedConsultationPage />
                    // The group's page and its forms share one parent, so the group's data
                    // stays loaded (and is not read again) between a form and the page.
                    <ParentRoute path=path!("/groups/:id") view=routes::group::GroupLayout>
                        <Route path=path!("") view=GroupPage />
                        <Route path=path!("edit/:part") view=routes::group::GroupEditPage />
                        <Route path=path!("seats/:seat") view=routes::group::SeatPage />
                    </ParentRoute>
                    <Route path=path!("/groups/:id/meetings") view=routes::meetings::MeetingsPage />
                    <Route path=path!("/groups/:id/meetings/new") view=routes::meetings::NewMeetingPage />
                    <Route path=path!("/groups/:id/meetings/plan") view=routes::meetings::PlanYearPage />
                    <Route path=path!("/meetings/:id") view=routes::meetings::MeetingPage />
                    <Route path=path!("/meetings/:id/attendance") view=routes::meetings::AttendancePage />
                    <Route path=path!("/meetings/:id/edit") view=routes::meetings::MeetingDetailsPage />
                    <Route path=path!("/meetings/:id/minutes") view=routes::meetings::MinutesPage />
                    <Route path=path!("/meetings/:id/minutes/amend") view=routes::meetings::AmendMinutesPage />
                    <Route path=path!("/meetings/:id/print") view=routes::meetings::PrintPage />
                    <Route path=path!("/meetings/:id/items/:item/approve-minutes") view=routes::meetings::ApproveMinutesPage />
                    <Route path=path!("/meetings/:id/items/:item") view=routes::meetings::ItemPage />
                    <Route path=path!("/meetings/:id/items/:item/decision") view=routes::meetings::DecisionPage />
                    <Route path=path!("/meetings/:id/items/:item/action") view=routes::meetings::ActionPage />
                    <Route path=path!("/meetings/:id/items/:item/paper") view=routes::meetings::PaperPage />
                    <Route path=path!("/meetings/:id/items/:item/declaration") view=routes::meetings::DeclarationPage />
                    <Route path=path!("/groups/:id/versions/:heads") view=routes::version::GroupVersionPage />
                    <Route path=path!("/partnerships/:id/versions/:heads") view=routes::version::PartnershipVersionPage />
                    <Route path=path!("/settings") view=routes::settings::SettingsPage />
                    <Route path=path!("/start-partnership") view=routes::start_partnership::StartPartnershipPage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-out") view=SignOutPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/invite/:token") view=InvitePage />
                    <Route path=path!("/set-password/:token") view=SetPasswordPage />
                    <Route path=path!("/accessibility") view=routes::accessibility::AccessibilityPage />
                </Routes>
            </Layout>
        </Router>
    }
}
