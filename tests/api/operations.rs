//! Issue 22: running tiltak as a service. The probes (`/health` live, `/ready` not while draining),
//! Prometheus metrics on their own address (route templates, never raw paths), the JSON access log,
//! and SIGTERM draining, with the real binary.

use crate::helpers::{free_port, spawn, spawn_binary_with_log, spawn_with, TestApp};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().expect("kill");
    assert!(ok.success(), "kill -{name}");
}

#[test]
fn ready_answers_503_while_draining_and_health_stays_live() {
    let app = spawn();
    let ready = app.get("/ready");
    assert_eq!(ready.status, 200, "{}", ready.snippet());
    assert_eq!(ready.json()["status"], "ready");
    assert_eq!(ready.header("cache-control"), Some("no-store"));
    let health = app.json("/health");
    assert_eq!(ready.json()["data_version"], health["data_version"]);
    let state = app.state.as_ref().expect("in-process state");
    state.draining.store(true, std::sync::atomic::Ordering::Release);
    let draining = app.get("/ready");
    assert_eq!(draining.status, 503, "{}", draining.snippet());
    assert_eq!(draining.json()["status"], "draining");
    assert_eq!(app.get("/health").status, 200, "liveness is not readiness");
    assert_eq!(app.get("/api/v1/initiatives?limit=1").status, 200, "requests are still served while draining");
    state.draining.store(false, std::sync::atomic::Ordering::Release);
    assert_eq!(app.get("/ready").status, 200);
    assert_eq!(app.get("/metrics").status, 404, "metrics are not on the public address");
}

fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines().find(|l| l.starts_with(series) && l[series.len()..].starts_with(' ')).and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

