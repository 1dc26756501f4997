//! tiltak: open data on Norwegian public-sector digitalisation. See ARCHITECTURE.md for the
//! layering (each module imports only modules of the layers below it):
//!
//! 1. `model`, `uris`, `formats`, `config` — pure data and rules
//!    `selection` — the query language (a query string parsed once into a typed selection:
//!    filters by the operator table, search, sort, fields, facets, limit, signed cursors) and
//!    the record shape (JSON object, CSV row); no HTTP, no SQL
//! 2. `db`, `rdf`, `synth` — SQLite store of record; the derived RDF graph (no HTTP)
//! 3. `sparql`, `state` — the query engine (no HTTP); the served snapshot
//! 4. `error`, `http` — problem+json; shared HTTP machinery (never imports `state`)
//! 5. `routes`, `openapi` — one module per resource; the OpenAPI document
//! 6. `startup`, `cli` — the application; the command line (`main.rs` on top)

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
