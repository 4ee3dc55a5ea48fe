//! At most so many open `/sync` connections per account (issue 10, item 3): one more is
//! refused with an `error` saying why, whichever of the account's tokens or sessions it
//! uses; other accounts are not affected, and a closed connection frees its place.

use domain::protocol::{self, Message as Protocol, PeerMetadata, PROTOCOL_V1};
use quorum_server::auth::Role;

use crate::helpers::{
    accounts::{Credential, DEFAULT_EDITOR, DEFAULT_PARTNERSHIP},
    RawPeer, TestServer,
};

/// Opens `url` and joins: the server's `peer`, or the `error` it answered instead.
async fn try_join(url: &str) -> Result<RawPeer, String> {
    let mut peer = RawPeer::connect(url).await;
    let join = Protocol::Join {
        sender: "limited-peer".parse().unwrap(),
        supported_versions: vec![PROTOCOL_V1.to_owned()],
        metadata: PeerMetadata::default(),
    };
    peer.send(protocol::encode(&join)).await;
    match peer.next_message().await {
        Some(Protocol::Peer { .. }) => Ok(peer),
        Some(Protocol::Error { message }) => Err(message),
        other => panic!("expected `peer` or `error` after `join`, got {other:?}"),
    }
}

fn token(credential: Credential) -> String {
    match credential {
        Credential::Token(t) => t,
        Credential::Session(_) => unreachable!(),
    }
}

#[tokio::test]
async fn an_account_over_its_connection_limit_is_refused_with_a_reason() {
    let server = TestServer::spawn_configured(|c| c.max_connections_per_account = 2).await;
    let accounts = server.accounts();
    // A second token of the same account counts with the first.
    let same_account = token(
        accounts
            .token(DEFAULT_EDITOR, DEFAULT_PARTNERSHIP, Role::Editor)
            .credential,
    );
    let other_account = token(
        accounts
            .token("other@example.org", DEFAULT_PARTNERSHIP, Role::Editor)
            .credential,
    );

    let first = try_join(&server.ws_url()).await.expect("the first connection");
    let _second = try_join(&server.ws_url_with(&same_account))
        .await
        .expect("the second connection");
    let refused = match try_join(&server.ws_url()).await {
        Err(message) => message,
        Ok(_) => panic!("a third connection of the account was accepted"),
    };
    assert!(
        refused.contains("too many open connections for this account (at most 2)"),
        "{refused}"
    );
    let _other = try_join(&server.ws_url_with(&other_account))
        .await
        .expect("another account is not limited by this one's connections");

    // Closing one frees its place (once the server has seen the socket end).
    drop(first);
    let mut again = None;
    for _ in 0..20 {
        match try_join(&server.ws_url()).await {
            Ok(peer) => {
                again = Some(peer);
                break;
            }
            Err(_) => server.next_recheck().await,
        }
    }
    assert!(again.is_some(), "a closed connection did not free its place");
}
