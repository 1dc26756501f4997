//! Integration tests over real HTTP against the real server (see helpers.rs).

mod catalog;
mod collections;
mod helpers;
mod import;
mod linked_data;
mod metadata;
mod query;
mod sparql;
