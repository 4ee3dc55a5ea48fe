//! Servers for tests: in-process through `quorum_server::serve` on a `127.0.0.1:0` listener,
//! or the real binary as a child process. Each has a default API token (an editor of
//! [`DEFAULT_PARTNERSHIP`](super::accounts::DEFAULT_PARTNERSHIP)) that [`TestServer::ws_url`]
//! carries, and [`TestServer::accounts`] adds more people to its data directory.

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::LazyLock,
    time::Duration,
};

use quorum_server::Config;
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use super::accounts::Accounts;

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

/// A server running inside the test's runtime.
pub struct TestServer {
    pub addr: SocketAddr,
    pub dist: TempDir,
    pub data_dir: PathBuf,
    /// The default editor's API token.
    pub token: String,
    _data: Option<TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
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

    async fn spawn_inner(data_dir: &Path, demo: bool, adjust: impl FnOnce(&mut Config)) -> Self {
        LazyLock::force(&TRACING);
        // Demo data is seeded only into an empty store: add the default person after.
        let token = (!demo).then(|| Accounts::open(data_dir).default_token());
        let dist = fake_dist();
        let mut config = Config::new(data_dir, dist.path());
        config.demo = demo;
        adjust(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(quorum_server::serve(config, listener, async move {
            let _ = rx.await;
        }));
        let token = match token {
            Some(t) => t,
            None => {
                wait_until_serving(addr).await;
                Accounts::open(data_dir).default_token()
            }
        };
        Self {
            addr,
            dist,
            data_dir: data_dir.to_owned(),
            token,
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

    /// The server's accounts tables (a separate connection to its database).
    pub fn accounts(&self) -> Accounts {
        Accounts::open(&self.data_dir)
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
        let token = Accounts::open(data_dir).default_token();
        let dist = fake_dist();
        let mut child = Command::new(env!("CARGO_BIN_EXE_quorum-server"))
            .args(["--host", "127.0.0.1", "--port", "0", "--data-dir"])
            .arg(data_dir)
            .arg("--dist-dir")
            .arg(dist.path())
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
