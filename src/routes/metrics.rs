//! `GET /metrics`: Prometheus text exposition. Served only on the `--metrics-bind` address (its own
//! small server, `startup::run_metrics`), never on the public listener.

use crate::http::metrics::{render, SnapshotFacts};
use crate::http::read_only;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let snap = state.snapshot.load();
    let facts = SnapshotFacts {
        version: &snap.version,
        age: snap.loaded_at.elapsed(),
        modified_unix: snap.modified.timestamp(),
        ready: state.is_ready(),
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(render(&facts))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(read_only("/metrics", metrics));
}
