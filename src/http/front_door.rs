//! Front-door middleware for a public endpoint: request ids (header + tracing span), size limits
//! (414/431 as problem+json), per-client rate limits on expensive requests (429 + Retry-After),
//! and security headers on every answer. Values come from `config::Limits`. Pages for people set
//! their own Content-Security-Policy and Referrer-Policy (`views`); those are kept.

use crate::config::Limits;
use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use tracing::Instrument;

pub const REQUEST_ID: &str = "x-request-id";

/// The request's id: the client's `X-Request-Id` when it is short and plain, else a fresh one.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn client_request_id(req: &ServiceRequest) -> Option<String> {
    let v = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    let plain = !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    plain.then(|| v.to_string())
}

fn fresh_request_id() -> String {
    hex::encode(rand::random::<[u8; 8]>())
}

/// Per-client-address limiter for expensive requests (GCRA, from the `governor` crate).
pub struct ExpensiveLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl ExpensiveLimiter {
    pub fn new(limits: &Limits) -> Self {
        let limiter = NonZeroU32::new(limits.expensive_per_second).map(|rate| {
            let burst = NonZeroU32::new(limits.expensive_burst).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        ExpensiveLimiter { limiter }
    }

    /// `Err(seconds to wait)` when this client has used up its allowance.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        // Forget clients whose buckets are full again, so the table stays bounded.
        if limiter.len() > 50_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

fn query_has(query: &str, names: &[&str], value: Option<&str>) -> bool {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .map(|pairs| pairs.iter().any(|(k, v)| names.contains(&k.as_str()) && !v.is_empty() && value.is_none_or(|want| v == want)))
        .unwrap_or(false)
}

/// Requests whose cost a client controls: SPARQL queries, CSV exports, full-text search, dumps,
/// and anything that asks to bypass the answer cache.
pub fn is_expensive(req: &ServiceRequest) -> bool {
    let path = req.path();
    let query = req.query_string();
    let header_has = |name: HeaderName, needle: &str| {
        req.headers().get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.to_ascii_lowercase().contains(needle))
    };
    if path == "/health" {
        return false;
    }
    if header_has(header::CACHE_CONTROL, "no-cache") || header_has(header::PRAGMA, "no-cache") {
        return true;
    }
    if path == "/sparql" {
        return req.method() == actix_web::http::Method::POST || query_has(query, &["query"], None);
    }
    if path == "/dump.nq" || path == "/dump.ttl" {
        return true;
    }
    if path.starts_with("/api/v1/") {
        return query_has(query, &["q"], None) || query_has(query, &["format"], Some("csv")) || header_has(header::ACCEPT, "text/csv");
    }
    false
}

/// Size limits the server can still answer with a problem document.
fn check_sizes(req: &ServiceRequest, limits: &Limits) -> Result<(), ApiError> {
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > limits.max_url_bytes {
        return Err(ApiError::UriTooLong(format!(
            "the request target is {target} bytes; the limit is {} (use POST for long SPARQL queries)",
            limits.max_url_bytes
        )));
    }
    let headers: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if headers > limits.max_header_bytes {
        return Err(ApiError::HeadersTooLarge(format!(
            "the request headers are {headers} bytes; the limit is {}",
            limits.max_header_bytes
        )));
    }
    Ok(())
}

/// For HTML that did not set its own policy (Swagger UI under /docs, anything else).
fn content_security_policy(path: &str) -> &'static str {
    if path.starts_with("/docs") {
        // Swagger UI: its own scripts and styles (it sets inline style attributes), nothing else.
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    } else {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }
}

fn set_security_headers<B>(res: &mut ServiceResponse<B>, request_id: &str, path: &str) {
    let is_html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.remove(header::SERVER);
    if !h.contains_key(header::REFERRER_POLICY) {
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    if is_html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(content_security_policy(path)));
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert(HeaderName::from_static(REQUEST_ID), v);
    }
}

/// The middleware (`middleware::from_fn(front_door::middleware)`), outside the error pages, so every answer, including
/// errors and 429s, carries the request id and the security headers.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let request_id = client_request_id(&req).unwrap_or_else(fresh_request_id);
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let path = req.path().to_string();
    let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %path);
    let limits = req.app_data::<web::Data<Limits>>().map(|l| l.get_ref().clone()).unwrap_or_default();
    let refusal = match check_sizes(&req, &limits) {
        Err(e) => Some(e),
        Ok(()) if is_expensive(&req) => {
            let limiter = req.app_data::<web::Data<ExpensiveLimiter>>();
            let client = req.peer_addr().map(|a| a.ip());
            match (limiter, client) {
                (Some(limiter), Some(ip)) => limiter.check(ip).err().map(|secs| {
                    tracing::warn!(parent: &span, client = %ip, retry_after = secs, "rate limited");
                    super::metrics::rate_limited();
                    ApiError::TooManyRequests {
                        detail: format!("too many expensive requests (SPARQL, CSV, search, no-cache) from your address; retry in {secs} s"),
                        retry_after_secs: secs,
                    }
                }),
                _ => None,
            }
        }
        Ok(()) => None,
    };
    let mut res = match refusal {
        Some(err) => {
            let response = err.error_response();
            req.into_response(response).map_into_right_body()
        }
        None => next.call(req).instrument(span).await?.map_into_left_body(),
    };
    set_security_headers(&mut res, &request_id, &path);
    Ok(res)
}
