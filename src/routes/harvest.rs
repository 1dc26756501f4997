//! Issue 20: the harvest documents besides `/catalog`: `/catalog/concepts` (SKOS-AP-NO-Begrep),
//! `/catalog/events` (CPSV-AP-NO) and `/catalog/models` (ModellDCAT-AP-NO), each the whole named
//! graph `rdf::harvest` builds, in Turtle, RDF/XML, JSON-LD or N-Triples by `Accept` or `?format=`,
//! or at a fixed format by extension (`/catalog/concepts.ttl`, …). A browser gets the page of the
//! catalogue resource. Registered before `routes::catalog`'s catch-all.

use crate::error::ApiError;
use crate::formats::{offers, Format, Offer};
use crate::http::{self as h, caching, conneg};
use crate::rdf::harvest::{self, Harvest};
use crate::rdf::{iri, serialize};
use crate::state::AppState;
use crate::views;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{GraphName, GraphNameRef, Quad};

async fn document(req: HttpRequest, state: web::Data<AppState>, which: Harvest) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let format = match req.path().strip_prefix(which.path).and_then(|rest| rest.strip_prefix('.')) {
        Some(ext) => Some(ext.to_string()),
        None => conneg::format_param(&req),
    };
    let offer = conneg::choose_for(&req, format.as_deref(), offers::HARVEST)?;
    let subject = iri(&which.iri(&base))?;
    if offer.format == Format::Html {
        let data = h::Described { store: &snap.store, version: &snap.version, modified: &snap.modified };
        let render = |quads: &[Quad], offers: &[Offer]| views::respond::thing_page(&req, &snap, &base, &subject, quads, offers);
        let page = h::HtmlPage { variant: views::i18n::Lang::of(&req).code(), render: &render };
        return h::respond_described(&req, &data, &base, &subject, None, offers::HARVEST, &page);
    }
    let etag = caching::etag(&snap.version, &[req.path(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let graph = iri(&which.graph_iri(&base))?;
    let quads = snap
        .store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .map(|q| Ok(q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))?))
        .collect::<Result<Vec<Quad>, ApiError>>()?;
    let body = serialize::quads_to_bytes(quads, offer.format.rdf(), &base)?;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type(offer.content_type()).body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    for which in harvest::ALL {
        let handler = move |req: HttpRequest, state: web::Data<AppState>| document(req, state, which);
        cfg.service(h::read_only(which.path, handler));
        for o in offers::HARVEST.iter().filter(|o| o.format != Format::Html) {
            cfg.service(h::read_only(&format!("{}.{}", which.path, o.name()), handler));
        }
    }
}
