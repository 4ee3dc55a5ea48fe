//! Configuration from flags and environment (flags win), and the CLI's subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{
    auth::{Role, SessionPolicy},
    clock::Clock,
    http::{ConnectionLimits, PublicOrigin, DEFAULT_MAX_CONNECTIONS},
    storage::DatabaseUrl,
    sync::{Compactions, Rechecks},
};

/// quorum-server: serves the Quorum app and syncs its documents.
#[derive(Debug, Clone, Parser)]
#[command(name = "quorum-server", version, about)]
pub struct Config {
    /// Address or host name to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1", global = true)]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// Where the node's identity is stored, and everything else (documents, accounts,
    /// papers, feeds) unless `--database-url` is given (created if missing).
    #[arg(long, env = "DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Keep documents, accounts, sessions, API tokens, grants and owners, invitations,
    /// consultations, two-step records, sign-in limits, the audit log, papers and calendar
    /// feeds in this PostgreSQL database (`postgres://user@host:port/db`) instead of the
    /// SQLite file in the data directory, so several nodes share them: any node accepts any
    /// session, and access changes reach every node's sockets. Only the node's identity
    /// stays in its data directory; give every node the same `QUORUM_SECRETS_KEY`. Without
    /// it, SQLite keeps everything.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<DatabaseUrl>,
    /// The built app (Trunk's `dist/`).
    #[arg(long, env = "DIST_DIR", default_value = "./dist", global = true)]
    pub dist_dir: PathBuf,
    /// Seed demo partnerships and accounts into an empty store.
    #[arg(long, env = "QUORUM_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true", global = true)]
    pub demo: bool,
    /// The origin people use to reach the server, like `https://quorum.example.org`.
    /// Over https, cookies are `Secure` and `__Host-` prefixed. Requests and websockets
    /// must come from it (without it: from the request's own `Host`). Printed links use it.
    #[arg(long, env = "QUORUM_PUBLIC_ORIGIN", global = true)]
    pub public_origin: Option<PublicOrigin>,
    /// The address of a reverse proxy in front of the server (repeat, or separate with
    /// commas, for several). Only requests from it have their client address taken from
    /// `X-Forwarded-For` (for sign-in limits); from anyone else the header is ignored.
    #[arg(long = "trusted-proxy", env = "QUORUM_TRUSTED_PROXY", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The key that seals two-step (TOTP) secrets at rest: 64 hexadecimal digits. Give
    /// several nodes on one database the same key; prefer the environment variable to the
    /// flag (flags show in process lists). Without it, `--secrets-key-file` is read.
    #[arg(long, env = "QUORUM_SECRETS_KEY", hide_env_values = true, global = true)]
    pub secrets_key: Option<String>,
    /// A token that opens `/metrics` (the sync hub's counters in the Prometheus text
    /// format) to `Authorization: Bearer <token>`; without it there is no metrics page.
    #[arg(long, env = "QUORUM_METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<String>,
    /// A file holding the secrets key (64 hexadecimal digits). Without it (and without
    /// `QUORUM_SECRETS_KEY`), `secrets.key` in the data directory is used, created with
    /// mode 0600 on the first start.
    #[arg(long, env = "QUORUM_SECRETS_KEY_FILE", global = true)]
    pub secrets_key_file: Option<PathBuf>,
    /// The most `/sync` websockets one account (a person, or an API token's account) may
    /// have open at once; one more is refused with an `error` message saying so. A browser
    /// opens one per profile (its tabs share it), so the default leaves room for many
    /// devices; raise it for load tests that connect many clients with one token.
    #[arg(long, env = "QUORUM_MAX_CONNECTIONS_PER_ACCOUNT", default_value_t = DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT, global = true)]
    pub max_connections_per_account: usize,
    /// The most connections open at once (websockets included). One more waits a second
    /// for a place, then is closed; keep it below the process's open-file limit.
    #[arg(long, env = "QUORUM_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS, global = true)]
    pub max_connections: usize,
    /// Threads for sockets and HTTP requests. Without it, one fewer than the machine's
    /// cores (at least one): the sync hub has a thread of its own, and a socket task woken
    /// by the hub costs the most when it has to wake another idle worker thread for it.
    #[arg(long, env = "QUORUM_WORKER_THREADS", global = true)]
    pub worker_threads: Option<std::num::NonZeroUsize>,
    /// Header and request timeouts, and how long a connection over the cap waits (not
    /// flags: tests shorten them). Its `max_open` is replaced by `max_connections`.
    #[arg(skip)]
    pub connection_limits: ConnectionLimits,
    /// The most bytes waiting to be written to one websocket before it is closed (not a
    /// flag: tests shrink it).
    #[arg(skip = crate::sync::MAX_QUEUED_BYTES)]
    pub max_queued_bytes: usize,
    /// How long a document nobody is syncing stays in memory (one to two of these; not a
    /// flag: tests shorten it).
    #[arg(skip = crate::sync::DEFAULT_EVICT_IDLE_AFTER)]
    pub evict_idle_after: std::time::Duration,
    /// Session lifetimes (not a flag: tests shorten them).
    #[arg(skip)]
    pub sessions: SessionPolicy,
    /// The clock of sessions, links, invitations and sign-in limits (not a flag: tests
    /// pass a manual one).
    #[arg(skip)]
    pub clock: Clock,
    /// Counts the sync hub's re-checks of open connections (not a flag: tests wait on it).
    #[arg(skip)]
    pub rechecks: Rechecks,
    /// Counts the background compactions, and lets tests hold one (not a flag).
    #[arg(skip)]
    pub compactions: Compactions,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do (serving when none is given).
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the app and `/sync` (the default).
    Serve,
    /// Manage partnerships.
    #[command(subcommand)]
    Partnership(PartnershipCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for non-browser clients.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage operators: accounts that may start partnerships from the app.
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Bring the database (the SQLite file, or PostgreSQL with --database-url) to this
    /// version's schema and say where it stands; a server does the same at start.
    Migrate,
    /// Write the whole deployment (the SQLite file, or PostgreSQL with --database-url) to
    /// one archive file, to move it to the other engine with `import`.
    ///
    /// Carries every
    /// account, session, API token, membership, owner and grant, invitation, password
    /// link, attribution, audit entry, operator, consultation, two-step record, paper and
    /// calendar feed, and every document's stored chunks by key. Deliberately not carried
    /// (per node or transient): the schema version (each engine has its own migrations),
    /// the node's identity, the access counter and recent sign-in attempts. The secrets key
    /// is not in the database: give the new nodes the same QUORUM_SECRETS_KEY (or
    /// secrets.key). Stop every node first.
    Export {
        /// The archive to write (refused if it exists; written as `<file>.partial` and
        /// renamed once whole).
        #[arg(long)]
        to: PathBuf,
    },
    /// Read an archive written by `export` into the database (the SQLite file, or
    /// PostgreSQL with --database-url), which must be empty.
    ///
    /// The database must be freshly made by `migrate`, with nothing in it. The whole file is checked first (format version, checksum, counts), so a truncated
    /// or damaged archive writes nothing. Tables go in one transaction, then documents in
    /// batches; if it fails part way, drop the database (or remove the SQLite file) and
    /// run it again.
    Import {
        /// The archive to read.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum OperatorCommand {
    /// Make an existing account an operator.
    Grant {
        #[arg(long)]
        email: String,
    },
    /// Take the operator role away from an account.
    Revoke {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum PartnershipCommand {
    /// Create a partnership (and its document); prints its id.
    Add {
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create an account (or give an existing one a role) in a partnership.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The partnership's id or exact name (optional with `--operator`).
        #[arg(long, required_unless_present = "operator", requires = "role")]
        partnership: Option<String>,
        #[arg(long, required_unless_present = "operator", requires = "partnership")]
        role: Option<Role>,
        /// Make the account an operator (may start partnerships from the app).
        #[arg(long)]
        operator: bool,
        /// Read the password from the first line of stdin (else print a one-time
        /// set-password link).
        #[arg(long)]
        password_stdin: bool,
        /// The person's current code from their authenticator app (or a recovery code):
        /// needed to set the password of an existing account that uses two-step
        /// verification.
        #[arg(long)]
        code: Option<String>,
    },
    /// Turn off an account's two-step verification (a lost phone and no recovery codes left):
    /// its secret and recovery codes are deleted and every session ends; the person sets it
    /// up again after signing in with their password.
    ResetTwoStep {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create an API token acting for the account in one partnership; prints it (once).
    Create {
        #[arg(long)]
        email: String,
        /// The partnership's id or exact name.
        #[arg(long)]
        partnership: String,
        /// How many days it works (1–365; 90 when not given).
        #[arg(long)]
        days: Option<u32>,
        /// The person's current code from their authenticator app (or a recovery code):
        /// needed when the account uses two-step verification.
        #[arg(long)]
        code: Option<String>,
    },
    /// List every token: id, account, partnership, created, expires (never the secret).
    List,
    /// Revoke a token by the id `token list` shows: its open connections close within a
    /// second.
    Revoke {
        #[arg(long)]
        id: String,
    },
}

/// The default of [`Config::max_connections_per_account`].
pub const DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT: usize = 64;

/// Reads the configuration from the command line and environment (exits on errors).
pub fn load() -> Config {
    Config::parse()
}

impl Config {
    /// A configuration for tests and tools: loopback, ephemeral port, no demo data.
    pub fn new(data_dir: impl Into<PathBuf>, dist_dir: impl Into<PathBuf>) -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 0,
            data_dir: data_dir.into(),
            database_url: None,
            dist_dir: dist_dir.into(),
            demo: false,
            public_origin: None,
            trusted_proxies: Vec::new(),
            secrets_key: None,
            secrets_key_file: None,
            metrics_token: None,
            max_connections_per_account: DEFAULT_MAX_CONNECTIONS_PER_ACCOUNT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            worker_threads: None,
            connection_limits: ConnectionLimits::default(),
            max_queued_bytes: crate::sync::MAX_QUEUED_BYTES,
            evict_idle_after: crate::sync::DEFAULT_EVICT_IDLE_AFTER,
            sessions: SessionPolicy::default(),
            clock: Clock::system(),
            rechecks: Rechecks::default(),
            compactions: Compactions::default(),
            command: None,
        }
    }

    /// How many worker threads the server's runtime gets: `--worker-threads`, else one
    /// fewer than `cores` (at least one).
    pub fn worker_threads(&self, cores: std::num::NonZeroUsize) -> usize {
        self.worker_threads.map_or(cores.get().saturating_sub(1).max(1), std::num::NonZeroUsize::get)
    }

    /// Where people reach the server: the public origin, else `http://HOST:PORT`.
    pub fn origin_for_links(&self) -> String {
        match &self.public_origin {
            Some(o) => o.to_string(),
            None => format!("http://{}:{}", self.host, self.port),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_with_defaults() {
        let c = Config::try_parse_from(["quorum-server", "--port", "0", "--demo"]).unwrap();
        assert_eq!(c.port, 0);
        assert!(c.demo);
        assert!(c.command.is_none());
        let c = Config::try_parse_from(["quorum-server", "--data-dir", "/tmp/q"]).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/tmp/q"));
    }

    #[test]
    fn worker_threads_leave_a_core_to_the_hub_unless_told() {
        let cores = |n| std::num::NonZeroUsize::new(n).unwrap();
        let c = Config::try_parse_from(["quorum-server"]).unwrap();
        assert_eq!(c.worker_threads(cores(1)), 1);
        assert_eq!(c.worker_threads(cores(2)), 1);
        assert_eq!(c.worker_threads(cores(8)), 7);
        let c = Config::try_parse_from(["quorum-server", "--worker-threads", "4"]).unwrap();
        assert_eq!(c.worker_threads(cores(2)), 4);
        assert!(Config::try_parse_from(["quorum-server", "--worker-threads", "0"]).is_err());
    }

    #[test]
    fn a_database_url_must_be_postgres() {
        let c = Config::try_parse_from(["quorum-server", "--database-url", "postgres://q@127.0.0.1:5432/q"]).unwrap();
        assert_eq!(c.database_url.unwrap().as_str(), "postgres://q@127.0.0.1:5432/q");
        let refused = Config::try_parse_from(["quorum-server", "--database-url", "mysql://q@db/q"]).unwrap_err();
        assert!(refused.to_string().contains("postgres://"), "{refused}");
    }

    #[test]
    fn subcommands_take_the_data_dir_anywhere() {
        let c = Config::try_parse_from([
            "quorum-server", "user", "add", "--email", "a@example.org", "--name", "A",
            "--partnership", "P", "--role", "editor", "--password-stdin", "--data-dir", "/tmp/q",
        ])
        .unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/tmp/q"));
        assert!(matches!(
            c.command,
            Some(Command::User(UserCommand::Add { role: Some(Role::Editor), password_stdin: true, operator: false, .. }))
        ));
        assert!(Config::try_parse_from(["quorum-server", "serve"]).is_ok());
        let c = Config::try_parse_from(["quorum-server", "user", "add", "--email", "o@example.org", "--name", "O", "--operator"]).unwrap();
        assert!(matches!(c.command, Some(Command::User(UserCommand::Add { operator: true, partnership: None, .. }))));
        assert!(Config::try_parse_from(["quorum-server", "user", "add", "--email", "o@example.org", "--name", "O"]).is_err());
        assert!(Config::try_parse_from(["quorum-server", "operator", "revoke", "--email", "o@example.org"]).is_ok());
        assert!(Config::try_parse_from(["quorum-server", "--public-origin", "https://q.example.org/path"]).is_err());
        let c = Config::try_parse_from(["quorum-server", "export", "--to", "/tmp/q.export", "--database-url", "postgres://q@db/q"]).unwrap();
        assert!(matches!(c.command, Some(Command::Export { to }) if to == PathBuf::from("/tmp/q.export")));
        assert!(c.database_url.is_some());
        assert!(matches!(Config::try_parse_from(["quorum-server", "import", "--from", "a"]).unwrap().command, Some(Command::Import { .. })));
        assert!(Config::try_parse_from(["quorum-server", "import"]).is_err(), "--from is required");
    }
}
