//! JSON-stat 2.0 for the collections whose records form statistical tables (`model::Entity::cube`):
//! a `collection` whose items are embedded `dataset`s, one per published table. Dimensions and
//! their categories come from the records; labels are English in `label` (JSON-stat has one label
//! per node) with both languages in `extension.label` (nb and en, from language maps, code lists
//! and referenced records). Notes are category or dataset `note`s; a cell without a number carries
//! the printed value as its `status`; sources and quality notes are in `extension`.

use super::RdfError;
use crate::db::listing;
use crate::db::query::{self, Record, Selection, Sort, SortKey};
use crate::model::{self, Cube, CubeDimension, Entity, Kind};
use crate::selection::Value;
use crate::uris;
use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

/// What the collection document says about where it comes from.
pub struct Context<'a> {
    pub base: &'a str,
    /// The request's query string (filters; `format=jsonstat`).
    pub query: &'a str,
    /// Date the data were last loaded (ISO 8601), JSON-stat `updated`.
    pub updated: &'a str,
    /// The data version (hash of the inputs).
    pub version: &'a str,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) if s.is_empty() => None,
        Value::Text(s) => Some(s.clone()),
        Value::Blob(_) => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Real(f) => Some(*f),
        _ => None,
    }
}

/// A category id: the value itself where it is a short token, else a slug of it.
fn category_id(value: &str) -> String {
    if value.len() <= 40 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
        return value.to_string();
    }
    let mut slug = String::new();
    for c in value.to_lowercase().chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Labels of a value in nb and en (either may be missing).
type Labels = (Option<String>, Option<String>);

struct Labeller<'a> {
    conn: &'a Connection,
    cache: BTreeMap<(String, String), Labels>,
}

impl Labeller<'_> {
    /// Labels of `value` of field `f` in record `r`: the label field where the cube names one,
    /// the code list for a code, the referenced record for a reference, else the value itself.
    fn labels(&mut self, e: &'static Entity, d: &CubeDimension, f: &model::Field, r: &Record, value: &str) -> Result<Labels, RdfError> {
        if let Some(lf) = d.label {
            let cells = r.cells(e, lf);
            let nb = cells.first().and_then(text);
            let en = cells.get(1).and_then(text);
            if nb.is_some() || en.is_some() {
                return Ok((nb, en));
            }
        }
        let key = (f.name.to_string(), value.to_string());
        if let Some(hit) = self.cache.get(&key) {
            return Ok(hit.clone());
        }
        let found = match f.kind {
            Kind::Code(scheme) => query::get(self.conn, &model::CODES, &format!("{scheme}:{value}"))?.map(|c| {
                let cells = c.cells(&model::CODES, "label");
                (cells.first().and_then(text), cells.get(1).and_then(text))
            }),
            Kind::Ref(target) => match model::entity(target) {
                Some(te) => query::label_of(self.conn, te, value)?.map(|l| match te.field(te.label_field).map(|lf| lf.kind) {
                    Some(Kind::Lang) => (l.label.first().and_then(text), l.label.get(1).and_then(text)),
                    _ => (None, l.label.first().and_then(text)),
                }),
                None => None,
            },
            _ => None,
        };
        // A value with no label of its own is its own label: a number in both languages, text
        // in English (the language of the records' untagged text, see `Entity::label_language`).
        let labels = found.unwrap_or_else(|| {
            let nb = value.chars().all(|c| c.is_ascii_digit()).then(|| value.to_string());
            (nb, Some(value.to_string()))
        });
        self.cache.insert(key, labels.clone());
        Ok(labels)
    }
}

/// Every record of the selection, in id order.
fn all_records(conn: &Connection, selection: &Selection) -> Result<Vec<Record>, RdfError> {
    let sort = Sort { key: SortKey::Column("id".into()), descending: false, collation: Default::default() };
    let mut out = Vec::new();
    for chunk in listing::pages(conn, selection, &sort, None, None) {
        out.extend(chunk?.records);
    }
    Ok(out)
}

/// The value of a dimension for a record (field, else its fallback), with the field it came from.
fn dimension_value(e: &Entity, d: &CubeDimension, r: &Record) -> Option<(String, &'static str)> {
    let main = r.cells(e, d.field).first().and_then(text);
    match (main, d.fallback) {
        (Some(v), _) => Some((v, d.field)),
        (None, Some(fb)) => r.cells(e, fb).first().and_then(text).map(|v| (v, fb)),
        (None, None) => None,
    }
}

/// The category of records without a value in a dimension.
const NOT_STATED: &str = "not-stated";

struct Dim {
    id: String,
    labels: (Option<String>, Option<String>),
    /// category id → (labels, notes)
    categories: Vec<(String, Labels, Vec<String>)>,
    /// The value each category stands for (ids are slugs: two values may share one).
    values: Vec<String>,
    role: Option<&'static str>,
}

