//! How a record looks as JSON and as a CSV row — the one shape every collection shares.

use crate::db::query::{LinkedRecord, Provenance, Record};
use crate::model::{Entity, Kind};
use crate::uris;
use rusqlite::types::Value;
use serde_json::{json, Map, Value as Json};

pub fn value_json(kind: Kind, v: &Value) -> Json {
    match (kind, v) {
        (_, Value::Null) => Json::Null,
        (Kind::Bool, Value::Integer(i)) => Json::Bool(*i != 0),
        (_, Value::Integer(i)) => json!(i),
        (_, Value::Real(f)) => json!(f),
        (_, Value::Text(s)) => json!(s),
        (_, Value::Blob(_)) => Json::Null,
    }
}

pub fn value_text(kind: Kind, v: &Value) -> String {
    match (kind, v) {
        (_, Value::Null) => String::new(),
        (Kind::Bool, Value::Integer(i)) => (*i != 0).to_string(),
        (_, Value::Integer(i)) => i.to_string(),
        (_, Value::Real(f)) => f.to_string(),
        (_, Value::Text(s)) => s.clone(),
        (_, Value::Blob(_)) => String::new(),
    }
}

/// A label (from the label columns) as a language map or plain string.
pub fn label_json(e: &Entity, label: &[Value]) -> Json {
    match e.field(e.label_field).map(|f| f.kind) {
        Some(Kind::Lang) => {
            json!({ "nb": value_json(Kind::Text, label.first().unwrap_or(&Value::Null)), "en": value_json(Kind::Text, label.get(1).unwrap_or(&Value::Null)) })
        }
        _ => value_json(Kind::Text, label.first().unwrap_or(&Value::Null)),
    }
}

pub fn link_json(base: &str, e: &Entity, l: &LinkedRecord) -> Json {
    json!({ "id": l.id, "uri": uris::thing(base, e, &l.id), "label": label_json(e, &l.label) })
}

/// The JSON object of one record. `fields` limits the keys (`id` is always kept).
pub fn record_json(base: &str, e: &Entity, rec: &Record, prov: Option<&Provenance>, fields: Option<&[String]>) -> Map<String, Json> {
    let wanted = |name: &str| name == "id" || fields.is_none_or(|fs| fs.iter().any(|f| f == name));
    let mut obj = Map::new();
    let mut i = 0;
    for f in e.fields {
        match f.kind {
            Kind::Lang => {
                if wanted(f.name) {
                    obj.insert(
                        f.name.into(),
                        json!({ "nb": value_json(Kind::Text, &rec.values[i]), "en": value_json(Kind::Text, &rec.values[i + 1]) }),
                    );
                }
                i += 2;
            }
            kind => {
                if wanted(f.name) {
                    obj.insert(f.name.into(), value_json(kind, &rec.values[i]));
                }
                i += 1;
            }
        }
    }
    if wanted("uri") {
        obj.insert("uri".into(), json!(uris::thing(base, e, &rec.id)));
    }
    let empty = Provenance::default();
    let p = prov.unwrap_or(&empty);
    if e.has_sources && wanted("sources") {
        {
            let sources: Vec<Json> =
                p.sources.iter().map(|(id, url)| json!({ "id": id, "url": url, "uri": format!("{base}/id/source/{id}") })).collect();
            obj.insert("sources".into(), Json::Array(sources));
        }
    }
    if e.has_quality_notes && wanted("quality_notes") {
        obj.insert("quality_notes".into(), json!(p.notes));
    }
    obj
}

/// CSV header for a collection: flat columns (language maps as `name_nb`, `name_en`), the URI and
/// provenance as `;`-separated ids.
pub fn csv_header(e: &Entity, fields: Option<&[String]>) -> Vec<String> {
    let wanted = |name: &str| name == "id" || fields.is_none_or(|fs| fs.iter().any(|f| f == name));
    let mut cols = Vec::new();
    for f in e.fields {
        if wanted(f.name) {
            cols.extend(f.columns());
        }
    }
    if wanted("uri") {
        cols.push("uri".into());
    }
    if e.has_sources && wanted("sources") {
        cols.push("sources".into());
        cols.push("source_urls".into());
    }
    if e.has_quality_notes && wanted("quality_notes") {
        cols.push("quality_notes".into());
    }
    cols
}

pub fn csv_row(base: &str, e: &Entity, rec: &Record, prov: Option<&Provenance>, fields: Option<&[String]>) -> Vec<String> {
    let wanted = |name: &str| name == "id" || fields.is_none_or(|fs| fs.iter().any(|f| f == name));
    let mut out = Vec::new();
    let mut i = 0;
    for f in e.fields {
        let n = if f.kind == Kind::Lang { 2 } else { 1 };
        if wanted(f.name) {
            for j in 0..n {
                out.push(value_text(f.kind, &rec.values[i + j]));
            }
        }
        i += n;
    }
    if wanted("uri") {
        out.push(uris::thing(base, e, &rec.id));
    }
    let empty = Provenance::default();
    let p = prov.unwrap_or(&empty);
    if e.has_sources && wanted("sources") {
        out.push(p.sources.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(";"));
        out.push(p.sources.iter().map(|(_, url)| url.as_str()).collect::<Vec<_>>().join(" "));
    }
    if e.has_quality_notes && wanted("quality_notes") {
        out.push(p.notes.join(";"));
    }
    out
}
