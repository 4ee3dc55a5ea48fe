use tempfile::TempDir;

use crate::helpers::{ChildServer, Client};

#[tokio::test]
async fn a_change_the_server_acknowledged_survives_kill_9_and_restart() {
    let data = TempDir::new().unwrap();
    let server = ChildServer::start(data.path());
    let client = Client::connect(&server.ws_url()).await;
    let doc = client.create_doc(|_| {});
    for i in 0..20 {
        client.put(doc, &format!("minute-{i}"), "agreed");
    }
    client.put(doc, "decision", "approved at the March meeting");
    // The server's sync reply shows it holds every change: from here a crash may not lose them.
    client.wait_all_on_server().await;
    server.kill();
    drop(client);

    let server = ChildServer::start(data.path());
    let fresh = Client::connect(&server.ws_url()).await;
    fresh.request(doc);
    fresh
        .wait_for_value(doc, "decision", "approved at the March meeting")
        .await;
    for i in 0..20 {
        assert_eq!(
            fresh.get(doc, &format!("minute-{i}")).as_deref(),
            Some("agreed"),
            "change {i} lost"
        );
    }
}
