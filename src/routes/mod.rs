//! One module per resource; each mounts its own routes (`configure`). No route module imports
//! another: what two need lives below, in `http`, `rdf`, `db` or `sparql`.

pub mod admin;
pub mod catalog;
pub mod collections;
pub mod downloads;
pub mod harvest;
pub mod linked_data;
pub mod pages;
pub mod root;
pub mod sparql;
pub mod void;
