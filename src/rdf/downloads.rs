//! The bodies of the catalogue's download URLs, rendered without HTTP: the full JSON download of
//! a collection (`/download/{collection}.json`, every record matching a filter in one document,
//! beside the paged API view), the CSV export as `/api/v1/{collection}?format=csv` streams it,
//! the JSON-stat answer, and a dataset's records as RDF (`/catalog/datasets/{id}/data.{ttl,jsonld}`):
//! renderers over the listing pipeline (`db::listing`). `record_byte_sizes` renders each download
//! the catalogue lists once to put the real `dcat:byteSize` of every distribution into the
//! catalogue when a snapshot loads (called by `state::Snapshot::prepare`). The routes
//! (`routes::downloads`, `routes::collections`, `routes::catalog`) call the renderer of the path
//! they matched.

use super::catalog::{datasets, DatasetInfo, Download};
use super::{describe, iri, jsonstat, serialize, void, RdfError};
use crate::db::listing;
use crate::db::query::{Sort, SortKey};
use crate::formats::{Listing, Offer};
use crate::model::{self, Entity};
use crate::selection::params;
use crate::selection::record::{csv_header, csv_row, record_json};
use crate::uris;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, Quad, Term};
use oxigraph::store::Store;
use rusqlite::Connection;
use serde_json::{json, Value as Json};
use std::collections::HashMap;

/// Byte sizes are measured by rendering; above this many records (e.g. a full row-level import)
/// the distribution goes without `dcat:byteSize` rather than slowing every start.
const BYTE_SIZE_MAX_RECORDS: usize = 20_000;

/// What rendering a download reads: one snapshot's database, graph, code lists and counts.
pub struct Source<'a> {
    pub conn: &'a Connection,
    pub store: &'a Store,
    pub codes: &'a HashMap<String, Vec<String>>,
    pub counts: &'a [(&'static str, usize)],
    pub base: &'a str,
    /// The data version and load time (JSON-stat says which data it holds).
    pub version: &'a str,
    pub modified: &'a chrono::DateTime<chrono::Utc>,
}

