//! Pages whose code is loaded on demand.
//!
//! Each page below is a [`LazyRoute`]: with the `split` feature (the release build,
//! `scripts/build-wasm.sh`), its code is split out of the main wasm into a module the browser
//! fetches the first time the page opens (the service worker precaches every module, so this
//! works offline too); the router keeps the current page until the next one is ready. Without
//! the feature (tests, `cargo check`), the same routes render synchronously from one wasm.
//! The first page (the list of partnerships), sign-in and "not found" stay in the main module,
//! and so do a group's meetings and the partnership's action tracker: the pages a board member
//! and a business officer open most, often straight from a link or a bookmark. On a full load
//! of either, fetching and linking the meetings area and the 20-odd modules it shares with other
//! areas took longer than the rest of the start; in the main module the page draws its rows
//! from the saved views as soon as the app runs (the main module is 221 KB larger, brotli; the
//! service worker precaches every module either way). See `scripts/bench.sh`.
//!
//! A module that cannot be fetched (offline before this device saved the app, say) shows
//! [`PageNotLoaded`] instead of the page, never a crash; opening the page again retries.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::components::set_page_title;

/// A page's code could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct PageLoadError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for PageLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadError
    }
}

/// What shows when a page's code could not be fetched.
#[component]
pub fn PageNotLoaded() -> impl IntoView {
    set_page_title("Sorry, this page could not be opened", false);
    let here = leptos_router::hooks::use_location();
    let again = move || format!("{}{}", here.pathname.get(), here.search.get());
    view! {
        <h1 class="govuk-heading-l">"Sorry, this page could not be opened"</h1>
        <p class="govuk-body">
            "Quorum could not load this page onto this device. Check your internet connection, then try again."
        </p>
        // A full load (rel="external"), so the module is fetched afresh.
        <p class="govuk-body"><a class="govuk-link" href=again rel="external">"Try again"</a></p>
    }
}

fn shown(page: Result<AnyView, PageLoadError>) -> AnyView {
    page.unwrap_or_else(|PageLoadError| view! { <PageNotLoaded/> }.into_any())
}

/// The page once its module has loaded (a split loader is async).
#[cfg(feature = "split")]
async fn shown_when_loaded(page: impl std::future::Future<Output = Result<AnyView, PageLoadError>>) -> AnyView {
    // The start holds back large documents until the page's code is here (it may need one).
    let loading = crate::repo::page_code::page_code_loading();
    let page = page.await;
    drop(loading);
    crate::repo::probe::elapsed("page module loaded, since navigation", Some(0.0));
    shown(page)
}

/// The page at once (without the split, a loader is a plain call).
#[cfg(not(feature = "split"))]
fn shown_when_loaded(page: Result<AnyView, PageLoadError>) -> std::future::Ready<AnyView> {
    std::future::ready(shown(page))
}

