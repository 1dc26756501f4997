//! SQLite: the store of record. Schema (versioned migrations), connection pools, metadata.

pub mod atomic;
pub mod collation;
pub mod import;
pub mod item;
pub mod listing;
pub mod query;
pub mod schema;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("{0}")]
    Other(String),
}

/// A database and the pool that reads it. For an in-memory database the `keeper` connection
/// holds the shared-cache memory database open for the lifetime of the handle.
pub struct Database {
    pub pool: Pool,
    _keeper: Option<std::sync::Mutex<Connection>>,
}

/// The query language's cell values are SQLite's values (bound as parameters, read from rows).
impl rusqlite::types::ToSql for crate::selection::Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use crate::selection::Value;
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl rusqlite::types::FromSql for crate::selection::Value {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        use crate::selection::Value;
        Ok(match rusqlite::types::Value::column_result(value)? {
            rusqlite::types::Value::Null => Value::Null,
            rusqlite::types::Value::Integer(i) => Value::Integer(i),
            rusqlite::types::Value::Real(f) => Value::Real(f),
            rusqlite::types::Value::Text(s) => Value::Text(s),
            rusqlite::types::Value::Blob(b) => Value::Blob(b),
        })
    }
}

static MEMORY_DB_COUNTER: AtomicU64 = AtomicU64::new(0);

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    collation::register(conn)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Open (creating and migrating) a writable connection to a database file.
pub fn open_writable(path: &Path) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    schema::migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// A fresh, migrated, shared-cache in-memory database: the writer connection and its URI.
pub fn open_memory() -> Result<(Connection, String), DbError> {
    let n = MEMORY_DB_COUNTER.fetch_add(1, Ordering::SeqCst);
    let uri = format!("file:tiltak-mem-{}-{n}?mode=memory&cache=shared", std::process::id());
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(&uri, flags)?;
    configure(&conn)?;
    schema::migrations().to_latest(&mut conn)?;
    Ok((conn, uri))
}

impl Database {
    /// Read pool over the in-memory database held open by `keeper`.
    pub fn memory(keeper: Connection, uri: &str, size: u32) -> Result<Self, DbError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let manager = SqliteConnectionManager::file(uri).with_flags(flags).with_init(|c| {
            collation::register(c)?;
            // Readers of a shared-cache database must not wait on table locks held by nobody.
            c.pragma_update(None, "read_uncommitted", "ON")
        });
        let pool = r2d2::Pool::builder().max_size(size).build(manager)?;
        Ok(Database { pool, _keeper: Some(std::sync::Mutex::new(keeper)) })
    }

    /// Read pool over a database file (already migrated).
    pub fn file(path: &Path, size: u32) -> Result<Self, DbError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let manager = SqliteConnectionManager::file(path).with_flags(flags).with_init(|c| {
            collation::register(c)?;
            c.busy_timeout(std::time::Duration::from_secs(5))
        });
        let pool = r2d2::Pool::builder().max_size(size).build(manager)?;
        Ok(Database { pool, _keeper: None })
    }
}

/// Values kept in the `meta` table.
pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>, DbError> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<(), DbError> {
    conn.execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}
