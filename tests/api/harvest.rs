//! Issue 20: what data.norge.no harvests. One test per harvester rule of
//! `../shared/shapes-no/README.md` §6 (types, wrappers, no blank-node resources, one type per
//! event, stable IRIs), over the documents the server serves: `/catalog/concepts`,
//! `/catalog/events`, `/catalog/models` and the datasets of `/catalog`.

use crate::helpers::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::graph::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, NamedOrBlankNodeRef, TermRef, Triple};
use std::collections::{BTreeMap, BTreeSet};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const CV: &str = "http://data.europa.eu/m8g/";
const DCATNO: &str = "https://data.norge.no/vocabulary/dcatno#";
const MODELLDCATNO: &str = "https://data.norge.no/vocabulary/modelldcatno#";
const DQV: &str = "http://www.w3.org/ns/dqv#";

fn graph(body: &[u8], format: RdfFormat) -> Graph {
    let mut g = Graph::new();
    for q in RdfParser::from_format(format).for_slice(body) {
        let q = q.expect("parsable");
        g.insert(&Triple::new(q.subject, q.predicate, q.object));
    }
    g
}

fn turtle(app: &TestApp, path: &str) -> Graph {
    let r = app.get_with(path, &[("Accept", "text/turtle")]);
    assert_eq!(r.status, 200, "{path}: {}", r.snippet());
    graph(&r.body, RdfFormat::Turtle)
}

/// IRIs typed `class` (named nodes only) and the number of blank nodes typed `class`.
fn typed(g: &Graph, class: &str) -> (BTreeSet<String>, usize) {
    let mut iris = BTreeSet::new();
    let mut blanks = 0;
    for t in g.iter().filter(|t| t.predicate.as_str() == RDF_TYPE && matches!(t.object, TermRef::NamedNode(n) if n.as_str() == class)) {
        match t.subject {
            NamedOrBlankNodeRef::NamedNode(n) => {
                iris.insert(n.as_str().to_string());
            }
            NamedOrBlankNodeRef::BlankNode(_) => blanks += 1,
        }
    }
    (iris, blanks)
}

fn objects(g: &Graph, s: &str, p: &str) -> Vec<String> {
    g.iter()
        .filter(|t| matches!(t.subject, NamedOrBlankNodeRef::NamedNode(n) if n.as_str() == s) && t.predicate.as_str() == p)
        .map(|t| match t.object {
            TermRef::NamedNode(n) => n.as_str().to_string(),
            TermRef::Literal(l) => match l.language() {
                Some(lang) => format!("{}@{lang}", l.value()),
                None => l.value().to_string(),
            },
            o => o.to_string(),
        })
        .collect()
}

#[test]
fn each_harvest_document_is_one_graph_in_every_format_and_a_page_for_people() {
    let app = spawn();
    for doc in ["/catalog/concepts", "/catalog/events", "/catalog/models"] {
        let mut reference = turtle(&app, doc);
        assert!(reference.len() > 50, "{doc}: {} triples", reference.len());
        reference.canonicalize(CanonicalizationAlgorithm::Unstable);
        let jsonld = RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() };
        for (path, accept, format) in [
            (format!("{doc}.ttl"), "", RdfFormat::Turtle),
            (format!("{doc}.rdf"), "", RdfFormat::RdfXml),
            (format!("{doc}.jsonld"), "", jsonld),
            (format!("{doc}.nt"), "", RdfFormat::NTriples),
            (doc.to_string(), "application/rdf+xml", RdfFormat::RdfXml),
            (doc.to_string(), "application/ld+json", jsonld),
            (format!("{doc}?format=jsonld"), "", jsonld),
        ] {
            let headers: Vec<(&str, &str)> = if accept.is_empty() { vec![] } else { vec![("Accept", accept)] };
            let r = app.get_with(&path, &headers);
            assert_eq!(r.status, 200, "{path} {accept}: {}", r.snippet());
            let mut g = graph(&r.body, format);
            g.canonicalize(CanonicalizationAlgorithm::Unstable);
            assert!(g == reference, "{path} {accept} is the same graph as the Turtle");
        }
        let etag = app.get(&format!("{doc}.ttl")).header("etag").expect("etag").to_string();
        assert_eq!(app.get_with(&format!("{doc}.ttl"), &[("If-None-Match", &etag)]).status, 304, "{doc}");
        let page = app.get_with(doc, &[("Accept", "text/html")]);
        assert_eq!(page.status, 200, "{doc}");
        assert!(page.content_type().starts_with("text/html"), "{doc}: a page for browsers");
        assert_eq!(app.get_with(doc, &[("Accept", "text/csv")]).status, 406, "{doc}: nothing but RDF and HTML");
    }
}

