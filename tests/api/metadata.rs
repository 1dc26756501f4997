//! Issue 15: a well-formed RDF Data Cube (the specification's own SPARQL, over the served dump),
//! labels in nb and en on every /id/ thing, VoID at /.well-known/void.

use crate::helpers::{fixture_rows, spawn, TestApp};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashMap};

const DATACUBE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/datacube");
const PREFIXES: &str = "PREFIX qb: <http://purl.org/linked-data/cube#>\n\
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n\
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n\
    PREFIX dct: <http://purl.org/dc/terms/>\n\
    PREFIX void: <http://rdfs.org/ns/void#>\n\
    PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>\n\
    PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>\n";

/// The served N-Quads dump, every quad moved into the default graph (the ICs read one graph).
fn dump_store(app: &TestApp) -> Store {
    let r = app.get("/dump.nq");
    assert_eq!(r.status, 200);
    let store = Store::new().expect("store");
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(&r.body) {
        let q = q.expect("the dump parses as N-Quads");
        store.insert(&Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)).expect("insert");
    }
    store
}

fn ask(store: &Store, query: &str) -> bool {
    match SparqlEvaluator::new().parse_query(query).unwrap_or_else(|e| panic!("{e}\n{query}")).on_store(store).execute().expect("evaluates")
    {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK query:\n{query}"),
    }
}

fn select(store: &Store, query: &str) -> Vec<HashMap<String, Term>> {
    let query = format!("{PREFIXES}{query}");
    match SparqlEvaluator::new()
        .parse_query(&query)
        .unwrap_or_else(|e| panic!("{e}\n{query}"))
        .on_store(store)
        .execute()
        .expect("evaluates")
    {
        QueryResults::Solutions(rows) => rows
            .map(|row| {
                let row = row.expect("row");
                row.iter().map(|(v, t)| (v.as_str().to_string(), t.clone())).collect()
            })
            .collect(),
        _ => panic!("not a SELECT query"),
    }
}

fn update(store: &Store, file: &str) {
    let text = std::fs::read_to_string(format!("{DATACUBE_DIR}/{file}")).expect("normalization file");
    SparqlEvaluator::new().parse_update(&text).expect("update parses").on_store(store).execute().expect("update runs");
}

