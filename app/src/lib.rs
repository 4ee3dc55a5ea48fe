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
pub mod lazy_pages;
pub mod papers;
pub mod repo;
pub mod routes;
pub mod pwa;
pub mod state;
pub mod text;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    Lazy,
    path,
};

use crate::{
    components::Layout,
    repo::{Repo, RepoOptions},
    routes::{
        not_found::NotFound, partnerships::PartnershipsPage, sign_in::SignInPage,
    },
};

/// The whole app: starts the repo (documents load from this device before the network is
/// used), then asks the server who is signed in (see [`auth`]), registers the service worker
/// (see [`pwa`]), and routes.
#[component]
pub fn App() -> impl IntoView {
    repo::probe::elapsed("start: app runs, since navigation", Some(0.0));
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
                    <Route path=path!("/partnerships/:id") view={Lazy::<lazy_pages::PartnershipPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/edit/name") view={Lazy::<lazy_pages::EditNamePageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/edit/area") view={Lazy::<lazy_pages::EditAreaPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/edit/links") view={Lazy::<lazy_pages::EditLinksPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/edit/business-plan") view={Lazy::<lazy_pages::EditPlanPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/groups/new") view={Lazy::<lazy_pages::NewGroupPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/organisations") view={Lazy::<lazy_pages::OrganisationsPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/organisations/new") view={Lazy::<lazy_pages::NewOrganisationPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/organisations/:org") view={Lazy::<lazy_pages::EditOrganisationPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/constitution") view={Lazy::<lazy_pages::ConstitutionPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/constitution/edit") view={Lazy::<lazy_pages::ConstitutionEditPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/history") view={Lazy::<lazy_pages::HistoryPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/actions") view=routes::partnership::ActionsPage />
                    <Route path=path!("/partnerships/:id/compliance") view={Lazy::<lazy_pages::CompliancePageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/dashboard") view={Lazy::<lazy_pages::DashboardPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/interests") view={Lazy::<lazy_pages::InterestsPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/directory") view={Lazy::<lazy_pages::DirectoryPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/directory/:person/interests") view={Lazy::<lazy_pages::PersonInterestsPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/people") view={Lazy::<lazy_pages::PeoplePageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/procedures") view={Lazy::<lazy_pages::LibraryPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc") view={Lazy::<lazy_pages::ReaderPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/draft") view={Lazy::<lazy_pages::DraftPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/details") view={Lazy::<lazy_pages::DetailsPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/compare") view={Lazy::<lazy_pages::ComparePageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/consultation/new") view={Lazy::<lazy_pages::OpenConsultationPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/consultation/end") view={Lazy::<lazy_pages::EndConsultationPageRoute>::new()} />
                    <Route path=path!("/procedures/:doc/consultation/comments") view={Lazy::<lazy_pages::ClosedConsultationPageRoute>::new()} />
                    // The group's page and its forms share one parent, so the group's data
                    // stays loaded (and is not read again) between a form and the page.
                    <ParentRoute path=path!("/groups/:id") view={Lazy::<lazy_pages::GroupLayoutRoute>::new()}>
                        <Route path=path!("") view={Lazy::<lazy_pages::GroupPageRoute>::new()} />
                        <Route path=path!("edit/:part") view={Lazy::<lazy_pages::GroupEditPageRoute>::new()} />
                        <Route path=path!("seats/:seat") view={Lazy::<lazy_pages::SeatPageRoute>::new()} />
                    </ParentRoute>
                    <Route path=path!("/groups/:id/meetings") view=routes::meetings::MeetingsPage />
                    <Route path=path!("/groups/:id/meetings/new") view={Lazy::<lazy_pages::NewMeetingPageRoute>::new()} />
                    <Route path=path!("/groups/:id/meetings/plan") view={Lazy::<lazy_pages::PlanYearPageRoute>::new()} />
                    <Route path=path!("/groups/:id/written/new") view={Lazy::<lazy_pages::NewWrittenPageRoute>::new()} />
                    <Route path=path!("/written/:id") view={Lazy::<lazy_pages::WrittenPageRoute>::new()} />
                    <Route path=path!("/groups/:id/case-reviews") view={Lazy::<lazy_pages::CaseReviewsPageRoute>::new()} />
                    <Route path=path!("/case-reviews/:id") view={Lazy::<lazy_pages::CaseReviewPageRoute>::new()} />
                    <Route path=path!("/case-reviews/:id/recommendations/:rec/action") view={Lazy::<lazy_pages::ReviewActionPageRoute>::new()} />
                    <Route path=path!("/meetings/:id") view={Lazy::<lazy_pages::MeetingPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/attendance") view={Lazy::<lazy_pages::AttendancePageRoute>::new()} />
                    <Route path=path!("/meetings/:id/edit") view={Lazy::<lazy_pages::MeetingDetailsPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/minutes") view={Lazy::<lazy_pages::MinutesPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/minutes/amend") view={Lazy::<lazy_pages::AmendMinutesPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/print") view={Lazy::<lazy_pages::PrintPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item/approve-minutes") view={Lazy::<lazy_pages::ApproveMinutesPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item") view={Lazy::<lazy_pages::ItemPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item/decision") view={Lazy::<lazy_pages::DecisionPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item/action") view={Lazy::<lazy_pages::ActionPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item/paper") view={Lazy::<lazy_pages::PaperPageRoute>::new()} />
                    <Route path=path!("/meetings/:id/items/:item/declaration") view={Lazy::<lazy_pages::DeclarationPageRoute>::new()} />
                    <Route path=path!("/groups/:id/versions/:heads") view={Lazy::<lazy_pages::GroupVersionPageRoute>::new()} />
                    <Route path=path!("/partnerships/:id/versions/:heads") view={Lazy::<lazy_pages::PartnershipVersionPageRoute>::new()} />
                    <Route path=path!("/settings") view={Lazy::<lazy_pages::SettingsPageRoute>::new()} />
                    <Route path=path!("/start-partnership") view={Lazy::<lazy_pages::StartPartnershipPageRoute>::new()} />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-out") view={Lazy::<lazy_pages::SignOutPageRoute>::new()} />
                    <Route path=path!("/account") view={Lazy::<lazy_pages::AccountPageRoute>::new()} />
                    <Route path=path!("/calendar-links") view={Lazy::<lazy_pages::CalendarLinksPageRoute>::new()} />
                    <Route path=path!("/invite/:token") view={Lazy::<lazy_pages::InvitePageRoute>::new()} />
                    <Route path=path!("/set-password/:token") view={Lazy::<lazy_pages::SetPasswordPageRoute>::new()} />
                    <Route path=path!("/accessibility") view={Lazy::<lazy_pages::AccessibilityPageRoute>::new()} />
                </Routes>
            </Layout>
        </Router>
    }
}
