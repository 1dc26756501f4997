//! Resource rules every route shares: 405 with the resource's exact `Allow`, problem+json for
//! every error (413 included), and `/def/…?format=json` like `/id/…?format=json`.

use super::helpers::{spawn, spawn_with};

#[test]
fn methods_a_resource_does_not_answer_get_405_with_its_allow() {
    let app = spawn();
    for (method, path, allow) in [
        ("TRACE", "/health", "GET, HEAD"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/", "GET, HEAD"),
        ("PUT", "/api/v1/initiatives", "GET, HEAD"),
        ("PATCH", "/api/v1/initiatives/I01", "GET, HEAD"),
        ("POST", "/id/initiative/I01", "GET, HEAD"),
        ("POST", "/def/status", "GET, HEAD"),
        ("POST", "/catalog", "GET, HEAD"),
        ("POST", "/catalog.ttl", "GET, HEAD"),
        ("DELETE", "/dump.nq", "GET, HEAD"),
        ("PUT", "/sparql", "GET, HEAD, POST"),
        ("TRACE", "/sparql", "GET, HEAD, POST"),
    ] {
        let r = app.request(method, path);
        assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
        assert_eq!(r.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(r.content_type(), "application/problem+json", "{method} {path}");
        assert_eq!(r.json()["status"], 405);
    }
    // A path nobody serves stays 404, whatever the method.
    assert_eq!(app.request("TRACE", "/no/such/thing").status, 404);
}

#[test]
fn an_oversized_sparql_body_is_a_413_problem() {
    // The query-text cap (100 KiB by default) raised above the body limit, so the body limit is what is tested.
    let app = spawn_with(|c| c.limits.sparql_max_query_bytes = 2 << 20);
    let body = vec![b' '; (1 << 20) + 1];
    let r = app.post("/sparql", "application/sparql-query", &body, &[]);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.content_type(), "application/problem+json");
    assert_eq!(r.json()["type"], "urn:tiltak:problem:payload-too-large");
    // Just under the limit is read (and judged as a query).
    let mut query = b"ASK {}".to_vec();
    query.resize(1 << 20, b' ');
    assert_eq!(app.post("/sparql", "application/sparql-query", &query, &[]).status, 200);
}

#[test]
fn def_uris_answer_json_like_id_uris() {
    let app = spawn();
    let concept = app.get("/def/status/not-started?format=json");
    assert_eq!(concept.status, 200, "{}", concept.text());
    assert_eq!(concept.content_type(), "application/json");
    let record = app.json("/api/v1/codes/status:not-started");
    assert_eq!(concept.json(), record, "a code's JSON is its API item view");
    let by_accept = app.get_with("/def/status/not-started", &[("Accept", "application/json")]);
    assert_eq!(by_accept.json()["id"], "status:not-started");

    let term = app.get("/def/status?format=json");
    assert_eq!(term.status, 200, "{}", term.text());
    let term = term.json();
    assert_eq!(term["uri"], format!("{}/def/status", app.base));
    let types = term["properties"]["rdf:type"].as_array().map(Vec::len).unwrap_or(0);
    assert!(types >= 1, "the vocabulary's own triples: {term}");
    let scheme = app.get("/def/scheme/status?format=json").json();
    assert_eq!(scheme["uri"], format!("{}/def/scheme/status", app.base));
}
