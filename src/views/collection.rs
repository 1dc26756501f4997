//! The collection page (`/data/{collection}`): a Datasette-style table over the same query
//! language as `/api/v1/{collection}` — filters, facets, sort, keyset paging, full-text search —
//! with the JSON and CSV URLs of the very same view.

use super::charts::{self, ChartBlock};
use super::i18n::{text, Lang};
use super::records::{lang_text, CodeLabels};
use super::{local_href, url_with};
use crate::db::listing;
use crate::db::query::{self, After, SortKey};
use crate::error::ApiError;
use crate::model::{self, Entity, Field, Kind};
use crate::selection::cursor;
use crate::selection::operators::{Arity, Bound, Operator};
use crate::selection::params::{self, ListParams};
use crate::selection::record::record_json;
use crate::selection::Value;
use crate::state::Snapshot;
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
    /// A number: right-aligned.
    pub num: bool,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub name: String,
    pub sort_href: Option<String>,
    /// `ascending` / `descending` when the table is sorted on this column.
    pub sorted: Option<&'static str>,
    pub num: bool,
}

/// An active filter, shown as a chip that removes it.
#[derive(Debug, Serialize)]
pub struct Chip {
    pub label: String,
    pub href: String,
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
    /// Position of the first and last row shown (1-based), for "11–20 av 33".
    pub range_from: usize,
    pub range_to: usize,
    pub columns: Vec<Column>,
    /// Fields left out of the default columns, and the link that shows or hides them.
    pub hidden_columns: usize,
    pub all_columns: bool,
    pub columns_href: String,
    pub chips: Vec<Chip>,
    pub rows: Vec<Vec<Cell>>,
    pub controls: Vec<Control>,
    pub facets: Vec<Facet>,
    pub q: String,
    pub sort: String,
    pub limit: Option<String>,
    pub next_href: Option<String>,
    pub prev_href: Option<String>,
    pub first_href: Option<String>,
    pub clear_href: String,
    pub json_url: String,
    pub csv_url: String,
    pub charts: Vec<ChartBlock>,
}

/// Parameters of the page alone (row position, column choice): never sent to the API.
const PAGE_ONLY: &[&str] = &["page", "columns"];

/// The page's query: the chrome's `lang`, empty form fields and `format` dropped.
pub fn page_pairs(query: &str) -> Vec<(String, String)> {
    super::query_without_lang(query).into_iter().filter(|(k, v)| !v.is_empty() && k != "format").collect()
}

/// The part of the page's query that the API understands.
fn api_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    without(pairs, |k, _| PAGE_ONLY.contains(&k))
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
            .map(|l| lang_text(Some(&crate::selection::record::label_json(target, &l.label)), self.lang))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_string());
        self.ref_labels.insert(key, label.clone());
        Ok(label)
    }

    fn cell(
        &mut self,
        e: &Entity,
        f: &Field,
        v: Option<&Json>,
        id: &str,
        obj: Option<&super::records::JsonRecord>,
    ) -> Result<Cell, ApiError> {
        let plain = |text: String| Cell { text, href: None, lang: None, num: false };
        let record_href = || local_href(self.base, &crate::uris::thing(self.base, e, id));
        let raw = match v {
            None | Some(Json::Null) if f.name == e.label_field => {
                return Ok(Cell { text: id.to_string(), href: Some(record_href()), lang: None, num: false })
            }
            None | Some(Json::Null) => return Ok(plain(String::new())),
            Some(v) => v,
        };
        if f.name == e.label_field && f.kind != Kind::Id {
            let (text, lang) = match (f.kind, obj) {
                (Kind::Lang, _) => lang_of_map(raw, self.lang),
                (_, Some(obj)) => super::records::display_label(self.snap, self.base, e, obj, id, self.lang),
                _ => (lang_text(Some(raw), self.lang), None),
            };
            let text = if text.is_empty() { id.to_string() } else { super::records::for_people(&text) };
            return Ok(Cell { text, href: Some(record_href()), lang, num: false });
        }
        if matches!(f.kind, Kind::Tag | Kind::Text) {
            let text = super::records::for_people(&lang_text(Some(raw), self.lang));
            let lang = obj.and_then(|o| super::records::text_language(e, f.name, o, &text)).filter(|l| *l != self.lang.code());
            let mut short: String = text.chars().take(160).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            return Ok(Cell { text: short, href: None, lang, num: false });
        }
        Ok(match f.kind {
            // A record whose label is its id reads as the label the graph composes for it.
            Kind::Id if f.name == e.label_field => {
                let (text, lang) = match obj {
                    Some(obj) => super::records::display_label(self.snap, self.base, e, obj, id, self.lang),
                    None => (id.to_string(), None),
                };
                Cell { text, href: Some(record_href()), lang, num: false }
            }
            Kind::Id => Cell { text: id.to_string(), href: Some(record_href()), lang: None, num: false },
            Kind::Int => match raw.as_f64() {
                Some(n) => Cell { text: super::i18n::number(self.lang, n, 0), href: None, lang: None, num: true },
                None => plain(lang_text(Some(raw), self.lang)),
            },
            Kind::Float => match raw.as_f64() {
                Some(n) => Cell { text: super::i18n::number(self.lang, n, 2), href: None, lang: None, num: true },
                None => plain(lang_text(Some(raw), self.lang)),
            },
            Kind::Date => plain(super::i18n::date(self.lang, raw.as_str().unwrap_or_default())),
            Kind::Lang => {
                let (text, lang) = lang_of_map(raw, self.lang);
                Cell { text, href: None, lang, num: false }
            }
            Kind::Code(scheme) => plain(self.codes.label(scheme, raw.as_str().unwrap_or_default(), self.lang)),
            Kind::Bool => plain(text(self.lang, if raw.as_bool().unwrap_or(false) { "yes" } else { "no" }).into()),
            Kind::Ref(target) => match (model::entity(target), raw.as_str()) {
                (Some(te), Some(id)) => {
                    let label = self.ref_label(te, id)?;
                    Cell { text: label, href: Some(local_href(self.base, &crate::uris::thing(self.base, te, id))), lang: None, num: false }
                }
                _ => plain(lang_text(Some(raw), self.lang)),
            },
            Kind::Url => {
                let url = raw.as_str().unwrap_or_default().to_string();
                Cell { text: url.clone(), href: Some(url), lang: None, num: false }
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
            (kind, v) => crate::selection::record::value_text(kind, v),
        })
    }
}

