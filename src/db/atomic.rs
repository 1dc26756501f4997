//! `tiltak import` into a database file that may be in use: build the new database beside it and
//! swap it in with one `rename`, so a crash or `kill -9` at any moment leaves either the old file
//! or the new one, never a half-written one, and a running server keeps reading its open file
//! until it reloads. One import at a time per database file.

use super::import::{self, FileInput, ImportError, ImportSummary};
use super::{schema, DbError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The work file beside `target` (same directory, so the rename is atomic).
pub fn work_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "tiltak.db".into());
    name.push(".importing");
    target.with_file_name(name)
}

fn io(what: &str, path: &Path, e: std::io::Error) -> ImportError {
    ImportError::Db(DbError::Other(format!("{what} {}: {e}", path.display())))
}

fn remove_if_present(path: &Path) -> Result<(), ImportError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("cannot remove", path, e)),
        _ => Ok(()),
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Validate and import `inputs` into a copy of `target` (or a new database), then rename the copy
/// over `target`. On any error `target` is untouched.
pub fn import_replacing(target: &Path, inputs: &[FileInput]) -> Result<ImportSummary, ImportError> {
    let work = work_path(target);
    // A work file left by a killed import is garbage: start again.
    for stale in [work.clone(), sidecar(&work, "-journal"), sidecar(&work, "-wal"), sidecar(&work, "-shm")] {
        remove_if_present(&stale)?;
    }
    if target.exists() {
        // A consistent copy of the current data (tables without a file in `inputs` keep their rows).
        let source = Connection::open_with_flags(target, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        source.busy_timeout(std::time::Duration::from_secs(30))?;
        let work_str = work.to_str().ok_or_else(|| io("not a UTF-8 path", &work, std::io::Error::other("path")))?;
        source.execute("VACUUM INTO ?1", [work_str])?;
    }
    let summary = {
        let mut conn = Connection::open(&work)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Rollback journal, not WAL: the finished file is self-contained (no -wal to carry along).
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        schema::migrations().to_latest(&mut conn).map_err(DbError::from)?;
        let result = import::import(&mut conn, inputs);
        if result.is_err() {
            drop(conn);
            let _ = std::fs::remove_file(&work);
            return result;
        }
        result?
    };
    std::fs::File::open(&work).and_then(|f| f.sync_all()).map_err(|e| io("cannot sync", &work, e))?;
    // The old file's WAL sidecars belong to the old file; new readers must not apply them to the new one.
    for old in [sidecar(target, "-wal"), sidecar(target, "-shm")] {
        remove_if_present(&old)?;
    }
    std::fs::rename(&work, target).map_err(|e| io("cannot replace", target, e))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Make the rename itself durable.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(summary)
}
