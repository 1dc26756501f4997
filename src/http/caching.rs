//! HTTP caching: strong ETags from the data version and the request, conditional requests,
//! Last-Modified and Cache-Control. Data only changes on reload, so every GET is cacheable.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{DateTime, Utc};
use actix_web::web::Bytes;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const CACHE_CONTROL: &str = "public, max-age=300";

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

fn http_date(t: &DateTime<Utc>) -> String {
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

/// Validators and cache policy on a response.
pub fn apply(b: &mut HttpResponseBuilder, etag: &str, modified: &DateTime<Utc>) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        b.insert_header((header::ETAG, v));
    }
    b.insert_header((header::LAST_MODIFIED, http_date(modified)));
    b.insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    b.insert_header((header::VARY, "Accept, Accept-Encoding"));
}

/// A rendered answer kept for reuse: the data cannot change within a snapshot, so an answer is
/// valid until the next reload (each snapshot owns its cache).
pub struct CachedBody {
    pub content_type: String,
    pub body: Bytes,
    /// `Link` header (next page), where the answer has one.
    pub link: Option<String>,
}

#[derive(Clone)]
pub struct BodyWeighter;

impl quick_cache::Weighter<String, Arc<CachedBody>> for BodyWeighter {
    fn weight(&self, key: &String, val: &Arc<CachedBody>) -> u64 {
        (key.len() + val.body.len() + val.content_type.len() + val.link.as_ref().map_or(0, String::len) + 64) as u64
    }
}

/// Answers by key, bounded in bytes. Used for API pages and items and for SPARQL results.
pub struct BodyCache {
    inner: quick_cache::sync::Cache<String, Arc<CachedBody>, BodyWeighter>,
}

/// Largest single answer kept.
const MAX_CACHED_BODY: usize = 4 * 1024 * 1024;

impl BodyCache {
    pub fn new(bytes: u64) -> Self {
        BodyCache { inner: quick_cache::sync::Cache::with_weighter(100_000, bytes.max(1024), BodyWeighter) }
    }
    pub fn get(&self, key: &str) -> Option<Arc<CachedBody>> {
        self.inner.get(key)
    }
    pub fn insert(&self, key: String, value: CachedBody) {
        if value.body.len() <= MAX_CACHED_BODY {
            self.inner.insert(key, Arc::new(value));
        }
    }
}

/// `Cache-Control: no-cache` from the client asks for a fresh evaluation (the answer is still stored).
pub fn wants_fresh(req: &HttpRequest) -> bool {
    req.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-cache"))
}
