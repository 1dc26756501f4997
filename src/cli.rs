//! Command line (clap). `tiltak` with no command serves.

use crate::config::Limits;
use clap::{Args, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "tiltak", version, about = "Open data on Norwegian public-sector digitalisation: JSON API, SPARQL endpoint and DCAT-AP-NO catalogue over one SQLite store of record.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log lines as text (for a terminal) or as JSON objects, one a line (for a log collector).
    #[arg(long, global = true, env = "TILTAK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the JSON API, SPARQL endpoint, linked data and catalogue (the default command).
    Serve(ServeArgs),
    /// Validate fixture files and import them into a database (all-or-nothing).
    Import(ImportArgs),
    /// Write a deterministic synthetic reconstruction of the 2018 row-level measures (import format).
    Synth(SynthArgs),
    /// Print the OpenAPI document (or write it to a file).
    Openapi {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the SQL schema generated from the entity specs.
    Schema,
    /// Print the DCAT-AP-NO catalogue exactly as the server serves it at /catalog.
    Catalog(CatalogArgs),
    /// Health check for container images without a shell or curl: GET a local URL (plain HTTP),
    /// exit 0 on a 2xx answer within the timeout, 1 otherwise.
    Probe {
        /// URL to ask, e.g. http://127.0.0.1:8080/ready.
        #[arg(default_value = "http://127.0.0.1:8080/ready")]
        url: String,
        /// Seconds to wait for the answer.
        #[arg(long, default_value_t = 2.0)]
        timeout: f64,
    },
    /// A SPARQL query worker, started by the server itself (pipes on standard input and output).
    #[command(hide = true)]
    SparqlWorker(WorkerArgs),
}

#[derive(Args, Debug)]
pub struct WorkerArgs {
    /// Cap on this process's writable memory in bytes (0 = none).
    #[arg(long, default_value_t = 0)]
    pub memory_bytes: u64,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TILTAK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// SQLite database file (created and filled from the fixtures if empty). Default: in memory.
    #[arg(long, env = "TILTAK_DB")]
    pub db: Option<PathBuf>,
    /// Public base URL for URIs and links (default: http://<bind>).
    #[arg(long, env = "TILTAK_BASE_URL")]
    pub base_url: Option<String>,
    /// Directory of fixture CSV files (default: the fixtures built into the binary).
    #[arg(long, env = "TILTAK_FIXTURES")]
    pub fixtures: Option<PathBuf>,
    /// Also load the synthetic 2018 measures (labelled synthetic; in-memory database only).
    #[arg(long)]
    pub demo: bool,
    /// Secret that signs paging cursors (at least 16 bytes); give every replica the same one so a
    /// cursor from one pages on another. Prefer the environment variable. Default: random per process.
    #[arg(long, env = "TILTAK_CURSOR_SECRET", hide_env_values = true)]
    pub cursor_secret: Option<String>,
    /// Time limit of one SPARQL query, in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub sparql_timeout: f64,
    /// SPARQL queries run at once; more get 503 with Retry-After.
    #[arg(long, default_value_t = 4)]
    pub sparql_max_concurrent: usize,
    /// Seconds a SPARQL query waits for a free slot before it gets 503 (0 = refuse at once).
    #[arg(long, default_value_t = 2.0)]
    pub sparql_queue_wait: f64,
    /// Load an extra RDF file (N-Triples/Turtle/RDF-XML by extension) into a named graph: IRI=PATH.
    /// Meant for conformance tests; repeatable.
    #[arg(long = "rdf-graph", value_name = "IRI=PATH")]
    pub rdf_graph: Vec<String>,
    /// Serve Prometheus metrics at /metrics on this address (e.g. 0.0.0.0:9100 inside a pod); not on
    /// the public address. Default: no metrics server.
    #[arg(long, env = "TILTAK_METRICS_BIND")]
    pub metrics_bind: Option<String>,
    /// On SIGTERM, seconds to keep serving with /ready answering 503 (so load balancers stop
    /// sending requests) before the server stops accepting and drains what is in flight.
    #[arg(long, env = "TILTAK_DRAIN_SECONDS", default_value_t = 0.0)]
    pub drain_seconds: f64,
    /// Request limits, timeouts, connections, rate limits (issue 14).
    #[command(flatten)]
    pub limits: LimitArgs,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: std::env::var("TILTAK_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            db: std::env::var_os("TILTAK_DB").map(PathBuf::from),
            base_url: std::env::var("TILTAK_BASE_URL").ok(),
            fixtures: std::env::var_os("TILTAK_FIXTURES").map(PathBuf::from),
            demo: false,
            cursor_secret: std::env::var("TILTAK_CURSOR_SECRET").ok(),
            sparql_timeout: 10.0,
            sparql_max_concurrent: 4,
            sparql_queue_wait: 2.0,
            rdf_graph: Vec::new(),
            metrics_bind: std::env::var("TILTAK_METRICS_BIND").ok(),
            drain_seconds: std::env::var("TILTAK_DRAIN_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0.0),
            limits: LimitArgs::default(),
        }
    }
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Database file to import into (created and migrated if needed).
    #[arg(long, env = "TILTAK_DB", default_value = "tiltak.db")]
    pub db: PathBuf,
    /// Directory with fixture CSV files; files present replace their tables. Default: the shipped fixtures.
    pub dir: Option<PathBuf>,
    /// Only validate (every problem as `file:line: column: problem`); write nothing. References to
    /// entities without a file resolve against the --db database if it exists, else they must be in DIR.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Public base URL the catalogue's IRIs are built from.
    #[arg(long, env = "TILTAK_BASE_URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
    /// RDF syntax: ttl, rdf (RDF/XML), jsonld or nt (the formats /catalog offers).
    #[arg(long, default_value = "ttl")]
    pub format: String,
    /// SQLite database file, as for `serve` (the catalogue's dates and quality notes come from the data).
    #[arg(long, env = "TILTAK_DB")]
    pub db: Option<PathBuf>,
    /// Directory of fixture CSV files, as for `serve`. Default: the fixtures built into the binary.
    #[arg(long, env = "TILTAK_FIXTURES")]
    pub fixtures: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Random seed (same seed, same rows).
    #[arg(long, default_value_t = 2018)]
    pub seed: u64,
    /// Multiply every published count (412 rows at scale 1).
    #[arg(long, default_value_t = 1)]
    pub scale: usize,
    /// Output directory (measures.csv is written there).
    #[arg(long, default_value = "synth")]
    pub out: PathBuf,
}

/// Flags and environment variables for `config::Limits` (flattened into `serve`).
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Longest request target (path + query) in bytes; longer gets 414.
    #[arg(long, env = "TILTAK_MAX_URL_BYTES", default_value_t = Limits::default().max_url_bytes)]
    pub max_url_bytes: usize,
    /// Largest total size of the request headers in bytes; more gets 431.
    #[arg(long, env = "TILTAK_MAX_HEADER_BYTES", default_value_t = Limits::default().max_header_bytes)]
    pub max_header_bytes: usize,
    /// Largest request body in bytes; more gets 413.
    #[arg(long, env = "TILTAK_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
    pub max_body_bytes: usize,
    /// Seconds a client has to send its request head (slow clients get 408).
    #[arg(long, env = "TILTAK_CLIENT_REQUEST_TIMEOUT", default_value_t = Limits::default().client_request_timeout.as_secs_f64())]
    pub client_request_timeout: f64,
    /// Longest pause, in seconds, between two pieces of a request body (slower uploads get 408).
    #[arg(long, env = "TILTAK_BODY_TIMEOUT", default_value_t = Limits::default().body_idle_timeout.as_secs_f64())]
    pub body_timeout: f64,
    /// Seconds a client has to send a whole request body, however steadily (408 beyond).
    #[arg(long, env = "TILTAK_REQUEST_DEADLINE", default_value_t = Limits::default().request_deadline.as_secs_f64())]
    pub request_deadline: f64,
    /// Seconds an idle keep-alive connection stays open.
    #[arg(long, env = "TILTAK_KEEP_ALIVE", default_value_t = Limits::default().keep_alive.as_secs_f64())]
    pub keep_alive: f64,
    /// Concurrent connections per worker thread.
    #[arg(long, env = "TILTAK_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections)]
    pub max_connections: usize,
    /// Expensive requests (by cost class: SPARQL queries, exports, search, dumps, page renders, no-cache) per client address per second; 0 = no limit.
    #[arg(long, env = "TILTAK_RATE_LIMIT", default_value_t = Limits::default().expensive_per_second)]
    pub rate_limit: u32,
    /// Burst of expensive requests allowed before the rate applies.
    #[arg(long, env = "TILTAK_RATE_BURST", default_value_t = Limits::default().expensive_burst)]
    pub rate_burst: u32,
    /// Longest SPARQL query text in bytes.
    #[arg(long, env = "TILTAK_SPARQL_MAX_QUERY_BYTES", default_value_t = Limits::default().sparql_max_query_bytes)]
    pub sparql_max_query_bytes: usize,
    /// Largest serialised SPARQL result in bytes.
    #[arg(long, env = "TILTAK_SPARQL_MAX_RESULT_BYTES", default_value_t = Limits::default().sparql_max_result_bytes)]
    pub sparql_max_result_bytes: usize,
    /// SPARQL queries one client address may run at once; more wait briefly, then get 429.
    #[arg(long, env = "TILTAK_SPARQL_PER_CLIENT", default_value_t = Limits::default().sparql_per_client)]
    pub sparql_per_client: usize,
    /// Memory one SPARQL query may use in its worker process, in MiB, on top of the worker's copy of
    /// the data (0 = no cap); a query that needs more gets 400.
    #[arg(long, env = "TILTAK_SPARQL_WORKER_MEMORY_MIB", default_value_t = Limits::default().sparql_worker_memory_bytes / MIB)]
    pub sparql_worker_memory_mib: u64,
    /// Seconds in-flight requests get to finish on SIGTERM.
    #[arg(long, env = "TILTAK_SHUTDOWN_TIMEOUT", default_value_t = Limits::default().shutdown_timeout.as_secs())]
    pub shutdown_timeout: u64,
    /// Proxies in front of tiltak (addresses or blocks, comma-separated, e.g. `10.0.0.0/8,127.0.0.1`):
    /// from these, the client is the right-most address in X-Forwarded-For that is not itself a
    /// trusted proxy; from any other peer, X-Forwarded-For is ignored. Default: trust nobody.
    #[arg(long, env = "TILTAK_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
}

