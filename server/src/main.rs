use std::io::Write;

use anyhow::Context;
use quorum_server::{cli, config, config::Command, serve, shutdown_signal, telemetry};
use tokio::net::TcpListener;

fn main() -> anyhow::Result<()> {
    let mut config = config::load();
    telemetry::init();
    match config.command.take() {
        None | Some(Command::Serve) => serve_forever(config),
        Some(command) => {
            let printed = cli::run(&config, command, &mut std::io::stdin().lock())?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{printed}")?;
            out.flush()?;
            Ok(())
        }
    }
}

fn serve_forever(config: config::Config) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.worker_threads(cores))
        .enable_all()
        .build()
        .context("starting the runtime")?
        .block_on(serve_until_shutdown(config))
}

async fn serve_until_shutdown(config: config::Config) -> anyhow::Result<()> {
    // Before the address is printed: from then on SIGTERM stops the server gracefully.
    let shutdown = shutdown_signal();
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .with_context(|| format!("binding {}:{}", config.host, config.port))?;
    let addr = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "quorum-server listening on http://{addr}")?;
        out.flush()?;
    }
    serve(config, listener, shutdown).await
}
