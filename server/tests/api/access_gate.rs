//! A property test of the access gate on a real server: whatever an authenticated person
//! of another partnership sends (arbitrary bytes, or well-formed messages about the
//! document with arbitrary or valid payloads), nothing of the document reaches them and
//! nothing of theirs reaches the document.

use automerge::sync::SyncDoc;
use domain::{
    protocol::{self, Message},
    DocumentId,
};
use proptest::{prelude::*, test_runner::TestRunner};
use quorum_server::auth::Role;

use crate::helpers::{
    accounts::Credential,
    raw::{ask_for, sync_carrying_change},
    Client, RawPeer, TestServer,
};

#[derive(Debug, Clone)]
enum Attack {
    Bytes(Vec<u8>),
    Message { kind: u8, secret: bool, payload: Payload },
}

#[derive(Debug, Clone)]
enum Payload {
    Arbitrary(Vec<u8>),
    Empty,
    WithChange,
}

fn attack() -> impl Strategy<Value = Attack> {
    let payload = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..96).prop_map(Payload::Arbitrary),
        Just(Payload::Empty),
        Just(Payload::WithChange),
    ];
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..96).prop_map(Attack::Bytes),
        4 => (0..5u8, prop::bool::weighted(0.8), payload)
            .prop_map(|(kind, secret, payload)| Attack::Message { kind, secret, payload }),
    ]
}

fn frame(attack: Attack, secret: DocumentId) -> Vec<u8> {
    match attack {
        Attack::Bytes(b) => b,
        Attack::Message { kind, secret: s, payload } => {
            let document = if s { secret } else { DocumentId::random() };
            let data = match payload {
                Payload::Arbitrary(b) => b,
                Payload::Empty => automerge::Automerge::new()
                    .generate_sync_message(&mut Default::default())
                    .unwrap()
                    .encode(),
                Payload::WithChange => {
                    let (frame, _) = sync_carrying_change(document, "k", "forged");
                    match protocol::decode(&frame).unwrap() {
                        Message::Sync { data, .. } => data,
                        _ => unreachable!(),
                    }
                }
            };
            let (sender, target) = ("outsider".parse().unwrap(), "server".parse().unwrap());
            protocol::encode(&match kind {
                0 => Message::Sync { sender, target, document, data },
                1 => Message::Request { sender, target, document, data },
                2 => Message::Ephemeral { sender, target, document, session: "s".into(), count: 1, data },
                3 => Message::Leave { sender },
                _ => Message::DocUnavailable { sender, target, document },
            })
        }
    }
}

#[test]
fn an_outsider_never_gets_nor_changes_a_document_whatever_it_sends() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (server, owner, secret, outsider) = rt.block_on(async {
        let server = TestServer::spawn().await;
        let owner = Client::connect(&server.ws_url()).await;
        let secret = owner.create_doc(|_| {});
        owner.put(secret, "k", "secret");
        owner.wait_all_on_server().await;
        let outsider = server.accounts().token("outsider@example.org", "Another Partnership", Role::Admin);
        (server, owner, secret, outsider)
    });
    let Credential::Token(token) = &outsider.credential else { unreachable!() };
    let url = server.ws_url_with(token);
    let heads = owner.read(|i| i.document(secret).unwrap().get_heads());

    let mut runner = TestRunner::new(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&proptest::collection::vec(attack(), 1..6), |attacks| {
            rt.block_on(async {
                let mut raw = RawPeer::join(&url).await;
                for a in attacks {
                    if raw.try_send(frame(a, secret)).await.is_err() {
                        break;
                    }
                }
                // The server answers in order: once the sentinel is answered (or the
                // connection closed), everything sent before it was handled.
                let sentinel = DocumentId::random();
                let _ = raw.try_send(ask_for(sentinel, false)).await;
                while let Some(m) = raw.next_message().await {
                    match m {
                        Message::DocUnavailable { document, .. } if document == sentinel => break,
                        Message::DocUnavailable { .. } | Message::Error { .. } => {}
                        other => prop_assert_ne!(other.document(), Some(secret), "the outsider was sent {}", other.type_name()),
                    }
                }
                Ok(())
            })
        })
        .unwrap();

    rt.block_on(async {
        // Nothing the outsider sent reached the document: its owner's copy (which would get
        // any accepted change) is unchanged, and a fresh read from the server agrees.
        assert_eq!(owner.read(|i| i.document(secret).unwrap().get_heads()), heads);
        let fresh = Client::connect(&server.ws_url()).await;
        fresh.request(secret);
        fresh.wait_for_value(secret, "k", "secret").await;
        assert_eq!(fresh.read(|i| i.document(secret).unwrap().get_heads()), heads);
    });
}
