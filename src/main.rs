use anyhow::Context;
use clap::Parser;
use std::net::TcpListener;
use std::time::Duration;
use tiltak::cli::{CatalogArgs, Cli, Command, ImportArgs, LogFormat, ServeArgs};
use tiltak::config::Config;
use tiltak::db::import::{self, ImportError};

fn serve_config(args: &ServeArgs, bound: &str) -> anyhow::Result<Config> {
    let mut extra_graphs = Vec::new();
    for spec in &args.rdf_graph {
        let (iri, path) = spec.split_once('=').with_context(|| format!("--rdf-graph expects IRI=PATH, got '{spec}'"))?;
        extra_graphs.push((iri.to_string(), path.into()));
    }
    if !(args.sparql_timeout.is_finite() && args.sparql_timeout > 0.0) {
        anyhow::bail!("--sparql-timeout must be a positive number of seconds");
    }
    if !(args.sparql_queue_wait.is_finite() && args.sparql_queue_wait >= 0.0) {
        anyhow::bail!("--sparql-queue-wait must be zero or a positive number of seconds");
    }
    let cursor_secret = args.cursor_secret.clone().filter(|s| !s.is_empty());
    if cursor_secret.as_ref().is_some_and(|s| s.len() < 16) {
        anyhow::bail!("--cursor-secret (TILTAK_CURSOR_SECRET) must be at least 16 bytes");
    }
    Ok(Config {
        cursor_secret,
        base_url: Config::normalized_base(args.base_url.as_deref().unwrap_or(&format!("http://{bound}"))),
        db: args.db.clone(),
        fixtures: args.fixtures.clone(),
        demo: args.demo,
        sparql_timeout: Duration::from_secs_f64(args.sparql_timeout),
        sparql_max_concurrent: args.sparql_max_concurrent.max(1),
        sparql_queue_wait: Duration::from_secs_f64(args.sparql_queue_wait),
        extra_graphs,
        limits: args.limits.to_limits().map_err(anyhow::Error::msg)?,
        ..Config::default()
    })
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let listener = TcpListener::bind(&args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    let bound = listener.local_addr()?.to_string();
    let metrics_listener = match &args.metrics_bind {
        Some(addr) => Some(TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr} (--metrics-bind)"))?),
        None => None,
    };
    if !(args.drain_seconds.is_finite() && args.drain_seconds >= 0.0) {
        anyhow::bail!("--drain-seconds must be zero or a positive number of seconds");
    }
    let config = serve_config(&args, &bound)?;
    let base = config.base_url.clone();
    let state = tiltak::startup::build_state(config).map_err(|e| anyhow::anyhow!("{e}"))?;
    reload_on_hangup(state.clone());
    let server = tiltak::startup::run(listener, state.clone())?;
    let metrics_server = match metrics_listener {
        Some(l) => {
            let at = l.local_addr()?;
            let m = tiltak::startup::run_metrics(l, state.clone())?;
            tracing::info!("metrics at http://{at}/metrics");
            Some(m)
        }
        None => None,
    };
    tracing::info!(
        ready_ms = started.elapsed().as_millis() as u64,
        "listening on http://{bound} (base URL {base}); docs at {}",
        tiltak::uris::fixed(&base, "docs/")
    );
    drain_on_terminate(state, server.handle(), Duration::from_secs_f64(args.drain_seconds));
    match metrics_server {
        Some(m) => {
            let metrics_handle = m.handle();
            let metrics_task = actix_web::rt::spawn(m);
            server.await?;
            metrics_handle.stop(false).await;
            let _ = metrics_task.await;
        }
        None => server.await?,
    }
    Ok(())
}

/// SIGTERM / SIGINT: `/ready` answers 503 at once; after `drain` the server stops accepting and
/// finishes what is in flight (up to --shutdown-timeout). A second signal skips the rest of the wait.
fn drain_on_terminate(state: actix_web::web::Data<tiltak::state::AppState>, server: actix_web::dev::ServerHandle, drain: Duration) {
    actix_web::rt::spawn(async move {
        let mut signals = Signals::new();
        signals.next().await;
        state.draining.store(true, std::sync::atomic::Ordering::Release);
        // Logged from its own task: a write to a closed stderr must not stop the shutdown.
        let drain_ms = drain.as_millis() as u64;
        actix_web::rt::spawn(async move { tracing::info!(drain_ms, "terminating: not ready; draining") });
        tokio::select! {
            _ = tokio::time::sleep(drain) => {}
            _ = signals.next() => {}
        }
        server.stop(true).await;
    });
}

/// SIGTERM and SIGINT as one stream.
struct Signals {
    #[cfg(unix)]
    term: Option<actix_web::rt::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use actix_web::rt::signal::unix::{signal, SignalKind};
            Signals { term: signal(SignalKind::terminate()).ok() }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        if let Some(term) = self.term.as_mut() {
            tokio::select! {
                _ = term.recv() => {}
                _ = actix_web::rt::signal::ctrl_c() => {}
            }
            return;
        }
        let _ = actix_web::rt::signal::ctrl_c().await;
    }
}

/// `kill -HUP <pid>` rebuilds the snapshot (SQLite pool + RDF store) and swaps it in atomically;
/// on failure the old snapshot keeps serving.
#[cfg(unix)]
fn reload_on_hangup(state: actix_web::web::Data<tiltak::state::AppState>) {
    use actix_web::rt::signal::unix::{signal, SignalKind};
    actix_web::rt::spawn(async move {
        let Ok(mut hangups) = signal(SignalKind::hangup()) else { return };
        while hangups.recv().await.is_some() {
            let state = state.clone();
            match actix_web::web::block(move || state.reload()).await {
                Ok(Ok(version)) => tracing::info!(%version, "reloaded"),
                Ok(Err(e)) => tracing::error!("reload failed, still serving the previous data: {e}"),
                Err(e) => tracing::error!("reload failed: {e}"),
            }
        }
    });
}

