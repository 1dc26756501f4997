//! The collection query language (`selection::params::parse`) and the SPARQL text checks: any bytes in,
//! a value or a typed error out, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::OnceLock;
use tiltak::model::ENTITIES;

/// The real code lists, from the fixtures built into the binary.
fn codes() -> &'static HashMap<String, Vec<String>> {
    static CODES: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    CODES.get_or_init(|| {
        let (mut conn, _uri) = tiltak::db::open_memory().expect("memory db");
        tiltak::db::import::import(&mut conn, &tiltak::db::import::embedded_inputs()).expect("fixtures import");
        let mut stmt = conn.prepare("SELECT scheme, code FROM codes").expect("codes");
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).expect("rows") {
            let (s, c) = row.expect("row");
            map.entry(s).or_default().push(c);
        }
        map
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let query = String::from_utf8_lossy(rest);
    let entity: &'static tiltak::model::Entity = ENTITIES[which as usize % ENTITIES.len()];
    if let Ok(params) = tiltak::selection::params::parse(entity, &query, codes()) {
        let _ = params.fingerprint("v");
    }
    let _ = tiltak::selection::params::fts_expression(&query);
    let _ = tiltak::sparql::shape::check(&query, 100 * 1024, 64);
});
