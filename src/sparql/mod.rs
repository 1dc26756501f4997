//! SPARQL 1.1 Protocol endpoint `/sparql` over the in-memory Oxigraph store: read-only, bounded
//! (time limit, concurrency cap, row cap), with results cached by query and data version.

mod service_description;

use crate::error::ApiError;
use crate::http::caching::{self, CachedBody};
use crate::http::conneg::{self, Offer};
use crate::rdf::serialize::{self, GRAPH_OFFERS};
use crate::state::{AppState, Snapshot};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use std::time::{Duration, Instant};

pub const RESULT_OFFERS: &[Offer] = &[
    Offer { media_type: "application/sparql-results+json", format: "json" },
    Offer { media_type: "application/sparql-results+xml", format: "xml" },
    Offer { media_type: "text/csv", format: "csv" },
    Offer { media_type: "text/tab-separated-values", format: "tsv" },
    Offer { media_type: "application/json", format: "json" },
];

#[derive(Debug)]
enum SparqlOp {
    Query { text: String, default_graphs: Vec<String>, named_graphs: Vec<String> },
    Describe,
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
    serde_urlencoded::from_str(s).map_err(|e| ApiError::param(what, format!("malformed {what}: {e}")))
}

/// Read the protocol operation from a GET or POST request (SPARQL 1.1 Protocol §2.1).
fn protocol_operation(req: &HttpRequest, body: &Bytes) -> Result<SparqlOp, ApiError> {
    let url_pairs = parse_pairs(req.query_string(), "query string")?;
    let mut default_graphs = collect(&url_pairs, "default-graph-uri");
    let mut named_graphs = collect(&url_pairs, "named-graph-uri");
    let method = req.method().as_str();
    if method == "GET" || method == "HEAD" {
        if !collect(&url_pairs, "update").is_empty() {
            return Err(ApiError::Forbidden("this endpoint is read-only: SPARQL Update is not accepted".into()));
        }
        return Ok(match one(&collect(&url_pairs, "query"), "query")? {
            Some(text) => SparqlOp::Query { text, default_graphs, named_graphs },
            None => SparqlOp::Describe,
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
                return Err(ApiError::Forbidden("this endpoint is read-only: SPARQL Update is not accepted".into()));
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
        "application/sparql-update" => Err(ApiError::Forbidden("this endpoint is read-only: SPARQL Update is not accepted".into())),
        "" => Err(ApiError::UnsupportedMediaType(
            "a POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query".into(),
        )),
        other => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type '{other}' is not accepted; use application/x-www-form-urlencoded or application/sparql-query"
        ))),
    }
}

enum Answer {
    Body { content_type: String, body: Bytes },
}

