//! `GET /download/{collection}.json`: every record of a collection (filtered like the API, e.g.
//! `?survey_id=2018`) in one JSON document, the full download beside the paged API view. The
//! catalogue's JSON distributions give it as `dcat:downloadURL`.

use crate::api::params;
use crate::api::representation::record_json;
use crate::db::query::{self, After};
use crate::error::ApiError;
use crate::http::caching;
use crate::model::Entity;
use crate::state::{AppState, Snapshot};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value as Json};

const CHUNK: usize = 1000;

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
