//! Builds the application from configuration and runs it on a listener (tests use port 0).

use crate::config::Config;
use crate::error::ApiError;
use crate::http::downloads::Source;
use crate::openapi;
use crate::routes::{admin, catalog, collections, downloads, linked_data, pages, root, sparql, void};
use crate::state::{AppState, Snapshot, StartupError};
use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::{middleware, web, App, HttpResponse, HttpServer};
use std::net::TcpListener;
use utoipa_swagger_ui::SwaggerUi;

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such resource; see / for what this service offers".into()))
}

pub fn build_state(config: Config) -> Result<web::Data<AppState>, StartupError> {
    Ok(web::Data::new(AppState::with_hook(config, Some(prepare_snapshot))?))
}

/// Run on every fresh snapshot before it is served (and by `tiltak catalog`): the catalogue's
/// `dcat:byteSize`s, measured by rendering each download once.
pub fn prepare_snapshot(snap: &Snapshot, config: &Config) -> Result<(), StartupError> {
    let started = std::time::Instant::now();
    let conn = snap.conn()?;
    let source = Source { conn: &conn, store: &snap.store, codes: &snap.codes, counts: &snap.counts, base: &config.base_url };
    source.record_byte_sizes().map_err(|e| StartupError::Prepare(e.to_string()))?;
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "catalogue byte sizes measured");
    Ok(())
}

/// Mount every route. One function, so the binary and the tests serve the same app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    root::configure(cfg);
    collections::configure(cfg);
    sparql::configure(cfg);
    linked_data::configure(cfg);
    catalog::configure(cfg);
    void::configure(cfg);
    downloads::configure(cfg);
    pages::configure(cfg);
    admin::configure(cfg);
}

pub fn run(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let spec = openapi::spec();
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let limits = state.config.limits.clone();
    let limits_data = web::Data::new(limits.clone());
    // One limiter for all workers, so a client's allowance is per server, not per thread.
    let expensive = web::Data::new(crate::http::front_door::ExpensiveLimiter::new(&limits));
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
            .app_data(limits_data.clone())
            .app_data(expensive.clone())
            .app_data(web::PayloadConfig::new(limits_data.max_body_bytes))
            .app_data(web::FormConfig::default().limit(limits_data.max_body_bytes))
            .wrap(middleware::ErrorHandlers::new().default_handler(crate::views::errors::problem_as_page))
            // Outside the error pages, so every answer (pages for people included) gets its headers.
            .wrap(middleware::from_fn(crate::http::front_door::middleware))
            .wrap(middleware::Compress::default())
            .wrap(cors)
            .wrap(middleware::Logger::new("%a \"%r\" %s %b %Dms id=%{x-request-id}o").log_target("tiltak::access"))
            .configure(configure)
            // /docs/ itself is a page of the site (routes::pages); Swagger UI is for trying requests.
            .service(SwaggerUi::new("/docs/swagger/{_:.*}").url("/openapi.json", spec.clone()))
            .service(web::redirect("/docs/swagger", "/docs/swagger/"))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(not_found))
    })
    .workers(workers)
    .client_request_timeout(limits.client_request_timeout)
    .client_disconnect_timeout(limits.client_disconnect_timeout)
    .keep_alive(limits.keep_alive)
    .max_connections(limits.max_connections)
    .shutdown_timeout(limits.shutdown_timeout.as_secs())
    .listen(listener)?
    .run();
    Ok(server)
}
