//! Issue 14: hostile SPARQL. Every abusive query ends in a clear problem+json answer (time limit,
//! row cap, byte cap, size or nesting limit), never a crash, and the rest of the service keeps
//! answering while they run. Limits are small here so the suite is quick.

use crate::helpers::{spawn_with, Resp, TestApp};
use std::time::Duration;

fn abuse_app() -> TestApp {
    spawn_with(|c| {
        c.sparql_timeout = Duration::from_secs(2);
        c.sparql_max_rows = 1000;
        c.sparql_max_concurrent = 2;
        c.limits.sparql_max_result_bytes = 64 * 1024;
        c.limits.expensive_per_second = 0;
    })
}

fn post_query(app: &TestApp, query: &str) -> Resp {
    app.post("/sparql", "application/sparql-query", query.as_bytes(), &[("Accept", "application/sparql-results+json")])
}

/// A clear refusal: problem+json with one of the expected types.
fn assert_refused(r: &Resp, types: &[&str], what: &str) {
    assert!(r.content_type().starts_with("application/problem+json"), "{what}: {} {}", r.status, r.text());
    let body = r.json();
    let t = body["type"].as_str().unwrap_or("");
    assert!(types.iter().any(|want| t == format!("urn:tiltak:problem:{want}")), "{what}: {} {body}", r.status);
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{what}");
}

