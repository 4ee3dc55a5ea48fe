//! Memory bounded by the documents in use, and the counters for the people who run the
//! server (issue 13): a document nobody syncs leaves the hub's memory after one to two
//! periods and is fetched whole afterwards (loaded from storage again); `/metrics` answers
//! only the configured bearer token, in the Prometheus text format, and counts the eviction.

use std::time::Duration;

use automerge::{transaction::Transactable, ROOT};
use axum::http::StatusCode;

use crate::helpers::{http, Client, TestServer};

const TOKEN: &str = "metrics-token-for-the-test";

/// The value of the sample `name` in a Prometheus text body.
fn sample(body: &str, name: &str) -> Option<f64> {
    body.lines().find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')).and_then(|v| v.parse().ok()))
}

async fn metrics(server: &TestServer) -> String {
    let res = http::get_with(server.addr, "/metrics", &[("authorization", &format!("Bearer {TOKEN}"))]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header(axum::http::header::CONTENT_TYPE), Some("text/plain; version=0.0.4; charset=utf-8"));
    res.text()
}

#[tokio::test]
async fn an_unused_document_leaves_memory_and_is_fetched_whole_afterwards() {
    let server = TestServer::spawn_configured(|c| {
        c.evict_idle_after = Duration::from_millis(500);
        c.metrics_token = Some(TOKEN.into());
    })
    .await;

    // Only the token opens the counters.
    assert_eq!(http::get(server.addr, "/metrics").await.status, StatusCode::UNAUTHORIZED);
    let wrong = http::get_with(server.addr, "/metrics", &[("authorization", "Bearer not-the-token")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let before = metrics(&server).await;
    for name in ["quorum_sync_connections", "quorum_documents_in_memory", "quorum_commit_seconds_count", "quorum_sync_refused_total"] {
        assert!(sample(&before, name).is_some(), "{name} in\n{before}");
    }
    let evicted_before = sample(&before, "quorum_documents_evicted_total").unwrap();

    let a = Client::connect(&server.ws_url()).await;
    let doc = a.create_doc(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "name", "Leicester Safeguarding Children Board").unwrap();
        tx.commit();
    });
    a.put(doc, "chair", "Independent Chair");
    a.wait_all_on_server().await;
    drop(a);

    // The counters are the process's (other tests' servers share them): wait for this
    // server's sweep to add to the evictions.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let now = metrics(&server).await;
        if sample(&now, "quorum_documents_evicted_total").unwrap() > evicted_before {
            assert!(sample(&now, "quorum_commit_seconds_count").unwrap() >= 1.0, "{now}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no document left memory:\n{now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Past two periods the document is surely out of memory: a new client still gets all of it.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let b = Client::connect(&server.ws_url()).await;
    b.request(doc);
    b.wait_for_value(doc, "name", "Leicester Safeguarding Children Board").await;
    b.wait_for_value(doc, "chair", "Independent Chair").await;
    b.put(doc, "frequency", "quarterly");
    b.wait_all_on_server().await;
}

#[tokio::test]
async fn without_a_token_configured_there_is_no_metrics_page_and_health_says_the_database_answers() {
    let server = TestServer::spawn().await;
    assert_eq!(http::get(server.addr, "/metrics").await.status, StatusCode::NOT_FOUND);
    let health = http::get(server.addr, "/healthz").await;
    assert_eq!((health.status, health.text().as_str()), (StatusCode::OK, "ok"));
}
