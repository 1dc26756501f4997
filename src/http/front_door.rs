//! Front-door middleware for a public endpoint: request ids (header + tracing span), size limits
//! (414/431 as problem+json), per-client rate limits on requests whose cost class counts
//! (`http::cost`, by the matched route and the negotiated format; 429 + Retry-After),
//! and security headers on every answer. Values come from `config::Limits`. Pages for people set
//! their own Content-Security-Policy and Referrer-Policy (`views`); those are kept.

use super::cost::{self, CostTable};
use super::head_guard as guard;
use crate::config::{Cidr, Limits};
use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, ResponseError};
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

/// The client's address, the one place it is decided (rate limits, the SPARQL fair share, the
/// access log): the peer, unless the peer is a trusted proxy (`Limits::trusted_proxies`); then the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends
/// the address it saw, so what lies left of the first untrusted one is the client's to invent).
/// An entry that is not an address ends the walk at the last trusted hop.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip().to_canonical();
    let trusted = req.app_data::<web::Data<Limits>>().map_or(&[][..], |l| &l.trusted_proxies[..]);
    forwarded_client(peer, trusted, req.headers().get_all(header::X_FORWARDED_FOR).filter_map(|v| v.to_str().ok()))
}

fn forwarded_client<'a>(peer: IpAddr, trusted: &[Cidr], forwarded: impl Iterator<Item = &'a str>) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return Some(peer);
    }
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let parsed = hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()));
        let Some(ip) = parsed.map(|ip| ip.to_canonical()) else { break };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    Some(client)
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

/// The request body, with the body timeouts of `limits`: a pause longer than
/// `body_idle_timeout` between pieces, or a body not complete by `request_deadline`, ends the
/// stream with a `TimedOut` error (`http::read_body` answers 408). A body announced larger than
/// `max_body_bytes` is refused before any of it is read (413).
fn timed_payload(req: &mut ServiceRequest, limits: &Limits) -> Result<(), ApiError> {
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Err(ApiError::PayloadTooLarge(format!(
            "the request announces a body of {} bytes; the limit is {}",
            announced.unwrap_or_default(),
            limits.max_body_bytes
        )));
    }
    let chunked = req.headers().get(header::TRANSFER_ENCODING).is_some();
    if announced.unwrap_or(0) == 0 && !chunked {
        return Ok(());
    }
    let (idle, total) = (limits.body_idle_timeout, limits.request_deadline);
    let deadline = tokio::time::Instant::now() + limits.request_deadline;
    let payload = req.take_payload();
    let timed = futures_util::stream::unfold(Some(payload), move |state| async move {
        let mut payload = state?;
        let until = (tokio::time::Instant::now() + idle).min(deadline);
        match tokio::time::timeout_at(until, futures_util::StreamExt::next(&mut payload)).await {
            Ok(Some(item)) => Some((item, Some(payload))),
            Ok(None) => None,
            Err(_) => {
                let late = std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!(
                        "the request body did not arrive in time (each piece within {:.1} s, the whole body within {:.1} s)",
                        idle.as_secs_f64(),
                        total.as_secs_f64()
                    ),
                );
                Some((Err(actix_web::error::PayloadError::Io(late)), None))
            }
        }
    });
    req.set_payload(actix_web::dev::Payload::Stream { payload: Box::pin(timed) });
    Ok(())
}

