//! Issue 4: the SPARQL 1.1 Protocol endpoint — every protocol form, every result format parsed
//! back, read-only, bounded, cached — and the JSON/SPARQL consistency check.

use crate::helpers::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};
use std::time::{Duration, Instant};
use tiltak::model::{Kind, ENTITIES};

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("query", s)]).expect("encode")
}

fn prefixes(app: &TestApp) -> String {
    format!(
        "PREFIX tt: <{}/def/> PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ",
        app.base
    )
}

/// Solutions of a SELECT answered in `format`.
fn solutions(body: &[u8], format: QueryResultsFormat) -> Vec<Vec<Option<String>>> {
    if format == QueryResultsFormat::Csv {
        // SPARQL CSV is lossy (oxigraph does not parse it back): read it as plain RFC 4180 CSV.
        let mut r = csv::Reader::from_reader(body);
        return r.records().map(|rec| rec.expect("csv row").iter().map(|v| (!v.is_empty()).then(|| v.to_string())).collect()).collect();
    }
    select_answer(body, format)
        .1
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|t| {
                    t.map(|t| match t {
                        oxigraph::model::Term::Literal(l) => l.value().to_string(),
                        other => other.to_string(),
                    })
                })
                .collect()
        })
        .collect()
}

fn count(app: &TestApp, query: &str) -> u64 {
    let r =
        app.get_with(&format!("/sparql?{}", enc(&format!("{}{query}", prefixes(app)))), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(r.status, 200, "{query}: {}", r.text());
    let rows = solutions(&r.body, QueryResultsFormat::Json);
    rows[0][0].as_deref().expect("bound").parse().expect("integer")
}

#[test]
fn protocol_forms_and_result_formats() {
    let app = spawn();
    let q = format!("{}SELECT ?id WHERE {{ ?s a tt:Initiative ; dct:identifier ?id }} ORDER BY ?id", prefixes(&app));
    let get = app.get_with(&format!("/sparql?{}", enc(&q)), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(get.status, 200, "{}", get.text());
    let expected = solutions(&get.body, QueryResultsFormat::Json);
    assert_eq!(expected.len(), 33);
    assert_eq!(expected[0][0].as_deref(), Some("I01"));
    let form =
        app.post("/sparql", "application/x-www-form-urlencoded", enc(&q).as_bytes(), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(solutions(&form.body, QueryResultsFormat::Json), expected);
    let direct = app.post("/sparql", "application/sparql-query", q.as_bytes(), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(solutions(&direct.body, QueryResultsFormat::Json), expected);
    for (accept, format, ct) in [
        ("application/sparql-results+xml", QueryResultsFormat::Xml, "application/sparql-results+xml"),
        ("text/csv", QueryResultsFormat::Csv, "text/csv"),
        ("text/tab-separated-values", QueryResultsFormat::Tsv, "text/tab-separated-values"),
    ] {
        let r = app.get_with(&format!("/sparql?{}", enc(&q)), &[("Accept", accept)]);
        assert_eq!(r.status, 200);
        assert!(r.content_type().starts_with(ct), "{accept}: {}", r.content_type());
        let rows = solutions(&r.body, format);
        assert_eq!(rows.len(), 33, "{accept}");
    }
    let by_param = app.get(&format!("/sparql?{}&format=tsv", enc(&q)));
    assert!(by_param.content_type().starts_with("text/tab-separated-values"));
    // ASK
    let ask = app.get_with(
        &format!("/sparql?{}", enc(&format!("{}ASK {{ ?s skos:notation \"4.4\" }}", prefixes(&app)))),
        &[("Accept", "application/sparql-results+xml")],
    );
    match QueryResultsParser::from_format(QueryResultsFormat::Xml).for_slice(&ask.body).expect("parse") {
        SliceQueryResultsParserOutput::Boolean(b) => assert!(b),
        _ => panic!("boolean expected"),
    }
    // CONSTRUCT in every graph format, parsed back.
    let c = format!("{}CONSTRUCT {{ ?s skos:prefLabel ?l }} WHERE {{ ?s a tt:FocusArea ; skos:prefLabel ?l }}", prefixes(&app));
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/ld+json", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() }),
        ("application/trig", RdfFormat::TriG),
        ("application/n-quads", RdfFormat::NQuads),
    ] {
        let r = app.get_with(&format!("/sparql?{}", enc(&c)), &[("Accept", accept)]);
        assert_eq!(r.status, 200, "{accept}: {}", r.text());
        let quads: Vec<_> =
            RdfParser::from_format(format).for_slice(&r.body).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{accept}: {e}"));
        let areas = fixture_rows("focus_areas.csv").len();
        assert_eq!(quads.len(), areas * 2, "{accept}: nb and en label per focus area");
    }
    let cors = app.get_with(&format!("/sparql?{}", enc(&q)), &[("Origin", "https://example.org")]);
    assert_eq!(cors.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn dataset_parameters_are_honoured() {
    let app = spawn();
    let all = count(&app, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    let in_vocab = count(&app, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}/graph/vocab> {{ ?s ?p ?o }} }}", app.base));
    assert!(in_vocab > 0 && in_vocab < all);
    let q = enc("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    let r = app.get_with(
        &format!("/sparql?{q}&default-graph-uri={}", urlenc(&format!("{}/graph/vocab", app.base))),
        &[("Accept", "application/sparql-results+json")],
    );
    let rows = solutions(&r.body, QueryResultsFormat::Json);
    assert_eq!(rows[0][0].as_deref().and_then(|n| n.parse::<u64>().ok()), Some(in_vocab));
    let named = enc("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    let r = app.get_with(
        &format!(
            "/sparql?{named}&named-graph-uri={}&named-graph-uri={}",
            urlenc(&format!("{}/graph/vocab", app.base)),
            urlenc(&format!("{}/graph/data", app.base))
        ),
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(solutions(&r.body, QueryResultsFormat::Json)[0][0].as_deref(), Some("2"));
}

fn urlenc(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).expect("enc")[2..].to_string()
}

#[test]
fn updates_service_and_malformed_queries_are_refused() {
    let app = spawn();
    let update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }";
    for r in [
        app.post("/sparql", "application/sparql-update", update.as_bytes(), &[]),
        app.post(
            "/sparql",
            "application/x-www-form-urlencoded",
            serde_urlencoded::to_string([("update", update)]).expect("enc").as_bytes(),
            &[],
        ),
        app.get(&format!("/sparql?{}", serde_urlencoded::to_string([("update", update)]).expect("enc"))),
        app.get(&format!("/sparql?{}", enc(update))),
        app.post("/sparql", "application/sparql-query", b"LOAD <http://example.org/data.ttl>", &[]),
    ] {
        assert_eq!(r.status, 403, "{}", r.text());
        assert!(r.text().contains("read-only"));
    }
    let count_after = count(&app, "SELECT (COUNT(*) AS ?n) WHERE { <http://example.org/a> ?p ?o }");
    assert_eq!(count_after, 0, "nothing was inserted");
    let service = app.get(&format!("/sparql?{}", enc("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")));
    assert_eq!(service.status, 403, "SERVICE refused: {}", service.text());
    assert!(service.json()["detail"].as_str().is_some_and(|d| d.contains("SERVICE")), "{}", service.text());
    let bad = app.get(&format!("/sparql?{}", enc("SELECT ?s WHERE { ?s ?p }")));
    assert_eq!(bad.status, 400);
    let detail = bad.json()["detail"].as_str().unwrap_or("").to_string();
    assert!(detail.contains("syntax error") && detail.contains("1:"), "parser message with position: {detail}");
    assert_eq!(app.post("/sparql", "text/plain", b"SELECT * {}", &[]).status, 415);
    assert_eq!(app.post("/sparql", "application/sparql-query", &[0xff, 0xfe, 0x00], &[]).status, 400);
    assert_eq!(app.get(&format!("/sparql?{}&{}", enc("ASK {}"), enc("ASK {}"))).status, 400, "two queries");
    assert_eq!(app.request("PUT", "/sparql").status, 405);
    let r = app.get_with(&format!("/sparql?{}", enc("ASK {}")), &[("Accept", "image/png")]);
    assert_eq!(r.status, 406);
}

#[test]
fn service_description_without_a_query() {
    let app = spawn();
    let r = app.get_with("/sparql", &[("Accept", "text/turtle")]);
    assert_eq!(r.status, 200);
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle).for_slice(&r.body).collect::<Result<_, _>>().expect("turtle");
    assert!(quads.iter().any(|q| q.predicate.as_str() == "http://www.w3.org/ns/sparql-service-description#endpoint"
        && q.object.to_string() == format!("<{}/sparql>", app.base)));
}

#[test]
fn expensive_query_is_cut_at_the_limit_while_others_are_served() {
    let app = spawn_with(|c| {
        c.sparql_timeout = Duration::from_millis(1500);
        c.sparql_max_concurrent = 1;
        // Refuse at once when the slot is taken: this test is about the cap itself.
        c.sparql_queue_wait = Duration::ZERO;
    });
    let base = app.base.clone();
    let heavy = enc("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }");
    let worker = std::thread::spawn(move || {
        let app = TestApp { base, state: None };
        // The probes below may hold the only slot for a moment; the heavy query waits its turn.
        loop {
            let r = app.get(&format!("/sparql?{heavy}"));
            if r.status != 503 || r.json()["type"] != "urn:tiltak:problem:too-busy" {
                return r;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    // While it runs: /health answers, and a second query meets the concurrency cap.
    let mut saw_busy = false;
    let started = Instant::now();
    while !worker.is_finished() && started.elapsed() < Duration::from_secs(30) {
        assert_eq!(app.get("/health").status, 200);
        // no-cache: a cached ASK would be answered without a slot and never meet the cap.
        let r = app.get_with(&format!("/sparql?{}", enc("ASK { ?s ?p ?o }")), &[("Cache-Control", "no-cache")]);
        if r.status == 503 {
            assert!(r.header("retry-after").is_some());
            saw_busy = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let r = worker.join().expect("worker");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["type"], "urn:tiltak:problem:timeout");
    assert!(saw_busy, "a concurrent query got 503 + Retry-After");
    assert_eq!(app.get("/health").status, 200);
}

#[test]
fn repeated_queries_are_served_from_the_cache() {
    let app = spawn();
    let q = format!("/sparql?{}", enc("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"));
    let first = app.get(&q);
    assert_eq!(first.header("x-cache"), Some("miss"));
    let second = app.get(&q);
    assert_eq!(second.header("x-cache"), Some("hit"));
    assert_eq!(first.body, second.body);
}

/// A burst of the same uncached query (as after a reload, when the answer cache is empty) queues
/// for the slots instead of failing: every request is answered, most from the first one's answer.
#[test]
fn a_burst_of_one_query_queues_for_a_slot_instead_of_failing() {
    let app = spawn_with(|c| {
        c.sparql_max_concurrent = 1;
        c.sparql_queue_wait = Duration::from_secs(30);
    });
    let q = format!("/sparql?{}", enc("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"));
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(16));
    let burst: Vec<_> = (0..16)
        .map(|_| {
            let (app, q, barrier) = (TestApp { base: app.base.clone(), state: None }, q.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                app.get(&q)
            })
        })
        .collect();
    let answers: Vec<_> = burst.into_iter().map(|t| t.join().expect("request thread")).collect();
    assert!(answers.iter().all(|r| r.status == 200), "{:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    assert!(answers.iter().all(|r| r.body == answers[0].body), "one answer for one query");
    let misses = answers.iter().filter(|r| r.header("x-cache") == Some("miss")).count();
    assert!(misses < 16, "waiting requests find the first answer in the cache ({misses} misses)");
}

/// For every entity: the number of things and their key values agree between JSON and SPARQL.
#[test]
fn json_and_sparql_agree_for_every_entity() {
    let app = spawn_with(|c| c.demo = true);
    for e in ENTITIES {
        let json_items = walk(&app, &format!("/api/v1/{}?limit=1000", e.collection));
        let prefix = if e.collection == "codes" { format!("{}/def/", app.base) } else { format!("{}/id/{}/", app.base, e.item_type) };
        let n = count(
            &app,
            &format!("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s dct:identifier ?id FILTER(STRSTARTS(STR(?s), \"{prefix}\")) }}"),
        );
        assert_eq!(n, json_items.len() as u64, "count of {}", e.collection);
        let label = e.field(e.label_field).expect("label field");
        let Some(pred) = label.rdf else { continue };
        let pred_iri = tiltak::rdf::expand(&app.base, pred).expect("predicate");
        let lang_filter = if label.kind == Kind::Lang { "FILTER(LANG(?l) = \"nb\")" } else { "" };
        let q = format!(
            // The concept catalogue (issue 20) adds the IRI as an xsd:anyURI identifier, as SKOS-AP-NO asks;
            // the harvest documents repeat some triples of the data graph in their own named graphs
            // (the union sees one fact per graph), hence DISTINCT.
            "{}SELECT DISTINCT ?id ?l WHERE {{ ?s dct:identifier ?id ; <{pred_iri}> ?l {lang_filter} FILTER(STRSTARTS(STR(?s), \"{prefix}\") && DATATYPE(?id) != <http://www.w3.org/2001/XMLSchema#anyURI>) }} ORDER BY ?id",
            prefixes(&app)
        );
        let r = app.get_with(&format!("/sparql?{}", enc(&q)), &[("Accept", "application/sparql-results+json")]);
        let mut from_sparql: Vec<(String, String)> = solutions(&r.body, QueryResultsFormat::Json)
            .into_iter()
            .map(|row| (row[0].clone().unwrap_or_default(), row[1].clone().unwrap_or_default()))
            .collect();
        let mut from_json: Vec<(String, String)> = json_items
            .iter()
            .filter_map(|i| {
                let v = &i[label.name];
                let l = if label.kind == Kind::Lang { v["nb"].as_str() } else { v.as_str() };
                l.map(|l| (i["id"].as_str().unwrap_or_default().to_string(), l.to_string()))
            })
            .collect();
        from_sparql.sort();
        from_json.sort();
        if pred == "rdfs:label" {
            // rdfs:label also carries the composed nb/en labels of rdf::labels: every JSON label
            // must be there, and nothing for a record the JSON does not have.
            for pair in &from_json {
                assert!(from_sparql.contains(pair), "label {pair:?} of {} in SPARQL", e.collection);
            }
            let ids: std::collections::BTreeSet<String> = json_items.iter().filter_map(|i| i["id"].as_str().map(str::to_string)).collect();
            assert!(from_sparql.iter().all(|(id, _)| ids.contains(id)), "labels of unknown {} in SPARQL", e.collection);
        } else {
            assert_eq!(from_sparql, from_json, "labels of {}", e.collection);
        }
    }
}
