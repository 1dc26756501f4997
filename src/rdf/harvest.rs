//! Issue 20: the catalogues data.norge.no harvests besides the DCAT-AP-NO dataset catalogue, one
//! named graph each: concepts (SKOS-AP-NO-Begrep, `concepts.rs`), life events (CPSV-AP-NO,
//! `events.rs`) and the information model (ModellDCAT-AP-NO, `infomodel.rs`). Each graph is a
//! complete harvest document: its resources plus the publisher and contact point they refer to.

use super::{iri, p, GraphBuilder, RdfError};
use crate::db::query::{self, Record};
use crate::model::{Entity, Provenance};
use crate::selection::Value;
use crate::uris;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// A harvestable catalogue: the path of its document (also its IRI) and its named graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Harvest {
    /// Path under the base URL: `/catalog/concepts` etc.
    pub path: &'static str,
    /// Name of the named graph (`{base}/graph/{graph}`).
    pub graph: &'static str,
    /// What the document is, for the OpenAPI document.
    pub summary: &'static str,
}

pub const CONCEPTS: Harvest =
    Harvest { path: "/catalog/concepts", graph: "concepts", summary: "The concept catalogue (SKOS-AP-NO-Begrep)" };
pub const EVENTS: Harvest = Harvest { path: "/catalog/events", graph: "events", summary: "The life-event catalogue (CPSV-AP-NO)" };
pub const MODELS: Harvest = Harvest {
    path: "/catalog/models",
    graph: "models",
    summary: "The information-model catalogue (ModellDCAT-AP-NO), generated from the entity specs",
};
/// Every harvest document besides `/catalog` itself.
pub const ALL: [Harvest; 3] = [CONCEPTS, EVENTS, MODELS];

impl Harvest {
    pub fn iri(&self, base: &str) -> String {
        uris::at(base, self.path)
    }
    pub fn graph_iri(&self, base: &str) -> String {
        uris::graph(base, self.graph)
    }
}

/// The publisher and contact point as the dataset catalogue describes them, copied into `g` so a
/// harvest document is complete on its own (a harvester reads one document).
pub fn copy_agents(base: &str, catalog: &[Quad], g: &mut GraphBuilder) -> Result<(), RdfError> {
    let subjects = [uris::catalog_part(base, "contact"), uris::organization_register("991825827")];
    for q in catalog {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            if subjects.iter().any(|x| x == s.as_str()) {
                g.add(s.clone(), q.predicate.clone(), q.object.clone());
            }
        }
    }
    Ok(())
}

/// `dct:identifier` as SKOS-AP-NO and ModellDCAT-AP-NO want it: the IRI as an `xsd:anyURI` literal.
pub fn identifier(base: &str, g: &mut GraphBuilder, s: &NamedNode) -> Result<(), RdfError> {
    g.add(s.clone(), p(base, "dct:identifier")?, Literal::new_typed_literal(s.as_str(), oxigraph::model::vocab::xsd::ANY_URI));
    Ok(())
}

pub fn lang(s: &str, l: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, l)
}

/// The text of a cell (`None` for NULL).
pub fn text(rec: &Record, e: &Entity, field: &str) -> Option<String> {
    match rec.cells(e, field) {
        [Value::Text(t)] => Some(t.clone()),
        [Value::Integer(i)] => Some(i.to_string()),
        _ => None,
    }
}

/// The two texts of a language map (nb, en).
pub fn texts(rec: &Record, e: &Entity, field: &str) -> (Option<String>, Option<String>) {
    match rec.cells(e, field) {
        [Value::Text(nb), Value::Text(en)] => (Some(nb.clone()), Some(en.clone())),
        [Value::Text(nb), _] => (Some(nb.clone()), None),
        [_, Value::Text(en)] => (None, Some(en.clone())),
        _ => (None, None),
    }
}

/// The URLs of the source documents each record of `collection` cites.
pub fn source_urls(conn: &Connection, collection: &str) -> Result<BTreeMap<String, Vec<String>>, RdfError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    query::scan_citations(conn, Provenance::Sources, |c| -> Result<(), RdfError> {
        if c.entity == collection {
            if let Some(u) = c.url {
                out.entry(c.record_id).or_default().push(u);
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// `iri(url)` as a term, or the URL as a plain literal where it is not an IRI.
pub fn url_term(url: &str) -> Term {
    match iri(url) {
        Ok(n) => n.into(),
        Err(_) => Literal::new_simple_literal(url).into(),
    }
}
