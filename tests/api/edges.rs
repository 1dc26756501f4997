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

fn enc(q: &str) -> String {
    serde_urlencoded::to_string([("query", q)]).expect("encode")
}

#[test]
fn csv_and_tsv_cells_never_start_a_formula_and_numbers_stay_numbers() {
    // SPARQL results: strings that a spreadsheet would run get a leading ', numbers do not.
    let app = spawn();
    let q = r#"SELECT ?v WHERE { VALUES ?v { "=1+1" "@SUM(A1)" "+cmd" "-x" -5 "-5" "+3" "plain" } }"#;
    let csv = app.get_with(&format!("/sparql?{}", enc(q)), &[("Accept", "text/csv")]);
    assert_eq!(csv.status, 200, "{}", csv.text());
    let lines: Vec<String> = csv.text().lines().map(String::from).collect();
    assert_eq!(lines, ["v", "'=1+1", "'@SUM(A1)", "'+cmd", "'-x", "-5", "-5", "+3", "plain"], "{lines:?}");
    let tsv = app.get_with(&format!("/sparql?{}", enc(q)), &[("Accept", "text/tab-separated-values")]);
    let text = tsv.text();
    assert!(text.contains("\"'=1+1\"") && text.contains("\"'@SUM(A1)\"") && text.contains("\"-5\""), "{text}");
    assert!(text.lines().any(|l| l == "-5"), "the integer stays bare: {text}");
    // The JSON results keep the values exactly.
    let json = app.get_with(&format!("/sparql?{}", enc(q)), &[("Accept", "application/sparql-results+json")]).json();
    assert_eq!(json["results"]["bindings"][0]["v"]["value"], "=1+1");

    // A collection's CSV, from data that holds such a cell (a copy of the fixtures with one
    // note changed; the shipped data has none).
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let file = dir.path().join("initiatives.csv");
    let mut reader = csv::Reader::from_path(&file).expect("read");
    let headers = reader.headers().expect("header").clone();
    let note = headers.iter().position(|h| h == "note_en").expect("note_en");
    let mut rows: Vec<Vec<String>> = reader.records().map(|r| r.expect("row").iter().map(String::from).collect()).collect();
    rows[0][note] = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    let mut w = csv::Writer::from_path(&file).expect("write");
    w.write_record(&headers).expect("header");
    for r in &rows {
        w.write_record(r).expect("row");
    }
    w.flush().expect("flush");
    let path = dir.path().to_path_buf();
    let app = spawn_with(move |c| c.fixtures = Some(path));
    let id = rows[0][0].clone();
    let json = app.json(&format!("/api/v1/initiatives/{id}"));
    assert_eq!(json["note_en"], "=HYPERLINK(\"http://evil.example\",\"click\")", "the data itself is unchanged");
    for url in [format!("/api/v1/initiatives?id={id}&format=csv"), "/api/v1/initiatives?format=csv&limit=1".to_string()] {
        let csv = app.get(&url);
        assert_eq!(csv.status, 200, "{url}");
        let mut r = csv::Reader::from_reader(csv.body.as_slice());
        let h = r.headers().expect("header").clone();
        let row = r.records().next().expect("a row").expect("row");
        let cell = |name: &str| row.get(h.iter().position(|x| x == name).expect(name)).expect("cell").to_string();
        assert_eq!(cell("note_en"), "'=HYPERLINK(\"http://evil.example\",\"click\")", "{url}");
        assert_eq!(cell("status_year"), json["status_year"].to_string(), "numbers stay numbers");
    }
}

#[test]
fn language_links_of_a_page_never_leave_the_site() {
    let app = spawn();
    for path in ["//evil.example/x", "///evil.example/x", "/%2F%2Fevil.example/x"] {
        let r = app.get_with(path, &[("Accept", "text/html")]);
        assert_eq!(r.status, 404, "{path}");
        let html = r.text();
        assert!(!html.contains("href=\"//"), "{path}: a protocol-relative link in {html}");
        assert!(html.contains("href=\"/evil.example/x?lang=en\"") || html.contains("?lang=en\""), "{path}: {html}");
    }
    // A path with a backslash after the slash (browsers read `/\` as `//`).
    let r = app.get_with("/%5Cevil.example/x", &[("Accept", "text/html")]);
    assert!(!r.text().contains("href=\"/\\"), "{}", r.text());
}

#[test]
fn sparql_result_pages_link_only_web_and_mail_iris() {
    let app = spawn();
    let q = r#"SELECT ?i WHERE { VALUES ?i { <javascript:alert(1)> <JavaScript:alert(2)> <data:text/html,x> <https://www.digdir.no/> <mailto:post@example.org> } }"#;
    let r = app.get_with(&format!("/sparql?{}", enc(q)), &[("Accept", "text/html")]);
    assert_eq!(r.status, 200, "{}", r.snippet());
    let html = r.text();
    assert!(html.contains("javascript:alert(1)") && html.contains("data:text/html,x"), "shown as text: {html}");
    for bad in ["href=\"javascript:", "href=\"JavaScript:", "href=\"data:"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("href=\"https://www.digdir.no/\"") && html.contains("href=\"mailto:post@example.org\""), "{html}");
}

