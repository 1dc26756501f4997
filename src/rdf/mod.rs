//! The RDF graph, derived from SQLite at start: every record of every entity mapped by its spec
//! (data graph), code lists and the tiltak vocabulary (vocab graph), the DCAT catalogue
//! (catalog graph). SPARQL's default graph is their union.

pub mod datacube;
pub mod labels;
pub mod rows;
pub mod serialize;
pub mod temporal;
pub mod void;

use crate::config::Config;
use crate::model::{Entity, Kind, ENTITIES};
use crate::uris;
use chrono::{DateTime, Utc};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum RdfError {
    #[error("invalid IRI '{0}'")]
    Iri(String),
    #[error("unknown prefix in '{0}'")]
    Prefix(String),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("store: {0}")]
    Store(String),
    #[error("parsing {0}: {1}")]
    Parse(String, String),
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
];

/// Expand a prefixed name; `tt:` is the tiltak vocabulary `{base}/def/`.
pub fn expand(base: &str, pname: &str) -> Result<String, RdfError> {
    let (prefix, local) = pname.split_once(':').ok_or_else(|| RdfError::Prefix(pname.into()))?;
    if prefix == "tt" {
        return Ok(format!("{}{local}", uris::vocab(base)));
    }
    PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, ns)| format!("{ns}{local}")).ok_or_else(|| RdfError::Prefix(pname.into()))
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
        _ => Literal::new_simple_literal(text).into(),
    }))
}