fn str_of(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Statistics with a count or a published percentage, indicators with a numeric value and a
/// stated year or date: the records the cube must hold (tiltak's rule, from the fixtures).
fn expected_observations() -> (usize, usize) {
    let stats = fixture_rows("statistics.csv").iter().filter(|r| !r["count"].is_empty() || !r["percent_published"].is_empty()).count();
    let indicators = fixture_rows("indicators.csv")
        .iter()
        .filter(|r| {
            let dated = r["reference_period"].get(..10).is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
            !r["value_numeric"].is_empty() && (dated || !r["reference_year"].is_empty())
        })
        .count();
    (stats, indicators)
}

#[test]
fn data_cube_is_well_formed_by_the_specifications_integrity_constraints() {
    let app = spawn();
    let store = dump_store(&app);
    update(&store, "normalize-phase-1.ru");
    update(&store, "normalize-phase-2.ru");
    let hierarchies: Vec<String> = select(&store, "SELECT DISTINCT ?p WHERE { ?l a qb:HierarchicalCodeList ; qb:parentChildProperty ?p }")
        .iter()
        .map(|r| str_of(&r["p"]))
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(DATACUBE_DIR)
        .expect("tests/datacube")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("ic-") && n.ends_with(".rq"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 22, "IC-1 … IC-21 (IC-19 in two parts): {files:?}");
    let mut violated = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(format!("{DATACUBE_DIR}/{f}")).expect("read IC");
        if text.contains("<$p>") {
            // Templates: one run per parent-child property; with none the hierarchy part is empty,
            // which the run with skos:narrower still evaluates (and must find nothing).
            let mut props = hierarchies.clone();
            if props.is_empty() {
                props.push("http://www.w3.org/2004/02/skos/core#narrower".into());
            }
            for p in props {
                if ask(&store, &text.replace("$p", &p)) {
                    violated.push(format!("{f} with {p}"));
                }
            }
        } else if ask(&store, &text) {
            violated.push(f.clone());
        }
    }
    assert!(violated.is_empty(), "violated integrity constraints: {violated:?}");

    // Not vacuous: the datasets hold the observations tiltak's rule gives, and each observation has
    // every component of its structure that is not optional.
    let (stats, indicators) = expected_observations();
    let per_dataset: HashMap<String, usize> =
        select(&store, "SELECT ?ds (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; qb:dataSet ?ds } GROUP BY ?ds")
            .iter()
            .map(|r| (str_of(&r["ds"]).rsplit('/').next().unwrap_or_default().to_string(), str_of(&r["n"]).parse().expect("count")))
            .collect();
    assert_eq!(per_dataset.get("indicators"), Some(&indicators), "{per_dataset:?}");
    assert_eq!(per_dataset.get("survey-2018").unwrap_or(&0) + per_dataset.get("survey-2019").unwrap_or(&0), stats, "{per_dataset:?}");
    assert!(per_dataset.values().all(|n| *n > 0));
    let incomplete = select(
        &store,
        "SELECT ?obs ?prop WHERE { ?obs qb:dataSet/qb:structure/qb:component ?c . ?c qb:componentProperty ?prop .
           FILTER NOT EXISTS { ?c qb:componentRequired false } FILTER NOT EXISTS { ?obs ?prop [] } }",
    );
    assert!(incomplete.is_empty(), "observations missing a component: {incomplete:?}");
    let components = select(
        &store,
        "SELECT ?dsd (SUM(IF(EXISTS { ?p a qb:DimensionProperty }, 1, 0)) AS ?dims) (SUM(IF(EXISTS { ?p a qb:MeasureProperty }, 1, 0)) AS ?measures)
           (SUM(IF(EXISTS { ?p a qb:AttributeProperty }, 1, 0)) AS ?attrs)
         WHERE { { SELECT DISTINCT ?dsd ?p WHERE { ?ds a qb:DataSet ; qb:structure ?dsd . ?dsd qb:component/qb:componentProperty ?p } } }
         GROUP BY ?dsd",
    );
    let shape: BTreeSet<(String, String, String)> =
        components.iter().map(|r| (str_of(&r["dims"]), str_of(&r["measures"]), str_of(&r["attrs"]))).collect();
    assert!(shape.contains(&("5".into(), "1".into(), "3".into())), "survey DSD: 5 dimensions, 1 measure, 3 attributes: {shape:?}");
    assert!(shape.contains(&("3".into(), "1".into(), "1".into())), "indicator DSD: 3 dimensions, 1 measure, 1 attribute: {shape:?}");
    let literal_dims = select(
        &store,
        "SELECT ?obs ?dim WHERE { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty .
           ?obs ?dim ?v FILTER(isLiteral(?v)) }",
    );
    assert!(literal_dims.is_empty(), "dimension values must be IRIs: {literal_dims:?}");
    let units = select(&store, "SELECT ?obs WHERE { ?obs a qb:Observation ; sdmx-attribute:unitMeasure ?u FILTER(!isIRI(?u)) }");
    assert!(units.is_empty(), "units must be IRIs: {units:?}");

    // Slices (one per published table: survey × variable) hold every survey observation once.
    let tables: BTreeSet<(String, String)> = fixture_rows("statistics.csv")
        .iter()
        .filter(|r| !r["count"].is_empty() || !r["percent_published"].is_empty())
        .map(|r| (r["survey_id"].clone(), r["variable"].clone()))
        .collect();
    let slices = select(&store, "SELECT ?slice WHERE { ?ds qb:slice ?slice . ?slice a qb:Slice ; qb:sliceStructure ?key }");
    assert_eq!(slices.len(), tables.len(), "one slice per published table");
    let not_once = select(
        &store,
        "SELECT ?obs (COUNT(?slice) AS ?n) WHERE { ?obs qb:dataSet/qb:structure/qb:sliceKey ?key . OPTIONAL { ?slice qb:observation ?obs }
         } GROUP BY ?obs HAVING (COUNT(?slice) != 1)",
    );
    assert!(not_once.is_empty(), "observations not in exactly one slice: {not_once:?}");
    // One observation against its fixture row: 80 of 87 agencies answered, 92 % as printed.
    let base = &app.base;
    let row = select(
        &store,
        &format!(
            "SELECT ?v ?unit ?n ?pct ?period ?measure WHERE {{ <{base}/id/statistic/s2018-frame-agencies-responded> sdmx-measure:obsValue ?v ;
               sdmx-attribute:unitMeasure ?unit ; <{base}/def/denominator> ?n ; <{base}/def/percentPublished> ?pct ;
               <{base}/def/refPeriod> ?period ; <{base}/def/statisticMeasure> ?measure }}"
        ),
    );
    assert_eq!(row.len(), 1, "{row:?}");
    let r = &row[0];
    assert_eq!((str_of(&r["v"]).as_str(), str_of(&r["n"]).as_str()), ("80", "87"));
    assert_eq!(str_of(&r["unit"]), format!("{base}/def/unit/agencies"));
    assert_eq!(str_of(&r["period"]), format!("{base}/def/period/2018"));
    assert_eq!(str_of(&r["measure"]), format!("{base}/def/statistic-measure/count"));
    // A share without a count: cross-cutting measures 2018, 50 % of 412.
    let share = select(
        &store,
        &format!("SELECT ?v ?unit WHERE {{ <{base}/id/statistic/s2018-cross-cutting-cross-cutting> sdmx-measure:obsValue ?v ; sdmx-attribute:unitMeasure ?unit }}"),
    );
    assert_eq!(share.len(), 1);
    assert_eq!(str_of(&share[0]["v"]).parse::<f64>().ok(), Some(50.0));
    assert_eq!(str_of(&share[0]["unit"]), format!("{base}/def/unit/percent"));
}

