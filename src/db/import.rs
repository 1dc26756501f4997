//! `tiltak import`: validate every row of every file, report *all* problems as
//! `file:line: column: problem`, and write nothing unless everything is valid (one transaction).
//! Files present replace their table; tables without a file keep their rows. Re-running is idempotent.

use super::{meta_get, meta_set, DbError};
use crate::model::{self, Entity, Kind, Provenance, UriRule, ENTITIES};
pub use crate::selection::parse_cell;
use crate::selection::Value;
use rusqlite::{params_from_iter, Connection};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One input file for one entity.
pub struct FileInput {
    pub entity: &'static Entity,
    /// Name used in messages (file name or path).
    pub name: String,
    pub content: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s) found; nothing was written", .0.len())]
    Invalid(Vec<String>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Db(DbError::Sqlite(e))
    }
}

#[derive(Debug, Clone)]
pub struct ImportSummary {
    pub counts: Vec<(&'static str, usize)>,
    pub version: String,
}

/// The shipped fixtures compiled into the binary.
pub fn embedded_inputs() -> Vec<FileInput> {
    ENTITIES.iter().map(|e| FileInput { entity: e, name: format!("fixtures/{}", e.file), content: e.embedded.to_string() }).collect()
}

/// Every entity file found in `dir` (files that are absent are skipped: their tables keep their rows).
/// Unreadable files are reported as problems.
pub fn dir_inputs(dir: &Path) -> Result<Vec<FileInput>, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::Invalid(vec![format!("{}: not a directory", dir.display())]));
    }
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for e in ENTITIES {
        let path = dir.join(e.file);
        if !path.exists() {
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(content) => inputs.push(FileInput { entity: e, name: path.display().to_string(), content }),
                Err(err) => problems.push(format!("{}: file is not valid UTF-8 ({err})", path.display())),
            },
            Err(err) => problems.push(format!("{}: cannot read ({err})", path.display())),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    if inputs.is_empty() {
        return Err(ImportError::Invalid(vec![format!(
            "{}: no entity files found (expected one or more of: {})",
            dir.display(),
            ENTITIES.iter().map(|e| e.file).collect::<Vec<_>>().join(", ")
        )]));
    }
    Ok(inputs)
}

struct ParsedRow {
    line: u64,
    id: String,
    values: Vec<Value>,
    /// (column, raw value, kind) of codes and references, checked once every id is known.
    pending: Vec<(String, String, Kind)>,
    sources: Vec<String>,
    notes: Vec<String>,
    search_body: String,
}

struct ParsedTable {
    entity: &'static Entity,
    name: String,
    hash: String,
    rows: Vec<ParsedRow>,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';').map(|p| p.trim()).filter(|p| !p.is_empty()).map(String::from).collect()
}

fn parse_table(input: &FileInput, problems: &mut Vec<String>) -> ParsedTable {
    let e = input.entity;
    let name = &input.name;
    let expected = e.csv_columns();
    let hash = hex::encode(Sha256::digest(input.content.as_bytes()));
    let mut table = ParsedTable { entity: e, name: name.clone(), hash, rows: Vec::new() };
    if input.content.trim().is_empty() {
        problems.push(format!("{name}:1: header: file is empty (expected columns: {})", expected.join(",")));
        return table;
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(input.content.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').to_string()).collect(),
        Err(err) => {
            problems.push(format!("{name}:1: header: {err}"));
            return table;
        }
    };
    if headers != expected {
        let missing: Vec<&String> = expected.iter().filter(|c| !headers.contains(c)).collect();
        let unknown: Vec<&String> = headers.iter().filter(|c| !expected.contains(c)).collect();
        problems.push(format!(
            "{name}:1: header: expected columns {} (missing: {:?}; unknown: {:?})",
            expected.join(","),
            missing,
            unknown
        ));
        return table;
    }
    let newlines: Vec<usize> = input.content.match_indices('\n').map(|(i, _)| i).collect();
    // Line of a byte offset, counted from the text itself (CRLF-safe).
    let line_at = |byte: u64| -> u64 { newlines.partition_point(|&nl| (nl as u64) < byte) as u64 + 1 };
    let mut seen: HashMap<String, u64> = HashMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(err) => {
                let line = err.position().map(|p| line_at(p.byte())).unwrap_or(0);
                let detail = match err.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("row has {len} fields, expected {expected_len} (truncated or malformed row)")
                    }
                    _ => err.to_string(),
                };
                problems.push(format!("{name}:{line}: row: {detail}"));
                continue;
            }
        };
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        let get = |col: &str| -> &str { expected.iter().position(|c| c == col).and_then(|i| record.get(i)).map(str::trim).unwrap_or("") };
        let mut row = ParsedRow {
            line,
            id: String::new(),
            values: Vec::new(),
            pending: Vec::new(),
            sources: Vec::new(),
            notes: Vec::new(),
            search_body: String::new(),
        };
        for f in e.fields {
            for col in f.columns() {
                let raw = get(&col);
                if raw.is_empty() {
                    if f.required {
                        problems.push(format!("{name}:{line}: {col}: required value is missing"));
                    }
                    row.values.push(Value::Null);
                    continue;
                }
                match parse_cell(f.kind, raw) {
                    Ok(v) => {
                        if matches!(f.kind, Kind::Code(_) | Kind::Ref(_)) {
                            row.pending.push((col.clone(), raw.to_string(), f.kind));
                        }
                        if f.kind.searchable() {
                            row.search_body.push_str(raw);
                            row.search_body.push('\n');
                        }
                        row.values.push(v);
                    }
                    Err(problem) => {
                        problems.push(format!("{name}:{line}: {col}: {problem}"));
                        row.values.push(Value::Null);
                    }
                }
            }
        }
        row.id = get("id").to_string();
        if e.uri == UriRule::CodeConcept {
            let expected_id = format!("{}:{}", get("scheme"), get("code"));
            if row.id != expected_id {
                problems.push(format!("{name}:{line}: id: must be '{expected_id}' (scheme:code)"));
            }
        }
        if !row.id.is_empty() {
            if let Some(first) = seen.insert(row.id.clone(), line) {
                problems.push(format!("{name}:{line}: id: duplicate id '{}' (first on line {first})", row.id));
            }
        }
        if e.has_sources {
            row.sources = split_list(get("sources"));
            if row.sources.is_empty() {
                problems.push(format!("{name}:{line}: sources: every record needs at least one source id"));
            }
        }
        if e.has_quality_notes {
            row.notes = split_list(get("quality_notes"));
        }
        table.rows.push(row);
    }
    table
}

