//! Whole HTML answers, called by the route handlers once content negotiation chose HTML.
//! Blocking work (SQL, store scans) runs on the blocking pool.

use super::i18n::{text, Lang};
use super::{charts, collection, landing, render_page, sparql, thing, Alternate, Csp, PageSpec};
use crate::error::ApiError;
use crate::formats::{Format, Offer};
use crate::http::caching;
use crate::model::Entity;
use crate::state::CachedBody;
use crate::state::{AppState, Snapshot};
use actix_web::body::MessageBody;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use oxigraph::model::{NamedNode, Quad};

/// Run a page builder on the blocking pool; errors become HTML error pages.
async fn blocking<T: Send + 'static>(
    req: &HttpRequest,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, HttpResponse> {
    match web::block(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(super::error_page(req, &e)),
        Err(e) => Err(super::error_page(req, &ApiError::from(e))),
    }
}

fn or_error(req: &HttpRequest, r: Result<HttpResponse, ApiError>) -> HttpResponse {
    r.unwrap_or_else(|e| super::error_page(req, &e))
}

/// Pages built from many records are kept in the answer cache like the API's answers, so a
/// repeated page costs what a cached item costs: the key (also the ETag) is the data version,
/// path, query, interface language and the negotiated format (HTML). Only 200s are kept; a
/// client's `Cache-Control: no-cache` rebuilds (and is charged for it at the front door).
async fn cached_page<Fut>(req: &HttpRequest, state: &AppState, build: impl FnOnce() -> Fut) -> HttpResponse
where
    Fut: std::future::Future<Output = HttpResponse>,
{
    let snap = state.snapshot.load_full();
    let lang = Lang::of(req);
    let etag = caching::etag(&snap.version, &["page", req.path(), req.query_string(), lang.code(), "text/html"]);
    if let Some(resp) = caching::not_modified(req, &etag, &snap.modified) {
        return resp;
    }
    if !caching::wants_fresh(req) {
        if let Some(hit) = snap.answers.get(&etag) {
            return page_response(hit.body.clone(), lang, &etag, &snap, true);
        }
    }
    let built = build().await;
    if built.status() != StatusCode::OK {
        return built;
    }
    let (built, body) = built.into_parts();
    match body.try_into_bytes() {
        Ok(bytes) => {
            let resp = page_response(bytes.clone(), lang, &etag, &snap, false);
            snap.answers.insert(etag, CachedBody { content_type: "text/html; charset=utf-8".into(), body: bytes, link: None });
            resp
        }
        Err(body) => built.set_body(body),
    }
}

