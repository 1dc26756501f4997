//! SPARQL evaluation out of the server process: a small pool of worker processes (the same
//! executable, `tiltak sparql-worker`, see `worker`), each capped in memory and CPU by the kernel.
//! The server writes each snapshot's store as an N-Quads dump; a worker loads it once and answers
//! queries over pipes (`wire`). At the deadline, or when the request is dropped (the client went
//! away), the worker is killed: a runaway evaluation cannot keep a slot or grow the server's
//! memory. A replacement is started in the background, so the slot is free at once.

use super::wire::{self, Data, Reply, Request};
use super::{Answer, Job, SparqlError};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::io::{self, BufReader, BufWriter};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How the pool starts its workers.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// The `tiltak` executable (a worker is `<exe> sparql-worker`).
    pub exe: PathBuf,
    /// Idle workers kept (the concurrency cap bounds the busy ones).
    pub size: usize,
    /// Workers started with each snapshot, before any query (the rest start on demand).
    pub prestart: usize,
    /// Writable-memory cap of each worker in bytes (`RLIMIT_DATA`; 0 = none).
    pub memory_bytes: u64,
    /// Where the snapshot dumps are written.
    pub dir: PathBuf,
}

/// Loading a snapshot is not part of a query's time limit, but it is bounded too.
const LOAD_WAIT: Duration = Duration::from_secs(120);
/// The worker stops itself at the deadline where it can; the server kills it a little later.
const GRACE: Duration = Duration::from_millis(250);

pub struct Pool {
    config: PoolConfig,
    idle: Mutex<Vec<Process>>,
    /// The newest dump and the one before (requests still in flight on the old snapshot), each
    /// with its open file (see `prepare`).
    dumps: Mutex<Vec<(Data, std::fs::File)>>,
    /// Workers that have loaded a snapshot and are alive.
    ready: Arc<AtomicUsize>,
}

