//! Streamed CSV export (RFC 4180, UTF-8, header row): rows are read page by page on a blocking
//! thread and sent as chunks, so a large export is never buffered whole.

use crate::api::representation::{csv_header, csv_row};
use crate::db::query::{provenance, After, Selection, Sort};
use crate::state::Snapshot;
use actix_web::web::Bytes;
use std::sync::Arc;

const CHUNK_ROWS: usize = 1000;

fn encode_rows(rows: &[Vec<String>]) -> Result<Bytes, csv::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(Bytes::from(bytes))
}

/// A byte stream of the whole selection in `sort` order (at most `limit` rows when given).
pub fn stream(
    snapshot: Arc<Snapshot>,
    base: String,
    selection: Selection,
    sort: Sort,
    start: Option<After>,
    limit: Option<usize>,
    fields: Option<Vec<String>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    std::thread::spawn(move || {
        let e = selection.entity;
        let fail = |msg: String| std::io::Error::other(msg);
        let send = |item: Result<Bytes, std::io::Error>| tx.blocking_send(item).is_ok();
        let header = csv_header(e, fields.as_deref());
        match encode_rows(&[header]) {
            Ok(b) => {
                if !send(Ok(b)) {
                    return;
                }
            }
            Err(err) => {
                send(Err(fail(err.to_string())));
                return;
            }
        }
        let conn = match snapshot.conn() {
            Ok(c) => c,
            Err(err) => {
                send(Err(fail(err.to_string())));
                return;
            }
        };
        let mut after = start;
        let mut remaining = limit.unwrap_or(usize::MAX);
        while remaining > 0 {
            let n = remaining.min(CHUNK_ROWS);
            let page = match selection.page(&conn, &sort, after.as_ref(), n) {
                Ok(p) => p,
                Err(err) => {
                    send(Err(fail(err.to_string())));
                    return;
                }
            };
            let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
            let prov = match provenance(&conn, e, &ids) {
                Ok(p) => p,
                Err(err) => {
                    send(Err(fail(err.to_string())));
                    return;
                }
            };
            let rows: Vec<Vec<String>> = page.records.iter().map(|r| csv_row(&base, e, r, prov.get(&r.id), fields.as_deref())).collect();
            match encode_rows(&rows) {
                Ok(b) => {
                    if !rows.is_empty() && !send(Ok(b)) {
                        return; // client went away
                    }
                }
                Err(err) => {
                    send(Err(fail(err.to_string())));
                    return;
                }
            }
            remaining -= page.records.len();
            match page.records.last() {
                Some(last) if page.has_more => after = Some(After { value: last.sort_value.clone(), id: last.id.clone() }),
                _ => break,
            }
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}
