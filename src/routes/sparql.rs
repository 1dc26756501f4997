//! `/sparql`: the SPARQL 1.1 Protocol (GET, form POST, direct POST), the answer cache, the
//! concurrency cap and per-client share, and the service description. Evaluation is
//! `crate::sparql` (in worker processes, `sparql::pool`).

use crate::error::ApiError;
use crate::formats::offers;
use crate::http::conneg::{self, Offer};
use crate::http::{self as h, caching};
use crate::rdf::serialize;
use crate::selection::spreadsheet;
use crate::sparql::{self, service_description, Job, ResultKind, SparqlError};
use crate::state::{AppState, CachedBody};
use crate::views;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};

#[derive(Debug)]
enum SparqlOp {
    Query {
        text: String,
        default_graphs: Vec<String>,
        named_graphs: Vec<String>,
    },
    /// No query: the service description (dataset parameters are still checked).
    Describe {
        default_graphs: Vec<String>,
        named_graphs: Vec<String>,
    },
}

fn one(values: &[String], name: &str) -> Result<Option<String>, ApiError> {
    match values {
        [] => Ok(None),
        [v] => Ok(Some(v.clone())),
        _ => Err(ApiError::param(name, format!("'{name}' must be given exactly once"))),
    }
}

fn collect(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

fn parse_pairs(s: &str, what: &str) -> Result<Vec<(String, String)>, ApiError> {
    Ok(crate::selection::read_pairs(s, what, what)?)
}

/// Read the protocol operation from a GET or POST request (SPARQL 1.1 Protocol §2.1).
fn protocol_operation(req: &HttpRequest, body: &Bytes) -> Result<SparqlOp, ApiError> {
    let url_pairs = parse_pairs(req.query_string(), "query string")?;
    let mut default_graphs = collect(&url_pairs, "default-graph-uri");
    let mut named_graphs = collect(&url_pairs, "named-graph-uri");
    let method = req.method().as_str();
    if method == "GET" || method == "HEAD" {
        if !collect(&url_pairs, "update").is_empty() {
            return Err(SparqlError::Update.into());
        }
        return Ok(match one(&collect(&url_pairs, "query"), "query")? {
            Some(text) => SparqlOp::Query { text, default_graphs, named_graphs },
            None => SparqlOp::Describe { default_graphs, named_graphs },
        });
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default();
    let text = std::str::from_utf8(body).map_err(|_| ApiError::param("body", "the request body is not valid UTF-8"))?;
    match content_type.as_str() {
        "application/x-www-form-urlencoded" => {
            let form = parse_pairs(text, "form body")?;
            if !collect(&form, "update").is_empty() {
                return Err(SparqlError::Update.into());
            }
            default_graphs.extend(collect(&form, "default-graph-uri"));
            named_graphs.extend(collect(&form, "named-graph-uri"));
            let query = one(&collect(&form, "query"), "query")?;
            if query.is_some() && !collect(&url_pairs, "query").is_empty() {
                return Err(ApiError::param("query", "'query' must be given exactly once"));
            }
            match query {
                Some(text) => Ok(SparqlOp::Query { text, default_graphs, named_graphs }),
                None => Err(ApiError::param("query", "a form POST needs a 'query' parameter")),
            }
        }
        "application/sparql-query" => {
            if !collect(&url_pairs, "query").is_empty() {
                return Err(ApiError::param("query", "give the query either in the body or in the URL, not both"));
            }
            Ok(SparqlOp::Query { text: text.to_string(), default_graphs, named_graphs })
        }
        "application/sparql-update" => Err(SparqlError::Update.into()),
        "" => Err(ApiError::UnsupportedMediaType(
            "a POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query".into(),
        )),
        other => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type '{other}' is not accepted; use application/x-www-form-urlencoded or application/sparql-query"
        ))),
    }
}

fn header_str(req: &HttpRequest, name: header::HeaderName) -> Option<String> {
    req.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

fn offers_for(kind: ResultKind) -> &'static [Offer] {
    match kind {
        ResultKind::Solutions => offers::RESULTS,
        ResultKind::Graph => offers::GRAPH,
    }
}

