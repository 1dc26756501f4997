//! The collection page (`/data/{collection}`): a Datasette-style table over the same query
//! language as `/api/v1/{collection}` — filters, facets, sort, keyset paging, full-text search —
//! with the JSON and CSV URLs of the very same view.

use super::charts::{self, ChartBlock};
use super::i18n::{text, Lang};
use super::records::{lang_text, CodeLabels};
use super::{local_href, url_with};
use crate::db::query::{self, After, SortKey};
use crate::error::ApiError;
use crate::http::cursor;
use crate::http::params::{self, ListParams};
use crate::http::representation::record_json;
use crate::model::{self, Entity, Field, Kind};
use crate::state::Snapshot;
use rusqlite::types::Value;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashMap;

/// Facet values shown per field (the rest stay reachable through the filter form).
const FACET_VALUES: usize = 12;

#[derive(Debug, Serialize)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub lang: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub name: String,
    pub sort_href: Option<String>,
    /// `ascending` / `descending` when the table is sorted on this column.
    pub sorted: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct Control {
    /// `select`, `text`, `number`, `date` or `range`.
    pub kind: &'static str,
    pub name: String,
    pub label: String,
    pub value: String,
    pub options: Vec<SelectOption>,
    /// For ranges: the `__gte` and `__lte` inputs.
    pub from: Option<(String, String)>,
    pub to: Option<(String, String)>,
    pub input_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct Facet {
    pub name: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Serialize)]
pub struct CollectionView {
    pub collection: String,
    pub title: String,
    pub description: String,
    pub total: u64,
    pub shown: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub controls: Vec<Control>,
    pub facets: Vec<Facet>,
    pub q: String,
    pub sort: String,
    pub limit: Option<String>,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
    pub clear_href: String,
    pub json_url: String,
    pub csv_url: String,
    pub charts: Vec<ChartBlock>,
}

/// The page's query: the chrome's `lang`, empty form fields and `format` dropped.
pub fn page_pairs(query: &str) -> Vec<(String, String)> {
    super::query_without_lang(query).into_iter().filter(|(k, v)| !v.is_empty() && k != "format").collect()
}

fn without(pairs: &[(String, String)], drop: impl Fn(&str, &str) -> bool) -> Vec<(String, String)> {
    pairs.iter().filter(|(k, v)| !drop(k, v)).cloned().collect()
}

/// A field's label: its RDF property's label from the vocabulary in `lang`, else its name.
fn field_label(snap: &Snapshot, base: &str, lang: Lang, f: &Field) -> String {
    let fallback = || super::sentence_case(&f.name.trim_end_matches("_id").replace('_', " "));
    if f.kind == Kind::Id {
        return "ID".into();
    }
    match f.rdf.and_then(|pname| crate::rdf::expand(base, pname).ok()) {
        Some(iri) => {
            let label = super::thing::predicate_label(snap, base, &iri, lang);
            if label.contains(':') {
                fallback()
            } else {
                label
            }
        }
        None => fallback(),
    }
}

/// The value of one field as a table cell: codes and references by label, languages picked.
struct CellMaker<'a> {
    snap: &'a Snapshot,
    base: &'a str,
    lang: Lang,
    codes: &'a CodeLabels,
    ref_labels: HashMap<(String, String), String>,
}

impl CellMaker<'_> {
    fn ref_label(&mut self, target: &'static Entity, id: &str) -> Result<String, ApiError> {
        let key = (target.collection.to_string(), id.to_string());
        if let Some(l) = self.ref_labels.get(&key) {
            return Ok(l.clone());
        }
        let conn = self.snap.conn()?;
        let label = query::label_of(&conn, target, id)?
            .map(|l| lang_text(Some(&crate::http::representation::label_json(target, &l.label)), self.lang))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_string());
        self.ref_labels.insert(key, label.clone());
        Ok(label)
    }

    fn cell(&mut self, e: &Entity, f: &Field, v: Option<&Json>) -> Result<Cell, ApiError> {
        let plain = |text: String| Cell { text, href: None, lang: None };
        let raw = match v {
            None | Some(Json::Null) => return Ok(plain(String::new())),
            Some(v) => v,
        };
        Ok(match f.kind {
            Kind::Id => {
                let id = raw.as_str().unwrap_or_default();
                Cell { text: id.to_string(), href: Some(local_href(self.base, &crate::uris::thing(self.base, e, id))), lang: None }
            }
            Kind::Lang => Cell { text: lang_text(Some(raw), self.lang), href: None, lang: Some(self.lang.code()) },
            Kind::Code(scheme) => plain(self.codes.label(scheme, raw.as_str().unwrap_or_default(), self.lang)),
            Kind::Bool => plain(text(self.lang, if raw.as_bool().unwrap_or(false) { "yes" } else { "no" }).into()),
            Kind::Ref(target) => match (model::entity(target), raw.as_str()) {
                (Some(te), Some(id)) => {
                    let label = self.ref_label(te, id)?;
                    Cell { text: label, href: Some(local_href(self.base, &crate::uris::thing(self.base, te, id))), lang: None }
                }
                _ => plain(lang_text(Some(raw), self.lang)),
            },
            Kind::Url => {
                let url = raw.as_str().unwrap_or_default().to_string();
                Cell { text: url.clone(), href: Some(url), lang: None }
            }
            Kind::Text => {
                let full = lang_text(Some(raw), self.lang);
                let mut short: String = full.chars().take(160).collect();
                if short.len() < full.len() {
                    short.push('…');
                }
                plain(short)
            }
            _ => plain(lang_text(Some(raw), self.lang)),
        })
    }

    fn facet_label(&mut self, f: &Field, v: &Value) -> Result<String, ApiError> {
        Ok(match (f.kind, v) {
            (_, Value::Null) => text(self.lang, "empty").to_string(),
            (Kind::Code(scheme), Value::Text(c)) => self.codes.label(scheme, c, self.lang),
            (Kind::Bool, Value::Integer(i)) => text(self.lang, if *i != 0 { "yes" } else { "no" }).to_string(),
            (Kind::Ref(target), Value::Text(id)) => match model::entity(target) {
                Some(te) => self.ref_label(te, id)?,
                None => id.clone(),
            },
            (kind, v) => crate::http::representation::value_text(kind, v),
        })
    }
}

