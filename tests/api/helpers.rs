//! API-suite helpers on top of the shared `tests/common` (spawn, client, response).

pub use crate::common::*;
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};
use std::collections::HashMap;

/// A SELECT answer in `format`: its variables, and each solution's terms in that order (unbound = None).
pub fn select_answer(body: &[u8], format: QueryResultsFormat) -> (Vec<String>, Vec<Vec<Option<Term>>>) {
    match QueryResultsParser::from_format(format).for_slice(body).expect("parsable results") {
        SliceQueryResultsParserOutput::Solutions(s) => {
            let vars = s.variables().to_vec();
            let rows = s
                .map(|sol| {
                    let sol = sol.expect("solution");
                    vars.iter().map(|v| sol.get(v).cloned()).collect()
                })
                .collect();
            (vars.iter().map(|v| v.as_str().to_string()).collect(), rows)
        }
        SliceQueryResultsParserOutput::Boolean(_) => panic!("expected solutions"),
    }
}

/// Rows of a shipped fixture file (header excluded), as maps.
pub fn fixture_rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

/// Follow `next` links from `path` and return every item.
pub fn walk(app: &TestApp, path: &str) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    let mut url = app.url(path);
    let mut pages = 0;
    loop {
        let r = app.get(&url);
        assert_eq!(r.status, 200, "GET {url}: {}", r.text());
        let body = r.json();
        items.extend(body["items"].as_array().expect("items").iter().cloned());
        pages += 1;
        assert!(pages < 100_000, "too many pages");
        match body["next"].as_str() {
            Some(next) => {
                let link = r.header("link").expect("Link header with a next page");
                assert!(link.contains(next) && link.contains("rel=\"next\""), "Link header {link} names {next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    items
}

/// A free loopback port (for a server started as a separate process).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Start the real binary with `args`, its standard error read on a thread as it comes (a full pipe
/// would block the server's logging: one access line a request). The thread returns the whole log
/// once the process has exited.
pub fn spawn_binary_with_log(args: &[&str]) -> (std::process::Child, std::thread::JoinHandle<String>) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the tiltak binary");
    let mut log = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut log, &mut text);
        text
    });
    (child, reader)
}
