//! The accounts store on PostgreSQL (issue "Outgrow one machine"): the core scenarios of
//! the accounts, sessions, people and two-step tests, run with the same bodies as on the
//! node's SQLite file, against a server whose documents and accounts are in PostgreSQL.
//! Needs the test cluster `scripts/test.sh` starts (`QUORUM_TEST_DATABASE_URL`); without it
//! each test says so and passes.

use crate::{auth_people, auth_sessions, helpers::postgres::fresh_database, two_step};

#[tokio::test]
async fn signing_in_sets_a_cookie_and_me_names_the_partnerships() {
    let Some(url) = fresh_database("acc_sign_in").await else { return };
    auth_sessions::signing_in_sets_a_strict_http_only_cookie_and_me_names_the_partnerships_on(Some(url)).await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_fail_alike() {
    let Some(url) = fresh_database("acc_wrong").await else { return };
    auth_sessions::a_wrong_password_and_an_unknown_email_fail_alike_on(Some(url)).await;
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_and_signing_out_ends_it() {
    let Some(url) = fresh_database("acc_sign_out").await else { return };
    auth_sessions::each_sign_in_gets_a_new_session_and_signing_out_ends_it_on(Some(url)).await;
}

#[tokio::test]
async fn people_list_their_sessions_and_end_one_elsewhere() {
    let Some(url) = fresh_database("acc_sessions").await else { return };
    auth_sessions::people_list_their_sessions_and_end_one_elsewhere_on(Some(url)).await;
}

#[tokio::test]
async fn admins_see_and_change_their_people_and_others_may_not() {
    let Some(url) = fresh_database("acc_people").await else { return };
    auth_people::admins_see_and_change_their_people_and_others_may_not_on(Some(url)).await;
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    let Some(url) = fresh_database("acc_last_admin").await else { return };
    auth_people::the_last_admin_cannot_be_demoted_or_removed_on(Some(url)).await;
}

#[tokio::test]
async fn an_invitation_makes_a_new_account_once() {
    let Some(url) = fresh_database("acc_invite").await else { return };
    auth_people::an_invitation_makes_a_new_account_once_on(Some(url)).await;
}

#[tokio::test]
async fn an_invitation_to_a_joint_group_grants_that_document() {
    let Some(url) = fresh_database("acc_invite_doc").await else { return };
    auth_people::an_invitation_to_a_joint_group_grants_that_document_to_an_existing_account_on(Some(url)).await;
}

#[tokio::test]
async fn two_step_verification_is_set_up_confirmed_and_asked_for() {
    let Some(url) = fresh_database("acc_two_step").await else { return };
    two_step::set_up_and_confirmed_two_step_verification_is_asked_for_at_sign_in_on(Some(url)).await;
}

#[tokio::test]
async fn a_partnership_can_require_two_step_verification_of_its_admins() {
    let Some(url) = fresh_database("acc_two_step_rule").await else { return };
    two_step::a_partnership_can_require_two_step_verification_of_its_admins_on(Some(url)).await;
}

/// A sign-in changes no one's access, so it must not make every node reload its access rules
/// and re-check every open connection (the trigger behind `NOTIFY quorum_access`); a sign-out
/// must, so the sockets it authenticated close on every node.
#[tokio::test]
async fn a_sign_in_is_not_an_access_change_and_a_sign_out_is() {
    use quorum_server::auth::{AuthStore, Email, Secret};
    let Some(url) = fresh_database("acc_acl_version").await else { return };
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::TempDir::new().unwrap();
        let url = url.parse().unwrap();
        let store = AuthStore::open_for(dir.path(), Some(&url)).unwrap();
        let a = store.create_account(&Email::parse("a@example.org").unwrap(), "A", None).unwrap();
        let before = store.acl_version().unwrap();
        let session = store.create_session(&Secret::generate().unwrap().hash(), a, "test").unwrap();
        assert_eq!(store.acl_version().unwrap(), before, "a sign-in is not an access change");
        assert!(store.delete_session(session).unwrap());
        assert!(store.acl_version().unwrap() > before, "a sign-out is");
    })
    .await
    .unwrap();
}
