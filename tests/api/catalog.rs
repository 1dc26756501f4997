//! Issue 5: the DCAT-AP-NO catalogue — one document, every format isomorphic, every URL in it
//! answers with the announced media type, every text in nb and en, SPARQL sees it.

use crate::helpers::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::graph::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, Triple};
use std::collections::{HashMap, HashSet};

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const LOS_THEME: &str = "https://psi.norge.no/los/tema/";

fn graph(body: &[u8], format: RdfFormat) -> Graph {
    let mut g = Graph::new();
    for q in RdfParser::from_format(format).for_slice(body) {
        let q = q.expect("parsable");
        g.insert(&Triple::new(q.subject, q.predicate, q.object));
    }
    g
}

#[test]
fn every_format_is_the_same_graph() {
    let app = spawn();
    let mut reference = graph(&app.get_with("/catalog", &[("Accept", "text/turtle")]).body, RdfFormat::Turtle);
    assert!(reference.len() > 200);
    reference.canonicalize(CanonicalizationAlgorithm::Unstable);
    for (path, accept, format) in [
        ("/catalog.ttl", "", RdfFormat::Turtle),
        ("/catalog.rdf", "", RdfFormat::RdfXml),
        ("/catalog.jsonld", "", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
        ("/catalog.nt", "", RdfFormat::NTriples),
        ("/catalog", "application/rdf+xml", RdfFormat::RdfXml),
        ("/catalog", "application/ld+json", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
        ("/catalog", "application/n-triples", RdfFormat::NTriples),
    ] {
        let headers: Vec<(&str, &str)> = if accept.is_empty() { vec![] } else { vec![("Accept", accept)] };
        let r = app.get_with(path, &headers);
        assert_eq!(r.status, 200, "{path} {accept}");
        let mut g = graph(&r.body, format);
        g.canonicalize(CanonicalizationAlgorithm::Unstable);
        assert!(g == reference, "{path} {accept} is isomorphic to the Turtle catalogue");
    }
    let html = app.get_with("/catalog", &[("Accept", "text/html")]);
    assert!(html.text().contains("<h2>"), "browsers get a page listing datasets");
    let etag = app.get("/catalog.ttl").header("etag").expect("etag").to_string();
    assert_eq!(app.get_with("/catalog.ttl", &[("If-None-Match", &etag)]).status, 304);
}

fn objects(g: &Graph, s: &str, p: &str) -> Vec<String> {
    g.iter()
        .filter(|t| t.subject.to_string() == format!("<{s}>") && t.predicate.as_str() == p)
        .map(|t| match t.object {
            oxigraph::model::TermRef::NamedNode(n) => n.as_str().to_string(),
            o => o.to_string(),
        })
        .collect()
}

#[test]
fn every_url_in_the_catalogue_answers_with_its_media_type() {
    let app = spawn();
    let g = graph(&app.get("/catalog.ttl").body, RdfFormat::Turtle);
    let mut checked = 0;
    for t in g.iter() {
        let p = t.predicate.as_str();
        if ![format!("{DCAT}accessURL"), format!("{DCAT}downloadURL"), format!("{DCAT}endpointURL"), format!("{DCAT}endpointDescription")]
            .iter()
            .any(|x| x == p)
        {
            continue;
        }
        let oxigraph::model::TermRef::NamedNode(url) = t.object else { panic!("{p} must be an IRI") };
        assert!(url.as_str().starts_with(&app.base), "{url} is ours");
        let subject = t.subject.to_string().trim_matches(|c| c == '<' || c == '>').to_string();
        let media = objects(&g, &subject, &format!("{DCAT}mediaType"));
        let r = app.get(url.as_str());
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        if let Some(m) = media.first() {
            let expected = m.rsplit("media-types/").next().unwrap_or("");
            assert!(r.content_type().starts_with(expected), "{url}: announced {expected}, got {}", r.content_type());
        }
        checked += 1;
    }
    assert!(checked > 40, "checked {checked} URLs");
    // Every dataset, distribution and service IRI dereferences.
    for t in g.iter().filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") {
        let o = t.object.to_string();
        if [format!("<{DCAT}Dataset>"), format!("<{DCAT}Distribution>"), format!("<{DCAT}DataService>"), format!("<{DCAT}Catalog>")]
            .contains(&o)
        {
            let s = t.subject.to_string();
            assert!(s.starts_with('<'), "{o} must be an IRI, not a blank node");
            let iri = s.trim_matches(|c| c == '<' || c == '>');
            let r = app.get_with(iri, &[("Accept", "text/turtle")]);
            assert_eq!(r.status, 200, "{iri}");
        }
    }
}

#[test]
fn every_text_has_nb_and_en() {
    let app = spawn();
    let g = graph(&app.get("/catalog.ttl").body, RdfFormat::Turtle);
    let mut langs: HashMap<(String, String), HashSet<String>> = HashMap::new();
    for t in g.iter() {
        if let oxigraph::model::TermRef::Literal(l) = t.object {
            if let Some(lang) = l.language() {
                langs.entry((t.subject.to_string(), t.predicate.as_str().to_string())).or_default().insert(lang.to_string());
            }
        }
    }
    assert!(langs.len() > 50);
    for ((s, p), l) in &langs {
        assert!(l.contains("nb") && l.contains("en"), "{s} {p} has {l:?}");
    }
}

#[test]
fn catalogue_structure_and_sparql_access() {
    let app = spawn();
    let g = graph(&app.get("/catalog.ttl").body, RdfFormat::Turtle);
    let catalog = format!("{}/catalog", app.base);
    let datasets = objects(&g, &catalog, &format!("{DCAT}dataset"));
    assert!(datasets.len() >= 13, "{datasets:?}");
    for d in &datasets {
        assert!(!objects(&g, d, &format!("{DCAT}distribution")).is_empty(), "{d} has distributions");
        assert_eq!(objects(&g, d, "http://purl.org/dc/terms/identifier"), vec![format!("\"{d}\"")]);
        assert_eq!(
            objects(&g, d, "http://purl.org/dc/terms/publisher"),
            vec!["https://organization-catalog.fellesdatakatalog.digdir.no/organizations/991825827".to_string()]
        );
        let themes = objects(&g, d, &format!("{DCAT}theme"));
        assert!(
            themes.contains(&"http://publications.europa.eu/resource/authority/data-theme/GOVE".to_string()),
            "{d} has the EU data-theme GOVE: {themes:?}"
        );
    }
    let life_events = format!("{}/catalog/datasets/life-events", app.base);
    let los: HashSet<String> =
        objects(&g, &life_events, &format!("{DCAT}theme")).into_iter().filter(|t| t.starts_with(LOS_THEME)).collect();
    let expected: HashSet<String> =
        ["familie-og-barn", "helse-og-omsorg", "arbeid", "naring", "demokrati-og-innbyggerrettigheter", "apenhet", "innbyggerrettigheter"]
            .iter()
            .map(|slug| format!("{LOS_THEME}{slug}"))
            .collect();
    assert_eq!(los, expected, "life events carry the Los themes they fall under (and every dataset's, issue 20)");
    let services = objects(&g, &catalog, &format!("{DCAT}service"));
    assert_eq!(services.len(), 2);
    let measures = format!("{}/catalog/datasets/measures", app.base);
    let desc: Vec<String> = objects(&g, &measures, "http://purl.org/dc/terms/description");
    assert!(desc.iter().any(|d| d.contains("tiltak import")), "measures dataset explains the empty default: {desc:?}");
    let ask = serde_urlencoded::to_string([(
        "query",
        format!("ASK {{ GRAPH <{}/graph/catalog> {{ <{catalog}> a <{DCAT}Catalog> }} }}", app.base),
    )])
    .expect("enc");
    let answer = app.get_with(&format!("/sparql?{ask}"), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["boolean"], serde_json::Value::Bool(true), "SPARQL sees the catalogue graph");
}

fn canonical(mut g: Graph) -> Graph {
    g.canonicalize(CanonicalizationAlgorithm::Unstable);
    g
}

/// `tiltak catalog` (the one generator) prints the graph the server serves, in each format it offers.
#[test]
fn the_catalog_command_prints_the_served_catalogue() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("t.db");
    // One database for both, so the dates computed from the data are the same.
    let imported = std::process::Command::new(env!("CARGO_BIN_EXE_tiltak")).args(["import", "--db"]).arg(&db).output().expect("import");
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let app = spawn_with(|c| c.db = Some(db.clone()));
    let generate = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tiltak"))
            .args(["catalog", "--base-url", &app.base, "--format", format, "--db"])
            .arg(&db)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run tiltak catalog")
    };
    for (format, path, rdf_format) in [
        ("ttl", "/catalog.ttl", RdfFormat::Turtle),
        ("nt", "/catalog.nt", RdfFormat::NTriples),
        ("rdf", "/catalog.rdf", RdfFormat::RdfXml),
        ("jsonld", "/catalog.jsonld", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
    ] {
        let out = generate(format);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let printed = graph(&out.stdout, rdf_format);
        let served = graph(&app.get(path).body, rdf_format);
        assert!(printed.len() > 200, "{format}: {} triples", printed.len());
        assert!(canonical(printed) == canonical(served), "tiltak catalog --format {format} is the graph of GET {path}");
    }
    let refused = generate("html");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--format 'html' is not offered (allowed: ttl, jsonld, rdf, nt)"));
}

