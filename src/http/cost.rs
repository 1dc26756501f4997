//! Cost classes: what one request costs the server, read from the route it matched and the
//! representation it negotiated, never from the raw path or the `Accept` string. Each route
//! declares its class in one table (`routes::COSTS`); the front door looks the request up there
//! and charges the client's rate allowance for every class but `Free` and `Cheap`.
//!
//! The route is found the way the router finds it: by the app's resource map, on the
//! percent-decoded path (`/sparq%6C` is `/sparql`), so an encoded path is the same route.

use crate::formats::{Format, Offer};
use actix_web::dev::ServiceRequest;
use actix_web::http::{header, Method};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// Never counted: answers from memory that a client cannot make dearer (`/health`, assets).
    Free,
    /// A stored answer or a single record; counted only when the client bypasses the answer
    /// cache (`Cache-Control: no-cache`).
    Cheap,
    /// Full-text search (`q=` on any route that reads it).
    Search,
    /// Every matching record at once: CSV and JSON Lines (however negotiated), full downloads, dataset files.
    Export,
    /// A SPARQL query.
    Sparql,
    /// The whole store serialised.
    Dump,
    /// A page for people built from many records (catalogue, charts, collection pages).
    PageRender,
}

impl Cost {
    pub fn name(self) -> &'static str {
        match self {
            Cost::Free => "free",
            Cost::Cheap => "cheap",
            Cost::Search => "search",
            Cost::Export => "export",
            Cost::Sparql => "sparql",
            Cost::Dump => "dump",
            Cost::PageRender => "page-render",
        }
    }
}

/// One row of the table: a route pattern exactly as it is mounted, its class, the
/// representations it negotiates among (CSV → `Export`), whether it answers browsers with a
/// page (HTML → `PageRender`), and whether it reads `q` (full-text search → `Search`).
#[derive(Debug, Clone, Copy)]
pub struct RouteCost {
    pub pattern: &'static str,
    pub class: Cost,
    pub offers: &'static [Offer],
    pub page: bool,
    pub reads_q: bool,
}

impl RouteCost {
    pub const fn new(pattern: &'static str, class: Cost) -> Self {
        RouteCost { pattern, class, offers: &[], page: false, reads_q: false }
    }
    /// The representations the handler negotiates among.
    pub const fn offers(mut self, offers: &'static [Offer]) -> Self {
        self.offers = offers;
        self
    }
    /// The handler answers a browser (HTML preferred to every offer) with a page.
    pub const fn page(mut self) -> Self {
        self.page = true;
        self
    }
    /// The handler runs a full-text search for `q`.
    pub const fn search(mut self) -> Self {
        self.reads_q = true;
        self
    }
}

/// The table the front door reads (`web::Data<CostTable>`, filled by `startup`).
#[derive(Debug, Clone, Copy)]
pub struct CostTable(pub &'static [RouteCost]);

fn query_value(query: &str, name: &str) -> Option<String> {
    crate::selection::value_of(query, name)
}

fn header_has(req: &ServiceRequest, name: header::HeaderName, needle: &str) -> bool {
    req.headers().get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.to_ascii_lowercase().contains(needle))
}

/// The pattern of the route this request will reach (`None`: no route, the 404 service).
pub fn matched_pattern(req: &ServiceRequest) -> Option<String> {
    // `match_info()` holds the path as the router sees it (percent-decoded); the raw
    // `req.path()` would miss `/sparq%6C`.
    req.resource_map().match_pattern(req.match_info().as_str())
}

/// The class of one request on its route.
pub fn classify(req: &ServiceRequest, table: &[RouteCost]) -> (Cost, Option<String>) {
    let pattern = matched_pattern(req);
    let Some(pattern) = pattern else { return (Cost::Cheap, None) };
    let Some(row) = table.iter().find(|r| r.pattern == pattern) else {
        // A route missing from the table is charged like a page (tests/api/costs.rs keeps the table whole).
        tracing::warn!(%pattern, "route has no cost class; charged as page-render");
        return (Cost::PageRender, Some(pattern));
    };
    let query = req.query_string();
    let class = match row.class {
        // The service description and the empty editor are not queries.
        Cost::Sparql if req.method() != Method::POST && query_value(query, "query").is_none_or(|q| q.trim().is_empty()) => Cost::Cheap,
        Cost::Free => Cost::Free,
        _ if row.reads_q && query_value(query, "q").is_some_and(|q| !q.trim().is_empty()) => Cost::Search,
        base if row.page && base == Cost::Cheap && super::conneg::prefers_html(req.request(), row.offers) => Cost::PageRender,
        base => match negotiated(req, row.offers) {
            Some(Format::Csv | Format::Ndjson | Format::SparqlCsv | Format::SparqlTsv) => Cost::Export.max_with(base),
            Some(Format::Html) if row.page && base == Cost::Cheap => Cost::PageRender,
            _ => base,
        },
    };
    (class, Some(pattern))
}

impl Cost {
    /// Keep the route's own class when it already is dearer than `Cheap`.
    fn max_with(self, base: Cost) -> Cost {
        if base == Cost::Cheap {
            self
        } else {
            base
        }
    }

    /// Whether this request is charged to the client's allowance.
    pub fn counts(self, req: &ServiceRequest) -> bool {
        match self {
            Cost::Free => false,
            Cost::Cheap => header_has(req, header::CACHE_CONTROL, "no-cache") || header_has(req, header::PRAGMA, "no-cache"),
            _ => true,
        }
    }
}

/// The representation the route's handler will choose: `?format=` first, then `Accept`, through
/// the same negotiation the handlers use (`Accept: text/*` on a collection is CSV here as there).
fn negotiated(req: &ServiceRequest, offers: &[Offer]) -> Option<Format> {
    if offers.is_empty() {
        return None;
    }
    let format = query_value(req.query_string(), "format");
    super::conneg::choose_for(req.request(), format.as_deref(), offers).ok().map(|o| o.format)
}
