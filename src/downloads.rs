//! Downloads. `GET /download/{collection}.json`: every record of a collection (filtered like the
//! API, e.g. `?survey_id=2018`) in one JSON document, the full download beside the paged API view;
//! the catalogue's JSON distributions give it as `dcat:downloadURL`. Also the bodies of the other
//! download URLs (CSV, a dataset's Turtle/JSON-LD), so that `record_byte_sizes` can put the real
//! `dcat:byteSize` of every distribution into the catalogue when a snapshot loads.

use crate::api::params;
use crate::api::representation::{csv_header, csv_row, record_json};
use crate::catalog::DatasetInfo;
use crate::config::Config;
use crate::db::query::{self, After};
use crate::error::ApiError;
use crate::http::caching;
use crate::http::conneg::Offer;
use crate::model::Entity;
use crate::rdf::{iri, serialize};
use crate::state::{AppState, Snapshot};
use crate::uris;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, Quad, Term};
use serde_json::{json, Value as Json};

const CHUNK: usize = 1000;
/// Byte sizes are measured by rendering; above this many records (e.g. a full row-level import)
/// the distribution goes without `dcat:byteSize` rather than slowing every start.
const BYTE_SIZE_MAX_RECORDS: usize = 20_000;

fn records_in(snap: &Snapshot, collection: &str) -> usize {
    snap.counts.iter().find(|(c, _)| *c == collection).map(|(_, n)| *n).unwrap_or(0)
}

/// The download body: `{"collection", "total", "items": [...]}` with items as in the API.
pub fn full_json(snap: &Snapshot, base: &str, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, ApiError> {
    let p = params::parse(e, query_string, &snap.codes)?;
    if p.cursor.is_some() || p.limit_given {
        return Err(ApiError::param("limit", "a download holds every matching record; use the API for pages"));
    }
    let conn = snap.conn()?;
    let mut items = Vec::new();
    let mut after: Option<After> = None;
    loop {
        let page = p.selection.page(&conn, &p.sort, after.as_ref(), CHUNK)?;
        let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
        let prov = query::provenance(&conn, e, &ids)?;
        items.extend(page.records.iter().map(|r| Json::Object(record_json(base, e, r, prov.get(&r.id), p.fields.as_deref()))));
        match page.records.last() {
            Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
            _ => break,
        }
    }
    let body = json!({ "collection": e.collection, "total": items.len(), "items": items });
    serde_json::to_vec(&body).map_err(|err| ApiError::Internal(err.to_string()))
}

/// The CSV export exactly as `/api/v1/{collection}?format=csv` streams it (header, CRLF rows).
pub fn csv_body(snap: &Snapshot, base: &str, e: &'static Entity, query_string: &str) -> Result<Vec<u8>, ApiError> {
    let p = params::parse(e, query_string, &snap.codes)?;
    let conn = snap.conn()?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let csv_err = |err: csv::Error| ApiError::Internal(err.to_string());
    w.write_record(csv_header(e, p.fields.as_deref())).map_err(csv_err)?;
    let mut after: Option<After> = None;
    let mut remaining = if p.limit_given { p.limit } else { usize::MAX };
    while remaining > 0 {
        let page = p.selection.page(&conn, &p.sort, after.as_ref(), remaining.min(CHUNK))?;
        let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
        let prov = query::provenance(&conn, e, &ids)?;
        for r in &page.records {
            w.write_record(csv_row(base, e, r, prov.get(&r.id), p.fields.as_deref())).map_err(csv_err)?;
        }
        remaining -= page.records.len();
        match page.records.last() {
            Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
            _ => break,
        }
    }
    w.into_inner().map_err(|err| ApiError::Internal(err.to_string()))
}

/// The RDF of one catalogue dataset's records (the things of its backing collections).
pub fn dataset_rdf(snap: &Snapshot, base: &str, d: &DatasetInfo, offer: &Offer) -> Result<Vec<u8>, ApiError> {
    let conn = snap.conn()?;
    let mut quads = Vec::new();
    for c in &d.collections {
        let e = crate::api::collections::find_entity(c)?;
        let p = params::parse(e, d.query.as_deref().unwrap_or(""), &snap.codes)?;
        let sort = query::Sort { key: query::SortKey::Column("id".into()), descending: false };
        let mut after = None;
        loop {
            let page = p.selection.page(&conn, &sort, after.as_ref(), CHUNK)?;
            for r in &page.records {
                let subject = iri(&uris::thing(base, e, &r.id)).map_err(|e| ApiError::Internal(e.to_string()))?;
                quads.extend(crate::linked_data::describe(snap, &subject)?);
            }
            match page.records.last() {
                Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
                _ => break,
            }
        }
    }
    serialize::quads_to_bytes(quads, serialize::format_of(offer), base).map_err(|e| ApiError::Internal(e.to_string()))
}

/// The body a catalogue download URL serves, for the URLs tiltak mints; `None` for others and for
/// collections too large to render at load time.
fn render_for_size(snap: &Snapshot, base: &str, url: &str) -> Result<Option<Vec<u8>>, ApiError> {
    let Some(local) = url.strip_prefix(base) else { return Ok(None) };
    let (path, query) = local.split_once('?').unwrap_or((local, ""));
    let too_big = |collections: &[String]| collections.iter().map(|c| records_in(snap, c)).sum::<usize>() > BYTE_SIZE_MAX_RECORDS;
    if let Some(file) = path.strip_prefix("/download/") {
        let Some(collection) = file.strip_suffix(".json") else { return Ok(None) };
        if too_big(&[collection.to_string()]) {
            return Ok(None);
        }
        return full_json(snap, base, crate::api::collections::find_entity(collection)?, query).map(Some);
    }
    if let Some(collection) = path.strip_prefix("/api/v1/") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        if !pairs.iter().any(|(k, v)| k == "format" && v == "csv") || too_big(&[collection.to_string()]) {
            return Ok(None);
        }
        return csv_body(snap, base, crate::api::collections::find_entity(collection)?, query).map(Some);
    }
    if let Some(rest) = path.strip_prefix("/catalog/datasets/") {
        let (id, file) = rest.split_once('/').unwrap_or((rest, ""));
        let offer = match file {
            "data.ttl" => Offer { media_type: "text/turtle", format: "ttl" },
            "data.jsonld" => Offer { media_type: "application/ld+json", format: "jsonld" },
            _ => return Ok(None),
        };
        let Some(d) = crate::catalog::datasets(snap, base).into_iter().find(|d| d.id == id) else { return Ok(None) };
        if too_big(&d.collections) {
            return Ok(None);
        }
        return dataset_rdf(snap, base, &d, &offer).map(Some);
    }
    Ok(None)
}

