//! Content negotiation: pick the best of the offered representations (`crate::formats`) for a
//! `?format=` name or an `Accept` header.

use crate::error::ApiError;
use crate::formats::Format;
pub use crate::formats::Offer;
use actix_web::http::header;
use actix_web::HttpRequest;

/// The request's `Accept` header, where readable.
pub fn accept(req: &HttpRequest) -> Option<&str> {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// The `format` query parameter, where given.
pub fn format_param(req: &HttpRequest) -> Option<String> {
    crate::selection::value_of(req.query_string(), "format")
}

/// Negotiate for a request: `?format=` (or `format`, when the caller already read it) wins over `Accept`.
pub fn choose_for(req: &HttpRequest, format: Option<&str>, offers: &[Offer]) -> Result<Offer, ApiError> {
    choose(format, accept(req), offers)
}

/// True when the client prefers HTML to every one of `offers` (browsers do; programs sending
/// `*/*`, JSON or no `Accept` at all do not, so they keep what they got before pages existed).
pub fn prefers_html(req: &HttpRequest, offers: &[Offer]) -> bool {
    let Some(accept) = accept(req) else { return false };
    let mut all: Vec<Offer> = offers.iter().copied().filter(|o| o.format != Format::Html).collect();
    all.push(Format::Html.offer());
    negotiate(Some(accept), &all).is_some_and(|o| o.format == Format::Html)
}

struct Range<'a> {
    main: &'a str,
    sub: &'a str,
    q: f32,
    order: usize,
}

fn parse_accept(header: &str) -> Vec<Range<'_>> {
    let mut out = Vec::new();
    for (order, part) in header.split(',').enumerate() {
        let mut pieces = part.split(';');
        let mt = pieces.next().unwrap_or("").trim();
        let Some((main, sub)) = mt.split_once('/') else { continue };
        let mut q = 1.0f32;
        for p in pieces {
            if let Some((k, v)) = p.trim().split_once('=') {
                if k.trim().eq_ignore_ascii_case("q") {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
        }
        out.push(Range { main: main.trim(), sub: sub.trim(), q, order });
    }
    out
}

/// The offer the client prefers: highest q, then most specific range, then the server's order.
/// `None` when nothing offered is acceptable. A missing or empty header accepts the first offer.
pub fn negotiate(accept: Option<&str>, offers: &[Offer]) -> Option<Offer> {
    let header = match accept {
        Some(h) if !h.trim().is_empty() => h,
        _ => return offers.first().copied(),
    };
    let ranges = parse_accept(header);
    let mut best: Option<(f32, u8, usize, usize)> = None; // (q, specificity, -order, offer index)
    for (i, offer) in offers.iter().enumerate() {
        let (om, os) = offer.media_type.split_once('/').unwrap_or((offer.media_type, ""));
        // The most specific matching range decides this offer's q.
        let mut matched: Option<(u8, f32, usize)> = None;
        for r in &ranges {
            let spec = if r.main.eq_ignore_ascii_case(om) && r.sub.eq_ignore_ascii_case(os) {
                3
            } else if r.main.eq_ignore_ascii_case(om) && r.sub == "*" {
                2
            } else if r.main == "*" && r.sub == "*" {
                1
            } else {
                continue;
            };
            if matched.is_none_or(|(s, _, _)| spec > s) {
                matched = Some((spec, r.q, r.order));
            }
        }
        if let Some((spec, q, order)) = matched {
            if q <= 0.0 {
                continue;
            }
            let candidate = (q, spec, usize::MAX - order, usize::MAX - i);
            let better = match best {
                None => true,
                Some(b) => (candidate.0, candidate.1, candidate.2, candidate.3) > (b.0, b.1, b.2, b.3),
            };
            if better {
                best = Some(candidate);
            }
        }
    }
    best.map(|(_, _, _, i)| offers[usize::MAX - i])
}

/// `?format=` wins over `Accept`; an unknown `format` is an error listing the allowed names.
pub fn choose(format: Option<&str>, accept: Option<&str>, offers: &[Offer]) -> Result<Offer, ApiError> {
    if let Some(f) = format {
        return crate::formats::by_name(offers, f).ok_or_else(|| {
            ApiError::param_allowed("format", format!("unknown format '{f}'"), offers.iter().map(|o| o.name().to_string()).collect())
        });
    }
    negotiate(accept, offers).ok_or_else(|| {
        ApiError::NotAcceptable(format!(
            "none of the requested media types can be produced; available: {}",
            offers.iter().map(|o| o.media_type).collect::<Vec<_>>().join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::offers::COLLECTION as OFFERS;
    #[test]
    fn picks_by_q_and_specificity() {
        assert_eq!(negotiate(Some("text/csv"), OFFERS).map(|o| o.name()), Some("csv"));
        assert_eq!(negotiate(Some("text/*;q=0.9, application/json;q=0.5"), OFFERS).map(|o| o.name()), Some("csv"));
        assert_eq!(negotiate(Some("*/*"), OFFERS).map(|o| o.name()), Some("json"));
        assert_eq!(negotiate(Some("image/png"), OFFERS), None);
        assert_eq!(negotiate(None, OFFERS).map(|o| o.name()), Some("json"));
        assert_eq!(negotiate(Some("text/csv;q=0, */*"), OFFERS).map(|o| o.name()), Some("json"));
    }
}
