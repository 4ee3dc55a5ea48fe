//! Issue 10, item 5: a flood of refused requests costs a partnership's audit log two rows per
//! ten minutes, not one per request (the rest are summarised); the log is read a page at a
//! time and by kind.

use std::time::Duration;

use hyper::StatusCode;

use crate::helpers::{
    browser::{DDSCP_ADMIN, LEICESTER_ADMIN},
    TestServer,
};

#[tokio::test]
async fn refused_requests_are_summarised_and_the_log_is_paged_and_filtered() {
    let server = TestServer::demo().await;
    let admin = server.signed_in(LEICESTER_ADMIN).await;
    let me = admin.json("/api/me").await;
    let pid = me["partnerships"][0]["id"].as_str().unwrap().to_owned();
    let outsider = server.signed_in(DDSCP_ADMIN).await;
    for i in 0..60 {
        let path = format!("/api/partnerships/{pid}/people/probe-{i}");
        assert_eq!(outsider.put(&path, serde_json::json!({"role": "admin"})).await.status, StatusCode::FORBIDDEN);
    }
    let denied = |log: &serde_json::Value| -> Vec<String> {
        log.as_array().unwrap().iter().filter(|r| r["kind"] == "access-denied").map(|r| r["detail"].as_str().unwrap_or("").to_owned()).collect()
    };
    let log = admin.json(&format!("/api/partnerships/{pid}/audit")).await;
    assert_eq!(denied(&log).len(), 1, "one row for the first refusal: {:?}", denied(&log));

    // When the window ends, the rest are written as one summary row.
    server.clock.advance(Duration::from_secs(10 * 60 + 1));
    server.next_recheck().await;
    server.next_recheck().await;
    let log = admin.json(&format!("/api/partnerships/{pid}/audit?kind=access-denied")).await;
    let rows = denied(&log);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("59 more denied requests"), "{rows:?}");
    assert!(log.as_array().unwrap().iter().all(|r| r["kind"] == "access-denied"), "filtered by kind");

    // Paging: `before` continues after the last row of a page, never repeating one.
    let first = admin.json(&format!("/api/partnerships/{pid}/audit")).await;
    let rows = first.as_array().unwrap();
    let last = rows.last().unwrap()["id"].as_i64().unwrap();
    let next = admin.json(&format!("/api/partnerships/{pid}/audit?before={last}")).await;
    for r in next.as_array().unwrap() {
        assert!(r["id"].as_i64().unwrap() < last);
    }
    assert_eq!(admin.get(&format!("/api/partnerships/{pid}/audit?before=not-a-number")).await.status, StatusCode::BAD_REQUEST);
    server.stop().await.unwrap();
}
