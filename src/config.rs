//! Server configuration (from the command line and environment; see `cli.rs`).

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// Public base URL for URIs and links, without a trailing slash.
    pub base_url: String,
    /// Database file; `None` = in memory, built from the fixtures.
    pub db: Option<PathBuf>,
    /// Fixture directory; `None` = the fixtures compiled into the binary.
    pub fixtures: Option<PathBuf>,
    /// Add the synthetic reconstruction of the 2018 measures (never in the default database).
    pub demo: bool,
    pub sparql_timeout: Duration,
    pub sparql_max_concurrent: usize,
    pub sparql_max_rows: usize,
    /// Extra RDF files loaded into named graphs: (graph IRI, file). For conformance tests.
    pub extra_graphs: Vec<(String, PathBuf)>,
    pub pool_size: u32,
    /// Memory budget of the answer cache (API pages, items, SPARQL results) in bytes.
    pub answer_cache_bytes: u64,
    /// Request sizes, timeouts, connections, rate limits, admin token (see `limits.rs`).
    pub limits: crate::limits::Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: "http://127.0.0.1:8080".into(),
            db: None,
            fixtures: None,
            demo: false,
            sparql_timeout: Duration::from_secs(10),
            sparql_max_concurrent: 4,
            sparql_max_rows: 100_000,
            extra_graphs: Vec::new(),
            pool_size: 8,
            answer_cache_bytes: 128 * 1024 * 1024,
            limits: crate::limits::Limits::default(),
        }
    }
}

impl Config {
    pub fn normalized_base(base: &str) -> String {
        base.trim_end_matches('/').to_string()
    }
}
