//! One module per resource; each mounts its own routes (`configure`). No route module imports
//! another: what two need lives below, in `http`, `rdf`, `db` or `sparql`.

pub mod admin;
pub mod catalog;
pub mod collections;
pub mod downloads;
pub mod harvest;
pub mod linked_data;
pub mod metrics;
pub mod pages;
pub mod root;
pub mod sparql;
pub mod tabular;
pub mod void;

use crate::error::ApiError;
use crate::formats::offers;
use crate::http::cost::{Cost, RouteCost};
use crate::rdf::downloads::Source;
use crate::rdf::RdfError;
use crate::state::Snapshot;
use std::sync::Arc;

/// A body rendered from the snapshot's download source (`rdf::downloads`) on a blocking thread:
/// the one way the routes that serve downloads (full JSON, JSON-stat, a dataset's RDF) call their
/// renderer.
pub(crate) async fn render<T: Send + 'static>(
    snap: &Arc<Snapshot>,
    base: &str,
    render: impl FnOnce(&Source) -> Result<T, RdfError> + Send + 'static,
) -> Result<T, ApiError> {
    let snap = snap.clone();
    let base = base.to_string();
    actix_web::web::block(move || -> Result<T, ApiError> {
        let conn = snap.conn()?;
        Ok(render(&snap.source(&conn, &base))?)
    })
    .await?
}

/// Every route's cost class, in one table (the front door charges the client's allowance by it;
/// `http::cost` explains the classes). Patterns are exactly as the modules mount them.
pub const COSTS: &[RouteCost] = &[
    RouteCost::new("/", Cost::Cheap).offers(offers::ITEM).page(),
    RouteCost::new("/health", Cost::Free),
    RouteCost::new("/ready", Cost::Free),
    // Only on the --metrics-bind server, which has no front door; listed so the table stays whole.
    RouteCost::new("/metrics", Cost::Free),
    RouteCost::new("/api/v1", Cost::Cheap),
    RouteCost::new("/api/v1/{collection}", Cost::Cheap).offers(offers::COLLECTION).search(),
    RouteCost::new("/api/v1/{collection}/{id}", Cost::Cheap),
    RouteCost::new("/sparql", Cost::Sparql),
    RouteCost::new("/id/{type}/{id}", Cost::Cheap).offers(offers::THING).page(),
    RouteCost::new("/def/{term}", Cost::Cheap).offers(offers::THING).page(),
    RouteCost::new("/def/{scheme}/{code}", Cost::Cheap).offers(offers::THING).page(),
    RouteCost::new("/dump.nq", Cost::Dump),
    RouteCost::new("/dump.ttl", Cost::Dump),
    RouteCost::new("/catalog", Cost::Cheap).offers(offers::CATALOG).page(),
    RouteCost::new("/catalog.ttl", Cost::Cheap),
    RouteCost::new("/catalog.jsonld", Cost::Cheap),
    RouteCost::new("/catalog.rdf", Cost::Cheap),
    RouteCost::new("/catalog.nt", Cost::Cheap),
    RouteCost::new("/catalog/datasets/{id}/{file}", Cost::Export),
    RouteCost::new("/catalog/{rest:.*}", Cost::Cheap).offers(offers::CATALOG_RESOURCE).page(),
    RouteCost::new(crate::rdf::void::VOID_PATH, Cost::Cheap).offers(offers::VOID),
    RouteCost::new("/download/{file}", Cost::Export).search(),
    RouteCost::new("/data", Cost::PageRender),
    RouteCost::new("/data/{collection}", Cost::PageRender).search(),
    RouteCost::new("/data/{collection}/{id}", Cost::Cheap),
    RouteCost::new("/search", Cost::PageRender).search(),
    RouteCost::new("/charts", Cost::PageRender),
    RouteCost::new("/assets/{path:.*}", Cost::Free),
    RouteCost::new("/admin/reload", Cost::Cheap),
    RouteCost::new("/openapi.json", Cost::Cheap),
    RouteCost::new("/docs", Cost::Cheap),
    RouteCost::new("/docs/", Cost::Cheap),
    RouteCost::new("/docs/swagger", Cost::Cheap),
    RouteCost::new("/docs/swagger/index.css", Cost::Free),
    RouteCost::new("/docs/swagger/{_:.*}", Cost::Cheap),
    RouteCost::new("/accessibility", Cost::Cheap),
    RouteCost::new("/robots.txt", Cost::Free),
    // Lists every page: built from the whole snapshot (cached like the other pages).
    RouteCost::new("/sitemap.xml", Cost::PageRender),
    // Generated from the specs; a CSVW description repeats the CSV's query but reads no records.
    RouteCost::new("/csvw/{file}", Cost::Cheap),
    RouteCost::new("/datapackage.json", Cost::Cheap),
    // The harvest documents (issue 20): whole graphs, like the catalogue.
    RouteCost::new("/catalog/concepts", Cost::Cheap).offers(offers::HARVEST).page(),
    RouteCost::new("/catalog/concepts.ttl", Cost::Cheap),
    RouteCost::new("/catalog/concepts.rdf", Cost::Cheap),
    RouteCost::new("/catalog/concepts.jsonld", Cost::Cheap),
    RouteCost::new("/catalog/concepts.nt", Cost::Cheap),
    RouteCost::new("/catalog/events", Cost::Cheap).offers(offers::HARVEST).page(),
    RouteCost::new("/catalog/events.ttl", Cost::Cheap),
    RouteCost::new("/catalog/events.rdf", Cost::Cheap),
    RouteCost::new("/catalog/events.jsonld", Cost::Cheap),
    RouteCost::new("/catalog/events.nt", Cost::Cheap),
    RouteCost::new("/catalog/models", Cost::Cheap).offers(offers::HARVEST).page(),
    RouteCost::new("/catalog/models.ttl", Cost::Cheap),
    RouteCost::new("/catalog/models.rdf", Cost::Cheap),
    RouteCost::new("/catalog/models.jsonld", Cost::Cheap),
    RouteCost::new("/catalog/models.nt", Cost::Cheap),
];