impl Dim {
    /// The category of `value` (a new one, with an id no other value has, on first sight).
    fn position(&mut self, value: &str, labels: impl FnOnce() -> Labels) -> usize {
        if let Some(i) = self.values.iter().position(|v| v == value) {
            return i;
        }
        let slug = category_id(value);
        let mut id = slug.clone();
        let mut n = 2;
        while self.categories.iter().any(|(c, _, _)| *c == id) {
            id = format!("{slug}-{n}");
            n += 1;
        }
        self.categories.push((id, labels(), Vec::new()));
        self.values.push(value.to_string());
        self.categories.len() - 1
    }

    fn json(&self) -> Json {
        let en = |l: &Labels| l.1.clone().or_else(|| l.0.clone()).unwrap_or_default();
        let index: Vec<&str> = self.categories.iter().map(|(c, _, _)| c.as_str()).collect();
        let mut label = Map::new();
        let mut both = Map::new();
        let mut notes = Map::new();
        for (c, l, n) in &self.categories {
            label.insert(c.clone(), json!(en(l)));
            both.insert(c.clone(), json!({ "nb": l.0, "en": l.1 }));
            if !n.is_empty() {
                notes.insert(c.clone(), json!(n));
            }
        }
        let mut category = json!({ "index": index, "label": label });
        if !notes.is_empty() {
            category["note"] = Json::Object(notes);
        }
        json!({
            "label": en(&self.labels),
            "category": category,
            "extension": { "label": { "nb": self.labels.0, "en": self.labels.1 }, "category_label": both },
        })
    }
}

/// The address of the JSON-stat answer to `pairs` (plus `format=jsonstat`).
fn href(ctx: &Context<'_>, e: &Entity, pairs: &[(String, String)]) -> String {
    let mut pairs = pairs.to_vec();
    pairs.push(("format".into(), crate::formats::Format::JsonStat.name().into()));
    format!("{}?{}", uris::collection(ctx.base, e), crate::selection::query_string(&pairs))
}

/// The request's pairs that select records (no `format`, paging or field choice).
fn selecting_pairs(query: &str) -> Vec<(String, String)> {
    let pairs = crate::selection::pairs_lenient(query);
    pairs.into_iter().filter(|(k, _)| !["format", "cursor", "limit", "fields", "facet", "sort"].contains(&k.as_str())).collect()
}

/// The address of one table alone: the request's filters with the table's own values.
fn table_href(ctx: &Context<'_>, e: &Entity, cube: &Cube, key: &[String]) -> String {
    let mut pairs: Vec<(String, String)> =
        selecting_pairs(ctx.query).into_iter().filter(|(k, _)| !cube.table_by.contains(&k.as_str())).collect();
    for (f, v) in cube.table_by.iter().zip(key) {
        if v.is_empty() {
            pairs.push((format!("{f}__isnull"), "true".into()));
        } else {
            pairs.push((f.to_string(), v.clone()));
        }
    }
    href(ctx, e, &pairs)
}

/// The JSON-stat answer for `selection` (an entity with a cube): one `dataset` where the records
/// form one table, else a `collection` embedding each table's dataset (with its own `href`, the
/// address of that table alone, which answers the dataset).
pub fn answer(conn: &Connection, ctx: &Context<'_>, selection: &Selection) -> Result<Json, RdfError> {
    let e = selection.entity;
    let cube = e.cube.as_ref().ok_or_else(|| RdfError::Render(format!("the {} collection has no JSON-stat form", e.collection)))?;
    let records = all_records(conn, selection)?;
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let prov = query::provenance(conn, e, &ids)?;
    let mut labeller = Labeller { conn, cache: BTreeMap::new() };
    // Group records into tables, in order of first appearance.
    let mut tables: Vec<(Vec<String>, Vec<&Record>)> = Vec::new();
    for r in &records {
        let key: Vec<String> = cube.table_by.iter().map(|f| r.cells(e, f).first().and_then(text).unwrap_or_default()).collect();
        match tables.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rs)) => rs.push(r),
            None => tables.push((key, vec![r])),
        }
    }
    let mut items = Vec::new();
    for (key, rows) in &tables {
        let mut ds = dataset(e, cube, ctx, &mut labeller, key, rows, &prov)?;
        ds["href"] = json!(table_href(ctx, e, cube, key));
        items.push(ds);
    }
    if items.len() == 1 {
        return Ok(items.remove(0));
    }
    Ok(json!({
        "version": "2.0",
        "class": "collection",
        "href": href(ctx, e, &selecting_pairs(ctx.query)),
        "label": format!("{} (tiltak)", e.title_en),
        "updated": ctx.updated,
        "link": { "item": items },
        "extension": {
            "label": { "nb": e.title_nb, "en": e.title_en },
            "collection": uris::collection(ctx.base, e),
            "data_version": ctx.version,
        },
    }))
}

