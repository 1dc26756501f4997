//! Issue 3: filters, full-text search, sort, keyset pages, facets, fields, CSV, caching, CORS,
//! compression and every bad-input case — on real collections and on synthetic measures.

use crate::helpers::*;
use std::collections::{HashMap, HashSet};

fn ids(body: &serde_json::Value) -> Vec<String> {
    body["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn filters_exact_several_ranges_and_nulls() {
    let app = spawn();
    let rows = fixture_rows("initiatives.csv");
    let in_area_4 = rows.iter().filter(|r| r["focus_area_id"] == "4").count() as u64;
    assert_eq!(app.json("/api/v1/initiatives?focus_area_id=4")["total"].as_u64(), Some(in_area_4));
    let in_4_or_5 = rows.iter().filter(|r| r["focus_area_id"] == "4" || r["focus_area_id"] == "5").count() as u64;
    assert_eq!(app.json("/api/v1/initiatives?focus_area_id=4&focus_area_id=5")["total"].as_u64(), Some(in_4_or_5));
    let not_started = rows.iter().filter(|r| r["status"] == "not-started").count() as u64;
    assert!(not_started > 0);
    assert_eq!(app.json("/api/v1/initiatives?status=not-started")["total"].as_u64(), Some(not_started));
    let no_status = rows.iter().filter(|r| r["status"].is_empty()).count() as u64;
    assert_eq!(app.json("/api/v1/initiatives?status__isnull=true")["total"].as_u64(), Some(no_status));
    assert_eq!(app.json("/api/v1/initiatives?status__isnull=false")["total"].as_u64(), Some(rows.len() as u64 - no_status));
    // Numeric and date ranges.
    let ind = fixture_rows("indicators.csv");
    let from_2021 = ind.iter().filter(|r| r["reference_year"].parse::<i64>().is_ok_and(|y| (2021..=2023).contains(&y))).count() as u64;
    assert_eq!(app.json("/api/v1/indicators?reference_year__gte=2021&reference_year__lte=2023")["total"].as_u64(), Some(from_2021));
    let big = ind.iter().filter(|r| r["value_numeric"].parse::<f64>().is_ok_and(|v| v >= 50.0)).count() as u64;
    assert_eq!(app.json("/api/v1/indicators?value_numeric__gte=50")["total"].as_u64(), Some(big));
    let src = fixture_rows("sources.csv");
    let early = src.iter().filter(|r| !r["published"].is_empty() && r["published"].as_str() <= "2020-12-31").count() as u64;
    assert_eq!(app.json("/api/v1/sources?published__lte=2020-12-31")["total"].as_u64(), Some(early));
    // Booleans.
    let skate = fixture_rows("focus_areas.csv").iter().filter(|r| r["followed_by_skate"] == "true").count() as u64;
    assert_eq!(app.json("/api/v1/focus-areas?followed_by_skate=true")["total"].as_u64(), Some(skate));
}

#[test]
fn startswith_filters_ids_references_and_tags_by_prefix() {
    let app = spawn();
    let rows = fixture_rows("initiatives.csv");
    let under_4 = rows.iter().filter(|r| r["official_number"].starts_with("4.")).count() as u64;
    assert!(under_4 > 0);
    assert_eq!(app.json("/api/v1/initiatives?official_number__startswith=4.")["total"].as_u64(), Some(under_4));
    let i0 = rows.iter().filter(|r| r["id"].starts_with("I0")).count() as u64;
    assert_eq!(app.json("/api/v1/initiatives?id__startswith=I0&limit=1000")["total"].as_u64(), Some(i0));
    // Case-sensitive, and wildcards are text like any other.
    assert_eq!(app.json("/api/v1/initiatives?id__startswith=i0")["total"].as_u64(), Some(0));
    assert_eq!(app.json("/api/v1/initiatives?official_number__startswith=%2A")["total"].as_u64(), Some(0));
    // Not on code lists or numbers: refused with the operators the field has.
    assert_400(&app, "/api/v1/initiatives?status__startswith=not", "status__startswith");
    assert_400(&app, "/api/v1/initiatives?status_year__startswith=20", "status_year__startswith");
    let allowed = app.get("/api/v1/initiatives?official_number__near=4").json()["allowed"].clone();
    assert!(allowed.as_array().is_some_and(|a| a.iter().any(|v| v == "startswith")), "{allowed}");
}

#[test]
fn full_text_search_handles_norwegian_letters_and_accents() {
    let app = spawn();
    // "økosystem" is in the name of focus area 3.
    let body = app.json("/api/v1/focus-areas?q=%C3%B8kosystem");
    assert!(ids(&body).contains(&"3".to_string()), "{body}");
    let upper = app.json("/api/v1/focus-areas?q=%C3%98KOSYSTEM");
    assert_eq!(ids(&upper), ids(&body), "case-insensitive for Ø");
    // Accent folding: "ide" finds "idé" (phase code label) and vice versa.
    let a = app.json("/api/v1/codes?q=id%C3%A9");
    let b = app.json("/api/v1/codes?q=ide");
    assert!(ids(&a).iter().any(|i| i == "phase:idea"), "{a}");
    assert!(ids(&b).iter().any(|i| i == "phase:idea"), "{b}");
    // Relevance is the default order with q; results can be filtered at the same time.
    let datafab = app.json("/api/v1/initiatives?q=Datafabrikken&focus_area_id=2");
    assert!(ids(&datafab).contains(&"I03".to_string()) && ids(&datafab).contains(&"I12".to_string()), "{datafab}");
    let nothing = app.json("/api/v1/initiatives?q=zzzyxq");
    assert_eq!(nothing["total"], 0);
}

#[test]
fn sort_is_stable_and_pages_cover_everything_once() {
    let app = spawn();
    let rows = fixture_rows("initiatives.csv");
    for sort in ["focus_area_id", "-focus_area_id", "status", "-status_year", "name", "kind", "-id"] {
        let items = walk(&app, &format!("/api/v1/initiatives?sort={sort}&limit=4"));
        let got: Vec<String> = items.iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
        assert_eq!(got.len(), rows.len(), "sort={sort}");
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), rows.len(), "each exactly once for sort={sort}");
        let full = app.json(&format!("/api/v1/initiatives?sort={sort}&limit=1000"));
        assert_eq!(ids(&full), got, "paged order equals unpaged order for sort={sort}");
    }
    let desc = app.json("/api/v1/initiatives?sort=-id&limit=3");
    assert_eq!(ids(&desc), vec!["I33", "I32", "I31"]);
}

