//! Issue 18: the rate limit reads the matched route and the negotiated format (`routes::COSTS`,
//! `http::cost`), so it cannot be walked around by percent-encoding a path, by `Accept: text/*`
//! or by `q=` on a page or a download. One test per cost class, over raw HTTP (so the request
//! target goes out exactly as written, encoded or not).

use crate::helpers::{spawn_with, TestApp};
use std::io::{Read, Write};
use std::time::Duration;

/// Send one request and read only its status line (a dump's body is not waited for).
fn status(app: &TestApp, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    let addr = app.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(head.as_bytes()).expect("send");
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 200 && !line.ends_with(b"\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => line.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&line).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// A server whose allowance is one request, refilled once a second.
fn strict() -> TestApp {
    spawn_with(|c| {
        c.limits.expensive_per_second = 1;
        c.limits.expensive_burst = 1;
    })
}

/// Use up the allowance with a request that is counted whatever the table says about others.
fn exhaust(app: &TestApp) {
    for _ in 0..20 {
        if status(app, "GET", "/api/v1/initiatives?limit=1", &[("Cache-Control", "no-cache")], "") == 429 {
            return;
        }
    }
    panic!("the allowance was never used up");
}

struct Case {
    method: &'static str,
    target: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
}

const fn get(target: &'static str) -> Case {
    Case { method: "GET", target, headers: &[], body: "" }
}

const fn get_with(target: &'static str, headers: &'static [(&'static str, &'static str)]) -> Case {
    Case { method: "GET", target, headers, body: "" }
}

/// Each case, sent right after the allowance ran out, must be refused (429). A refill between
/// the two (one a second) can let one through, so three tries; an uncounted request never is.
fn assert_counted(class: &str, cases: &[Case]) {
    let app = strict();
    for c in cases {
        let refused = (0..3).any(|_| {
            exhaust(&app);
            status(&app, c.method, c.target, c.headers, c.body) == 429
        });
        assert!(refused, "{class}: {} {} {:?} was not counted", c.method, c.target, c.headers);
    }
}

/// Each case is served even while the allowance is used up.
fn assert_not_counted(class: &str, cases: &[Case]) {
    let app = strict();
    for c in cases {
        for _ in 0..3 {
            exhaust(&app);
            let s = status(&app, c.method, c.target, c.headers, c.body);
            assert!(s != 429 && s != 0, "{class}: {} {} {:?} got {s}", c.method, c.target, c.headers);
        }
    }
}

#[test]
fn sparql_queries_are_counted_however_the_path_is_spelt() {
    assert_counted(
        "sparql",
        &[
            get("/sparql?query=ASK%7B%7D"),
            get("/sparq%6C?query=ASK%7B%7D"),
            get("/%73%70%61%72%71%6c?query=ASK%7B%7D"),
            get_with("/sparql?query=SELECT%20*%7B%3Fs%20%3Fp%20%3Fo%7DLIMIT%201", &[("Accept", "text/*")]),
            Case { method: "POST", target: "/sparq%6C", headers: &[("Content-Type", "application/sparql-query")], body: "ASK {}" },
            Case {
                method: "POST",
                target: "/sparql",
                headers: &[("Content-Type", "application/x-www-form-urlencoded")],
                body: "query=ASK%7B%7D",
            },
            get_with("/sparql?query=ASK%7B%7D", &[("Accept", "text/html")]),
        ],
    );
}

#[test]
fn search_is_counted_on_every_route_that_reads_q() {
    assert_counted(
        "search",
        &[
            get("/api/v1/initiatives?q=data"),
            get("/%61pi/v1/initiatives?q=data"),
            get("/api/v1/initiative%73?q=data"),
            get("/search?q=data"),
            get("/%73earch?q=data"),
            get("/data/initiatives?q=data"),
            get("/download/initiatives.json?q=data"),
        ],
    );
}

#[test]
fn csv_is_an_export_however_it_is_negotiated() {
    assert_counted(
        "export",
        &[
            get("/api/v1/initiatives?format=csv"),
            get_with("/api/v1/initiatives", &[("Accept", "text/csv")]),
            get_with("/api/v1/initiatives", &[("Accept", "text/*")]),
            get_with("/api/v1/initiatives", &[("Accept", "TEXT/CSV;q=0.9, application/json;q=0.1")]),
            get_with("/%61pi/v1/initiatives?limit=1", &[("Accept", "text/*")]),
            get("/api/v1/initiatives?format=ndjson"),
            get_with("/api/v1/initiatives", &[("Accept", "application/x-ndjson")]),
            get("/download/initiatives.json"),
            get("/%64ownload/initiatives.json"),
            get("/catalog/datasets/initiatives/data.ttl"),
        ],
    );
}

#[test]
fn dumps_are_counted_however_the_path_is_spelt() {
    assert_counted("dump", &[get("/dump.nq"), get("/%64ump.nq"), get("/dump%2Ettl"), get("/dump.ttl")]);
}

#[test]
fn pages_built_from_many_records_are_counted() {
    assert_counted(
        "page-render",
        &[
            get("/data"),
            get("/data/initiatives"),
            get("/%64ata/initiatives"),
            get("/charts"),
            get("/%63harts"),
            get_with("/catalog", &[("Accept", "text/html")]),
            get("/catalog?format=html"),
            get_with("/", &[("Accept", "text/html")]),
            get_with("/id/initiative/4.4", &[("Accept", "text/html")]),
        ],
    );
}

#[test]
fn cheap_requests_are_counted_only_when_they_bypass_the_answer_cache() {
    assert_not_counted(
        "cheap",
        &[
            get("/api/v1/initiatives?limit=1"),
            get("/%61pi/v1/initiatives?limit=1"),
            get_with("/api/v1/initiatives?limit=1", &[("Accept", "application/json, text/*;q=0.1")]),
            get("/api/v1/initiatives?q="),
            get("/api/v1"),
            get("/"),
            get("/catalog"),
            get("/catalog.ttl"),
            get("/sparql"),
            get("/id/initiative/4.4"),
            get("/.well-known/void"),
            get("/no/such/thing"),
            get("/health"),
            get_with("/health", &[("Cache-Control", "no-cache")]),
            get("/assets/site.css"),
        ],
    );
    assert_counted("cheap with no-cache", &[get_with("/%61pi/v1/initiatives?limit=2", &[("Cache-Control", "no-cache")])]);
}

#[test]
fn pages_built_from_many_records_are_answered_from_the_cache_by_data_version_language_and_query() {
    let app = crate::helpers::spawn();
    let html = [("Accept", "text/html")];
    for path in ["/catalog", "/charts", "/data/statistics", "/data", "/search?q=data", "/"] {
        let first = app.get_with(path, &html);
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(first.header("x-cache"), Some("miss"), "{path}");
        let again = app.get_with(path, &html);
        assert_eq!(again.header("x-cache"), Some("hit"), "{path}");
        assert_eq!(again.body, first.body, "{path}");
        assert!(again.content_type().starts_with("text/html"), "{path}");
        assert!(again.header("content-security-policy").is_some_and(|c| c.contains("script-src 'self'")), "{path}");
        let etag = again.header("etag").expect("an ETag").to_string();
        assert_eq!(first.header("etag"), Some(etag.as_str()), "{path}");
        assert_eq!(app.get_with(path, &[("Accept", "text/html"), ("If-None-Match", &etag)]).status, 304, "{path}");
        // Another interface language is another page, with its own key.
        let en = app.get_with(path, &[("Accept", "text/html"), ("Accept-Language", "en")]);
        assert_eq!(en.header("x-cache"), Some("miss"), "{path} in English");
        assert!(en.text().contains("lang=\"en\""), "{path}");
        assert_ne!(en.header("etag"), Some(etag.as_str()), "{path}");
        assert_eq!(app.get_with(path, &[("Accept", "text/html"), ("Accept-Language", "en")]).header("x-cache"), Some("hit"));
        // A client may ask for a fresh build.
        let fresh = app.get_with(path, &[("Accept", "text/html"), ("Cache-Control", "no-cache")]);
        assert_eq!(fresh.header("x-cache"), Some("miss"), "{path}");
    }
    // Another query is another page.
    assert_eq!(app.get_with("/data/statistics?limit=5", &html).header("x-cache"), Some("miss"));
    // The catalogue's RDF is kept too, and stays what it was.
    let ttl = app.get("/catalog.ttl");
    assert_eq!(app.get("/catalog.ttl").body, ttl.body);
    // Error pages are not kept.
    assert_eq!(app.get_with("/data/initiatives?nope=1", &html).status, 400);
    assert_eq!(app.get_with("/data/initiatives?nope=1", &html).header("x-cache"), None);
}

/// Every route mounted with a literal pattern has its row in `routes::COSTS` (a missing row is
/// charged as a page, so a new cheap route would eat a client's allowance unnoticed).
#[test]
fn every_mounted_route_has_a_cost_class() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(format!("{dir}/routes")).expect("routes dir").map(|e| e.expect("entry").path()).collect();
    files.push(format!("{dir}/startup.rs").into());
    let known: Vec<&str> = tiltak::routes::COSTS.iter().map(|r| r.pattern).collect();
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source file");
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for marker in ["read_only(\"", ".route(\"", "SwaggerUi::new(\"", "redirect(\""] {
                for (i, _) in line.match_indices(marker) {
                    let rest = &line[i + marker.len()..];
                    let Some(pattern) = rest.split('"').next() else { continue };
                    seen += 1;
                    if !known.contains(&pattern) {
                        missing.push(format!("{}: {pattern}", file.display()));
                    }
                }
            }
        }
    }
    assert!(seen > 20, "the scan found the mounted routes ({seen})");
    assert!(missing.is_empty(), "routes without a cost class: {missing:?}");
}
