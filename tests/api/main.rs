//! Integration tests over real HTTP against the real server (see helpers.rs).

mod helpers;
mod collections;
mod import;
mod query;
mod sparql;
mod linked_data;
mod catalog;
