//! Integration tests over real HTTP against the real server (see helpers.rs).

#[path = "../common/mod.rs"]
mod common;

mod audit;
mod catalog;
mod collections;
mod costs;
mod edges;
mod faults;
mod goals;
mod hardening;
mod harvest;
mod helpers;
mod import;
mod linked_data;
mod metadata;
mod operations;
mod order;
mod pages;
mod query;
mod resources;
mod sparql;
mod sparql_abuse;
mod sparql_hostile;
mod tabular;