impl Default for LimitArgs {
    /// The defaults, with environment variables applied (for `tiltak` run without a command).
    fn default() -> Self {
        let cmd = <LimitArgs as Args>::augment_args(clap::Command::new("tiltak"));
        cmd.try_get_matches_from(["tiltak"])
            .ok()
            .and_then(|m| LimitArgs::from_arg_matches(&m).ok())
            .unwrap_or_else(|| LimitArgs::from_limits(&Limits::default()))
    }
}

const MIB: u64 = 1024 * 1024;

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    if value.is_finite() && value > 0.0 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(format!("--{flag} must be a positive number of seconds"))
    }
}

impl LimitArgs {
    fn from_limits(l: &Limits) -> Self {
        LimitArgs {
            max_url_bytes: l.max_url_bytes,
            max_header_bytes: l.max_header_bytes,
            max_body_bytes: l.max_body_bytes,
            client_request_timeout: l.client_request_timeout.as_secs_f64(),
            body_timeout: l.body_idle_timeout.as_secs_f64(),
            request_deadline: l.request_deadline.as_secs_f64(),
            keep_alive: l.keep_alive.as_secs_f64(),
            max_connections: l.max_connections,
            rate_limit: l.expensive_per_second,
            rate_burst: l.expensive_burst,
            shutdown_timeout: l.shutdown_timeout.as_secs(),
            sparql_max_query_bytes: l.sparql_max_query_bytes,
            sparql_max_result_bytes: l.sparql_max_result_bytes,
            sparql_per_client: l.sparql_per_client,
            sparql_worker_memory_mib: l.sparql_worker_memory_bytes / MIB,
            trusted_proxies: l.trusted_proxies.iter().map(ToString::to_string).collect(),
        }
    }

