//! Browser tests (headless Chromium through wasm-bindgen-test-runner):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p quorum-app --target wasm32-unknown-unknown`
//!
//! - the IndexedDB adapter passes the storage conformance suite every adapter must pass;
//! - a document saved incrementally through the sync engine survives re-opening the database
//!   (a reload: new adapter, new engine, load) with every change, with and without compaction;
//! - the same through the app's own runtime (`Repo`), the code path the pages use;
//! - the sync status region follows the app contract;
//! - an alarm (the hooks' resettable timeout) rings once for the last time it was set.

use automerge::Automerge;
use domain::{
    model::{update, GroupDoc, GroupKind, Organisation, PartnershipDoc, SeatCategory, Sector},
    storage::{layout, Storage},
    sync::{Effects, Engine, EngineConfig, Role},
    DocumentId, PeerId,
};
use quorum_app::repo::{chunks_by_document, DocView, IndexedDbStorage, Repo, RepoOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own for each test, so tests never see each other's data.
fn unique_database(test: &str) -> String {
    format!("quorum-test-{test}-{}", DocumentId::random())
}

#[wasm_bindgen_test]
async fn indexeddb_storage_passes_the_conformance_suite() {
    let name = unique_database("conformance");
    let storage = IndexedDbStorage::open(&name).await.expect("open");
    domain::storage::conformance::run(&storage).await;
    storage.close();
    IndexedDbStorage::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn a_deleted_database_comes_back_empty() {
    let name = unique_database("delete");
    let storage = IndexedDbStorage::open(&name).await.unwrap();
    let key: domain::storage::StorageKey = "a/b".parse().unwrap();
    storage
        .commit(vec![domain::storage::StoreOp::Put(key.clone(), vec![1])])
        .await
        .unwrap();
    storage.close();
    IndexedDbStorage::delete(&name).await.unwrap();
    let storage = IndexedDbStorage::open(&name).await.unwrap();
    assert_eq!(storage.load(&key).await.unwrap(), None);
    assert!(storage.load_all().await.unwrap().is_empty());
    storage.close();
    IndexedDbStorage::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn saved_views_survive_reopening_and_a_database_of_the_first_version_gains_their_store() {
    let name = unique_database("views");
    // A database as the first version made it: the chunks store only, with a chunk in it.
    {
        let factory = idb::Factory::new().unwrap();
        let mut request = factory.open(&name, Some(1)).unwrap();
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            let db = event.database().unwrap();
            let chunks = db.create_object_store("chunks", idb::ObjectStoreParams::new()).unwrap();
            chunks.put(&js_sys::Uint8Array::from(&[7u8][..]).into(), Some(&"a/b".into())).unwrap();
        });
        let db = request.await.unwrap();
        db.close();
    }
    let storage = IndexedDbStorage::open(&name).await.expect("upgraded");
    let key: domain::storage::StorageKey = "a/b".parse().unwrap();
    assert_eq!(storage.load(&key).await.unwrap(), Some(vec![7]), "the chunks are kept");
    assert!(storage.load_views().await.unwrap().is_empty());
    storage
        .save_views(vec![("meeting-summary.1/x".into(), Some("{\"a\":1}".into())), ("meeting-summary.1/y".into(), Some("{}".into()))])
        .await
        .unwrap();
    storage.save_views(vec![("meeting-summary.1/y".into(), None)]).await.unwrap();
    storage.close();
    let storage = IndexedDbStorage::open(&name).await.unwrap();
    assert_eq!(storage.load_views().await.unwrap(), vec![("meeting-summary.1/x".to_owned(), "{\"a\":1}".to_owned())]);
    assert_eq!(storage.load_all().await.unwrap().len(), 1, "views are not chunks");
    storage.close();
    IndexedDbStorage::delete(&name).await.unwrap();
}

// ---- the engine on IndexedDB -------------------------------------------------------------

fn engine(compact_after: usize) -> Engine {
    let mut config = EngineConfig::new(PeerId::random("test"), Role::Client);
    config.compact_after = compact_after;
    Engine::new(config)
}

/// What an adapter must do with effects' storage part: commit, then report it.
async fn store(engine: &mut Engine, storage: &IndexedDbStorage, fx: Effects) {
    if !fx.store.is_empty() {
        storage.commit(fx.store).await.expect("commit");
        engine.storage_committed(&fx.saved);
    }
}

/// An edit that adds a named item (an organisation) to a partnership.
fn add_group(doc: &mut Automerge, name: &str) {
    update(doc, "Add an organisation", 0, |p: &mut PartnershipDoc| {
        p.organisations
            .push(Organisation::new(name, Sector::Other, false));
        Ok::<_, std::convert::Infallible>(())
    })
    .expect("add organisation");
}

fn group_names(doc: &Automerge) -> Vec<String> {
    let p: PartnershipDoc = domain::model::read(doc).expect("a partnership");
    p.organisations.into_iter().map(|g| g.name).collect()
}

/// Opens the database as a reloaded page would: a new adapter and a new engine, loading
/// every stored document.
async fn reload(name: &str, compact_after: usize) -> (IndexedDbStorage, Engine, usize) {
    let storage = IndexedDbStorage::open(name).await.unwrap();
    let mut engine = engine(compact_after);
    let entries = storage.load_all().await.unwrap();
    let stored_chunks = entries.len();
    for (id, chunks) in chunks_by_document(entries) {
        let _ = engine.document_loaded(id, chunks);
    }
    (storage, engine, stored_chunks)
}

async fn edits_survive_reopening(compact_after: usize, edits: usize) {
    let name = unique_database("reopen");
    let storage = IndexedDbStorage::open(&name).await.unwrap();
    let mut first = engine(compact_after);
    let id = first.create();
    let mut expected = Vec::new();
    for i in 0..edits {
        let group = format!("Group {i}");
        let ((), fx) = first.change(id, |doc| add_group(doc, &group)).unwrap();
        assert!(!fx.store.is_empty(), "every change is saved at once");
        store(&mut first, &storage, fx).await;
        expected.push(group);
    }
    assert_eq!(first.summary().unsaved_on_device, 0, "everything committed");
    let heads = first.document(id).unwrap().get_heads();
    storage.close();

    let (storage, mut second, stored) = reload(&name, compact_after).await;
    let doc = second
        .document(id)
        .expect("the document is loaded from IndexedDB");
    assert_eq!(
        doc.get_heads(),
        heads,
        "the reloaded document has every change"
    );
    assert_eq!(group_names(doc), expected);
    if compact_after < edits {
        assert!(
            stored <= compact_after + 1,
            "compaction keeps few chunks: {stored}"
        );
        let keys = storage
            .load_range(&layout::document_prefix(id))
            .await
            .unwrap();
        assert!(
            keys.iter().any(|(k, _)| k.parts()[1] == "snapshot"),
            "a snapshot was written"
        );
    } else {
        assert_eq!(stored, edits, "one incremental chunk per change");
    }

    // Keep editing after the reload (the engine now knows the loaded chunks, so a
    // compaction deletes exactly those), then reload again.
    let more = if compact_after < edits {
        compact_after + 2
    } else {
        3
    };
    for i in edits..edits + more {
        let group = format!("Group {i}");
        let ((), fx) = second.change(id, |doc| add_group(doc, &group)).unwrap();
        store(&mut second, &storage, fx).await;
        expected.push(group);
    }
    let heads = second.document(id).unwrap().get_heads();
    storage.close();
    let (storage, third, _) = reload(&name, compact_after).await;
    let doc = third.document(id).expect("loaded again");
    assert_eq!(doc.get_heads(), heads, "no change lost across two reloads");
    assert_eq!(group_names(doc), expected);
    storage.close();
    IndexedDbStorage::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn incremental_saves_survive_reopening_the_database() {
    edits_survive_reopening(1000, 12).await;
}

#[wasm_bindgen_test]
async fn incremental_saves_and_compaction_survive_reopening_the_database() {
    edits_survive_reopening(3, 20).await;
}

// ---- the app's runtime -------------------------------------------------------------------

fn offline_repo(database: &str, compact_after: usize) -> Repo {
    Repo::new(RepoOptions {
        database: database.to_owned(),
        peer_id: PeerId::random("test"),
        compact_after,
        network: false,
    })
}

#[wasm_bindgen_test]
async fn the_repo_keeps_every_change_across_a_reload() {
    let name = unique_database("repo");
    let repo = offline_repo(&name, 4);
    repo.start().await;
    let id = repo.create();
    let mut expected = Vec::new();
    for i in 0..15 {
        let group = format!("Group {i}");
        repo.change(id, |doc| add_group(doc, &group)).unwrap();
        expected.push(group);
    }
    let time = 1_700_000_000;
    repo.change(id, |doc| {
        update(doc, "Rename", time, |p: &mut PartnershipDoc| {
            p.rename("Renamed")
        })
    })
    .unwrap()
    .unwrap();
    repo.settled().await;
    assert_eq!(
        repo.snapshot().summary.unsaved_on_device,
        0,
        "everything saved on this device"
    );
    assert_eq!(
        repo.snapshot().state().as_str(),
        "saved-local",
        "edits saved here, no server"
    );
    let heads = repo.with_document(id, |d| d.get_heads()).unwrap();
    repo.shutdown();

    let reloaded = offline_repo(&name, 4);
    reloaded.start().await;
    reloaded.settled().await;
    assert_eq!(reloaded.with_document(id, |d| d.get_heads()), Some(heads));
    match reloaded.read::<PartnershipDoc>(id) {
        DocView::Ready(p) => {
            assert_eq!(p.name, "Renamed");
            assert_eq!(
                p.organisations.iter().map(|g| g.name.clone()).collect::<Vec<_>>(),
                expected
            );
        }
        other => panic!("expected the partnership, got {other:?}"),
    }
    reloaded.shutdown();
    IndexedDbStorage::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_rule_broken_by_a_command_changes_nothing() {
    let name = unique_database("rules");
    let repo = offline_repo(&name, 32);
    repo.start().await;
    let id = repo.create();
    repo.change(id, |doc| add_group(doc, "Leicestershire Police"))
        .unwrap();
    let err = quorum_app::state::change_partnership(&repo, id, "Rename", |p| p.rename("   "))
        .unwrap_err();
    assert_eq!(err.to_string(), "Enter a name");
    match repo.read::<PartnershipDoc>(id) {
        DocView::Ready(p) => assert_eq!(p.organisations.len(), 1),
        other => panic!("{other:?}"),
    }
    let group = repo.create();
    repo.change(group, |doc| {
        update(doc, "Create", 0, |g: &mut GroupDoc| {
            *g = GroupDoc::new("Case Review Group", GroupKind::Subgroup, id)?;
            Ok::<_, domain::model::GroupError>(())
        })
    })
    .unwrap()
    .unwrap();
    let err = quorum_app::state::change_group(&repo, group, "Add a seat", |g| {
        g.add_seat("  ", None, SeatCategory::Core, true)
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "Enter the seat's role, for example Head of Service");
    match repo.read::<GroupDoc>(group) {
        DocView::Ready(g) => assert!(g.seats.is_empty()),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        quorum_app::state::change_partnership(&repo, DocumentId::random(), "x", |p| p.rename("x")),
        Err(quorum_app::error::AppError::NotOpen)
    ));
    repo.settled().await;
    repo.shutdown();
    IndexedDbStorage::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn saving_a_person_keeps_an_email_changed_while_the_form_was_open() {
    use domain::model::{PersonDoc, PersonForm};
    let name = unique_database("person");
    let repo = offline_repo(&name, 32);
    repo.start().await;
    let id = repo.create();
    let person = |repo: &Repo| match repo.read::<PersonDoc>(id) {
        DocView::Ready(p) => p,
        other => panic!("expected the person, got {other:?}"),
    };
    repo.change(id, |doc| {
        update(doc, "Add a person", 0, |p: &mut PersonDoc| {
            *p = PersonDoc { name: "Independent Chair (demo)".into(), job_title: "Independent Chair".into(), email: "chair@example.org".into(), ..PersonDoc::default() };
            Ok::<_, std::convert::Infallible>(())
        })
    })
    .unwrap()
    .unwrap();
    // The edit form opens; then the email is corrected elsewhere (another device, merged in).
    let opened = PersonForm::from_person(&person(&repo));
    repo.change(id, |doc| {
        update(doc, "Edit a person", 1, |p: &mut PersonDoc| {
            p.email = "independent.chair@example.org".into();
            Ok::<_, std::convert::Infallible>(())
        })
    })
    .unwrap()
    .unwrap();
    // This person changes only the job title, in the form opened before that.
    let typed = PersonForm { job_title: "Independent Chair and Scrutineer".into(), ..opened.clone() };
    quorum_app::state::save_person(&repo, id, &opened, &typed).unwrap();
    let saved = person(&repo);
    assert_eq!(saved.job_title, "Independent Chair and Scrutineer", "the form's change is saved");
    assert_eq!(saved.email, "independent.chair@example.org", "the email changed meanwhile is not written back");
    assert_eq!(saved.name, "Independent Chair (demo)");
    // Erased while the form was open: saving says so and the person stays erased.
    quorum_app::state::erase_person(&repo, id).unwrap();
    let problems = quorum_app::state::save_person(&repo, id, &opened, &typed).unwrap_err();
    assert!(problems[0].message.contains("erased"), "{problems:?}");
    assert_eq!(person(&repo), PersonDoc { erased: true, ..PersonDoc::default() });
    repo.settled().await;
    repo.shutdown();
    IndexedDbStorage::delete(&name).await.unwrap();
}

// ---- components --------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_sync_status_region_follows_the_app_contract() {
    use leptos::prelude::*;
    use quorum_app::components::SyncStatus;

    let name = unique_database("status");
    let repo = offline_repo(&name, 32);
    let mounted = repo.clone();
    let _handle = leptos::mount::mount_to(document().body().unwrap(), move || {
        quorum_app::state::provide_repo(mounted.clone());
        view! { <SyncStatus /> }
    });
    repo.start().await;
    let id = repo.create();
    repo.change(id, |doc| add_group(doc, "A group")).unwrap();
    repo.settled().await;
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(50).await;

    let region = document()
        .query_selector("[data-testid=sync-status]")
        .unwrap()
        .expect("the region");
    assert_eq!(
        region.get_attribute("data-state").as_deref(),
        Some("saved-local")
    );
    let text = region.text_content().unwrap_or_default();
    assert!(
        text.starts_with("All changes saved on this device"),
        "{text}"
    );
    let live = region
        .query_selector("[role=status]")
        .unwrap()
        .expect("a live region");
    assert_eq!(
        live.text_content().as_deref(),
        Some("All changes saved on this device")
    );
    repo.shutdown();
    IndexedDbStorage::delete(&name).await.unwrap();
}

/// The hooks' resettable timeout. Timers fire in the order of their deadlines, so the waits
/// here only order events: they measure nothing.
#[wasm_bindgen_test]
async fn an_alarm_set_again_rings_once_for_the_last_time_and_a_cleared_one_never() {
    use std::time::Duration;

    use gloo_timers::future::TimeoutFuture;
    use leptos::prelude::{GetUntracked, Owner};

    let owner = Owner::new();
    let alarm = owner.with(quorum_app::state::use_alarm);
    let rang = alarm.rang();
    alarm.set(Duration::from_millis(30));
    alarm.set(Duration::from_millis(60));
    TimeoutFuture::new(45).await;
    assert_eq!(rang.get_untracked(), 0, "the first ring was replaced by the second");
    TimeoutFuture::new(40).await;
    assert_eq!(rang.get_untracked(), 1);

    alarm.set(Duration::from_millis(20));
    alarm.clear();
    TimeoutFuture::new(40).await;
    assert_eq!(rang.get_untracked(), 1, "a cleared alarm does not ring");

    // Its owner cleaned up while it is set: when the time comes, nothing rings into the
    // disposed signal and nothing panics.
    alarm.set(Duration::from_millis(20));
    owner.cleanup();
    TimeoutFuture::new(40).await;
    assert!(matches!(rang.try_get_untracked(), None | Some(1)), "rang after its owner went: {:?}", rang.try_get_untracked());
}
