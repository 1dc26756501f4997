//! Issue 12: the strategy's goals and Digdir's ratings of them, dated statuses of numbered
//! initiatives, the data-quality notes C1–C10 and the audit fixes — over HTTP, with JSON and
//! SPARQL compared.

use crate::helpers::*;
use oxigraph::sparql::results::QueryResultsFormat;
use std::collections::{BTreeMap, HashMap, HashSet};

fn str_of<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

fn ids(body: &serde_json::Value) -> HashSet<String> {
    body["items"].as_array().expect("items").iter().map(|i| str_of(i, "id").to_string()).collect()
}

/// Rows of a SELECT answer (JSON results), each variable as its lexical value or IRI.
fn select(app: &TestApp, query: &str) -> Vec<HashMap<String, String>> {
    let q = format!(
        "PREFIX tt: <{}/def/> PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#> {query}",
        app.base
    );
    let path = format!("/sparql?{}", serde_urlencoded::to_string([("query", q.as_str())]).expect("encode"));
    let r = app.get_with(&path, &[("Accept", "application/sparql-results+json")]);
    assert_eq!(r.status, 200, "{query}: {}", r.text());
    let (vars, rows) = select_answer(&r.body, QueryResultsFormat::Json);
    rows.into_iter()
        .map(|row| {
            vars.iter()
                .zip(row)
                .filter_map(|(v, t)| {
                    t.map(|t| {
                        let value = match t {
                            oxigraph::model::Term::Literal(l) => l.value().to_string(),
                            oxigraph::model::Term::NamedNode(n) => n.into_string(),
                            other => other.to_string(),
                        };
                        (v.clone(), value)
                    })
                })
                .collect()
        })
        .collect()
}

fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("header").clone();
    r.records().map(|rec| headers.iter().zip(rec.expect("row").iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()).collect()
}

#[test]
fn strategy_goals_list_with_their_strategy_and_assessments() {
    let app = spawn();
    let goals = app.json("/api/v1/strategy-goals?limit=100");
    assert_eq!(goals["total"], 6);
    let numbers: Vec<i64> = goals["items"].as_array().expect("items").iter().map(|g| g["number"].as_i64().expect("number")).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6], "default sort is the goal number");
    for g in goals["items"].as_array().expect("items") {
        assert_eq!(str_of(g, "strategy_id"), "en-digital-offentlig-sektor");
        assert!(!g["title"]["nb"].as_str().unwrap_or("").is_empty() && !g["title"]["en"].as_str().unwrap_or("").is_empty());
    }
    let strategy = app.json("/api/v1/strategies/en-digital-offentlig-sektor");
    assert_eq!(strategy["links"]["goals"].as_array().map(Vec::len), Some(6), "the strategy links its goals");
    let goal6 = app.json("/api/v1/strategy-goals/goal-6");
    let assessed: HashSet<String> =
        goal6["links"]["assessments"].as_array().expect("assessments").iter().map(|a| str_of(a, "id").to_string()).collect();
    let expected: HashSet<String> =
        fixture_rows("goal_assessments.csv").into_iter().filter(|r| r["goal_id"] == "goal-6").map(|r| r["id"].clone()).collect();
    assert_eq!(assessed, expected);
    assert_eq!(assessed.len(), 5, "goal 6 is rated in all four editions, twice for 2023 (goal page and news item, DQ30)");
}

