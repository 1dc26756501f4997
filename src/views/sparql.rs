//! The SPARQL page: an editor (YASGUI, enhancing a plain form that works without script)
//! preloaded with the README's example queries, and results rendered as a table on the server.

use super::i18n::Lang;
use super::url_with;
use oxigraph::io::{RdfFormat, RdfParser};
use serde::Serialize;

/// The README's example queries (title nb, title en, query with `{base}` for the service URL).
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "Tiltak per innsatsområde og status",
        "Initiatives per focus area and status",
        r#"PREFIX tt: <{base}/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?area ?status (COUNT(?i) AS ?n) WHERE {
  ?i a tt:Initiative ; tt:focusArea ?a .
  ?a skos:prefLabel ?area FILTER(LANG(?area) = "{lang}")
  OPTIONAL { ?i tt:status ?status }
} GROUP BY ?area ?status ORDER BY ?area ?status"#,
    ),
    (
        "Statistikk fra kartleggingen 2018 med N",
        "The 2018 survey statistics with their N",
        r#"PREFIX tt: <{base}/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?variable ?category ?count ?n WHERE {
  ?s tt:survey <{base}/id/survey/2018> ; tt:variable ?variable ; tt:category ?category .
  OPTIONAL { ?s tt:count ?count } OPTIONAL { ?s tt:denominator ?n }
} ORDER BY ?variable DESC(?count)"#,
    ),
    (
        "Livshendelser og ansvarlige departementer over tid",
        "Life events with their responsible ministries over time",
        r#"PREFIX tt: <{base}/def/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?event ?ministry ?asOf WHERE {
  ?a tt:attributionOf ?e ; prov:agent ?m ; dcat:hadRole <{base}/def/role/responsible> .
  ?e a tt:LifeEvent ; skos:prefLabel ?event FILTER(LANG(?event) = "{lang}")
  ?m skos:prefLabel ?ministry FILTER(LANG(?ministry) = "{lang}")
  OPTIONAL { ?a tt:asOf ?asOf }
} ORDER BY ?event ?asOf"#,
    ),
];

#[derive(Debug, Serialize)]
pub struct Example {
    pub title: String,
    pub href: String,
    pub query: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct ResultTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// ASK answers.
    pub boolean: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Download {
    pub label: &'static str,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct ClassHint {
    pub name: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct SparqlView {
    /// The vocabulary namespace (`tt:`).
    pub vocab: String,
    /// The classes of tiltak's records, by prefixed name and label.
    pub classes: Vec<ClassHint>,
    pub query: String,
    pub examples: Vec<Example>,
    pub results: Option<ResultTable>,
    pub error: Option<String>,
    pub downloads: Vec<Download>,
}

/// Example `n` with this service's base and the page's language in its label filters.
pub fn example_query(base: &str, n: usize, lang: Lang) -> Option<String> {
    EXAMPLES.get(n).map(|(_, _, q)| q.replace("{base}", base).replace("{lang}", lang.code()))
}

/// `?example=N` (1-based) from the query string.
pub fn chosen_example(query_string: &str) -> Option<usize> {
    let pairs = crate::selection::pairs_lenient(query_string);
    pairs.iter().find(|(k, _)| k == "example").and_then(|(_, v)| v.parse::<usize>().ok()).filter(|n| *n >= 1).map(|n| n - 1)
}

pub fn view(base: &str, lang: Lang, query: String, results: Option<ResultTable>, error: Option<String>) -> SparqlView {
    let examples = EXAMPLES
        .iter()
        .enumerate()
        .map(|(i, (nb, en, q))| {
            let text = q.replace("{base}", base).replace("{lang}", lang.code());
            Example {
                title: lang.pick(nb, en).to_string(),
                href: url_with("/sparql", &[("example".into(), (i + 1).to_string()), ("lang".into(), lang.code().into())]),
                selected: text == query,
                query: text,
            }
        })
        .collect();
    // The editor keeps these links on the query in it (sparql-editor.js).
    let downloads = {
        [("JSON", "json"), ("XML", "xml"), ("CSV", "csv"), ("TSV", "tsv")]
            .iter()
            .map(|(label, f)| Download {
                label,
                href: url_with("/sparql", &[("query".into(), query.clone()), ("format".into(), f.to_string())]),
            })
            .collect()
    };
    let mut classes: Vec<ClassHint> = Vec::new();
    for e in crate::model::ENTITIES {
        if let Some(c) = e.classes.iter().find(|c| c.starts_with("tt:")).or(e.classes.first()) {
            if !classes.iter().any(|h| h.name == *c) {
                classes.push(ClassHint { name: c.to_string(), label: lang.pick(e.title_nb, e.title_en).to_string() });
            }
        }
    }
    SparqlView { vocab: crate::uris::vocab(base), classes, query, examples, results, error, downloads }
}

fn local(base: &str, iri: &str) -> Option<String> {
    super::link_href(base, iri)
}

/// A results table from SPARQL JSON results or an N-Triples graph.
pub fn table(base: &str, content_type: &str, body: &[u8]) -> Result<ResultTable, String> {
    if content_type.starts_with("application/n-triples") {
        let mut rows = Vec::new();
        for t in RdfParser::from_format(RdfFormat::NTriples).for_slice(body) {
            let t = t.map_err(|e| e.to_string())?;
            rows.push(vec![term_cell(base, &t.subject.into()), term_cell(base, &t.predicate.into()), term_cell(base, &t.object)]);
        }
        return Ok(ResultTable { columns: vec!["subject".into(), "predicate".into(), "object".into()], rows, boolean: None });
    }
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if let Some(b) = json.get("boolean").and_then(|b| b.as_bool()) {
        return Ok(ResultTable { columns: Vec::new(), rows: Vec::new(), boolean: Some(b) });
    }
    let columns: Vec<String> =
        json["head"]["vars"].as_array().map(|v| v.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default();
    let rows = json["results"]["bindings"]
        .as_array()
        .map(|bs| {
            bs.iter()
                .map(|b| {
                    columns
                        .iter()
                        .map(|c| match b.get(c) {
                            None => Cell { text: String::new(), href: None, lang: None },
                            Some(v) => {
                                let value = v["value"].as_str().unwrap_or_default().to_string();
                                match v["type"].as_str() {
                                    Some("uri") => Cell { href: local(base, &value), text: value, lang: None },
                                    _ => Cell { text: value, href: None, lang: v["xml:lang"].as_str().map(String::from) },
                                }
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ResultTable { columns, rows, boolean: None })
}

fn term_cell(base: &str, t: &oxigraph::model::Term) -> Cell {
    use oxigraph::model::Term;
    match t {
        Term::NamedNode(n) => Cell { text: n.as_str().to_string(), href: local(base, n.as_str()), lang: None },
        Term::Literal(l) => Cell { text: l.value().to_string(), href: None, lang: l.language().map(String::from) },
        other => Cell { text: other.to_string(), href: None, lang: None },
    }
}
