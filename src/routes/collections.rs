//! `GET /api/v1/{collection}` and `GET /api/v1/{collection}/{id}` for every entity.

use crate::db::item::item_json;
use crate::db::query::{self, After};
use crate::error::ApiError;
use crate::formats::{offers, Format};
use crate::http::{caching, conneg, csv_stream, tabular};
use crate::model::{self, Entity};
use crate::selection::cursor;
use crate::selection::params::{self, ListParams};
use crate::selection::record::{record_json, value_json};
use crate::state::{AppState, CachedBody, Snapshot};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
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
    let fingerprint = p.fingerprint(&snap.version);
    let key = cursor::CursorKey::new(&state.cursor_secret);
    let after = p.cursor.as_deref().map(|c| cursor::decode(&key, &fingerprint, c)).transpose()?;
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    if offer.format == Format::Csv {
        let ListParams { selection, sort, limit, limit_given, fields, .. } = p;
        let body = csv_stream::stream(
            snap.db.clone(),
            state.config.base_url.clone(),
            selection,
            sort,
            after,
            limit_given.then_some(limit),
            fields,
        );
        let mut b = HttpResponse::Ok();
        caching::apply(&mut b, &etag, &snap.modified);
        b.content_type(offer.content_type());
        b.insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{}.csv\"", e.collection)));
        // CSVW: the table description of exactly this CSV (same filters, sort and fields).
        let described_by = tabular::csvw_metadata_url(&state.config.base_url, e, req.query_string());
        b.insert_header((header::LINK, format!("<{described_by}>; rel=\"describedby\"; type=\"{}\"", tabular::CSVW_MEDIA_TYPE)));
        return Ok(b.streaming(body));
    }
    let fresh = caching::wants_fresh(&req);
    if !fresh {
        if let Some(hit) = snap.answers.get(&etag) {
            return Ok(cached_response(&hit, &etag, &snap));
        }
    }
    if offer.format == Format::JsonStat {
        let base = state.config.base_url.clone();
        let query = req.query_string().to_string();
        let snap2 = snap.clone();
        let body = web::block(move || {
            let conn = snap2.conn()?;
            let source = super::source(&snap2, &conn, &base);
            source.jsonstat(e, &query)
        })
        .await??;
        let answer = CachedBody { content_type: offer.content_type(), body: Bytes::from(body), link: None };
        let resp = cached_response(&answer, &etag, &snap);
        snap.answers.insert(etag, answer);
        return Ok(resp);
    }
    let base = state.config.base_url.clone();
    let snap2 = snap.clone();
    let (body, next) = web::block(move || -> Result<(Json, Option<String>), ApiError> {
        let snap = snap2;
        let conn = snap.conn()?;
        let total = snap.total(&conn, &p.selection)?;
        let page = p.selection.page(&conn, &p.sort, after.as_ref(), p.limit)?;
        let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
        let prov = query::provenance(&conn, e, &ids)?;
        let items: Vec<Json> =
            page.records.iter().map(|r| Json::Object(record_json(&base, e, r, prov.get(&r.id), p.fields.as_deref()))).collect();
        let next_cursor = match page.records.last() {
            Some(last) if page.has_more => {
                Some(cursor::encode(&key, &p.fingerprint(&snap.version), &After { value: last.sort_value.clone(), id: last.id.clone() }))
            }
            _ => None,
        };
        let mut body = Map::new();
        body.insert("items".into(), Json::Array(items));
        body.insert("total".into(), json!(total));
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
        Ok((Json::Object(body), next_cursor))
    })
    .await??;
    let mut body = body;
    let mut link = None;
    if let Some(c) = next {
        let url = next_url(&state, &req, &c);
        link = Some(format!("<{url}>; rel=\"next\""));
        body["next"] = json!(url);
    }
    let answer = CachedBody { content_type: offer.content_type(), body: Bytes::from(body.to_string()), link };
    let resp = cached_response(&answer, &etag, &snap);
    snap.answers.insert(etag, answer);
    Ok(resp)
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
    if !caching::wants_fresh(&req) {
        if let Some(hit) = snap.answers.get(&etag) {
            return Ok(cached_response(&hit, &etag, &snap));
        }
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