#[test]
fn facets_count_values_including_nulls() {
    let app = spawn();
    let body = app.json("/api/v1/initiatives?facet=status&facet=focus_area_id");
    let total = body["total"].as_u64().expect("total");
    for f in ["status", "focus_area_id"] {
        let values = body["facets"][f].as_array().expect("facet values");
        let sum: u64 = values.iter().map(|v| v["count"].as_u64().expect("count")).sum();
        assert_eq!(sum, total, "facet {f} adds up");
    }
    assert!(body["facets"]["status"].as_array().expect("values").iter().any(|v| v["value"].is_null()), "null counted");
    let filtered = app.json("/api/v1/initiatives?focus_area_id=3&facet=kind");
    let sum: u64 = filtered["facets"]["kind"].as_array().expect("kind").iter().map(|v| v["count"].as_u64().unwrap_or(0)).sum();
    assert_eq!(sum, filtered["total"].as_u64().expect("total"), "facets count the filtered set");
}

#[test]
fn field_selection() {
    let app = spawn();
    let body = app.json("/api/v1/initiatives?fields=name,status&limit=2");
    for item in body["items"].as_array().expect("items") {
        let keys: HashSet<&str> = item.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, HashSet::from(["id", "name", "status"]));
    }
}

fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("header").iter().map(String::from).collect();
    let rows = r.records().map(|x| x.expect("csv row").iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn csv_has_the_same_rows_filters_and_order() {
    let app = spawn();
    for (path, q) in [
        ("/api/v1/initiatives", "sort=-status&focus_area_id=3&focus_area_id=2"),
        ("/api/v1/statistics", "survey_id=2018"),
        ("/api/v1/indicators", ""),
    ] {
        let json = app.json(&format!("{path}?{q}&limit=1000"));
        let r = app.get_with(&format!("{path}?{q}"), &[("Accept", "text/csv")]);
        assert_eq!(r.status, 200);
        assert!(r.content_type().starts_with("text/csv"), "{}", r.content_type());
        let (header, rows) = csv_records(&r.text());
        assert_eq!(rows.len() as u64, json["total"].as_u64().expect("total"), "{path}?{q}");
        assert_eq!(header[0], "id");
        let csv_ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(csv_ids, ids(&json), "same order");
        assert!(header.contains(&"name_nb".to_string()) || path != "/api/v1/initiatives", "language maps flattened");
        let by_format = app.get(&format!("{path}?{q}&format=csv"));
        assert_eq!(by_format.body, r.body, "?format=csv equals Accept: text/csv");
        assert!(r.text().contains("\r\n"), "RFC 4180 line ends");
    }
}

#[test]
fn json_lines_stream_every_matching_record_one_object_per_line() {
    let app = spawn();
    let cases = [
        ("/api/v1/initiatives?format=ndjson", "/api/v1/initiatives?limit=1000", None),
        ("/api/v1/initiatives?status=not-started&format=ndjson", "/api/v1/initiatives?status=not-started&limit=1000", None),
        ("/api/v1/initiatives?sort=-id", "/api/v1/initiatives?sort=-id&limit=1000", Some("application/x-ndjson")),
    ];
    for (path, json_path, accept) in cases {
        let r = match accept {
            Some(a) => app.get_with(path, &[("Accept", a)]),
            None => app.get(path),
        };
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.content_type(), "application/x-ndjson", "{path}");
        let text = r.text();
        assert!(text.ends_with('\n'), "{path}: every line ends with a newline");
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: a line is not JSON ({e}): {l}"))).collect();
        // Every matching record once, in the order and shape of the JSON pages.
        let page = app.json(json_path);
        assert_eq!(lines.len() as u64, page["total"].as_u64().expect("total"), "{path}");
        assert_eq!(lines, *page["items"].as_array().expect("items"), "{path}");
    }
    // `limit` and `fields` as in CSV.
    let r = app.get("/api/v1/initiatives?format=ndjson&limit=2&fields=name");
    let lines: Vec<serde_json::Value> = r.text().lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.as_object().is_some_and(|o| o.keys().eq(["id", "name"]))), "{lines:?}");
}

