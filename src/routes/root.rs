//! `GET /` (service index), `GET /api/v1` (collections), `GET /health` (liveness) and `GET /ready`
//! (readiness). Both probes are cheap: they read figures the snapshot computed when it was built.

use crate::formats::offers;
use crate::http::{conneg, read_only};
use crate::model::ENTITIES;
use crate::state::AppState;
use crate::uris;
use actix_web::{web, HttpResponse};
use serde_json::json;

fn collections(state: &AppState) -> Vec<serde_json::Value> {
    let snap = state.snapshot.load();
    let base = &state.config.base_url;
    ENTITIES
        .iter()
        .map(|e| {
            let count = snap.counts.iter().find(|(c, _)| *c == e.collection).map(|(_, n)| *n).unwrap_or(0);
            json!({
                "name": e.collection,
                "title": { "en": e.title_en, "nb": e.title_nb },
                "description": e.description,
                "url": uris::collection(base, e),
                "csv": format!("{}?format=csv", uris::collection(base, e)),
                "count": count,
            })
        })
        .collect()
}

pub async fn index(req: actix_web::HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    // Browsers (HTML preferred over JSON) get the landing page; programs keep the JSON index.
    if conneg::prefers_html(&req, offers::ITEM) {
        return crate::views::respond::landing(&req, &state, "home").await;
    }
    let base = &state.config.base_url;
    // The same URL answers browsers with a page, so shared caches must key on Accept.
    HttpResponse::Ok().insert_header((actix_web::http::header::VARY, "Accept")).json(json!({
        "name": "tiltak",
        "description": "Open data on Norwegian public-sector digitalisation: Difi/Digdir surveys of digitalisation measures (2018, 2019), the action plan for 'Én digital offentlig sektor (2019–2025)', life events, indicators and data-quality notes.",
        "api": uris::api(base),
        "collections": collections(&state),
        "docs": uris::fixed(base, "docs/"),
        "openapi": uris::fixed(base, "openapi.json"),
        "sparql": uris::sparql(base),
        "catalog": uris::catalog(base),
        "dumps": { "nquads": uris::dump(base, "nq"), "turtle": uris::dump(base, "ttl") },
        "health": uris::fixed(base, "health"),
    }))
}

pub async fn api_index(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "collections": collections(&state) }))
}

/// Liveness: the process answers. Only figures counted when the snapshot was built (the quad
/// count waits, in the first moments after start, for the catalogue's byte sizes).
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let snap = state.snapshot.load();
    let counts: serde_json::Map<String, serde_json::Value> = snap.counts.iter().map(|(k, n)| (k.to_string(), json!(n))).collect();
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(json!({
        "status": "ok",
        "data_version": snap.version,
        "modified": snap.modified.to_rfc3339(),
        "counts": counts,
        "triples": snap.store.quads(),
        "synthetic_measures": snap.synthetic_rows,
    }))
}

/// Readiness: a snapshot is loaded and the process is not draining (503 after SIGTERM, so a load
/// balancer stops sending new requests while those in flight finish).
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let snap = state.snapshot.load();
    let ready = state.is_ready();
    let mut answer = if ready { HttpResponse::Ok() } else { HttpResponse::ServiceUnavailable() };
    answer.insert_header(("Cache-Control", "no-store")).json(json!({
        "status": if ready { "ready" } else { "draining" },
        "data_version": snap.version,
    }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(read_only("/", index))
        .service(read_only("/health", health))
        .service(read_only("/ready", ready))
        .service(read_only("/api/v1", api_index));
}