/// `lazy_pages!(area { Route => loader: page_component, ... } ...)`: a route type per page,
/// rendering the page component through a loader that is a split point when the `split`
/// feature is on. Every page of one area is split into the same module (one fetch opens all
/// of a group's pages, say); code shared by several areas goes to modules they share.
macro_rules! lazy_pages {
    ($($area:ident { $($route:ident => $loader:ident : $page:path),* $(,)? })*) => {$($(
        #[doc = concat!("The page `", stringify!($page), "`, loaded on demand.")]
        #[derive(Debug)]
        pub struct $route;

        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($area, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        fn $loader() -> Result<AnyView, PageLoadError> {
            Ok($page().into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_: Self) -> impl std::future::Future<Output = AnyView> {
                shown_when_loaded($loader())
            }
        }
    )*)*};
}

lazy_pages! {
    partnership {
        PartnershipPageRoute => load_partnership_page: crate::routes::partnership::PartnershipPage,
        EditNamePageRoute => load_edit_name_page: crate::routes::partnership::EditNamePage,
        EditAreaPageRoute => load_edit_area_page: crate::routes::partnership::EditAreaPage,
        EditLinksPageRoute => load_edit_links_page: crate::routes::partnership::EditLinksPage,
        EditPlanPageRoute => load_edit_plan_page: crate::routes::partnership::EditPlanPage,
        NewGroupPageRoute => load_new_group_page: crate::routes::partnership::NewGroupPage,
        OrganisationsPageRoute => load_organisations_page: crate::routes::partnership::OrganisationsPage,
        NewOrganisationPageRoute => load_new_organisation_page: crate::routes::partnership::NewOrganisationPage,
        EditOrganisationPageRoute => load_edit_organisation_page: crate::routes::partnership::EditOrganisationPage,
        ConstitutionPageRoute => load_constitution_page: crate::routes::partnership::ConstitutionPage,
        ConstitutionEditPageRoute => load_constitution_edit_page: crate::routes::partnership::ConstitutionEditPage,
        HistoryPageRoute => load_history_page: crate::routes::partnership::HistoryPage,
        CompliancePageRoute => load_compliance_page: crate::routes::partnership::CompliancePage,
        DirectoryPageRoute => load_directory_page: crate::routes::directory::DirectoryPage,
        PersonInterestsPageRoute => load_person_interests_page: crate::routes::person_interests::PersonInterestsPage,
        PartnershipVersionPageRoute => load_partnership_version_page: crate::routes::version::PartnershipVersionPage,
    }
    group {
        GroupLayoutRoute => load_group_layout: crate::routes::group::GroupLayout,
        GroupPageRoute => load_group_page: crate::routes::group::GroupPage,
        GroupEditPageRoute => load_group_edit_page: crate::routes::group::GroupEditPage,
        SeatPageRoute => load_seat_page: crate::routes::group::SeatPage,
        GroupVersionPageRoute => load_group_version_page: crate::routes::version::GroupVersionPage,
    }
    meetings {
        DashboardPageRoute => load_dashboard_page: crate::routes::partnership::DashboardPage,
        InterestsPageRoute => load_interests_page: crate::routes::partnership::InterestsPage,
        NewMeetingPageRoute => load_new_meeting_page: crate::routes::meetings::NewMeetingPage,
        PlanYearPageRoute => load_plan_year_page: crate::routes::meetings::PlanYearPage,
        MeetingPageRoute => load_meeting_page: crate::routes::meetings::MeetingPage,
        NewWrittenPageRoute => load_new_written_page: crate::routes::meetings::NewWrittenPage,
        WrittenPageRoute => load_written_page: crate::routes::meetings::WrittenPage,
        CaseReviewsPageRoute => load_case_reviews_page: crate::routes::case_reviews::CaseReviewsPage,
        CaseReviewPageRoute => load_case_review_page: crate::routes::case_reviews::CaseReviewPage,
        ReviewActionPageRoute => load_review_action_page: crate::routes::case_reviews::ReviewActionPage,
        AttendancePageRoute => load_attendance_page: crate::routes::meetings::AttendancePage,
        MeetingDetailsPageRoute => load_meeting_details_page: crate::routes::meetings::MeetingDetailsPage,
        MinutesPageRoute => load_minutes_page: crate::routes::meetings::MinutesPage,
        AmendMinutesPageRoute => load_amend_minutes_page: crate::routes::meetings::AmendMinutesPage,
        PrintPageRoute => load_print_page: crate::routes::meetings::PrintPage,
        ApproveMinutesPageRoute => load_approve_minutes_page: crate::routes::meetings::ApproveMinutesPage,
        ItemPageRoute => load_item_page: crate::routes::meetings::ItemPage,
        DecisionPageRoute => load_decision_page: crate::routes::meetings::DecisionPage,
        ActionPageRoute => load_action_page: crate::routes::meetings::ActionPage,
        PaperPageRoute => load_paper_page: crate::routes::meetings::PaperPage,
        DeclarationPageRoute => load_declaration_page: crate::routes::meetings::DeclarationPage,
    }
    procedures {
        LibraryPageRoute => load_library_page: crate::routes::procedures::LibraryPage,
        ReaderPageRoute => load_reader_page: crate::routes::procedures::ReaderPage,
        DraftPageRoute => load_draft_page: crate::routes::procedures::DraftPage,
        DetailsPageRoute => load_details_page: crate::routes::procedures::DetailsPage,
        ComparePageRoute => load_compare_page: crate::routes::procedures::ComparePage,
        OpenConsultationPageRoute => load_open_consultation_page: crate::routes::procedures::OpenConsultationPage,
        EndConsultationPageRoute => load_end_consultation_page: crate::routes::procedures::EndConsultationPage,
        ClosedConsultationPageRoute => load_closed_consultation_page: crate::routes::procedures::ClosedConsultationPage,
    }
    people {
        PeoplePageRoute => load_people_page: crate::routes::people::PeoplePage,
        StartPartnershipPageRoute => load_start_partnership_page: crate::routes::start_partnership::StartPartnershipPage,
        SignOutPageRoute => load_sign_out_page: crate::routes::sign_out::SignOutPage,
        AccountPageRoute => load_account_page: crate::routes::account::AccountPage,
        CalendarLinksPageRoute => load_calendar_links_page: crate::routes::calendar_links::CalendarLinksPage,
        InvitePageRoute => load_invite_page: crate::routes::invite::InvitePage,
        SetPasswordPageRoute => load_set_password_page: crate::routes::set_password::SetPasswordPage,
    }
    about {
        SettingsPageRoute => load_settings_page: crate::routes::settings::SettingsPage,
        AccessibilityPageRoute => load_accessibility_page: crate::routes::accessibility::AccessibilityPage,
    }
}
