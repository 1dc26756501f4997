//! `GET /.well-known/void`: the VoID description (built by `rdf::void` into the catalogue graph),
//! with content negotiation like the catalogue (Turtle by default).

use crate::catalog::CATALOG_OFFERS;
use crate::error::ApiError;
use crate::http::{caching, conneg};
use crate::rdf::{iri, serialize, void};
use crate::state::AppState;
use crate::uris;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad};

async fn void_document(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.as_str();
    let format = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.iter().find(|(k, _)| k == "format").map(|(_, v)| v.clone()));
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok());
    // No HTML view of its own: browsers get Turtle, the VoID note's format.
    let offers: Vec<conneg::Offer> = CATALOG_OFFERS.iter().copied().filter(|o| o.format != "html").collect();
    let offer = match conneg::choose(format.as_deref(), accept, &offers) {
        Err(_) if format.is_none() => offers[0],
        other => other?,
    };
    let etag = caching::etag(&snap.version, &[req.path(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let graph = iri(&uris::graph(base, "catalog")).map_err(|e| ApiError::Internal(e.to_string()))?;
    let prefix = format!("{}#", void::document(base));
    let quads: Vec<Quad> = snap
        .store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .filter_map(Result::ok)
        .filter(|q| matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(&prefix)))
        .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
        .collect();
    let body = serialize::quads_to_bytes(quads, serialize::format_of(&offer), base).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type(serialize::content_type(&offer)).body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(void::VOID_PATH, crate::startup::get_or_head().to(void_document));
}