/// Size limits the server can still answer with a problem document.
fn check_sizes(req: &ServiceRequest, limits: &Limits) -> Result<(), ApiError> {
    // A request the connection guard cut short (`http::head_guard`): its target or head went on past
    // the limit, so only the limit is known.
    if let Some(cut) = req.headers().get(guard::MARKER).and_then(|v| guard::Cut::from_marker(v.as_bytes())) {
        return Err(match cut {
            guard::Cut::TargetTooLong => ApiError::UriTooLong(format!(
                "the request target is longer than the limit of {} bytes (use POST for long SPARQL queries)",
                limits.max_url_bytes
            )),
            guard::Cut::HeadersTooLarge => {
                ApiError::HeadersTooLarge(format!("the request headers are larger than the limit of {} bytes", limits.max_header_bytes))
            }
            guard::Cut::TooManyHeaders => {
                ApiError::HeadersTooLarge(format!("the request has more than {} header lines", guard::GuardLimits::max_header_lines()))
            }
        });
    }
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

/// The middleware (`middleware::from_fn(front_door::middleware)`), outside the error pages:
/// size limits, body timeouts and the rate limit by cost class, in the request's tracing span.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let request_id = request_id(&req);
    let path = req.path().to_string();
    let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %path);
    let limits = req.app_data::<web::Data<Limits>>().map(|l| l.get_ref().clone()).unwrap_or_default();
    let mut req = req;
    let refusal = match check_sizes(&req, &limits).and_then(|()| timed_payload(&mut req, &limits)) {
        Err(e) => Some(e),
        Ok(()) => {
            let table = req.app_data::<web::Data<CostTable>>().map_or(&[][..], |t| t.0);
            let (cost, _pattern) = cost::classify(&req, table);
            let limiter = req.app_data::<web::Data<ExpensiveLimiter>>();
            let client = client_ip(req.request());
            match (limiter, client) {
                (Some(limiter), Some(ip)) if cost.counts(&req) => limiter.check(ip).err().map(|secs| {
                    tracing::warn!(parent: &span, client = %ip, class = cost.name(), retry_after = secs, "rate limited");
                    // Counted through the `metrics` facade directly (`http::metrics` reads this module's request id).
                    ::metrics::counter!("tiltak_rate_limited_total").increment(1);
                    ApiError::TooManyRequests {
                        detail: format!(
                            "too many expensive requests (SPARQL, CSV, search, dumps, downloads, pages, no-cache) from your address; retry in {secs} s"
                        ),
                        retry_after_secs: secs,
                    }
                }),
                _ => None,
            }
        }
    };
    Ok(match refusal {
        Some(err) => {
            let response = err.error_response();
            req.into_response(response).map_into_right_body()
        }
        None => next.call(req).instrument(span).await?.map_into_left_body(),
    })
}

/// The request's id, made once per request by whichever middleware asks first.
fn request_id(req: &ServiceRequest) -> String {
    if let Some(id) = req.extensions().get::<RequestId>() {
        return id.0.clone();
    }
    let id = client_request_id(req).unwrap_or_else(fresh_request_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    id
}

/// The outermost middleware (`middleware::from_fn(front_door::headers)`, outside CORS): the
/// request id and the security headers on every answer, CORS preflights included (those are
/// answered by the CORS middleware and never reach the inner front door).
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = request_id(&req);
    let path = req.path().to_string();
    let mut res = next.call(req).await?;
    set_security_headers(&mut res, &request_id, &path);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;
    use crate::config::Cidr;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_forwarded_address_and_only_behind_a_trusted_peer() {
        let trusted: Vec<Cidr> = ["10.0.0.0/8", "127.0.0.1"].iter().map(|c| c.parse().expect("cidr")).collect();
        let from = |peer: &str, xff: &[&str]| forwarded_client(ip(peer), &trusted, xff.iter().copied());
        // An untrusted peer is the client, whatever it forwards.
        assert_eq!(from("192.0.2.9", &["198.51.100.1"]), Some(ip("192.0.2.9")));
        // Behind one proxy: the address it appended; what the client put left of it is ignored.
        assert_eq!(from("127.0.0.1", &["6.6.6.6, 192.0.2.9"]), Some(ip("192.0.2.9")));
        // Behind two proxies (the inner one trusted too), over several header lines.
        assert_eq!(from("127.0.0.1", &["6.6.6.6, 192.0.2.9", "10.1.2.3"]), Some(ip("192.0.2.9")));
        // No header, or garbage where the proxy's entry should be: the last trusted hop.
        assert_eq!(from("127.0.0.1", &[]), Some(ip("127.0.0.1")));
        assert_eq!(from("127.0.0.1", &["192.0.2.9, nonsense"]), Some(ip("127.0.0.1")));
        assert_eq!(from("127.0.0.1", &["[2001:db8::7]:443"]), Some(ip("2001:db8::7")));
        // Trusting nobody: the peer.
        assert_eq!(forwarded_client(ip("127.0.0.1"), &[], ["192.0.2.9"].into_iter()), Some(ip("127.0.0.1")));
    }
}
