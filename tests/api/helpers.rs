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
