//! Pages, one module each, and typed links to them.

pub mod accessibility;
pub mod account;
pub mod calendar_links;
pub mod case_reviews;
pub mod group;
pub mod invite;
pub mod meetings;
pub mod not_found;
pub mod partnership;
pub mod version;
pub mod partnerships;
pub mod directory;
pub mod people;
pub mod person_interests;
pub mod procedures;
pub mod set_password;
pub mod settings;
pub mod sign_in;
pub mod sign_out;
pub mod start_partnership;
pub mod two_step;

use domain::DocumentId;

/// `/`: the list of partnerships.
pub fn partnerships_href() -> String {
    "/".to_owned()
}

/// `/partnerships/<documentId>`.
pub fn partnership_href(id: DocumentId) -> String {
    format!("/partnerships/{id}")
}

/// `/groups/<documentId>`: a group's terms of reference and membership.
pub fn group_href(id: DocumentId) -> String {
    format!("/groups/{id}")
}

/// `/groups/<documentId>/edit/<part>`: the form changing one part of a group.
pub fn group_edit_href(id: DocumentId, part: crate::components::GroupPart) -> String {
    format!("/groups/{id}/edit/{}", part.slug())
}

/// `/groups/<documentId>/seats/<seatId>`: the seat form; `/groups/<documentId>/seats/new`
/// adds a seat.
pub fn seat_href(id: DocumentId, seat: Option<domain::SeatId>) -> String {
    match seat {
        Some(seat) => format!("/groups/{id}/seats/{seat}"),
        None => format!("/groups/{id}/seats/new"),
    }
}

/// `/groups/<documentId>/meetings`: a group's meetings.
pub fn meetings_href(group: DocumentId) -> String {
    format!("/groups/{group}/meetings")
}

/// `/groups/<documentId>/meetings/new`: plan a meeting.
pub fn new_meeting_href(group: DocumentId) -> String {
    format!("/groups/{group}/meetings/new")
}

/// `/groups/<documentId>/meetings/plan`: plan the year's meetings.
pub fn plan_meetings_href(group: DocumentId) -> String {
    format!("/groups/{group}/meetings/plan")
}

/// `/groups/<documentId>/written/new`: put a question to the group in writing.
pub fn new_written_href(group: DocumentId) -> String {
    format!("/groups/{group}/written/new")
}

/// `/written/<documentId>`: one decision by written procedure, read first.
pub fn written_href(id: DocumentId) -> String {
    format!("/written/{id}")
}

/// A group's case reviews and their action plans.
pub fn case_reviews_href(group: DocumentId) -> String {
    format!("/groups/{group}/case-reviews")
}

/// One case review's action plan.
pub fn case_review_href(id: DocumentId) -> String {
    format!("/case-reviews/{id}")
}

/// `/meetings/<documentId>`: one meeting, read first.
pub fn meeting_href(id: DocumentId) -> String {
    format!("/meetings/{id}")
}

/// `/meetings/<documentId>/attendance`: record attendance.
pub fn attendance_href(id: DocumentId) -> String {
    format!("/meetings/{id}/attendance")
}

/// `/meetings/<documentId>/edit`: change the meeting's details.
pub fn meeting_edit_href(id: DocumentId) -> String {
    format!("/meetings/{id}/edit")
}

/// `/meetings/<documentId>/items/<item>` (`new` for a new item): an agenda item's form.
pub fn item_href(id: DocumentId, item: Option<domain::ItemId>) -> String {
    match item {
        Some(item) => format!("/meetings/{id}/items/{item}"),
        None => format!("/meetings/{id}/items/new"),
    }
}

/// `/meetings/<documentId>/items/<item>/decision`: record a decision on an item.
pub fn decision_href(id: DocumentId, item: domain::ItemId) -> String {
    format!("/meetings/{id}/items/{item}/decision")
}

/// `/meetings/<documentId>/items/<item>/action`: add an action from an item.
pub fn action_href(id: DocumentId, item: domain::ItemId) -> String {
    format!("/meetings/{id}/items/{item}/action")
}

/// `/meetings/<documentId>/items/<item>/paper`: upload a paper to an item.
pub fn paper_href(id: DocumentId, item: domain::ItemId) -> String {
    format!("/meetings/{id}/items/{item}/paper")
}

/// `/meetings/<documentId>/items/<item>/declaration`: a declaration of interest on an item.
pub fn declaration_href(id: DocumentId, item: domain::ItemId) -> String {
    format!("/meetings/{id}/items/{item}/declaration")
}

/// `/meetings/<documentId>/minutes`: write the minutes.
pub fn minutes_href(id: DocumentId) -> String {
    format!("/meetings/{id}/minutes")
}

/// `/meetings/<documentId>/minutes/amend`: record an amendment to approved minutes.
pub fn amend_minutes_href(id: DocumentId) -> String {
    format!("/meetings/{id}/minutes/amend")
}

/// `/meetings/<documentId>/items/<item>/approve-minutes`: approve the last meeting's minutes.
pub fn approve_minutes_href(id: DocumentId, item: domain::ItemId) -> String {
    format!("/meetings/{id}/items/{item}/approve-minutes")
}

/// `/meetings/<documentId>/print`: the agenda pack and minutes as one printable page.
pub fn meeting_print_href(id: DocumentId) -> String {
    format!("/meetings/{id}/print")
}

/// `/start-partnership`: an operator starts a partnership and its first admin.
pub fn start_partnership_href() -> String {
    "/start-partnership".to_owned()
}

/// `/settings`: storage on this device, app version, install.
pub fn settings_href() -> String {
    "/settings".to_owned()
}

/// `/accessibility`: the accessibility statement.
pub fn accessibility_href() -> String {
    "/accessibility".to_owned()
}

/// `/partnerships/<documentId>/people`: people, roles, invitations and the audit log.
pub fn people_href(id: DocumentId) -> String {
    format!("/partnerships/{id}/people")
}

/// `/sign-in`, returning to `next` (a path on this site) afterwards.
pub fn sign_in_href(next: Option<&str>) -> String {
    match next.and_then(safe_next) {
        Some(next) => format!("/sign-in?next={}", String::from(js_sys::encode_uri_component(next))),
        None => "/sign-in".to_owned(),
    }
}

/// `/sign-out`: warns about changes not yet on the server, then signs out.
pub fn sign_out_href() -> String {
    "/sign-out".to_owned()
}

/// `/account`: your sessions.
pub fn account_href() -> String {
    "/account".to_owned()
}

/// Where to go after signing in: only a path on this site (never `//host` or a URL), and
/// never back to the sign-in or sign-out pages.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.starts_with("/sign-in")
        && !next.starts_with("/sign-out");
    ok.then_some(next)
}

/// Pages anyone may open without an account.
pub fn is_public_path(path: &str) -> bool {
    ["/sign-in", "/invite/", "/set-password/", "/accessibility", "/settings"]
        .iter()
        .any(|p| path == p.trim_end_matches('/') || path.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/groups/abc"), Some("/groups/abc"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example/"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next("/sign-in"), None);
        assert_eq!(sign_in_href(Some("/groups/a b")), "/sign-in?next=%2Fgroups%2Fa%20b");
        assert_eq!(sign_in_href(Some("//x")), "/sign-in");
    }

    #[wasm_bindgen_test]
    fn invitation_and_sign_in_pages_are_public() {
        assert!(is_public_path("/sign-in"));
        assert!(is_public_path("/invite/tok"));
        assert!(is_public_path("/set-password/tok"));
        assert!(!is_public_path("/"));
        assert!(!is_public_path("/groups/x"));
        assert!(!is_public_path("/account"));
    }
}