const CARTESIAN: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
const CARTESIAN_ROWS: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }";
const UNBOUNDED_PATH: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o . ?x ?y ?z }";
const REGEX_EVERYWHERE: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c FILTER(REGEX(STR(?o), \"^(a|aa)+$\") || REGEX(STR(?c), \".*x.*y.*z.*\", \"i\")) }";

#[test]
fn cartesian_products_stop_at_the_time_limit_or_the_row_cap() {
    let app = abuse_app();
    assert_refused(&post_query(&app, CARTESIAN), &["timeout"], "3-way product");
    assert_refused(&post_query(&app, CARTESIAN_ROWS), &["invalid-parameter", "timeout"], "2-way product rows");
    let r = post_query(&app, CARTESIAN_ROWS);
    if r.json()["type"] == "urn:tiltak:problem:invalid-parameter" {
        let detail = r.json()["detail"].as_str().unwrap_or("").to_string();
        assert!(detail.contains("more than 1000 rows") || detail.contains("larger than 65536 bytes"), "{detail}");
    }
}

#[test]
fn unbounded_property_paths_and_regex_over_every_literal_stop_at_the_time_limit() {
    let app = abuse_app();
    assert_refused(&post_query(&app, UNBOUNDED_PATH), &["timeout"], "unbounded path");
    assert_refused(&post_query(&app, REGEX_EVERYWHERE), &["timeout"], "regex everywhere");
}

#[test]
fn huge_offset_and_limit_are_answered_or_refused_cleanly() {
    let app = abuse_app();
    // Larger than u64: a syntax error, not an overflow panic.
    let r = post_query(&app, "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999 LIMIT 99999999999999999999999");
    assert_refused(&r, &["invalid-parameter"], "beyond u64");
    let r = post_query(&app, "SELECT * WHERE { ?s ?p ?o } OFFSET 18446744073709551615 LIMIT 18446744073709551615");
    assert_eq!(r.status, 200, "past the end is an empty answer: {}", r.text());
    assert_eq!(r.json()["results"]["bindings"].as_array().map(Vec::len), Some(0));
    // A huge LIMIT does not lift the row cap.
    assert_refused(&post_query(&app, "SELECT * WHERE { ?s ?p ?o } LIMIT 100000000"), &["invalid-parameter"], "huge limit");
    let r = post_query(&app, "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
    assert_eq!(r.json()["results"]["bindings"].as_array().map(Vec::len), Some(10));
}

#[test]
fn results_larger_than_the_byte_cap_are_refused() {
    let app = abuse_app();
    // Under the row cap (1000), over the byte cap (64 KiB).
    let r = post_query(&app, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 999");
    assert_refused(&r, &["invalid-parameter"], "999 whole triples");
    assert!(r.json()["detail"].as_str().is_some_and(|d| d.contains("larger than 65536 bytes")), "{}", r.text());
    let r = app.post(
        "/sparql",
        "application/sparql-query",
        b"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 900",
        &[("Accept", "application/n-triples")],
    );
    assert_refused(&r, &["invalid-parameter"], "construct over the byte cap");
}

#[test]
fn enormous_and_deeply_nested_query_text_is_refused_without_harm() {
    let app = abuse_app();
    let long = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(200 * 1024));
    let r = post_query(&app, &long);
    assert_refused(&r, &["invalid-parameter"], "200 KB query");
    assert!(r.json()["detail"].as_str().is_some_and(|d| d.contains("the limit is 102400")));
    let r = post_query(&app, &format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(2 * 1024 * 1024)));
    assert_eq!(r.status, 413, "over the body limit");
    // 20 000 nested groups overflowed the parser's stack and aborted the process before the cap.
    for deep in [
        format!("SELECT * WHERE {}?s ?p ?o{}", "{".repeat(20_000), "}".repeat(20_000)),
        format!("SELECT * WHERE {{ ?s ?p ?o FILTER({}1{}) }}", "(".repeat(20_000), ")".repeat(20_000)),
        format!("SELECT * WHERE {{ ?s ?p [ ?q {} ] }}", "[ ?q ".repeat(5_000) + &"]".repeat(5_000)),
    ] {
        let r = post_query(&app, &deep);
        assert_refused(&r, &["invalid-parameter"], "deep nesting");
        assert!(r.json()["detail"].as_str().is_some_and(|d| d.contains("levels deep")), "{}", r.text());
        assert_eq!(app.get("/health").status, 200, "the server survived");
    }
    // Long flat chains stay within the text limit and end cleanly (answer or time limit).
    let chain = format!("SELECT * WHERE {{ ?s ?p ?o FILTER(?o = {}) }} LIMIT 1", vec!["1"; 20_000].join("+"));
    let r = post_query(&app, &chain);
    assert!(r.status == 200 || r.content_type().starts_with("application/problem+json"), "{} {}", r.status, r.text());
    // Real nesting within the cap still works.
    let nested = format!("ASK {{ {} ?s ?p ?o {} }}", "{ ".repeat(30), "} ".repeat(30));
    assert_eq!(post_query(&app, &nested).status, 200);
}

#[test]
fn many_concurrent_heavy_queries_leave_health_and_the_json_api_answering() {
    let app = abuse_app();
    let heavy = [CARTESIAN, UNBOUNDED_PATH, REGEX_EVERYWHERE, CARTESIAN_ROWS];
    let workers: Vec<_> = (0..8)
        .map(|i| {
            let base = app.base.clone();
            let query = heavy[i % heavy.len()].to_string();
            std::thread::spawn(move || {
                let app = TestApp { base, state: None };
                (0..3)
                    .map(|_| {
                        let r = post_query(&app, &query);
                        (r.status, r.content_type().to_string(), r.json()["type"].as_str().unwrap_or("").to_string())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut probes = 0;
    while probes == 0 || workers.iter().any(|w| !w.is_finished()) {
        assert_eq!(app.get("/health").status, 200);
        let page = app.get("/api/v1/initiatives?limit=3&sort=-id");
        assert_eq!(page.status, 200, "{}", page.text());
        assert_eq!(page.json()["items"].as_array().map(Vec::len), Some(3));
        assert_eq!(app.get_with("/api/v1/focus-areas/1", &[("Cache-Control", "no-cache")]).status, 200);
        probes += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    for w in workers {
        for (status, content_type, problem) in w.join().expect("worker") {
            assert!(content_type.starts_with("application/problem+json"), "{status} {content_type}");
            assert!(
                ["timeout", "too-busy", "too-many-requests", "invalid-parameter"]
                    .iter()
                    .any(|t| problem == format!("urn:tiltak:problem:{t}")),
                "{status} {problem}"
            );
        }
    }
    assert!(probes > 0);
}
