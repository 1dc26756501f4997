//! Machine-readable descriptions of the CSV exports, generated from the entity specs (the same
//! column list as the CSV itself, `selection::record::csv_columns`):
//! - a W3C CSVW table description per CSV answer (`/csvw/{collection}-metadata.json?{query}`,
//!   linked from every CSV answer with `rel="describedby"`): column names, datatypes, required,
//!   primary key, foreign keys to the other collections (as a table group holding the referenced
//!   tables, output suppressed), `aboutUrl`/`propertyUrl`/`valueUrl` so that CSVW-to-RDF gives the
//!   URIs and terms of our own graph;
//! - a Frictionless Data Package (`/datapackage.json`) over every collection's CSV with Table
//!   Schemas (types, code-list enums, primary and foreign keys) and each resource's licence.

use crate::error::ApiError;
use crate::formats::Format;
use crate::model::{self, Entity, Kind, UriRule, ENTITIES};
use crate::rdf::catalog::datasets;
use crate::rdf::expand;
use crate::selection::record::{csv_columns, CsvColumn, CsvContent};
use crate::uris;
use oxigraph::model::{NamedNodeRef, Term};
use oxigraph::store::Store;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, HashMap};

/// The CSVW metadata media type (W3C, "Model for Tabular Data and Metadata on the Web").
pub const CSVW_MEDIA_TYPE: &str = "application/csvm+json";

/// The query string without `format` (the description is the same for `Accept: text/csv`).
fn without_format(query: &str) -> Vec<(String, String)> {
    let pairs = crate::selection::pairs_lenient(query);
    pairs.into_iter().filter(|(k, _)| k != "format").collect()
}

fn with_query(url: String, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        url
    } else {
        format!("{url}?{}", crate::selection::query_string(pairs))
    }
}

/// Where the CSVW description of the CSV answer to `query` is.
pub fn csvw_metadata_url(base: &str, e: &Entity, query: &str) -> String {
    with_query(uris::csvw(base, e), &without_format(query))
}

/// The CSV a description describes: the collection with the same query and `format=csv`.
pub fn csv_url(base: &str, e: &Entity, query: &str) -> String {
    let mut pairs = without_format(query);
    pairs.push(("format".into(), Format::Csv.name().into()));
    with_query(uris::collection(base, e), &pairs)
}

/// The licence IRI of each collection: that of the first catalogue dataset serving it.
pub fn licences(store: &Store, base: &str) -> Result<HashMap<String, String>, ApiError> {
    let license = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/license");
    let mut out = HashMap::new();
    for d in datasets(store, base)? {
        let l = store.quads_for_pattern(Some(d.iri.as_ref().into()), Some(license), None, None).next();
        let Some(Ok(q)) = l else { continue };
        let Term::NamedNode(l) = q.object else { continue };
        for c in d.collections {
            out.entry(c).or_insert_with(|| l.as_str().to_string());
        }
    }
    Ok(out)
}

/// A licence's title, for the IRIs the catalogue uses.
fn licence_title(iri: &str) -> String {
    match iri.rsplit('/').next().unwrap_or(iri) {
        "NLOD_2_0" => "Norsk lisens for offentlige data (NLOD) 2.0".into(),
        "CC0" => "Creative Commons CC0 1.0 Universal".into(),
        "CC_BY_4_0" => "Creative Commons Attribution 4.0".into(),
        other => other.replace('_', " "),
    }
}

/// The licence of a collection (the catalogue's own, NLOD, where no dataset serves it).
fn licence_of(licences: &HashMap<String, String>, e: &Entity) -> String {
    licences.get(e.collection).cloned().unwrap_or_else(|| "http://publications.europa.eu/resource/authority/licence/NLOD_2_0".into())
}

/// A `^(a|b|…)$` pattern for a code list (codes are slugs: no regex metacharacters but `.`).
fn code_pattern(codes: &[String]) -> String {
    let escaped: Vec<String> = codes.iter().map(|c| c.replace('.', "\\.")).collect();
    format!("^({})$", escaped.join("|"))
}

/// The subject template of a collection's rows (`uris::thing` as a URI template).
fn about_url(base: &str, e: &Entity) -> String {
    match e.uri {
        UriRule::CodeConcept => uris::code_concept(base, "{scheme}", "{code}"),
        UriRule::Thing => uris::thing_template(base, e),
    }
}

fn expand_or(base: &str, pname: &str) -> Result<String, ApiError> {
    Ok(expand(base, pname)?)
}