#[test]
fn optional_hydra_paging_and_modified_since() {
    let app = spawn();
    let full = graph(&app.get("/catalog.ttl").body, RdfFormat::Turtle);
    let catalog = format!("{}/catalog", app.base);
    let mut all: Vec<String> = objects(&full, &catalog, &format!("{DCAT}dataset"));
    all.sort();
    let hydra = "http://www.w3.org/ns/hydra/core#";
    let mut seen = Vec::new();
    let mut url = format!("{}/catalog.ttl?page=1&per_page=5", app.base);
    for _ in 0..100 {
        let g = graph(&app.get(&url).body, RdfFormat::Turtle);
        seen.extend(objects(&g, &catalog, &format!("{DCAT}dataset")));
        let total = objects(&g, &url, &format!("{hydra}totalItems"));
        assert_eq!(total.len(), 1, "view {url} has totalItems");
        match objects(&g, &url, &format!("{hydra}next")).first() {
            Some(next) => {
                assert!(next.starts_with(&app.base), "absolute link from the base URL");
                url = next.clone();
            }
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, all, "pages cover every dataset once");
    let future = graph(&app.get("/catalog.ttl?modified_since=2999-01-01").body, RdfFormat::Turtle);
    assert!(objects(&future, &catalog, &format!("{DCAT}dataset")).is_empty());
    assert_eq!(app.get("/catalog.ttl?page=0").status, 400);
}
