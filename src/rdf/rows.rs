//! Plain reads of entity rows for the derived graph parts (labels, Data Cube, VoID): every
//! non-null cell as text, keyed by column name.

use super::RdfError;
use crate::db::DbError;
use crate::model::Entity;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;

pub type Row = HashMap<String, String>;

pub fn cell_text(v: &Value) -> Option<String> {
    match v {
        Value::Null | Value::Blob(_) => None,
        Value::Text(s) if s.is_empty() => None,
        Value::Text(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(format!("{f}")),
    }
}

/// Every row of `e`'s table, by the spec's columns, in id order.
pub fn read(conn: &Connection, e: &Entity) -> Result<Vec<Row>, RdfError> {
    Ok(read_rows(conn, e).map_err(DbError::from)?)
}

fn read_rows(conn: &Connection, e: &Entity) -> Result<Vec<Row>, rusqlite::Error> {
    let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {} ORDER BY 1", cols.join(", "), e.table))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut r = Row::new();
        for (i, c) in cols.iter().enumerate() {
            if let Some(t) = cell_text(&row.get::<_, Value>(i)?) {
                r.insert(c.clone(), t);
            }
        }
        out.push(r);
    }
    Ok(out)
}

/// A lower-case ASCII slug for minting code IRIs from printed text.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        let c = match c {
            'æ' => "ae".to_string(),
            'ø' => "o".to_string(),
            'å' => "a".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if c == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(&c);
    }
    out.trim_end_matches('-').to_string()
}
