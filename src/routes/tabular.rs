//! Descriptions of the CSV exports for tabular tools: `/csvw/{collection}-metadata.json?{query}`
//! (W3C CSVW, the target of every CSV answer's `Link: rel="describedby"`) and `/datapackage.json`
//! (a Frictionless Data Package over every collection's CSV). Both are generated in `http::tabular`
//! from the entity specs.

use crate::error::ApiError;
use crate::http::{self as h, caching, tabular};
use crate::model;
use crate::selection::params;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};

async fn csvw(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let file = path.into_inner();
    let collection = file
        .strip_suffix("-metadata.json")
        .ok_or_else(|| ApiError::NotFound(format!("no description '{file}'; use {{collection}}-metadata.json")))?;
    let e = model::entity(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'")))?;
    let snap = state.snapshot.load_full();
    // The same query language as the CSV it describes (400 on anything the CSV would refuse).
    let p = params::parse(e, req.query_string(), &snap.codes)?;
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let base = &state.config.base_url;
    let licences = tabular::licences(&snap.store, base)?;
    let body = tabular::csvw(base, e, req.query_string(), p.fields.as_deref(), &snap.codes, &licences)?;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type(tabular::CSVW_MEDIA_TYPE).body(body.to_string()))
}

async fn datapackage(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let etag = caching::etag(&snap.version, &[req.path()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let base = &state.config.base_url;
    let licences = tabular::licences(&snap.store, base)?;
    let body = tabular::datapackage(base, &snap.codes, &licences);
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type("application/json").body(body.to_string()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(h::read_only("/csvw/{file}", csvw)).service(h::read_only("/datapackage.json", datapackage));
}
