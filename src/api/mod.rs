//! JSON API under `/api/v1`: one generic module serves every collection.

pub mod collections;
pub mod params;
pub mod representation;
pub mod root;