#[test]
fn goal_assessments_filter_facet_and_csv() {
    let app = spawn();
    let rows = fixture_rows("goal_assessments.csv");
    assert_eq!(app.json("/api/v1/goal-assessments")["total"].as_u64(), Some(rows.len() as u64));
    // Filters: 'stryk' goes to goals 1 and 6 for 2023 (the news item; the goal-6 page says 'mindre god', DQ30).
    let fail = app.json("/api/v1/goal-assessments?rating=stryk");
    assert_eq!(ids(&fail), HashSet::from(["goal-1-rdt-2023".to_string(), "goal-6-rdt-2023-news".to_string()]));
    let goal3_good = app.json("/api/v1/goal-assessments?goal_id=goal-3&rating=god");
    assert_eq!(ids(&goal3_good), HashSet::from(["goal-3-status-2022".to_string(), "goal-3-rdt-2023".to_string()]));
    // Edition label and data year are separate: the edition headed "status for 2022" has 2021 data.
    let labelled_2022 = app.json("/api/v1/goal-assessments?report_id=rdt-edition-status-2022&limit=100");
    assert_eq!(labelled_2022["total"], 6);
    for a in labelled_2022["items"].as_array().expect("items") {
        assert_eq!(a["data_year"], 2021, "{}", a["id"]);
        assert!(a["quality_notes"].as_array().expect("notes").iter().any(|n| n == "DQ28"), "{} carries DQ28", a["id"]);
    }
    assert_eq!(app.json("/api/v1/goal-assessments?data_year=2021")["total"], 6);
    // Facets count the filtered set, nulls included (summary records have no rating).
    let body = app.json("/api/v1/goal-assessments?facet=rating&facet=report_id&facet=data_year");
    let facet = |f: &str| -> BTreeMap<String, u64> {
        body["facets"][f]
            .as_array()
            .expect("facet")
            .iter()
            .map(|v| (v["value"].as_str().map(String::from).unwrap_or_else(|| v["value"].to_string()), v["count"].as_u64().expect("count")))
            .collect()
    };
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for r in &rows {
        let key = if r["rating"].is_empty() { "null".to_string() } else { r["rating"].clone() };
        *expected.entry(key).or_default() += 1;
    }
    assert_eq!(facet("rating"), expected);
    assert_eq!(facet("rating").get("null"), Some(&2), "two summary records over all goals");
    assert_eq!(facet("report_id").values().sum::<u64>(), rows.len() as u64);
    // CSV: same rows as JSON for the same filter, with the source column.
    let csv = app.get("/api/v1/goal-assessments?format=csv&rating=middels");
    assert!(csv.content_type().starts_with("text/csv"));
    let csv = csv_rows(&csv.text());
    let json = app.json("/api/v1/goal-assessments?rating=middels&limit=100");
    assert_eq!(csv.iter().map(|r| r["id"].clone()).collect::<HashSet<_>>(), ids(&json));
    assert!(csv.iter().all(|r| r["rating"] == "middels" && !r["sources"].is_empty()));
    // Bad filter values are problems, not crashes.
    let bad = app.get("/api/v1/goal-assessments?data_year=twenty");
    assert_eq!(bad.status, 400);
    assert!(bad.content_type().starts_with("application/problem+json"));
}

#[test]
fn every_new_figure_is_served_with_its_source() {
    let app = spawn();
    for collection in ["strategy-goals", "goal-assessments", "initiative-statuses"] {
        for item in walk(&app, &format!("/api/v1/{collection}?limit=50")) {
            let sources = item["sources"].as_array().expect("sources");
            assert!(!sources.is_empty(), "{collection} {} has a source", item["id"]);
            assert!(sources.iter().all(|s| s["url"].as_str().is_some_and(|u| u.starts_with("https://"))));
        }
    }
    // Key figures of a goal come from that goal's page of Rikets digitale tilstand (or the news
    // item / report summary that names it), never from another goal's page.
    for a in walk(&app, "/api/v1/goal-assessments?scope=goal&limit=50") {
        let goal = str_of(&a, "goal_id").trim_start_matches("goal-").to_string();
        let urls: Vec<&str> = a["sources"].as_array().expect("sources").iter().filter_map(|s| s["url"].as_str()).collect();
        for u in &urls {
            if let Some(rest) = u.split("/mal-").nth(1) {
                assert!(rest.starts_with(&format!("{goal}/")), "{} cites {u}", a["id"]);
            }
        }
    }
    // The same provenance in RDF: every assessment has dct:source and prov:wasDerivedFrom.
    let rows = select(
        &app,
        "SELECT ?id (COUNT(DISTINCT ?src) AS ?n) (COUNT(DISTINCT ?page) AS ?p) WHERE { ?s a tt:GoalAssessment ; dct:identifier ?id ; dct:source ?src ; prov:wasDerivedFrom ?page } GROUP BY ?id",
    );
    assert_eq!(rows.len(), fixture_rows("goal_assessments.csv").len(), "every assessment has a source in RDF");
    let key_figures = app.json("/api/v1/goal-assessments/goal-5-status-2022");
    assert!(str_of(&key_figures, "key_figures_en").contains("9,257"), "key figures as compiled");
}