fn results_format(offer: &Offer) -> QueryResultsFormat {
    match offer.format {
        "xml" => QueryResultsFormat::Xml,
        "csv" => QueryResultsFormat::Csv,
        "tsv" => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

fn named(iri: &str, param: &str) -> Result<NamedNode, ApiError> {
    NamedNode::new(iri).map_err(|_| ApiError::param(param, format!("'{iri}' is not a valid IRI")))
}

struct Job {
    text: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    accept: Option<String>,
    format: Option<String>,
    deadline: Instant,
    max_rows: usize,
    token: CancellationToken,
}

fn evaluation_error(e: QueryEvaluationError) -> ApiError {
    match e {
        QueryEvaluationError::Cancelled => ApiError::Timeout("the query was stopped at the time limit; narrow it or add LIMIT".into()),
        QueryEvaluationError::Service(_)
        | QueryEvaluationError::UnsupportedService(_)
        | QueryEvaluationError::InvalidServiceName(_)
        | QueryEvaluationError::UnboundService => {
            ApiError::Forbidden("SERVICE (federated query) is disabled: this endpoint never fetches other URLs".into())
        }
        other => ApiError::param("query", format!("query evaluation failed: {other}")),
    }
}

/// Parse, evaluate and serialise one query (blocking; runs on its own thread).
fn execute(snap: &Snapshot, base: &str, job: &Job) -> Result<Answer, ApiError> {
    // Relative IRIs in a query resolve against the endpoint (SPARQL 1.1 Protocol allows it).
    let evaluator = SparqlEvaluator::new()
        .with_base_iri(format!("{base}/sparql"))
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .with_cancellation_token(job.token.clone());
    let mut prepared = match evaluator.parse_query(&job.text) {
        Ok(p) => p,
        Err(syntax) => {
            if SparqlEvaluator::new().parse_update(&job.text).is_ok() {
                return Err(ApiError::Forbidden("this endpoint is read-only: SPARQL Update is not accepted".into()));
            }
            return Err(ApiError::param("query", format!("SPARQL syntax error: {syntax}")));
        }
    };
    if !job.default_graphs.is_empty() || !job.named_graphs.is_empty() {
        let defaults =
            job.default_graphs.iter().map(|g| named(g, "default-graph-uri").map(GraphName::NamedNode)).collect::<Result<Vec<_>, _>>()?;
        let nameds =
            job.named_graphs.iter().map(|g| named(g, "named-graph-uri").map(NamedOrBlankNode::NamedNode)).collect::<Result<Vec<_>, _>>()?;
        prepared.dataset_mut().set_default_graph(defaults);
        prepared.dataset_mut().set_available_named_graphs(nameds);
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared.on_store(&snap.store).execute().map_err(evaluation_error)?;
    let over_time = || Instant::now() > job.deadline;
    let timeout = || ApiError::Timeout("the query was stopped at the time limit; narrow it or add LIMIT".into());
    let too_many = |n: usize| ApiError::param("query", format!("the result has more than {n} rows; add LIMIT (and OFFSET to page)"));
    match results {
        QueryResults::Solutions(solutions) => {
            let offer = conneg::choose(job.format.as_deref(), job.accept.as_deref(), RESULT_OFFERS)?;
            let mut w = QueryResultsSerializer::from_format(results_format(&offer))
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            for (n, s) in solutions.enumerate() {
                if n >= job.max_rows {
                    return Err(too_many(job.max_rows));
                }
                if n % 256 == 0 && over_time() {
                    return Err(timeout());
                }
                let s = s.map_err(evaluation_error)?;
                w.serialize(&s).map_err(|e| ApiError::Internal(e.to_string()))?;
            }
            let body = w.finish().map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(Answer::Body { content_type: result_content_type(&offer), body: body.into() })
        }
        QueryResults::Boolean(b) => {
            let offer = conneg::choose(job.format.as_deref(), job.accept.as_deref(), RESULT_OFFERS)?;
            let body = QueryResultsSerializer::from_format(results_format(&offer))
                .serialize_boolean_to_writer(Vec::new(), b)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(Answer::Body { content_type: result_content_type(&offer), body: body.into() })
        }
        QueryResults::Graph(triples) => {
            let offer = conneg::choose(job.format.as_deref(), job.accept.as_deref(), GRAPH_OFFERS)?;
            let mut collected = Vec::new();
            for (n, t) in triples.enumerate() {
                if n >= job.max_rows {
                    return Err(too_many(job.max_rows));
                }
                if n % 256 == 0 && over_time() {
                    return Err(timeout());
                }
                collected.push(t.map_err(evaluation_error)?);
            }
            let body = serialize::triples_to_bytes(collected, serialize::format_of(&offer), base)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(Answer::Body { content_type: serialize::content_type(&offer), body: body.into() })
        }
    }
}

fn result_content_type(offer: &Offer) -> String {
    match offer.format {
        "csv" | "tsv" => format!("{}; charset=utf-8", offer.media_type),
        _ => offer.media_type.to_string(),
    }
}

fn header_str(req: &HttpRequest, name: header::HeaderName) -> Option<String> {
    req.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

/// What the HTML page asks the evaluator for: a table-shaped result for any query form.
const HTML_PAGE_ACCEPT: &str = "application/sparql-results+json, application/n-triples";

pub async fn endpoint(req: HttpRequest, body: Bytes, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let op = protocol_operation(&req, &body)?;
    let url_pairs = parse_pairs(req.query_string(), "query string")?;
    let format = one(&collect(&url_pairs, "format"), "format")?;
    // Browsers get the editor page (with results rendered on the server); programs what they asked for.
    let html = match format.as_deref() {
        Some("html") => true,
        Some(_) => false,
        None => crate::views::prefers_html(&req, RESULT_OFFERS),
    };
    let base = state.config.base_url.clone();
    let (text, default_graphs, named_graphs) = match op {
        SparqlOp::Describe if html => return Ok(crate::views::respond::sparql_page(&req, &base, None, None)),
        SparqlOp::Describe => return service_description::respond(&req, &state, format.as_deref()),
        SparqlOp::Query { text, default_graphs, named_graphs } => (text, default_graphs, named_graphs),
    };
    if html && text.trim().is_empty() {
        return Ok(crate::views::respond::sparql_page(&req, &base, None, None)); // an empty form: just the editor
    }
    if html {
        let answer = evaluate(&req, &state, text.clone(), default_graphs, named_graphs, Some(HTML_PAGE_ACCEPT.into()), None)
            .await
            .map(|(content_type, body, _)| (content_type, body));
        return Ok(crate::views::respond::sparql_page(&req, &base, Some(text), Some(answer)));
    }
    let accept = header_str(&req, header::ACCEPT);
    let (content_type, body, cached) = evaluate(&req, &state, text, default_graphs, named_graphs, accept, format).await?;
    Ok(respond(&content_type, body, cached))
}

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
    let permit = state
        .sparql_slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::TooBusy("too many SPARQL queries are running; retry shortly".into()))?;
    let limit = state.config.sparql_timeout;
    let token = CancellationToken::new();
    let job = Job {
        text,
        default_graphs,
        named_graphs,
        accept,
        format,
        deadline: Instant::now() + limit,
        max_rows: state.config.sparql_max_rows,
        token: token.clone(),
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let snap2 = snap.clone();
    std::thread::Builder::new()
        .name("sparql".into())
        .spawn(move || {
            // The permit lives as long as the evaluation, so runaway queries still count against the cap.
            let _permit = permit;
            let _ = tx.send(execute(&snap2, &base, &job));
        })
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let answer = match tokio::time::timeout(limit + Duration::from_millis(250), rx).await {
        Ok(Ok(result)) => result?,
        Ok(Err(_)) => return Err(ApiError::Internal("query worker stopped".into())),
        Err(_) => {
            token.cancel();
            return Err(ApiError::Timeout(format!("the query exceeded the time limit of {:.1} s and was cancelled", limit.as_secs_f64())));
        }
    };
    let Answer::Body { content_type, body } = answer;
    snap.answers.insert(cache_key, CachedBody { content_type: content_type.clone(), body: body.clone(), link: None });
    Ok((content_type, body, false))
}


fn respond(content_type: &str, body: Bytes, cached: bool) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::VARY, "Accept"))
        .insert_header(("X-Cache", if cached { "hit" } else { "miss" }))
        .body(body)
}

async fn sparql_method_not_allowed() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed("/sparql answers GET and POST".into()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/sparql")
            .route(crate::startup::get_or_head().to(endpoint))
            .route(web::post().to(endpoint))
            .default_service(web::to(sparql_method_not_allowed)),
    );
}