    /// The limits, with the admin token from `TILTAK_ADMIN_TOKEN` (environment only: never on a command line).
    pub fn to_limits(&self) -> Result<Limits, String> {
        Ok(Limits {
            max_url_bytes: self.max_url_bytes.max(256),
            max_header_bytes: self.max_header_bytes.max(1024),
            max_body_bytes: self.max_body_bytes.max(1024),
            client_request_timeout: seconds(self.client_request_timeout, "client-request-timeout")?,
            body_idle_timeout: seconds(self.body_timeout, "body-timeout")?,
            request_deadline: seconds(self.request_deadline, "request-deadline")?,
            keep_alive: seconds(self.keep_alive, "keep-alive")?,
            max_connections: self.max_connections.max(1),
            expensive_per_second: self.rate_limit,
            expensive_burst: self.rate_burst,
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            sparql_max_query_bytes: self.sparql_max_query_bytes.max(1024),
            sparql_max_result_bytes: self.sparql_max_result_bytes.max(1024),
            sparql_per_client: self.sparql_per_client.max(1),
            sparql_worker_memory_bytes: self.sparql_worker_memory_mib.saturating_mul(MIB),
            admin_token: std::env::var("TILTAK_ADMIN_TOKEN").ok().filter(|t| !t.trim().is_empty()),
            trusted_proxies: self
                .trusted_proxies
                .iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| p.parse().map_err(|e| format!("--trusted-proxies: {e}")))
                .collect::<Result<_, _>>()?,
            ..Limits::default()
        })
    }
}
