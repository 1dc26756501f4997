//! Every read of the store of record: filtered, searched, sorted keyset pages; totals; facets;
//! single records; provenance and links; the full scans the RDF graph is derived from; code lists.
//! Column names come only from the entity specs; every request value is a bound parameter.
//! (Writes are `db::import`; the schema is `db::schema`.)

use super::collation::Collation;
use super::DbError;
use crate::model::{Entity, Field, Kind, Provenance as Cited};
use crate::selection::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use std::collections::HashMap;

pub use crate::selection::{After, Filter, LinkedRecord, Provenance, Record, Selection, Sort, SortKey};

/// The SQL a sort column orders by. Text (names, short tags) in the sort's collation, the same
/// one the keyset comparison uses; a language map by its text in the collation's language,
/// falling back to the other language as pages do. Numbers, dates, codes and ids as they are.
fn sort_sql(e: &Entity, column: &str, collation: Collation) -> String {
    let collate = collation.sql_name();
    match e.fields.iter().find(|f| f.sort_column() == column) {
        Some(f) if f.kind == Kind::Lang => {
            let (first, second) = match collation {
                Collation::Nb => ("nb", "en"),
                Collation::En => ("en", "nb"),
            };
            format!("COALESCE(NULLIF(t.{name}_{first}, ''), t.{name}_{second}) COLLATE {collate}", name = f.name)
        }
        Some(f) if f.kind == Kind::Tag => format!("t.{column} COLLATE {collate}"),
        _ => format!("t.{column}"),
    }
}

