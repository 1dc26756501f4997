//! Issue 14: faults. An import killed with SIGKILL leaves the old database intact and usable;
//! reloads under load switch JSON and SPARQL together with zero errors; SIGTERM drains in-flight
//! requests; SIGHUP reloads; a corrupt database, an unwritable path or a port in use end with a
//! clear message and a non-zero exit, never a panic. The binary is the real one.

use crate::helpers::{free_port, spawn_binary_with_log, spawn_with, TestApp};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tiltak")
}

fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(bin()).args(args).output().expect("run tiltak");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Version, per-table counts and SQLite's own integrity verdict.
fn fingerprint(db: &Path) -> (String, Vec<i64>, String) {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let version: String = conn.query_row("SELECT value FROM meta WHERE key = 'data_version'", [], |r| r.get(0)).expect("version");
    let counts = tiltak::model::ENTITIES
        .iter()
        .map(|e| conn.query_row(&format!("SELECT COUNT(*) FROM {}", e.table), [], |r| r.get(0)).expect("count"))
        .collect();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    (version, counts, integrity)
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().expect("kill");
    assert!(ok.success(), "kill -{name}");
}

#[test]
fn an_import_killed_at_any_moment_leaves_the_old_database_intact_and_usable() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("served.db");
    let (ok, out) = run(&["import", "--db", path_str(&db)]);
    assert!(ok, "{out}");
    let before = fingerprint(&db);
    assert_eq!(before.2, "ok");
    // A large import (synthetic measures, scale 200) so there is a long moment to interrupt.
    let synth = tmp.path().join("synth");
    let (ok, out) = run(&["synth", "--scale", "200", "--out", path_str(&synth)]);
    assert!(ok, "{out}");
    let work = tiltak::db::atomic::work_path(&db);
    let mut interrupted_mid_import = 0;
    for delay_ms in [0u64, 30, 100, 250, 500, 1000, 1500] {
        let mut child = Command::new(bin())
            .args(["import", "--db", path_str(&db), path_str(&synth)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().expect("try_wait").is_some();
        if !finished {
            signal(&child, "KILL");
        }
        let _ = child.wait();
        if finished {
            break; // this machine imports faster than the delay: later moments show nothing new
        }
        if work.exists() {
            interrupted_mid_import += 1;
        }
        assert_eq!(fingerprint(&db), before, "killed after {delay_ms} ms: the old database is untouched");
    }
    assert!(interrupted_mid_import > 0, "at least one kill hit the import while it was writing");
    // The old database serves.
    let app = spawn_with(|c| c.db = Some(db.clone()));
    assert_eq!(app.json("/health")["data_version"], before.0.as_str());
    assert_eq!(app.json("/api/v1/measures")["total"], 0);
    // And a complete import afterwards replaces it (and clears the leftover work file).
    let (ok, out) = run(&["import", "--db", path_str(&db), path_str(&synth)]);
    assert!(ok, "{out}");
    let after = fingerprint(&db);
    assert_ne!(after.0, before.0);
    assert_eq!(after.2, "ok");
    assert!(!work.exists());
}

fn count_measures_sparql(app: &TestApp) -> (u16, Option<u64>) {
    let q = format!(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <http://purl.org/dc/terms/identifier> ?id FILTER(STRSTARTS(STR(?s), \"{}/id/measure/\")) }}",
        app.base
    );
    let r = app.post("/sparql", "application/sparql-query", q.as_bytes(), &[("Accept", "application/sparql-results+json")]);
    if r.status != 200 {
        return (r.status, None);
    }
    let n = r.json()["results"]["bindings"][0]["n"]["value"].as_str().and_then(|v| v.parse().ok());
    (r.status, n)
}

#[test]
fn reloads_under_load_switch_json_and_sparql_together_with_zero_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("served.db");
    assert!(run(&["import", "--db", path_str(&db)]).0);
    let with = tmp.path().join("with");
    assert!(run(&["synth", "--out", path_str(&with)]).0);
    let without = tmp.path().join("without");
    std::fs::create_dir_all(&without).expect("mkdir");
    let header = std::fs::read_to_string(with.join("measures.csv")).expect("csv").lines().next().expect("header").to_string();
    std::fs::write(without.join("measures.csv"), header + "\n").expect("write");
    let app = spawn_with(|c| {
        c.db = Some(db.clone());
        c.limits.admin_token = Some("reload-token".into());
        c.limits.expensive_per_second = 0;
    });
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hammers: Vec<_> = (0..4)
        .map(|i| {
            let base = app.base.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let app = TestApp { base, state: None };
                let mut seen = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    match i % 3 {
                        0 => {
                            let r = app.get_with("/api/v1/measures?limit=1", &[("Cache-Control", "no-cache")]);
                            seen.push(("json", r.status, r.json()["total"].as_u64()));
                        }
                        1 => {
                            let h = app.get("/health");
                            seen.push(("health", h.status, h.json()["counts"]["measures"].as_u64()));
                        }
                        _ => {
                            let (status, n) = count_measures_sparql(&app);
                            seen.push(("sparql", status, n));
                        }
                    }
                }
                seen
            })
        })
        .collect();
    let auth = [("Authorization", "Bearer reload-token")];
    for round in 0..4 {
        let (dir, expected) = if round % 2 == 0 { (&with, 412) } else { (&without, 0) };
        let (ok, out) = run(&["import", "--db", path_str(&db), path_str(dir)]);
        assert!(ok, "{out}");
        let r = app.post("/admin/reload", "", b"", &auth);
        assert_eq!(r.status, 200, "{}", r.text());
        // Once the reload has answered, every route serves the new snapshot.
        assert_eq!(app.json("/api/v1/measures?limit=1")["total"], expected, "JSON after round {round}");
        assert_eq!(count_measures_sparql(&app).1, Some(expected), "SPARQL after round {round}");
        assert_eq!(app.json("/health")["data_version"], r.json()["data_version"]);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answers = 0;
    for h in hammers {
        for (route, status, n) in h.join().expect("hammer") {
            assert_eq!(status, 200, "{route}: an error during reloads");
            assert!(n == Some(0) || n == Some(412), "{route}: a mixed answer {n:?}");
            answers += 1;
        }
    }
    assert!(answers > 0);
}

