//! Answers that describe one RDF subject by content negotiation: RDF formats, the API's JSON
//! (where given) and an HTML page (rendered by the caller's page layer, which sits above `http`).
//! Used by linked data (`/id`, `/def`) and catalogue resources.

use super::{caching, conneg};
use crate::error::ApiError;
use crate::formats::{Format, Offer};
use crate::rdf::{describe, serialize};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use oxigraph::model::{NamedNode, Quad};
use oxigraph::store::Store;

/// What a description is read from, at one data version.
pub struct Described<'a> {
    pub store: &'a Store,
    pub version: &'a str,
    pub modified: &'a DateTime<Utc>,
}

/// How the description looks to a person: `render` builds the page from the description and the
/// offers; `variant` (the page language) is part of the page's validator.
pub struct HtmlPage<'a> {
    pub variant: &'a str,
    pub render: &'a dyn Fn(&[Quad], &[Offer]) -> HttpResponse,
}

/// Respond with the description of `subject`; `json` is the API view offered as `application/json`.
pub fn respond_described(
    req: &HttpRequest,
    data: &Described<'_>,
    base: &str,
    subject: &NamedNode,
    json: Option<serde_json::Value>,
    offers: &[Offer],
    page: &HtmlPage<'_>,
) -> Result<HttpResponse, ApiError> {
    let offers: Vec<Offer> = offers.iter().copied().filter(|o| o.format != Format::Json || json.is_some()).collect();
    let offer = conneg::choose_for(req, conneg::format_param(req).as_deref(), &offers)?;
    let variant = if offer.format == Format::Html { page.variant } else { "" };
    let etag = caching::etag(data.version, &[subject.as_str(), offer.media_type, variant]);
    if let Some(resp) = caching::not_modified(req, &etag, data.modified) {
        return Ok(resp);
    }
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, data.modified);
    b.insert_header((header::LINK, format!("<{}>; rel=\"describedby\"", subject.as_str())));
    match (offer.format, json) {
        (Format::Json, Some(json)) => Ok(b.json(json)),
        (Format::Html, _) => {
            let quads = describe::describe(data.store, subject)?;
            let mut resp = (page.render)(&quads, &offers);
            adopt_headers(&mut b, &mut resp);
            Ok(resp)
        }
        _ => {
            let quads = describe::describe(data.store, subject)?;
            Ok(b.content_type(offer.content_type()).body(serialize::quads_to_bytes(quads, offer.format.rdf(), base)?))
        }
    }
}

/// Give a page answer the validators and links `b` collected; the page keeps its own content
/// headers (type, `Vary`).
pub fn adopt_headers(b: &mut actix_web::HttpResponseBuilder, page: &mut HttpResponse) {
    for (name, value) in b.finish().headers() {
        if name != header::CONTENT_TYPE && name != header::VARY && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
}
