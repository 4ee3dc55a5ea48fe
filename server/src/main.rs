use std::io::Write;

use anyhow::Context;
use quorum_server::{config, serve, shutdown_signal, telemetry};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = config::load();
    telemetry::init();
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .with_context(|| format!("binding {}:{}", config.host, config.port))?;
    let addr = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "quorum-server listening on http://{addr}")?;
        out.flush()?;
    }
    serve(config, listener, shutdown_signal()).await
}
