//! The one listing pipeline: a selection read as keyset pages, each with its records'
//! provenance, and the paged view (total, one page, the signed cursor of the next) computed
//! once. The API's JSON, CSV and JSON Lines, the collection page, the full downloads and the
//! pages' record reads are renderers over it.

use super::query::{self, Provenance, Record};
use super::DbError;
use crate::selection::cursor::{self, CursorKey};
use crate::selection::{After, ListParams, Selection, SelectionError, Sort};
use rusqlite::Connection;
use std::collections::HashMap;

/// Rows read per step when a whole selection is walked.
pub const CHUNK: usize = 1000;

/// One step of a listing: records in order, their provenance, and where the next starts.
pub struct Chunk {
    pub records: Vec<Record>,
    pub provenance: HashMap<String, Provenance>,
    /// The position after the last record when more follow.
    pub next: Option<After>,
}

impl Chunk {
    pub fn provenance_of(&self, r: &Record) -> Option<&Provenance> {
        self.provenance.get(&r.id)
    }
}

/// Read one chunk: `limit` records of `selection` in `sort` order after `after`, with provenance.
pub fn chunk(conn: &Connection, selection: &Selection, sort: &Sort, after: Option<&After>, limit: usize) -> Result<Chunk, DbError> {
    let page = selection.page(conn, sort, after, limit)?;
    let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
    let provenance = query::provenance(conn, selection.entity, &ids)?;
    let next = match page.records.last() {
        Some(last) if page.has_more => Some(After::record(last)),
        _ => None,
    };
    Ok(Chunk { records: page.records, provenance, next })
}

/// A whole selection (or its first `limit` records), chunk by chunk: an iterator of keyset pages.
pub struct Pages<'a> {
    conn: &'a Connection,
    selection: &'a Selection,
    sort: &'a Sort,
    after: Option<After>,
    remaining: usize,
    chunk: usize,
    done: bool,
}

/// Every record of `selection` after `start` in `sort` order, at most `limit` (`None`: all).
pub fn pages<'a>(conn: &'a Connection, selection: &'a Selection, sort: &'a Sort, start: Option<After>, limit: Option<usize>) -> Pages<'a> {
    Pages { conn, selection, sort, after: start, remaining: limit.unwrap_or(usize::MAX), chunk: CHUNK, done: false }
}

impl Pages<'_> {
    /// Read `n` records per step instead of [`CHUNK`].
    pub fn chunked(mut self, n: usize) -> Self {
        self.chunk = n.max(1);
        self
    }
}

impl Iterator for Pages<'_> {
    type Item = Result<Chunk, DbError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.remaining == 0 {
            return None;
        }
        let step = match chunk(self.conn, self.selection, self.sort, self.after.as_ref(), self.remaining.min(self.chunk)) {
            Ok(step) => step,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.remaining -= step.records.len();
        self.after = step.next.clone();
        self.done = self.after.is_none();
        Some(Ok(step))
    }
}

/// One page of a paged listing: the total, the page with provenance, and the signed cursor of
/// the next page.
pub struct PageView {
    pub total: u64,
    pub chunk: Chunk,
    /// The signed cursor of the next page.
    pub next_cursor: Option<String>,
}

/// The page `p` asks for, starting `after` (its cursor, decoded by [`decode_cursor`] before any
/// other work): the total (through `total`, the snapshot's shared count cache), the records with
/// provenance and the signed cursor of the next page.
pub fn page_view(
    conn: &Connection,
    p: &ListParams,
    after: Option<&After>,
    key: &CursorKey,
    version: &str,
    total: impl FnOnce(&Selection) -> Result<u64, DbError>,
) -> Result<PageView, DbError> {
    let total = total(&p.selection)?;
    let chunk = chunk(conn, &p.selection, &p.sort, after, p.limit)?;
    let next_cursor = chunk.next.as_ref().map(|next| cursor::encode(key, &p.fingerprint(version), next));
    Ok(PageView { total, chunk, next_cursor })
}

/// The position `p`'s cursor names (checked against the query and data version).
pub fn decode_cursor(p: &ListParams, key: &CursorKey, version: &str) -> Result<Option<After>, SelectionError> {
    p.cursor.as_deref().map(|c| cursor::decode(key, &p.fingerprint(version), c)).transpose()
}
