//! Cold loads: a document stored as a snapshot plus incremental chunks loads whole, in
//! whatever order storage lists the chunks (it lists `incremental/…` before `snapshot/…`).

use automerge::{transaction::Transactable, Automerge, ReadDoc, ROOT};
use domain::storage::layout;

fn changed(doc: &mut Automerge, from: usize, to: usize) {
    for i in from..to {
        let mut tx = doc.transaction();
        tx.put(ROOT, "n", i as i64).unwrap();
        tx.commit();
    }
}

#[test]
fn a_snapshot_listed_after_incremental_chunks_loads_with_them() {
    let mut doc = Automerge::new();
    changed(&mut doc, 0, 300);
    let snapshot = doc.save();
    let at_snapshot = doc.get_heads();
    changed(&mut doc, 300, 305);
    let first = doc.save_after(&at_snapshot);
    let middle = doc.get_heads();
    changed(&mut doc, 305, 310);
    let second = doc.save_after(&middle);

    let loaded = layout::load_chunks([first.as_slice(), second.as_slice(), snapshot.as_slice()]).unwrap();
    assert_eq!(loaded.get_heads(), doc.get_heads());
    assert_eq!(loaded.get_changes(&[]).len(), 310);
    assert_eq!(loaded.get(ROOT, "n").unwrap().unwrap().0, automerge::Value::from(309_i64));
}

#[test]
fn snapshots_and_incremental_chunks_are_told_apart_by_their_chunk_type() {
    // `load_chunks` puts whole-document chunks first by their header: magic, checksum, type.
    let mut doc = Automerge::new();
    changed(&mut doc, 0, 3);
    let snapshot = doc.save();
    let heads = doc.get_heads();
    changed(&mut doc, 3, 4);
    let incremental = doc.save_after(&heads);
    assert_eq!(snapshot[..4], [0x85, 0x6f, 0x4a, 0x83]);
    assert_eq!(snapshot[8], 0, "a snapshot is a document chunk");
    assert_eq!(incremental[..4], [0x85, 0x6f, 0x4a, 0x83]);
    assert_ne!(incremental[8], 0, "an incremental chunk is change chunks");
}

mod background_compaction {
    use automerge::{transaction::Transactable, ReadDoc, ROOT};
    use domain::{
        storage::{compact, layout, MemoryStorage},
        sync::{Engine, EngineConfig, Role},
        DocumentId,
    };

    /// A server-like engine (the adapter compacts) over memory storage, committing each
    /// change's save at once.
    struct Server {
        engine: Engine,
        storage: MemoryStorage,
        id: DocumentId,
    }

    impl Server {
        fn new(compact_after: usize) -> Self {
            let mut config = EngineConfig::new("server".parse().unwrap(), Role::Server);
            config.background_compaction = true;
            config.compact_after = compact_after;
            let mut engine = Engine::new(config);
            let id = engine.create();
            Self { engine, storage: MemoryStorage::new(), id }
        }

        fn put(&mut self, key: &str, value: i64) {
            let ((), fx) = self
                .engine
                .change(self.id, |d| {
                    d.transact::<_, _, automerge::AutomergeError>(|tx| tx.put(ROOT, key, value)).unwrap();
                })
                .unwrap();
            self.storage.apply(fx.store).unwrap();
            self.engine.storage_committed(&fx.saved);
        }

        fn kinds(&self) -> Vec<layout::ChunkKind> {
            self.storage.all().iter().filter_map(|(k, _)| layout::chunk_kind(k)).collect()
        }
    }

    #[test]
    fn a_documents_first_save_is_a_snapshot_and_later_ones_are_incremental() {
        let mut s = Server::new(32);
        s.put("a", 1);
        assert_eq!(s.kinds(), [layout::ChunkKind::Snapshot]);
        s.put("b", 2);
        s.put("c", 3);
        let mut kinds = s.kinds();
        kinds.sort_by_key(|k| *k == layout::ChunkKind::Snapshot);
        assert_eq!(kinds, [layout::ChunkKind::Incremental, layout::ChunkKind::Incremental, layout::ChunkKind::Snapshot]);
        assert!(s.engine.compactions_due().is_empty(), "two incremental chunks are not due yet");
    }

    #[test]
    fn a_compaction_keeps_changes_saved_while_it_was_built_and_deletes_only_what_it_read() {
        let mut s = Server::new(4);
        for i in 0..5 {
            s.put(&format!("k{i}"), i);
        }
        // A snapshot and four incremental chunks: due, and listed only once.
        assert_eq!(s.engine.compactions_due(), [s.id]);
        assert!(s.engine.compactions_due().is_empty());
        let read = s.storage.range(&layout::document_prefix(s.id));
        let compaction = compact(s.id, &read).unwrap().expect("something to compact");
        assert_eq!(compaction.covered.len(), 5);

        // A change arrives while the snapshot is being built.
        s.put("during", 99);
        s.storage.apply(compaction.ops()).unwrap();
        s.engine.compacted(s.id, Some(&compaction));

        let mut kinds = s.kinds();
        kinds.sort_by_key(|k| *k == layout::ChunkKind::Snapshot);
        assert_eq!(kinds, [layout::ChunkKind::Incremental, layout::ChunkKind::Snapshot]);
        let all = s.storage.all();
        let loaded = layout::load_chunks(all.iter().map(|(_, b)| b.as_slice())).unwrap();
        let doc = s.engine.document(s.id).unwrap();
        assert_eq!(loaded.get_heads(), doc.get_heads(), "nothing may be lost");
        assert_eq!(loaded.get(ROOT, "during").unwrap().unwrap().0, automerge::Value::from(99_i64));
        for key in &compaction.covered {
            assert!(all.iter().all(|(k, _)| k != key), "{key} is covered by the snapshot");
        }
        // One incremental chunk since: not due again.
        assert!(s.engine.compactions_due().is_empty());
        // Compacting a lone snapshot is nothing to do.
        let only_snapshot: Vec<_> = all.into_iter().filter(|(k, _)| layout::chunk_kind(k) == Some(layout::ChunkKind::Snapshot)).collect();
        assert_eq!(compact(s.id, &only_snapshot).unwrap(), None);
    }