/// Rule (all harvesters): resources are found by rdf:type; blank-node resources are dropped. So no
/// resource a harvester looks for may be a blank node, and none of the three documents uses any.
#[test]
fn no_resource_is_a_blank_node() {
    let app = spawn();
    for doc in ["/catalog/concepts.ttl", "/catalog/events.ttl", "/catalog/models.ttl"] {
        let g = turtle(&app, doc);
        let blanks = g.iter().filter(|t| matches!(t.subject, NamedOrBlankNodeRef::BlankNode(_))).count();
        assert_eq!(blanks, 0, "{doc}: no blank nodes at all");
    }
    let catalog = turtle(&app, "/catalog.ttl");
    for class in [format!("{DCAT}Catalog"), format!("{DCAT}Dataset"), format!("{DCAT}DataService"), format!("{DQV}QualityAnnotation")] {
        let (iris, blanks) = typed(&catalog, &class);
        assert!(!iris.is_empty(), "{class}");
        assert_eq!(blanks, 0, "/catalog: no blank node typed {class}");
    }
}

/// fdk-concept-harvester: concepts are IRIs typed skos:Concept; collections are IRIs typed
/// skos:Collection with skos:member (IRIs). Every concept is in our collection, so the harvester
/// makes no generated collection; every concept has one term each in nb, nn and en.
#[test]
fn concepts_are_typed_iris_in_one_collection_with_terms_in_three_languages() {
    let app = spawn();
    let g = turtle(&app, "/catalog/concepts");
    let (concepts, _) = typed(&g, &format!("{SKOS}Concept"));
    let (collections, _) = typed(&g, &format!("{SKOS}Collection"));
    let collection = app.url("/catalog/concepts");
    assert_eq!(collections, BTreeSet::from([collection.clone()]));
    let rows = fixture_rows("concepts.csv");
    assert_eq!(concepts.len(), rows.len(), "one concept per record");
    let members: BTreeSet<String> = objects(&g, &collection, &format!("{SKOS}member")).into_iter().collect();
    assert_eq!(members, concepts, "every concept is a member of the collection");
    for row in &rows {
        let c = app.url(&format!("/id/concept/{}", row["id"]));
        let labels = objects(&g, &c, &format!("{SKOS}prefLabel"));
        for (lang, col) in [("nb", "term_nb"), ("nn", "term_nn"), ("en", "term_en")] {
            let of_lang: Vec<&String> = labels.iter().filter(|l| l.ends_with(&format!("@{lang}"))).collect();
            assert_eq!(of_lang, [&format!("{}@{lang}", row[col])], "{c}: one term in {lang}");
        }
        assert_eq!(objects(&g, &c, &format!("{DCT}identifier")), std::slice::from_ref(&c), "identifier = IRI (xsd:anyURI)");
        assert_eq!(objects(&g, &c, &format!("{DCT}publisher")).len(), 1, "{c}: publisher");
        assert_eq!(objects(&g, &c, "http://www.w3.org/ns/dcat#contactPoint").len(), 1, "{c}: contact point");
        let definitions = objects(&g, &c, "http://publications.europa.eu/ontology/euvoc#xlDefinition");
        assert_eq!(definitions.len(), 2, "{c}: a definition in nb and en");
        for d in definitions {
            assert!(
                objects(&g, &d, "https://data.norge.no/vocabulary/skosno#relationshipWithSource")
                    .contains(&"https://data.norge.no/vocabulary/relationship-with-source-type#derived-from-source".to_string()),
                "{d}: based on source"
            );
            assert!(!objects(&g, &d, &format!("{DCT}source")).is_empty(), "{d}: source");
        }
    }
    // The four key concepts of the 2018 survey page are there.
    for id in ["tverrgaende-digitaliseringstiltak", "deling-og-gjenbruk-av-data", "helhetlige-og-sammenhengende-tjenester", "brukerne"] {
        assert!(concepts.contains(&app.url(&format!("/id/concept/{id}"))), "{id}");
    }
}

