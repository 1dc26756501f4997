//! `POST /admin/reload`: rebuild the served snapshot from the database without a restart (the
//! reload itself is `AppState::reload`, shared with SIGHUP). The resource exists only when a bearer
//! token is configured (`TILTAK_ADMIN_TOKEN`): without one every method gets 404, as for any
//! unknown path; with one, POST needs the exact token (compared in constant time) and other
//! methods get 405 `Allow: POST`.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use subtle::ConstantTimeEq;

fn not_found() -> ApiError {
    ApiError::NotFound("no such resource; see / for what this service offers".into())
}

/// The configured token, or 404: without a token the resource does not exist.
fn token(state: &AppState) -> Result<&str, ApiError> {
    state.config.limits.admin_token.as_deref().filter(|t| !t.is_empty()).ok_or_else(not_found)
}

fn authorized(req: &HttpRequest, token: &str) -> bool {
    let given =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
    bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

async fn reload(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !authorized(&req, token(&state)?) {
        return Err(ApiError::Unauthorized("a valid bearer token is needed to reload".into()));
    }
    let before = state.snapshot.load().version.clone();
    let reloading = state.clone();
    match web::block(move || reloading.reload()).await? {
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

async fn other_method(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    token(&state)?;
    Err(ApiError::MethodNotAllowed { allow: "POST" })
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin/reload").route(web::post().to(reload)).default_service(web::to(other_method)));
}