fn wait_ready(base: &str, child: &mut Child) {
    let started = Instant::now();
    loop {
        assert!(child.try_wait().expect("try_wait").is_none(), "the server exited early");
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
        if agent.get(&format!("{base}/health")).call().is_ok_and(|r| r.status() == 200) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "server did not become ready");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_drains_in_flight_requests_and_sighup_reloads() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("served.db");
    assert!(run(&["import", "--db", path_str(&db)]).0);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let bind = format!("127.0.0.1:{port}");
    let (mut child, log_reader) =
        spawn_binary_with_log(&["serve", "--bind", &bind, "--db", path_str(&db), "--sparql-timeout", "3", "--rate-limit", "0"]);
    wait_ready(&base, &mut child);
    let app = TestApp { base: base.clone(), state: None };
    // SIGHUP: a new import becomes visible without a restart.
    let synth = tmp.path().join("synth");
    assert!(run(&["synth", "--out", path_str(&synth)]).0);
    assert!(run(&["import", "--db", path_str(&db), path_str(&synth)]).0);
    signal(&child, "HUP");
    let started = Instant::now();
    while app.json("/api/v1/measures?limit=1")["total"] != 412 {
        assert!(started.elapsed() < Duration::from_secs(60), "SIGHUP reloaded the data");
        std::thread::sleep(Duration::from_millis(50));
    }
    // SIGTERM while a slow query runs: it still gets its whole answer, then the process exits 0.
    let slow_base = base.clone();
    let in_flight = std::thread::spawn(move || {
        let app = TestApp { base: slow_base, state: None };
        let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        app.post("/sparql", "application/sparql-query", q.as_bytes(), &[("Cache-Control", "no-cache")])
    });
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "TERM");
    let r = in_flight.join().expect("in-flight request");
    assert!(r.status == 200 || r.status == 503, "a complete answer, not a reset: {} {}", r.status, r.text());
    assert!(r.content_type().starts_with("application/"), "{}", r.content_type());
    let status = child.wait().expect("wait");
    let stderr = log_reader.join().expect("log reader");
    assert!(status.success(), "exit after draining: {status:?}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn corrupt_database_unwritable_path_and_port_in_use_fail_clearly_without_panic() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corrupt = tmp.path().join("corrupt.db");
    std::fs::write(&corrupt, b"this is not an SQLite database, just bytes that look like nothing at all".repeat(100)).expect("write");
    let not_a_dir = tmp.path().join("file");
    std::fs::write(&not_a_dir, b"x").expect("write");
    let unwritable = not_a_dir.join("sub").join("t.db");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let taken_addr = taken.local_addr().expect("addr").to_string();
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "corrupt db (serve)",
            vec!["serve".into(), "--bind".into(), "127.0.0.1:0".into(), "--db".into(), path_str(&corrupt).into()],
            "not a database",
        ),
        ("corrupt db (import)", vec!["import".into(), "--db".into(), path_str(&corrupt).into()], "not a database"),
        (
            "unwritable path (serve)",
            vec!["serve".into(), "--bind".into(), "127.0.0.1:0".into(), "--db".into(), path_str(&unwritable).into()],
            "unable to open",
        ),
        ("unwritable path (import)", vec!["import".into(), "--db".into(), path_str(&unwritable).into()], "t.db"),
        ("port in use", vec!["serve".into(), "--bind".into(), taken_addr.clone()], "cannot listen on"),
        ("bad limit", vec!["serve".into(), "--bind".into(), "127.0.0.1:0".into(), "--keep-alive=0".into()], "keep-alive"),
    ];
    for (case, args, expected) in cases {
        let mut child = Command::new(bin()).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let started = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().expect("try_wait") {
                break s;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("{case}: still running");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = child.wait_with_output().expect("output");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!status.success(), "{case}: must fail\n{text}");
        assert_eq!(status.code(), Some(1), "{case}: an orderly exit, not a signal or panic code\n{text}");
        assert!(!text.contains("panicked"), "{case}: {text}");
        assert!(text.to_lowercase().contains(expected), "{case}: expected «{expected}» in\n{text}");
    }
    // The corrupt file was not "repaired" or overwritten.
    assert!(std::fs::read(&corrupt).expect("read").starts_with(b"this is not an SQLite database"));
    drop(taken);
}