/// fdk-event-harvester: events are IRIs typed cv:Event, cv:LifeEvent or cv:BusinessEvent — one of
/// them only, or the harvester lists the event twice; catalogues are IRIs typed dcat:Catalog whose
/// events come from dcatno:containsEvent.
#[test]
fn each_life_event_has_one_event_type_and_is_in_the_catalogue() {
    let app = spawn();
    let g = turtle(&app, "/catalog/events");
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    for class in ["Event", "LifeEvent", "BusinessEvent"] {
        let (iris, blanks) = typed(&g, &format!("{CV}{class}"));
        assert_eq!(blanks, 0);
        for i in iris {
            *types.entry(i).or_default() += 1;
        }
    }
    let rows = fixture_rows("life_events.csv");
    assert_eq!(types.len(), rows.len(), "the seven life events");
    assert!(types.values().all(|n| *n == 1), "one event type each: {types:?}");
    let (catalogues, _) = typed(&g, &format!("{DCAT}Catalog"));
    let catalogue = app.url("/catalog/events");
    assert_eq!(catalogues, BTreeSet::from([catalogue.clone()]));
    let contained: BTreeSet<String> = objects(&g, &catalogue, &format!("{DCATNO}containsEvent")).into_iter().collect();
    assert_eq!(contained, types.keys().cloned().collect(), "the catalogue contains every event");
    for row in &rows {
        let ev = app.url(&format!("/id/life-event/{}", row["id"]));
        let types_of = objects(&g, &ev, RDF_TYPE);
        assert_eq!(types_of, [format!("{CV}LifeEvent")], "{ev}: cv:LifeEvent and nothing else");
        let titles = objects(&g, &ev, &format!("{DCT}title"));
        assert!(titles.contains(&format!("{}@nb", row["name_nb"])) && titles.contains(&format!("{}@en", row["name_en"])), "{titles:?}");
        let descriptions = objects(&g, &ev, &format!("{DCT}description"));
        assert!(descriptions.iter().any(|d| d.ends_with("@nb")) && descriptions.iter().any(|d| d.ends_with("@en")));
        let subjects = objects(&g, &ev, &format!("{DCT}subject"));
        assert_eq!(subjects.len(), 1, "{ev}: its Los life event");
        assert!(subjects[0].starts_with("https://psi.norge.no/los/hendelse/"), "{subjects:?}");
        assert_eq!(objects(&g, &ev, &format!("{DCT}identifier")), [row["id"].clone()], "{ev}: the record id, as in the data graph");
    }
    // Responsible ministries over time: every attribution of a life event, with its agent and role.
    let attributions: Vec<_> = fixture_rows("attributions.csv").into_iter().filter(|r| !r["life_event_id"].is_empty()).collect();
    assert!(attributions.len() >= 7);
    for a in attributions {
        let ev = app.url(&format!("/id/life-event/{}", a["life_event_id"]));
        let ai = app.url(&format!("/id/attribution/{}", a["id"]));
        assert!(objects(&g, &ev, "http://www.w3.org/ns/prov#qualifiedAttribution").contains(&ai), "{ai}");
        assert_eq!(objects(&g, &ai, "http://www.w3.org/ns/prov#agent"), [app.url(&format!("/id/organization/{}", a["organization_id"]))]);
        assert_eq!(objects(&g, &ai, "http://www.w3.org/ns/dcat#hadRole"), [app.url(&format!("/def/role/{}", a["role"]))]);
    }
}

