//! `POST /admin/reload`: rebuild the served snapshot from the database without a restart.
//! Off (404) unless a bearer token is configured (`TILTAK_ADMIN_TOKEN`); the token is compared in
//! constant time. SIGHUP does the same reload (see `main.rs`).

use crate::error::ApiError;
use crate::limits::Limits;
use crate::state::{AppState, StartupError};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use subtle::ConstantTimeEq;

/// One reload at a time (SIGHUP and HTTP): a second waits, then rebuilds from the newer file.
static RELOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Build a fresh snapshot and swap it in; requests in flight finish on the old one.
pub fn reload(state: &AppState) -> Result<String, StartupError> {
    let _one_at_a_time = RELOADING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    state.reload()?;
    Ok(state.snapshot.load().version.clone())
}

fn authorized(req: &HttpRequest, token: &str) -> bool {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

async fn reload_endpoint(req: HttpRequest, state: web::Data<AppState>, limits: web::Data<Limits>) -> Result<HttpResponse, ApiError> {
    let Some(token) = limits.admin_token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(ApiError::NotFound("no such resource; see / for what this service offers".into()));
    };
    if !authorized(&req, token) {
        return Err(ApiError::Unauthorized("a valid bearer token is needed to reload".into()));
    }
    let before = state.snapshot.load().version.clone();
    let state2 = state.clone();
    match web::block(move || reload(&state2)).await? {
        Ok(version) => {
            tracing::info!(from = %before, to = %version, "reloaded by POST /admin/reload");
            Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "reloaded", "previous_version": before, "data_version": version })))
        }
        Err(e) => {
            tracing::error!("reload failed, still serving the previous data: {e}");
            Err(ApiError::Internal(format!("reload failed: {e}")))
        }
    }
}

async fn admin_method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed("/admin/reload answers POST only".into()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/reload").route(web::post().to(reload_endpoint)).default_service(web::to(admin_method_not_allowed)),
    );
}
