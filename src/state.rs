//! The served snapshot (SQLite pool + Oxigraph store + derived caches) and the application state.
//! A snapshot is immutable; a reload builds a new one and swaps it in atomically.

use crate::config::Config;
use crate::db::import::{self, FileInput, ImportError};
use crate::db::{self, query, Database, DbError};
use crate::model;
use crate::rdf::downloads::Source;
use actix_web::web::Bytes;
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
    Rdf(#[from] crate::rdf::RdfError),
    #[error(transparent)]
    Synth(#[from] crate::synth::SynthError),
    #[error("preparing the snapshot: {0}")]
    Prepare(String),
    #[error("preparing the SPARQL workers: {0}")]
    Sparql(#[from] crate::sparql::SparqlError),
}

impl From<ImportError> for StartupError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Invalid(p) => StartupError::Import(p),
            ImportError::Db(d) => StartupError::Db(d),
        }
    }
}

/// The snapshot's RDF store behind a gate: readers (`Deref`) wait until the snapshot hook (the
/// catalogue's byte sizes, VoID counts) has run, so nobody sees the catalogue graph half-made,
/// while the server can already answer everything that does not read the graph. Start-up is
/// ready as soon as the data is loaded; the hook finishes on another thread (issue 22: fast start).
pub struct GatedStore {
    store: oxigraph::store::Store,
    /// `Some(quads in the store)` once prepared.
    prepared: std::sync::Mutex<Option<usize>>,
    opened: std::sync::Condvar,
}

impl GatedStore {
    fn new(store: oxigraph::store::Store, open: bool) -> Self {
        let gate = GatedStore { store, prepared: std::sync::Mutex::new(None), opened: std::sync::Condvar::new() };
        if open {
            gate.open();
        }
        gate
    }

    /// The store before preparation: only for the snapshot hook itself.
    pub fn unprepared(&self) -> &oxigraph::store::Store {
        &self.store
    }

    /// Let readers in (also after a failed hook: the graph then lacks the byte sizes, nothing else).
    fn open(&self) {
        let quads = self.store.len().unwrap_or(0);
        let mut prepared = self.prepared.lock().unwrap_or_else(|p| p.into_inner());
        *prepared = Some(quads);
        self.opened.notify_all();
    }

    /// Wait until prepared; the number of quads in the store then (counted once, not per request).
    pub fn quads(&self) -> usize {
        let mut prepared = self.prepared.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(n) = *prepared {
                return n;
            }
            prepared = self.opened.wait(prepared).unwrap_or_else(|p| p.into_inner());
        }
    }

    pub fn is_prepared(&self) -> bool {
        self.prepared.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }
}

impl std::ops::Deref for GatedStore {
    type Target = oxigraph::store::Store;
    fn deref(&self) -> &oxigraph::store::Store {
        self.quads();
        &self.store
    }
}

/// Opens the gate when dropped, so a panicking hook cannot leave readers waiting forever.
struct OpenOnDrop(Arc<Snapshot>);

impl Drop for OpenOnDrop {
    fn drop(&mut self) {
        self.0.store.open();
    }
}

