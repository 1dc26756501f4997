//! HTTP caching: strong ETags from the data version and the request, conditional requests,
//! Last-Modified and Cache-Control. Data only changes on reload, so every GET is cacheable.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Browsers keep an answer 5 minutes; shared caches (a CDN, nginx in front of the replicas) too
/// (`s-maxage`), may serve it stale for a minute while they revalidate in the background, and for a
/// day when every replica fails. ETags depend only on the data version and the request, so every
/// replica with the same data answers a revalidation from any other with 304.
pub const CACHE_CONTROL: &str = "public, max-age=300, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400";

/// A strong validator for one representation of one resource at one data version.
pub fn etag(version: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(version.as_bytes());
    for p in parts {
        h.update([0u8]);
        h.update(p.as_bytes());
    }
    format!("\"{}\"", hex::encode(&h.finalize()[..12]))
}

pub fn http_date(t: &DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// `Some(304 response)` when the client's validators show it already has this representation.
pub fn not_modified(req: &HttpRequest, etag: &str, modified: &DateTime<Utc>) -> Option<HttpResponse> {
    let fresh = if let Some(inm) = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        inm.split(',').map(str::trim).any(|t| t == "*" || t == etag || t.trim_start_matches("W/") == etag)
    } else if let Some(ims) = req.headers().get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()) {
        DateTime::parse_from_rfc2822(ims).map(|t| t.timestamp() >= modified.timestamp()).unwrap_or(false)
    } else {
        false
    };
    fresh.then(|| {
        let mut b = HttpResponse::NotModified();
        apply(&mut b, etag, modified);
        b.finish()
    })
}

/// Validators and cache policy on a negotiated response (the representation depends on `Accept`).
pub fn apply(b: &mut HttpResponseBuilder, etag: &str, modified: &DateTime<Utc>) {
    apply_with_vary(b, etag, modified, "Accept, Accept-Encoding");
}

/// Validators and cache policy on a response with one representation (its format is in the URL:
/// downloads, dumps, `data.ttl`): a shared cache keeps one copy per encoding, not per `Accept`.
pub fn apply_fixed(b: &mut HttpResponseBuilder, etag: &str, modified: &DateTime<Utc>) {
    apply_with_vary(b, etag, modified, "Accept-Encoding");
}

fn apply_with_vary(b: &mut HttpResponseBuilder, etag: &str, modified: &DateTime<Utc>, vary: &'static str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        b.insert_header((header::ETAG, v));
    }
    b.insert_header((header::LAST_MODIFIED, http_date(modified)));
    b.insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    b.insert_header((header::VARY, vary));
}

/// `Cache-Control: no-cache` from the client asks for a fresh evaluation (the answer is still stored).
pub fn wants_fresh(req: &HttpRequest) -> bool {
    req.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-cache"))
}
