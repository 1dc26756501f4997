//! Dereferenceable URIs: `/id/{type}/{id}` and `/def/…` answer with content negotiation
//! (Turtle, JSON-LD, RDF/XML, N-Triples, the API's JSON, HTML); whole-store dumps.

use crate::error::ApiError;
use crate::formats::{offers, Format};
use crate::http::{self as h, caching};
use crate::model::{self, UriRule};
use crate::rdf::{self, describe, serialize};
use crate::state::{AppState, Snapshot};
use crate::uris;
use crate::views;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{NamedNode, Quad};
use std::sync::Arc;

/// The API item view of a record, with its URI.
async fn item_view(snap: &Arc<Snapshot>, base: &str, e: &'static model::Entity, id: String) -> Result<serde_json::Value, ApiError> {
    let db = snap.db.clone();
    let base = base.to_string();
    web::block(move || {
        let conn = db.pool.get().map_err(crate::db::DbError::from)?;
        crate::db::item::item_json(&conn, &base, e, &id)?.ok_or_else(|| ApiError::no_record(e, &id))
    })
    .await?
}

async fn thing(req: HttpRequest, path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (item_type, id) = path.into_inner();
    let e = model::entity_by_type(&item_type).ok_or_else(|| ApiError::NotFound(format!("no type '{item_type}'")))?;
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let json = item_view(&snap, &base, e, id).await?;
    let uri = json.get("uri").and_then(|u| u.as_str()).unwrap_or_default();
    let subject = rdf::iri(uri)?;
    respond(&req, &snap, &base, &subject, json)
}

/// A vocabulary term or a code-list concept. Concepts of an entity minted under `/def/` (code
/// lists) also offer the API's JSON, as things under `/id/` do.
async fn definition(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let iri = uris::at(&base, req.path());
    let subject = rdf::iri(&iri).map_err(|_| ApiError::NotFound("no such term".into()))?;
    if !describe::exists(&snap.store, &subject) {
        return Err(ApiError::NotFound(format!("no term <{iri}> in the tiltak vocabulary")));
    }
    let concept = req.match_info().get("scheme").zip(req.match_info().get("code"));
    let json = match (concept, model::ENTITIES.iter().find(|e| e.uri == UriRule::CodeConcept)) {
        // `/def/scheme/{scheme}` (a scheme, not a concept) has no record.
        (Some((scheme, code)), Some(e)) => match item_view(&snap, &base, e, format!("{scheme}:{code}")).await {
            Ok(json) => Some(json),
            Err(ApiError::NotFound(_)) => None,
            Err(other) => return Err(other),
        },
        _ => None,
    };
    // Vocabulary terms have no API record: their JSON is the description itself.
    let json = match json {
        Some(json) => json,
        None => describe::to_json(&describe::describe(&snap.store, &subject)?, &subject, &base),
    };
    respond(&req, &snap, &base, &subject, json)
}

/// A thing or term by content negotiation; people get its page.
fn respond(req: &HttpRequest, snap: &Snapshot, base: &str, subject: &NamedNode, json: serde_json::Value) -> Result<HttpResponse, ApiError> {
    let data = h::Described { store: &snap.store, version: &snap.version, modified: &snap.modified };
    let render = |quads: &[Quad], offers: &[crate::formats::Offer]| views::respond::thing_page(req, snap, base, subject, quads, offers);
    let page = h::HtmlPage { variant: views::i18n::Lang::of(req).code(), render: &render };
    h::respond_described(req, &data, base, subject, Some(json), offers::THING, &page)
}

/// Every quad of the store (N-Quads) or the union graph (Turtle), streamed in batches.
fn dump_stream(snap: Arc<Snapshot>, base: String, format: Format) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    // Each chunk is a complete document fragment: N-Quads and prefix-less Turtle (N-Triples) lines concatenate.
    let chunk_format = if format == Format::NQuads { Format::NQuads } else { Format::NTriples };
    h::thread_stream(move |send| {
        let mut batch: Vec<Quad> = Vec::with_capacity(5000);
        for q in snap.store.iter() {
            batch.push(q?);
            if batch.len() >= 5000 && !send(Bytes::from(serialize::quads_to_bytes(batch.drain(..), chunk_format.rdf(), &base)?)) {
                return Ok(());
            }
        }
        if !batch.is_empty() {
            send(Bytes::from(serialize::quads_to_bytes(batch, chunk_format.rdf(), &base)?));
        }
        Ok(())
    })
}

async fn dump(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ext = req.path().rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    let offer = crate::formats::by_name(offers::DUMPS, ext).ok_or_else(|| ApiError::NotFound(format!("no dump '{}'", req.path())))?;
    let snap = state.snapshot.load_full();
    let etag = caching::etag(&snap.version, &[req.path()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let mut b = HttpResponse::Ok();
    caching::apply_fixed(&mut b, &etag, &snap.modified);
    b.content_type(offer.content_type());
    Ok(b.streaming(dump_stream(snap, state.config.base_url.clone(), offer.format)))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(h::read_only("/id/{type}/{id}", thing))
        .service(h::read_only("/def/{term}", definition))
        .service(h::read_only("/def/{scheme}/{code}", definition));
    for o in offers::DUMPS {
        cfg.service(h::read_only(&format!("/dump.{}", o.name()), dump));
    }
}
