//! Issue 2: every collection and item route, counts, provenance, 404s, OpenAPI, docs.

use crate::helpers::*;
use tiltak::model::ENTITIES;

#[test]
fn every_collection_serves_every_fixture_row_with_provenance() {
    let app = spawn();
    for e in ENTITIES {
        let rows = fixture_rows(e.file);
        let body = app.json(&format!("/api/v1/{}?limit=1000", e.collection));
        assert_eq!(body["total"].as_u64(), Some(rows.len() as u64), "total of {}", e.collection);
        let items = walk(&app, &format!("/api/v1/{}?limit=7", e.collection));
        assert_eq!(items.len(), rows.len(), "walked items of {}", e.collection);
        let mut ids: Vec<String> = items.iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
        let mut expected: Vec<String> = rows.iter().map(|r| r["id"].clone()).collect();
        ids.sort();
        expected.sort();
        assert_eq!(ids, expected, "ids of {}", e.collection);
        for item in &items {
            let uri = item["uri"].as_str().expect("uri");
            assert!(uri.starts_with(&app.base), "uri {uri} under the base");
            if e.has_sources {
                let sources = item["sources"].as_array().expect("sources array");
                assert!(!sources.is_empty(), "{} {} has sources", e.collection, item["id"]);
                assert!(sources.iter().all(|s| s["url"].as_str().is_some_and(|u| u.starts_with("http"))));
            }
        }
    }
}

#[test]
fn every_item_route_answers_with_its_record_and_links() {
    let app = spawn();
    for e in ENTITIES {
        for row in fixture_rows(e.file) {
            let id = &row["id"];
            let item = app.json(&format!("/api/v1/{}/{}", e.collection, urlencode(id)));
            assert_eq!(item["id"].as_str(), Some(id.as_str()));
            assert!(item["links"].is_object(), "links on {} {id}", e.collection);
        }
    }
}

fn urlencode(s: &str) -> String {
    s.replace(':', "%3A")
}

#[test]
fn related_records_are_linked_both_ways() {
    let app = spawn();
    let fa = app.json("/api/v1/focus-areas/4");
    let initiatives = fa["links"]["initiatives"].as_array().expect("initiatives of area 4");
    assert!(initiatives.iter().any(|i| i["id"] == "I26"), "area 4 lists tiltak 4.4 (I26)");
    assert!(!fa["links"]["status_assessments"].as_array().expect("assessments").is_empty());
    let i26 = app.json("/api/v1/initiatives/I26");
    assert_eq!(i26["official_number"], "4.4");
    assert_eq!(i26["links"]["focus_area"]["id"], "4");
    let survey = app.json("/api/v1/surveys/2018");
    assert!(survey["links"]["statistics"].as_array().expect("statistics").len() >= 20);
    // A quality note lists the records it concerns.
    let dq1 = app.json("/api/v1/data-quality/DQ1");
    assert!(!dq1["links"]["concerns"].as_array().expect("concerns").is_empty());
}

#[test]
fn unknown_things_are_404_problems() {
    let app = spawn();
    for path in ["/api/v1/initiatives/I999", "/api/v1/nope", "/api/v1/nope/1", "/no/such/path", "/id/initiative/I999", "/id/nope/1"] {
        let r = app.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.content_type().starts_with("application/problem+json"), "{path}: {}", r.content_type());
        let p = r.json();
        assert_eq!(p["status"], 404);
        assert!(p["type"].is_string() && p["title"].is_string() && p["detail"].is_string());
    }
    // Allow names exactly what each resource answers (RFC 9110 §15.5.6).
    for (method, path, allow) in [
        ("DELETE", "/api/v1/initiatives", "GET, HEAD"),
        ("PUT", "/api/v1/initiatives/I01", "GET, HEAD"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/sparql", "GET, HEAD, POST"),
    ] {
        let r = app.request(method, path);
        assert_eq!(r.status, 405, "{method} {path}");
        assert_eq!(r.header("allow"), Some(allow), "{method} {path}");
        assert!(r.content_type().starts_with("application/problem+json"), "{method} {path}: {}", r.content_type());
    }
}

#[test]
fn root_health_and_docs() {
    let app = spawn();
    let root = app.json("/");
    assert_eq!(root["collections"].as_array().map(Vec::len), Some(ENTITIES.len()));
    assert!(root["openapi"].as_str().is_some_and(|u| u.ends_with("/openapi.json")));
    let health = app.json("/health");
    assert_eq!(health["status"], "ok");
    assert!(health["triples"].as_u64().unwrap_or(0) > 1000);
    let docs = app.get("/docs/");
    assert_eq!(docs.status, 200);
    assert!(docs.text().contains("swagger"), "Swagger UI served offline");
    assert_eq!(app.get("/docs").status, 200, "redirect to /docs/ is followed");
    // Swagger UI: its page stylesheet is ours (contrast), its configuration has no URL box and no
    // deep-link anchors inside the operations' buttons.
    let css = app.get("/docs/swagger/index.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type().starts_with("text/css") && css.text().contains(".opblock-summary-method { background: #1f6fb8; }"));
    let init = app.get("/docs/swagger/swagger-initializer.js").text();
    assert!(init.contains("\"layout\": \"BaseLayout\"") && init.contains("\"deepLinking\": false"), "{init}");
}

#[test]
fn openapi_document_matches_the_committed_file() {
    let app = spawn();
    let served = app.json("/openapi.json");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).expect("openapi/openapi.json is committed"),
    )
    .expect("committed file is JSON");
    assert!(served == committed, "openapi/openapi.json is stale: regenerate with `cargo run -- openapi --out openapi/openapi.json`");
    for e in ENTITIES {
        assert!(served["paths"][format!("/api/v1/{}", e.collection)]["get"].is_object(), "{} documented", e.collection);
        assert!(served["paths"][format!("/api/v1/{}/{{id}}", e.collection)]["get"].is_object());
    }
}

#[test]
fn migrated_schema_matches_the_entity_specs() {
    let conn = rusqlite::Connection::open_in_memory().expect("memory db");
    let mut conn = conn;
    tiltak::db::schema::migrations().to_latest(&mut conn).expect("migrations apply");
    for e in ENTITIES {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", e.table)).expect("table info");
        let cols: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(1)).expect("cols").collect::<Result<_, _>>().expect("cols");
        let expected: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
        assert_eq!(cols, expected, "columns of {}", e.table);
    }
}

#[test]
fn reload_swaps_in_newly_imported_data() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("reload.db");
    let app = spawn_with(|c| c.db = Some(db.clone()));
    assert_eq!(app.json("/api/v1/measures")["total"], 0);
    let before = app.json("/health")["data_version"].clone();
    // A publisher imports row-level measures into the served database file.
    let synth_dir = tmp.path().join("synth");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tiltak")).args(["synth", "--out"]).arg(&synth_dir).output().expect("synth");
    assert!(out.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .arg("import")
        .arg("--db")
        .arg(&db)
        .arg(&synth_dir)
        .output()
        .expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.json("/api/v1/measures")["total"], 0, "the served snapshot does not change under a request");
    app.state.as_ref().expect("state").reload().expect("reload");
    assert_eq!(app.json("/api/v1/measures")["total"], 412);
    assert_ne!(app.json("/health")["data_version"], before);
    let n = app.json("/api/v1/measures?synthetic=true&limit=1")["total"].as_u64();
    assert_eq!(n, Some(412));
}
