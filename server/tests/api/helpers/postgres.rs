//! A database of its own for one test on the throw-away cluster `scripts/test.sh` starts
//! (`QUORUM_TEST_DATABASE_URL`): a fresh schema, reached through `search_path`. Without the
//! variable, tests that need PostgreSQL say so and do nothing.

/// The URL of a fresh, empty schema named after `test`, or `None` (having said why) when
/// no test cluster is configured.
pub async fn fresh_database(test: &str) -> Option<String> {
    let Ok(url) = std::env::var("QUORUM_TEST_DATABASE_URL") else {
        eprintln!("QUORUM_TEST_DATABASE_URL is not set: skipping {test} (scripts/test.sh sets it)");
        return None;
    };
    let schema = format!("t_{test}_{}", std::process::id());
    let (admin, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.expect("connect to the test cluster");
    tokio::spawn(conn);
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).await.unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-c%20search_path%3D{schema}"))
}

/// How many chunks the database at `url` holds for documents.
pub async fn chunk_count(url: &str) -> i64 {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect to the test cluster");
    tokio::spawn(conn);
    client.query_one("SELECT count(*) FROM chunks", &[]).await.unwrap().get(0)
}

/// The one row `sql` returns from the database at `url`.
pub async fn query_one(url: &str, sql: &str) -> tokio_postgres::Row {
    query(url, sql).await.into_iter().next().expect("a row")
}

/// The rows `sql` returns from the database at `url`.
pub async fn query(url: &str, sql: &str) -> Vec<tokio_postgres::Row> {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect to the test cluster");
    tokio::spawn(conn);
    client.query(sql, &[]).await.unwrap()
}

/// `url` with its connections named `name` (PostgreSQL's `application_name`).
pub fn named(url: &str, name: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}application_name={name}")
}

/// Ends every connection named `name` (as a database restart or a network cut would);
/// returns how many there were.
pub async fn cut_connections(name: &str) -> i64 {
    let url = std::env::var("QUORUM_TEST_DATABASE_URL").expect("a test cluster");
    let (admin, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.expect("connect to the test cluster");
    tokio::spawn(conn);
    admin
        .query_one("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", &[&name])
        .await
        .unwrap()
        .get(0)
}
