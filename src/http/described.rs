//! Answers that describe one RDF subject by content negotiation: RDF formats, the API's JSON
//! (where given) and an HTML page. Used by linked data (`/id`, `/def`) and catalogue resources.

use super::{caching, conneg, pages};
use crate::error::ApiError;
use crate::formats::{Format, Offer};
use crate::rdf::{describe, serialize};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use oxigraph::model::NamedNode;
use oxigraph::store::Store;

/// What a description is read from, at one data version.
pub struct Described<'a> {
    pub store: &'a Store,
    pub version: &'a str,
    pub modified: &'a DateTime<Utc>,
}

/// Respond with the description of `subject`; `json` is the API view offered as `application/json`.
pub fn respond_described(
    req: &HttpRequest,
    data: &Described<'_>,
    base: &str,
    subject: &NamedNode,
    title: &str,
    json: Option<serde_json::Value>,
    offers: &[Offer],
) -> Result<HttpResponse, ApiError> {
    let offers: Vec<Offer> = offers.iter().copied().filter(|o| o.format != Format::Json || json.is_some()).collect();
    let offer = conneg::choose_for(req, conneg::format_param(req).as_deref(), &offers)?;
    let etag = caching::etag(data.version, &[subject.as_str(), offer.media_type]);
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
            Ok(b.content_type(offer.content_type()).body(pages::html_page(title, subject.as_str(), &quads, req.path())))
        }
        _ => {
            let quads = describe::describe(data.store, subject)?;
            Ok(b.content_type(offer.content_type()).body(serialize::quads_to_bytes(quads, offer.format.rdf(), base)?))
        }
    }
}