fn record_from_row(row: &rusqlite::Row<'_>, ncols: usize) -> rusqlite::Result<Record> {
    let values = (0..ncols).map(|i| row.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()?;
    let id = match values.first() {
        Some(Value::Text(s)) => s.clone(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    };
    Ok(Record { id, values, sort_value: Value::Null })
}

pub struct Page {
    pub records: Vec<Record>,
    pub has_more: bool,
}

impl Selection {
    /// The `FROM` (the table as `t`, joined with the search hits as `h`) and the filter condition
    /// of this selection, binding its values into `params` (numbered `?n`).
    pub fn sql_from_where(&self, params: &mut Vec<Value>) -> (String, String) {
        let e = self.entity;
        let mut from = format!("{} t", e.table);
        if let Some(expr) = &self.search {
            params.push(Value::Text(expr.clone()));
            params.push(Value::Text(e.collection.to_string()));
            from.push_str(&format!(
                " JOIN (SELECT record_id, bm25(search) AS rank FROM search WHERE search MATCH ?{} AND entity = ?{}) h ON h.record_id = t.id",
                params.len() - 1,
                params.len()
            ));
        }
        let mut clauses = Vec::new();
        for f in &self.filters {
            clauses.push(f.op.sql(&format!("t.{}", f.column), &f.values, params));
        }
        (from, clauses.join(" AND "))
    }

    /// ` WHERE a AND b` of the non-empty `clauses` (empty when there are none).
    pub fn where_sql(clauses: &[String]) -> String {
        let parts: Vec<&String> = clauses.iter().filter(|c| !c.is_empty()).collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", parts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" AND "))
        }
    }

    pub fn count(&self, conn: &Connection) -> Result<u64, DbError> {
        let mut params = Vec::new();
        let (from, clause) = self.sql_from_where(&mut params);
        let sql = format!("SELECT COUNT(*) FROM {from}{}", Self::where_sql(&[clause]));
        let n: i64 = conn.query_row(&sql, params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Value counts of `column` over the selection, nulls included, most frequent first.
    pub fn facet(&self, conn: &Connection, column: &str) -> Result<Vec<(Value, u64)>, DbError> {
        let mut params = Vec::new();
        let (from, clause) = self.sql_from_where(&mut params);
        let sql = format!(
            "SELECT t.{column}, COUNT(*) AS n FROM {from}{} GROUP BY t.{column} ORDER BY n DESC, t.{column}",
            Self::where_sql(&[clause])
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| Ok((r.get::<_, Value>(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One keyset page: rows after `after` in `sort` order (ties broken by id), `limit` rows.
    pub fn page(&self, conn: &Connection, sort: &Sort, after: Option<&After>, limit: usize) -> Result<Page, DbError> {
        let e = self.entity;
        let mut params = Vec::new();
        let (from, clause) = self.sql_from_where(&mut params);
        let sort_expr = match &sort.key {
            SortKey::Column(c) => sort_sql(e, c, sort.collation),
            SortKey::Relevance => "h.rank".to_string(),
        };
        let mut clauses = vec![clause];
        if let Some(a) = after {
            params.push(Value::Text(a.id.clone()));
            let id_p = params.len();
            // NULL sorts lowest (SQLite order), so it comes first ascending and last descending.
            let cond = match (&a.value, sort.descending) {
                (Value::Null, false) => format!("(({sort_expr} IS NULL AND t.id > ?{id_p}) OR {sort_expr} IS NOT NULL)"),
                (Value::Null, true) => format!("({sort_expr} IS NULL AND t.id < ?{id_p})"),
                (v, false) => {
                    params.push(v.clone());
                    let p = params.len();
                    format!("({sort_expr} > ?{p} OR ({sort_expr} = ?{p} AND t.id > ?{id_p}))")
                }
                (v, true) => {
                    params.push(v.clone());
                    let p = params.len();
                    format!("({sort_expr} < ?{p} OR ({sort_expr} = ?{p} AND t.id < ?{id_p}) OR {sort_expr} IS NULL)")
                }
            };
            clauses.push(cond);
        }
        let dir = if sort.descending { "DESC" } else { "ASC" };
        let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).map(|c| format!("t.{c}")).collect();
        params.push(Value::Integer(limit as i64 + 1));
        // Ties are broken by id; when the sort key is the id itself one term is enough (and lets
        // SQLite walk an index instead of sorting).
        let order = if sort_expr == "t.id" { format!("t.id {dir}") } else { format!("{sort_expr} {dir}, t.id {dir}") };
        let sql = format!(
            "SELECT {}, {sort_expr} FROM {from}{} ORDER BY {order} LIMIT ?{}",
            cols.join(", "),
            Self::where_sql(&clauses),
            params.len()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let ncols = cols.len();
        let mut records = Vec::with_capacity(limit + 1);
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        while let Some(row) = rows.next()? {
            let mut record = record_from_row(row, ncols)?;
            record.sort_value = row.get::<_, Value>(ncols)?;
            records.push(record);
        }
        let has_more = records.len() > limit;
        records.truncate(limit);
        Ok(Page { records, has_more })
    }
}

/// One record by id.
pub fn get(conn: &Connection, e: &Entity, id: &str) -> Result<Option<Record>, DbError> {
    let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", cols.join(", "), e.table);
    Ok(conn.query_row(&sql, [id], |row| record_from_row(row, cols.len())).optional()?)
}

/// Every record of `e`, one at a time (for deriving the RDF graph).
pub fn scan<E: From<DbError>>(conn: &Connection, e: &Entity, mut each: impl FnMut(Record) -> Result<(), E>) -> Result<(), E> {
    let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {}", cols.join(", "), e.table)).map_err(DbError::from)?;
    let mut rows = stmt.query([]).map_err(DbError::from)?;
    while let Some(row) = rows.next().map_err(DbError::from)? {
        each(record_from_row(row, cols.len()).map_err(DbError::from)?)?;
    }
    Ok(())
}

/// One provenance join row: record (`entity` collection, id) cites `target` (a source, with its
/// URL, or a quality note).
pub struct Citation {
    pub entity: String,
    pub record_id: String,
    pub target: String,
    pub url: Option<String>,
}

/// Every provenance join row of one kind.
pub fn scan_citations<E: From<DbError>>(conn: &Connection, by: Cited, mut each: impl FnMut(Citation) -> Result<(), E>) -> Result<(), E> {
    let sql = match by {
        Cited::Sources => {
            "SELECT rs.entity, rs.record_id, rs.source_id, s.url FROM record_sources rs JOIN sources s ON s.id = rs.source_id"
        }
        Cited::QualityNotes => "SELECT entity, record_id, note_id, NULL FROM record_quality",
    };
    let mut stmt = conn.prepare(sql).map_err(DbError::from)?;
    let mut rows = stmt.query([]).map_err(DbError::from)?;
    while let Some(row) = rows.next().map_err(DbError::from)? {
        let citation = (|| -> rusqlite::Result<Citation> {
            Ok(Citation { entity: row.get(0)?, record_id: row.get(1)?, target: row.get(2)?, url: row.get(3)? })
        })()
        .map_err(DbError::from)?;
        each(citation)?;
    }
    Ok(())
}

/// (collection, note id) pairs: which entities each quality note concerns.
pub fn notes_by_entity(conn: &Connection) -> Result<Vec<(String, String)>, DbError> {
    let mut stmt = conn.prepare("SELECT DISTINCT entity, note_id FROM record_quality")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Code lists: (scheme, code) in scheme order, then by `seq`.
pub fn code_lists(conn: &Connection, codes: &Entity) -> Result<Vec<(String, String)>, DbError> {
    let mut stmt = conn.prepare(&format!("SELECT scheme, code FROM {} ORDER BY scheme, seq, code", codes.table))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of records of `e` whose boolean `field` is true.
pub fn count_true(conn: &Connection, e: &Entity, field: &Field) -> Result<u64, DbError> {
    let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {} WHERE {} = 1", e.table, field.name), [], |r| r.get(0))?;
    Ok(n as u64)
}

/// Source documents and quality notes of `ids`.
pub fn provenance(conn: &Connection, e: &Entity, ids: &[String]) -> Result<HashMap<String, Provenance>, DbError> {
    let mut out: HashMap<String, Provenance> = HashMap::new();
    if !(e.has_sources || e.has_quality_notes) || ids.is_empty() {
        return Ok(out);
    }
    for chunk in ids.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("?{}", i + 2)).collect();
        let mut params: Vec<Value> = vec![Value::Text(e.collection.to_string())];
        params.extend(chunk.iter().map(|s| Value::Text(s.clone())));
        let sql = format!(
            "SELECT rs.record_id, s.id, s.url FROM record_sources rs JOIN sources s ON s.id = rs.source_id \
             WHERE rs.entity = ?1 AND rs.record_id IN ({}) ORDER BY rs.record_id, s.id",
            ph.join(", ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (rid, sid, url) = row?;
            out.entry(rid).or_default().sources.push((sid, url));
        }
        let sql = format!(
            "SELECT record_id, note_id FROM record_quality WHERE entity = ?1 AND record_id IN ({}) ORDER BY record_id, note_id",
            ph.join(", ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (rid, nid) = row?;
            out.entry(rid).or_default().notes.push(nid);
        }
    }
    Ok(out)
}

pub fn label_of(conn: &Connection, e: &Entity, id: &str) -> Result<Option<LinkedRecord>, DbError> {
    let cols = e.label_columns();
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", cols.join(", "), e.table);
    let n = cols.len();
    let label = conn.query_row(&sql, [id], |row| (0..n).map(|i| row.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()).optional()?;
    Ok(label.map(|label| LinkedRecord { id: id.to_string(), label }))
}

/// Records of `e` whose `via` column equals `id`.
pub fn linked(conn: &Connection, e: &Entity, via: &str, id: &str) -> Result<Vec<LinkedRecord>, DbError> {
    let cols = e.label_columns();
    let sort = e.field(e.default_sort).map(|f| f.sort_column()).unwrap_or_else(|| "id".into());
    let sql = format!("SELECT id, {} FROM {} WHERE {via} = ?1 ORDER BY {sort}, id LIMIT 1000", cols.join(", "), e.table);
    let n = cols.len();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id], |row| {
        Ok(LinkedRecord { id: row.get(0)?, label: (1..=n).map(|i| row.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>()? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records of any entity that cite `id` (a source or a quality note), at most 1000.
pub fn citing_records(conn: &Connection, by: Cited, id: &str) -> Result<Vec<(String, String)>, DbError> {
    let sql = match by {
        Cited::Sources => "SELECT entity, record_id FROM record_sources WHERE source_id = ?1 ORDER BY entity, record_id LIMIT 1000",
        Cited::QualityNotes => "SELECT entity, record_id FROM record_quality WHERE note_id = ?1 ORDER BY entity, record_id LIMIT 1000",
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