impl Source<'_> {
    fn records_in(&self, collection: &str) -> usize {
        self.counts.iter().find(|(c, _)| *c == collection).map(|(_, n)| *n).unwrap_or(0)
    }

    /// The download body: `{"collection", "total", "items": [...]}` with items as in the API.
    pub fn full_json(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, RdfError> {
        let p = params::parse(e, query_string, self.codes)?;
        if p.cursor.is_some() || p.limit_given {
            return Err(
                crate::selection::SelectionError::param("limit", "a download holds every matching record; use the API for pages").into()
            );
        }
        let mut items = Vec::new();
        for chunk in listing::pages(self.conn, &p.selection, &p.sort, None, None) {
            let chunk = chunk?;
            items.extend(
                chunk.records.iter().map(|r| Json::Object(record_json(self.base, e, r, chunk.provenance_of(r), p.fields.as_deref()))),
            );
        }
        let body = json!({ "collection": e.collection, "total": items.len(), "items": items });
        serde_json::to_vec(&body).map_err(|err| RdfError::Render(err.to_string()))
    }

    /// The CSV export exactly as `/api/v1/{collection}?format=csv` streams it (header, CRLF rows).
    pub fn csv(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, RdfError> {
        let p = params::parse(e, query_string, self.codes)?;
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let csv_err = |err: csv::Error| RdfError::Render(err.to_string());
        w.write_record(csv_header(e, p.fields.as_deref())).map_err(csv_err)?;
        for chunk in listing::pages(self.conn, &p.selection, &p.sort, None, p.limit_given.then_some(p.limit)) {
            let chunk = chunk?;
            for r in &chunk.records {
                w.write_record(csv_row(self.base, e, r, chunk.provenance_of(r), p.fields.as_deref())).map_err(csv_err)?;
            }
        }
        w.into_inner().map_err(|err| RdfError::Render(err.to_string()))
    }

    /// The JSON-stat answer of `/api/v1/{collection}?{query}` (`rdf::jsonstat`).
    pub fn jsonstat(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, RdfError> {
        let p = params::parse(e, query_string, self.codes)?;
        let updated = self.modified.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let ctx = jsonstat::Context { base: self.base, query: query_string, updated: &updated, version: self.version };
        let body = jsonstat::answer(self.conn, &ctx, &p.selection)?;
        serde_json::to_vec(&body).map_err(|err| RdfError::Render(err.to_string()))
    }

    /// The RDF of one catalogue dataset's records (the things of its backing collections).
    pub fn dataset_rdf(&self, d: &DatasetInfo, offer: Offer) -> Result<Vec<u8>, RdfError> {
        let mut quads = Vec::new();
        for c in &d.collections {
            let e = model::entity(c).ok_or_else(|| RdfError::Render(format!("no collection '{c}'")))?;
            let p = params::parse(e, d.query.as_deref().unwrap_or(""), self.codes)?;
            let sort = Sort { key: SortKey::Column("id".into()), descending: false, collation: Default::default() };
            for chunk in listing::pages(self.conn, &p.selection, &sort, None, None) {
                for r in &chunk?.records {
                    quads.extend(describe::describe(self.store, &iri(&uris::thing(self.base, e, &r.id))?)?);
                }
            }
        }
        serialize::quads_to_bytes(quads, offer.format.rdf(), self.base).map_err(|err| RdfError::Render(err.to_string()))
    }

    /// Every download the catalogue lists (`DatasetInfo::downloads`, the list the catalogue's
    /// distributions are made from), by the URL it is served at, with its dataset and the number of
    /// records it holds. No URL is taken apart to find what it serves.
    fn catalogue_downloads(&self) -> Result<HashMap<String, (Download, DatasetInfo, usize)>, RdfError> {
        let mut out = HashMap::new();
        for d in datasets(self.store, self.base)? {
            let all: usize = d.collections.iter().map(|c| self.records_in(c)).sum();
            for download in d.downloads() {
                let records = match &download {
                    Download::Api { collection, .. } => self.records_in(collection),
                    Download::DatasetRdf { .. } => all,
                };
                out.insert(download.url(self.base, &d), (download, d.clone(), records));
            }
        }
        Ok(out)
    }

    /// The body of one download (`None`: a format with no whole-set body, or a collection no
    /// spec names).
    pub fn render(&self, download: &Download, dataset: &DatasetInfo) -> Result<Option<Vec<u8>>, RdfError> {
        let query = dataset.query.as_deref().unwrap_or("");
        Ok(match download {
            Download::Api { collection, format } => {
                let Some(entity) = model::entity(collection) else { return Ok(None) };
                match format.listing() {
                    // The API's JSON distribution is the full download of the same records.
                    Some(Listing::Page) => Some(self.full_json(entity, query)?),
                    Some(Listing::Csv) => Some(self.csv(entity, query)?),
                    Some(Listing::JsonStat) => Some(self.jsonstat(entity, query)?),
                    // Not a catalogue distribution (`formats::offers::API_DISTRIBUTIONS`).
                    Some(Listing::Ndjson) => None,
                    None => None,
                }
            }
            Download::DatasetRdf { format } => Some(self.dataset_rdf(dataset, format.offer())?),
        })
    }

    /// `dcat:byteSize` (xsd:decimal, as DCAT-AP-NO 2.2 types it) of every distribution whose
    /// download URL tiltak serves, measured by rendering it, written into the catalogue graph;
    /// then the VoID counts again (the catalogue graph grew).
    pub fn record_byte_sizes(&self) -> Result<(), RdfError> {
        let graph = iri(&uris::graph(self.base, "catalog"))?;
        let download = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
        let byte_size = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
        let targets: Vec<Quad> = self
            .store
            .quads_for_pattern(None, Some(download), None, Some(GraphNameRef::NamedNode(graph.as_ref())))
            .collect::<Result<_, _>>()?;
        let downloads = self.catalogue_downloads()?;
        for q in targets {
            let Term::NamedNode(url) = &q.object else { continue };
            // Collections too large to render at load time go without a size.
            let Some((download, d, _)) = downloads.get(url.as_str()).filter(|(_, _, n)| *n <= BYTE_SIZE_MAX_RECORDS) else { continue };
            let Some(body) = self.render(download, d)? else { continue };
            let size = Literal::new_typed_literal(body.len().to_string(), xsd::DECIMAL);
            self.store.insert(&Quad::new(q.subject.clone(), byte_size.into_owned(), size, graph.clone()))?;
        }
        void::write_counts(self.store, self.base)?;
        Ok(())
    }
}
