//! Builds the application from configuration and runs it on a listener (tests use port 0).

use crate::config::Config;
use crate::error::ApiError;
use crate::http::head_guard::Guarded;
use crate::openapi;
use crate::routes::{admin, catalog, collections, downloads, harvest, linked_data, metrics, pages, root, sparql, tabular, void};
use crate::state::{AppState, StartupError};
use actix_cors::Cors;
use actix_http::error::DispatchError;
use actix_http::{HttpService, Protocol};
use actix_service::{fn_service, map_config, IntoServiceFactory, ServiceFactoryExt};
use actix_web::dev::AppConfig;
use actix_web::dev::Server;
use actix_web::rt::net::TcpStream;
use actix_web::{middleware, web, App, HttpResponse, HttpServer};
use std::net::TcpListener;
use utoipa_swagger_ui::SwaggerUi;

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such resource; see / for what this service offers".into()))
}

pub fn build_state(config: Config) -> Result<web::Data<AppState>, StartupError> {
    Ok(web::Data::new(AppState::new(config)?))
}

/// Mount every route. One function, so the binary and the tests serve the same app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    root::configure(cfg);
    collections::configure(cfg);
    sparql::configure(cfg);
    linked_data::configure(cfg);
    // Before the catalogue: its catch-all `/catalog/{rest}` would answer these paths.
    harvest::configure(cfg);
    catalog::configure(cfg);
    void::configure(cfg);
    downloads::configure(cfg);
    tabular::configure(cfg);
    pages::configure(cfg);
    admin::configure(cfg);
}

/// The public server. Signals are left to the caller (`main` drains on SIGTERM: `/ready` turns 503
/// before the server stops accepting).
pub fn run(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    crate::http::metrics::install();
    let spec = openapi::spec();
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2);
    let limits = state.config.limits.clone();
    let limits_data = web::Data::new(limits.clone());
    // One limiter for all workers, so a client's allowance is per server, not per thread.
    let expensive = web::Data::new(crate::http::front_door::ExpensiveLimiter::new(&limits));
    let costs = web::Data::new(crate::http::cost::CostTable(crate::routes::COSTS));
    let guard_limits = crate::http::head_guard::GuardLimits::new(limits.max_url_bytes, limits.max_header_bytes);
    let app = move || {
        let cors = Cors::default()
            .allow_any_origin()
            .send_wildcard()
            .allowed_methods(vec!["GET", "HEAD", "POST", "OPTIONS"])
            .allow_any_header()
            .expose_headers(vec!["ETag", "Link", "Last-Modified", "Content-Disposition", "Retry-After"])
            .max_age(86_400)
            // Every origin gets the same `*` answer, so `Vary: Origin` would only split shared
            // caches into one copy per calling site.
            .disable_vary_header();
        App::new()
            .app_data(state.clone())
            .app_data(limits_data.clone())
            .app_data(expensive.clone())
            .app_data(costs.clone())
            .app_data(web::PayloadConfig::new(limits_data.max_body_bytes))
            .app_data(web::FormConfig::default().limit(limits_data.max_body_bytes))
            .wrap(middleware::ErrorHandlers::new().default_handler(crate::views::errors::problem_as_page))
            // Outside the error pages, so every refusal can be a page for people too.
            .wrap(middleware::from_fn(crate::http::front_door::middleware))
            .wrap(middleware::Compress::default())
            .wrap(cors)
            // Outside CORS, so preflight answers get the security headers and the request id too.
            .wrap(middleware::from_fn(crate::http::front_door::headers))
            // Outermost: metrics by route template and the structured access log (`tiltak::access`).
            .wrap(middleware::from_fn(crate::http::metrics::middleware))
            .configure(configure)
            // /docs/ itself is a page of the site (routes::pages); Swagger UI is for trying requests.
            // Base layout (no URL box to explore other documents) and plain paths (a deep link
            // inside each operation's button would nest one control in another).
            .service(
                SwaggerUi::new("/docs/swagger/{_:.*}")
                    .url("/openapi.json", spec.clone())
                    .config(utoipa_swagger_ui::Config::new(["/openapi.json"]).use_base_layout().deep_linking(false)),
            )
            .service(web::redirect("/docs/swagger", "/docs/swagger/"))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(not_found))
    };
    // actix-web's `HttpServer::listen`, spelt out so that every connection's stream passes the
    // connection guard (`http::head_guard`) before actix's HTTP/1 parser: URLs and heads of any length
    // past the limits get our 414/431 problem documents, not the parser's bare 400/431.
    let addr = listener.local_addr()?;
    let host = addr.to_string();
    let builder = actix_server::Server::build()
        .workers(workers)
        .max_concurrent_connections(limits.max_connections)
        .shutdown_timeout(limits.shutdown_timeout.as_secs())
        .disable_signals();
    let graceful = builder.graceful_shutdown_signal();
    let server = builder
        .listen("tiltak-http", listener, move || {
            let signal = graceful.clone();
            let host = host.clone();
            let factory = app().into_factory().map_err(|err| err.error_response());
            let http = HttpService::build()
                // On stop, idle keep-alive connections are closed at once; busy ones finish.
                .graceful_shutdown_signal(move || {
                    let signal = signal.clone();
                    async move { signal.notified().await }
                })
                .keep_alive(limits.keep_alive)
                .client_request_timeout(limits.client_request_timeout)
                .client_disconnect_timeout(limits.client_disconnect_timeout)
                // A client that closes its side has gone away: its request is dropped, and with it a
                // running SPARQL query (its worker is killed). HTTP clients do not half-close to wait
                // for an answer.
                .h1_allow_half_closed(false)
                .local_addr(addr)
                .finish(map_config(factory, move |_| AppConfig::__priv_test_new(false, host.clone(), addr)));
            fn_service(move |io: TcpStream| async move {
                let peer = io.peer_addr().ok();
                Ok::<_, DispatchError>((Guarded::new(io, guard_limits), Protocol::Http1, peer))
            })
            .and_then(http)
        })?
        .run();
    Ok(server)
}

/// The metrics server (`--metrics-bind`): `GET /metrics` only, one worker, on an address meant for
/// the cluster's scraper, not the public.
pub fn run_metrics(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    crate::http::metrics::install();
    let server =
        HttpServer::new(move || App::new().app_data(state.clone()).configure(metrics::configure).default_service(web::to(not_found)))
            .workers(1)
            .disable_signals()
            .listen(listener)?
            .run();
    Ok(server)
}
