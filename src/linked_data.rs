//! Dereferenceable URIs: `/id/{type}/{id}`, `/def/…` and catalogue IRIs answer with content
//! negotiation (Turtle, JSON-LD, RDF/XML, N-Triples, the API's JSON, HTML); whole-graph dumps.

use crate::error::ApiError;
use crate::http::caching;
use crate::http::conneg::{self, Offer};
use crate::rdf::serialize;
use crate::state::{AppState, Snapshot};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term};
use std::collections::HashSet;

pub const THING_OFFERS: &[Offer] = &[
    Offer { media_type: "text/turtle", format: "ttl" },
    Offer { media_type: "application/ld+json", format: "jsonld" },
    Offer { media_type: "application/rdf+xml", format: "rdf" },
    Offer { media_type: "application/n-triples", format: "nt" },
    Offer { media_type: "application/json", format: "json" },
    Offer { media_type: "text/html", format: "html" },
];

/// Triples about `subject` in any graph, with the blank nodes they lead to (a concise bounded description).
pub fn describe(snap: &Snapshot, subject: &NamedNode) -> Result<Vec<Quad>, ApiError> {
    let mut out = Vec::new();
    let mut seen: HashSet<Quad> = HashSet::new();
    let mut queue: Vec<NamedOrBlankNode> = vec![subject.clone().into()];
    let mut visited: HashSet<NamedOrBlankNode> = HashSet::new();
    while let Some(s) = queue.pop() {
        if !visited.insert(s.clone()) || visited.len() > 1000 {
            continue;
        }
        let nref: NamedOrBlankNodeRef<'_> = s.as_ref();
        for q in snap.store.quads_for_pattern(Some(nref), None, None, None) {
            let q = q.map_err(|e| ApiError::Internal(e.to_string()))?;
            if let Term::BlankNode(b) = &q.object {
                queue.push(b.clone().into());
            }
            let triple_key = Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), oxigraph::model::GraphName::DefaultGraph);
            if seen.insert(triple_key.clone()) {
                out.push(triple_key);
            }
        }
    }
    Ok(out)
}

fn accept(req: &HttpRequest) -> Option<&str> {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// Respond with the description of `subject`; `json` is the API view offered as `application/json`.
pub fn respond_described(
    req: &HttpRequest,
    snap: &Snapshot,
    base: &str,
    subject: &NamedNode,
    json: Option<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let format = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.iter().find(|(k, _)| k == "format").map(|(_, v)| v.clone()));
    let offers: Vec<Offer> = THING_OFFERS.iter().copied().filter(|o| o.format != "json" || json.is_some()).collect();
    let offer = conneg::choose(format.as_deref(), accept(req), &offers)?;
    // HTML differs by interface language, so its validator does too.
    let page_lang = if offer.format == "html" { crate::views::i18n::Lang::of(req).code() } else { "" };
    let etag = caching::etag(&snap.version, &[subject.as_str(), offer.media_type, page_lang]);
    if let Some(resp) = caching::not_modified(req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    b.insert_header((header::LINK, format!("<{}>; rel=\"describedby\"", subject.as_str())));
    match offer.format {
        "json" => Ok(b.json(json.unwrap_or(serde_json::Value::Null))),
        "html" => {
            let quads = describe(snap, subject)?;
            let mut page = crate::views::respond::thing_page(req, snap, base, subject, &quads, &offers);
            let headers = page.headers_mut();
            for (name, value) in b.finish().headers() {
                if name != header::CONTENT_TYPE && name != header::VARY && name != header::CONTENT_LENGTH {
                    headers.insert(name.clone(), value.clone());
                }
            }
            Ok(page)
        }
        _ => {
            let quads = describe(snap, subject)?;
            let body =
                serialize::quads_to_bytes(quads, serialize::format_of(&offer), base).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(b.content_type(serialize::content_type(&offer)).body(body))
        }
    }
}

async fn thing(req: HttpRequest, path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (item_type, id) = path.into_inner();
    let e = crate::model::entity_by_type(&item_type).ok_or_else(|| ApiError::NotFound(format!("no type '{item_type}'")))?;
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let snap2 = snap.clone();
    let base2 = base.clone();
    let json = web::block(move || crate::api::collections::item_json(&snap2, &base2, e, &id)).await??;
    let uri = json.get("uri").and_then(|u| u.as_str()).unwrap_or_default().to_string();
    let subject = crate::rdf::iri(&uri).map_err(|e| ApiError::Internal(e.to_string()))?;
    respond_described(&req, &snap, &base, &subject, Some(json))
}

async fn definition(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let iri = format!("{base}{}", req.path());
    let subject = crate::rdf::iri(&iri).map_err(|_| ApiError::NotFound("no such term".into()))?;
    if snap.store.quads_for_pattern(Some(subject.as_ref().into()), None, None, None).next().is_none() {
        return Err(ApiError::NotFound(format!("no term <{iri}> in the tiltak vocabulary")));
    }
    respond_described(&req, &snap, &base, &subject, None)
}

/// Streams every quad of the store (N-Quads) or the union graph (Turtle).
fn dump_stream(
    snap: std::sync::Arc<Snapshot>,
    base: String,
    nquads: bool,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    std::thread::spawn(move || {
        let format = if nquads { oxigraph::io::RdfFormat::NQuads } else { oxigraph::io::RdfFormat::Turtle };
        let mut batch = Vec::with_capacity(5000);
        let send_batch = |batch: &mut Vec<Quad>, tx: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>| -> bool {
            // Each chunk is a complete document fragment: N-Quads and prefix-less Turtle lines concatenate.
            let body = if nquads {
                serialize::quads_to_bytes(batch.drain(..), format, &base)
            } else {
                serialize::quads_to_bytes(batch.drain(..), oxigraph::io::RdfFormat::NTriples, &base)
            };
            match body {
                Ok(b) => tx.blocking_send(Ok(Bytes::from(b))).is_ok(),
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    false
                }
            }
        };
        for q in snap.store.iter() {
            match q {
                Ok(q) => batch.push(q),
                Err(e) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
            }
            if batch.len() >= 5000 && !send_batch(&mut batch, &tx) {
                return;
            }
        }
        if !batch.is_empty() {
            send_batch(&mut batch, &tx);
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}

async fn dump(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let nquads = req.path().ends_with(".nq");
    let snap = state.snapshot.load_full();
    let media = if nquads { "application/n-quads" } else { "text/turtle" };
    let etag = caching::etag(&snap.version, &[req.path()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    b.content_type(format!("{media}; charset=utf-8"));
    Ok(b.streaming(dump_stream(snap, state.config.base_url.clone(), nquads)))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/id/{type}/{id}", crate::startup::get_or_head().to(thing))
        .route("/def/{term}", crate::startup::get_or_head().to(definition))
        .route("/def/{scheme}/{code}", crate::startup::get_or_head().to(definition))
        .route("/dump.nq", crate::startup::get_or_head().to(dump))
        .route("/dump.ttl", crate::startup::get_or_head().to(dump));
}
