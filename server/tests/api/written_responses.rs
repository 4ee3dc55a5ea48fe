//! A member responds to a written procedure themselves (issue 12): a person who only reads
//! their partnership's documents may change their own seat's response to a written
//! procedure, over sync, and the server refuses (an `error`, nothing stored) any other
//! change of theirs: another seat's response, the question, or any other document.

use automerge::Automerge;
use domain::{
    meeting::{Member, OpenWritten, WrittenProcedureDoc},
    model::{self, Date, GroupDoc, Seat, SeatCategory},
    rules::VoteCast,
    storage::layout,
    DocumentId,
};

use hyper::StatusCode;

use domain::protocol::{self, Message as Protocol};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{http, raw::RawPeer, Client, Person, TestServer};
use quorum_server::{auth::Role, storage::SqliteStorage};

const LEICESTER: &str = "Leicester Safeguarding Children Board";
const MEMBER: &str = "police.member@example.org";

fn stored(server: &TestServer, doc: DocumentId) -> WrittenProcedureDoc {
    let storage = SqliteStorage::open_dir(&server.data_dir).unwrap();
    let chunks = storage.range(&layout::document_prefix(doc)).unwrap();
    let doc: Automerge = layout::load_chunks(chunks.iter().map(|(_, b)| b.as_slice())).unwrap();
    model::read(&doc).unwrap()
}

fn edit<T: autosurgeon::Reconcile + autosurgeon::Hydrate>(client: &Client, doc: DocumentId, f: impl FnOnce(&mut T)) {
    client.change(doc, |d| {
        model::update(d, "edit", 1_796_400_000, |x: &mut T| {
            f(x);
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap();
    });
}

async fn connect(server: &TestServer, who: &Person) -> Client {
    Client::connect_with(&server.sync_url(), who.credential.header()).await
}

async fn fetched(client: &Client, doc: DocumentId) {
    client.request(doc);
    client.wait_until("the document", |i| i.document(doc).is_some_and(|d| !d.get_heads().is_empty())).await;
}

#[tokio::test]
async fn a_member_records_their_own_response_and_nothing_else() {
    let server = TestServer::spawn().await;
    let accounts = server.accounts();
    let today = Date::of_unix_seconds(server.clock.now_ms() / 1000);
    let mut group = GroupDoc { name: "Board".into(), ..GroupDoc::default() };
    for role in ["Chief Superintendent", "Director of Children's Services"] {
        group.seats.push(Seat::new(role, None, SeatCategory::Core, true));
    }
    let (police, council) = (group.seats[0].id, group.seats[1].id);
    let how = OpenWritten {
        question: "That the Board adopts the revised escalation policy".into(),
        closes_on: today.add_days(14),
        special_majority: None,
        opened_by: "Business Manager".into(),
        today,
        now_ms: 1,
    };
    let mut written = WrittenProcedureDoc::open(DocumentId::random(), &group, how).unwrap();
    written.name_responders([(police, MEMBER.to_owned())]);

    // The business office (an editor) puts the question and owns both documents for Leicester.
    let office = accounts.signed_in("office@example.org", LEICESTER, Role::Editor);
    let office_client = connect(&server, &office).await;
    let (group_doc, doc) = (office_client.create_doc_minted(&office.account, |_| {}), office_client.create_doc_minted(&office.account, |_| {}));
    edit(&office_client, group_doc, |g: &mut GroupDoc| *g = group.clone());
    edit(&office_client, doc, |w: &mut WrittenProcedureDoc| *w = written.clone());
    office_client.wait_all_on_server().await;
    assert!(office_client.read(|i| i.errors()).is_empty());
    assert_eq!(stored(&server, doc).question, written.question, "the question is stored");

    let member = accounts.signed_in(MEMBER, LEICESTER, Role::Viewer);
    // The server's access rules learn of a role added from another connection within a moment.
    let (header, value) = member.credential.header();
    server
        .until("the server to see the member's role", || async {
            let me = http::get_with(server.addr, "/api/me", &[(header, &value)]).await;
            me.status == StatusCode::OK && me.json()["partnerships"].as_array().is_some_and(|p| !p.is_empty())
        })
        .await;
    let name = quorum_server::auth::AuthStore::account(accounts.store(), member.account).unwrap().unwrap().name;
    let me = Member::new(&member.account.to_string(), &name, MEMBER);
    let client = connect(&server, &member).await;
    fetched(&client, doc).await;
    edit(&client, doc, |w: &mut WrittenProcedureDoc| w.respond_as_member(police, VoteCast::For, &me, today, 2).unwrap());
    client.wait_all_on_server().await;
    assert!(client.read(|i| i.errors()).is_empty(), "{:?}", client.read(|i| i.errors()));
    let kept = stored(&server, doc);
    let response = &kept.responses[&police.to_string()];
    assert_eq!((response.vote, response.account.clone()), (VoteCast::For, Some(member.account.to_string())), "their own response is stored");

    // Another seat's response, made by their device: refused, nothing of it stored.
    edit(&client, doc, |w: &mut WrittenProcedureDoc| w.respond(council, VoteCast::Against, &name, today, 3).unwrap());
    client.wait_until("the server's error", |i| !i.errors().is_empty()).await;
    let errors = client.read(|i| i.errors());
    assert!(errors.iter().any(|e| e.contains("their own seat")), "{errors:?}");
    assert!(!stored(&server, doc).responses.contains_key(&council.to_string()), "nothing of the refused change was stored");

    // A member writes as little as a reader: a sync message over a reader's size is refused
    // before it is decoded (it would be judged against a copy of the document).
    let mut request = server.sync_url().into_client_request().unwrap();
    let (name, value) = member.credential.header();
    request.headers_mut().insert(name, value.parse().unwrap());
    let mut raw = RawPeer::join_request(request).await;
    raw.send(protocol::encode(&Protocol::Sync {
        sender: "raw-peer".parse().unwrap(),
        target: "server".parse().unwrap(),
        document: doc,
        data: vec![0u8; protocol::MAX_READER_SYNC_BYTES + 1],
    }))
    .await;
    let refused = raw.rejection().await;
    assert!(refused.error.contains("may not change"), "{}", refused.error);

    // The group document is theirs to read, never to change.
    let other = connect(&server, &member).await;
    fetched(&other, group_doc).await;
    edit(&other, group_doc, |g: &mut GroupDoc| g.name = "Renamed".into());
    other.wait_until("the server's error", |i| !i.errors().is_empty()).await;
    let errors = other.read(|i| i.errors());
    assert!(errors.iter().any(|e| e.contains("written procedure")), "{errors:?}");
}
