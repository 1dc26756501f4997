//! Issue 18: the smaller ways in from the open internet, each over real HTTP: signed cursors,
//! CSV injection, links built from hostile input, odd ids, preflight headers, `/docs/` 404s,
//! the SPARQL nesting check.

use crate::helpers::{spawn, spawn_with, TestApp};

fn assert_problem(r: &crate::helpers::Resp, status: u16) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.snippet());
    assert!(r.content_type().starts_with("application/problem+json"), "content type {}", r.content_type());
    let body = r.json();
    assert_eq!(body["status"], status);
    body
}

fn next_cursor(app: &TestApp, path: &str) -> String {
    let next = app.json(path)["next"].as_str().expect("a next page").to_string();
    next.split("cursor=").nth(1).expect("cursor").to_string()
}

#[test]
fn cursors_are_signed_with_the_server_secret_and_shared_secrets_page_across_replicas() {
    // Two replicas behind one public name, sharing the secret.
    let secret = |c: &mut tiltak::config::Config| {
        c.cursor_secret = Some("one secret for every replica".into());
        c.base_url = "https://tiltak.example".into();
    };
    let a = spawn_with(secret);
    let b = spawn_with(secret);
    let lone = spawn();
    let cursor = next_cursor(&a, "/api/v1/initiatives?limit=2");
    let second_on_a = a.json(&format!("/api/v1/initiatives?limit=2&cursor={cursor}"));
    // Another replica with the same secret pages on from it.
    let second_on_b = b.json(&format!("/api/v1/initiatives?limit=2&cursor={cursor}"));
    assert_eq!(second_on_a["items"], second_on_b["items"]);
    assert!(!second_on_a["items"].as_array().expect("items").is_empty());
    // A server with another (random) secret refuses it: 400 naming the parameter.
    let refused = assert_problem(&lone.get(&format!("/api/v1/initiatives?limit=2&cursor={cursor}")), 400);
    assert_eq!(refused["parameter"], "cursor");
    // A cursor whose position was altered (another id, the signature kept) is refused.
    let (hexed, sig) = cursor.split_once('.').expect("payload.signature");
    let payload = String::from_utf8(hex::decode(hexed).expect("hex")).expect("utf-8");
    let last_id = payload.rsplit('"').nth(1).expect("an id").to_string();
    let moved = payload.replace(&format!("\"{last_id}\""), "\"0\"");
    assert_ne!(moved, payload);
    let altered = format!("{}.{sig}", hex::encode(moved.as_bytes()));
    assert_eq!(assert_problem(&a.get(&format!("/api/v1/initiatives?limit=2&cursor={altered}")), 400)["parameter"], "cursor");
    // The collection pages sign theirs the same way.
    assert_eq!(a.get_with(&format!("/data/initiatives?limit=2&cursor={altered}"), &[("Accept", "text/html")]).status, 400);
}
