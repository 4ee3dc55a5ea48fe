use tempfile::TempDir;

use crate::helpers::{ChildServer, Client, TestServer};

#[tokio::test]
async fn serve_completes_after_the_shutdown_future_resolves_even_with_open_websockets() {
    let server = TestServer::spawn().await;
    let client = Client::connect(&server.ws_url()).await;
    server.stop().await.expect("serve returns Ok");
    client
        .wait_until("the server to close the websocket", |i| i.closed)
        .await;
}

#[tokio::test]
async fn changes_received_before_shutdown_are_there_after_a_restart() {
    let data = TempDir::new().unwrap();
    let server = TestServer::spawn_with(data.path(), false).await;
    let client = Client::connect(&server.ws_url()).await;
    let doc = client.create_doc(|_| {});
    client.put(doc, "title", "kept across restarts");
    client.wait_all_on_server().await;
    server.stop().await.unwrap();

    let server = TestServer::spawn_with(data.path(), false).await;
    let fresh = Client::connect(&server.ws_url()).await;
    fresh.request(doc);
    fresh
        .wait_for_value(doc, "title", "kept across restarts")
        .await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_binary_exits_zero_on_sigterm() {
    let data = TempDir::new().unwrap();
    let server = ChildServer::start(data.path());
    let _client = Client::connect(&server.ws_url()).await;
    let status = server.terminate().await;
    assert!(status.success(), "exit status {status}");
}