fn facet_param(f: &Field, v: &Value) -> Option<(String, String)> {
    match v {
        Value::Null => Some((format!("{}__isnull", f.name), "true".into())),
        Value::Integer(i) if f.kind == Kind::Bool => Some((f.name.to_string(), (*i != 0).to_string())),
        other => Some((f.name.to_string(), crate::http::representation::value_text(f.kind, other))),
    }
}

/// Column fields shown in the table: everything but long prose, which the thing page shows.
fn table_fields(e: &'static Entity) -> Vec<&'static Field> {
    e.fields.iter().filter(|f| f.kind != Kind::Text || f.name == e.label_field).collect()
}

fn controls(e: &'static Entity, snap: &Snapshot, base: &str, codes: &CodeLabels, lang: Lang, pairs: &[(String, String)]) -> Vec<Control> {
    let current = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for f in params::filterable_fields(e) {
        let label = field_label(snap, base, lang, f);
        let blank = || SelectOption { value: String::new(), label: text(lang, "any_value").into(), selected: false };
        let control = match f.kind {
            Kind::Code(scheme) => {
                let value = current(f.name);
                let mut options = vec![blank()];
                for code in snap.codes.get(scheme).map(Vec::as_slice).unwrap_or(&[]) {
                    options.push(SelectOption { value: code.clone(), label: codes.label(scheme, code, lang), selected: *code == value });
                }
                Control { kind: "select", name: f.name.into(), label, value, options, from: None, to: None, input_type: "" }
            }
            Kind::Bool => {
                let value = current(f.name);
                let options = vec![
                    blank(),
                    SelectOption { value: "true".into(), label: text(lang, "yes").into(), selected: value == "true" },
                    SelectOption { value: "false".into(), label: text(lang, "no").into(), selected: value == "false" },
                ];
                Control { kind: "select", name: f.name.into(), label, value, options, from: None, to: None, input_type: "" }
            }
            k if k.ordered() => {
                let input_type = if k == Kind::Date { "date" } else { "number" };
                let gte = format!("{}__gte", f.name);
                let lte = format!("{}__lte", f.name);
                Control {
                    kind: "range",
                    name: f.name.into(),
                    label,
                    value: String::new(),
                    options: Vec::new(),
                    from: Some((gte.clone(), current(&gte))),
                    to: Some((lte.clone(), current(&lte))),
                    input_type,
                }
            }
            _ => Control {
                kind: "text",
                name: f.name.into(),
                label,
                value: current(f.name),
                options: Vec::new(),
                from: None,
                to: None,
                input_type: "text",
            },
        };
        out.push(control);
    }
    out
}

/// Build the page for `collection` from the page's query string (blocking: runs SQL).
pub fn build(
    snap: &Snapshot,
    base: &str,
    lang: Lang,
    e: &'static Entity,
    query: &str,
    key: &cursor::CursorKey,
) -> Result<CollectionView, ApiError> {
    let pairs = page_pairs(query);
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let p: ListParams = params::parse(e, &encoded, &snap.codes)?;
    let fingerprint = p.fingerprint(&snap.version);
    let after = p.cursor.as_deref().map(|c| cursor::decode(key, &fingerprint, c)).transpose()?;
    let conn = snap.conn()?;
    // The snapshot's count cache, shared with the JSON API.
    let total = snap.total(&conn, &p.selection)?;
    let page = p.selection.page(&conn, &p.sort, after.as_ref(), p.limit)?;
    let ids: Vec<String> = page.records.iter().map(|r| r.id.clone()).collect();
    let prov = query::provenance(&conn, e, &ids)?;
    drop(conn);
    let codes = CodeLabels::load(snap, base)?;
    let mut maker = CellMaker { snap, base, lang, codes: &codes, ref_labels: HashMap::new() };
    let fields = table_fields(e);
    let paging_free = without(&pairs, |k, _| k == "cursor");
    let (sorted_col, descending) = match &p.sort.key {
        SortKey::Column(c) => (Some(c.clone()), p.sort.descending),
        SortKey::Relevance => (None, false),
    };
    let columns = fields
        .iter()
        .map(|f| {
            let sorted =
                (sorted_col.as_deref() == Some(f.sort_column().as_str())).then_some(if descending { "descending" } else { "ascending" });
            let sort_href = f.kind.sortable().then(|| {
                let mut q = without(&paging_free, |k, _| k == "sort");
                let next = if sorted == Some("ascending") { format!("-{}", f.name) } else { f.name.to_string() };
                q.push(("sort".into(), next));
                url_with(&format!("/data/{}", e.collection), &with_lang(q, lang))
            });
            Column { name: field_label(snap, base, lang, f), sort_href, sorted }
        })
        .collect();
    let mut rows = Vec::new();
    for r in &page.records {
        let obj = record_json(base, e, r, prov.get(&r.id), None);
        let mut row = Vec::new();
        for f in &fields {
            row.push(maker.cell(e, f, obj.get(f.name))?);
        }
        rows.push(row);
    }
    let mut facets = Vec::new();
    let conn = snap.conn()?;
    for f in e.fields.iter().filter(|f| matches!(f.kind, Kind::Code(_) | Kind::Bool | Kind::Tag | Kind::Ref(_))) {
        let counts = snap.facet_counts(&conn, &p.selection, f.name)?;
        let filtered_here = pairs.iter().any(|(k, _)| k == f.name || k.starts_with(&format!("{}__", f.name)));
        let few = matches!(f.kind, Kind::Code(_) | Kind::Bool) || counts.len() <= FACET_VALUES;
        if !filtered_here && (counts.len() < 2 || !few) {
            continue; // one value for everything, or a near-unique column, tells nothing
        }
        let mut values = Vec::new();
        for (v, count) in counts.iter().take(FACET_VALUES) {
            let Some((k, val)) = facet_param(f, v) else { continue };
            let selected = pairs.iter().any(|(pk, pv)| *pk == k && *pv == val);
            let mut q = without(&paging_free, |pk, pv| selected && pk == k && pv == val);
            if !selected {
                q.push((k, val));
            }
            values.push(FacetValue {
                label: maker.facet_label(f, v)?,
                count: *count,
                href: url_with(&format!("/data/{}", e.collection), &with_lang(q, lang)),
                selected,
            });
        }
        facets.push(Facet { name: field_label(snap, base, lang, f), values });
    }
    drop(conn);
    let next_href = match page.records.last() {
        Some(last) if page.has_more => {
            let c = cursor::encode(key, &fingerprint, &After { value: last.sort_value.clone(), id: last.id.clone() });
            let mut q = paging_free.clone();
            q.push(("cursor".into(), c));
            Some(url_with(&format!("/data/{}", e.collection), &with_lang(q, lang)))
        }
        _ => None,
    };
    let first_href = p.cursor.is_some().then(|| url_with(&format!("/data/{}", e.collection), &with_lang(paging_free.clone(), lang)));
    // "This view" in the API: same selection, order and position (the cursor is bound to the
    // selection and order only, so the API accepts the page's cursor).
    let json_url = url_with(&format!("/api/v1/{}", e.collection), &pairs);
    let mut csv_pairs = pairs.clone();
    csv_pairs.push(("format".into(), "csv".into()));
    let mut chart_blocks = Vec::new();
    for kind in charts::for_collection(e.collection) {
        chart_blocks.push(charts::build(snap, base, lang, kind)?);
    }
    Ok(CollectionView {
        collection: e.collection.into(),
        title: lang.pick(e.title_nb, e.title_en).into(),
        description: lang.pick(e.description_nb, e.description).into(),
        total,
        shown: page.records.len(),
        columns,
        rows,
        controls: controls(e, snap, base, &codes, lang, &pairs),
        facets,
        q: pairs.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone()).unwrap_or_default(),
        sort: pairs.iter().find(|(k, _)| k == "sort").map(|(_, v)| v.clone()).unwrap_or_default(),
        limit: pairs.iter().find(|(k, _)| k == "limit").map(|(_, v)| v.clone()),
        next_href,
        first_href,
        clear_href: url_with(&format!("/data/{}", e.collection), &with_lang(Vec::new(), lang)),
        json_url,
        csv_url: url_with(&format!("/api/v1/{}", e.collection), &csv_pairs),
        charts: chart_blocks,
    })
}

/// Keep the chosen language on links inside the page.
fn with_lang(mut pairs: Vec<(String, String)>, lang: Lang) -> Vec<(String, String)> {
    pairs.push(("lang".into(), lang.code().into()));
    pairs
}
