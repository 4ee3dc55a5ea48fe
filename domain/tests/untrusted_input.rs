//! Whatever a peer sends, the decoder and the engine answer with an error or correct
//! handling, never a panic.

mod support;

use domain::{
    protocol::{self, Message},
    sync::Role,
    DocumentId,
};
use proptest::prelude::*;
use support::Network;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = protocol::decode(&bytes);
    }

    #[test]
    fn a_server_survives_arbitrary_frames_after_join(
        frames in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..256), 1..8)
    ) {
        let mut net = Network::new();
        let s = net.add("server", Role::Server);
        let a = net.add("alice", Role::Client);
        let (ac, sc) = net.connect(a, s);
        net.run();
        for f in frames {
            net.send_raw(a, ac, f);
        }
        net.run();
        let _ = sc;
    }

    #[test]
    fn well_formed_messages_with_arbitrary_payloads_are_handled(
        kind in 0..4u8,
        data in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut net = Network::new();
        let s = net.add("server", Role::Server);
        let a = net.add("alice", Role::Client);
        let (ac, _) = net.connect(a, s);
        net.run();
        let (sender, target, document) = ("alice".parse().unwrap(), "server".parse().unwrap(), DocumentId::random());
        let m = match kind {
            0 => Message::Sync { sender, target, document, data },
            1 => Message::Request { sender, target, document, data },
            2 => Message::Ephemeral { sender, target, document, session: "s".into(), count: 1, data },
            _ => Message::DocUnavailable { sender, target, document },
        };
        net.send_raw(a, ac, protocol::encode(&m));
        net.run();
    }
}