/// Dump file names are unique within the process (several pools live in one test process).
static DUMP_SEQUENCE: AtomicU64 = AtomicU64::new(0);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a thread panicked while holding it; the data stays usable.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Pool {
    pub fn new(config: PoolConfig) -> Arc<Self> {
        Arc::new(Pool { config, idle: Mutex::new(Vec::new()), dumps: Mutex::new(Vec::new()), ready: Arc::new(AtomicUsize::new(0)) })
    }

    /// At least one worker is alive with a snapshot loaded (for a readiness probe).
    pub fn workers_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed) > 0
    }

    /// Write the dump of a new snapshot and have the first workers load it (blocking). Called
    /// before the snapshot is served.
    pub fn prepare(self: &Arc<Self>, store: &Store, version: &str) -> Result<(), SparqlError> {
        let newest = lock(&self.dumps).last().map(|(d, _)| d.clone());
        if newest.as_ref().is_some_and(|d| d.version == version) {
            return Ok(());
        }
        let n = DUMP_SEQUENCE.fetch_add(1, Ordering::Relaxed);
        let path = self.config.dir.join(format!("tiltak-sparql-{}-{n}.nq", std::process::id()));
        let partial = path.with_extension("nq.partial");
        let started = std::time::Instant::now();
        let file = BufWriter::with_capacity(1 << 16, std::fs::File::create(&partial)?);
        store
            .dump_to_writer(RdfFormat::NQuads, file)
            .map_err(|e| SparqlError::Internal(format!("writing the snapshot dump: {e}")))?
            .into_inner()
            .map_err(|e| SparqlError::Io(e.into_error()))?
            .sync_all()?;
        std::fs::rename(&partial, &path)?;
        let file = std::fs::File::open(&path)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        // On Linux the workers read the dump through this process's open descriptor, so the file
        // leaves the folder at once and its space is freed with the descriptor (here, on exit).
        let dump = match open_descriptor_path(&file) {
            Some(fd_path) => {
                std::fs::remove_file(&path)?;
                fd_path
            }
            None => path,
        };
        tracing::info!(dump = %dump.display(), bytes = size, elapsed_ms = started.elapsed().as_millis() as u64, "SPARQL snapshot dump written");
        let data = Data { version: version.to_string(), dump };
        {
            let mut dumps = lock(&self.dumps);
            dumps.push((data.clone(), file));
            while dumps.len() > 2 {
                let (old, _file) = dumps.remove(0);
                remove_dump(&old);
            }
        }
        // Idle workers load the new data now, new ones are started up to `prestart`.
        let mut idle = std::mem::take(&mut *lock(&self.idle));
        // Beyond `prestart`, workers are started again on demand (a load costs CPU time).
        idle.truncate(self.config.prestart.min(self.config.size));
        while idle.len() < self.config.prestart.min(self.config.size) {
            match Process::spawn(&self.config, &self.ready) {
                Ok(p) => idle.push(p),
                Err(e) => {
                    tracing::error!("cannot start a SPARQL worker ({}): {e}", self.config.exe.display());
                    break;
                }
            }
        }
        // Loaded before the snapshot is served (in parallel), so the first queries find them ready.
        let loads: Vec<_> = idle
            .into_iter()
            .map(|mut process| {
                let data = data.clone();
                std::thread::Builder::new().name("sparql-load".into()).stack_size(256 * 1024).spawn(move || match process.load(&data) {
                    Ok(()) => Some(process),
                    Err(e) => {
                        tracing::error!("a SPARQL worker could not load the snapshot: {e}");
                        None
                    }
                })
            })
            .collect();
        for load in loads {
            match load.map(|handle| handle.join()) {
                Ok(Ok(Some(process))) => self.give_back(process),
                Ok(_) => {}
                Err(e) => tracing::error!("cannot start a thread: {e}"),
            }
        }
        Ok(())
    }

    fn data_for(&self, version: &str) -> Option<Data> {
        let dumps = lock(&self.dumps);
        dumps.iter().rev().map(|(d, _)| d).find(|d| d.version == version).or(dumps.last().map(|(d, _)| d)).cloned()
    }

    fn give_back(&self, process: Process) {
        let mut idle = lock(&self.idle);
        if idle.len() < self.config.size {
            idle.push(process);
        }
    }

    /// Evaluate `job` on the snapshot of `version` in a worker, within `limit`.
    pub async fn run(self: &Arc<Self>, version: &str, base: String, job: Job, limit: Duration) -> Result<Answer, SparqlError> {
        let data = self.data_for(version).ok_or_else(|| SparqlError::Internal("no snapshot has been prepared for SPARQL".into()))?;
        let query = wire::Query::new(data.clone(), base, job, limit.as_millis() as u64);
        let call = Arc::new(Mutex::new(Call::default()));
        let (loaded_tx, loaded_rx) = tokio::sync::oneshot::channel();
        let (answer_tx, answer_rx) = tokio::sync::oneshot::channel();
        // From here on, leaving this function early (deadline, client gone) kills the worker.
        let _guard = KillOnDrop(call.clone());
        let pool = self.clone();
        std::thread::Builder::new()
            .name("sparql-call".into())
            .stack_size(256 * 1024)
            .spawn(move || pool.call(&call, &data, query, loaded_tx, answer_tx))?;
        let stopped = || SparqlError::Internal("the query worker stopped".into());
        match tokio::time::timeout(LOAD_WAIT, loaded_rx).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => return Err(e),
            Ok(Err(_)) => return Err(stopped()),
            Err(_) => return Err(SparqlError::Internal("the query worker did not load the snapshot in time".into())),
        }
        match tokio::time::timeout(limit + GRACE, answer_rx).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(stopped()),
            Err(_) => Err(SparqlError::Timeout),
        }
    }

    /// The blocking side of `run`, on its own thread: take a worker, make sure it has the data,
    /// send the query, read the answer; a worker that was killed or died is replaced.
    fn call(
        self: &Arc<Self>,
        call: &Mutex<Call>,
        data: &Data,
        query: wire::Query,
        loaded: tokio::sync::oneshot::Sender<Result<(), SparqlError>>,
        answer: tokio::sync::oneshot::Sender<Result<Answer, SparqlError>>,
    ) {
        let taken = lock(&self.idle).pop();
        let mut process = match taken.map_or_else(|| Process::spawn(&self.config, &self.ready), Ok) {
            Ok(p) => p,
            Err(e) => {
                let _ = loaded.send(Err(SparqlError::Internal(format!("cannot start a query worker: {e}"))));
                return;
            }
        };
        {
            let mut state = lock(call);
            if state.abandoned {
                drop(state);
                self.give_back(process); // unused: the request went away before it began
                return;
            }
            state.pid = Some(process.child.id());
        }
        let outcome = process.load(data).and_then(|()| {
            let _ = loaded.send(Ok(()));
            process.query(&Request::Query(query))
        });
        let mut state = lock(call);
        let abandoned = state.abandoned;
        state.finished = true;
        drop(state);
        match outcome {
            Ok(result) => {
                let _ = answer.send(result);
                self.give_back(process);
            }
            Err(e) => {
                let status = process.reap();
                if !abandoned {
                    tracing::warn!("a SPARQL worker failed during a query ({e}; {status:?})");
                    let _ = answer.send(Err(died(status, self.config.memory_bytes)));
                }
                drop(process);
                self.replace();
            }
        }
    }

    /// Start a worker with the newest data in place of one that was killed.
    fn replace(&self) {
        let Some(data) = lock(&self.dumps).last().map(|(d, _)| d.clone()) else { return };
        match Process::spawn(&self.config, &self.ready).and_then(|mut p| p.load(&data).map(|()| p)) {
            Ok(p) => self.give_back(p),
            Err(e) => tracing::error!("cannot start a replacement SPARQL worker: {e}"),
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        lock(&self.idle).clear();
        for (d, _file) in lock(&self.dumps).drain(..) {
            remove_dump(&d);
        }
    }
}

