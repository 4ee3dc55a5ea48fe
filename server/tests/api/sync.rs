use automerge::{transaction::Transactable, ReadDoc, ROOT};
use domain::{sync::Event, DocumentId};

use crate::helpers::{Client, TestServer};

#[tokio::test]
async fn two_clients_converge_on_concurrent_edits_through_the_server() {
    let server = TestServer::spawn().await;
    let a = Client::connect(&server.ws_url()).await;
    let b = Client::connect(&server.ws_url()).await;
    let doc = a.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "name", "Leicester Safeguarding Children Board")
            .unwrap();
        tx.commit();
    });
    // A request for a document the server does not hold yet is answered doc-unavailable.
    a.wait_all_on_server().await;
    b.request(doc);
    b.wait_for_value(doc, "name", "Leicester Safeguarding Children Board")
        .await;

    // Both edit before either sees the other's change.
    a.put(doc, "chair", "Independent Chair");
    b.put(doc, "frequency", "quarterly");
    a.put(doc, "name", "from a");
    b.put(doc, "name", "from b");

    for c in [&a, &b] {
        c.wait_until("both edits", |i| {
            let d = i.document(doc).unwrap();
            d.get(ROOT, "chair").unwrap().is_some() && d.get(ROOT, "frequency").unwrap().is_some()
        })
        .await;
    }
    // Either side may be the last to catch up, and a client's wait wakes only on its own
    // changes: look at both until they agree.
    let heads = |c: &Client| c.read(|i| i.document(doc).unwrap().get_heads());
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    while heads(&a) != heads(&b) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the clients never agreed: {:?} vs {:?}",
            heads(&a),
            heads(&b)
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(
        a.get(doc, "name"),
        b.get(doc, "name"),
        "one name wins on both sides"
    );
    assert_eq!(a.get(doc, "frequency").as_deref(), Some("quarterly"));
    assert_eq!(b.get(doc, "chair").as_deref(), Some("Independent Chair"));
}

#[tokio::test]
async fn a_request_for_a_document_that_does_not_exist_is_answered_doc_unavailable() {
    let server = TestServer::spawn().await;
    let client = Client::connect(&server.ws_url()).await;
    let missing = DocumentId::random();
    client.request(missing);
    client
        .wait_until("doc-unavailable", |i| {
            i.events.contains(&Event::DocumentUnavailable(missing))
        })
        .await;
}

#[tokio::test]
async fn a_client_that_joins_later_fetches_a_document_from_the_server() {
    let server = TestServer::spawn().await;
    let a = Client::connect(&server.ws_url()).await;
    let doc = a.create_doc(|_| {});
    a.put(doc, "title", "written before b existed");
    a.wait_all_on_server().await;
    drop(a);
    let b = Client::connect(&server.ws_url()).await;
    b.request(doc);
    b.wait_for_value(doc, "title", "written before b existed")
        .await;
}
