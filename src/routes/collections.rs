//! `GET /api/v1/{collection}` and `GET /api/v1/{collection}/{id}` for every entity.

use crate::db::item::item_json;
use crate::db::listing;
use crate::error::ApiError;
use crate::formats::{offers, Listing, Offer};
use crate::http::{caching, conneg, csv_stream, tabular};
use crate::model::{self, Entity};
use crate::selection::cursor;
use crate::selection::params::{self, ListParams};
use crate::selection::record::{record_json, value_json};
use crate::state::{AppState, CachedBody, Snapshot};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};
use serde_json::{json, Map, Value as Json};

fn find_entity(collection: &str) -> Result<&'static Entity, ApiError> {
    model::entity(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'; see /api/v1")))
}

fn next_url(state: &AppState, req: &HttpRequest, cursor: &str) -> String {
    let pairs = crate::selection::pairs_lenient(req.query_string());
    let mut kept: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "cursor").collect();
    kept.push(("cursor".into(), cursor.to_string()));
    let qs = crate::selection::query_string(&kept);
    format!("{}{}?{}", state.config.base_url, req.path(), qs)
}

pub async fn list(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let e = find_entity(&path)?;
    let snap = state.snapshot.load_full();
    let p = params::parse(e, req.query_string(), &snap.codes)?;
    let offer = conneg::choose_for(&req, p.format.as_deref(), offers::collection(e.cube.is_some()))?;
    let key = cursor::CursorKey::new(&state.cursor_secret);
    let after = listing::decode_cursor(&p, &key, &snap.version)?;
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    // Every offered format has its renderer (`Format::listing`; a test in `formats` checks).
    let rendering = offer.format.listing().ok_or_else(|| ApiError::Internal(format!("no listing renderer for {}", offer.name())))?;
    let base = state.config.base_url.clone();
    let snap2 = snap.clone();
    let answer = match rendering {
        Listing::Csv => {
            let mut b = export_head(&snap, &etag, offer, e);
            // CSVW: the table description of exactly this CSV (same filters, sort and fields).
            let described_by = tabular::csvw_metadata_url(&state.config.base_url, e, req.query_string());
            b.insert_header((header::LINK, format!("<{described_by}>; rel=\"describedby\"; type=\"{}\"", tabular::CSVW_MEDIA_TYPE)));
            return Ok(b.streaming(csv_stream::csv(export(&snap, base, p, after))?));
        }
        Listing::Ndjson => return Ok(export_head(&snap, &etag, offer, e).streaming(csv_stream::ndjson(export(&snap, base, p, after)))),
        Listing::JsonStat => {
            if let Some(hit) = stored(&req, &snap, &etag) {
                return Ok(hit);
            }
            let query = req.query_string().to_string();
            let body = super::render(&snap, &base, move |source| source.jsonstat(e, &query)).await?;
            CachedBody { content_type: offer.content_type(), body: Bytes::from(body), link: None }
        }
        Listing::Page => {
            if let Some(hit) = stored(&req, &snap, &etag) {
                return Ok(hit);
            }
            let (mut body, next) = web::block(move || page_json(&snap2, &base, e, &p, after, &key)).await??;
            let mut link = None;
            if let Some(c) = next {
                let url = next_url(&state, &req, &c);
                link = Some(format!("<{url}>; rel=\"next\""));
                body["next"] = json!(url);
            }
            CachedBody { content_type: offer.content_type(), body: Bytes::from(body.to_string()), link }
        }
    };
    let resp = cached_response(&answer, &etag, &snap);
    snap.answers.insert(etag, answer);
    Ok(resp)
}

/// What a streamed export of the request's selection reads (every record unless `limit` is given).
fn export(snap: &Snapshot, base: String, p: ListParams, start: Option<crate::selection::After>) -> csv_stream::Export {
    let ListParams { selection, sort, limit, limit_given, fields, .. } = p;
    csv_stream::Export { db: snap.db.clone(), base, selection, sort, start, limit: limit_given.then_some(limit), fields }
}

/// The head of a streamed export: validators, content type, and its file name `{collection}.{format}`.
fn export_head(snap: &Snapshot, etag: &str, offer: Offer, e: &Entity) -> HttpResponseBuilder {
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, etag, &snap.modified);
    b.content_type(offer.content_type());
    b.insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{}.{}\"", e.collection, offer.name())));
    b
}

/// The stored answer for `etag`, unless the client asked for a fresh one.
fn stored(req: &HttpRequest, snap: &Snapshot, etag: &str) -> Option<HttpResponse> {
    if caching::wants_fresh(req) {
        return None;
    }
    snap.answers.get(etag).map(|hit| cached_response(&hit, etag, snap))
}

/// One page as the API's JSON (`items`, `total`, `next` filled in by the caller, `facets`) and
/// the next page's cursor: a renderer over the listing pipeline.
fn page_json(
    snap: &Snapshot,
    base: &str,
    e: &'static Entity,
    p: &ListParams,
    after: Option<crate::selection::After>,
    key: &cursor::CursorKey,
) -> Result<(Json, Option<String>), ApiError> {
    let conn = snap.conn()?;
    let view = listing::page_view(&conn, p, after.as_ref(), key, &snap.version, |s| snap.total(&conn, s))?;
    let page = &view.chunk;
    let items: Vec<Json> =
        page.records.iter().map(|r| Json::Object(record_json(base, e, r, page.provenance_of(r), p.fields.as_deref()))).collect();
    let mut body = Map::new();
    body.insert("items".into(), Json::Array(items));
    body.insert("total".into(), json!(view.total));
    body.insert("next".into(), Json::Null);
    if !p.facets.is_empty() {
        let mut facets = Map::new();
        for f in &p.facets {
            let counts = snap.facet_counts(&conn, &p.selection, f.name)?;
            let values: Vec<Json> = counts.iter().map(|(v, n)| json!({ "value": value_json(f.kind, v), "count": n })).collect();
            facets.insert(f.name.into(), Json::Array(values));
        }
        body.insert("facets".into(), Json::Object(facets));
    }
    Ok((Json::Object(body), view.next_cursor))
}

/// A stored (or just rendered) answer with its validators.
fn cached_response(answer: &CachedBody, etag: &str, snap: &Snapshot) -> HttpResponse {
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, etag, &snap.modified);
    if let Some(link) = &answer.link {
        b.insert_header((header::LINK, link.clone()));
    }
    b.content_type(answer.content_type.clone()).body(answer.body.clone())
}

pub async fn item(req: HttpRequest, path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (collection, id) = path.into_inner();
    let e = find_entity(&collection)?;
    let snap = state.snapshot.load_full();
    let offer = conneg::choose_for(&req, None, offers::ITEM)?;
    let etag = caching::etag(&snap.version, &[req.path(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    if let Some(hit) = stored(&req, &snap, &etag) {
        return Ok(hit);
    }
    let base = state.config.base_url.clone();
    let snap2 = snap.clone();
    let body = web::block(move || item_json(&*snap2.conn()?, &base, e, &id)?.ok_or_else(|| ApiError::no_record(e, &id))).await??;
    let answer = CachedBody { content_type: offer.content_type(), body: Bytes::from(body.to_string()), link: None };
    let resp = cached_response(&answer, &etag, &snap);
    snap.answers.insert(etag, answer);
    Ok(resp)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::read_only("/api/v1/{collection}", list)).service(crate::http::read_only("/api/v1/{collection}/{id}", item));
}