/// Negotiate for one result kind. A `format` the endpoint knows but this kind cannot take (`ttl`
/// for a SELECT, `csv` for the service description) is 406; a name it does not know at all, 400.
fn choose(format: Option<&str>, accept: Option<&str>, kind: ResultKind) -> Result<Offer, ApiError> {
    let offers = offers_for(kind);
    if let Some(f) = format {
        let known = offers::RESULTS.iter().chain(offers::GRAPH).any(|o| o.name() == f);
        if known && !offers.iter().any(|o| o.name() == f) {
            let fitting: Vec<&str> = offers.iter().map(|o| o.name()).collect();
            return Err(ApiError::NotAcceptable(format!("format '{f}' does not fit this answer; available here: {}", fitting.join(", "))));
        }
    }
    conneg::choose(format, accept, offers)
}

/// A bad dataset IRI is 400 whatever the operation (the service description ignores the dataset).
fn check_dataset(default_graphs: &[String], named_graphs: &[String]) -> Result<(), ApiError> {
    let given = default_graphs.iter().map(|g| ("default-graph-uri", g)).chain(named_graphs.iter().map(|g| ("named-graph-uri", g)));
    for (parameter, iri) in given {
        if oxigraph::model::NamedNode::new(iri.as_str()).is_err() {
            return Err(SparqlError::InvalidIri { parameter, iri: iri.clone() }.into());
        }
    }
    Ok(())
}

/// The service description in the negotiated graph format.
fn describe_service(req: &HttpRequest, base: &str, format: Option<&str>) -> Result<HttpResponse, ApiError> {
    let offer = choose(format, conneg::accept(req), ResultKind::Graph)?;
    let ttl = service_description::turtle(base);
    let body = if offer.format == crate::formats::Format::Turtle {
        ttl.into_bytes()
    } else {
        let quads = crate::rdf::parse_turtle(&ttl, base, "service description")?;
        serialize::quads_to_bytes(quads, offer.format.rdf(), base)?
    };
    Ok(HttpResponse::Ok().content_type(offer.content_type()).insert_header((header::VARY, "Accept")).body(body))
}

pub async fn endpoint(req: HttpRequest, body: web::Payload, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let body = h::read_body(body, state.config.limits.max_body_bytes).await?;
    let op = protocol_operation(&req, &body)?;
    let (SparqlOp::Query { default_graphs, named_graphs, .. } | SparqlOp::Describe { default_graphs, named_graphs }) = &op;
    check_dataset(default_graphs, named_graphs)?;
    let url_pairs = parse_pairs(req.query_string(), "query string")?;
    let format = one(&collect(&url_pairs, "format"), "format")?;
    // People get the editor page (results rendered on the server); programs what they asked for.
    let html = match format.as_deref() {
        Some(f) => f == crate::formats::Format::Html.name(),
        None => conneg::prefers_html(&req, offers::RESULTS),
    };
    let base = state.config.base_url.clone();
    let (text, default_graphs, named_graphs) = match op {
        SparqlOp::Describe { .. } if html => return Ok(views::respond::sparql_page(&req, &base, None, None)),
        SparqlOp::Describe { .. } => return describe_service(&req, &base, format.as_deref()),
        SparqlOp::Query { text, default_graphs, named_graphs } => (text, default_graphs, named_graphs),
    };
    if html && text.trim().is_empty() {
        return Ok(views::respond::sparql_page(&req, &base, None, None)); // an empty form: just the editor
    }
    if html {
        let accept = Some(HTML_PAGE_ACCEPT.to_string());
        let answer = evaluate(&req, &state, text.clone(), default_graphs, named_graphs, accept, None).await.map(|(ct, body, _)| (ct, body));
        return Ok(views::respond::sparql_page(&req, &base, Some(text), Some(answer)));
    }
    let accept = header_str(&req, header::ACCEPT);
    let (content_type, body, cached) = evaluate(&req, &state, text, default_graphs, named_graphs, accept, format).await?;
    Ok(respond(&content_type, body, cached))
}

/// What the page asks the evaluator for: a table-shaped answer for any query form.
const HTML_PAGE_ACCEPT: &str = "application/sparql-results+json, application/n-triples";