/// A cached (or just built) page with its validators; `X-Cache` says which, as on `/sparql`.
fn page_response(body: actix_web::web::Bytes, lang: Lang, etag: &str, snap: &Snapshot, hit: bool) -> HttpResponse {
    let mut resp = super::html_response(StatusCode::OK, Csp::Strict, lang, body);
    let h = resp.headers_mut();
    h.insert(header::HeaderName::from_static("x-cache"), header::HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    if let Ok(v) = header::HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = header::HeaderValue::from_str(&caching::http_date(&snap.modified)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    resp
}

pub async fn landing(req: &HttpRequest, state: &AppState, section: &'static str) -> HttpResponse {
    cached_page(req, state, || landing_page(req, state, section)).await
}

async fn landing_page(req: &HttpRequest, state: &AppState, section: &'static str) -> HttpResponse {
    let lang = Lang::of(req);
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let page = match blocking(req, move || landing::build(&snap, &base, lang)).await {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let title = if section == "data" { text(lang, "nav_data") } else { text(lang, "site_tagline") };
    let mut spec = PageSpec::new("landing.html", title, section);
    spec.description = Some(if section == "data" { text(lang, "data_desc").into() } else { text(lang, "about").into() });
    spec.alternates.push(Alternate { media_type: "application/json".into(), href: "/api/v1".into() });
    or_error(req, render_page(req, lang, spec, context! { page => page }))
}

pub async fn search(req: &HttpRequest, state: &AppState) -> HttpResponse {
    cached_page(req, state, || search_page(req, state)).await
}

async fn search_page(req: &HttpRequest, state: &AppState) -> HttpResponse {
    let lang = Lang::of(req);
    let pairs = crate::selection::pairs_lenient(req.query_string());
    let q = pairs.iter().find(|(k, _)| k == "q").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let q2 = q.clone();
    let results = match blocking(req, move || landing::search(&snap, &base, lang, &q2)).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let mut spec = PageSpec::new("search.html", text(lang, "search_results"), "data");
    spec.description = Some(format!("{}: «{q}». {}", text(lang, "search_results"), text(lang, "search_hint")));
    or_error(req, render_page(req, lang, spec, context! { q => q, results => results }))
}

pub async fn collection(req: &HttpRequest, state: &AppState, e: &'static Entity) -> HttpResponse {
    cached_page(req, state, || collection_page(req, state, e)).await
}

async fn collection_page(req: &HttpRequest, state: &AppState, e: &'static Entity) -> HttpResponse {
    let lang = Lang::of(req);
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let query = req.query_string().to_string();
    let key = crate::selection::cursor::CursorKey::new(&state.cursor_secret);
    let page = match blocking(req, move || collection::build(&snap, &base, lang, e, &query, &key)).await {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let mut spec = PageSpec::new("collection.html", page.title.clone(), "data");
    spec.description = Some(page.description.clone());
    spec.alternates.push(Alternate { media_type: "application/json".into(), href: page.json_url.clone() });
    spec.alternates.push(Alternate { media_type: "text/csv".into(), href: page.csv_url.clone() });
    or_error(req, render_page(req, lang, spec, context! { page => page }))
}

pub async fn charts(req: &HttpRequest, state: &AppState) -> HttpResponse {
    cached_page(req, state, || charts_page(req, state)).await
}

async fn charts_page(req: &HttpRequest, state: &AppState) -> HttpResponse {
    let lang = Lang::of(req);
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let blocks = match blocking(req, move || {
        let mut blocks = Vec::new();
        for kind in charts::ALL {
            blocks.push(charts::build(&snap, &base, lang, *kind)?);
        }
        Ok(blocks)
    })
    .await
    {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let mut spec = PageSpec::new("charts.html", text(lang, "charts_title"), "charts");
    spec.description = Some(text(lang, "charts_lead").into());
    or_error(req, render_page(req, lang, spec, context! { charts => blocks }))
}

/// A thing (or catalogue dataset) page from its description; `offers` are the RDF formats.
pub fn thing_page(req: &HttpRequest, snap: &Snapshot, base: &str, subject: &NamedNode, quads: &[Quad], offers: &[Offer]) -> HttpResponse {
    let lang = Lang::of(req);
    let alternates: Vec<Alternate> = offers
        .iter()
        .filter(|o| o.format != Format::Html)
        .map(|o| Alternate { media_type: o.media_type.into(), href: format!("{}?format={}", req.path(), o.name()) })
        .collect();
    let view = match thing::build(snap, base, lang, subject, quads, alternates.clone()) {
        Ok(v) => v,
        Err(e) => return super::error_page(req, &e),
    };
    let mut spec = PageSpec::new("thing.html", view.title.clone(), if view.is_dataset { "catalog" } else { "data" });
    spec.description = Some(thing::description(snap, subject, &view, lang));
    spec.alternates = alternates;
    let dataset = view.is_dataset.then(|| thing::dataset(snap, base, lang, subject));
    let mut chart_blocks = Vec::new();
    for kind in charts::for_thing(base, subject.as_str()) {
        match charts::build(snap, base, lang, kind) {
            Ok(block) => chart_blocks.push(block),
            Err(e) => return super::error_page(req, &e),
        }
    }
    if let Some(d) = &dataset {
        spec.json_ld = Some(thing::dataset_json_ld(base, subject, &view.title, d));
    }
    // How to cite a dataset (templates/partials/cite.html), from the catalogue's metadata.
    let cite = match &dataset {
        Some(_) => thing::citation(snap, base, lang, subject),
        None => None,
    };
    or_error(req, render_page(req, lang, spec, context! { thing => view, dataset => dataset, charts => chart_blocks, cite => cite }))
}

/// The catalogue page (cached like the other pages built from many records).
pub async fn catalog(req: &HttpRequest, state: &AppState, offers: &'static [Offer]) -> HttpResponse {
    cached_page(req, state, || async move {
        let snap = state.snapshot.load_full();
        catalog_page(req, &snap, &state.config.base_url, offers)
    })
    .await
}

fn catalog_page(req: &HttpRequest, snap: &Snapshot, base: &str, offers: &[Offer]) -> HttpResponse {
    let lang = Lang::of(req);
    let page = match landing::build(snap, base, lang) {
        Ok(p) => p,
        Err(e) => return super::error_page(req, &e),
    };
    let mut spec = PageSpec::new("catalog.html", text(lang, "catalog_title"), "catalog");
    spec.description = Some(text(lang, "catalog_lead").into());
    spec.alternates = offers
        .iter()
        .filter(|o| o.format != Format::Html)
        .map(|o| Alternate { media_type: o.media_type.into(), href: format!("/catalog?format={}", o.name()) })
        .collect();
    let alternates = spec.alternates.clone();
    or_error(req, render_page(req, lang, spec, context! { page => page, alternates => alternates }))
}

/// The SPARQL page: the editor with `query` (or a chosen example), and a result or an error.
pub fn sparql_page(
    req: &HttpRequest,
    base: &str,
    query: Option<String>,
    answer: Option<Result<(String, actix_web::web::Bytes), ApiError>>,
) -> HttpResponse {
    let lang = Lang::of(req);
    let text_of_query = query
        .or_else(|| sparql::chosen_example(req.query_string()).and_then(|n| sparql::example_query(base, n, lang)))
        .or_else(|| sparql::example_query(base, 0, lang))
        .unwrap_or_default();
    let mut status = StatusCode::OK;
    let (results, error) = match answer {
        None => (None, None),
        Some(Ok((content_type, body))) => match sparql::table(base, &content_type, &body) {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e)),
        },
        Some(Err(e)) => {
            let p = e.problem();
            status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::BAD_REQUEST);
            (None, Some(p.detail))
        }
    };
    let view = sparql::view(base, lang, text_of_query, results, error);
    let mut spec = PageSpec::new("sparql.html", text(lang, "sparql_title"), "sparql");
    spec.description = Some(text(lang, "sparql_lead").into());
    spec.status = status;
    spec.csp = Csp::SparqlEditor;
    // YASGUI itself is fetched by sparql-editor.js after load (URLs in the template).
    spec.styles = vec!["sparql-editor.css"];
    spec.scripts = vec!["sparql-editor.js"];
    or_error(req, render_page(req, lang, spec, context! { page => view }))
}

/// `/data/{collection}/{id}` → the thing page (one page per thing).
pub fn thing_redirect(base: &str, e: &'static Entity, id: &str) -> HttpResponse {
    let target = super::local_href(base, &crate::uris::thing(base, e, id));
    HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, target)).finish()
}