#[cfg(target_os = "linux")]
fn open_descriptor_path(file: &std::fs::File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    let path = PathBuf::from(format!("/proc/{}/fd/{}", std::process::id(), file.as_raw_fd()));
    path.exists().then_some(path)
}

#[cfg(not(target_os = "linux"))]
fn open_descriptor_path(_file: &std::fs::File) -> Option<PathBuf> {
    None
}

/// A dump named by a descriptor goes with the descriptor; a file in the folder is removed.
fn remove_dump(data: &Data) {
    if !data.dump.starts_with("/proc") {
        let _ = std::fs::remove_file(&data.dump);
    }
}

/// How a worker that stopped during a query is reported.
fn died(status: Option<ExitStatus>, memory_bytes: u64) -> SparqlError {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // An allocation past the cap aborts the process.
        if memory_bytes > 0 && status.and_then(|s| s.signal()) == Some(libc::SIGABRT) {
            return SparqlError::OutOfMemory(memory_bytes / (1024 * 1024));
        }
    }
    let _ = memory_bytes;
    SparqlError::Internal(format!("the query worker stopped ({status:?})"))
}

/// One request's hold on a worker: killed if the request ends before the answer.
#[derive(Default)]
struct Call {
    pid: Option<u32>,
    abandoned: bool,
    finished: bool,
}

struct KillOnDrop(Arc<Mutex<Call>>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let mut state = lock(&self.0);
        if state.finished {
            return;
        }
        state.abandoned = true;
        if let Some(pid) = state.pid {
            kill(pid);
        }
    }
}

#[cfg(unix)]
fn kill(pid: u32) {
    // The worker is not reaped before its call ends (the call thread holds it), so the pid is still
    // this worker's.
    // SAFETY: kill(2) with a pid of our own child and a signal number.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill(_pid: u32) {}

/// A running worker and its pipes.
struct Process {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    data: Option<Data>,
    /// Counted in the pool's ready workers.
    counted: Option<Arc<AtomicUsize>>,
    ready: Arc<AtomicUsize>,
}

impl Process {
    fn spawn(config: &PoolConfig, ready: &Arc<AtomicUsize>) -> io::Result<Process> {
        let mut child = Command::new(&config.exe)
            .arg("sparql-worker")
            .arg("--memory-bytes")
            .arg(config.memory_bytes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            // Fewer malloc arenas: less address space per thread, the cap is about data.
            .env("MALLOC_ARENA_MAX", "2")
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("no pipes to the worker"));
        };
        let mut process = Process {
            child,
            stdin: BufWriter::new(stdin),
            stdout: BufReader::new(stdout),
            data: None,
            counted: None,
            ready: ready.clone(),
        };
        match wire::read_frame(&mut process.stdout)? {
            Some(hello) if hello == wire::HELLO => Ok(process),
            _ => Err(io::Error::other(format!("{} is not a tiltak SPARQL worker", config.exe.display()))),
        }
    }

    fn load(&mut self, data: &Data) -> io::Result<()> {
        if self.data.as_ref() == Some(data) {
            return Ok(());
        }
        match self.exchange(&Request::Load(data.clone()))? {
            (Reply::Loaded, _) => {
                self.data = Some(data.clone());
                if self.counted.is_none() {
                    self.ready.fetch_add(1, Ordering::Relaxed);
                    self.counted = Some(self.ready.clone());
                }
                Ok(())
            }
            (Reply::Failed(f), _) => Err(io::Error::other(SparqlError::from(f).to_string())),
            (other, _) => Err(io::Error::other(format!("unexpected reply {other:?}"))),
        }
    }

    /// `Err` only when the worker is unusable (pipe closed, garbled frame); a query's own failure is `Ok(Err)`.
    fn query(&mut self, request: &Request) -> io::Result<Result<Answer, SparqlError>> {
        match self.exchange(request)? {
            (Reply::Answer { content_type }, Some(body)) => Ok(Ok(Answer { content_type, body })),
            (Reply::Failed(f), _) => Ok(Err(f.into())),
            (other, _) => Err(io::Error::other(format!("unexpected reply {other:?}"))),
        }
    }

    fn exchange(&mut self, request: &Request) -> io::Result<(Reply, Option<Vec<u8>>)> {
        wire::write_frame(&mut self.stdin, &wire::encode(request)?)?;
        let closed = || io::Error::new(io::ErrorKind::UnexpectedEof, "the worker closed its output");
        let reply: Reply = wire::decode(&wire::read_frame(&mut self.stdout)?.ok_or_else(closed)?)?;
        let body = match reply {
            Reply::Answer { .. } => Some(wire::read_frame(&mut self.stdout)?.ok_or_else(closed)?),
            _ => None,
        };
        Ok((reply, body))
    }

    fn reap(&mut self) -> Option<ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(ready) = self.counted.take() {
            ready.fetch_sub(1, Ordering::Relaxed);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