#[test]
fn metrics_on_their_own_address_json_access_log_and_drain_on_sigterm() {
    let (port, metrics_port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let metrics_base = format!("http://127.0.0.1:{metrics_port}");
    let bind = format!("127.0.0.1:{port}");
    let metrics_bind = format!("127.0.0.1:{metrics_port}");
    let (mut child, log_reader) = spawn_binary_with_log(&[
        "--log-format",
        "json",
        "serve",
        "--bind",
        &bind,
        "--metrics-bind",
        &metrics_bind,
        "--drain-seconds",
        "2",
        "--rate-limit",
        "1",
        "--rate-burst",
        "1",
    ]);
    let app = TestApp { base: base.clone(), state: None };
    let started = Instant::now();
    while app.send("GET", "/ready", &[], None).map(|r| r.status) != Ok(200) {
        assert!(child.try_wait().expect("try_wait").is_none(), "the server exited early");
        assert!(started.elapsed() < Duration::from_secs(60), "server did not become ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    let version = app.json("/health")["data_version"].as_str().expect("version").to_string();
    assert_eq!(app.get_with("/api/v1/initiatives?limit=2", &[("X-Request-Id", "ops-test-1")]).status, 200);
    assert_eq!(app.get("/api/v1/initiatives?limit=2").status, 200);
    assert_eq!(app.get("/no/such/path-8d1f3").status, 404);
    let q = "/sparql?query=ASK%7B%7D";
    let statuses: Vec<u16> = (0..4).map(|_| app.get_with(q, &[("Cache-Control", "no-cache")]).status).collect();
    assert!(statuses.contains(&200) && statuses.contains(&429), "a burst of 1 lets one query through: {statuses:?}");

    let metrics = TestApp { base: metrics_base, state: None };
    let scrape = metrics.get("/metrics");
    assert_eq!(scrape.status, 200);
    assert!(scrape.content_type().starts_with("text/plain"), "{}", scrape.content_type());
    let text = scrape.text();
    let requests = |route: &str, status: &str| {
        metric(&text, &format!("tiltak_http_requests_total{{route=\"{route}\",method=\"GET\",status=\"{status}\"}}"))
    };
    assert!(requests("/api/v1/{collection}", "2xx").is_some_and(|n| n >= 2.0), "{text}");
    assert_eq!(requests("unmatched", "4xx"), Some(1.0), "{text}");
    assert!(requests("/sparql", "4xx").is_some_and(|n| n >= 1.0), "the 429s: {text}");
    assert!(!text.contains("path-8d1f3"), "never a raw path as a label");
    assert!(
        text.contains("tiltak_http_request_duration_seconds_bucket{route=\"/api/v1/{collection}\",status=\"2xx\",le=\"0.005\"}"),
        "{text}"
    );
    assert!(metric(&text, "tiltak_sparql_evaluations_total{outcome=\"ok\"}").is_some_and(|n| n >= 1.0), "{text}");
    assert!(metric(&text, "tiltak_sparql_evaluation_seconds_count").is_some_and(|n| n >= 1.0), "{text}");
    assert!(metric(&text, "tiltak_answer_cache_lookups_total{outcome=\"hit\"}").is_some_and(|n| n >= 1.0), "the second page read: {text}");
    assert!(metric(&text, "tiltak_rate_limited_total").is_some_and(|n| n >= 1.0), "{text}");
    assert_eq!(metric(&text, &format!("tiltak_snapshot_info{{version=\"{version}\"}}")), Some(1.0), "{text}");
    assert!(metric(&text, "tiltak_snapshot_age_seconds").is_some_and(|n| n >= 0.0), "{text}");
    assert_eq!(metric(&text, "tiltak_ready"), Some(1.0));
    assert_eq!(metrics.get("/api/v1/initiatives").status, 404, "the metrics address serves metrics only");

    // SIGTERM: not ready at once, still answering during the drain, then a clean exit.
    signal(&child, "TERM");
    let t = Instant::now();
    let mut saw_draining = false;
    while t.elapsed() < Duration::from_millis(1500) {
        match app.send("GET", "/ready", &[], None) {
            Ok(r) if r.status == 503 => {
                saw_draining = true;
                assert_eq!(app.get("/health").status, 200, "live while draining");
                break;
            }
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    assert!(saw_draining, "/ready turned 503 after SIGTERM");
    let waited = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break s;
        }
        assert!(waited.elapsed() < Duration::from_secs(30), "the server exits after draining");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");

    // Every line of the log is a JSON object; the access line carries the request's facts.
    let log = log_reader.join().expect("log");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let access =
        lines.iter().find(|l| l["request_id"] == "ops-test-1").unwrap_or_else(|| panic!("no access line for ops-test-1 in:\n{log}"));
    assert_eq!(access["target"], "tiltak::access");
    assert_eq!(access["route"], "/api/v1/{collection}");
    assert_eq!(access["status"], 200);
    assert_eq!(access["client"], "127.0.0.1");
    assert!(access["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{access}");
    assert!(lines.iter().any(|l| l["route"] == "unmatched" && l["status"] == 404), "{log}");
}

#[test]
fn shared_cache_headers_and_etags_equal_on_every_replica() {
    // Replicas share the public base URL (the IRIs in the bodies are built from it).
    let public = |c: &mut tiltak::config::Config| c.base_url = "http://tiltak.test".into();
    let (a, b) = (spawn_with(public), spawn_with(public));
    for path in ["/api/v1/initiatives?limit=3", "/download/initiatives.json", "/catalog", "/dump.ttl", "/id/organization/991825827"] {
        let (ra, rb) = (a.get(path), b.get(path));
        assert_eq!(ra.status, 200, "{path}: {}", ra.snippet());
        let etag = ra.header("etag").unwrap_or_else(|| panic!("{path}: no ETag"));
        assert!(etag.starts_with('"'), "{path}: a strong ETag, got {etag}");
        assert_eq!(Some(etag), rb.header("etag"), "{path}: two replicas with the same data agree on the ETag");
        // A revalidation with one replica's ETag is answered 304 by the other.
        assert_eq!(b.get_with(path, &[("If-None-Match", etag)]).status, 304, "{path}");
        let cc = ra.header("cache-control").unwrap_or_default();
        for directive in ["public", "max-age=", "s-maxage=", "stale-while-revalidate=", "stale-if-error="] {
            assert!(cc.contains(directive), "{path}: Cache-Control {cc} lacks {directive}");
        }
    }
    // Vary names Accept only where the URL has more than one representation.
    let vary = |path: &str| a.get(path).header("vary").unwrap_or_default().to_string();
    assert_eq!(vary("/download/initiatives.json"), "Accept-Encoding");
    assert_eq!(vary("/dump.ttl"), "Accept-Encoding");
    assert!(vary("/api/v1/initiatives?limit=3").split(", ").any(|v| v == "Accept"));
}
