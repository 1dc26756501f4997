//! Issue 18: SPARQL that cannot be run away with. The real `tiltak serve` (default limits, its own
//! worker processes) gets the queries that used to take the endpoint down: a chain of OPTIONALs
//! that share no variables (evaluation ignores cancellation) and a CONCAT chain that doubles a
//! string 25 times (memory). Meanwhile another client address is served, the memory of the server
//! and its workers stays under 1 GIB, and afterwards every slot is free again.
//!
//! Other client addresses are loopback aliases (127.0.0.2, …): the per-client share is by address.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// `tiltak serve` on a free port with the default limits (rate limit off: every request here
    /// comes from loopback and is SPARQL).
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tiltak"))
            .args(["serve", "--bind", "127.0.0.1:0", "--rate-limit", "0"])
            .args(extra)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tiltak serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end so the server never blocks on a full pipe.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
            }
        });
        let bound = rx.recv_timeout(Duration::from_secs(120)).expect("the server reports its address");
        let server = Server { child, addr: bound.parse().expect("socket address") };
        let started = Instant::now();
        while request(server.addr, [127, 0, 0, 1], "GET", "/health", "", "").map(|r| r.0) != Ok(200) {
            assert!(started.elapsed() < Duration::from_secs(60), "server did not become ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Resident memory of the server and its worker processes, in bytes.
    fn total_rss(&self) -> u64 {
        let pid = self.child.id();
        rss(pid) + children(pid).into_iter().map(rss).sum::<u64>()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok()) == Some(pid)
        })
        .collect()
}

/// One HTTP/1.1 exchange from the loopback address `from`: (status, body).
fn request(to: SocketAddr, from: [u8; 4], method: &str, path: &str, content_type: &str, body: &str) -> Result<(u16, String), String> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).map_err(|e| e.to_string())?;
    socket.bind(&SocketAddr::new(IpAddr::from(from), 0).into()).map_err(|e| e.to_string())?;
    socket.connect(&to.into()).map_err(|e| e.to_string())?;
    let mut stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {to}\r\nAccept: application/sparql-results+json\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("no status line: {text}"))?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn query(server: &Server, from: [u8; 4], text: &str) -> (u16, String) {
    request(server.addr, from, "POST", "/sparql", "application/sparql-query", text).unwrap_or_else(|e| panic!("{e}"))
}

/// Four OPTIONALs that share no variables: 11 000⁴ rows to count; evaluation does not observe the
/// cancellation token, so only killing the process stops it.
fn optional_chain(n: usize) -> String {
    format!("# attacker {n}\nSELECT (COUNT(*) AS ?n) WHERE {{ OPTIONAL {{ ?a ?b ?c }} OPTIONAL {{ ?d ?e ?f }} OPTIONAL {{ ?g ?h ?i }} OPTIONAL {{ ?j ?k ?l }} }}")
}

/// 25 chained CONCATs double a 34-byte literal to about 1 GIB.
fn concat_bomb(n: usize) -> String {
    let binds: String = (1..=25).map(|i| format!(" BIND(CONCAT(?y{p}, ?y{p}) AS ?y{i})", p = i - 1)).collect();
    format!("# attacker {n}\nSELECT (STRLEN(?y25) AS ?n) WHERE {{ BIND(\"a literal of some thirty-four bytes\" AS ?y0){binds} }}")
}

const TRIVIAL: &str = "ASK { ?s ?p ?o }";
const ATTACKER: [u8; 4] = [127, 0, 0, 1];
const GIB: u64 = 1024 * 1024 * 1024;