fn dataset(
    e: &'static Entity,
    cube: &Cube,
    ctx: &Context<'_>,
    labeller: &mut Labeller<'_>,
    key: &[String],
    rows: &[&Record],
    prov: &std::collections::HashMap<String, query::Provenance>,
) -> Result<Json, RdfError> {
    let mut dims: Vec<Dim> = Vec::new();
    for d in cube.dimensions {
        let labels = (Some(d.title.0.to_string()), Some(d.title.1.to_string()));
        dims.push(Dim { id: d.field.to_string(), labels, categories: Vec::new(), values: Vec::new(), role: d.role });
    }
    let mut measure = Dim {
        id: "measure".into(),
        labels: (Some("Måltall".into()), Some("Measure".into())),
        categories: Vec::new(),
        values: Vec::new(),
        role: None,
    };
    for m in cube.measures {
        measure.position(m.field, || (Some(m.title.0.to_string()), Some(m.title.1.to_string())));
    }
    // Cells: coordinates → (value, status).
    let mut cells: BTreeMap<Vec<usize>, (Option<f64>, Option<String>)> = BTreeMap::new();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut records = Vec::new();
    for r in rows {
        let mut coords = Vec::new();
        let mut last_dim = 0;
        for (i, d) in cube.dimensions.iter().enumerate() {
            let (value, labels) = match dimension_value(e, d, r) {
                Some((value, from)) => {
                    let f = e.field(from).unwrap_or(&e.fields[0]);
                    let labels = labeller.labels(e, d, f, r, &value)?;
                    (value, labels)
                }
                None => (NOT_STATED.to_string(), (Some("ikke oppgitt".to_string()), Some("not stated".to_string()))),
            };
            coords.push(dims[i].position(&value, || labels));
            last_dim = i;
        }
        if let Some(nf) = cube.note {
            if let Some(note) = r.cells(e, nf).first().and_then(text) {
                // A note belongs to the record's category in the most specific dimension.
                let at = coords[last_dim];
                let list = &mut dims[last_dim].categories[at].2;
                if !list.contains(&note) {
                    list.push(note);
                }
            }
        }
        let status = cube.status_when_empty.and_then(|sf| r.cells(e, sf).first().and_then(text));
        for (mi, m) in cube.measures.iter().enumerate() {
            let value = r.cells(e, m.field).first().and_then(number);
            let mut at = coords.clone();
            at.push(mi);
            if cells.contains_key(&at) {
                return Err(RdfError::Render(format!("{}: two records in one JSON-stat cell ({})", e.collection, r.id)));
            }
            cells.insert(at, (value, if value.is_none() { status.clone() } else { None }));
        }
        let p = prov.get(&r.id);
        for (sid, url) in p.map(|p| p.sources.as_slice()).unwrap_or(&[]) {
            sources.insert(sid.clone(), url.clone());
        }
        records.push(json!({
            "id": r.id,
            "uri": uris::thing(ctx.base, e, &r.id),
            "sources": p.map(|p| p.sources.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()).unwrap_or_default(),
            "quality_notes": p.map(|p| p.notes.clone()).unwrap_or_default(),
        }));
    }
    dims.push(measure);
    let size: Vec<usize> = dims.iter().map(|d| d.categories.len()).collect();
    let total: usize = size.iter().product();
    let mut value: Vec<Json> = vec![Json::Null; total];
    let mut status = Map::new();
    for (coords, (v, s)) in &cells {
        let mut index = 0;
        for (c, n) in coords.iter().zip(&size) {
            index = index * n + c;
        }
        if let Some(v) = v {
            value[index] = json!(v);
        }
        if let Some(s) = s {
            status.insert(index.to_string(), json!(s));
        }
    }
    let mut dimension = Map::new();
    let mut role: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for d in &dims {
        dimension.insert(d.id.clone(), d.json());
        if let Some(r) = d.role {
            role.entry(r).or_default().push(d.id.clone());
        }
    }
    role.entry("metric").or_default().push("measure".into());
    let title: Vec<&str> = key.iter().map(String::as_str).filter(|k| !k.is_empty()).collect();
    let mut ds = json!({
        "version": "2.0",
        "class": "dataset",
        "label": format!("{}: {}", e.title_en, title.join(", ")),
        "source": "tiltak, compiled from the documents listed in extension.sources",
        "updated": ctx.updated,
        "id": dims.iter().map(|d| d.id.clone()).collect::<Vec<_>>(),
        "size": size,
        "role": role,
        "dimension": dimension,
        "value": value,
        "extension": {
            "label": { "nb": format!("{}: {}", e.title_nb, title.join(", ")), "en": format!("{}: {}", e.title_en, title.join(", ")) },
            "table": cube.table_by.iter().zip(key).map(|(f, v)| (f.to_string(), json!(v))).collect::<Map<_, _>>(),
            "sources": sources.iter().map(|(id, url)| json!({ "id": id, "url": url, "uri": uris::thing(ctx.base, &model::SOURCES, id) })).collect::<Vec<_>>(),
            "records": records,
        },
    });
    if !status.is_empty() {
        ds["status"] = Json::Object(status);
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    #[test]
    fn category_ids_are_tokens() {
        assert_eq!(super::category_id("main-purpose"), "main-purpose");
        assert_eq!(super::category_id("Norway rank, DESI"), "norway-rank-desi");
        assert_eq!(super::category_id("c. 2021 (x)"), "c-2021-x");
    }
}
