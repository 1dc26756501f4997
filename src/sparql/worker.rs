//! The query worker process (`tiltak sparql-worker`, started by `pool`): caps its own memory and
//! CPU, loads the snapshot's N-Quads dump into an in-memory store, and answers requests read from
//! standard input on standard output (`wire`). Whatever a query does here, the server process is
//! untouched: past the deadline the server kills this process and starts another.

use super::wire::{self, Data, Reply, Request};
use super::{execute, SparqlError, WORKER_STACK_BYTES};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::io::{self, BufReader, BufWriter};
use std::time::{Duration, Instant};

/// Run the worker until standard input closes. `memory_bytes` is what a query may use on top of
/// the loaded snapshot: after each load the process's writable memory (heap and stacks,
/// `RLIMIT_DATA`) is capped at what it then uses plus `memory_bytes`; an allocation past the cap
/// fails and the process aborts.
pub fn main(memory_bytes: u64) -> io::Result<()> {
    match serve(memory_bytes) {
        // The server went away (it exited, or dropped this worker): nothing to answer.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn serve(memory_bytes: u64) -> io::Result<()> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    wire::write_frame(&mut output, wire::HELLO)?;
    let mut loaded: Option<(Data, Store)> = None;
    while let Some(frame) = wire::read_frame(&mut input)? {
        let (data, query) = match wire::decode::<Request>(&frame)? {
            Request::Load(data) => (data, None),
            Request::Query(q) => (q.data.clone(), Some(q)),
        };
        let store = match ensure_loaded(&mut loaded, data, memory_bytes) {
            Ok(store) => store,
            Err(e) => {
                wire::write_frame(&mut output, &wire::encode(&Reply::Failed(SparqlError::Internal(e.to_string()).into()))?)?;
                continue;
            }
        };
        let Some(query) = query else {
            wire::write_frame(&mut output, &wire::encode(&Reply::Loaded)?)?;
            continue;
        };
        let limit = Duration::from_millis(query.timeout_ms);
        // A backstop should the server be gone: the kernel ends this process a little after the
        // deadline (the server itself kills it at the deadline).
        let _ = cpu_backstop(limit + Duration::from_secs(2));
        let deadline = Instant::now() + limit;
        let token = CancellationToken::new();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        let evaluation = {
            let (token, job) = (token.clone(), query.job());
            // A thread per query: parsing and evaluation recurse over the query tree (nesting is
            // capped by `shape`), and its CPU priority can be lowered for this query alone.
            std::thread::Builder::new().name("sparql-eval".into()).stack_size(WORKER_STACK_BYTES).spawn(move || {
                let _ = tid_tx.send(thread_id());
                execute(&store, &query.base, &job, token, deadline)
            })?
        };
        let timer = Timer::start(token, limit, tid_rx.recv().ok());
        let result = evaluation.join().unwrap_or_else(|_| Err(SparqlError::Internal("the evaluation panicked".into())));
        drop(timer);
        match result {
            Ok(answer) => {
                wire::write_frame(&mut output, &wire::encode(&Reply::Answer { content_type: answer.content_type })?)?;
                wire::write_frame(&mut output, &answer.body)?;
            }
            Err(e) => wire::write_frame(&mut output, &wire::encode(&Reply::Failed(e.into()))?)?,
        }
    }
    Ok(())
}

/// The store for `data`, loading its dump unless it is the one already loaded.
fn ensure_loaded(loaded: &mut Option<(Data, Store)>, data: Data, memory_bytes: u64) -> Result<Store, SparqlError> {
    if let Some((have, store)) = loaded {
        if *have == data {
            return Ok(store.clone());
        }
    }
    *loaded = None; // the old store's memory goes before the new one is built
    let started = Instant::now();
    if memory_bytes > 0 {
        // The snapshot itself is not capped (its size is the operator's data), only what a query adds.
        set_limit(Resource::Data, u64::MAX)?;
    }
    // Nor is the time it takes to load (the CPU backstop of the last query would end the load).
    set_limit(Resource::Cpu, u64::MAX)?;
    let store = load(&data)?;
    if memory_bytes > 0 {
        set_limit(Resource::Data, data_bytes()?.saturating_add(memory_bytes))?;
    }
    tracing::info!(version = %data.version, elapsed_ms = started.elapsed().as_millis() as u64, "SPARQL worker loaded the snapshot");
    *loaded = Some((data, store.clone()));
    Ok(store)
}

/// Load an N-Quads dump, keeping its blank node labels (answers name them as the server's store does).
pub fn load(data: &Data) -> Result<Store, SparqlError> {
    let file = std::fs::File::open(&data.dump)?;
    let store = Store::new().map_err(|e| SparqlError::Internal(e.to_string()))?;
    let mut batch = Vec::with_capacity(8192);
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_reader(BufReader::with_capacity(1 << 16, file)) {
        batch.push(quad.map_err(|e| SparqlError::Internal(format!("snapshot dump: {e}")))?);
        if batch.len() == batch.capacity() {
            store.extend(batch.drain(..)).map_err(|e| SparqlError::Internal(e.to_string()))?;
        }
    }
    store.extend(batch).map_err(|e| SparqlError::Internal(e.to_string()))?;
    Ok(store)
}

/// A query still running after this long is slow: its thread gets a lower CPU priority, so that
/// quick queries in other workers (and the server itself) keep their share of a busy machine.
const SLOW: Duration = Duration::from_millis(250);
/// The nice value of a slow query's thread.
const SLOW_NICE: i32 = 10;

/// Lowers the priority of a slow evaluation and cancels it at the deadline (most runaway queries
/// observe the token; the rest are killed by the server).
struct Timer {
    stop: Option<std::sync::mpsc::Sender<()>>,
}

impl Timer {
    fn start(token: CancellationToken, limit: Duration, thread: Option<u64>) -> Self {
        use std::sync::mpsc::RecvTimeoutError::Timeout;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let _ = std::thread::Builder::new().name("sparql-deadline".into()).stack_size(64 * 1024).spawn(move || {
            let started = Instant::now();
            if let Err(Timeout) = stopped.recv_timeout(SLOW.min(limit)) {
                if let Some(tid) = thread {
                    lower_priority(tid);
                }
                if let Err(Timeout) = stopped.recv_timeout(limit.saturating_sub(started.elapsed())) {
                    token.cancel();
                }
            }
        });
        Timer { stop: Some(stop) }
    }
}

#[cfg(target_os = "linux")]
fn thread_id() -> u64 {
    // SAFETY: gettid takes no arguments and cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) as u64 }
}

#[cfg(not(target_os = "linux"))]
fn thread_id() -> u64 {
    0
}

/// On Linux a thread id names one thread for setpriority(2).
#[cfg(target_os = "linux")]
fn lower_priority(tid: u64) {
    // SAFETY: setpriority only reads its arguments; a stale id fails with ESRCH.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, SLOW_NICE);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority(_tid: u64) {}

impl Drop for Timer {
    fn drop(&mut self) {
        // Dropping the sender wakes the thread, which then ends without cancelling.
        self.stop.take();
    }
}

/// The process's writable memory now (`VmData`, what `RLIMIT_DATA` is compared with).
fn data_bytes() -> io::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    Ok(status
        .lines()
        .find_map(|l| l.strip_prefix("VmData:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024))
}

enum Resource {
    Data,
    Cpu,
}

#[cfg(unix)]
fn set_limit(resource: Resource, soft: u64) -> io::Result<()> {
    let which = match resource {
        Resource::Data => libc::RLIMIT_DATA,
        Resource::Cpu => libc::RLIMIT_CPU,
    };
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed by pointer.
    if unsafe { libc::getrlimit(which, &mut current) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let hard = current.rlim_max;
    let soft = if hard == libc::RLIM_INFINITY { soft.min(libc::RLIM_INFINITY as u64) } else { soft.min(hard as u64) };
    // The hard limit stays: the CPU backstop is raised again before every query.
    let wanted = libc::rlimit { rlim_cur: soft as libc::rlim_t, rlim_max: hard };
    // SAFETY: as above.
    if unsafe { libc::setrlimit(which, &wanted) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_limit(_resource: Resource, _soft: u64) -> io::Result<()> {
    Ok(())
}

/// Allow `budget` more CPU time than this process has used so far.
#[cfg(unix)]
fn cpu_backstop(budget: Duration) -> io::Result<()> {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct passed by pointer.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let used = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) as u64 + 1;
    set_limit(Resource::Cpu, used + budget.as_secs() + 1)
}

#[cfg(not(unix))]
fn cpu_backstop(_budget: Duration) -> io::Result<()> {
    Ok(())
}
