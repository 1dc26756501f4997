//! Integration tests over real HTTP against the real server (see helpers.rs).

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod collections;
mod goals;
mod helpers;
mod import;
mod linked_data;
mod metadata;
mod pages;
mod query;
mod resources;
mod sparql;
