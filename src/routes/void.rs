//! `GET /.well-known/void`: the VoID description (built by `rdf::void` into the catalogue graph),
//! by content negotiation, Turtle by default.

use crate::error::ApiError;
use crate::formats::offers;
use crate::http::{self as h, caching, conneg};
use crate::rdf::{iri, serialize, void};
use crate::state::AppState;
use crate::uris;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad};

async fn void_document(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.as_str();
    let format = conneg::format_param(&req);
    // No HTML view of its own: browsers (Accept: text/html) get Turtle, the VoID note's format.
    let offer = match conneg::choose_for(&req, format.as_deref(), offers::VOID) {
        Err(_) if format.is_none() => offers::VOID[0],
        other => other?,
    };
    let etag = caching::etag(&snap.version, &[req.path(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let graph = iri(&uris::graph(base, "catalog"))?;
    let prefix = format!("{}#", void::document(base));
    let quads: Vec<Quad> = snap
        .store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|q| matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(&prefix)))
        .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
        .collect();
    let body = serialize::quads_to_bytes(quads, offer.format.rdf(), base)?;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type(offer.content_type()).body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(h::read_only(void::VOID_PATH, void_document));
}
