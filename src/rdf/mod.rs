//! All graph building, derived from SQLite at start: every record of every entity mapped by its
//! spec (data graph), code lists and the tiltak vocabulary (vocab graph), the DCAT catalogue
//! (catalog graph, `catalog.rs`); concise descriptions for linked data (`describe.rs`);
//! serialisation (`serialize.rs`). SPARQL's default graph is their union. No HTTP here.

pub mod catalog;
pub mod citation;
pub mod concepts;
pub mod datacube;
pub mod describe;
pub mod downloads;
pub mod events;
pub mod harvest;
pub mod infomodel;
pub mod jsonstat;
pub mod labels;
pub mod rows;
pub mod serialize;
pub mod temporal;
pub mod void;

use crate::config::Config;
use crate::db::query::{self, Record};
use crate::db::DbError;
use crate::model::{self, Entity, Graph, Kind, LinkTarget, Provenance, ENTITIES};
use crate::selection::Value;
use crate::uris;
use chrono::{DateTime, Utc};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use rusqlite::Connection;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum RdfError {
    #[error("invalid IRI '{0}'")]
    Iri(String),
    #[error("unknown prefix in '{0}'")]
    Prefix(String),
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("store: {0}")]
    Store(String),
    #[error("parsing {0}: {1}")]
    Parse(String, String),
    /// A query the catalogue or a download names is refused by the query language.
    #[error(transparent)]
    Selection(#[from] crate::selection::SelectionError),
    /// A download body could not be rendered.
    #[error("{0}")]
    Render(String),
}

pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("qb", "http://purl.org/linked-data/cube#"),
    ("dqv", "http://www.w3.org/ns/dqv#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("sd", "http://www.w3.org/ns/sparql-service-description#"),
    // Issue 20: the Norwegian application profiles data.norge.no harvests.
    ("euvoc", "http://publications.europa.eu/ontology/euvoc#"),
    ("skosno", "https://data.norge.no/vocabulary/skosno#"),
    ("xkos", "http://rdf-vocabulary.ddialliance.org/xkos#"),
    ("uneskos", "http://purl.org/umu/uneskos#"),
    ("cv", "http://data.europa.eu/m8g/"),
    ("dcatno", "https://data.norge.no/vocabulary/dcatno#"),
    ("modelldcatno", "https://data.norge.no/vocabulary/modelldcatno#"),
];

/// Expand a prefixed name; `tt:` is the tiltak vocabulary `{base}/def/`.
pub fn expand(base: &str, pname: &str) -> Result<String, RdfError> {
    let (prefix, local) = pname.split_once(':').ok_or_else(|| RdfError::Prefix(pname.into()))?;
    if prefix == "tt" {
        return Ok(format!("{}{local}", uris::vocab(base)));
    }
    PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, ns)| format!("{ns}{local}")).ok_or_else(|| RdfError::Prefix(pname.into()))
}

/// The prefixed name of an IRI where a prefix (or `tt:`) covers it, else the IRI itself.
pub fn compact(base: &str, iri: &str) -> String {
    let vocab = uris::vocab(base);
    if let Some(local) = iri.strip_prefix(vocab.as_str()) {
        return format!("tt:{local}");
    }
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| iri.strip_prefix(ns).filter(|l| !l.contains('/')).map(|local| format!("{prefix}:{local}")))
        .unwrap_or_else(|| iri.to_string())
}

pub fn iri(s: &str) -> Result<NamedNode, RdfError> {
    NamedNode::new(s).map_err(|_| RdfError::Iri(s.into()))
}

pub fn p(base: &str, pname: &str) -> Result<NamedNode, RdfError> {
    iri(&expand(base, pname)?)
}

/// Collects quads for one named graph.
pub struct GraphBuilder {
    pub graph: GraphName,
    pub quads: Vec<Quad>,
}

impl GraphBuilder {
    pub fn new(graph_iri: &str) -> Result<Self, RdfError> {
        Ok(GraphBuilder { graph: GraphName::NamedNode(iri(graph_iri)?), quads: Vec::new() })
    }
    pub fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }
}