fn ids_in_db(conn: &Connection, e: &Entity) -> Result<HashSet<String>, DbError> {
    let mut stmt = conn.prepare(&format!("SELECT id FROM {}", e.table))?;
    let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// Note ids that records of `e` already in the database refer to.
fn notes_in_db(conn: &Connection, e: &Entity) -> Result<HashSet<String>, DbError> {
    let mut stmt = conn.prepare("SELECT DISTINCT note_id FROM record_quality WHERE entity = ?1")?;
    let ids = stmt.query_map([e.collection], |r| r.get::<_, String>(0))?.collect::<Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// Rows per file that a valid `inputs` would import.
pub struct CheckSummary {
    pub counts: Vec<(&'static str, usize)>,
}

/// `tiltak import --check`: validate `inputs` exactly as [`import`] does (references to entities
/// without a file resolve against `conn`), without writing anything.
pub fn check(conn: &Connection, inputs: &[FileInput]) -> Result<CheckSummary, ImportError> {
    let tables = validate(conn, inputs)?;
    Ok(CheckSummary { counts: tables.iter().map(|t| (t.entity.collection, t.rows.len())).collect() })
}

/// Parse every file and check every row, code and reference; `Invalid` lists every problem.
fn validate(conn: &Connection, inputs: &[FileInput]) -> Result<Vec<ParsedTable>, ImportError> {
    let mut problems = Vec::new();
    let tables: Vec<ParsedTable> = inputs.iter().map(|i| parse_table(i, &mut problems)).collect();

    // Ids of every entity: from the new file where one is given, else from the database.
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for e in ENTITIES {
        let set = match tables.iter().find(|t| t.entity.collection == e.collection) {
            Some(t) => t.rows.iter().map(|r| r.id.clone()).collect(),
            None => ids_in_db(conn, e)?,
        };
        ids.insert(e.collection, set);
    }
    let mut codes: HashMap<String, HashSet<String>> = HashMap::new();
    for id in &ids[model::CODES.collection] {
        if let Some((scheme, code)) = id.split_once(':') {
            codes.entry(scheme.to_string()).or_default().insert(code.to_string());
        }
    }
    for t in &tables {
        for row in &t.rows {
            for (col, raw, kind) in &row.pending {
                match kind {
                    Kind::Code(scheme) if !codes.get(*scheme).is_some_and(|s| s.contains(raw)) => {
                        let mut allowed: Vec<&String> = codes.get(*scheme).map(|s| s.iter().collect()).unwrap_or_default();
                        allowed.sort();
                        problems.push(format!(
                            "{}:{}: {col}: '{raw}' is not a code of scheme '{scheme}' (allowed: {})",
                            t.name,
                            row.line,
                            allowed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                        ));
                    }
                    Kind::Ref(target) if !ids.get(target).is_some_and(|s| s.contains(raw)) => {
                        problems.push(format!("{}:{}: {col}: '{raw}' does not match any id in {target}", t.name, row.line));
                    }
                    _ => {}
                }
            }
            for s in &row.sources {
                if !ids[model::SOURCES.collection].contains(s) {
                    problems.push(format!("{}:{}: sources: '{s}' does not match any id in sources", t.name, row.line));
                }
            }
            for n in &row.notes {
                if !ids[model::DATA_QUALITY.collection].contains(n) {
                    problems.push(format!("{}:{}: quality_notes: '{n}' does not match any id in data-quality", t.name, row.line));
                }
            }
        }
    }
    for t in &tables {
        let columns = t.entity.exactly_one_of;
        if columns.is_empty() {
            continue;
        }
        let positions: Vec<usize> = columns.iter().filter_map(|c| t.entity.column_offset(c)).collect();
        for row in &t.rows {
            let given = positions.iter().filter(|&&i| !matches!(row.values.get(i), None | Some(Value::Null))).count();
            if given != 1 {
                problems.push(format!(
                    "{}:{}: {}: exactly one of these columns must be given ({given} are)",
                    t.name,
                    row.line,
                    columns.join("/")
                ));
            }
        }
    }
    // Every data-quality note concerns at least one record (checked when the notes file is imported).
    let quality = model::provenance_entity(Provenance::QualityNotes);
    if let Some(notes) = tables.iter().find(|t| t.entity.collection == quality.collection) {
        let mut concerned: HashSet<String> = tables.iter().flat_map(|t| t.rows.iter().flat_map(|r| r.notes.iter().cloned())).collect();
        for e in ENTITIES.iter().filter(|e| e.has_quality_notes && !tables.iter().any(|t| t.entity.collection == e.collection)) {
            concerned.extend(notes_in_db(conn, e)?);
        }
        for row in notes.rows.iter().filter(|r| !concerned.contains(&r.id)) {
            problems.push(format!(
                "{}:{}: id: data-quality note '{}' concerns no record (no quality_notes refers to it)",
                notes.name, row.line, row.id
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    Ok(tables)
}

/// Validate and import `inputs` in one transaction.
pub fn import(conn: &mut Connection, inputs: &[FileInput]) -> Result<ImportSummary, ImportError> {
    let tables = validate(conn, inputs)?;
    let tx = conn.transaction()?;
    for t in &tables {
        let e = t.entity;
        tx.execute("DELETE FROM record_sources WHERE entity = ?1", [e.collection])?;
        tx.execute("DELETE FROM record_quality WHERE entity = ?1", [e.collection])?;
        tx.execute("DELETE FROM search WHERE entity = ?1", [e.collection])?;
        tx.execute(&format!("DELETE FROM {}", e.table), [])?;
        let cols: Vec<String> = e.fields.iter().flat_map(|f| f.columns()).collect();
        let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let mut insert = tx.prepare(&format!("INSERT INTO {} ({}) VALUES ({})", e.table, cols.join(", "), placeholders.join(", ")))?;
        let mut insert_source = tx.prepare("INSERT OR IGNORE INTO record_sources(entity, record_id, source_id) VALUES (?1, ?2, ?3)")?;
        let mut insert_note = tx.prepare("INSERT OR IGNORE INTO record_quality(entity, record_id, note_id) VALUES (?1, ?2, ?3)")?;
        let mut insert_search = tx.prepare("INSERT INTO search(entity, record_id, body) VALUES (?1, ?2, ?3)")?;
        for row in &t.rows {
            insert.execute(params_from_iter(row.values.iter()))?;
            for s in &row.sources {
                insert_source.execute([e.collection, row.id.as_str(), s.as_str()])?;
            }
            for n in &row.notes {
                insert_note.execute([e.collection, row.id.as_str(), n.as_str()])?;
            }
            if !row.search_body.is_empty() {
                insert_search.execute([e.collection, row.id.as_str(), row.search_body.as_str()])?;
            }
        }
        meta_set(&tx, &format!("hash:{}", e.collection), &t.hash)?;
    }
    // Safety net: the database itself must agree that every reference resolves.
    let violations: Vec<(String, String)> = {
        let mut stmt = tx.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if !violations.is_empty() {
        let problems = violations
            .iter()
            .take(50)
            .map(|(table, parent)| format!("database: a row of table {table} refers to a missing row of {parent} (remove the referencing rows or import both files together)"))
            .collect();
        return Err(ImportError::Invalid(problems)); // dropping `tx` rolls back
    }
    let mut hasher = Sha256::new();
    for e in ENTITIES {
        let h = meta_get(&tx, &format!("hash:{}", e.collection))?.unwrap_or_default();
        hasher.update(e.collection.as_bytes());
        hasher.update(h.as_bytes());
    }
    let version = hex::encode(hasher.finalize())[..16].to_string();
    if meta_get(&tx, "data_version")?.as_deref() != Some(version.as_str()) {
        meta_set(&tx, "data_version", &version)?;
        meta_set(&tx, "modified", &chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string())?;
    }
    tx.commit()?;
    let counts = record_counts(conn)?;
    Ok(ImportSummary { counts, version })
}

pub fn record_counts(conn: &Connection) -> Result<Vec<(&'static str, usize)>, DbError> {
    let mut counts = Vec::new();
    for e in ENTITIES {
        let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {}", e.table), [], |r| r.get(0))?;
        counts.push((e.collection, n as usize));
    }
    Ok(counts)
}

/// Counts rendered for logs: `organizations=40 sources=52 …`.
pub fn format_counts(counts: &[(&str, usize)]) -> String {
    counts.iter().map(|(k, n)| format!("{k}={n}")).collect::<Vec<_>>().join(" ")
}