#[cfg(not(unix))]
fn reload_on_hangup(_state: actix_web::web::Data<tiltak::state::AppState>) {}

/// `tiltak import [--check]`: every problem on standard error as `file:line: column: problem`.
fn run_import(args: &ImportArgs) -> anyhow::Result<()> {
    let what = args.dir.as_ref().map_or_else(|| "the shipped fixtures".to_string(), |d| d.display().to_string());
    let inputs = match &args.dir {
        Some(dir) => import::dir_inputs(dir),
        None => Ok(import::embedded_inputs()),
    };
    let outcome = inputs.and_then(|inputs| {
        if args.check {
            // Read-only: a check must not even create or migrate the database file.
            let conn = if args.db.exists() {
                rusqlite::Connection::open_with_flags(&args.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?
            } else {
                tiltak::db::open_memory()?.0
            };
            let summary = import::check(&conn, &inputs)?;
            Ok(format!("{what}: valid, nothing written: {}", import::format_counts(&summary.counts)))
        } else {
            // Built beside the file and renamed over it: kill -9 at any moment leaves the old database.
            let s = tiltak::db::atomic::import_replacing(&args.db, &inputs)?;
            Ok(format!("imported into {} (data version {}): {}", args.db.display(), s.version, import::format_counts(&s.counts)))
        }
    });
    match outcome {
        Ok(line) => {
            println!("{line}");
            Ok(())
        }
        Err(ImportError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            if args.check {
                anyhow::bail!("{} problem(s) found in {what}; nothing was written", problems.len())
            }
            anyhow::bail!("{} problem(s) found; nothing was written to {}", problems.len(), args.db.display())
        }
        Err(ImportError::Db(e)) => Err(e.into()),
    }
}

/// `tiltak catalog`: the catalogue graph built by the server's own code, serialised as /catalog does.
fn print_catalog(args: &CatalogArgs) -> anyhow::Result<()> {
    use tiltak::formats::{offers, Format};
    let rdf_offers = || offers::CATALOG.iter().filter(|o| o.format != Format::Html);
    let Some(offer) = rdf_offers().find(|o| o.name() == args.format) else {
        let allowed: Vec<&str> = rdf_offers().map(|o| o.name()).collect();
        anyhow::bail!("--format '{}' is not offered (allowed: {})", args.format, allowed.join(", "));
    };
    let config = Config {
        base_url: Config::normalized_base(&args.base_url),
        db: args.db.clone(),
        fixtures: args.fixtures.clone(),
        ..Config::default()
    };
    let snapshot = tiltak::state::Snapshot::build(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    // The catalogue graph of the snapshot as the server prepares it (with the measured byte sizes).
    snapshot.prepare(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let quads = tiltak::rdf::catalog::catalog_quads(&snapshot.store, &config.base_url)?;
    let bytes = tiltak::rdf::serialize::quads_to_bytes(quads, offer.format.rdf(), &config.base_url)?;
    use std::io::Write;
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

/// `tiltak probe URL`: one HTTP/1.0 GET over a plain socket (the image has no curl); Ok on 2xx.
fn probe(url: &str, timeout: f64) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").context("probe: only http:// URLs")?;
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
    let timeout = Duration::from_secs_f64(if timeout.is_finite() && timeout > 0.0 { timeout } else { 2.0 });
    let addr = std::net::ToSocketAddrs::to_socket_addrs(authority)?.next().context("probe: no address")?;
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\nUser-Agent: tiltak-probe\r\n\r\n")?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head)?;
    let status_line = String::from_utf8_lossy(&head[..n]);
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if status.starts_with('2') && status.len() == 3 {
        Ok(())
    } else {
        anyhow::bail!("{url}: HTTP {status}")
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // Colours only for a terminal: a log file or collector gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    // SPARQL workers are this program started again: they inherit the format through the
    // environment, so every line on the shared stderr has one shape (before any thread exists).
    if cli.log_format == LogFormat::Json {
        std::env::set_var("TILTAK_LOG_FORMAT", "json");
    }
    match cli.log_format {
        // One JSON object a line; the event's fields at the top level (request_id, route, status, ...).
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => logs.init(),
    }
    let result: anyhow::Result<()> = match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => actix_web::rt::System::new().block_on(serve(args)),
        Command::Import(args) => run_import(&args),
        Command::Catalog(args) => print_catalog(&args),
        Command::SparqlWorker(args) => tiltak::sparql::worker::main(args.memory_bytes).map_err(Into::into),
        Command::Probe { url, timeout } => probe(&url, timeout),
        Command::Synth(args) => (|| {
            let s = tiltak::synth::generate(&tiltak::synth::SynthOptions { seed: args.seed, scale: args.scale })?;
            std::fs::create_dir_all(&args.out)?;
            let path = args.out.join("measures.csv");
            std::fs::write(&path, s.csv)?;
            println!("wrote {} synthetic measures (marked synthetic) to {}", s.rows, path.display());
            Ok(())
        })(),
        Command::Openapi { out } => (|| {
            let json = tiltak::openapi::spec_json();
            match out {
                Some(path) => std::fs::write(&path, json + "\n")?,
                None => println!("{json}"),
            }
            Ok(())
        })(),
        Command::Schema => {
            print!("{}", tiltak::db::schema::generated_initial_schema());
            Ok(())
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