#[test]
fn etag_304_last_modified_cache_control_cors_and_compression() {
    let app = spawn();
    let path = "/api/v1/initiatives?sort=-id&limit=5";
    let r = app.get(path);
    let etag = r.header("etag").expect("etag").to_string();
    assert!(etag.starts_with('"'), "strong validator {etag}");
    assert!(r.header("last-modified").is_some());
    assert!(r.header("cache-control").is_some_and(|c| c.contains("public")));
    let again = app.get_with(path, &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let other = app.get_with("/api/v1/initiatives?sort=-id&limit=6", &[("If-None-Match", &etag)]);
    assert_eq!(other.status, 200, "another query has another ETag");
    let csv = app.get_with(path, &[("Accept", "text/csv"), ("If-None-Match", &etag)]);
    assert_eq!(csv.status, 200, "another representation has another ETag");
    let cors = app.get_with(path, &[("Origin", "https://example.org")]);
    assert_eq!(cors.header("access-control-allow-origin"), Some("*"));
    let gz = app.get_with("/api/v1/indicators?limit=1000", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let br = app.get_with("/api/v1/indicators?limit=1000", &[("Accept-Encoding", "br")]);
    assert_eq!(br.header("content-encoding"), Some("br"));
}

fn assert_400(app: &TestApp, path: &str, parameter: &str) {
    let r = app.get(path);
    assert_eq!(r.status, 400, "{path}: {}", r.text());
    assert!(r.content_type().starts_with("application/problem+json"), "{path}");
    let p = r.json();
    assert_eq!(p["parameter"].as_str(), Some(parameter), "{path}: {p}");
    assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()));
}

#[test]
fn bad_input_gets_a_400_problem_naming_the_parameter() {
    let app = spawn();
    assert_400(&app, "/api/v1/initiatives?colour=red", "colour");
    assert_400(&app, "/api/v1/initiatives?sort=colour", "sort");
    assert_400(&app, "/api/v1/initiatives?sort=note_en", "sort");
    assert_400(&app, "/api/v1/initiatives?facet=colour", "facet");
    assert_400(&app, "/api/v1/initiatives?fields=id,colour", "fields");
    assert_400(&app, "/api/v1/initiatives?status=sleeping", "status");
    assert_400(&app, "/api/v1/sources?published__gte=2020-13-45", "published__gte");
    assert_400(&app, "/api/v1/indicators?reference_year=twenty", "reference_year");
    assert_400(&app, "/api/v1/indicators?value_numeric__lte=lots", "value_numeric__lte");
    assert_400(&app, "/api/v1/initiatives?status__like=x", "status__like");
    assert_400(&app, "/api/v1/initiatives?limit=0", "limit");
    assert_400(&app, "/api/v1/initiatives?limit=1001", "limit");
    assert_400(&app, "/api/v1/initiatives?limit=ten", "limit");
    assert_400(&app, "/api/v1/initiatives?cursor=forged", "cursor");
    assert_400(&app, "/api/v1/initiatives?format=xlsx", "format");
    // Any string is a valid `q` (the OpenAPI says so; schemathesis checks it): one without words matches nothing.
    let wordless = app.json("/api/v1/initiatives?q=%20%21%21");
    assert_eq!((wordless["total"].as_u64(), wordless["items"].as_array().map(Vec::len)), (Some(0), Some(0)));
    let empty_cursor = app.json("/api/v1/initiatives?limit=2&cursor=");
    assert_eq!(empty_cursor["items"], app.json("/api/v1/initiatives?limit=2")["items"], "an empty cursor is the first page");
    // A cursor from another query is refused (stale or forged for this one).
    let first = app.json("/api/v1/initiatives?limit=2");
    let next = first["next"].as_str().expect("next");
    let cursor = next.split("cursor=").nth(1).expect("cursor");
    assert_400(&app, &format!("/api/v1/initiatives?limit=2&sort=-id&cursor={cursor}"), "cursor");
    let tampered = format!("{}0", cursor);
    assert_400(&app, &format!("/api/v1/initiatives?limit=2&cursor={tampered}"), "cursor");
    let r = app.get_with("/api/v1/initiatives", &[("Accept", "image/png")]);
    assert_eq!(r.status, 406);
    // Injection attempts are just values.
    let r = app.get("/api/v1/initiatives?official_number=1%27%3B%20DROP%20TABLE%20initiatives%3B--");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["total"], 0);
    assert_eq!(app.json("/api/v1/initiatives")["total"], 33);
}

