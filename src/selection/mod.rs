//! The query language and the record shape, with no HTTP and no SQL in them (layer 1½: above
//! `model`, below `db`, `rdf`, `state` and `http`). A query string is read once ([`pairs`]) and
//! parsed once ([`params::parse`]) into a typed selection: filters by the operator table
//! ([`operators`]), full-text search, sort, fields, facets, limit and the signed keyset cursor
//! ([`cursor`], the secret passed in as data). [`record`] is the one JSON object and CSV row of a
//! record. `db` runs a selection (SQL, keyset pages); routes, views, downloads, CSV and RDF
//! (`rdf::temporal`) all read the same [`ListParams`].

pub mod collation;
pub mod cursor;
pub mod operators;
pub mod params;
pub mod record;
pub mod spreadsheet;

use crate::model::{Entity, Kind};
use operators::Operator;

pub use params::ListParams;
pub use record::{LinkedRecord, Provenance, Record};

/// One cell value as the store holds it (`db` converts to and from SQLite's values).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Whether `s` may be a record id (letters, digits, `.`, `_`, `-`, `:`; at most 200 bytes).
pub fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 200 && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
}

/// Parse one cell of `kind`; `Err` is the problem text.
pub fn parse_cell(kind: Kind, raw: &str) -> Result<Value, String> {
    match kind {
        Kind::Int => raw.parse::<i64>().map(Value::Integer).map_err(|_| format!("'{raw}' is not an integer")),
        Kind::Float => match raw.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Value::Real(v)),
            _ => Err(format!("'{raw}' is not a number")),
        },
        Kind::Date => chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map(|_| Value::Text(raw.to_string()))
            .map_err(|_| format!("'{raw}' is not a date (YYYY-MM-DD)")),
        Kind::Bool => match raw {
            "true" => Ok(Value::Integer(1)),
            "false" => Ok(Value::Integer(0)),
            _ => Err(format!("'{raw}' is not a boolean (true or false)")),
        },
        Kind::Url => {
            if (raw.starts_with("http://") || raw.starts_with("https://")) && !raw.contains(char::is_whitespace) && raw.len() > 8 {
                Ok(Value::Text(raw.to_string()))
            } else {
                Err(format!("'{raw}' is not an absolute http(s) URL"))
            }
        }
        Kind::Id => {
            if valid_id(raw) {
                Ok(Value::Text(raw.to_string()))
            } else {
                Err(format!("'{raw}' is not a valid id (letters, digits, '.', '_', '-', ':')"))
            }
        }
        _ => Ok(Value::Text(raw.to_string())),
    }
}

/// A refusal of the query language: the offending parameter, what is wrong, and (where a list
/// exists) what is allowed. `error::ApiError` renders it as a 400 problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{detail}")]
pub struct SelectionError {
    pub parameter: String,
    pub detail: String,
    pub allowed: Option<Vec<String>>,
}

impl SelectionError {
    pub fn param(parameter: impl Into<String>, detail: impl Into<String>) -> Self {
        SelectionError { parameter: parameter.into(), detail: detail.into(), allowed: None }
    }
    pub fn param_allowed(parameter: impl Into<String>, detail: impl Into<String>, allowed: Vec<String>) -> Self {
        SelectionError { parameter: parameter.into(), detail: detail.into(), allowed: Some(allowed) }
    }
}

/// The one reading of a query string into `(name, value)` pairs, in order (a malformed one is a
/// refusal naming `query`).
pub fn pairs(query: &str) -> Result<Vec<(String, String)>, SelectionError> {
    read_pairs(query, "query", "query string")
}

/// URL-encoded `text` (a query string or a form body) as pairs; a malformed one is refused as
/// "malformed {what}", naming `parameter`.
pub fn read_pairs(text: &str, parameter: &str, what: &str) -> Result<Vec<(String, String)>, SelectionError> {
    serde_urlencoded::from_str(text).map_err(|err| SelectionError::param(parameter, format!("malformed {what}: {err}")))
}

/// [`pairs`] where a malformed query string counts as empty (links rebuilt from a query that
/// was already accepted, or that only chooses a page's language).
pub fn pairs_lenient(query: &str) -> Vec<(String, String)> {
    pairs(query).unwrap_or_default()
}

/// The first value of parameter `name`.
pub fn value_of(query: &str, name: &str) -> Option<String> {
    pairs(query).ok()?.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Pairs written back as a query string.
pub fn query_string(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// One condition: `column` `operator` `values` (see [`operators`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub column: String,
    pub op: &'static Operator,
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Column(String),
    Relevance,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
    /// The order text sorts in: the page's language (the API sorts in Norwegian). Part of what
    /// a cursor is bound to, since the same rows page differently in each.
    pub collation: collation::Collation,
}

impl Sort {
    /// Whether this sort orders text (where the collation matters).
    pub fn orders_text(&self, e: &Entity) -> bool {
        match &self.key {
            SortKey::Column(c) => e.fields.iter().any(|f| f.sort_column() == *c && matches!(f.kind, Kind::Lang | Kind::Tag)),
            SortKey::Relevance => false,
        }
    }
}

/// Position after which the next page starts: the last row's sort value and id.
#[derive(Debug, Clone, PartialEq)]
pub struct After {
    pub value: Value,
    pub id: String,
}

impl After {
    /// The position after `record` (its sort value and id).
    pub fn record(record: &Record) -> Self {
        After { value: record.sort_value.clone(), id: record.id.clone() }
    }
}

/// The filtered (and optionally searched) set of one entity. `db::query` runs it.
#[derive(Debug, Clone)]
pub struct Selection {
    pub entity: &'static Entity,
    pub filters: Vec<Filter>,
    /// An FTS5 match expression (already escaped).
    pub search: Option<String>,
}

impl Selection {
    /// Cache key describing this selection (for totals and facets).
    pub fn key(&self) -> String {
        format!("{}|{:?}|{:?}", self.entity.collection, self.filters, self.search)
    }
}

#[cfg(test)]
mod tests {
    /// The query language holds no HTTP and no SQL: nothing here names actix or rusqlite.
    #[test]
    fn no_http_and_no_sql_in_the_query_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/selection");
        let forbidden = [concat!("actix", "_web"), concat!("rusq", "lite")];
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).expect("src/selection") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source");
            let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            for word in forbidden {
                assert!(!code.contains(word), "{} names {word}", path.display());
            }
            files += 1;
        }
        assert!(files >= 5);
    }
}
