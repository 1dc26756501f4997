//! tiltak: open data on Norwegian public-sector digitalisation. See ARCHITECTURE.md.

pub mod api;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod downloads;
pub mod error;
pub mod http;
pub mod linked_data;
pub mod model;
pub mod openapi;
pub mod rdf;
pub mod sparql;
pub mod startup;
pub mod state;
pub mod synth;
pub mod uris;
pub mod well_known;
