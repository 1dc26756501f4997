//! Issue 23 over HTTP: JSON-stat (shape, numbers equal to the CSV), CSVW descriptions linked
//! from every CSV, the Data Package, citations. The pinned Python tools (jsonstat-validator,
//! pyjstat, csvw, frictionless) run against a server in scripts/validate_tabular.sh (.ci/run).

use crate::helpers::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Datasets of a JSON-stat answer (a dataset, or a collection embedding them).
fn datasets(doc: &Value) -> Vec<Value> {
    match doc["class"].as_str() {
        Some("collection") => doc["link"]["item"].as_array().expect("link.item").clone(),
        Some("dataset") => vec![doc.clone()],
        other => panic!("not JSON-stat: class {other:?}"),
    }
}

/// Every non-null cell of a dataset by its category ids, in JSON-stat's row-major order.
fn cells(ds: &Value) -> BTreeMap<Vec<String>, f64> {
    let ids: Vec<String> = ds["id"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let size: Vec<usize> = ds["size"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    let index: Vec<Vec<String>> = ids
        .iter()
        .map(|d| ds["dimension"][d]["category"]["index"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .collect();
    for (d, n) in index.iter().zip(&size) {
        assert_eq!(d.len(), *n, "size matches the category index");
    }
    let values = ds["value"].as_array().expect("value array");
    assert_eq!(values.len(), size.iter().product::<usize>(), "value has one entry per cell");
    let mut out = BTreeMap::new();
    for (flat, v) in values.iter().enumerate() {
        let Some(x) = v.as_f64() else { continue };
        let mut rest = flat;
        let mut coords = vec![String::new(); size.len()];
        for i in (0..size.len()).rev() {
            coords[i] = index[i][rest % size[i]].clone();
            rest /= size[i];
        }
        out.insert(coords, x);
    }
    out
}

#[test]
fn statistics_as_jsonstat_hold_the_csv_numbers_table_by_table() {
    let app = spawn();
    let r = app.get("/api/v1/statistics?format=jsonstat");
    assert_eq!(r.status, 200, "{}", r.snippet());
    assert_eq!(r.media_type(), "application/json");
    let doc = r.json();
    assert_eq!(doc["version"], "2.0");
    assert_eq!(doc["class"], "collection");
    let tables = datasets(&doc);
    // One table per survey and variable, as published.
    let csv = app.get("/api/v1/statistics?format=csv").text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut want: BTreeMap<Vec<String>, f64> = BTreeMap::new();
    let mut keys = HashSet::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        keys.insert((rec[col("survey_id")].to_string(), rec[col("variable")].to_string()));
        for m in ["count", "n", "percent_published", "percent_computed"] {
            if let Ok(v) = rec[col(m)].parse::<f64>() {
                want.insert(vec![rec[col("survey_id")].into(), rec[col("variable")].into(), rec[col("category")].into(), m.into()], v);
            }
        }
    }
    assert_eq!(tables.len(), keys.len(), "a dataset per survey and variable");
    let mut got = BTreeMap::new();
    for ds in &tables {
        assert_eq!(ds["class"], "dataset");
        assert_eq!(ds["role"]["metric"], serde_json::json!(["measure"]));
        // Labels in both languages from the code lists and the records.
        let variable = ds["dimension"]["variable"]["extension"]["category_label"].as_object().unwrap();
        let (_, labels) = variable.iter().next().unwrap();
        assert!(labels["nb"].is_string() && labels["en"].is_string(), "variable labelled nb and en: {labels}");
        assert!(!ds["extension"]["sources"].as_array().unwrap().is_empty(), "sources in extension");
        // The href answers that table alone, as a dataset.
        let href = ds["href"].as_str().expect("href");
        let alone = app.get(href).json();
        assert_eq!(alone["class"], "dataset", "{href}");
        assert_eq!(cells(&alone), cells(ds), "{href}");
        got.extend(cells(ds));
    }
    assert_eq!(got, want, "JSON-stat cells = CSV numbers");
    // The 2018 KS table keeps the synthetic-free published figure.
    assert_eq!(got[&vec!["2018".to_string(), "main_purpose".into(), "data-sharing".into(), "count".into()]], 62.0);
}

#[test]
fn indicators_as_jsonstat_mark_printed_values_that_are_not_numbers() {
    let app = spawn();
    let doc = app.json("/api/v1/indicators?format=jsonstat");
    let tables = datasets(&doc);
    let rows = fixture_rows("indicators.csv");
    let numbers = rows.iter().filter(|r| !r["value_numeric"].is_empty()).count();
    let total: usize = tables.iter().map(|t| cells(t).len()).sum();
    assert_eq!(total, numbers, "one cell per numeric indicator");
    // "decline" (ind-05) has no number: its cell carries the printed value as status.
    let statuses: Vec<String> = tables
        .iter()
        .flat_map(|t| t["status"].as_object().into_iter().flat_map(|m| m.values().map(|v| v.as_str().unwrap().to_string())))
        .collect();
    assert!(statuses.iter().any(|s| s == "decline"), "{statuses:?}");
    // Period categories stay distinct where two values slug alike ("2019" and "2019–").
    for t in &tables {
        let idx = t["dimension"]["reference_year"]["category"]["index"].as_array().unwrap();
        let set: HashSet<&str> = idx.iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(set.len(), idx.len());
    }
}

#[test]
fn jsonstat_is_only_offered_where_records_form_tables() {
    let app = spawn();
    let r = app.get("/api/v1/organizations?format=jsonstat");
    assert_eq!(r.status, 400, "{}", r.snippet());
    assert_eq!(r.media_type(), "application/problem+json");
    assert_eq!(r.json()["parameter"], "format");
    assert!(app.get("/api/v1/indicators?format=nope").text().contains("jsonstat"), "the 400 lists jsonstat where it is offered");
    // Accept: application/json keeps the API's own JSON.
    let page = app.get_with("/api/v1/statistics", &[("accept", "application/json")]).json();
    assert!(page["items"].is_array());
    // Listed in the catalogue as a distribution of the datasets with tables.
    let nt = app.get("/catalog.nt").text();
    assert!(nt.contains("/api/v1/statistics?survey_id=2018&format=jsonstat>"), "survey-2018 JSON-stat distribution");
    assert!(nt.contains("/api/v1/indicators?format=jsonstat>"));
    assert!(nt.contains("<https://json-stat.org/format/>"), "dct:conformsTo JSON-stat");
}

#[test]
fn every_csv_links_its_csvw_description_built_from_the_spec() {
    let app = spawn();
    for c in ["organizations", "statistics", "initiatives", "codes", "measures"] {
        let r = app.get(&format!("/api/v1/{c}?format=csv"));
        let link = r.header("link").unwrap_or_else(|| panic!("{c}: no Link"));
        assert!(link.contains("rel=\"describedby\"") && link.contains("application/csvm+json"), "{link}");
        let url = link.split(['<', '>']).nth(1).unwrap();
        let meta = app.get(url);
        assert_eq!(meta.status, 200, "{url}: {}", meta.snippet());
        assert_eq!(meta.media_type(), "application/csvm+json");
        let meta = meta.json();
        let table = &meta["tables"][0];
        assert_eq!(table["url"], app.url(&format!("/api/v1/{c}?format=csv")));
        let names: Vec<&str> = table["tableSchema"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["virtual"] != true)
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let header = r.text().lines().next().unwrap().to_string();
        assert_eq!(names.join(","), header, "{c}: the columns are the CSV header");
    }
    let meta = app.json("/csvw/statistics-metadata.json");
    let schema = &meta["tables"][0]["tableSchema"];
    assert_eq!(schema["primaryKey"], "id");
    assert_eq!(schema["aboutUrl"], app.url("/id/statistic/{id}"));
    let col = |name: &str| schema["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    assert_eq!(col("survey_id")["propertyUrl"], app.url("/def/survey"));
    assert_eq!(col("survey_id")["valueUrl"], app.url("/id/survey/{survey_id}"));
    assert_eq!(col("count")["datatype"], "integer");
    assert_eq!(col("category_label_nb")["lang"], "nb");
    assert!(col("variable")["datatype"]["format"].as_str().unwrap().contains("main_purpose"), "code list as a pattern");
    let fk = &schema["foreignKeys"][0];
    assert_eq!(fk["columnReference"], "survey_id");
    assert_eq!(fk["reference"]["resource"], app.url("/api/v1/surveys?format=csv"));
    assert_eq!(meta["tables"][1]["url"], app.url("/api/v1/surveys?format=csv"), "the referenced table is in the group");
    // A filtered CSV with chosen fields links a description of exactly that CSV.
    let r = app.get("/api/v1/initiatives?status=completed&fields=name&format=csv");
    let link = r.header("link").unwrap().to_string();
    let meta = app.json(link.split(['<', '>']).nth(1).unwrap());
    let names: Vec<&str> =
        meta["tables"][0]["tableSchema"]["columns"].as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names.join(","), r.text().lines().next().unwrap());
    // Bad input gets a problem, not a description.
    assert_eq!(app.get("/csvw/statistics-metadata.json?nope=1").status, 400);
    assert_eq!(app.get("/csvw/nothing-metadata.json").status, 404);
}

#[test]
fn the_data_package_covers_every_collection_with_keys_enums_and_licences() {
    let app = spawn();
    let pkg = app.json("/datapackage.json");
    let resources = pkg["resources"].as_array().unwrap();
    let index = app.json("/api/v1");
    assert_eq!(resources.len(), index["collections"].as_array().unwrap().len());
    let res = |name: &str| resources.iter().find(|r| r["name"] == name).unwrap().clone();
    let stats = res("statistics");
    assert_eq!(stats["path"], app.url("/api/v1/statistics?format=csv"));
    assert_eq!(stats["schema"]["primaryKey"], serde_json::json!(["id"]));
    let field = |r: &Value, name: &str| r["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap().clone();
    assert_eq!(field(&stats, "count")["type"], "integer");
    assert!(field(&stats, "variable")["constraints"]["enum"].as_array().unwrap().iter().any(|v| v == "main_purpose"));
    assert!(stats["schema"]["foreignKeys"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["fields"] == "survey_id" && k["reference"]["resource"] == "surveys"));
    assert!(stats["licenses"][0]["path"].as_str().unwrap().ends_with("/NLOD_2_0"));
    assert!(res("measures")["licenses"][0]["path"].as_str().unwrap().ends_with("/CC0"), "row-level data under CC0, as catalogued");
    // Self-references point at the resource itself.
    assert!(res("organizations")["schema"]["foreignKeys"].as_array().unwrap().iter().any(|k| k["reference"]["resource"] == ""));
}

#[test]
fn every_dataset_has_a_citation_from_the_catalogue() {
    let app = spawn();
    let cite = app.get("/catalog/datasets/survey-2018/citation.json");
    assert_eq!(cite.status, 200, "{}", cite.snippet());
    let c = cite.json();
    assert_eq!(c["url"], app.url("/catalog/datasets/survey-2018"));
    assert_eq!(c["types"]["resourceTypeGeneral"], "Dataset");
    assert_eq!(c["publisher"], "Digitaliseringsdirektoratet");
    let health = app.json("/health");
    assert_eq!(c["version"], health["data_version"], "version = data version");
    assert!(c["titles"].as_array().unwrap().iter().any(|t| t["lang"] == "en"));
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(c["dates"][0]["date"], today.as_str());
    assert!(c["citation"]["en"].as_str().unwrap().contains("(accessed "));
    assert_eq!(app.get("/catalog/datasets/nothing/citation.json").status, 404);
    // The dataset page shows it in the page's language.
    let page = app.get_with("/catalog/datasets/indicators?lang=en", &[("accept", "text/html")]).text();
    assert!(page.contains("How to cite this dataset"), "cite block on the page");
    assert!(page.contains("/catalog/datasets/indicators/citation.json"));
    let page = app.get_with("/catalog/datasets/indicators?lang=nb", &[("accept", "text/html")]).text();
    assert!(page.contains("Slik siterer du datasettet") && page.contains("hentet "));
}