/// fdk-informationmodel-harvester: an IRI dcat:Catalog with modelldcatno:model → an IRI typed
/// modelldcatno:InformationModel (models outside a catalogue are ignored); code elements come with
/// the code list they are skos:inScheme of. The model is generated from the entity specs.
#[test]
fn the_information_model_is_in_a_catalogue_and_follows_the_entity_specs() {
    let app = spawn();
    let g = turtle(&app, "/catalog/models");
    let catalogue = app.url("/catalog/models");
    let model = app.url("/catalog/models/tiltak");
    let (catalogues, _) = typed(&g, &format!("{DCAT}Catalog"));
    assert_eq!(catalogues, BTreeSet::from([catalogue.clone()]));
    assert_eq!(objects(&g, &catalogue, &format!("{MODELLDCATNO}model")), std::slice::from_ref(&model));
    let (models, _) = typed(&g, &format!("{MODELLDCATNO}InformationModel"));
    assert_eq!(models, BTreeSet::from([model.clone()]));
    let (object_types, _) = typed(&g, &format!("{MODELLDCATNO}ObjectType"));
    assert_eq!(object_types.len(), tiltak::model::ENTITIES.len(), "one object type per entity");
    let contains: BTreeSet<String> = objects(&g, &model, &format!("{MODELLDCATNO}containsModelElement")).into_iter().collect();
    assert!(object_types.is_subset(&contains));
    for e in tiltak::model::ENTITIES {
        let ot = app.url(&format!("/catalog/models/tiltak/{}", e.item_type));
        let props = objects(&g, &ot, &format!("{MODELLDCATNO}hasProperty"));
        assert_eq!(props.len(), e.fields.len(), "{}: a property per field", e.collection);
        for f in e.fields {
            let prop = app.url(&format!("/catalog/models/tiltak/{}/{}", e.item_type, f.name));
            let min = objects(&g, &prop, "http://www.w3.org/2001/XMLSchema#minOccurs");
            assert_eq!(min, [if f.required { "1" } else { "0" }], "{prop}");
            let kind = objects(&g, &prop, RDF_TYPE);
            match f.kind {
                tiltak::model::Kind::Ref(target) => {
                    assert_eq!(kind, [format!("{MODELLDCATNO}Association")], "{prop}");
                    let te = tiltak::model::entity(target).expect("target");
                    assert_eq!(
                        objects(&g, &prop, &format!("{MODELLDCATNO}refersTo")),
                        [app.url(&format!("/catalog/models/tiltak/{}", te.item_type))]
                    );
                }
                tiltak::model::Kind::Code(scheme) => {
                    let cl = app.url(&format!("/catalog/models/tiltak/code-lists/{scheme}"));
                    assert_eq!(objects(&g, &prop, &format!("{MODELLDCATNO}hasValueFrom")), std::slice::from_ref(&cl));
                    let codes = fixture_rows("codes.csv").into_iter().filter(|r| r["scheme"] == scheme).count();
                    let elements = g
                        .iter()
                        .filter(|t| {
                            t.predicate.as_str() == format!("{SKOS}inScheme")
                                && matches!(t.object, TermRef::NamedNode(n) if n.as_str() == cl)
                        })
                        .count();
                    assert_eq!(elements, codes, "{cl}: every code is a code element");
                }
                _ => assert_eq!(kind, [format!("{MODELLDCATNO}Attribute")], "{prop}"),
            }
        }
    }
    // Columns link to the concept that defines them.
    let column = app.url("/catalog/models/tiltak/measure/main_purpose");
    assert_eq!(objects(&g, &column, &format!("{DCT}subject")), [app.url("/id/concept/hovedhensikt")]);
}

/// fdk-dataset-harvester: an IRI dcat:Catalog with dcat:dataset → IRIs typed dcat:Dataset in the
/// same document. And what data.norge.no shows beside each: a Los theme, provenance, pages,
/// conformance to the information model, quality annotations with a dimension and a text.
#[test]
fn every_dataset_has_los_theme_provenance_pages_model_and_quality_dimensions() {
    let app = spawn();
    let g = turtle(&app, "/catalog.ttl");
    let catalogue = app.url("/catalog");
    let (datasets, _) = typed(&g, &format!("{DCAT}Dataset"));
    let listed: BTreeSet<String> = objects(&g, &catalogue, &format!("{DCAT}dataset")).into_iter().collect();
    assert_eq!(listed, datasets, "the catalogue lists every dataset, each typed in the same document");
    assert!(datasets.contains(&app.url("/catalog/datasets/concepts")), "the concepts are a dataset too");
    let model = app.url("/catalog/models/tiltak");
    for d in &datasets {
        assert!(objects(&g, d, &format!("{DCAT}theme")).iter().any(|t| t.starts_with("https://psi.norge.no/los/tema/")), "{d}: Los theme");
        let provenance = objects(&g, d, &format!("{DCT}provenance"));
        assert_eq!(provenance.len(), 1, "{d}: provenance");
        let labels = objects(&g, &provenance[0], "http://www.w3.org/2000/01/rdf-schema#label");
        assert!(labels.iter().any(|l| l.ends_with("@nb")) && labels.iter().any(|l| l.ends_with("@en")), "{d}: provenance in nb and en");
        let pages = objects(&g, d, "http://xmlns.com/foaf/0.1/page");
        assert!(pages.iter().any(|p| p.starts_with(&app.url("/data/"))), "{d}: its page here: {pages:?}");
        assert!(objects(&g, d, &format!("{DCT}conformsTo")).contains(&model), "{d}: conforms to the information model");
    }
    let measures = app.url("/catalog/datasets/measures");
    assert!(objects(&g, &measures, &format!("{DCT}subject")).contains(&app.url("/id/concept/hovedhensikt")), "measures use main purpose");
    let iso = "http://iso.org/25012/2008/dataquality/";
    let notes: BTreeSet<String> = g
        .iter()
        .filter(|t| t.predicate.as_str() == format!("{DQV}hasQualityAnnotation"))
        .filter_map(|t| if let TermRef::NamedNode(n) = t.object { Some(n.as_str().to_string()) } else { None })
        .collect();
    assert!(notes.len() >= 20, "{notes:?}");
    for n in &notes {
        let dims = objects(&g, n, &format!("{DQV}inDimension"));
        assert_eq!(dims.len(), 1, "{n}: one dimension");
        assert!(["Accuracy", "Completeness", "Consistency", "Currentness"].iter().any(|d| dims[0] == format!("{iso}{d}")), "{dims:?}");
        let body = objects(&g, n, "http://www.w3.org/ns/oa#hasBody");
        assert_eq!(body.len(), 1, "{n}: its text");
        assert!(!objects(&g, &body[0], "http://www.w3.org/1999/02/22-rdf-syntax-ns#value").is_empty());
        assert!(!objects(&g, n, "http://www.w3.org/ns/oa#hasTarget").is_empty(), "{n}: the datasets it concerns");
    }
    // Every data-quality note of the fixtures has a dimension (a new note needs one in catalog/dataset-context.ttl).
    for row in fixture_rows("data_quality.csv") {
        let n = app.url(&format!("/id/data-quality-note/{}", row["id"]));
        assert_eq!(objects(&g, &n, &format!("{DQV}inDimension")).len(), 1, "{n}: dimension");
    }
}

