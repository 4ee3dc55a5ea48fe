//! Two nodes on one PostgreSQL: a change a client makes through node 1 reaches a client of
//! node 2 (node 1 announces the document with `NOTIFY`; node 2 loads the new chunks and
//! syncs its peers), and the other way. Accounts and owners are shared in PostgreSQL too
//! (see `nodes_postgres`).

use automerge::{transaction::Transactable, ReadDoc, ROOT};
use domain::DocumentId;

use crate::helpers::{
    accounts::DEFAULT_PARTNERSHIP,
    postgres::{cut_connections, fresh_database, named},
    Client, TestServer,
};

/// A client of `node` that creates a document named `name`, once `node` has stored it.
async fn creator(node: &TestServer, name: &str) -> (Client, DocumentId) {
    let a = Client::connect(&node.ws_url()).await;
    let doc = a.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "name", name).unwrap();
        tx.commit();
    });
    a.wait_all_on_server().await;
    (a, doc)
}

/// A client of `node` asking for `doc`, which was created through another node (recording
/// the owner again is a no-op now that owners are shared; it stays harmless).
async fn reader(node: &TestServer, doc: DocumentId) -> Client {
    node.accounts().own(doc, DEFAULT_PARTNERSHIP);
    node.next_recheck().await;
    let b = Client::connect(&node.ws_url()).await;
    b.request(doc);
    b
}

async fn node(url: &str) -> TestServer {
    let url = url.parse().unwrap();
    TestServer::spawn_configured(|c| c.database_url = Some(url)).await
}

#[tokio::test]
async fn a_change_through_one_node_reaches_a_client_of_another() {
    let Some(url) = fresh_database("relay").await else { return };
    let (one, two) = (node(&url).await, node(&url).await);
    let (a, doc) = creator(&one, "Leicester Safeguarding Children Board").await;
    let b = reader(&two, doc).await;
    b.wait_for_value(doc, "name", "Leicester Safeguarding Children Board").await;

    // Node 2 now holds the document: node 1's next change is relayed to b.
    a.put(doc, "chair", "Independent Chair");
    b.wait_for_value(doc, "chair", "Independent Chair").await;
    // And b's change, through node 2, reaches a through node 1.
    b.put(doc, "frequency", "quarterly");
    a.wait_for_value(doc, "frequency", "quarterly").await;
    // Many changes in a row arrive in order, none lost.
    for i in 0..20 {
        a.put(doc, "minute", &format!("{i}"));
    }
    b.wait_for_value(doc, "minute", "19").await;
    let heads = |c: &Client| c.read(|i| i.document(doc).unwrap().get_heads());
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while heads(&a) != heads(&b) {
        assert!(tokio::time::Instant::now() < deadline, "the clients never agreed");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test]
async fn a_node_that_did_not_hold_a_changed_document_serves_it_whole_later() {
    let Some(url) = fresh_database("relay_idle").await else { return };
    let (one, two) = (node(&url).await, node(&url).await);
    let (a, doc) = creator(&one, "not open on node 2").await;
    a.put(doc, "chair", "Independent Chair");
    a.wait_all_on_server().await;
    // Node 2 is still serving, and a later client of it gets everything from storage.
    let b = reader(&two, doc).await;
    b.wait_for_value(doc, "chair", "Independent Chair").await;
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test]
async fn a_node_whose_listener_was_cut_catches_up_on_what_it_missed() {
    let Some(url) = fresh_database("relay_cut").await else { return };
    let name = format!("quorum_relay_cut_{}", std::process::id());
    let (one, two) = (node(&url).await, node(&named(&url, &name)).await);
    let (a, doc) = creator(&one, "Leicester Safeguarding Children Board").await;
    let b = reader(&two, doc).await;
    b.wait_for_value(doc, "name", "Leicester Safeguarding Children Board").await;

    // Node 2's connections (its listener's too) are cut; node 1's change is announced while
    // node 2 is not listening. On listening again, node 2 re-reads what it holds.
    assert!(cut_connections(&name).await >= 1);
    a.put(doc, "chair", "Independent Chair");
    a.wait_all_on_server().await;
    b.wait_for_value(doc, "chair", "Independent Chair").await;
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_on_both_nodes_at_once_converge() {
    let Some(url) = fresh_database("relay_busy").await else { return };
    let (one, two) = (node(&url).await, node(&url).await);
    let (first, doc) = creator(&one, "LLR Joint Procedures Sub Group").await;
    // Five people on one document, spread over the nodes as a load balancer would.
    let mut clients = vec![first];
    for i in 1..5 {
        let c = reader(if i % 2 == 0 { &one } else { &two }, doc).await;
        c.wait_for_value(doc, "name", "LLR Joint Procedures Sub Group").await;
        clients.push(c);
    }
    // Each writes its own counter, all at once, faster than one round of the hubs.
    let mut pace = tokio::time::interval(std::time::Duration::from_millis(5));
    for n in 1..=40 {
        for (i, c) in clients.iter().enumerate() {
            c.change(doc, |d| {
                let mut tx = d.transaction();
                tx.put(ROOT, format!("n{i}"), n as i64).unwrap();
                tx.commit();
            });
        }
        pace.tick().await;
    }
    let heads = |c: &Client| c.read(|i| i.document(doc).unwrap().get_heads());
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while clients.iter().any(|c| heads(c) != heads(&clients[0])) {
        let counters: Vec<Vec<Option<String>>> = clients
            .iter()
            .map(|c| (0..5).map(|i| c.read(|x| x.document(doc).and_then(|d| d.get(ROOT, format!("n{i}").as_str()).ok().flatten().map(|(v, _)| v.to_string())))).collect())
            .collect();
        assert!(tokio::time::Instant::now() < deadline, "the clients never agreed: each one's counters {counters:?}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    one.stop().await.unwrap();
    two.stop().await.unwrap();
}