/// The accessibility statement (`/accessibility`).
pub async fn accessibility(req: &HttpRequest) -> HttpResponse {
    let lang = Lang::of(req);
    let mut spec = PageSpec::new("accessibility.html", text(lang, "accessibility_statement"), "");
    spec.description = Some(text(lang, "accessibility_desc").to_string());
    or_error(req, render_page(req, lang, spec, context! {}))
}

/// `sitemap.xml` (blocking: reads every record's id).
pub async fn sitemap(req: &HttpRequest, state: &AppState) -> HttpResponse {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    match blocking(req, move || super::site::sitemap(&snap, &base)).await {
        Ok(body) => HttpResponse::Ok()
            .content_type("application/xml; charset=utf-8")
            .insert_header((actix_web::http::header::CACHE_CONTROL, crate::http::caching::CACHE_CONTROL))
            .body(body),
        Err(resp) => resp,
    }
}

/// `robots.txt`.
pub fn robots(state: &AppState) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((actix_web::http::header::CACHE_CONTROL, crate::http::caching::CACHE_CONTROL))
        .body(super::site::robots(&state.config.base_url))
}

/// `/docs/`: the API documentation from the OpenAPI document the route hands in.
pub fn docs(req: &HttpRequest, openapi: &serde_json::Value) -> HttpResponse {
    let lang = Lang::of(req);
    let view = super::docs::build(openapi, lang);
    let mut spec = PageSpec::new("docs.html", text(lang, "nav_docs"), "docs");
    spec.description = Some(text(lang, "docs_lead").into());
    spec.alternates.push(Alternate { media_type: "application/json".into(), href: "/openapi.json".into() });
    or_error(req, render_page(req, lang, spec, context! { docs => view }))
}