fn decimal_lexical(f: f64) -> String {
    let s = format!("{f}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// The RDF object of one non-null cell (language maps handled by the caller).
fn object(base: &str, kind: Kind, column: &str, v: &Value) -> Result<Option<Term>, RdfError> {
    let text = match v {
        Value::Null | Value::Blob(_) => return Ok(None),
        Value::Text(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => decimal_lexical(*f),
    };
    Ok(Some(match kind {
        Kind::Int => Literal::new_typed_literal(text, xsd::INTEGER).into(),
        Kind::Float => Literal::new_typed_literal(text, xsd::DECIMAL).into(),
        Kind::Date => Literal::new_typed_literal(text, xsd::DATE).into(),
        Kind::Bool => Literal::new_typed_literal(if text == "1" { "true" } else { "false" }, xsd::BOOLEAN).into(),
        Kind::Url => match NamedNode::new(&text) {
            Ok(n) => n.into(),
            Err(_) => Literal::new_typed_literal(text, xsd::ANY_URI).into(),
        },
        Kind::Code(scheme) => iri(&uris::code_concept(base, scheme, &text))?.into(),
        Kind::Ref(target) => match crate::model::entity(target) {
            Some(te) => iri(&uris::thing(base, te, &text))?.into(),
            None => Literal::new_simple_literal(text).into(),
        },
        _ if column.ends_with("_en") => Literal::new_language_tagged_literal_unchecked(text, "en").into(),
        _ if column.ends_with("_nb") => Literal::new_language_tagged_literal_unchecked(text, "nb").into(),
        _ if column.ends_with("_nn") => Literal::new_language_tagged_literal_unchecked(text, "nn").into(),
        // Our own `*_note` columns are written in English (fixtures/README.md); tagged so pages in
        // Bokmål mark them as English text (WCAG 3.1.2).
        _ if column.ends_with("_note") => Literal::new_language_tagged_literal_unchecked(text, "en").into(),
        _ => Literal::new_simple_literal(text).into(),
    }))
}

/// The IRI an extra link of the spec points to, where the record has what it needs.
fn extra_target(base: &str, e: &'static Entity, rec: &Record, target: &LinkTarget) -> Option<String> {
    let text = |field: &str| match rec.cells(e, field) {
        [Value::Text(t)] => Some(t.clone()),
        _ => None,
    };
    match target {
        LinkTarget::CodeScheme => rec.id.split_once(':').map(|(scheme, _)| uris::code_scheme(base, scheme)),
        LinkTarget::OrganizationRegister { field } => text(field).map(|n| uris::organization_register(&n)),
        LinkTarget::Dataset { prefix, field: None } => Some(uris::dataset(base, prefix)),
        LinkTarget::Dataset { prefix, field: Some(field) } => text(field).map(|v| uris::dataset(base, &format!("{prefix}{v}"))),
    }
}

/// Triples of every record of `e` into `g`.
fn map_entity(conn: &Connection, base: &str, e: &'static Entity, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let classes: Vec<NamedNode> = e.classes.iter().map(|c| p(base, c)).collect::<Result<_, _>>()?;
    let predicates: Vec<Option<NamedNode>> = e.fields.iter().map(|f| f.rdf.map(|r| p(base, r)).transpose()).collect::<Result<_, _>>()?;
    let extra: Vec<(NamedNode, &LinkTarget)> =
        e.extra_links.iter().map(|x| Ok((p(base, x.predicate)?, &x.target))).collect::<Result<_, RdfError>>()?;
    let identifier = p(base, "dct:identifier")?;
    query::scan(conn, e, |rec| -> Result<(), RdfError> {
        let subject = iri(&uris::thing(base, e, &rec.id))?;
        for c in &classes {
            g.add(subject.clone(), rdf::TYPE.into_owned(), c.clone());
        }
        g.add(subject.clone(), identifier.clone(), Literal::new_simple_literal(&rec.id));
        for ((f, cells), pred) in rec.fields(e).zip(&predicates) {
            let Some(pred) = pred else { continue };
            match (f.kind, cells) {
                (Kind::Lang, [nb, en]) => {
                    for (lang, v) in [("nb", nb), ("en", en)] {
                        if let Value::Text(t) = v {
                            g.add(subject.clone(), pred.clone(), Literal::new_language_tagged_literal_unchecked(t, lang));
                        }
                    }
                }
                (kind, [v]) => {
                    if let Some(o) = object(base, kind, f.name, v)? {
                        g.add(subject.clone(), pred.clone(), o);
                    }
                }
                _ => {}
            }
        }
        for (pred, target) in &extra {
            if let Some(o) = extra_target(base, e, &rec, target) {
                g.add(subject.clone(), pred.clone(), iri(&o)?);
            }
        }
        Ok(())
    })
}

/// `dct:source` / `prov:wasDerivedFrom` for every record, and DQV annotations both ways.
fn map_provenance(conn: &Connection, base: &str, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let source = p(base, "dct:source")?;
    let derived = p(base, "prov:wasDerivedFrom")?;
    let annotation = p(base, "dqv:hasQualityAnnotation")?;
    let target = p(base, "oa:hasTarget")?;
    let entities: HashMap<&str, &'static Entity> = ENTITIES.iter().map(|e| (e.collection, *e)).collect();
    let source_entity = model::provenance_entity(Provenance::Sources);
    let note_entity = model::provenance_entity(Provenance::QualityNotes);
    query::scan_citations(conn, Provenance::Sources, |c| -> Result<(), RdfError> {
        let Some(e) = entities.get(c.entity.as_str()) else { return Ok(()) };
        let subject = iri(&uris::thing(base, e, &c.record_id))?;
        g.add(subject.clone(), source.clone(), iri(&uris::thing(base, source_entity, &c.target))?);
        if let Some(Ok(u)) = c.url.as_deref().map(NamedNode::new) {
            g.add(subject, derived.clone(), u);
        }
        Ok(())
    })?;
    query::scan_citations(conn, Provenance::QualityNotes, |c| -> Result<(), RdfError> {
        let Some(e) = entities.get(c.entity.as_str()) else { return Ok(()) };
        let subject = iri(&uris::thing(base, e, &c.record_id))?;
        let note = iri(&uris::thing(base, note_entity, &c.target))?;
        g.add(subject.clone(), annotation.clone(), note.clone());
        g.add(note, target.clone(), subject);
        Ok(())
    })
}

/// The vocabulary source (hand-edited Turtle, relative IRIs resolved against `{base}/def/`).
pub const VOCAB_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/vocab.ttl"));

/// Quads of a Turtle document in the default graph.
pub fn parse_turtle(turtle: &str, base_iri: &str, name: &str) -> Result<Vec<Quad>, RdfError> {
    let mut g = GraphBuilder { graph: GraphName::DefaultGraph, quads: Vec::new() };
    parse_turtle_into(turtle, base_iri, name, &mut g)?;
    Ok(g.quads)
}

pub fn parse_turtle_into(turtle: &str, base_iri: &str, name: &str, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let parser =
        RdfParser::from_format(RdfFormat::Turtle).with_base_iri(base_iri).map_err(|e| RdfError::Parse(name.into(), e.to_string()))?;
    for q in parser.for_slice(turtle.as_bytes()) {
        let q = q.map_err(|e| RdfError::Parse(name.into(), e.to_string()))?;
        g.quads.push(Quad::new(q.subject, q.predicate, q.object, g.graph.clone()));
    }
    Ok(())
}

pub fn build_store(conn: &Connection, config: &Config, modified: &DateTime<Utc>, synthetic_rows: usize) -> Result<Store, RdfError> {
    let base = config.base_url.as_str();
    let store = Store::new()?;
    let mut data = GraphBuilder::new(&uris::graph(base, "data"))?;
    let mut vocab = GraphBuilder::new(&uris::graph(base, "vocab"))?;
    for e in ENTITIES {
        let g = match e.graph {
            Graph::Data => &mut data,
            Graph::Vocab => &mut vocab,
        };
        map_entity(conn, base, e, g)?;
    }
    map_provenance(conn, base, &mut data)?;
    parse_turtle_into(VOCAB_TTL, &uris::vocab(base), "catalog/vocab.ttl", &mut vocab)?;
    // Derived views (issue 15): the Data Cube, labels for every /id/ thing, VoID in the catalogue.
    datacube::build(conn, base, &mut data, &mut vocab)?;
    labels::build(conn, base, &mut data)?;
    let mut catalog = catalog::build_graph(conn, base, modified, synthetic_rows)?;
    void::build(base, &data, &vocab, &mut catalog)?;
    // Issue 20: the concept, event and model catalogues, one harvest document (named graph) each.
    let concept_list = concepts::concepts(conn)?;
    let harvested = [
        concepts::build(conn, base, &catalog.quads)?,
        events::build(conn, base, &catalog.quads)?,
        infomodel::build(conn, base, &catalog.quads, &concept_list)?,
    ];
    for g in harvested {
        store.extend(g.quads)?;
    }
    for g in [data, vocab, catalog] {
        store.extend(g.quads)?;
    }
    void::write_counts(&store, base)?;
    for (graph_iri, path) in &config.extra_graphs {
        let bytes = std::fs::read(path).map_err(|e| RdfError::Parse(path.display().to_string(), e.to_string()))?;
        let format = RdfFormat::from_extension(path.extension().and_then(|x| x.to_str()).unwrap_or("nt")).unwrap_or(RdfFormat::NTriples);
        let parser = RdfParser::from_format(format).with_default_graph(iri(graph_iri)?);
        store.load_from_slice(parser, &bytes).map_err(|e| RdfError::Parse(path.display().to_string(), e.to_string()))?;
    }
    Ok(store)
}