#[test]
fn records_the_cube_cannot_hold_are_not_observations() {
    let app = spawn();
    let store = dump_store(&app);
    let base = &app.base;
    // ind-05 prints "decline" (no number); apc-03 gives only "c. 2021" as its period;
    // s2019-benefit-restructuring-work-routines has neither a count nor a percentage.
    for id in ["indicator/ind-05", "indicator/apc-03", "statistic/s2019-benefit-restructuring-work-routines"] {
        let q = format!("{PREFIXES}ASK {{ <{base}/id/{id}> a qb:Observation }}");
        assert!(!ask(&store, &q), "{id} is not an observation");
        let q = format!("{PREFIXES}ASK {{ <{base}/id/{id}> ?p ?o }}");
        assert!(ask(&store, &q), "{id} is still published");
    }
}

fn sparql_rows(app: &TestApp, query: &str) -> Vec<serde_json::Value> {
    let r = app.post(
        "/sparql",
        "application/sparql-query",
        format!("{PREFIXES}{query}").as_bytes(),
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["results"]["bindings"].as_array().expect("bindings").clone()
}

#[test]
fn every_thing_under_id_has_a_label_in_nb_and_in_en() {
    let app = spawn();
    let base = &app.base;
    let things =
        sparql_rows(&app, &format!("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{base}/id/\")) }}"));
    let n: usize = things[0]["n"]["value"].as_str().and_then(|s| s.parse().ok()).expect("count");
    assert!(n > 300, "{n} things under /id/");
    for lang in ["nb", "en"] {
        let missing = sparql_rows(
            &app,
            &format!(
                "SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{base}/id/\"))
                   FILTER NOT EXISTS {{ ?s rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), \"{lang}\")) }} }}"
            ),
        );
        assert!(missing.is_empty(), "{} things under /id/ lack an rdfs:label@{lang}, e.g. {:?}", missing.len(), missing.first());
        let doubled = sparql_rows(
            &app,
            &format!(
                "SELECT ?s WHERE {{ ?s rdfs:label ?a , ?b FILTER(STRSTARTS(STR(?s), \"{base}/id/\") && ?a != ?b
                   && LANG(?a) = \"{lang}\" && LANG(?b) = \"{lang}\") }} LIMIT 3"
            ),
        );
        assert!(doubled.is_empty(), "one label per language: {doubled:?}");
    }
    // Composed where the data has none: an attribution names its organisation, role and life event.
    let attribution =
        fixture_rows("attributions.csv").into_iter().find(|r| !r["life_event_id"].is_empty()).expect("a life-event attribution");
    let labels = sparql_rows(&app, &format!("SELECT ?l WHERE {{ <{base}/id/attribution/{}> rdfs:label ?l }}", attribution["id"]));
    let org = fixture_rows("organizations.csv").into_iter().find(|o| o["id"] == attribution["organization_id"]).expect("organisation");
    let life_event = fixture_rows("life_events.csv").into_iter().find(|l| l["id"] == attribution["life_event_id"]).expect("life event");
    let texts: Vec<(String, String)> = labels
        .iter()
        .map(|l| (l["l"]["xml:lang"].as_str().unwrap_or("").to_string(), l["l"]["value"].as_str().unwrap_or("").to_string()))
        .collect();
    let nb = texts.iter().find(|(l, _)| l == "nb").map(|(_, t)| t.clone()).expect("nb label");
    let en = texts.iter().find(|(l, _)| l == "en").map(|(_, t)| t.clone()).expect("en label");
    assert!(nb.contains(&org["name_nb"]) && nb.contains(&life_event["name_nb"]), "{nb}");
    assert!(en.contains(&org["name_en"]) && en.contains(&life_event["name_en"]), "{en}");
    // Printed source titles carry the source's language.
    let title = sparql_rows(&app, &format!("SELECT ?t WHERE {{ <{base}/id/source/difi-survey-2018> dct:title ?t }}"));
    assert_eq!(title.len(), 1);
    assert_eq!(title[0]["t"]["xml:lang"], "nb", "{title:?}");
}

#[test]
fn void_describes_every_named_graph_with_computed_counts() {
    let app = spawn();
    let base = &app.base;
    let r = app.get_with("/.well-known/void", &[("Accept", "text/turtle")]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.content_type().starts_with("text/turtle"), "{}", r.content_type());
    let store = Store::new().expect("store");
    store.load_from_slice(RdfParser::from_format(RdfFormat::Turtle), &r.body).expect("VoID parses as Turtle");
    for name in ["data", "vocab", "catalog"] {
        let graph = format!("{base}/graph/{name}");
        let rows = select(
            &store,
            &format!(
                "SELECT ?ds ?triples ?endpoint ?dump WHERE {{ ?ds a void:Dataset ; dct:identifier \"{graph}\" ; void:triples ?triples ;
                   void:sparqlEndpoint ?endpoint ; void:dataDump ?dump ; void:vocabulary ?v }} LIMIT 1"
            ),
        );
        assert_eq!(rows.len(), 1, "a void:Dataset for {graph}");
        assert_eq!(str_of(&rows[0]["endpoint"]), format!("{base}/sparql"));
        assert_eq!(str_of(&rows[0]["dump"]), format!("{base}/dump.nq"));
        let counted = sparql_rows(&app, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"));
        assert_eq!(counted[0]["n"]["value"].as_str(), Some(str_of(&rows[0]["triples"]).as_str()), "void:triples of {graph}");
    }
    let vocabularies: BTreeSet<String> =
        select(&store, "SELECT ?v WHERE { ?ds void:vocabulary ?v }").iter().map(|r| str_of(&r["v"])).collect();
    for ns in ["http://purl.org/linked-data/cube#", "http://www.w3.org/ns/dcat#", "http://www.w3.org/2004/02/skos/core#"] {
        assert!(vocabularies.contains(ns), "{ns} in {vocabularies:?}");
    }
    // Conneg, and the same description is part of the catalogue graph.
    let jsonld = app.get_with("/.well-known/void", &[("Accept", "application/ld+json")]);
    assert_eq!(jsonld.status, 200);
    assert!(jsonld.content_type().starts_with("application/ld+json"));
    let catalog = app.get_with("/catalog.ttl", &[]);
    assert!(catalog.text().contains("http://rdfs.org/ns/void#") || catalog.text().contains("void:"), "VoID in the catalogue graph");
}

#[test]
fn catalogue_distributions_have_downloads_rights_and_issue_dates_and_datasets_their_time_span() {
    let app = spawn();
    let base = &app.base;
    let g = format!("{base}/graph/catalog");
    let missing = sparql_rows(
        &app,
        &format!(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#>
             SELECT ?dist WHERE {{ GRAPH <{g}> {{ ?d dcat:distribution ?dist .
               FILTER (NOT EXISTS {{ ?dist dcat:downloadURL ?u }} || NOT EXISTS {{ ?dist dct:rights ?r }} || NOT EXISTS {{ ?dist dct:issued ?i }}) }} }}"
        ),
    );
    assert!(missing.is_empty(), "distributions without downloadURL, rights or issued: {missing:?}");
    // Every byte size is the length of what the download URL serves.
    let sizes = sparql_rows(
        &app,
        &format!(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#>
             SELECT ?url ?size WHERE {{ GRAPH <{g}> {{ ?dist dcat:downloadURL ?url . OPTIONAL {{ ?dist dcat:byteSize ?size }} }} }}"
        ),
    );
    assert!(sizes.len() > 40, "{} download URLs", sizes.len());
    for row in &sizes {
        let url = row["url"]["value"].as_str().expect("url");
        let size: usize = row["size"]["value"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no byteSize for {url}"));
        let r = app.get(url);
        assert_eq!(r.status, 200, "{url}");
        assert_eq!(r.body.len(), size, "byteSize of {url}");
    }
    // The full JSON download holds exactly what the paged API counts.
    let download = app.json("/download/statistics.json?survey_id=2018");
    let page = app.json("/api/v1/statistics?survey_id=2018&limit=1");
    assert_eq!(download["total"], page["total"]);
    assert_eq!(download["items"].as_array().map(Vec::len), page["total"].as_u64().map(|n| n as usize));
    assert_eq!(app.get("/download/statistics.json?limit=5").status, 400);
    assert_eq!(app.get("/download/no-such-collection.json").status, 404);
    // Temporal coverage derived from the records: the indicators span their reference years.
    let years: Vec<i32> = fixture_rows("indicators.csv").iter().filter_map(|r| r["reference_year"].parse().ok()).collect();
    let (first, last) = (years.iter().min().expect("years"), years.iter().max().expect("years"));
    let span = sparql_rows(
        &app,
        &format!(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#>
             SELECT ?s ?e WHERE {{ GRAPH <{g}> {{ <{base}/catalog/datasets/indicators> dct:temporal [ dcat:startDate ?s ; dcat:endDate ?e ] }} }}"
        ),
    );
    assert_eq!(span.len(), 1, "{span:?}");
    assert_eq!(span[0]["s"]["value"].as_str(), Some(format!("{first}-01-01").as_str()));
    assert_eq!(span[0]["e"]["value"].as_str(), Some(format!("{last}-12-31").as_str()));
    // Every dataset has a temporal coverage; the code lists' is the span of the records that use
    // codes, so it starts with some other dataset's start and ends with some other dataset's end.
    let spans = sparql_rows(
        &app,
        &format!(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#>
             SELECT ?d ?s ?e WHERE {{ GRAPH <{g}> {{ ?d a dcat:Dataset .
               OPTIONAL {{ ?d dct:temporal [ dcat:startDate ?s ; dcat:endDate ?e ] }} }} }}"
        ),
    );
    let field = |r: &serde_json::Value, k: &str| r[k]["value"].as_str().map(str::to_string);
    assert!(spans.len() >= 14, "{} datasets", spans.len());
    assert!(spans.iter().all(|r| field(r, "s").is_some() && field(r, "e").is_some()), "datasets without dct:temporal: {spans:?}");
    let is_code_lists = |r: &serde_json::Value| field(r, "d").is_some_and(|d| d.ends_with("/code-lists"));
    let code_lists = spans.iter().find(|r| is_code_lists(r)).expect("code-lists dataset");
    let others: Vec<&serde_json::Value> = spans.iter().filter(|r| !is_code_lists(r)).collect();
    assert!(others.iter().any(|r| field(r, "s") == field(code_lists, "s")), "{code_lists:?}");
    assert!(others.iter().any(|r| field(r, "e") == field(code_lists, "e")), "{code_lists:?}");
}
