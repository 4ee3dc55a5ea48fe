//! Issue 12: calendar feeds. A person's or a group's meetings as iCalendar at an unguessable
//! URL fetched without a session (as Outlook and Google do), parsed here by a real iCalendar
//! parser; revoking the feed stops it at once; nobody gets a feed of a group they cannot read.

use automerge::Automerge;
use domain::{
    meeting::{MeetingDoc, MeetingRef, MeetingStatus},
    model::{self, GroupDoc, PartnershipDoc, PersonDoc, PersonRef, Seat, SeatCategory},
    DocumentId, PersonId,
};
use hyper::{Method, StatusCode};
use quorum_server::auth::Role;
use serde_json::json;
use tempfile::TempDir;

use crate::helpers::{
    accounts::{Accounts, DEFAULT_PARTNERSHIP},
    http::{self, Response},
    ChildServer, Client, Person,
};

const GROUP: &str = "LLR Joint Procedures & Development Sub Group";

fn write<T: autosurgeon::Reconcile + autosurgeon::Hydrate + Default>(value: T) -> impl FnOnce(&mut Automerge) {
    move |doc| {
        model::update(doc, "create", 0, |v: &mut T| -> Result<(), std::convert::Infallible> {
            *v = value;
            Ok(())
        })
        .unwrap();
    }
}

async fn api(addr: std::net::SocketAddr, who: &Person, method: Method, path: &str, body: Option<serde_json::Value>) -> Response {
    let (k, v) = who.credential.header();
    http::json(addr, method, path, &[(k, &v)], body).await
}

/// A group with two meetings (one cancelled), synced to the server as the default editor.
async fn group_with_meetings(server: &ChildServer) -> DocumentId {
    let client = Client::connect(&server.ws_url()).await;
    let group_terms = GroupDoc::default().terms;
    let mut first = MeetingDoc::new(DocumentId::random(), "2027-03-30".parse().unwrap(), &group_terms);
    first.start = Some("10:00".parse().unwrap());
    first.end = Some("12:00".parse().unwrap());
    first.venue = "City Hall, Leicester".into();
    let mut second = MeetingDoc::new(DocumentId::random(), "2027-06-28".parse().unwrap(), &group_terms);
    second.status = MeetingStatus::Cancelled;
    let a = client.create_doc(write(first));
    let b = client.create_doc(write(second));
    let group = GroupDoc {
        name: GROUP.into(),
        meetings: vec![
            MeetingRef { document: a, date: Some("2027-03-30".parse().unwrap()), status: MeetingStatus::Scheduled },
            MeetingRef { document: b, date: Some("2027-06-28".parse().unwrap()), status: MeetingStatus::Cancelled },
        ],
        ..GroupDoc::default()
    };
    let g = client.create_doc(write(group));
    client.wait_all_on_server().await;
    g
}

fn events(ics: &str) -> Vec<(String, String, Option<String>)> {
    let unfolded = icalendar::parser::unfold(ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar");
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            let prop = |n: &str| c.find_prop(n).map(|p| p.val.to_string());
            (prop("SUMMARY").unwrap(), prop("DTSTART").unwrap(), prop("STATUS"))
        })
        .collect()
}

