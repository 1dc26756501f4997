//! Issue 23: the data fixes of the audit, each as a test over HTTP that would have caught it.

use crate::helpers::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use tiltak::model::Kind;

fn item(app: &TestApp, path: &str) -> Value {
    let r = app.get(path);
    assert_eq!(r.status, 200, "GET {path}: {}", r.snippet());
    r.json()
}

fn notes(v: &Value) -> Vec<String> {
    v["quality_notes"].as_array().map(|a| a.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[test]
fn titles_and_names_translated_here_are_marked() {
    let app = spawn();
    // English report titles no source prints: in [brackets], like composed titles.
    for id in [
        "rdt-2022",
        "rdt-2023",
        "rikets-digitale-tilstand-2019-2024",
        "erfaringsrapport-2020",
        "loypemelding-2021-t2",
        "kunnskapsgrunnlag-digitaliseringstiltak",
    ] {
        let r = item(&app, &format!("/api/v1/reports/{id}"));
        let en = r["title"]["en"].as_str().unwrap();
        assert!(en.starts_with('[') && en.ends_with(']'), "{id}: {en}");
        assert!(!r["title"]["nb"].as_str().unwrap().starts_with('['), "{id}: the Norwegian title is printed");
    }
    let plan = item(&app, "/api/v1/strategies/action-plan-en-digital-offentlig-sektor");
    assert!(plan["title"]["nb"].as_str().unwrap().starts_with('['), "the action plan's title is composed here");
    assert!(plan["title"]["en"].as_str().unwrap().starts_with('['));
    let agenda = item(&app, "/api/v1/strategies/digital-agenda-for-norge");
    assert!(agenda["title"]["en"].as_str().unwrap().starts_with('['), "English title of Meld. St. 27 translated here");
    // Every organisation whose English name differs from the Norwegian one says where it comes from,
    // unless the sources print it in English (European Commission).
    for o in walk(&app, "/api/v1/organizations") {
        let (nb, en) = (o["name"]["nb"].as_str().unwrap(), o["name"]["en"].as_str().unwrap());
        if nb == en || o["id"] == "european-commission" {
            continue;
        }
        let note = o["name_note"].as_str().unwrap_or("");
        assert!(note.contains("English name"), "{}: English name {en:?} without a note", o["id"]);
    }
}

#[test]
fn the_survey_licence_is_the_records_value_with_the_mapping_beside_it() {
    let app = spawn();
    let s = item(&app, "/api/v1/surveys/2018");
    assert_eq!(s["row_level_licence"], "http://creativecommons.org/publicdomain/zero/1.0/deed.no", "as the data.norge.no record gives it");
    assert_eq!(s["row_level_licence_authority"], "http://publications.europa.eu/resource/authority/licence/CC0");
    // The record's value, read from the compiled source where the checkout has it.
    let record = format!("{}/../shared/sources/datanorge_dcat_record_digitaliseringstiltak_2018.jsonld", env!("CARGO_MANIFEST_DIR"));
    if let Ok(text) = std::fs::read_to_string(&record) {
        assert!(text.contains(s["row_level_licence"].as_str().unwrap()), "the licence is the record's own value");
    }
}

#[test]
fn goal_6_in_2023_keeps_both_ratings_with_a_note_and_the_chart_shows_both() {
    let app = spawn();
    let body = item(&app, "/api/v1/goal-assessments?goal_id=goal-6&report_id=rdt-2023");
    let items = body["items"].as_array().unwrap();
    let ratings: HashSet<&str> = items.iter().map(|a| a["rating"].as_str().unwrap()).collect();
    assert_eq!(ratings, HashSet::from(["mindre-god", "stryk"]), "goal page and news item");
    for a in items {
        assert!(notes(a).contains(&"DQ30".to_string()), "{}: DQ30", a["id"]);
    }
    let dq = item(&app, "/api/v1/data-quality/DQ30");
    assert!(dq["description_en"].as_str().unwrap().contains("stryk"));
    let html = app.get_with("/charts?lang=en", &[("accept", "text/html")]).text();
    assert!(html.contains("sources disagree"), "the chart says goal 6 has two ratings");
    // Trust (47 % vs 52 %) and common solutions (75 % vs 68 %): both kept, with a note each.
    for (goal, note) in [("goal-1", "DQ31"), ("goal-5", "DQ32")] {
        for edition in ["status-2022", "rdt-2022"] {
            let a = item(&app, &format!("/api/v1/goal-assessments/{goal}-{edition}"));
            assert!(notes(&a).contains(&note.to_string()), "{goal}-{edition}: {note}");
        }
    }
    assert!(item(&app, "/api/v1/goal-assessments/goal-1-status-2022")["key_figures_en"].as_str().unwrap().contains("47%"));
    assert!(item(&app, "/api/v1/goal-assessments/goal-1-rdt-2022")["key_figures_en"].as_str().unwrap().contains("52%"));
}

#[test]
fn labels_and_notes_say_what_the_sources_say_and_cite_notes_by_id() {
    let app = spawn();
    // The goal-6 page of the 2021-data edition has no year in its heading.
    let a = item(&app, "/api/v1/goal-assessments/goal-6-status-2022");
    assert!(!a["label"]["nb"].as_str().unwrap().contains("status for 2022"), "{}", a["label"]);
    assert!(!a["label"]["en"].as_str().unwrap().contains("status for 2022"), "{}", a["label"]);
    // Notes name data-quality notes, never the compilers' README or file names.
    for c in ["goal-assessments", "indicators", "focus-areas", "strategies", "organizations"] {
        for r in walk(&app, &format!("/api/v1/{c}?limit=1000")) {
            let note = r["note_en"].as_str().unwrap_or("");
            for bad in ["README", "conflict C", "data_quality_issues", "action_plan_counts.csv"] {
                assert!(!note.contains(bad), "{c}/{}: note mentions {bad}: {note}", r["id"]);
            }
        }
    }
    // 28 is the strategy's number of measures, not a January 2022 count (C2, DQ21).
    let apc7 = item(&app, "/api/v1/indicators/apc-07");
    assert!(!apc7["note_en"].as_str().unwrap().contains("counted in January 2022"));
    assert!(apc7["note_en"].as_str().unwrap().contains("DQ21"));
    let ks = item(&app, "/api/v1/organizations/ks");
    assert!(!ks["note_en"].as_str().unwrap().contains("carried out jointly by KS and the government (January 2022)"));
    assert!(notes(&ks).contains(&"DQ21".to_string()));
    // Pages kept in several versions at one address (C8).
    for id in ["I01", "I10"] {
        assert!(notes(&item(&app, &format!("/api/v1/initiatives/{id}"))).contains(&"DQ27".to_string()), "{id}: DQ27");
    }
    // No repeated word in a composed name.
    assert_eq!(item(&app, "/api/v1/indicators/apc-30")["name_en"], "measures (tiltak) in the strategy");
}

#[test]
fn no_record_lists_a_source_twice() {
    let app = spawn();
    let index = app.json("/api/v1");
    for c in index["collections"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        if ["sources", "codes"].contains(&name) {
            continue; // no provenance of their own
        }
        for r in walk(&app, &format!("/api/v1/{name}?limit=1000&fields=sources")) {
            let Some(sources) = r["sources"].as_array() else { continue };
            let ids: Vec<&str> = sources.iter().map(|s| s["id"].as_str().unwrap()).collect();
            let unique: HashSet<&str> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "{name}/{}: {ids:?}", r["id"]);
        }
    }
}

#[test]
fn the_dated_facts_of_the_action_plan_are_records() {
    let app = spawn();
    let facts = walk(&app, "/api/v1/dated-facts");
    assert_eq!(facts.len(), 11, "the 13 rows of the source file less the two counts (indicators apc-30, apc-31)");
    for f in &facts {
        assert!(!f["sources"].as_array().unwrap().is_empty(), "{}: sources", f["id"]);
        assert!(f["as_of"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let toolbox = facts.iter().find(|f| f["as_of"] == "2021-02").expect("the data-sharing toolbox, February 2021");
    assert_eq!(toolbox["focus_area_id"], "2", "action-plan area 3 = focus area 2");
    let ks = facts.iter().find(|f| f["as_of_date"] == "2020-04-03").expect("the KS item of 2020-04-03");
    assert!(notes(ks).contains(&"DQ20".to_string()));
    let area = item(&app, "/api/v1/focus-areas/2");
    assert!(area["links"]["dated_facts"].as_array().unwrap().iter().any(|l| l["id"] == toolbox["id"]));
    // In RDF too, typed and linked.
    let nt = app.get(&format!("/id/dated-fact/{}?format=nt", toolbox["id"].as_str().unwrap())).text();
    assert!(nt.contains(&format!("<{}>", app.url("/def/DatedFact"))) && nt.contains(&app.url("/id/focus-area/2")));
}

#[test]
fn synthetic_rows_link_the_notes_their_assumptions_rest_on() {
    let app = spawn_with(|c| c.demo = true);
    let body = item(&app, "/api/v1/measures?limit=5");
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for m in items {
        assert_eq!(m["synthetic"], true);
        assert_eq!(notes(m), vec!["DQ1".to_string(), "DQ3".to_string()], "{}", m["id"]);
    }
}

/// Whether `text` holds `word` as a whole identifier (not inside a longer name, path or address).
fn names(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-');
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn served_text_never_names_a_fixture_column() {
    let app = spawn();
    // The columns of the shipped fixture files that read as identifiers (`name_nb`, `percent_computed`).
    let dir = format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut columns = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|x| x == "csv") {
            let text = std::fs::read_to_string(&path).expect("fixture");
            columns.extend(text.lines().next().unwrap_or("").split(',').filter(|c| c.contains('_')).map(str::to_string));
        }
    }
    assert!(columns.contains("name_nb") && columns.contains("percent_computed"), "{columns:?}");
    // Every text a person reads (prose, names, short tags) in every record of every collection.
    let mut found = Vec::new();
    for e in tiltak::model::ENTITIES {
        let read: Vec<&str> = e.fields.iter().filter(|f| matches!(f.kind, Kind::Text | Kind::Lang | Kind::Tag)).map(|f| f.name).collect();
        for item in walk(&app, &format!("/api/v1/{}?limit=1000", e.collection)) {
            for field in &read {
                let texts: Vec<&str> = match &item[*field] {
                    Value::String(s) => vec![s.as_str()],
                    Value::Object(m) => m.values().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                for text in texts.into_iter().filter(|t| !t.starts_with("http")) {
                    // A code that is spelt like a column (`main_purpose`) is a value, not a sentence about one.
                    for c in columns.iter().filter(|c| text != c.as_str() && names(text, c)) {
                        found.push(format!("{}/{} {field}: names {c}: {text}", e.collection, item["id"]));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "served text names fixture columns:\n{}", found.join("\n"));
}

/// Every text value of a record, wherever it sits (objects and lists opened).
fn texts<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| texts(x, out)),
        _ => {}
    }
}

#[test]
fn served_text_names_no_source_file_or_source_column() {
    let app = spawn();
    let collections: Vec<String> = item(&app, "/api/v1")["collections"]
        .as_array()
        .expect("collection list")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect();
    assert!(collections.len() > 20, "{collections:?}");
    let mut problems = Vec::new();
    for c in &collections {
        for r in walk(&app, &format!("/api/v1/{c}?limit=1000")) {
            let mut found = Vec::new();
            texts(&r, &mut found);
            for t in found.into_iter().filter(|t| !t.starts_with("http")) {
                if t.contains(".csv") || t.contains("_seq") {
                    problems.push(format!("{c}/{}: {t}", r["id"]));
                }
            }
        }
    }
    assert!(problems.is_empty(), "served text names a file or a source column:\n{}", problems.join("\n"));
}
