//! Limits that protect a public endpoint: request sizes, slow clients, connections, per-client
//! rate of expensive requests, and the admin token. Plain values (no actix): the CLI fills them,
//! `http::guard` and `startup` enforce them. Defaults are documented in README.md ("Limits").

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest request target (path + query) in bytes; longer gets 414.
    pub max_url_bytes: usize,
    /// Largest total of request header names and values in bytes; more gets 431.
    /// (actix itself closes connections whose request head exceeds 128 KiB.)
    pub max_header_bytes: usize,
    /// Largest request body in bytes (SPARQL POST); more gets 413.
    pub max_body_bytes: usize,
    /// Time a client has to send the whole request head; slower clients get 408 and are dropped.
    pub client_request_timeout: Duration,
    /// Time a client has to acknowledge the connection shutdown.
    pub client_disconnect_timeout: Duration,
    /// Idle keep-alive connections are closed after this long.
    pub keep_alive: Duration,
    /// Concurrent connections per worker thread; more wait in the accept backlog.
    pub max_connections: usize,
    /// Expensive requests (SPARQL queries, CSV exports, full-text search, `Cache-Control: no-cache`,
    /// dumps) allowed per client address per second, sustained. 0 turns rate limiting off.
    pub expensive_per_second: u32,
    /// Burst of expensive requests a client may make before the sustained rate applies.
    pub expensive_burst: u32,
    /// In-flight requests get this long to finish on SIGTERM before the server stops.
    pub shutdown_timeout: Duration,
    /// Longest SPARQL query text in bytes (400 beyond).
    pub sparql_max_query_bytes: usize,
    /// Deepest bracket nesting in a SPARQL query (400 beyond): the parser recurses per level.
    pub sparql_max_depth: usize,
    /// Largest serialised SPARQL result in bytes (400 beyond), next to the row cap.
    pub sparql_max_result_bytes: usize,
    /// Bearer token for `POST /admin/reload`; `None` = the admin route is off (404).
    pub admin_token: Option<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_url_bytes: 8 * 1024,
            max_header_bytes: 32 * 1024,
            max_body_bytes: 1024 * 1024,
            client_request_timeout: Duration::from_secs(5),
            client_disconnect_timeout: Duration::from_secs(2),
            keep_alive: Duration::from_secs(15),
            max_connections: 4096,
            expensive_per_second: 20,
            expensive_burst: 200,
            shutdown_timeout: Duration::from_secs(30),
            sparql_max_query_bytes: 100 * 1024,
            sparql_max_depth: 64,
            sparql_max_result_bytes: 64 * 1024 * 1024,
            admin_token: None,
        }
    }
}