pub struct Snapshot {
    /// Shared with CSV streams, which may outlive a reload.
    pub db: Arc<Database>,
    pub store: GatedStore,
    /// When this process finished building the snapshot (for the snapshot-age metric).
    pub loaded_at: std::time::Instant,
    pub version: String,
    pub modified: DateTime<Utc>,
    pub counts: Vec<(&'static str, usize)>,
    /// Code lists: scheme → codes in order.
    pub codes: HashMap<String, Vec<String>>,
    /// Totals and facet counts by selection (the data never changes within a snapshot).
    pub aggregates: quick_cache::sync::Cache<String, Arc<Vec<(crate::selection::Value, u64)>>>,
    /// Rendered answers (API pages and items, SPARQL results), bounded in bytes.
    pub answers: BodyCache,
    pub synthetic_rows: usize,
}

pub struct AppState {
    pub config: Config,
    pub snapshot: ArcSwap<Snapshot>,
    pub sparql_slots: Arc<tokio::sync::Semaphore>,
    /// Per-client share of the slots.
    pub sparql_shares: crate::sparql::share::ClientShares,
    /// Worker processes that evaluate the queries (`workers_ready()` for a readiness probe).
    pub sparql_pool: Arc<crate::sparql::pool::Pool>,
    /// The secret paging cursors are signed with: the configured one, else random for this process.
    pub cursor_secret: Vec<u8>,
    /// One reload at a time (SIGHUP and `POST /admin/reload`): a second waits, then rebuilds from
    /// the newer file.
    reloading: std::sync::Mutex<()>,
    /// Set on SIGTERM: `/ready` answers 503 so load balancers stop sending new requests while the
    /// ones in flight finish.
    pub draining: std::sync::atomic::AtomicBool,
}

impl AppState {
    /// The first snapshot is served as soon as its data is loaded; its preparation
    /// (`Snapshot::prepare`) runs on its own thread and the store's gate holds graph readers until
    /// it is done (fast start).
    pub fn new(config: Config) -> Result<Self, StartupError> {
        let snapshot = Arc::new(Snapshot::build_gated(&config, false)?);
        {
            let guard = OpenOnDrop(snapshot.clone());
            let config = config.clone();
            std::thread::Builder::new()
                .name("prepare-snapshot".into())
                .spawn(move || {
                    if let Err(e) = guard.0.prepare(&config) {
                        tracing::error!("preparing the snapshot failed (the catalogue goes without byte sizes): {e}");
                    }
                })
                .map_err(|e| StartupError::Prepare(e.to_string()))?;
        }
        let slots = Arc::new(tokio::sync::Semaphore::new(config.sparql_max_concurrent.max(1)));
        let cursor_secret = match &config.cursor_secret {
            Some(secret) => secret.as_bytes().to_vec(),
            None => {
                tracing::warn!(
                    "no cursor secret configured (--cursor-secret / TILTAK_CURSOR_SECRET): paging cursors are signed with a random secret of this process and will not page on another replica or after a restart"
                );
                rand::random::<[u8; 32]>().to_vec()
            }
        };
        let sparql_pool = crate::sparql::pool::Pool::new(pool_config(&config)?);
        sparql_pool.prepare(&snapshot.store, &snapshot.version)?;
        Ok(AppState {
            cursor_secret,
            sparql_shares: crate::sparql::share::ClientShares::new(config.limits.sparql_per_client),
            sparql_pool,
            config,
            snapshot: ArcSwap::new(snapshot),
            sparql_slots: slots,
            reloading: std::sync::Mutex::new(()),
            draining: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Readiness: a snapshot is loaded (always, once the state exists), at least one SPARQL worker
    /// has it loaded, and the process is not draining.
    pub fn is_ready(&self) -> bool {
        !self.draining.load(std::sync::atomic::Ordering::Acquire) && self.sparql_pool.workers_ready()
    }

    /// Build a fresh snapshot and swap it in; requests in flight finish on the old one (JSON and
    /// SPARQL switch together: both read the one snapshot). Returns the new data version.
    pub fn reload(&self) -> Result<String, StartupError> {
        // A poisoned lock only means an earlier reload panicked; the served snapshot is intact.
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A reload runs off the request path: prepare before serving, so the gate is open at once.
        let snapshot = Snapshot::build_gated(&self.config, false)?;
        let result = snapshot.prepare(&self.config);
        snapshot.store.open();
        result?;
        let version = snapshot.version.clone();
        // The workers' copy first, so every query on the new snapshot finds its dump.
        self.sparql_pool.prepare(&snapshot.store, &snapshot.version)?;
        self.snapshot.store(Arc::new(snapshot));
        Ok(version)
    }
}

/// Workers: this executable unless configured, one per slot started with each snapshot (unless
/// configured), dumps in the temp folder.
fn pool_config(config: &Config) -> Result<crate::sparql::pool::PoolConfig, StartupError> {
    let exe = match &config.sparql_worker_exe {
        Some(exe) => exe.clone(),
        None => {
            std::env::current_exe().map_err(|e| StartupError::Prepare(format!("cannot find this program for the SPARQL workers: {e}")))?
        }
    };
    Ok(crate::sparql::pool::PoolConfig {
        exe,
        size: config.sparql_max_concurrent.max(1),
        prestart: config.sparql_workers_at_start.unwrap_or(config.sparql_max_concurrent),
        memory_bytes: config.limits.sparql_worker_memory_bytes,
        dir: std::env::temp_dir(),
    })
}

fn fixture_inputs(config: &Config) -> Result<Vec<FileInput>, StartupError> {
    Ok(match &config.fixtures {
        Some(dir) => import::dir_inputs(dir)?,
        None => import::embedded_inputs(),
    })
}

impl Snapshot {
    /// What the download renderers read from this snapshot (`rdf::downloads`): its database
    /// connection, graph, code lists, counts and version.
    pub fn source<'a>(&'a self, conn: &'a rusqlite::Connection, base: &'a str) -> Source<'a> {
        self.source_over(conn, &self.store, base)
    }

    fn source_over<'a>(&'a self, conn: &'a rusqlite::Connection, store: &'a oxigraph::store::Store, base: &'a str) -> Source<'a> {
        Source { conn, store, codes: &self.codes, counts: &self.counts, base, version: &self.version, modified: &self.modified }
    }

    /// Work on every fresh snapshot before its graph is read (also `tiltak catalog`): the
    /// catalogue's `dcat:byteSize`s, measured by rendering each download once (`rdf::downloads`).
    /// At start it runs beside serving (the store's gate holds graph readers until it is done); on
    /// reload before the swap.
    pub fn prepare(&self, config: &Config) -> Result<(), StartupError> {
        let started = std::time::Instant::now();
        let conn = self.conn()?;
        self.source_over(&conn, self.store.unprepared(), &config.base_url)
            .record_byte_sizes()
            .map_err(|e| StartupError::Prepare(e.to_string()))?;
        tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "catalogue byte sizes measured");
        Ok(())
    }

