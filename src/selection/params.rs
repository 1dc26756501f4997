//! The query language of every collection, parsed once into typed values:
//! filters (`field` and `field__{operator}` by the operator table), `q`, `sort`, `limit`,
//! `cursor`, `facet`, `fields`, `format`, `lang` (the language of the sort order). Unknown parameters and values are refused.

use super::collation::Collation;
use super::operators::{Arity, Operator};
use super::{parse_cell, Filter, Selection, SelectionError, Sort, SortKey, Value};
use crate::model::{Entity, Field, Kind};
use std::collections::HashMap;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
pub const RESERVED: &[&str] = &["q", "sort", "limit", "cursor", "facet", "fields", "format", "lang"];

pub struct ListParams {
    pub selection: Selection,
    pub sort: Sort,
    pub limit: usize,
    pub limit_given: bool,
    pub cursor: Option<String>,
    pub facets: Vec<&'static Field>,
    pub fields: Option<Vec<String>>,
    pub format: Option<String>,
}

/// Names a client may use in `fields`.
pub fn selectable_fields(e: &Entity) -> Vec<String> {
    let mut names: Vec<String> = e.fields.iter().map(|f| f.name.to_string()).collect();
    names.push("uri".into());
    if e.has_sources {
        names.push("sources".into());
    }
    if e.has_quality_notes {
        names.push("quality_notes".into());
    }
    names
}

pub fn sortable_fields(e: &Entity) -> Vec<String> {
    e.fields.iter().filter(|f| f.kind.sortable()).map(|f| f.name.to_string()).collect()
}

pub fn filterable_fields(e: &Entity) -> Vec<&'static Field> {
    e.fields.iter().filter(|f| f.kind.filterable()).collect()
}

pub fn facetable_fields(e: &Entity) -> Vec<String> {
    e.fields.iter().filter(|f| f.kind.facetable()).map(|f| f.name.to_string()).collect()
}

/// Turn free text into an FTS5 expression: every token quoted (no operators reach FTS5), all
/// tokens required, the last one also as a prefix (search as you type). Earlier tokens match whole
/// words: a prefix term makes FTS5 merge the posting lists of every word it starts, which for a
/// word in every row cost 0.8 s at scale 1000 where the exact term costs 1 ms (issue 14).
pub fn fts_expression(q: &str) -> Option<String> {
    let words: Vec<&str> = q.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).take(32).collect();
    let last = words.len().checked_sub(1)?;
    let tokens: Vec<String> =
        words.iter().enumerate().map(|(i, t)| format!("\"{}\"{}", t.replace('"', ""), if i == last { "*" } else { "" })).collect();
    Some(tokens.join(" "))
}

/// An integer in a query string written as JSON writes one (`-?(0|[1-9][0-9]*)`): the OpenAPI
/// document calls these parameters integers, so `+5`, `05` or `-0` are not (Rust's parser takes them).
pub fn is_canonical_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0')) && raw != "-0"
}

fn parse_value(field: &Field, param: &str, raw: &str, codes: &HashMap<String, Vec<String>>) -> Result<Value, SelectionError> {
    if field.kind == Kind::Int && !is_canonical_integer(raw) {
        return Err(SelectionError::param(
            param,
            format!("'{raw}' is not an integer; expected an integer (digits, an optional leading '-')"),
        ));
    }
    if let Kind::Code(scheme) = field.kind {
        let allowed = codes.get(scheme).cloned().unwrap_or_default();
        if !allowed.iter().any(|c| c == raw) {
            return Err(SelectionError::param_allowed(param, format!("'{raw}' is not a code of the list '{scheme}'"), allowed));
        }
        return Ok(Value::Text(raw.to_string()));
    }
    let kind = match field.kind {
        Kind::Id | Kind::Ref(_) | Kind::Tag => Kind::Tag,
        k => k,
    };
    parse_cell(kind, raw).map_err(|problem| {
        let expected = match field.kind {
            Kind::Int => "an integer",
            Kind::Float => "a number",
            Kind::Date => "a date YYYY-MM-DD",
            Kind::Bool => "true or false",
            _ => "a value",
        };
        SelectionError::param(param, format!("{problem}; expected {expected}"))
    })
}

