//! Routes that exist only for people: `/data` (collection pages), `/search`, `/charts`, the
//! accessibility statement, the API documentation (`/docs/`; Swagger UI under `/docs/swagger/`),
//! `robots.txt`, `sitemap.xml` and the static `/assets/`. Pages at shared URLs (`/`, `/id/…`, `/sparql`, `/catalog`) are chosen by
//! content negotiation in their own handlers and rendered by `views::respond`.

use crate::error::ApiError;
use crate::state::AppState;
use crate::views::{assets, respond};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

async fn data_index(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    respond::landing(&req, &state, "data").await
}

async fn collection(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    match crate::model::entity(&path) {
        Some(e) => respond::collection(&req, &state, e).await,
        None => crate::views::error_page(&req, &ApiError::NotFound(format!("no collection '{}'", path.as_str()))),
    }
}

async fn record(path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (collection, id) = path.into_inner();
    // A problem for programs, a page for browsers (`views::errors`).
    match crate::model::entity(&collection) {
        // No record id holds a control character; it could not go into a Location header either.
        Some(e) if id.chars().any(char::is_control) => Err(ApiError::NotFound(format!("no {} with that id", e.item_type))),
        Some(e) => Ok(respond::thing_redirect(&state.config.base_url, e, &id)),
        None => Err(ApiError::NotFound(format!("no collection '{collection}'"))),
    }
}

async fn search(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    respond::search(&req, &state).await
}

async fn charts(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    respond::charts(&req, &state).await
}

async fn accessibility(req: HttpRequest) -> HttpResponse {
    respond::accessibility(&req).await
}

async fn sitemap(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    respond::sitemap(&req, &state).await
}

async fn docs(req: HttpRequest) -> HttpResponse {
    let doc: serde_json::Value = serde_json::from_str(&crate::openapi::spec_json()).unwrap_or_default();
    respond::docs(&req, &doc)
}

async fn robots(state: web::Data<AppState>) -> HttpResponse {
    respond::robots(&state)
}

async fn asset(req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    send_asset(&req, &path, assets::CACHE_CONTROL)
}

/// Swagger UI's page stylesheet, replaced by ours (its frame plus colours with enough contrast).
/// Its URL carries no content hash, so caches keep it for an hour.
async fn swagger_css(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    send_asset(&req, "swagger-ui-index.css", "public, max-age=3600")
}

fn send_asset(req: &HttpRequest, path: &str, cache_control: &'static str) -> Result<HttpResponse, ApiError> {
    let a = assets::get(path).ok_or_else(|| ApiError::NotFound(format!("no asset '{path}'")))?;
    let fresh =
        req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == a.etag));
    let mut b = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    b.insert_header((header::ETAG, a.etag.clone()))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if fresh {
        return Ok(b.finish());
    }
    Ok(b.content_type(a.content_type).body(a.body.into_owned()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let get = crate::http::get_or_head;
    cfg.route("/data", get().to(data_index))
        .route("/data/{collection}", get().to(collection))
        .route("/data/{collection}/{id}", get().to(record))
        .route("/search", get().to(search))
        .route("/charts", get().to(charts))
        .route("/accessibility", get().to(accessibility))
        .route("/sitemap.xml", get().to(sitemap))
        .route("/robots.txt", get().to(robots))
        .route("/docs/", get().to(docs))
        // Before Swagger UI's own files (mounted after the routes), so this one is ours.
        .route("/docs/swagger/index.css", get().to(swagger_css))
        .route("/assets/{path:.*}", get().to(asset));
}