    /// The number of records a selection matches, counted once per snapshot (the API and the
    /// pages share it).
    pub fn total(&self, conn: &rusqlite::Connection, selection: &query::Selection) -> Result<u64, DbError> {
        let counts =
            self.cached_counts(format!("count|{}", selection.key()), || Ok(vec![(crate::selection::Value::Null, selection.count(conn)?)]))?;
        Ok(counts.first().map(|(_, n)| *n).unwrap_or(0))
    }

    /// Facet counts of `field` within a selection, computed once per snapshot.
    pub fn facet_counts(
        &self,
        conn: &rusqlite::Connection,
        selection: &query::Selection,
        field: &str,
    ) -> Result<Arc<Vec<(crate::selection::Value, u64)>>, DbError> {
        self.cached_counts(format!("facet|{field}|{}", selection.key()), || selection.facet(conn, field))
    }

    fn cached_counts(
        &self,
        key: String,
        compute: impl FnOnce() -> Result<Vec<(crate::selection::Value, u64)>, DbError>,
    ) -> Result<Arc<Vec<(crate::selection::Value, u64)>>, DbError> {
        // Single flight: concurrent requests for the same uncounted selection wait for the first one
        // instead of all counting at once (a cold-start stampede was the p99 of two filters + sort).
        self.aggregates.get_or_insert_with(&key, || compute().map(Arc::new))
    }

    /// A snapshot whose store is open to readers at once (`tiltak catalog`, tests).
    pub fn build(config: &Config) -> Result<Self, StartupError> {
        Self::build_gated(config, true)
    }

    /// A snapshot whose store opens to readers now (`open`) or when the hook is done.
    fn build_gated(config: &Config, open: bool) -> Result<Self, StartupError> {
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
                    let synth = crate::synth::generate(&crate::synth::SynthOptions::default())?;
                    synthetic_rows = synth.rows;
                    let input = FileInput { entity: &model::MEASURES, name: "synthetic measures (--demo)".into(), content: synth.csv };
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
            if let Some(flag) = model::MEASURES.field("synthetic") {
                synthetic_rows = query::count_true(&conn, &model::MEASURES, flag)? as usize;
            }
        }
        let mut codes: HashMap<String, Vec<String>> = HashMap::new();
        for (scheme, code) in query::code_lists(&conn, &model::CODES)? {
            codes.entry(scheme).or_default().push(code);
        }
        let store = crate::rdf::build_store(&conn, config, &modified, synthetic_rows)?;
        drop(conn);
        tracing::info!(
            version = %version,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "loaded: {}",
            import::format_counts(&counts)
        );
        Ok(Snapshot {
            db: Arc::new(db),
            store: GatedStore::new(store, open),
            loaded_at: std::time::Instant::now(),
            version,
            modified,
            counts,
            codes,
            aggregates: quick_cache::sync::Cache::new(10_000),
            answers: BodyCache::new(config.answer_cache_bytes),
            synthetic_rows,
        })
    }

    pub fn conn(&self) -> Result<r2d2::PooledConnection<r2d2_sqlite::SqliteConnectionManager>, DbError> {
        Ok(self.db.pool.get()?)
    }
}

/// A rendered answer kept for reuse: the data cannot change within a snapshot, so an answer is
/// valid until the next reload (each snapshot owns its cache).
pub struct CachedBody {
    pub content_type: String,
    pub body: Bytes,
    /// `Link` header (next page), where the answer has one.
    pub link: Option<String>,
}

#[derive(Clone)]
pub struct BodyWeighter;

impl quick_cache::Weighter<String, Arc<CachedBody>> for BodyWeighter {
    fn weight(&self, key: &String, val: &Arc<CachedBody>) -> u64 {
        (key.len() + val.body.len() + val.content_type.len() + val.link.as_ref().map_or(0, String::len) + 64) as u64
    }
}

/// Answers by key, bounded in bytes. Used for API pages and items and for SPARQL results.
pub struct BodyCache {
    inner: quick_cache::sync::Cache<String, Arc<CachedBody>, BodyWeighter>,
}

/// Largest single answer kept.
const MAX_CACHED_BODY: usize = 4 * 1024 * 1024;

impl BodyCache {
    pub fn new(bytes: u64) -> Self {
        BodyCache { inner: quick_cache::sync::Cache::with_weighter(100_000, bytes.max(1024), BodyWeighter) }
    }
    pub fn get(&self, key: &str) -> Option<Arc<CachedBody>> {
        let found = self.inner.get(key);
        let outcome = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("tiltak_answer_cache_lookups_total", "outcome" => outcome).increment(1);
        found
    }
    pub fn insert(&self, key: String, value: CachedBody) {
        if value.body.len() <= MAX_CACHED_BODY {
            self.inner.insert(key, Arc::new(value));
        }
    }
}