/// Evaluate one query within the limits, from the answer cache when possible:
/// (content type, body, served from cache).
async fn evaluate(
    req: &HttpRequest,
    state: &AppState,
    text: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    accept: Option<String>,
    format: Option<String>,
) -> Result<(String, Bytes, bool), ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let cache_key = format!("{}\u{0}{text}\u{0}{default_graphs:?}\u{0}{named_graphs:?}\u{0}{:?}\u{0}{:?}", snap.version, accept, format);
    if !caching::wants_fresh(req) {
        if let Some(hit) = snap.answers.get(&cache_key) {
            return Ok((hit.content_type.clone(), hit.body.clone(), true));
        }
    }
    // Before a slot is taken: the parser recurses per nesting level.
    let limits = &state.config.limits;
    sparql::shape::check(&text, limits.sparql_max_query_bytes, limits.sparql_max_depth)?;
    let pick = |kind: ResultKind| choose(format.as_deref(), accept.as_deref(), kind);
    let job = Job {
        text,
        default_graphs,
        named_graphs,
        solutions_offer: pick(ResultKind::Solutions).ok(),
        graph_offer: pick(ResultKind::Graph).ok(),
        max_rows: state.config.sparql_max_rows,
        max_bytes: limits.sparql_max_result_bytes,
    };
    // Fair share first: a client over its own share waits for its own queries, not in the common queue.
    let client = crate::http::front_door::client_ip(req).unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let waited = std::time::Instant::now();
    let Some(_share) = state.sparql_shares.acquire(client, state.config.sparql_queue_wait).await else {
        return Err(ApiError::TooManyRequests {
            detail: format!(
                "your address already runs {} SPARQL queries, the most one client may run at once; retry when one has answered",
                state.sparql_shares.per_client()
            ),
            retry_after_secs: 1,
        });
    };
    let busy = || ApiError::TooBusy("too many SPARQL queries are running; retry shortly".into());
    // Wait a bounded time for a slot (tokio polls the acquire before the deadline, so a zero wait
    // still takes a free slot).
    let wait = state.config.sparql_queue_wait.saturating_sub(waited.elapsed());
    let _permit = match tokio::time::timeout(wait, state.sparql_slots.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(_)) | Err(_) => return Err(busy()),
    };
    // While this request waited, another may have answered the same query.
    if !caching::wants_fresh(req) {
        if let Some(hit) = snap.answers.get(&cache_key) {
            return Ok((hit.content_type.clone(), hit.body.clone(), true));
        }
    }
    // In a worker process; if this request is dropped (client gone) the worker is killed.
    let evaluating = std::time::Instant::now();
    let outcome = state.sparql_pool.run(&snap.version, base, job, state.config.sparql_timeout).await;
    crate::http::metrics::sparql_evaluated(evaluating.elapsed(), outcome.is_ok());
    let answer = match outcome {
        Ok(a) => a,
        // The negotiation error for the query's kind (406, or 400 for an unknown `format`).
        Err(SparqlError::NotAcceptable(kind)) => return Err(pick(kind).err().unwrap_or_else(|| SparqlError::NotAcceptable(kind).into())),
        Err(e) => return Err(e.into()),
    };
    let body = Bytes::from(answer.body);
    snap.answers.insert(cache_key, CachedBody { content_type: answer.content_type.clone(), body: body.clone(), link: None });
    Ok((answer.content_type, body, false))
}

fn respond(content_type: &str, body: Bytes, cached: bool) -> HttpResponse {
    // CSV and TSV results open in spreadsheets: no cell may run as a formula.
    let media = content_type.split(';').next().unwrap_or("").trim();
    let safe = match media {
        "text/csv" => spreadsheet::sparql_csv(&body),
        "text/tab-separated-values" => spreadsheet::sparql_tsv(&body),
        _ => None,
    };
    let body = safe.map_or(body, Bytes::from);
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::VARY, "Accept"))
        .insert_header(("X-Cache", if cached { "hit" } else { "miss" }))
        .body(body)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/sparql")
            .route(h::get_or_head().to(endpoint))
            .route(web::post().to(endpoint))
            .default_service(h::method_not_allowed("GET, HEAD, POST")),
    );
}