#[test]
fn json_and_sparql_agree_on_the_goal_ratings() {
    let app = spawn();
    let from_json: BTreeMap<String, (Option<String>, Option<i64>, String)> = walk(&app, "/api/v1/goal-assessments?limit=50")
        .iter()
        .map(|a| {
            (
                str_of(a, "id").to_string(),
                (a["rating"].as_str().map(String::from), a["data_year"].as_i64(), str_of(a, "report_id").to_string()),
            )
        })
        .collect();
    let rows = select(
        &app,
        "SELECT ?id ?rating ?year ?report WHERE { ?s a tt:GoalAssessment ; dct:identifier ?id ; tt:reportedIn ?report . OPTIONAL { ?s tt:rating ?rating } OPTIONAL { ?s tt:dataYear ?year } }",
    );
    let code = |iri: &str| iri.rsplit('/').next().unwrap_or_default().to_string();
    let from_sparql: BTreeMap<String, (Option<String>, Option<i64>, String)> = rows
        .iter()
        .map(|r| (r["id"].clone(), (r.get("rating").map(|i| code(i)), r.get("year").and_then(|y| y.parse().ok()), code(&r["report"]))))
        .collect();
    assert_eq!(from_sparql, from_json);
    assert_eq!(from_json.len(), 19);
    // The rating code list has nb and en labels, in RDF too.
    let labels = select(
        &app,
        &format!("SELECT ?nb ?en WHERE {{ <{}/def/goal-rating/mindre-god> skos:prefLabel ?nb , ?en FILTER(LANG(?nb) = \"nb\" && LANG(?en) = \"en\") }}", app.base),
    );
    assert_eq!(labels.len(), 1);
    assert_eq!((labels[0]["nb"].as_str(), labels[0]["en"].as_str()), ("mindre god", "less good"));
    let goal_labels = select(&app, "SELECT ?id ?l WHERE { ?s a tt:StrategyGoal ; dct:identifier ?id ; skos:prefLabel ?l }");
    assert_eq!(goal_labels.len(), 12, "six goals, each labelled nb and en");
}

#[test]
fn two_page_versions_of_3_1_are_two_status_records() {
    let app = spawn();
    let statuses = app.json("/api/v1/initiative-statuses?official_number=3.1");
    assert_eq!(statuses["total"], 2);
    let items = statuses["items"].as_array().expect("items");
    let by_status: HashMap<&str, &serde_json::Value> = items.iter().map(|i| (str_of(i, "status"), i)).collect();
    let older = by_status["completed"];
    let newer = by_status["in-operation"];
    assert_eq!(str_of(older, "initiative_id"), "I01");
    assert_eq!(str_of(newer, "initiative_id"), "I01");
    assert_ne!(older["page_url"], newer["page_url"], "different page versions");
    assert_eq!(older["as_of_date"], "2020-09-21");
    assert_eq!(older["number_printed"], false);
    assert_eq!(newer["number_printed"], true);
    assert_eq!(older["responsible_ministry_id"], "kmd");
    assert_eq!(older["executing_body_id"], "991825827");
    let i01 = app.json("/api/v1/initiatives/I01");
    assert_eq!(i01["official_number"], "3.1");
    assert_eq!(i01["action_plan_area"], 3);
    assert_eq!(i01["focus_area_id"], "2", "area number 3 is not focus_area_seq 2 (DQ22)");
    assert_eq!(i01["links"]["statuses"].as_array().map(Vec::len), Some(2));
    // 8.1: printed number, area 8 (not in the 2022 report), executing body undecided, kept as text.
    let i02 = app.json("/api/v1/initiatives/I02");
    assert_eq!((i02["official_number"].as_str(), i02["action_plan_area"].as_i64()), (Some("8.1"), Some(8)));
    let s81 = app.json("/api/v1/initiative-statuses?official_number=8.1");
    assert_eq!(s81["total"], 1);
    let s81 = &s81["items"][0];
    assert_eq!((s81["executing_body_id"].is_null(), s81["executing_body_text"].as_str()), (true, Some("Uavklart")));
    let areas = app.json("/api/v1/focus-areas?facet=action_plan_area");
    let numbered: HashSet<i64> =
        areas["facets"]["action_plan_area"].as_array().expect("facet").iter().filter_map(|v| v["value"].as_i64()).collect();
    assert_eq!(numbered, HashSet::from([3, 4, 7, 8, 9]));
    let csv = csv_rows(&app.get("/api/v1/initiative-statuses?format=csv").text());
    assert_eq!(csv.len(), 5);
}