/// Snapshot hook: `dcat:byteSize` (xsd:decimal, as DCAT-AP-NO 2.2 types it) of every distribution
/// whose download URL tiltak serves, measured by rendering it; then the VoID counts again.
pub fn record_byte_sizes(snap: &Snapshot, config: &Config) -> Result<(), String> {
    let started = std::time::Instant::now();
    let base = config.base_url.as_str();
    let graph = iri(&uris::graph(base, "catalog")).map_err(|e| e.to_string())?;
    let download = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
    let byte_size = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
    let targets: Vec<Quad> = snap
        .store
        .quads_for_pattern(None, Some(download), None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    for q in targets {
        let Term::NamedNode(url) = &q.object else { continue };
        let Some(body) = render_for_size(snap, base, url.as_str()).map_err(|e| format!("{}: {e}", url.as_str()))? else { continue };
        let size = Literal::new_typed_literal(body.len().to_string(), xsd::DECIMAL);
        snap.store.insert(&Quad::new(q.subject.clone(), byte_size.into_owned(), size, graph.clone())).map_err(|e| e.to_string())?;
    }
    crate::rdf::void::write_counts(&snap.store, base).map_err(|e| e.to_string())?;
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "catalogue byte sizes measured");
    Ok(())
}

async fn download(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let file = path.into_inner();
    let collection =
        file.strip_suffix(".json").ok_or_else(|| ApiError::NotFound(format!("no download '{file}'; use {{collection}}.json")))?;
    let e = crate::api::collections::find_entity(collection)?;
    let snap = state.snapshot.load_full();
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let base = state.config.base_url.clone();
    let qs = req.query_string().to_string();
    let snap2 = snap.clone();
    let body = web::block(move || full_json(&snap2, &base, e, &qs)).await??;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    b.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.json\"", e.collection)));
    Ok(b.content_type("application/json").body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/download/{file}", crate::startup::get_or_head().to(download));
}