    #[test]
    fn a_compaction_built_from_memory_replaces_every_chunk_and_loses_nothing() {
        // The browser's way: no chunk is read back; the snapshot is the document in memory.
        let mut s = Server::new(4);
        for i in 0..5 {
            s.put(&format!("k{i}"), i);
        }
        assert_eq!(s.engine.compactions_due(), [s.id]);
        let compaction = s.engine.compaction_from_memory(s.id).expect("something to compact");
        assert_eq!(compaction.covered.len(), 5);
        // A change saved after the snapshot was built survives its commit.
        s.put("after", 7);
        s.storage.apply(compaction.ops()).unwrap();
        s.engine.compacted(s.id, Some(&compaction));
        let mut kinds = s.kinds();
        kinds.sort_by_key(|k| *k == layout::ChunkKind::Snapshot);
        assert_eq!(kinds, [layout::ChunkKind::Incremental, layout::ChunkKind::Snapshot]);
        let all = s.storage.all();
        let loaded = layout::load_chunks(all.iter().map(|(_, b)| b.as_slice())).unwrap();
        assert_eq!(loaded.get_heads(), s.engine.document(s.id).unwrap().get_heads(), "nothing may be lost");
        assert_eq!(loaded.get(ROOT, "k0").unwrap().unwrap().0, automerge::Value::from(0_i64));
        // A lone snapshot: nothing to gain.
        let mut fresh = Server::new(4);
        fresh.put("a", 1);
        assert_eq!(fresh.engine.compaction_from_memory(fresh.id), None);
    }

    #[test]
    fn no_compaction_is_built_from_memory_while_a_save_is_on_its_way() {
        let mut s = Server::new(2);
        for i in 0..3 {
            s.put(&format!("k{i}"), i);
        }
        let ((), fx) = s
            .engine
            .change(s.id, |d| {
                d.transact::<_, _, automerge::AutomergeError>(|tx| tx.put(ROOT, "pending", 1)).unwrap();
            })
            .unwrap();
        assert_eq!(s.engine.compaction_from_memory(s.id), None, "the chunk list is not yet what storage holds");
        s.storage.apply(fx.store).unwrap();
        s.engine.storage_committed(&fx.saved);
        assert!(s.engine.compaction_from_memory(s.id).is_some());
    }

    #[test]
    fn a_failed_compaction_is_listed_again_after_the_next_save() {
        let mut s = Server::new(2);
        for i in 0..3 {
            s.put(&format!("k{i}"), i);
        }
        assert_eq!(s.engine.compactions_due(), [s.id]);
        s.engine.compacted(s.id, None);
        assert!(s.engine.compactions_due().is_empty(), "not retried in a loop");
        s.put("next", 1);
        assert_eq!(s.engine.compactions_due(), [s.id]);
    }
}

mod inline_compaction {
    use automerge::{transaction::Transactable, ReadDoc, ROOT};
    use domain::{
        storage::{layout, MemoryStorage},
        sync::{Engine, EngineConfig, Role},
    };

    /// A browser-like engine (it compacts inline) over memory storage: each change is saved
    /// and committed at once; returns the kinds of the chunks stored after each.
    fn stored_after(changes: &[&str]) -> Vec<Vec<layout::ChunkKind>> {
        let config = EngineConfig::new("browser".parse().unwrap(), Role::Client);
        assert!(!config.background_compaction);
        let mut engine = Engine::new(config);
        let id = engine.create();
        let mut storage = MemoryStorage::new();
        let mut out = Vec::new();
        for (i, text) in changes.iter().enumerate() {
            let ((), fx) = engine
                .change(id, |d| {
                    d.transact::<_, _, automerge::AutomergeError>(|tx| tx.put(ROOT, format!("k{i}"), *text)).unwrap();
                })
                .unwrap();
            storage.apply(fx.store).unwrap();
            engine.storage_committed(&fx.saved);
            let mut kinds: Vec<_> = storage.all().iter().filter_map(|(k, _)| layout::chunk_kind(k)).collect();
            kinds.sort_by_key(|k| *k == layout::ChunkKind::Snapshot);
            out.push(kinds);
        }
        let all = storage.all();
        let loaded = layout::load_chunks(all.iter().map(|(_, b)| b.as_slice())).unwrap();
        assert_eq!(loaded.get_heads(), engine.document(id).unwrap().get_heads(), "nothing may be lost");
        out
    }

    #[test]
    fn small_saves_are_incremental_and_a_large_one_is_written_as_a_snapshot() {
        use layout::ChunkKind::{Incremental, Snapshot};
        let large = "word ".repeat(20_000);
        let kinds = stored_after(&["first", "second", "third", &large, "after"]);
        assert_eq!(kinds[0], [Snapshot]);
        assert_eq!(kinds[1], [Incremental, Snapshot]);
        assert_eq!(kinds[2], [Incremental, Incremental, Snapshot]);
        assert_eq!(kinds[3], [Snapshot], "100 KB of changes would load change by change: one snapshot replaces every chunk");
        assert_eq!(kinds[4], [Incremental, Snapshot]);
    }
}