#[test]
fn status_records_carry_a_composed_label_in_nb_and_en_in_json_links_and_rdf() {
    let app = spawn();
    let older = app.json("/api/v1/initiative-statuses/3.1-older-page");
    // Composed from the official number, the status code's labels and the page version.
    assert_eq!(older["label"]["nb"], "Tiltak 3.1: Ferdigstilt (eldre sideversjon)");
    assert_eq!(older["label"]["en"], "Initiative 3.1: Completed (older page version)");
    let i01 = app.json("/api/v1/initiatives/I01");
    let linked: HashSet<&str> =
        i01["links"]["statuses"].as_array().expect("statuses").iter().map(|l| l["label"]["nb"].as_str().expect("nb label")).collect();
    assert_eq!(linked, HashSet::from(["Tiltak 3.1: Ferdigstilt (eldre sideversjon)", "Tiltak 3.1: Initiativ i drift (nyere sideversjon)"]));
    let rows = select(
        &app,
        &format!("SELECT ?l WHERE {{ <{}/id/initiative-status/3.1-older-page> rdfs:label ?l . FILTER(lang(?l) = \"en\") }}", app.base),
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["l"], "Initiative 3.1: Completed (older page version)");
}

#[test]
fn new_quality_notes_concern_records_and_publish_both_values() {
    let app = spawn();
    for n in 20..=29 {
        let note = app.json(&format!("/api/v1/data-quality/DQ{n}"));
        assert!(!note["links"]["concerns"].as_array().expect("concerns").is_empty(), "DQ{n} concerns records");
        assert!(!note["values_involved"].as_str().unwrap_or("").is_empty(), "DQ{n} states the values");
        assert!(!note["sources"].as_array().expect("sources").is_empty());
    }
    // C5: both values of the 2021 benefit share are published, on the records they come from.
    let dq24 = app.json("/api/v1/data-quality/DQ24");
    assert!(str_of(&dq24, "values_involved").contains("19 %") && str_of(&dq24, "values_involved").contains("20 %"));
    let early = app.json("/api/v1/goal-assessments/goal-6-rdt-2022");
    let late = app.json("/api/v1/goal-assessments/goal-6-rdt-2023");
    assert!(str_of(&early, "key_figures_en").contains("(19% in 2021)"));
    assert!(str_of(&late, "key_figures_en").contains("20% in 2021"));
    // C6: the 29 % indicator and the 16 % goal figure stay separate records, both annotated.
    let concerned: HashSet<String> = app.json("/api/v1/data-quality/DQ25")["links"]["concerns"]
        .as_array()
        .expect("concerns")
        .iter()
        .map(|c| format!("{}/{}", str_of(c, "collection"), str_of(c, "id")))
        .collect();
    assert!(concerned.contains("goal-assessments/goal-4-status-2022"), "{concerned:?}");
    assert!(concerned.iter().any(|c| c.starts_with("indicators/")), "{concerned:?}");
    // DQ10, DQ17 and DQ18 are updated as C2–C4 say.
    for (id, words) in [("DQ10", "fixed number of measures"), ("DQ17", "action-plan area 8"), ("DQ18", "strategy's chapters")] {
        assert!(str_of(&app.json(&format!("/api/v1/data-quality/{id}")), "description_en").contains(words), "{id}");
    }
}

#[test]
fn audit_fixes_inferred_creator_composed_titles_and_unsourced_names() {
    let app = spawn();
    // An inferred creator is text, not a fact.
    for ind in walk(&app, "/api/v1/indicators?limit=100") {
        if ind["source_org_text"].as_str().is_some_and(|t| t.contains("implied")) {
            assert!(ind["source_org_id"].is_null(), "{} states an inferred creator as fact", ind["id"]);
        }
    }
    assert!(app.json("/api/v1/indicators/ind-07")["source_org_id"].is_null());
    // Composed report titles are bracketed like composed source titles; printed ones are not.
    let reports = app.json("/api/v1/reports/digdir-annual-report-2022");
    assert!(reports["title"]["nb"].as_str().is_some_and(|t| t.starts_with('[') && t.ends_with(']')));
    let printed = app.json("/api/v1/reports/loypemelding-2021-t2");
    assert!(!printed["title"]["nb"].as_str().unwrap_or("[").starts_with('['));
    // Names no source prints are marked.
    for id in ["aid", "ssb", "dfo", "european-commission"] {
        let org = app.json(&format!("/api/v1/organizations/{id}"));
        assert!(org["name_note"].as_str().is_some_and(|n| n.contains("without a source")), "{id}");
    }
    // A printed Norwegian name needs no note on it (issue 23 adds one on the English name, translated here).
    let kmd = app.json("/api/v1/organizations/kmd");
    assert!(!kmd["name_note"].as_str().unwrap_or("").contains("name_nb"), "a printed Norwegian name needs no note");
}
