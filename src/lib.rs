//! tiltak: open data on Norwegian public-sector digitalisation. See ARCHITECTURE.md for the
//! layering: each module imports only modules of the rows below its own (`tests/layering.rs`
//! holds the same rows and checks every import). Every module, bottom first:
//!
//! - `model` — the entity specs: fields, kinds, RDF mapping, URI rule, labels, fixtures
//! - `formats` — the registry of every representation served (media types, serialisers, offers)
//! - `config` — server configuration and limits
//! - `uris` — every URI tiltak mints
//! - `selection` — the query language (a query string parsed once into a typed selection: filters
//!   by the operator table, search, sort and its text order, fields, facets, limit, signed cursors)
//!   and the record shape (JSON object, CSV row); no HTTP, no SQL
//! - `db` — SQLite, the store of record: schema, import, all reads, the one listing pipeline
//! - `synth` — the seeded synthetic 2018 measures (`tiltak synth`)
//! - `rdf` — the graph derived from SQLite: records, vocabulary, catalogue, labels, Data Cube, VoID
//! - `sparql` — the SPARQL engine without HTTP, and its pool of worker processes
//! - `state` — the served snapshot (SQLite pool + Oxigraph store + caches) and its reload
//! - `error` — `ApiError` and its one rendering as RFC 9457 problem+json
//! - `http` — shared HTTP machinery (conneg, caching, CSV streaming, front door and connection
//!   guard, metrics); never imports `state`
//! - `views` — pages for people: templates, nb/en UI strings, charts, assets
//! - `openapi` — the OpenAPI document, from the specs and registries
//! - `routes` — one module per resource; none imports another
//! - `startup` — builds and runs the actix application (used by `main` and the tests)
//! - `cli` — the command line (`main.rs` on top)

pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod formats;
pub mod http;
pub mod model;
pub mod openapi;
pub mod rdf;
pub mod routes;
pub mod selection;
pub mod sparql;
pub mod startup;
pub mod state;
pub mod synth;
pub mod uris;
pub mod views;
