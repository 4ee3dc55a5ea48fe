//! Servers for tests: in-process through `quorum_server::serve` on a `127.0.0.1:0` listener
//! ([`TestServer`], with a manual clock and the hub's re-check counter), or the real binary
//! as a child process. [`TestServer::spawn`] gives a default API token (an editor of
//! [`DEFAULT_PARTNERSHIP`](super::accounts::DEFAULT_PARTNERSHIP)) that
//! [`TestServer::ws_url`] carries; [`TestServer::start`] configures sessions, origin and
//! demo data for the accounts tests; [`TestServer::accounts`] adds people to its data
//! directory and [`TestServer::browser`] signs in like a browser.

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::LazyLock,
    time::Duration,
};

use hyper::StatusCode;
use quorum_server::{
    auth::SessionPolicy,
    clock::ManualClock,
    sync::{Compactions, Rechecks},
    Config,
};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use super::{
    accounts::Accounts,
    browser::{Browser, DEMO_PASSWORD},
};

/// Logs from the server under test only with `TEST_LOG=1`.
static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        quorum_server::telemetry::init();
    }
});

/// A temporary dist directory with a recognisable index.html.
pub fn fake_dist() -> TempDir {
    let dist = TempDir::new().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX_HTML).unwrap();
    dist
}

pub const INDEX_HTML: &str = "<!doctype html><title>Quorum test app</title>";

/// A server running inside the test's runtime: the one in-process server of these tests.
pub struct TestServer {
    pub addr: SocketAddr,
    pub dist: TempDir,
    pub data_dir: PathBuf,
    /// The PostgreSQL database of its documents and accounts, if not its SQLite file.
    pub database_url: Option<quorum_server::storage::DatabaseUrl>,
    /// The default editor's API token (empty for servers started from [`Options`]).
    pub token: String,
    /// The origin browsers use (the configured public origin, else `http://addr`).
    pub origin: String,
    /// The server's clock, moved by the test.
    pub clock: ManualClock,
    /// Counts the sync hub's re-checks of open connections (after every access change it
    /// notices); tests wait on it instead of sleeping.
    pub rechecks: Rechecks,
    /// Counts the background compactions (and lets the test hold them).
    pub compactions: Compactions,
    _data: Option<TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

/// How to configure a [`TestServer`] for the accounts tests.
#[derive(Default)]
pub struct Options {
    pub demo: bool,
    pub sessions: Option<SessionPolicy>,
    pub public_origin: Option<&'static str>,
    pub index_html: Option<&'static str>,
    /// Believe `X-Forwarded-For` from 127.0.0.1 (a reverse proxy on the same machine).
    pub behind_proxy: bool,
    /// Documents and accounts in this PostgreSQL database (see `postgres::fresh_database`).
    pub database_url: Option<String>,
}

impl TestServer {
    /// A server on a fresh data directory.
    pub async fn spawn() -> Self {
        let data = TempDir::new().unwrap();
        let mut server = Self::spawn_with(data.path(), false).await;
        server._data = Some(data);
        server
    }

    /// A server on a fresh data directory with its configuration adjusted by `adjust`.
    pub async fn spawn_configured(adjust: impl FnOnce(&mut Config)) -> Self {
        let data = TempDir::new().unwrap();
        let mut server = Self::spawn_inner(data.path(), false, adjust).await;
        server._data = Some(data);
        server
    }

    /// A server on `data_dir` (kept after the server stops).
    pub async fn spawn_with(data_dir: &Path, demo: bool) -> Self {
        Self::spawn_inner(data_dir, demo, |_| {}).await
    }

    /// A server on `data_dir` (kept after the server stops) with its configuration adjusted.
    pub async fn spawn_with_config(data_dir: &Path, demo: bool, adjust: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_inner(data_dir, demo, adjust).await
    }

    async fn spawn_inner(data_dir: &Path, demo: bool, adjust: impl FnOnce(&mut Config)) -> Self {
        // Demo data is seeded only into an empty store: add the default person after.
        let mut token = None;
        let mut server = Self::serve(
            data_dir,
            fake_dist(),
            |c| {
                c.demo = demo;
                adjust(c);
            },
            |c| token = (!demo).then(|| Accounts::open_for(data_dir, c.database_url.as_ref()).default_token()),
        )
        .await;
        server.token = match token {
            Some(t) => t,
            None => {
                wait_until_serving(server.addr).await;
                server.accounts().default_token()
            }
        };
        server
    }