/// The CSVW column description of one CSV column.
fn csvw_column(base: &str, c: &CsvColumn, codes: &HashMap<String, Vec<String>>) -> Result<Json, ApiError> {
    let mut col = Map::new();
    col.insert("name".into(), json!(c.name));
    col.insert("titles".into(), json!(c.name));
    match c.content {
        CsvContent::Field(f, lang) => {
            col.insert("dc:description".into(), json!({ "@value": f.doc, "@language": "en" }));
            let datatype = match f.kind {
                Kind::Int => json!("integer"),
                Kind::Float => json!("decimal"),
                Kind::Date => json!("date"),
                Kind::Bool => json!("boolean"),
                Kind::Url => json!("anyURI"),
                Kind::Code(scheme) => match codes.get(scheme) {
                    Some(list) => json!({ "base": "string", "format": code_pattern(list) }),
                    None => json!("string"),
                },
                _ => json!("string"),
            };
            col.insert("datatype".into(), datatype);
            col.insert("required".into(), json!(f.required));
            if let Some(l) = lang.or(if f.name.ends_with("_en") {
                Some("en")
            } else if f.name.ends_with("_nb") {
                Some("nb")
            } else {
                None
            }) {
                if matches!(f.kind, Kind::Lang | Kind::Text | Kind::Tag) {
                    col.insert("lang".into(), json!(l));
                }
            }
            match (f.kind, f.rdf) {
                (Kind::Id, _) => {
                    col.insert("propertyUrl".into(), json!(expand_or(base, "dct:identifier")?));
                }
                (_, None) => {
                    col.insert("suppressOutput".into(), json!(true));
                }
                (kind, Some(pname)) => {
                    col.insert("propertyUrl".into(), json!(expand_or(base, pname)?));
                    match kind {
                        Kind::Code(scheme) => {
                            col.insert("valueUrl".into(), json!(uris::code_concept(base, scheme, &format!("{{{}}}", c.name))));
                        }
                        Kind::Ref(target) => {
                            if let Some(te) = model::entity(target) {
                                col.insert("valueUrl".into(), json!(uris::thing(base, te, &format!("{{{}}}", c.name))));
                            }
                        }
                        Kind::Url => {
                            col.insert("valueUrl".into(), json!(format!("{{+{}}}", c.name)));
                        }
                        _ => {}
                    }
                }
            }
        }
        CsvContent::Uri => {
            col.insert("dc:description".into(), json!({ "@value": "The record's URI (the subject of its row).", "@language": "en" }));
            col.insert("datatype".into(), json!("anyURI"));
            col.insert("required".into(), json!(true));
            col.insert("suppressOutput".into(), json!(true));
        }
        // Several values in one cell: a CSVW `valueUrl` expands a list into one IRI with commas,
        // so these columns are lists of literals here and stay out of CSVW's RDF (the graph at
        // /sparql links the sources and notes as IRIs: dct:source, prov:wasDerivedFrom, DQV).
        CsvContent::Sources => {
            col.insert("dc:description".into(), json!({ "@value": "Ids of the source documents, separated by ';'.", "@language": "en" }));
            col.insert("separator".into(), json!(";"));
            col.insert("suppressOutput".into(), json!(true));
        }
        CsvContent::SourceUrls => {
            col.insert(
                "dc:description".into(),
                json!({ "@value": "Addresses of the source documents, separated by spaces.", "@language": "en" }),
            );
            col.insert("separator".into(), json!(" "));
            col.insert("datatype".into(), json!("anyURI"));
            col.insert("suppressOutput".into(), json!(true));
        }
        CsvContent::QualityNotes => {
            col.insert(
                "dc:description".into(),
                json!({ "@value": "Ids of the data-quality notes that concern the record, separated by ';'.", "@language": "en" }),
            );
            col.insert("separator".into(), json!(";"));
            col.insert("suppressOutput".into(), json!(true));
        }
    }
    Ok(Json::Object(col))
}

/// The CSVW table description of `/api/v1/{collection}?{query}&format=csv` (a table group: the
/// table itself, then the full CSVs of the collections its foreign keys point to, whose output
/// is suppressed).
pub fn csvw(
    base: &str,
    e: &'static Entity,
    query: &str,
    fields: Option<&[String]>,
    codes: &HashMap<String, Vec<String>>,
    licences: &HashMap<String, String>,
) -> Result<Json, ApiError> {
    let cols = csv_columns(e, fields);
    let mut columns = Vec::new();
    for c in &cols {
        columns.push(csvw_column(base, c, codes)?);
    }
    for class in e.classes {
        columns.push(json!({ "virtual": true, "propertyUrl": "rdf:type", "valueUrl": expand_or(base, class)? }));
    }
    let mut foreign_keys = Vec::new();
    let mut referenced: Vec<&'static Entity> = Vec::new();
    for c in &cols {
        if let CsvContent::Field(f, _) = c.content {
            if let Kind::Ref(target) = f.kind {
                let Some(te) = model::entity(target) else { continue };
                let resource = if te.collection == e.collection { csv_url(base, e, query) } else { csv_url(base, te, "") };
                foreign_keys.push(json!({ "columnReference": c.name, "reference": { "resource": resource, "columnReference": "id" } }));
                if te.collection != e.collection && !referenced.iter().any(|r| r.collection == te.collection) {
                    referenced.push(te);
                }
            }
        }
    }
    let mut schema = json!({ "columns": columns, "aboutUrl": about_url(base, e) });
    if cols.iter().any(|c| c.name == "id") {
        schema["primaryKey"] = json!("id");
    }
    if !foreign_keys.is_empty() {
        schema["foreignKeys"] = json!(foreign_keys);
    }
    let mut tables = vec![json!({
        "url": csv_url(base, e, query),
        "dc:title": [{ "@value": e.title_nb, "@language": "nb" }, { "@value": e.title_en, "@language": "en" }],
        "dc:description": [{ "@value": e.description_nb, "@language": "nb" }, { "@value": e.description, "@language": "en" }],
        "dc:license": { "@id": licence_of(licences, e) },
        "dc:source": { "@id": uris::collection(base, e) },
        "tableSchema": schema,
    })];
    for te in referenced {
        let names: Vec<Json> = csv_columns(te, None).into_iter().map(|c| json!({ "name": c.name, "titles": c.name })).collect();
        tables.push(json!({
            "url": csv_url(base, te, ""),
            "suppressOutput": true,
            "tableSchema": { "columns": names, "primaryKey": "id" },
        }));
    }
    Ok(json!({
        "@context": ["http://www.w3.org/ns/csvw", { "@language": "en" }],
        "dialect": { "header": true, "encoding": "utf-8", "lineTerminators": ["\r\n", "\n"] },
        "tables": tables,
    }))
}