/// The portal's ids are name-based UUIDs of the IRIs, so the IRIs must not change between runs: the
/// documents of two servers with the same base URL are the same graph.
#[test]
fn iris_are_stable_between_servers() {
    let base = "https://tiltak.example.no";
    let a = spawn_with(|c| c.base_url = base.into());
    let b = spawn_with(|c| c.base_url = base.into());
    for doc in ["/catalog/concepts.ttl", "/catalog/events.ttl", "/catalog/models.ttl"] {
        let (mut ga, mut gb) = (turtle(&a, doc), turtle(&b, doc));
        assert!(ga.iter().any(|t| t.subject.to_string().starts_with(&format!("<{base}/"))), "{doc}: IRIs under the base URL");
        ga.canonicalize(CanonicalizationAlgorithm::Unstable);
        gb.canonicalize(CanonicalizationAlgorithm::Unstable);
        assert!(ga == gb, "{doc}: same graph on both servers");
    }
}

/// Code-list entries and concepts link both ways; pages for people exist where they are used.
#[test]
fn codes_link_to_their_concepts_and_the_pages_exist() {
    let app = spawn();
    let code = app.json("/api/v1/codes/main-purpose:internal-efficiency");
    let concepts: Vec<&str> =
        code["links"]["concepts"].as_array().expect("links.concepts").iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(concepts, ["hovedhensikt-intern-effektivisering"]);
    let concept = app.json("/api/v1/concepts/hovedhensikt-intern-effektivisering");
    assert_eq!(concept["code_id"], "main-purpose:internal-efficiency");
    assert_eq!(concept["broader_id"], "hovedhensikt");
    for page in [
        "/id/concept/brukerne",
        "/data/concepts",
        "/catalog/events",
        "/catalog/models",
        "/catalog/models/tiltak",
        "/catalog/models/tiltak/measure",
    ] {
        let r = app.get_with(page, &[("Accept", "text/html")]);
        assert_eq!(r.status, 200, "{page}");
        assert!(r.content_type().starts_with("text/html"), "{page}");
    }
    let model_page = app.get_with("/catalog/models/tiltak/measure/main_purpose", &[("Accept", "text/html")]).text();
    assert!(model_page.contains("/id/concept/hovedhensikt"), "the column's page links to its concept");
    let csv = app.get("/api/v1/concepts?format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.text().lines().next().unwrap_or("").contains("term_nn"));
    let sparql = app.get(&format!(
        "/sparql?query={}",
        "ASK%20%7B%20%3Fc%20a%20%3Chttp%3A%2F%2Fwww.w3.org%2F2004%2F02%2Fskos%2Fcore%23Concept%3E%20%3B%20%3Chttp%3A%2F%2Fwww.w3.org%2F2004%2F02%2Fskos%2Fcore%23prefLabel%3E%20%22brukarane%22%40nn%20%7D"
    ));
    assert!(sparql.text().contains("true"), "SPARQL sees the Nynorsk terms: {}", sparql.text());
}
