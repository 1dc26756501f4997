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
    /// How long a query waits for a free slot before it gets 503 (a burst after a reload queues
    /// briefly instead of failing; waiting requests then find the first one's answer in the cache).
    pub sparql_queue_wait: Duration,
    pub sparql_max_rows: usize,
    /// The executable started as `<exe> sparql-worker` for query workers; `None` = this program
    /// (tests point it at the built `tiltak`, since their own executable is the test harness).
    pub sparql_worker_exe: Option<PathBuf>,
    /// SPARQL workers started with each snapshot before any query; `None` = one per slot. (The
    /// test servers start one: most tests never query.)
    pub sparql_workers_at_start: Option<usize>,
    /// Extra RDF files loaded into named graphs: (graph IRI, file). For conformance tests.
    pub extra_graphs: Vec<(String, PathBuf)>,
    pub pool_size: u32,
    /// Memory budget of the answer cache (API pages, items, SPARQL results) in bytes.
    pub answer_cache_bytes: u64,
    /// Request sizes, timeouts, connections, rate limits, admin token.
    pub limits: Limits,
    /// Secret that signs paging cursors (`TILTAK_CURSOR_SECRET`); replicas that share it accept
    /// each other's cursors. `None`: a random secret per process (`state::AppState`).
    pub cursor_secret: Option<String>,
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
            sparql_queue_wait: Duration::from_secs(2),
            sparql_max_rows: 100_000,
            sparql_worker_exe: None,
            sparql_workers_at_start: None,
            extra_graphs: Vec::new(),
            pool_size: 8,
            answer_cache_bytes: 128 * 1024 * 1024,
            limits: Limits::default(),
            cursor_secret: None,
        }
    }
}

impl Config {
    pub fn normalized_base(base: &str) -> String {
        base.trim_end_matches('/').to_string()
    }
}

/// Limits that protect a public endpoint: request sizes, slow clients, connections, per-client
/// rate of expensive requests, and the admin token. The CLI fills them; `http::front_door`, `http::head_guard`,
/// `startup` and the SPARQL handler enforce them. Defaults are documented in README.md ("Limits").
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
    /// Longest pause between two pieces of a request body; a slower upload gets 408 and is dropped.
    pub body_idle_timeout: Duration,
    /// Time a client has to send the whole request body, however steadily it trickles (408 beyond).
    pub request_deadline: Duration,
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
    /// SPARQL evaluations one client address may run at once (of `sparql_max_concurrent`); more
    /// wait up to the queue wait, then get 429.
    pub sparql_per_client: usize,
    /// Memory one SPARQL query may use in its worker process, in bytes, on top of the worker's copy
    /// of the data (heap and stacks; the worker caps itself after loading); a query that needs more
    /// ends with 400. 0 = no cap. With the shipped data, four workers at their caps plus the server
    /// stay under 1 GiB.
    pub sparql_worker_memory_bytes: u64,
    /// Bearer token for `POST /admin/reload`; `None` = the admin resource does not exist (404).
    pub admin_token: Option<String>,
    /// Proxies whose `X-Forwarded-For` is believed (`http::front_door::client_ip`); empty = the
    /// peer address is the client, whatever it sends.
    pub trusted_proxies: Vec<Cidr>,
}

/// An address block (`10.0.0.0/8`, `2001:db8::/32`; a bare address is a block of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: std::net::IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` is in the block (an IPv4-mapped IPv6 address counts as its IPv4 address).
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Cidr {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (addr, prefix) = text.split_once('/').map_or((text, None), |(a, p)| (a, Some(p)));
        let addr: std::net::IpAddr = addr.parse().map_err(|_| format!("{text:?} is not an IP address or address block"))?;
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{text:?}: the prefix length must be 0–{max}"))?,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_url_bytes: 8 * 1024,
            max_header_bytes: 32 * 1024,
            max_body_bytes: 1024 * 1024,
            client_request_timeout: Duration::from_secs(5),
            body_idle_timeout: Duration::from_secs(5),
            request_deadline: Duration::from_secs(30),
            client_disconnect_timeout: Duration::from_secs(2),
            keep_alive: Duration::from_secs(15),
            max_connections: 4096,
            expensive_per_second: 20,
            expensive_burst: 200,
            shutdown_timeout: Duration::from_secs(30),
            sparql_max_query_bytes: 100 * 1024,
            sparql_max_depth: 64,
            sparql_max_result_bytes: 64 * 1024 * 1024,
            sparql_per_client: 2,
            sparql_worker_memory_bytes: 224 * 1024 * 1024,
            admin_token: None,
            trusted_proxies: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    #[test]
    fn address_blocks_contain_their_addresses_only() {
        let net: Cidr = "10.1.0.0/16".parse().expect("parses");
        assert!(net.contains("10.1.200.3".parse().expect("ip")));
        assert!(!net.contains("10.2.0.1".parse().expect("ip")));
        assert!(net.contains("::ffff:10.1.0.9".parse().expect("ip")), "IPv4-mapped IPv6");
        let one: Cidr = "127.0.0.1".parse().expect("parses");
        assert!(one.contains("127.0.0.1".parse().expect("ip")) && !one.contains("127.0.0.2".parse().expect("ip")));
        let all: Cidr = "0.0.0.0/0".parse().expect("parses");
        assert!(all.contains("192.0.2.7".parse().expect("ip")) && !all.contains("2001:db8::1".parse().expect("ip")));
        let v6: Cidr = "2001:db8::/32".parse().expect("parses");
        assert!(v6.contains("2001:db8:ff::1".parse().expect("ip")) && !v6.contains("2001:db9::1".parse().expect("ip")));
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }
}
