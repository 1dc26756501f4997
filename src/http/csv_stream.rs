//! Streamed CSV export (RFC 4180, UTF-8, header row): rows are read page by page on a blocking
//! thread and sent as chunks, so a large export is never buffered whole.

use crate::db::query::{provenance, After, Selection, Sort};
use crate::db::Database;
use crate::error::ApiError;
use crate::selection::record::{csv_header, csv_row};
use actix_web::web::Bytes;
use std::sync::Arc;

const CHUNK_ROWS: usize = 1000;

fn encode_rows(rows: &[Vec<String>]) -> Result<Bytes, ApiError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(std::io::Error::from)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(Bytes::from(bytes))
}

/// A byte stream of the whole selection in `sort` order (at most `limit` rows when given).
pub fn stream(
    db: Arc<Database>,
    base: String,
    selection: Selection,
    sort: Sort,
    start: Option<After>,
    limit: Option<usize>,
    fields: Option<Vec<String>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    super::thread_stream(move |send| {
        let e = selection.entity;
        if !send(encode_rows(&[csv_header(e, fields.as_deref())])?) {
            return Ok(());
        }
        let conn = db.pool.get().map_err(crate::db::DbError::from)?;
        let mut after = start;
        let mut remaining = limit.unwrap_or(usize::MAX);
        while remaining > 0 {
            let page = selection.page(&conn, &sort, after.as_ref(), remaining.min(CHUNK_ROWS))?;
            let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
            let prov = provenance(&conn, e, &ids)?;
            let rows: Vec<Vec<String>> = page.records.iter().map(|r| csv_row(&base, e, r, prov.get(&r.id), fields.as_deref())).collect();
            if !rows.is_empty() && !send(encode_rows(&rows)?) {
                return Ok(()); // client went away
            }
            remaining -= page.records.len();
            match page.records.last() {
                Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
                _ => break,
            }
        }
        Ok(())
    })
}