/// Samples the total RSS until stopped; the largest figure.
fn watch_memory(server: &Server) -> (Arc<AtomicBool>, Arc<AtomicU64>, std::thread::JoinHandle<()>) {
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let pid = server.child.id();
    let (s, p) = (stop.clone(), peak.clone());
    let handle = std::thread::spawn(move || {
        while !s.load(Ordering::Relaxed) {
            let total = rss(pid) + children(pid).into_iter().map(rss).sum::<u64>();
            p.fetch_max(total, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    (stop, peak, handle)
}

/// Each attacker answer is a clear refusal: the time limit, the memory cap, or over the client's
/// share (429 after the queue wait).
fn assert_refused(answers: Vec<std::thread::JoinHandle<(u16, String)>>, what: &str) -> Vec<(u16, String)> {
    let answers: Vec<(u16, String)> = answers.into_iter().map(|a| a.join().expect("attacker thread")).collect();
    for (status, body) in &answers {
        assert!(
            ["timeout", "invalid-parameter", "too-many-requests"].iter().any(|t| body.contains(&format!("urn:tiltak:problem:{t}"))),
            "{what}: {status} {body}"
        );
    }
    eprintln!("{what}: {:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
    answers
}

fn attack(server: &Arc<Server>, from: [u8; 4], queries: Vec<String>) -> Vec<std::thread::JoinHandle<(u16, String)>> {
    queries
        .into_iter()
        .map(|q| {
            let server = server.clone();
            std::thread::spawn(move || query(&server, from, &q))
        })
        .collect()
}

#[test]
fn runaway_optional_chains_and_concat_bombs_leave_other_clients_served_and_memory_bounded() {
    let server = Arc::new(Server::start(&[]));
    let (stop, peak, watcher) = watch_memory(&server);
    // Four CONCAT bombs at once: each worker that runs one stops at its memory cap (400) or, on a
    // slow machine, at the time limit.
    assert_refused(attack(&server, ATTACKER, (0..4).map(concat_bomb).collect()), "CONCAT bombs");
    // Four OPTIONAL chains at once; meanwhile other addresses are answered.
    let chains = attack(&server, ATTACKER, (0..4).map(optional_chain).collect());
    std::thread::sleep(Duration::from_millis(500));
    for (i, other) in [[127, 0, 0, 2], [127, 0, 0, 3], [127, 0, 0, 2]].into_iter().enumerate() {
        let started = Instant::now();
        let (status, body) = query(&server, other, &format!("{TRIVIAL} # probe {i}"));
        assert_eq!(status, 200, "another client during the attack: {body}");
        eprintln!("probe {i} from {other:?} answered in {} ms", started.elapsed().as_millis());
        std::thread::sleep(Duration::from_millis(300));
    }
    let chains = assert_refused(chains, "OPTIONAL chains");
    assert!(chains.iter().any(|(s, b)| *s == 503 && b.contains("urn:tiltak:problem:timeout")), "a chain ran to the time limit");
    // The slots are free again (the runaway workers were killed and replaced): four at once from
    // two addresses are answered.
    let after = attack(&server, ATTACKER, vec![format!("{TRIVIAL} # a1"), format!("{TRIVIAL} # a2")]).into_iter().chain(attack(
        &server,
        [127, 0, 0, 4],
        vec![format!("{TRIVIAL} # b1"), format!("{TRIVIAL} # b2")],
    ));
    for a in after {
        let (status, body) = a.join().expect("thread");
        assert_eq!(status, 200, "after the attack: {body}");
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("watcher");
    let peak = peak.load(Ordering::Relaxed);
    eprintln!("peak RSS of the server and its workers: {} MiB", peak / (1024 * 1024));
    assert!(peak > 0, "memory was measured");
    assert!(peak < GIB, "peak RSS {} MiB", peak / (1024 * 1024));
    assert!(server.total_rss() < GIB);
}

#[test]
fn one_clients_four_slow_queries_leave_another_client_served() {
    let server = Arc::new(Server::start(&["--sparql-timeout", "4"]));
    let slow: Vec<_> = (0..4)
        .map(|n| {
            let server = server.clone();
            std::thread::spawn(move || query(&server, ATTACKER, &optional_chain(10 + n)))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, body) = query(&server, [127, 0, 0, 5], TRIVIAL);
    assert_eq!(status, 200, "{body}");
    let statuses: Vec<u16> = slow.into_iter().map(|t| t.join().expect("thread").0).collect();
    // Two ran into the time limit (503), two were over the client's share (429 after the queue wait).
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 2, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 503).count(), 2, "{statuses:?}");
}

#[test]
fn a_query_past_the_memory_cap_ends_its_worker_not_the_server() {
    let server = Arc::new(Server::start(&["--sparql-worker-memory-mib", "48", "--sparql-timeout", "30"]));
    let (status, body) = query(&server, ATTACKER, &concat_bomb(0));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("urn:tiltak:problem:invalid-parameter") && body.contains("48 MiB of memory"), "{body}");
    // The worker was replaced: the next queries (more than one worker's worth) are answered.
    for i in 0..5 {
        let (status, body) = query(&server, ATTACKER, &format!("{TRIVIAL} # {i}"));
        assert_eq!(status, 200, "{body}");
    }
}

#[test]
fn a_client_that_goes_away_frees_its_slot_and_its_worker_at_once() {
    // One slot, so the next query can only run once the abandoned one let go of it.
    let app = crate::helpers::spawn_with(|c| {
        c.sparql_max_concurrent = 1;
        c.sparql_queue_wait = Duration::from_millis(500);
        c.limits.expensive_per_second = 0;
    });
    let state = app.state.clone().expect("state");
    let started = Instant::now();
    while !state.sparql_pool.workers_ready() {
        assert!(started.elapsed() < Duration::from_secs(60), "the workers never became ready");
        std::thread::sleep(Duration::from_millis(50));
    }
    let addr: SocketAddr = app.base.trim_start_matches("http://").parse().expect("address");
    // Send a runaway query, wait until it runs, then hang up.
    let mut stream = TcpStream::connect(addr).expect("connect");
    let q = optional_chain(99);
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n{q}",
        q.len()
    );
    stream.write_all(head.as_bytes()).expect("send");
    std::thread::sleep(Duration::from_millis(700));
    drop(stream);
    std::thread::sleep(Duration::from_millis(300));
    // The only slot is free again long before the 10 s time limit (else this would be 503 after
    // the 500 ms wait).
    let r = app.post("/sparql", "application/sparql-query", TRIVIAL.as_bytes(), &[("Accept", "application/sparql-results+json")]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(state.sparql_pool.workers_ready());
}