    /// A server with the demo partnerships and accounts (and no default token).
    pub async fn demo() -> Self {
        Self::start(Options {
            demo: true,
            ..Options::default()
        })
        .await
    }

    /// The demo server, its documents and accounts in PostgreSQL at `database_url` when given.
    pub async fn demo_on(database_url: Option<String>) -> Self {
        Self::start(Options {
            demo: true,
            database_url,
            ..Options::default()
        })
        .await
    }

    /// A server on a fresh data directory configured by `options` (no default token).
    pub async fn start(options: Options) -> Self {
        let data = TempDir::new().unwrap();
        let dist = TempDir::new().unwrap();
        std::fs::write(dist.path().join("index.html"), options.index_html.unwrap_or(INDEX_HTML)).unwrap();
        let mut server = Self::serve(data.path(), dist, |config| {
            config.demo = options.demo;
            if let Some(s) = options.sessions {
                config.sessions = s;
            }
            config.public_origin = options.public_origin.map(|o| o.parse().unwrap());
            if options.behind_proxy {
                config.trusted_proxies = vec![std::net::Ipv4Addr::LOCALHOST.into()];
            }
            config.database_url = options.database_url.map(|u| u.parse().unwrap());
        }, |_| {})
        .await;
        server._data = Some(data);
        server
    }

    /// Starts `serve` on `data_dir` with a manual clock and the hub's re-check counter;
    /// `before` sees the configuration just before the server starts.
    async fn serve(data_dir: &Path, dist: TempDir, adjust: impl FnOnce(&mut Config), before: impl FnOnce(&Config)) -> Self {
        LazyLock::force(&TRACING);
        let clock = ManualClock::new();
        let rechecks = Rechecks::default();
        let compactions = Compactions::default();
        let mut config = Config::new(data_dir, dist.path());
        config.clock = clock.clock();
        config.rechecks = rechecks.clone();
        config.compactions = compactions.clone();
        adjust(&mut config);
        before(&config);
        let database_url = config.database_url.clone();
        let origin = config.public_origin.as_ref().map(ToString::to_string);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(quorum_server::serve(config, listener, async move {
            let _ = rx.await;
        }));
        Self {
            addr,
            dist,
            data_dir: data_dir.to_owned(),
            database_url,
            token: String::new(),
            origin: origin.unwrap_or_else(|| format!("http://{addr}")),
            clock,
            rechecks,
            compactions,
            _data: None,
            shutdown: Some(tx),
            task,
        }
    }

    /// `/sync` with the default editor's token.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/sync?token={}", self.addr, self.token)
    }

    /// `/sync` without credentials.
    pub fn sync_url(&self) -> String {
        format!("ws://{}/sync", self.addr)
    }

    /// `/sync` with someone else's token.
    pub fn ws_url_with(&self, token: &str) -> String {
        format!("ws://{}/sync?token={token}", self.addr)
    }

    /// The server's accounts tables (a separate connection to its database, on the
    /// server's clock).
    pub fn accounts(&self) -> Accounts {
        Accounts::open_at(&self.data_dir, self.database_url.as_ref(), self.clock.clock())
    }

    /// A browser-like client of this server.
    pub fn browser(&self) -> Browser {
        Browser {
            addr: self.addr,
            origin: self.origin.clone(),
            cookie: None,
            cookie_name: if self.origin.starts_with("https://") {
                "__Host-quorum_session"
            } else {
                "quorum_session"
            },
        }
    }

