//! Issue 4: dereferenceable URIs with content negotiation, 406/404, vocabulary, dumps.

use crate::helpers::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};

#[test]
fn thing_uris_negotiate_every_format() {
    let app = spawn();
    let path = "/id/initiative/I26";
    let uri = format!("{}{path}", app.base);
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/ld+json", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/n-triples", RdfFormat::NTriples),
    ] {
        let r = app.get_with(path, &[("Accept", accept)]);
        assert_eq!(r.status, 200, "{accept}");
        assert!(r.content_type().starts_with(accept), "{accept}: {}", r.content_type());
        assert!(r.header("vary").is_some_and(|v| v.contains("Accept")));
        let quads: Vec<_> =
            RdfParser::from_format(format).for_slice(&r.body).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{accept}: {e}"));
        assert!(
            quads.iter().any(|q| q.subject.to_string() == format!("<{uri}>")
                && q.predicate.as_str().ends_with("#notation")
                && q.object.to_string() == "\"4.4\""),
            "{accept}: notation 4.4"
        );
        assert!(quads.iter().any(|q| q.predicate.as_str() == "http://purl.org/dc/terms/source"), "{accept}: provenance");
    }
    let json = app.get_with(path, &[("Accept", "application/json")]);
    assert_eq!(json.json()["official_number"], "4.4");
    let html = app.get_with(path, &[("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")]);
    assert!(html.content_type().starts_with("text/html"));
    assert!(html.text().contains("4.4"));
    let fmt = app.get(&format!("{path}?format=nt"));
    assert!(fmt.content_type().starts_with("application/n-triples"));
    assert_eq!(app.get_with(path, &[("Accept", "image/png")]).status, 406);
    assert_eq!(app.get("/id/initiative/I00").status, 404);
    // Organisations with an org number link to the register.
    let org = app.get_with("/id/organization/991825827", &[("Accept", "application/n-triples")]).text();
    assert!(org.contains("organization-catalog.fellesdatakatalog.digdir.no/organizations/991825827"));
}

#[test]
fn vocabulary_terms_and_code_concepts_dereference() {
    let app = spawn();
    for path in ["/def/Initiative", "/def/focusArea", "/def/status", "/def/scheme/status", "/def/status/not-started", "/def/phase/idea"] {
        let r = app.get_with(path, &[("Accept", "text/turtle")]);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        let labels = nb_and_en_labels(&r.body);
        assert!(labels.contains("nb") && labels.contains("en"), "{path} has rdfs:label or skos:prefLabel in nb and en: {labels:?}");
    }
    assert_eq!(app.get("/def/NoSuchTerm").status, 404);
}

#[test]
fn dumps_contain_every_quad() {
    let app = spawn();
    let triples = app.json("/health")["triples"].as_u64().expect("triples");
    let nq = app.get("/dump.nq");
    assert_eq!(nq.status, 200);
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::NQuads).for_slice(&nq.body).collect::<Result<_, _>>().expect("N-Quads");
    assert_eq!(quads.len() as u64, triples);
    let ttl = app.get("/dump.ttl");
    let triples_ttl: Vec<_> = RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl.body).collect::<Result<_, _>>().expect("Turtle");
    assert_eq!(triples_ttl.len() as u64, triples);
}

/// Languages of the rdfs:label / skos:prefLabel literals of a Turtle document.
fn nb_and_en_labels(turtle: &[u8]) -> std::collections::HashSet<String> {
    let label_predicates = ["http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"];
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(turtle)
        .map(|q| q.expect("Turtle parses"))
        .filter(|q| label_predicates.contains(&q.predicate.as_str()))
        .filter_map(|q| match q.object {
            oxigraph::model::Term::Literal(l) => l.language().map(str::to_string),
            _ => None,
        })
        .collect()
}
