//! The record shape: a record as the store returns it ([`Record`], its [`Provenance`]), and how
//! it looks as JSON and as a CSV row — the one shape every collection, download and page shares.

use super::Value;
use crate::model::{self, Entity, Field, Kind};
use crate::uris;
use serde_json::{json, Map, Value as Json};

/// One row: every column of the entity's fields in spec order (see `Entity::column_offset`).
pub struct Record {
    pub id: String,
    pub values: Vec<Value>,
    pub sort_value: Value,
}

impl Record {
    /// The cells of field `name` (two for a language map; empty for an unknown field).
    pub fn cells<'a>(&'a self, e: &Entity, name: &str) -> &'a [Value] {
        match (e.column_offset(name), e.field(name)) {
            (Some(at), Some(f)) => self.values.get(at..at + f.width()).unwrap_or(&[]),
            _ => &[],
        }
    }
    /// Every field with its cells, in spec order.
    pub fn fields<'a>(&'a self, e: &'static Entity) -> impl Iterator<Item = (&'static Field, &'a [Value])> + 'a {
        let mut at = 0;
        e.fields.iter().map(move |f| {
            let cells = self.values.get(at..at + f.width()).unwrap_or(&[]);
            at += f.width();
            (f, cells)
        })
    }
}

/// Source documents and quality notes of a record.
#[derive(Default, Clone)]
pub struct Provenance {
    pub sources: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// A linked record: id and label columns.
pub struct LinkedRecord {
    pub id: String,
    pub label: Vec<Value>,
}

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

/// Whether a field is in the client's `fields` choice (`id` always is).
fn wanted(fields: Option<&[String]>) -> impl Fn(&str) -> bool + '_ {
    move |name: &str| name == "id" || fields.is_none_or(|fs| fs.iter().any(|f| f == name))
}

/// The JSON object of one record. `fields` limits the keys (`id` is always kept).
pub fn record_json(
    base: &str,
    e: &'static Entity,
    rec: &Record,
    prov: Option<&Provenance>,
    fields: Option<&[String]>,
) -> Map<String, Json> {
    let wanted = wanted(fields);
    let mut obj = Map::new();
    for (f, cells) in rec.fields(e).filter(|(f, _)| wanted(f.name)) {
        let value = match (f.kind, cells) {
            (Kind::Lang, [nb, en]) => json!({ "nb": value_json(Kind::Text, nb), "en": value_json(Kind::Text, en) }),
            (kind, [one]) => value_json(kind, one),
            _ => Json::Null,
        };
        obj.insert(f.name.into(), value);
    }
    if wanted("uri") {
        obj.insert("uri".into(), json!(uris::thing(base, e, &rec.id)));
    }
    let empty = Provenance::default();
    let p = prov.unwrap_or(&empty);
    if e.has_sources && wanted("sources") {
        {
            let sources: Vec<Json> =
                p.sources.iter().map(|(id, url)| json!({ "id": id, "url": url, "uri": uris::thing(base, &model::SOURCES, id) })).collect();
            obj.insert("sources".into(), Json::Array(sources));
        }
    }
    if e.has_quality_notes && wanted("quality_notes") {
        obj.insert("quality_notes".into(), json!(p.notes));
    }
    obj
}

/// What a CSV column holds: a field's column (a language map gives two, with their language),
/// the record's URI, or provenance.
#[derive(Debug, Clone, Copy)]
pub enum CsvContent {
    Field(&'static Field, Option<&'static str>),
    Uri,
    /// Source ids, `;`-separated.
    Sources,
    /// Source URLs, space-separated.
    SourceUrls,
    /// Data-quality note ids, `;`-separated.
    QualityNotes,
}

/// One CSV column: its header name and content.
#[derive(Debug, Clone)]
pub struct CsvColumn {
    pub name: String,
    pub content: CsvContent,
}

/// The columns of a collection's CSV, in order: flat field columns (language maps as `name_nb`,
/// `name_en`), the URI and provenance as separated ids. The header, the CSVW table description
/// and the Data Package schema all come from this list.
pub fn csv_columns(e: &'static Entity, fields: Option<&[String]>) -> Vec<CsvColumn> {
    let wanted = wanted(fields);
    let mut cols = Vec::new();
    for f in e.fields {
        if !wanted(f.name) {
            continue;
        }
        if f.kind == Kind::Lang {
            for lang in ["nb", "en"] {
                cols.push(CsvColumn { name: format!("{}_{lang}", f.name), content: CsvContent::Field(f, Some(lang)) });
            }
        } else {
            cols.push(CsvColumn { name: f.name.to_string(), content: CsvContent::Field(f, None) });
        }
    }
    let mut extra = |name: &str, content| cols.push(CsvColumn { name: name.into(), content });
    if wanted("uri") {
        extra("uri", CsvContent::Uri);
    }
    if e.has_sources && wanted("sources") {
        extra("sources", CsvContent::Sources);
        extra("source_urls", CsvContent::SourceUrls);
    }
    if e.has_quality_notes && wanted("quality_notes") {
        extra("quality_notes", CsvContent::QualityNotes);
    }
    cols
}

/// CSV header for a collection (see `csv_columns`).
pub fn csv_header(e: &'static Entity, fields: Option<&[String]>) -> Vec<String> {
    csv_columns(e, fields).into_iter().map(|c| c.name).collect()
}

pub fn csv_row(base: &str, e: &'static Entity, rec: &Record, prov: Option<&Provenance>, fields: Option<&[String]>) -> Vec<String> {
    let wanted = wanted(fields);
    let mut out = Vec::new();
    for (f, cells) in rec.fields(e).filter(|(f, _)| wanted(f.name)) {
        out.extend(cells.iter().map(|v| value_text(f.kind, v)));
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
    // No cell a spreadsheet would run as a formula (numbers stay numbers).
    out.into_iter().map(|c| if super::spreadsheet::is_risky(&c) { format!("'{c}") } else { c }).collect()
}