#[test]
fn ids_with_control_characters_are_a_404_not_a_500() {
    let app = spawn();
    for id in ["a%0D%0ALocation:%20http://evil.example", "a%00b", "%0A", "x%7F"] {
        let path = format!("/data/initiatives/{id}");
        let page = app.get_with(&path, &[("Accept", "text/html")]);
        assert_eq!(page.status, 404, "{path}: {}", page.snippet());
        assert!(page.content_type().starts_with("text/html"), "{path}");
        assert!(page.header("location").is_none(), "{path}");
        let program = app.get(&path);
        assert_eq!(program.status, 404, "{path}");
        assert!(program.content_type().starts_with("application/problem+json"), "{path}: {}", program.content_type());
        for other in [format!("/id/initiative/{id}"), format!("/api/v1/initiatives/{id}")] {
            let r = app.get(&other);
            assert!(r.status == 404 || r.status == 400, "{other}: {}", r.snippet());
            assert!(r.content_type().starts_with("application/problem+json"), "{other}: {}", r.content_type());
        }
    }
    // An ordinary id still redirects to its thing page.
    let ok = app.send("GET", "/data/initiatives/I01", &[("Accept", "text/html")], None).expect("answer");
    assert_eq!(ok.status, 200, "followed to the thing page");
}

#[test]
fn preflight_answers_carry_the_security_headers_and_a_request_id() {
    let app = spawn();
    let r = app
        .send(
            "OPTIONS",
            "/sparql",
            &[
                ("Origin", "https://example.org"),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            None,
        )
        .expect("answer");
    assert!(r.status == 200 || r.status == 204, "{}", r.snippet());
    assert!(r.header("access-control-allow-origin").is_some(), "a CORS answer");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert!(r.header("x-request-id").is_some() && r.header("server").is_none());
    // Ordinary answers keep them, and cross-origin reads still get CORS headers, 429s included.
    let get = app.get_with("/api/v1/initiatives?limit=1", &[("Origin", "https://example.org")]);
    assert_eq!(get.header("access-control-allow-origin"), Some("*"));
    assert_eq!(get.header("x-frame-options"), Some("DENY"));
    let limited = spawn_with(|c| {
        c.limits.expensive_per_second = 1;
        c.limits.expensive_burst = 1;
    });
    let statuses: Vec<crate::helpers::Resp> =
        (0..5).map(|_| limited.get_with("/api/v1/initiatives?q=data", &[("Origin", "https://example.org")])).collect();
    let refused = statuses.iter().find(|r| r.status == 429).expect("a 429");
    assert_eq!(refused.header("access-control-allow-origin"), Some("*"));
    assert_eq!(refused.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn unknown_paths_under_docs_are_problems_too() {
    let app = spawn();
    let r = app.get("/docs/no-such-file.js");
    assert_problem(&r, 404);
    assert_eq!(r.json()["type"], "urn:tiltak:problem:not-found");
    let page = app.get_with("/docs/no-such-file.js", &[("Accept", "text/html")]);
    assert_eq!(page.status, 404);
    assert!(page.content_type().starts_with("text/html"), "{}", page.content_type());
    assert_eq!(app.get("/docs/").status, 200, "Swagger UI itself is there");
}

#[test]
fn the_nesting_check_sees_through_a_less_than_and_an_escaped_hash() {
    let app = spawn();
    let deep = format!("{}1{}", "(".repeat(20_000), ")".repeat(20_000));
    let queries = [
        // `<` as the operator with no space: a naive scan takes `<(((…)))>` for an IRI.
        format!("SELECT * WHERE {{ ?s ?p ?a FILTER(?a<{deep}>?b) }}"),
        // `\#` inside a prefixed name: a naive scan takes the rest of the line for a comment.
        format!("PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\#b ?o FILTER({deep}) }}"),
    ];
    for q in &queries {
        let r = app.post("/sparql", "application/sparql-query", q.as_bytes(), &[("Accept", "application/sparql-results+json")]);
        let body = assert_problem(&r, 400);
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("nests")), "{}", r.text());
    }
    // The server is still up and ordinary queries with both spellings work.
    let fine = app.post(
        "/sparql",
        "application/sparql-query",
        b"PREFIX ex: <http://example.org/> SELECT * WHERE { VALUES ?a { 1 } FILTER(?a<(2)) OPTIONAL { ?s ex:a\\#b ?o } }",
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(fine.status, 200, "{}", fine.text());
}

#[test]
fn integer_parameters_take_integers_as_the_openapi_document_writes_them() {
    let app = spawn();
    for (path, parameter) in [
        ("/api/v1/initiatives?status_year__gte=%2B5", "status_year__gte"),
        ("/api/v1/initiatives?status_year__lte=02021", "status_year__lte"),
        ("/api/v1/initiatives?status_year=-0", "status_year"),
        ("/api/v1/initiatives?limit=%2B5", "limit"),
        ("/api/v1/initiatives?limit=05", "limit"),
        ("/catalog.ttl?page=01", "page"),
        ("/catalog.ttl?page=1&per_page=%2B10", "per_page"),
        // A facet name is one of the enum's names exactly (schemathesis seed 5 sent a space).
        ("/api/v1/reports?facet=+", "facet"),
        ("/api/v1/reports?facet=%20year_covered", "facet"),
    ] {
        let body = assert_problem(&app.get(path), 400);
        assert_eq!(body["parameter"], parameter, "{path}");
    }
    for path in
        ["/api/v1/initiatives?status_year__gte=2021&limit=5", "/api/v1/initiatives?status_year__gte=-5", "/catalog.ttl?page=1&per_page=10"]
    {
        assert_eq!(app.get(path).status, 200, "{path}");
    }
}