#[test]
fn synthetic_measures_have_the_published_marginals() {
    let s = tiltak::synth::generate(&tiltak::synth::SynthOptions { seed: 7, scale: 1 }).expect("synth");
    assert_eq!(s.rows, 412);
    let (header, rows) = csv_records(&s.csv);
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let count = |c: usize| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for r in &rows {
            *m.entry(r[c].clone()).or_default() += 1;
        }
        m
    };
    let purpose = count(col("main_purpose"));
    for (code, n) in &s.marginals.main_purpose {
        assert_eq!(purpose.get(code), Some(n), "{code}");
    }
    let impact = count(col("municipal_impact"));
    for (code, n) in &s.marginals.municipal_impact {
        assert_eq!(impact.get(code), Some(n), "{code}");
    }
    assert_eq!(count(col("discussed_with_ks")).get("true"), Some(&61));
    assert!(rows.iter().all(|r| r[col("synthetic")] == "true"));
    let again = tiltak::synth::generate(&tiltak::synth::SynthOptions { seed: 7, scale: 1 }).expect("synth");
    assert_eq!(again.csv, s.csv, "deterministic for a seed");
    let big = tiltak::synth::generate(&tiltak::synth::SynthOptions { seed: 7, scale: 3 }).expect("synth");
    assert_eq!(big.rows, 1236);
}

#[test]
fn demo_measures_are_queryable_and_labelled_synthetic() {
    let app = spawn_with(|c| c.demo = true);
    let body = app.json("/api/v1/measures?facet=main_purpose&facet=municipal_impact&facet=discussed_with_ks&limit=50");
    assert_eq!(body["total"], 412);
    let facet = |f: &str| -> HashMap<String, u64> {
        body["facets"][f]
            .as_array()
            .expect("facet")
            .iter()
            .map(|v| (v["value"].to_string().trim_matches('"').to_string(), v["count"].as_u64().unwrap_or(0)))
            .collect()
    };
    let marginals = tiltak::synth::published_marginals().expect("marginals");
    for (code, n) in &marginals.main_purpose {
        assert_eq!(facet("main_purpose").get(code), Some(&(*n as u64)), "{code}");
    }
    assert_eq!(facet("discussed_with_ks").get("true"), Some(&61));
    let walked = walk(&app, "/api/v1/measures?sort=main_purpose&limit=37");
    assert_eq!(walked.len(), 412);
    assert_eq!(walked.iter().map(|i| i["id"].as_str().expect("id")).collect::<HashSet<_>>().len(), 412);
    assert!(walked.iter().all(|i| i["synthetic"] == true));
    let csv = app.get("/api/v1/measures?format=csv&municipal_impact=whole-sector");
    assert_eq!(csv_records(&csv.text()).1.len(), 95);
    let search = app.json("/api/v1/measures?q=synthetic&limit=1");
    assert_eq!(search["total"], 412);
    // The catalogue says so.
    let cat = app.get("/catalog.ttl").text();
    assert!(cat.contains("SYNTHETIC") && cat.contains("measures-synthetic"), "synthetic dataset in the catalogue");
    // The default database has no measures.
    let plain = spawn();
    assert_eq!(plain.json("/api/v1/measures")["total"], 0);
}