fn single<'a>(name: &str, values: &'a [String]) -> Result<&'a str, SelectionError> {
    match values {
        [one] => Ok(one),
        _ => Err(SelectionError::param(name, format!("'{name}' may be given only once"))),
    }
}

/// One filter parameter `field` or `field__op`, by the operator table.
fn parse_filter(e: &'static Entity, name: &str, values: &[String], codes: &HashMap<String, Vec<String>>) -> Result<Filter, SelectionError> {
    let (field_name, suffix) = name.rsplit_once("__").unwrap_or((name, ""));
    let field = e.field(field_name).filter(|f| f.kind.filterable()).ok_or_else(|| {
        let mut allowed: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        allowed.extend(filterable_fields(e).iter().map(|f| f.name.to_string()));
        SelectionError::param_allowed(name, format!("unknown parameter '{name}'"), allowed)
    })?;
    let op = Operator::find(suffix).filter(|op| (op.applies)(field.kind)).ok_or_else(|| {
        SelectionError::param_allowed(
            name,
            format!("unknown operator '__{suffix}' for field '{field_name}'"),
            Operator::for_kind(field.kind).map(|o| o.label().to_string()).collect(),
        )
    })?;
    let values = match op.arity {
        Arity::Many => values.iter().map(|v| parse_value(field, name, v, codes)).collect::<Result<_, _>>()?,
        Arity::One => vec![parse_value(field, name, single(name, values)?, codes)?],
        Arity::Flag => match single(name, values)? {
            "true" => vec![Value::Integer(1)],
            "false" => vec![Value::Integer(0)],
            other => return Err(SelectionError::param(name, format!("'{other}' is not true or false"))),
        },
    };
    Ok(Filter { column: field.name.to_string(), op, values: values.into_iter().map(op.shape).collect() })
}

fn default_sort(e: &Entity) -> Sort {
    let f = e.field(e.default_sort).map(|f| f.sort_column()).unwrap_or_else(|| "id".into());
    Sort { key: SortKey::Column(f), descending: false, collation: Default::default() }
}

