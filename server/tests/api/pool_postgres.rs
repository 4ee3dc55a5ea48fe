//! The stores' PostgreSQL connections are pooled (`db::DbPool`): one slow query (a paper's
//! bytes, a long report) no longer holds up the node's other requests. Shown by order, not
//! by timing: a query started while another sleeps finishes first, unless there is only one
//! connection (then it waits its turn, as every query did behind the store's one lock).

use std::{sync::mpsc, time::Instant};

use quorum_server::db::{DbPool, POSTGRES_CONNECTIONS};

use crate::helpers::postgres::fresh_database;

/// Whether a short slow query, started while a long one holds a connection of a pool of
/// `size`, finishes before the long one.
fn second_finishes_first(url: &str, size: usize) -> bool {
    let pool = DbPool::postgres_with(url, size).unwrap();
    let (holding, held) = mpsc::channel();
    let (long, short) = std::thread::scope(|s| {
        let long = s.spawn(|| {
            let mut db = pool.get();
            holding.send(()).unwrap();
            db.execute("SELECT pg_sleep(2)", &[]).unwrap();
            Instant::now()
        });
        held.recv().unwrap();
        let short = s.spawn(|| {
            pool.get().execute("SELECT pg_sleep(0.2)", &[]).unwrap();
            Instant::now()
        });
        (long.join().unwrap(), short.join().unwrap())
    });
    short < long
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_slow_queries_run_at_once_on_pooled_connections() {
    let Some(url) = fresh_database("pool").await else { return };
    tokio::task::spawn_blocking(move || {
        assert!(POSTGRES_CONNECTIONS >= 2);
        assert!(second_finishes_first(&url, POSTGRES_CONNECTIONS), "the second query ran on another connection meanwhile");
        assert!(!second_finishes_first(&url, 1), "with one connection the second query waits its turn");
    })
    .await
    .unwrap();
}