fn facet_param(f: &Field, v: &Value) -> Option<(String, String)> {
    match v {
        Value::Null => Some((format!("{}__isnull", f.name), "true".into())),
        Value::Integer(i) if f.kind == Kind::Bool => Some((f.name.to_string(), (*i != 0).to_string())),
        other => Some((f.name.to_string(), crate::selection::record::value_text(f.kind, other))),
    }
}

/// Text of a language map in `lang`, and the language to mark when only the other one exists.
fn lang_of_map(raw: &Json, lang: Lang) -> (String, Option<&'static str>) {
    let want = raw.get(lang.code()).and_then(Json::as_str).filter(|s| !s.is_empty());
    match want {
        Some(t) => (t.to_string(), None),
        None => {
            let other = lang.pick("en", "nb");
            let text = lang_text(Some(raw), lang);
            let mark = (!text.is_empty()).then_some(other);
            (text, mark)
        }
    }
}

/// Every field a table could show: all but long prose, which the thing page shows.
fn table_fields(e: &'static Entity) -> Vec<&'static Field> {
    e.fields.iter().filter(|f| f.kind != Kind::Text || f.name == e.label_field).collect()
}

/// The columns shown: the spec's defaults (or all), each field once.
fn shown_fields(e: &'static Entity, all: bool) -> Vec<&'static Field> {
    if all || e.table_columns.is_empty() {
        return table_fields(e);
    }
    e.table_columns.iter().filter_map(|name| e.field(name)).collect()
}

/// Linked-record filters offer their records as a select up to this many.
const REF_OPTIONS: usize = 400;

fn controls(e: &'static Entity, snap: &Snapshot, base: &str, codes: &CodeLabels, lang: Lang, pairs: &[(String, String)]) -> Vec<Control> {
    let current = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for f in params::filterable_fields(e) {
        let label = field_label(snap, base, lang, f);
        let blank = || SelectOption { value: String::new(), label: text(lang, "any_value").into(), selected: false };
        let control = match f.kind {
            Kind::Id => continue, // the search box and the record links cover ids
            Kind::Ref(target) => {
                let value = current(f.name);
                let labels = match super::records::labels(snap, base, target, lang) {
                    Ok(l) if l.len() <= REF_OPTIONS => l,
                    _ => {
                        out.push(Control {
                            kind: "text",
                            name: f.name.into(),
                            label,
                            value,
                            options: Vec::new(),
                            from: None,
                            to: None,
                            input_type: "text",
                        });
                        continue;
                    }
                };
                let mut sorted: Vec<(String, String)> = labels.into_iter().collect();
                sorted.sort_by_cached_key(|(id, l)| (super::i18n::sort_key(lang, l), id.clone()));
                let mut options = vec![blank()];
                options.extend(sorted.into_iter().map(|(id, l)| SelectOption { selected: id == value, value: id, label: l }));
                Control { kind: "select", name: f.name.into(), label, value, options, from: None, to: None, input_type: "" }
            }
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
                // The range's two ends as the operator table names them.
                let end = |bound| {
                    Operator::bound(bound).filter(|op| (op.applies)(k)).map(|op| {
                        let name = op.parameter(f.name);
                        let value = current(&name);
                        (name, value)
                    })
                };
                Control {
                    kind: "range",
                    name: f.name.into(),
                    label,
                    value: String::new(),
                    options: Vec::new(),
                    from: end(Bound::From),
                    to: end(Bound::To),
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

/// A chip's text for one active filter pair, or `None` for the view's own parameters.
fn chip_label(maker: &mut CellMaker, e: &'static Entity, k: &str, v: &str) -> Result<Option<String>, ApiError> {
    if k == "q" {
        return Ok(Some(format!("{}: «{v}»", text(maker.lang, "search_label"))));
    }
    if ["sort", "limit", "cursor", "fields", "facet"].contains(&k) || PAGE_ONLY.contains(&k) {
        return Ok(None);
    }
    let (name, op) = k.split_once("__").unwrap_or((k, ""));
    let Some(f) = e.field(name) else { return Ok(None) };
    let label = field_label(maker.snap, maker.base, maker.lang, f);
    let value = match f.kind {
        Kind::Code(scheme) => maker.codes.label(scheme, v, maker.lang),
        Kind::Bool => text(maker.lang, if v == "true" { "yes" } else { "no" }).to_string(),
        Kind::Ref(target) => match model::entity(target) {
            Some(te) => maker.ref_label(te, v)?,
            None => v.to_string(),
        },
        Kind::Date => super::i18n::date(maker.lang, v),
        _ => v.to_string(),
    };
    Ok(Some(match Operator::find(op) {
        Some(o) if o.arity == Arity::Flag => o.chip_text(&label, text(maker.lang, if v == "true" { "empty" } else { "not_empty" })),
        Some(o) => o.chip_text(&label, &value),
        None => format!("{label} ({op}): {value}"),
    }))
}

/// The ordinal code field a collection page charts (its counts follow the page's filter).
pub fn chart_field(e: &'static Entity) -> Option<(&'static Field, &'static str)> {
    e.fields.iter().find_map(|f| match f.kind {
        Kind::Code(s) if super::charts::ORDINAL_SCHEMES.contains(&s) => Some((f, s)),
        _ => None,
    })
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
    let mut api = api_pairs(&pairs);
    let encoded = crate::selection::query_string(&api);
    let mut p: ListParams = params::parse(e, &encoded, &snap.codes)?;
    // Text sorts in the page's language: the API's `lang=en` (Norwegian is its default).
    if lang == Lang::En && p.sort.orders_text(e) {
        api.push(("lang".into(), "en".into()));
        p.sort.collation = crate::selection::collation::Collation::En;
    }
    let fingerprint = p.fingerprint(&snap.version);
    let after = listing::decode_cursor(&p, key, &snap.version)?;
    let all_columns = pairs.iter().any(|(k, v)| k == "columns" && v == "all");
    // The page number only labels the rows ("11–20 of 33"); the cursor decides which they are.
    let page_no = if p.cursor.is_some() {
        pairs.iter().find(|(k, _)| k == "page").and_then(|(_, v)| v.parse::<usize>().ok()).filter(|n| *n >= 2).unwrap_or(2)
    } else {
        1
    };
    let conn = snap.conn()?;
    // The snapshot's count cache, shared with the JSON API.
    let view = listing::page_view(&conn, &p, after.as_ref(), key, &snap.version, |s| snap.total(&conn, s))?;
    let total = view.total;
    let page_no = page_no.min((total as usize).div_ceil(p.limit).max(1));
    let page = &view.chunk;
    // The previous page's cursor: walk from the start (pages are small and bounded by the total).
    let mut prev_after: Option<After> = None;
    if p.cursor.is_some() && page_no > 2 {
        for step in listing::pages(&conn, &p.selection, &p.sort, None, Some((page_no - 2) * p.limit)).chunked(p.limit) {
            if let Some(last) = step?.records.last() {
                prev_after = Some(After::record(last));
            }
        }
    }
    drop(conn);
    let codes = CodeLabels::load(snap, base)?;
    let mut maker = CellMaker { snap, base, lang, codes: &codes, ref_labels: HashMap::new() };
    let fields = shown_fields(e, all_columns);
    let hidden_columns = table_fields(e).len().saturating_sub(shown_fields(e, false).len());
    let paging_free = without(&pairs, |k, _| k == "cursor" || k == "page");
    let here = format!("/data/{}", e.collection);
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
                url_with(&here, &with_lang(q, lang))
            });
            Column { name: field_label(snap, base, lang, f), sort_href, sorted, num: matches!(f.kind, Kind::Int | Kind::Float) }
        })
        .collect();
    let mut rows = Vec::new();
    for r in &page.records {
        let obj = record_json(base, e, r, page.provenance_of(r), None);
        let mut row = Vec::new();
        for f in &fields {
            row.push(maker.cell(e, f, obj.get(f.name), &r.id, Some(&obj))?);
        }
        rows.push(row);
    }
    let mut facets = Vec::new();
    let conn = snap.conn()?;
    // The API's facet rule (`Kind::facetable`); numbers and dates get range controls instead.
    for f in e.fields.iter().filter(|f| f.kind.facetable() && !f.kind.ordered()) {
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
                href: url_with(&here, &with_lang(q, lang)),
                selected,
            });
        }
        facets.push(Facet { name: field_label(snap, base, lang, f), values });
    }
    // The chart counts the records of this very selection, so its bars add up to the total.
    let mut chart_blocks = Vec::new();
    if let Some((f, scheme)) = chart_field(e) {
        let counts = snap.facet_counts(&conn, &p.selection, f.name)?;
        let order = snap.codes.get(scheme).cloned().unwrap_or_default();
        let mut cats: Vec<(Option<String>, u64)> =
            counts.iter().map(|(v, n)| (if let Value::Text(t) = v { Some(t.clone()) } else { None }, *n)).collect();
        cats.sort_by_key(|(c, _)| c.as_ref().and_then(|c| order.iter().position(|o| o == c)).unwrap_or(usize::MAX));
        let categories: Vec<(String, Option<String>, u64)> = cats
            .into_iter()
            .map(|(c, n)| match c {
                Some(code) => (codes.label(scheme, &code, lang), Some(code), n),
                None => (text(lang, "no_status").to_string(), None, n),
            })
            .collect();
        let label = field_label(snap, base, lang, f);
        chart_blocks.push(charts::counts_chart(
            lang,
            &format!("chart-{}-{}", e.collection, f.name.replace('_', "-")),
            &format!("{} {} {}", lang.pick(e.title_nb, e.title_en), text(lang, "by"), label.to_lowercase()),
            scheme,
            &label,
            &categories,
            total,
        ));
    }
    drop(conn);
    let page_link = |q: Vec<(String, String)>| url_with(&here, &with_lang(q, lang));
    let next_href = view.next_cursor.clone().map(|c| {
        let mut q = paging_free.clone();
        q.push(("cursor".into(), c));
        q.push(("page".into(), (page_no + 1).to_string()));
        page_link(q)
    });
    let first_href = p.cursor.is_some().then(|| page_link(paging_free.clone()));
    let prev_href = match (&prev_after, page_no) {
        (Some(at), n) if n > 2 => {
            let mut q = paging_free.clone();
            q.push(("cursor".into(), cursor::encode(key, &fingerprint, at)));
            q.push(("page".into(), (n - 1).to_string()));
            Some(page_link(q))
        }
        _ => first_href.clone(),
    };
    let mut chips = Vec::new();
    for (k, v) in &paging_free {
        if let Some(label) = chip_label(&mut maker, e, k, v)? {
            let q = without(&paging_free, |pk, pv| pk == k && pv == v);
            chips.push(Chip { label, href: page_link(q) });
        }
    }
    let columns_href = {
        let mut q = without(&pairs, |k, _| k == "columns");
        if !all_columns {
            q.push(("columns".into(), "all".into()));
        }
        page_link(q)
    };
    // "This view" in the API: same selection, order and position (the cursor is bound to the
    // selection and order only, so the API accepts the page's cursor).
    let json_url = url_with(&format!("/api/v1/{}", e.collection), &api);
    let mut csv_pairs = api.clone();
    csv_pairs.push(("format".into(), "csv".into()));
    let range_from = if page.records.is_empty() { 0 } else { (page_no - 1) * p.limit + 1 };
    Ok(CollectionView {
        collection: e.collection.into(),
        title: lang.pick(e.title_nb, e.title_en).into(),
        description: lang.pick(e.description_nb, e.description).into(),
        total,
        shown: page.records.len(),
        range_from,
        range_to: if range_from == 0 { 0 } else { range_from + page.records.len() - 1 },
        columns,
        hidden_columns,
        all_columns,
        columns_href,
        chips,
        rows,
        controls: controls(e, snap, base, &codes, lang, &pairs),
        facets,
        q: pairs.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone()).unwrap_or_default(),
        sort: pairs.iter().find(|(k, _)| k == "sort").map(|(_, v)| v.clone()).unwrap_or_default(),
        limit: pairs.iter().find(|(k, _)| k == "limit").map(|(_, v)| v.clone()),
        next_href,
        prev_href,
        first_href,
        clear_href: url_with(&here, &with_lang(Vec::new(), lang)),
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
