//! Cross-cutting HTTP concerns, each in one place: content negotiation, caching headers,
//! keyset cursors, CSV streaming.

pub mod caching;
pub mod conneg;
pub mod csv_stream;
pub mod cursor;
pub mod guard;