pub fn parse(e: &'static Entity, query: &str, codes: &HashMap<String, Vec<String>>) -> Result<ListParams, SelectionError> {
    let pairs = super::pairs(query)?;
    let mut by_name: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in pairs {
        match by_name.iter_mut().find(|(n, _)| *n == k) {
            Some((_, vs)) => vs.push(v),
            None => by_name.push((k, vec![v])),
        }
    }
    let mut filters = Vec::new();
    let mut q = None;
    let mut sort_raw = None;
    let mut limit = DEFAULT_LIMIT;
    let mut limit_given = false;
    let mut cursor = None;
    let mut facets = Vec::new();
    let mut fields = None;
    let mut format = None;
    let mut collation = Collation::Nb;
    for (name, values) in &by_name {
        match name.as_str() {
            "lang" => {
                collation = match single(name, values)? {
                    "nb" => Collation::Nb,
                    "en" => Collation::En,
                    other => {
                        return Err(SelectionError::param_allowed(
                            "lang",
                            format!("no sort order for '{other}'"),
                            vec!["nb".into(), "en".into()],
                        ))
                    }
                }
            }
            "q" => q = Some(single(name, values)?.to_string()),
            "sort" => sort_raw = Some(single(name, values)?.to_string()),
            // An empty cursor is the first page (clients build `cursor=` from an absent `next`).
            "cursor" => cursor = Some(single(name, values)?.to_string()).filter(|c| !c.is_empty()),
            "format" => format = Some(single(name, values)?.to_string()),
            "limit" => {
                let raw = single(name, values)?;
                limit = Some(raw)
                    .filter(|r| is_canonical_integer(r))
                    .and_then(|r| r.parse::<usize>().ok())
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| SelectionError::param("limit", format!("'{raw}' is not an integer from 1 to {MAX_LIMIT}")))?;
                limit_given = true;
            }
            "facet" => {
                let allowed = facetable_fields(e);
                // Names exactly as the OpenAPI enum lists them: `facet=+` (a space) is refused, not ignored.
                for v in values.iter().flat_map(|v| v.split(',')).filter(|v| !v.is_empty()) {
                    let f = e
                        .field(v)
                        .filter(|f| f.kind.facetable())
                        .ok_or_else(|| SelectionError::param_allowed("facet", format!("cannot facet on '{v}'"), allowed.clone()))?;
                    if !facets.iter().any(|x: &&Field| x.name == f.name) {
                        facets.push(f);
                    }
                }
            }
            "fields" => {
                let allowed = selectable_fields(e);
                let mut chosen = Vec::new();
                for v in values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()) {
                    if !allowed.iter().any(|a| a == v) {
                        return Err(SelectionError::param_allowed("fields", format!("unknown field '{v}'"), allowed));
                    }
                    chosen.push(v.to_string());
                }
                if chosen.is_empty() {
                    return Err(SelectionError::param_allowed("fields", "no fields named", allowed));
                }
                fields = Some(chosen);
            }
            _ => filters.push(parse_filter(e, name, values, codes)?),
        }
    }
    // Any string is a valid `q`; one without words matches nothing (an empty FTS5 phrase).
    let search = q.as_ref().map(|text| fts_expression(text).unwrap_or_else(|| "\"\"".into()));
    let mut sort = match sort_raw.as_deref() {
        None if search.is_some() => Sort { key: SortKey::Relevance, descending: false, collation: Default::default() },
        None => default_sort(e),
        Some(raw) => {
            let (descending, name) = match raw.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, raw),
            };
            if name == "relevance" {
                match search {
                    Some(_) => Sort { key: SortKey::Relevance, descending, collation: Default::default() },
                    // Without a search every record is equally relevant: the default order.
                    None => default_sort(e),
                }
            } else {
                let mut allowed = sortable_fields(e);
                allowed.push("relevance".into());
                let f = e
                    .field(name)
                    .filter(|f| f.kind.sortable())
                    .ok_or_else(|| SelectionError::param_allowed("sort", format!("cannot sort on '{name}'"), allowed.clone()))?;
                Sort { key: SortKey::Column(f.sort_column()), descending, collation: Default::default() }
            }
        }
    };
    // The order of text; other sorts are the same in every language (and so are their cursors).
    if sort.orders_text(e) {
        sort.collation = collation;
    }
    Ok(ListParams { selection: Selection { entity: e, filters, search }, sort, limit, limit_given, cursor, facets, fields, format })
}

