//! Configuration from flags and environment (flags win).

use std::path::PathBuf;

use clap::Parser;

/// quorum-server: serves the Quorum app and syncs its documents.
#[derive(Debug, Clone, Parser)]
#[command(name = "quorum-server", version, about)]
pub struct Config {
    /// Address or host name to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Where documents are stored (created if missing).
    #[arg(long, env = "DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The built app (Trunk's `dist/`).
    #[arg(long, env = "DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// Seed demo partnerships into an empty store.
    #[arg(long, env = "QUORUM_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true")]
    pub demo: bool,
    /// Session lifetimes (not a flag: tests shorten them).
    #[arg(skip)]
    pub sessions: crate::auth::SessionPolicy,
}

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
            dist_dir: dist_dir.into(),
            demo: false,
            sessions: crate::auth::SessionPolicy::default(),
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
        let c = Config::try_parse_from(["quorum-server", "--data-dir", "/tmp/q"]).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/tmp/q"));
    }
}
