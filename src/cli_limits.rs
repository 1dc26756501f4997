//! Command-line flags and environment variables for `limits::Limits` (flattened into `serve`).

use crate::limits::Limits;
use clap::{Args, FromArgMatches};
use std::time::Duration;

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
    /// Seconds an idle keep-alive connection stays open.
    #[arg(long, env = "TILTAK_KEEP_ALIVE", default_value_t = Limits::default().keep_alive.as_secs_f64())]
    pub keep_alive: f64,
    /// Concurrent connections per worker thread.
    #[arg(long, env = "TILTAK_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections)]
    pub max_connections: usize,
    /// Expensive requests (SPARQL queries, CSV, search, no-cache, dumps) per client address per second; 0 = no limit.
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
    /// Seconds in-flight requests get to finish on SIGTERM.
    #[arg(long, env = "TILTAK_SHUTDOWN_TIMEOUT", default_value_t = Limits::default().shutdown_timeout.as_secs())]
    pub shutdown_timeout: u64,
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
            keep_alive: l.keep_alive.as_secs_f64(),
            max_connections: l.max_connections,
            rate_limit: l.expensive_per_second,
            rate_burst: l.expensive_burst,
            shutdown_timeout: l.shutdown_timeout.as_secs(),
            sparql_max_query_bytes: l.sparql_max_query_bytes,
            sparql_max_result_bytes: l.sparql_max_result_bytes,
        }
    }

    /// The limits, with the admin token from `TILTAK_ADMIN_TOKEN` (environment only: never on a command line).
    pub fn to_limits(&self) -> Result<Limits, String> {
        Ok(Limits {
            max_url_bytes: self.max_url_bytes.max(256),
            max_header_bytes: self.max_header_bytes.max(1024),
            max_body_bytes: self.max_body_bytes.max(1024),
            client_request_timeout: seconds(self.client_request_timeout, "client-request-timeout")?,
            keep_alive: seconds(self.keep_alive, "keep-alive")?,
            max_connections: self.max_connections.max(1),
            expensive_per_second: self.rate_limit,
            expensive_burst: self.rate_burst,
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            sparql_max_query_bytes: self.sparql_max_query_bytes.max(1024),
            sparql_max_result_bytes: self.sparql_max_result_bytes.max(1024),
            admin_token: std::env::var("TILTAK_ADMIN_TOKEN").ok().filter(|t| !t.trim().is_empty()),
            ..Limits::default()
        })
    }
}
