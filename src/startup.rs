//! Builds the application from configuration and runs it on a listener (tests use port 0).

use crate::api::{collections, root};
use crate::error::ApiError;
use crate::state::{AppState, StartupError};
use crate::{catalog, linked_data, openapi, sparql};
use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::{guard, middleware, web, App, HttpResponse, HttpServer};
use std::net::TcpListener;
use utoipa_swagger_ui::SwaggerUi;

/// GET and HEAD (HEAD answers are GET answers without the body).
pub fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such resource; see / for what this service offers".into()))
}

async fn method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed("this resource answers GET and HEAD only".into()))
}

pub fn build_state(config: crate::config::Config) -> Result<web::Data<AppState>, StartupError> {
    Ok(web::Data::new(AppState::with_hook(config, Some(crate::downloads::record_byte_sizes))?))
}

/// Mount every route. One function, so the binary and the tests serve the same app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", get_or_head().to(root::index))
        .route("/health", get_or_head().to(root::health))
        .route("/api/v1", get_or_head().to(root::api_index))
        .service(
            web::resource("/api/v1/{collection}").route(get_or_head().to(collections::list)).default_service(web::to(method_not_allowed)),
        )
        .service(
            web::resource("/api/v1/{collection}/{id}")
                .route(get_or_head().to(collections::item))
                .default_service(web::to(method_not_allowed)),
        );
    sparql::configure(cfg);
    linked_data::configure(cfg);
    catalog::configure(cfg);
    crate::well_known::configure(cfg);
    crate::downloads::configure(cfg);
}

pub fn run(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let spec = openapi::spec();
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let server = HttpServer::new(move || {
        let cors = Cors::default()
            .allow_any_origin()
            .send_wildcard()
            .allowed_methods(vec!["GET", "HEAD", "POST", "OPTIONS"])
            .allow_any_header()
            .expose_headers(vec!["ETag", "Link", "Last-Modified", "Content-Disposition", "Retry-After"])
            .max_age(86_400);
        App::new()
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(1 << 20))
            .app_data(web::FormConfig::default().limit(1 << 20))
            .wrap(middleware::Compress::default())
            .wrap(cors)
            .wrap(middleware::Logger::new("%a \"%r\" %s %b %Dms").log_target("tiltak::access"))
            .configure(configure)
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", spec.clone()))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(not_found))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}