#[tokio::test]
async fn a_group_feed_is_valid_icalendar_without_a_session_and_stops_when_revoked() {
    let data = TempDir::new().unwrap();
    let accounts = Accounts::open(data.path());
    let officer = accounts.signed_in("officer@example.org", DEFAULT_PARTNERSHIP, Role::Editor);
    let stranger = accounts.signed_in("stranger@example.org", "Another Partnership", Role::Admin);
    let server = ChildServer::start(data.path());
    let group = group_with_meetings(&server).await;

    let res = api(server.addr, &officer, Method::POST, "/api/feeds", Some(json!({"groupDocumentId": group.to_string()}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let created = res.json();
    let path = created["path"].as_str().unwrap().to_owned();
    assert!(path.starts_with("/feeds/") && path.ends_with(".ics") && path.len() > 50, "{path}");

    let feed = http::get(server.addr, &path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(feed.header(hyper::header::CONTENT_TYPE), Some("text/calendar; charset=utf-8"));
    let got = events(&feed.text());
    assert_eq!(got.len(), 2, "{}", feed.text());
    assert_eq!(got[0], (GROUP.to_owned(), "20270330T100000".to_owned(), Some("CONFIRMED".to_owned())));
    assert_eq!(got[1].2.as_deref(), Some("CANCELLED"), "a cancelled meeting stays, marked, so calendars drop it");
    assert!(feed.text().contains("LOCATION:City Hall\\, Leicester"));

    // The person's own feed has the group's meetings too.
    let mine = api(server.addr, &officer, Method::POST, "/api/feeds", Some(json!({}))).await.json();
    let all = http::get(server.addr, mine["path"].as_str().unwrap()).await;
    assert_eq!(events(&all.text()).len(), 2);
    let listed = api(server.addr, &officer, Method::GET, "/api/feeds", None).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(!listed.to_string().contains(path.trim_start_matches("/feeds/").trim_end_matches(".ics")), "secrets are not listed");

    // Someone who cannot read the group gets no feed of it.
    let refused = api(server.addr, &stranger, Method::POST, "/api/feeds", Some(json!({"groupDocumentId": group.to_string()}))).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let theirs = api(server.addr, &stranger, Method::POST, "/api/feeds", Some(json!({}))).await.json();
    assert!(events(&http::get(server.addr, theirs["path"].as_str().unwrap()).await.text()).is_empty(), "another partnership's meetings are not in a stranger's feed");

    // Revoked: gone at once. A made-up feed is the same 404.
    let id = created["id"].as_str().unwrap();
    assert_eq!(api(server.addr, &stranger, Method::DELETE, &format!("/api/feeds/{id}"), None).await.status, StatusCode::NOT_FOUND, "only its owner revokes it");
    assert_eq!(api(server.addr, &officer, Method::DELETE, &format!("/api/feeds/{id}"), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(http::get(server.addr, &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(http::get(server.addr, &format!("/feeds/{}.ics", "A".repeat(43))).await.status, StatusCode::NOT_FOUND);
}

/// "My meetings" are the meetings of the groups a person sits on: the directory's person
/// document with the account's email (any case) names the seats they hold or deputise for.
/// Without such a document, the feed keeps every group the account may read.
#[tokio::test]
async fn a_persons_feed_has_the_meetings_of_the_groups_they_sit_on() {
    let data = TempDir::new().unwrap();
    let accounts = Accounts::open(data.path());
    let officer = accounts.signed_in("officer@example.org", DEFAULT_PARTNERSHIP, Role::Editor);
    let server = ChildServer::start(data.path());
    let _not_theirs = group_with_meetings(&server).await;
    let before = api(server.addr, &officer, Method::POST, "/api/feeds", Some(json!({}))).await.json();
    let path = before["path"].as_str().unwrap().to_owned();
    assert_eq!(events(&http::get(server.addr, &path).await.text()).len(), 2, "not in the directory yet: every readable group");

    let client = Client::connect(&server.ws_url()).await;
    let person = client.create_doc(write(PersonDoc { name: "Officer (test)".into(), email: "Officer@Example.org".into(), ..PersonDoc::default() }));
    let other = client.create_doc(write(PersonDoc { name: "Someone else".into(), email: "else@example.org".into(), ..PersonDoc::default() }));
    let (me, them) = (PersonId::random(), PersonId::random());
    client.create_doc(write(PartnershipDoc {
        name: "Test partnership".into(),
        people: vec![PersonRef { person: me, document: person }, PersonRef { person: them, document: other }],
        ..PartnershipDoc::default()
    }));
    let group_terms = GroupDoc::default().terms;
    let date = "2027-05-04".parse().unwrap();
    let meeting = client.create_doc(write(MeetingDoc::new(DocumentId::random(), date, &group_terms)));
    let mut nurse = Seat::new("Designated Nurse", None, SeatCategory::Core, true);
    nurse.holder = Some(them);
    nurse.deputy = Some(me);
    client.create_doc(write(GroupDoc {
        name: "Case Review Group".into(),
        seats: vec![nurse],
        meetings: vec![MeetingRef { document: meeting, date: Some(date), status: MeetingStatus::Scheduled }],
        ..GroupDoc::default()
    }));
    client.wait_all_on_server().await;

    let got = events(&http::get(server.addr, &path).await.text());
    assert_eq!(got.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["Case Review Group"], "only the group they sit on (as a deputy): {got:?}");
}
