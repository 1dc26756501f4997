//! Prometheus metrics and the access log (issue 22). One outer middleware times every request and
//! records it by *route template* (`/api/v1/{collection}`, never the raw path: unmatched paths share
//! the label `unmatched`, so a scan of random URLs cannot grow the series without bound) and status
//! class, and writes one structured access-log event (request id, route, status, latency, client
//! address) that `--log-format json` prints as JSON. Other layers record through the `metrics`
//! facade (`sparql_evaluated`; the front door counts `tiltak_rate_limited_total` itself, since this module reads its request id; the answer cache in `state`). The text exposition is
//! rendered by `metrics-exporter-prometheus`; the snapshot's version and age are appended at scrape
//! time from the caller's facts (this module does not read the application state).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Label for requests that matched no route.
pub const UNMATCHED: &str = "unmatched";

/// Latency buckets in seconds: cached answers take well under a millisecond, SPARQL up to its
/// time limit.
const BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Install the process-wide recorder (once; later calls return the same handle). `None` when
/// another recorder was installed first (then nothing is exported, and nothing fails).
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().set_buckets(BUCKETS).ok()?.build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            describe();
            // Histograms keep raw samples until upkeep folds them into buckets: bound that memory.
            let upkeep = handle.clone();
            let _ = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            });
            Some(handle)
        })
        .as_ref()
}

fn describe() {
    metrics::describe_counter!("tiltak_http_requests_total", "HTTP requests answered, by route template, method and status class");
    metrics::describe_histogram!(
        "tiltak_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Time from request to response head, by route template and status class"
    );
    metrics::describe_counter!("tiltak_sparql_evaluations_total", "SPARQL queries evaluated (answer-cache misses), by outcome");
    metrics::describe_histogram!("tiltak_sparql_evaluation_seconds", metrics::Unit::Seconds, "Time spent evaluating SPARQL queries");
    metrics::describe_counter!(
        "tiltak_answer_cache_lookups_total",
        "Answer-cache lookups (API pages and items, SPARQL results), by outcome"
    );
    metrics::describe_counter!("tiltak_rate_limited_total", "Expensive requests refused by the per-client rate limit (429)");
}

/// A SPARQL evaluation finished (or failed / timed out) after `took`.
pub fn sparql_evaluated(took: Duration, ok: bool) {
    let outcome = if ok { "ok" } else { "error" };
    metrics::counter!("tiltak_sparql_evaluations_total", "outcome" => outcome).increment(1);
    metrics::histogram!("tiltak_sparql_evaluation_seconds").record(took.as_secs_f64());
}

/// What the scrape adds about the served snapshot.
pub struct SnapshotFacts<'a> {
    pub version: &'a str,
    /// Since this process loaded the snapshot.
    pub age: Duration,
    /// The data's `modified` time, Unix seconds.
    pub modified_unix: i64,
    pub ready: bool,
}

/// Prometheus text exposition: the recorder's series plus the snapshot gauges.
pub fn render(facts: &SnapshotFacts) -> String {
    let mut out = install().map(|h| h.render()).unwrap_or_default();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    let version: String = facts.version.chars().filter(|c| c.is_ascii_alphanumeric()).take(80).collect();
    let _ = write!(
        out,
        "# HELP tiltak_snapshot_info The data version this replica serves (value 1)\n\
         # TYPE tiltak_snapshot_info gauge\n\
         tiltak_snapshot_info{{version=\"{version}\"}} 1\n\
         # HELP tiltak_snapshot_age_seconds Seconds since this process loaded the served snapshot\n\
         # TYPE tiltak_snapshot_age_seconds gauge\n\
         tiltak_snapshot_age_seconds {:.3}\n\
         # HELP tiltak_data_modified_timestamp_seconds When the served data was last modified (Unix time)\n\
         # TYPE tiltak_data_modified_timestamp_seconds gauge\n\
         tiltak_data_modified_timestamp_seconds {}\n\
         # HELP tiltak_ready 1 when this replica accepts traffic (snapshot loaded, not draining)\n\
         # TYPE tiltak_ready gauge\n\
         tiltak_ready {}\n",
        facts.age.as_secs_f64(),
        facts.modified_unix,
        u8::from(facts.ready),
    );
    out
}

fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// The outermost middleware (`middleware::from_fn(metrics::middleware)`): counts, times and logs
/// every answer, refusals of the front door included.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS" | "TRACE" | "CONNECT") => m.to_string(),
        _ => "other".to_string(),
    };
    let path = req.path().to_string();
    let client = super::front_door::client_ip(req.request()).map(|ip| ip.to_string()).unwrap_or_default();
    // The resource map knows the template even for requests refused before routing.
    let route = req.match_pattern().unwrap_or_else(|| UNMATCHED.to_string());
    let res = next.call(req).await?;
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    let class = status_class(status);
    let labels = [("route", route.clone()), ("method", method.clone()), ("status", class.to_string())];
    metrics::counter!("tiltak_http_requests_total", &labels).increment(1);
    let timing = [("route", route.clone()), ("status", class.to_string())];
    metrics::histogram!("tiltak_http_request_duration_seconds", &timing).record(elapsed.as_secs_f64());
    let request_id = res.headers().get(super::front_door::REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    tracing::info!(
        target: "tiltak::access",
        request_id = %request_id,
        client = %client,
        method = %method,
        path = %path,
        route = %route,
        status,
        latency_ms = (elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        "request"
    );
    Ok(res)
}