/// Triples of every record of `e` into `g`.
fn map_entity(conn: &Connection, base: &str, e: &Entity, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {}", cols.join(", "), e.table))?;
    let mut rows = stmt.query([])?;
    let classes: Vec<NamedNode> = e.classes.iter().map(|c| p(base, c)).collect::<Result<_, _>>()?;
    let predicates: Vec<Option<NamedNode>> = e.fields.iter().map(|f| f.rdf.map(|r| p(base, r)).transpose()).collect::<Result<_, _>>()?;
    let identifier = p(base, "dct:identifier")?;
    let in_scheme = p(base, "skos:inScheme")?;
    let same_as = p(base, "owl:sameAs")?;
    while let Some(row) = rows.next()? {
        let values: Vec<Value> = (0..cols.len()).map(|i| row.get::<_, Value>(i)).collect::<Result<_, _>>()?;
        let id = match &values[0] {
            Value::Text(s) => s.clone(),
            _ => continue,
        };
        let subject = iri(&uris::thing(base, e, &id))?;
        for c in &classes {
            g.add(subject.clone(), rdf::TYPE.into_owned(), c.clone());
        }
        g.add(subject.clone(), identifier.clone(), Literal::new_simple_literal(&id));
        let mut i = 0;
        for (f, pred) in e.fields.iter().zip(&predicates) {
            let n = if f.kind == Kind::Lang { 2 } else { 1 };
            if let Some(pred) = pred {
                if f.kind == Kind::Lang {
                    for (j, lang) in ["nb", "en"].iter().enumerate() {
                        if let Value::Text(t) = &values[i + j] {
                            g.add(subject.clone(), pred.clone(), Literal::new_language_tagged_literal_unchecked(t, *lang));
                        }
                    }
                } else if let Some(o) = object(base, f.kind, f.name, &values[i])? {
                    g.add(subject.clone(), pred.clone(), o);
                }
            }
            i += n;
        }
        // Entity-specific links that the column mapping cannot express.
        match e.collection {
            "codes" => {
                if let Some((scheme, _)) = id.split_once(':') {
                    g.add(subject.clone(), in_scheme.clone(), iri(&uris::code_scheme(base, scheme))?);
                }
            }
            "organizations" => {
                if let Some(Value::Text(orgnr)) = e.fields.iter().position(|f| f.name == "org_number").map(|k| &values[k]) {
                    g.add(subject.clone(), same_as.clone(), iri(&uris::organization_register(orgnr))?);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `dct:source` / `prov:wasDerivedFrom` for every record, and DQV annotations both ways.
fn map_provenance(conn: &Connection, base: &str, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let source = p(base, "dct:source")?;
    let derived = p(base, "prov:wasDerivedFrom")?;
    let annotation = p(base, "dqv:hasQualityAnnotation")?;
    let target = p(base, "oa:hasTarget")?;
    let entities: HashMap<&str, &Entity> = ENTITIES.iter().map(|e| (e.collection, e)).collect();
    let source_entity = entities.get("sources").copied();
    let note_entity = entities.get("data-quality").copied();
    let mut stmt =
        conn.prepare("SELECT rs.entity, rs.record_id, rs.source_id, s.url FROM record_sources rs JOIN sources s ON s.id = rs.source_id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (coll, rid, sid, url): (String, String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let (Some(e), Some(se)) = (entities.get(coll.as_str()), source_entity) else { continue };
        let subject = iri(&uris::thing(base, e, &rid))?;
        g.add(subject.clone(), source.clone(), iri(&uris::thing(base, se, &sid))?);
        if let Ok(u) = NamedNode::new(&url) {
            g.add(subject, derived.clone(), u);
        }
    }
    let mut stmt = conn.prepare("SELECT entity, record_id, note_id FROM record_quality")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (coll, rid, nid): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let (Some(e), Some(ne)) = (entities.get(coll.as_str()), note_entity) else { continue };
        let subject = iri(&uris::thing(base, e, &rid))?;
        let note = iri(&uris::thing(base, ne, &nid))?;
        g.add(subject.clone(), annotation.clone(), note.clone());
        g.add(note, target.clone(), subject);
    }
    Ok(())
}

/// The vocabulary source (hand-edited Turtle, relative IRIs resolved against `{base}/def/`).
pub const VOCAB_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/vocab.ttl"));

pub fn parse_turtle_into(turtle: &str, base_iri: &str, name: &str, g: &mut GraphBuilder) -> Result<(), RdfError> {
    let parser =
        RdfParser::from_format(RdfFormat::Turtle).with_base_iri(base_iri).map_err(|e| RdfError::Parse(name.into(), e.to_string()))?;
    for q in parser.for_slice(turtle.as_bytes()) {
        let q = q.map_err(|e| RdfError::Parse(name.into(), e.to_string()))?;
        g.quads.push(Quad::new(q.subject, q.predicate, q.object, g.graph.clone()));
    }
    Ok(())
}

pub fn build_store(
    conn: &Connection,
    config: &Config,
    modified: &DateTime<Utc>,
    synthetic_rows: usize,
) -> Result<Store, RdfError> {
    let base = config.base_url.as_str();
    let store = Store::new().map_err(|e| RdfError::Store(e.to_string()))?;
    let mut data = GraphBuilder::new(&uris::graph(base, "data"))?;
    let mut vocab = GraphBuilder::new(&uris::graph(base, "vocab"))?;
    for e in ENTITIES {
        if e.collection == "codes" {
            map_entity(conn, base, e, &mut vocab)?;
        } else {
            map_entity(conn, base, e, &mut data)?;
        }
    }
    map_provenance(conn, base, &mut data)?;
    parse_turtle_into(VOCAB_TTL, &uris::vocab(base), "catalog/vocab.ttl", &mut vocab)?;
    // Derived views (issue 15): the Data Cube, labels for every /id/ thing, VoID in the catalogue.
    datacube::build(conn, base, &mut data, &mut vocab)?;
    labels::build(conn, base, &mut data)?;
    let mut catalog = crate::catalog::build_graph(conn, config, modified, synthetic_rows)?;
    void::build(base, &data, &vocab, &mut catalog)?;
    for g in [data, vocab, catalog] {
        store.extend(g.quads).map_err(|e| RdfError::Store(e.to_string()))?;
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