/// The Frictionless Data Package over every collection's CSV (the whole collection each).
pub fn datapackage(base: &str, codes: &HashMap<String, Vec<String>>, licences: &HashMap<String, String>) -> Json {
    let mut resources = Vec::new();
    for &e in ENTITIES {
        let mut fields = Vec::new();
        let mut foreign_keys = Vec::new();
        for c in csv_columns(e, None) {
            let mut field = Map::new();
            field.insert("name".into(), json!(c.name));
            let (kind, required, doc) = match c.content {
                CsvContent::Field(f, _) => (Some(f.kind), f.required, f.doc.to_string()),
                CsvContent::Uri => (Some(Kind::Url), true, "The record's URI.".into()),
                CsvContent::Sources => (None, false, "Ids of the source documents, separated by ';'.".into()),
                CsvContent::SourceUrls => (None, false, "Addresses of the source documents, separated by spaces.".into()),
                CsvContent::QualityNotes => {
                    (None, false, "Ids of the data-quality notes that concern the record, separated by ';'.".into())
                }
            };
            field.insert("description".into(), json!(doc));
            let ty = match kind {
                Some(Kind::Int) => "integer",
                Some(Kind::Float) => "number",
                Some(Kind::Date) => "date",
                Some(Kind::Bool) => "boolean",
                _ => "string",
            };
            field.insert("type".into(), json!(ty));
            if kind == Some(Kind::Url) {
                field.insert("format".into(), json!("uri"));
            }
            let mut constraints = Map::new();
            if required {
                constraints.insert("required".into(), json!(true));
            }
            if let Some(Kind::Code(scheme)) = kind {
                if let Some(list) = codes.get(scheme) {
                    constraints.insert("enum".into(), json!(list));
                }
            }
            if kind == Some(Kind::Id) {
                constraints.insert("unique".into(), json!(true));
            }
            if !constraints.is_empty() {
                field.insert("constraints".into(), Json::Object(constraints));
            }
            if let CsvContent::Field(f, _) = c.content {
                if let Some(pname) = f.rdf {
                    if let Ok(t) = expand(base, pname) {
                        field.insert("rdfType".into(), json!(t));
                    }
                }
                if let Kind::Ref(target) = f.kind {
                    let resource = if target == e.collection { String::new() } else { target.to_string() };
                    foreign_keys.push(json!({ "fields": c.name, "reference": { "resource": resource, "fields": "id" } }));
                }
            }
            fields.push(Json::Object(field));
        }
        let mut schema = json!({ "fields": fields, "primaryKey": ["id"], "missingValues": [""] });
        if !foreign_keys.is_empty() {
            schema["foreignKeys"] = json!(foreign_keys);
        }
        let licence = licence_of(licences, e);
        resources.push(json!({
            "name": e.collection,
            "title": e.title_en,
            "description": e.description,
            "path": csv_url(base, e, ""),
            "scheme": if base.starts_with("https") { "https" } else { "http" },
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "licenses": [{ "path": licence, "title": licence_title(&licence) }],
            "sources": [{ "title": format!("tiltak API: {}", e.title_en), "path": uris::collection(base, e) }],
            "schema": schema,
        }));
    }
    let mut package = BTreeMap::new();
    package.insert("profile", json!("tabular-data-package"));
    package.insert("name", json!("tiltak"));
    package.insert("title", json!("tiltak: data on public-sector digitalisation in Norway"));
    package.insert("homepage", json!(uris::root(base)));
    package.insert("resources", json!(resources));
    package.insert(
        "licenses",
        json!([{ "path": "http://publications.europa.eu/resource/authority/licence/NLOD_2_0", "title": licence_title("NLOD_2_0") }]),
    );
    json!(package)
}