    /// A browser signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        let res = b.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "signing in as {email}: {}", res.text());
        b
    }

    /// The data directory's database, for looking at rows.
    pub fn db(&self) -> rusqlite::Connection {
        super::browser::db(&self.data_dir)
    }

    /// The first column of the first row of `sql` (text), read from wherever the server
    /// keeps its accounts (its SQLite file or PostgreSQL).
    pub async fn text(&self, sql: &str) -> String {
        match &self.database_url {
            None => self.db().query_row(sql, [], |r| r.get(0)).unwrap(),
            Some(url) => super::postgres::query_one(url.as_str(), sql).await.get(0),
        }
    }

    /// The first column of every row of `sql` (text), as [`Self::text`] reads it.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        match &self.database_url {
            None => self.db().prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect(),
            Some(url) => super::postgres::query(url.as_str(), sql).await.iter().map(|r| r.get(0)).collect(),
        }
    }

    /// As [`Self::text`], for a number (`COUNT(*)`).
    pub async fn number(&self, sql: &str) -> i64 {
        match &self.database_url {
            None => self.db().query_row(sql, [], |r| r.get(0)).unwrap(),
            Some(url) => super::postgres::query_one(url.as_str(), sql).await.get(0),
        }
    }

    /// Waits until `check` holds, asking again after each of the hub's re-checks (which
    /// follow every access change the server notices); fails after [`WAIT`].
    pub async fn until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let mut rechecked = self.rechecks.subscribe();
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            rechecked.borrow_and_update();
            if check().await {
                return;
            }
            let next = tokio::time::timeout_at(deadline, rechecked.changed()).await;
            assert!(matches!(next, Ok(Ok(()))), "timed out waiting for {what}");
        }
    }

    /// Waits until the hub has re-checked its open connections from start to end after
    /// this call (so with the clock as it is now): the second re-check that ends from now.
    pub async fn next_recheck(&self) {
        let mut rechecked = self.rechecks.subscribe();
        rechecked.borrow_and_update();
        for _ in 0..2 {
            tokio::time::timeout(WAIT, rechecked.changed())
                .await
                .expect("the hub did not re-check its connections")
                .expect("the server stopped");
        }
    }

    /// Shuts the server down gracefully and returns what `serve` returned.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = self.shutdown.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(15), &mut self.task)
            .await
            .expect("serve did not complete after shutdown")
            .expect("serve panicked")
    }
}

/// How long a test waits for something the server promises to do soon.
pub const WAIT: Duration = Duration::from_secs(10);

/// Waits until the server answers `/healthz` (it has finished starting).
async fn wait_until_serving(addr: SocketAddr) {
    let res = tokio::time::timeout(Duration::from_secs(15), super::http::get(addr, "/healthz"))
        .await
        .expect("the server did not start");
    assert!(res.status.is_success(), "healthz: {}", res.status);
}

/// The real `quorum-server` binary as a child process.
pub struct ChildServer {
    child: Option<Child>,
    pub addr: SocketAddr,
    /// The default editor's API token.
    pub token: String,
    _dist: TempDir,
}

impl ChildServer {
    /// Starts the binary on `data_dir` with `--port 0`; returns once it printed its address.
    pub fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[])
    }

    /// [`Self::start`] with more flags.
    pub fn start_with(data_dir: &Path, flags: &[&str]) -> Self {
        // The default person goes where the server keeps its accounts.
        let url = flags.iter().position(|f| *f == "--database-url").and_then(|i| flags.get(i + 1)).map(|u| u.parse().unwrap());
        let token = Accounts::open_for(data_dir, url.as_ref()).default_token();
        let dist = fake_dist();
        let mut child = Command::new(env!("CARGO_BIN_EXE_quorum-server"))
            .args(["--host", "127.0.0.1", "--port", "0", "--data-dir"])
            .arg(data_dir)
            .arg("--dist-dir")
            .arg(dist.path())
            .args(flags)
            .env_remove("QUORUM_DEMO")
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("TEST_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start quorum-server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read stdout");
        let addr = line
            .trim()
            .strip_prefix("quorum-server listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line on stdout: {line:?}"))
            .parse()
            .expect("a socket address");
        Self {
            child: Some(child),
            addr,
            token,
            _dist: dist,
        }
    }

    /// `/sync` with the default editor's token.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/sync?token={}", self.addr, self.token)
    }

    /// The server's process id (to read its memory in `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// `kill -9`, and wait until the process is gone.
    pub fn kill(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Sends SIGTERM and returns the exit status (fails the test after 15 s).
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        let pid = child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {pid} failed");
        let waited = tokio::time::timeout(
            Duration::from_secs(15),
            tokio::task::spawn_blocking(move || {
                let status = child.wait();
                (status, child)
            }),
        )
        .await;
        match waited {
            Ok(Ok((status, _))) => status.unwrap(),
            _ => {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                panic!("quorum-server did not exit within 15 s of SIGTERM");
            }
        }
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
