//! The served snapshot (SQLite pool + Oxigraph store + derived caches) and the application state.
//! A snapshot is immutable; a reload builds a new one and swaps it in atomically.

use crate::config::Config;
use crate::db::import::{self, FileInput, ImportError};
use crate::db::{self, Database, DbError};
use arc_swap::ArcSwap;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("import failed:\n{}", .0.join("\n"))]
    Import(Vec<String>),
    #[error("rdf: {0}")]
    Rdf(String),
}

impl From<ImportError> for StartupError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Invalid(p) => StartupError::Import(p),
            ImportError::Db(d) => StartupError::Db(d),
        }
    }
}

pub struct Snapshot {
    pub db: Database,
    pub store: oxigraph::store::Store,
    pub version: String,
    pub modified: DateTime<Utc>,
    pub counts: Vec<(&'static str, usize)>,
    /// Code lists: scheme → codes in order.
    pub codes: HashMap<String, Vec<String>>,
    /// Totals and facet counts by selection (the data never changes within a snapshot).
    pub aggregates: quick_cache::sync::Cache<String, Arc<Vec<(rusqlite::types::Value, u64)>>>,
    /// Rendered answers (API pages and items, SPARQL results), bounded in bytes.
    pub answers: crate::http::caching::BodyCache,
    pub synthetic_rows: usize,
}

pub struct AppState {
    pub config: Config,
    pub snapshot: ArcSwap<Snapshot>,
    pub sparql_slots: Arc<tokio::sync::Semaphore>,
    pub on_snapshot: Option<SnapshotHook>,
}

/// Work on every fresh snapshot before it is served, supplied by the layer that wires the app
/// (startup): the catalogue's byte sizes need the rendering code of the routes.
pub type SnapshotHook = fn(&Snapshot, &Config) -> Result<(), String>;

impl AppState {
    pub fn new(config: Config) -> Result<Self, StartupError> {
        Self::with_hook(config, None)
    }

    pub fn with_hook(config: Config, on_snapshot: Option<SnapshotHook>) -> Result<Self, StartupError> {
        let snapshot = Snapshot::build(&config)?;
        if let Some(hook) = on_snapshot {
            hook(&snapshot, &config).map_err(StartupError::Rdf)?;
        }
        let slots = Arc::new(tokio::sync::Semaphore::new(config.sparql_max_concurrent.max(1)));
        Ok(AppState { config, snapshot: ArcSwap::from_pointee(snapshot), sparql_slots: slots, on_snapshot })
    }

    /// Build a fresh snapshot and swap it in; requests in flight finish on the old one.
    pub fn reload(&self) -> Result<(), StartupError> {
        let snapshot = Snapshot::build(&self.config)?;
        if let Some(hook) = self.on_snapshot {
            hook(&snapshot, &self.config).map_err(StartupError::Rdf)?;
        }
        self.snapshot.store(Arc::new(snapshot));
        Ok(())
    }
}

fn fixture_inputs(config: &Config) -> Result<Vec<FileInput>, StartupError> {
    Ok(match &config.fixtures {
        Some(dir) => import::dir_inputs(dir)?,
        None => import::embedded_inputs(),
    })
}

impl Snapshot {
    pub fn build(config: &Config) -> Result<Self, StartupError> {
        let started = std::time::Instant::now();
        let mut synthetic_rows = 0;
        let db = match &config.db {
            Some(path) => {
                let mut conn = db::open_writable(path)?;
                if db::meta_get(&conn, "data_version")?.is_none() {
                    tracing::info!(db = %path.display(), "empty database: importing the shipped fixtures");
                    import::import(&mut conn, &fixture_inputs(config)?)?;
                }
                if config.demo {
                    tracing::warn!("--demo is ignored with --db: import synthetic rows with `tiltak synth` + `tiltak import`");
                }
                drop(conn);
                Database::file(path, config.pool_size)?
            }
            None => {
                let (mut conn, uri) = db::open_memory()?;
                import::import(&mut conn, &fixture_inputs(config)?)?;
                if config.demo {
                    let synth = crate::synth::generate(&crate::synth::SynthOptions::default());
                    synthetic_rows = synth.rows;
                    let input = FileInput {
                        entity: crate::model::entity("measures").ok_or_else(|| StartupError::Rdf("no measures entity".into()))?,
                        name: "synthetic measures (--demo)".into(),
                        content: synth.csv,
                    };
                    import::import(&mut conn, &[input])?;
                }
                Database::memory(conn, &uri, config.pool_size)?
            }
        };
        let conn = db.pool.get().map_err(DbError::from)?;
        let version = db::meta_get(&conn, "data_version")?.unwrap_or_default();
        let modified = db::meta_get(&conn, "modified")?
            .and_then(|m| DateTime::parse_from_rfc3339(&m).ok())
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        let counts = import::record_counts(&conn)?;
        if synthetic_rows == 0 {
            synthetic_rows = conn
                .query_row("SELECT COUNT(*) FROM measures WHERE synthetic = 1", [], |r| r.get::<_, i64>(0))
                .map_err(DbError::from)? as usize;
        }
        let mut codes: HashMap<String, Vec<String>> = HashMap::new();
        {
            let mut stmt = conn.prepare("SELECT scheme, code FROM codes ORDER BY scheme, seq, code").map_err(DbError::from)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(DbError::from)?;
            for row in rows {
                let (s, c) = row.map_err(DbError::from)?;
                codes.entry(s).or_default().push(c);
            }
        }
        let store =
            crate::rdf::build_store(&conn, config, &modified, synthetic_rows).map_err(|e| StartupError::Rdf(e.to_string()))?;
        drop(conn);
        tracing::info!(
            version = %version,
            elapsed_ms = started.elapsed().as_millis() as u64,
            triples = store.len().unwrap_or(0),
            "loaded: {}",
            import::format_counts(&counts)
        );
        Ok(Snapshot {
            db,
            store,
            version,
            modified,
            counts,
            codes,
            aggregates: quick_cache::sync::Cache::new(10_000),
            answers: crate::http::caching::BodyCache::new(config.answer_cache_bytes),
            synthetic_rows,
        })
    }

    pub fn conn(&self) -> Result<r2d2::PooledConnection<r2d2_sqlite::SqliteConnectionManager>, DbError> {
        Ok(self.db.pool.get()?)
    }
}
