//! `GET /download/{collection}.json`: every record of a collection (filtered like the API, e.g.
//! `?survey_id=2018`) in one JSON document, the full download beside the paged API view; the
//! catalogue's JSON distributions give it as `dcat:downloadURL`. Rendering is `rdf::downloads`.

use crate::error::ApiError;
use crate::formats::Format;
use crate::http::{self as h, caching};
use crate::model;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

async fn download(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let file = path.into_inner();
    let collection =
        file.strip_suffix(".json").ok_or_else(|| ApiError::NotFound(format!("no download '{file}'; use {{collection}}.json")))?;
    let e = model::entity(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'")))?;
    let snap = state.snapshot.load_full();
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let query = req.query_string().to_string();
    let body = super::render(&snap, &state.config.base_url, move |source| source.full_json(e, &query)).await?;
    let mut b = HttpResponse::Ok();
    caching::apply_fixed(&mut b, &etag, &snap.modified);
    b.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.json\"", e.collection)));
    Ok(b.content_type(Format::Json.offer().content_type()).body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(h::read_only("/download/{file}", download));
}