impl ListParams {
    /// What a cursor is bound to: the selection and the order.
    pub fn fingerprint(&self, version: &str) -> String {
        format!("{version}|{}|{:?}", self.selection.key(), self.sort)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{INITIATIVES, SOURCES};

    fn codes() -> HashMap<String, Vec<String>> {
        HashMap::from([("status".to_string(), vec!["completed".to_string(), "not-started".to_string()])])
    }

    fn refusal(e: &'static Entity, query: &str) -> (String, Option<Vec<String>>) {
        match parse(e, query, &codes()) {
            Err(SelectionError { parameter, allowed, .. }) => (parameter, allowed),
            Ok(_) => panic!("{query}: accepted"),
        }
    }

    #[test]
    fn integers_are_written_as_json_writes_them() {
        for ok in ["0", "7", "-7", "2021", "9223372036854775807"] {
            assert!(is_canonical_integer(ok), "{ok}");
        }
        for bad in ["+5", "05", "-0", "", "-", "1.0", " 5", "5 ", "1e3", "٥"] {
            assert!(!is_canonical_integer(bad), "{bad}");
        }
    }

    #[test]
    fn fts_expression_quotes_every_token_and_drops_operators() {
        assert_eq!(fts_expression("økosystem data").as_deref(), Some("\"økosystem\" \"data\"*"));
        assert_eq!(fts_expression("a\" OR b NEAR(").as_deref(), Some("\"a\" \"OR\" \"b\" \"NEAR\"*"));
        assert_eq!(fts_expression(" -*()"), None);
        assert_eq!(fts_expression(&"x ".repeat(100)).map(|e| e.matches('"').count()), Some(64));
    }

    #[test]
    fn filters_come_from_the_operator_table() {
        let p = parse(&INITIATIVES, "status=completed&status=not-started&status_year__gte=2021&report_id__isnull=true", &codes())
            .expect("valid query");
        let ops: Vec<(&str, &str, usize)> = p.selection.filters.iter().map(|f| (f.column.as_str(), f.op.suffix, f.values.len())).collect();
        assert_eq!(ops, [("status", "", 2), ("status_year", "gte", 1), ("report_id", "isnull", 1)]);
        assert_eq!(p.selection.filters[1].values, [Value::Integer(2021)]);
    }

    #[test]
    fn refusals_name_the_parameter_and_what_is_allowed() {
        let (param, allowed) = refusal(&INITIATIVES, "status_year__near=3");
        assert_eq!(param, "status_year__near");
        assert_eq!(allowed, Some(vec!["(none)".into(), "gte".into(), "lte".into(), "isnull".into()]));
        let (param, allowed) = refusal(&INITIATIVES, "name__gte=x");
        assert_eq!(param, "name__gte");
        assert!(allowed.is_some_and(|a| a.contains(&"status".to_string()) && a.contains(&"q".to_string())));
        let (_, allowed) = refusal(&INITIATIVES, "status=finished");
        assert_eq!(allowed, Some(vec!["completed".into(), "not-started".into()]));
        assert_eq!(refusal(&INITIATIVES, "status_year=soon").0, "status_year");
        assert_eq!(refusal(&INITIATIVES, "limit=0").0, "limit");
        assert_eq!(refusal(&INITIATIVES, "q=a&q=b").0, "q");
        assert_eq!(refusal(&INITIATIVES, "report_id__isnull=maybe").0, "report_id__isnull");
        assert_eq!(refusal(&SOURCES, "fields=sources").0, "fields");
    }

    #[test]
    fn sort_defaults_to_relevance_with_a_search() {
        let p = parse(&INITIATIVES, "q=digital", &codes()).expect("valid");
        assert_eq!(p.sort.key, SortKey::Relevance);
        let p = parse(&INITIATIVES, "sort=-name", &codes()).expect("valid");
        assert_eq!((p.sort.key, p.sort.descending), (SortKey::Column("name_nb".into()), true));
        // Without a search every record is equally relevant: the default order, not a refusal.
        let p = parse(&INITIATIVES, "sort=relevance", &codes()).expect("valid");
        assert_eq!(p.sort, default_sort(&INITIATIVES));
    }

    #[test]
    fn lang_picks_the_sort_order_and_is_part_of_the_fingerprint() {
        let nb = parse(&INITIATIVES, "sort=name", &codes()).expect("valid");
        let en = parse(&INITIATIVES, "sort=name&lang=en", &codes()).expect("valid");
        assert_eq!((nb.sort.collation, en.sort.collation), (Collation::Nb, Collation::En));
        assert_ne!(nb.fingerprint("v"), en.fingerprint("v"), "a cursor pages in one order");
        assert_eq!(refusal(&INITIATIVES, "lang=de"), ("lang".into(), Some(vec!["nb".into(), "en".into()])));
    }

    #[test]
    fn spec_valid_edge_values_are_accepted() {
        let p = parse(&INITIATIVES, "cursor=&q=%20-*", &codes()).expect("valid");
        assert_eq!(p.cursor, None, "an empty cursor is the first page");
        assert_eq!(p.selection.search.as_deref(), Some("\"\""), "a wordless search matches nothing");
    }
}
