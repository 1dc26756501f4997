//! Streamed exports over the listing pipeline (`db::listing`): rows are read chunk by chunk on a
//! thread and each chunk is sent as soon as it is rendered, so a large export is never buffered
//! whole. CSV (RFC 4180, UTF-8, header row) and JSON Lines (one API record object per line) are
//! its renderers.

use crate::db::listing::{self, Chunk};
use crate::db::query::{After, Selection, Sort};
use crate::db::Database;
use crate::error::ApiError;
use crate::selection::record::{csv_header, csv_row, record_json};
use actix_web::web::Bytes;
use std::sync::Arc;

/// What a streamed export reads: the selection in its order, from a position, at most `limit`.
pub struct Export {
    pub db: Arc<Database>,
    pub base: String,
    pub selection: Selection,
    pub sort: Sort,
    pub start: Option<After>,
    pub limit: Option<usize>,
    pub fields: Option<Vec<String>>,
}

/// The export as a byte stream: `head` first, then each chunk as `render` writes it.
fn stream_with(
    export: Export,
    head: Option<Bytes>,
    render: impl Fn(&Export, &Chunk) -> Result<Bytes, ApiError> + Send + 'static,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    super::thread_stream(move |send| {
        if let Some(head) = head {
            if !send(head) {
                return Ok(());
            }
        }
        let conn = export.db.pool.get().map_err(crate::db::DbError::from)?;
        for chunk in listing::pages(&conn, &export.selection, &export.sort, export.start.clone(), export.limit) {
            let chunk = chunk?;
            if !chunk.records.is_empty() && !send(render(&export, &chunk)?) {
                return Ok(()); // client went away
            }
        }
        Ok(())
    })
}

fn encode_rows(rows: &[Vec<String>]) -> Result<Bytes, ApiError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(std::io::Error::from)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(Bytes::from(bytes))
}

/// The whole selection as CSV, header first.
pub fn csv(export: Export) -> Result<impl futures_util::Stream<Item = Result<Bytes, std::io::Error>>, ApiError> {
    let head = encode_rows(&[csv_header(export.selection.entity, export.fields.as_deref())])?;
    Ok(stream_with(export, Some(head), |x, chunk| {
        let e = x.selection.entity;
        let rows: Vec<Vec<String>> =
            chunk.records.iter().map(|r| csv_row(&x.base, e, r, chunk.provenance_of(r), x.fields.as_deref())).collect();
        encode_rows(&rows)
    }))
}

/// The whole selection as JSON Lines: each record as the API's JSON writes it, one per line.
pub fn ndjson(export: Export) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    stream_with(export, None, |x, chunk| {
        let e = x.selection.entity;
        let mut out = Vec::new();
        for r in &chunk.records {
            serde_json::to_writer(&mut out, &record_json(&x.base, e, r, chunk.provenance_of(r), x.fields.as_deref()))
                .map_err(|err| ApiError::Internal(err.to_string()))?;
            out.push(b'\n');
        }
        Ok(Bytes::from(out))
    })
}
