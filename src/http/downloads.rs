//! The bodies of the catalogue's download URLs, rendered without HTTP: the full JSON download of
//! a collection (`/download/{collection}.json`, every record matching a filter in one document,
//! beside the paged API view), the CSV export as `/api/v1/{collection}?format=csv` streams it,
//! and a dataset's records as RDF (`/catalog/datasets/{id}/data.{ttl,jsonld}`). `byte_sizes`
//! renders each of them once to put the real `dcat:byteSize` of every distribution into the
//! catalogue when a snapshot loads. The routes are `routes::downloads` and `routes::catalog`.

use super::jsonstat;
use crate::db::query::{self, After, Record, Sort, SortKey};
use crate::error::ApiError;
use crate::formats::{self, offers, Offer};
use crate::model::{self, Entity};
use crate::rdf::catalog::{datasets, DatasetInfo};
use crate::rdf::{describe, iri, serialize, void, RdfError};
use crate::selection::params;
use crate::selection::record::{csv_header, csv_row, record_json};
use crate::uris;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, Quad, Term};
use oxigraph::store::Store;
use rusqlite::Connection;
use serde_json::{json, Value as Json};
use std::collections::HashMap;

const CHUNK: usize = 1000;
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

    /// Every record of `selection` in `sort` order, a chunk at a time (keyset pages).
    fn each_page(
        &self,
        selection: &query::Selection,
        sort: &Sort,
        mut limit: usize,
        mut visit: impl FnMut(&[Record]) -> Result<(), ApiError>,
    ) -> Result<(), ApiError> {
        let mut after: Option<After> = None;
        while limit > 0 {
            let page = selection.page(self.conn, sort, after.as_ref(), limit.min(CHUNK))?;
            visit(&page.records)?;
            limit -= page.records.len();
            match page.records.last() {
                Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
                _ => break,
            }
        }
        Ok(())
    }

    /// The download body: `{"collection", "total", "items": [...]}` with items as in the API.
    pub fn full_json(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, ApiError> {
        let p = params::parse(e, query_string, self.codes)?;
        if p.cursor.is_some() || p.limit_given {
            return Err(ApiError::param("limit", "a download holds every matching record; use the API for pages"));
        }
        let mut items = Vec::new();
        self.each_page(&p.selection, &p.sort, usize::MAX, |records| {
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let prov = query::provenance(self.conn, e, &ids)?;
            items.extend(records.iter().map(|r| Json::Object(record_json(self.base, e, r, prov.get(&r.id), p.fields.as_deref()))));
            Ok(())
        })?;
        let body = json!({ "collection": e.collection, "total": items.len(), "items": items });
        serde_json::to_vec(&body).map_err(|err| ApiError::Internal(err.to_string()))
    }

    /// The CSV export exactly as `/api/v1/{collection}?format=csv` streams it (header, CRLF rows).
    pub fn csv(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, ApiError> {
        let p = params::parse(e, query_string, self.codes)?;
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let csv_err = |err: csv::Error| ApiError::Internal(err.to_string());
        w.write_record(csv_header(e, p.fields.as_deref())).map_err(csv_err)?;
        let limit = if p.limit_given { p.limit } else { usize::MAX };
        self.each_page(&p.selection, &p.sort, limit, |records| {
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let prov = query::provenance(self.conn, e, &ids)?;
            for r in records {
                w.write_record(csv_row(self.base, e, r, prov.get(&r.id), p.fields.as_deref())).map_err(csv_err)?;
            }
            Ok(())
        })?;
        w.into_inner().map_err(|err| ApiError::Internal(err.to_string()))
    }

    /// The JSON-stat answer of `/api/v1/{collection}?{query}` (`http::jsonstat`).
    pub fn jsonstat(&self, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, ApiError> {
        let p = params::parse(e, query_string, self.codes)?;
        let updated = self.modified.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let ctx = jsonstat::Context { base: self.base, query: query_string, updated: &updated, version: self.version };
        let body = jsonstat::answer(self.conn, &ctx, &p.selection)?;
        serde_json::to_vec(&body).map_err(|err| ApiError::Internal(err.to_string()))
    }

    /// The RDF of one catalogue dataset's records (the things of its backing collections).
    pub fn dataset_rdf(&self, d: &DatasetInfo, offer: Offer) -> Result<Vec<u8>, ApiError> {
        let mut quads = Vec::new();
        for c in &d.collections {
            let e = model::entity(c).ok_or_else(|| ApiError::NotFound(format!("no collection '{c}'")))?;
            let p = params::parse(e, d.query.as_deref().unwrap_or(""), self.codes)?;
            let sort = Sort { key: SortKey::Column("id".into()), descending: false };
            self.each_page(&p.selection, &sort, usize::MAX, |records| {
                for r in records {
                    quads.extend(describe::describe(self.store, &iri(&uris::thing(self.base, e, &r.id))?)?);
                }
                Ok(())
            })?;
        }
        Ok(serialize::quads_to_bytes(quads, offer.format.rdf(), self.base)?)
    }

    /// The body a catalogue download URL serves, for the URLs tiltak mints; `None` for others and
    /// for collections too large to render at load time.
    fn render_for_size(&self, url: &str) -> Result<Option<Vec<u8>>, ApiError> {
        let Some(local) = url.strip_prefix(self.base) else { return Ok(None) };
        let (path, query) = local.split_once('?').unwrap_or((local, ""));
        let too_big = |collections: &[String]| collections.iter().map(|c| self.records_in(c)).sum::<usize>() > BYTE_SIZE_MAX_RECORDS;
        let entity = |c: &str| model::entity(c).ok_or_else(|| ApiError::NotFound(format!("no collection '{c}'")));
        if let Some(collection) = path.strip_prefix("/download/").and_then(|f| f.strip_suffix(".json")) {
            if too_big(&[collection.to_string()]) {
                return Ok(None);
            }
            return self.full_json(entity(collection)?, query).map(Some);
        }
        if let Some(collection) = path.strip_prefix("/api/v1/") {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
            let format = pairs.iter().find(|(k, _)| k == "format").map(|(_, v)| v.as_str());
            if too_big(&[collection.to_string()]) {
                return Ok(None);
            }
            return match format {
                Some(f) if f == formats::Format::Csv.name() => self.csv(entity(collection)?, query).map(Some),
                Some(f) if f == formats::Format::JsonStat.name() => self.jsonstat(entity(collection)?, query).map(Some),
                _ => Ok(None),
            };
        }
        if let Some(rest) = path.strip_prefix("/catalog/datasets/") {
            let (id, file) = rest.split_once('/').unwrap_or((rest, ""));
            let Some(offer) = file.strip_prefix("data.").and_then(|ext| formats::by_name(offers::DATASET_FILES, ext)) else {
                return Ok(None);
            };
            let Some(d) = datasets(self.store, self.base)?.into_iter().find(|d| d.id == id) else { return Ok(None) };
            if too_big(&d.collections) {
                return Ok(None);
            }
            return self.dataset_rdf(&d, offer).map(Some);
        }
        Ok(None)
    }

    /// `dcat:byteSize` (xsd:decimal, as DCAT-AP-NO 2.2 types it) of every distribution whose
    /// download URL tiltak serves, measured by rendering it, written into the catalogue graph;
    /// then the VoID counts again (the catalogue graph grew).
    pub fn record_byte_sizes(&self) -> Result<(), ApiError> {
        let graph = iri(&uris::graph(self.base, "catalog"))?;
        let download = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
        let byte_size = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
        let targets: Vec<Quad> = self
            .store
            .quads_for_pattern(None, Some(download), None, Some(GraphNameRef::NamedNode(graph.as_ref())))
            .collect::<Result<_, _>>()
            .map_err(RdfError::from)?;
        for q in targets {
            let Term::NamedNode(url) = &q.object else { continue };
            let Some(body) = self.render_for_size(url.as_str())? else { continue };
            let size = Literal::new_typed_literal(body.len().to_string(), xsd::DECIMAL);
            self.store.insert(&Quad::new(q.subject.clone(), byte_size.into_owned(), size, graph.clone())).map_err(RdfError::from)?;
        }
        void::write_counts(self.store, self.base)?;
        Ok(())
    }
}
