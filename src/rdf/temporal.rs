//! Temporal coverage of a catalogue dataset, derived from its records: the span of the years
//! (`year`, `*_year`, `period_start`, `period_end`, `year_covered`, and the year of a referenced
//! record that has one, e.g. a statistic's survey); for entities without years, of their
//! publication dates; else of the publication dates of the sources their records cite. The code
//! lists have no time of their own: their coverage is the span of the records that use codes
//! (every entity with a code-list field), i.e. the period the codes classify data in.

use super::RdfError;
use crate::db::{query, DbError};
use crate::model::{self, Entity, Kind};
use crate::selection::{params, Value};
use rusqlite::Connection;
use std::collections::HashMap;

fn year_field(name: &str) -> bool {
    name == "year" || name.ends_with("_year") || matches!(name, "period_start" | "period_end" | "year_covered")
}

/// `(start, end)` as ISO dates for the records of `collection` matching `query` (the API's
/// query language: every filter operator and `q` work as in the API, and what the API refuses is
/// refused here with the same error).
pub fn coverage(conn: &Connection, collection: &str, query: Option<&str>) -> Result<Option<(String, String)>, RdfError> {
    let Some(e) = model::entity(collection) else { return Ok(None) };
    let (from, filter, params) = selection_sql(conn, e, query)?;
    let mut exprs: Vec<String> = Vec::new();
    for f in e.fields.iter().filter(|f| f.kind == Kind::Int && year_field(f.name)) {
        exprs.push(format!("t.{}", f.name));
    }
    for f in e.fields {
        if let Kind::Ref(target) = f.kind {
            if let Some(te) = model::entity(target).filter(|te| te.field("year").is_some_and(|y| y.kind == Kind::Int)) {
                exprs.push(format!("(SELECT r.year FROM {} r WHERE r.id = t.{})", te.table, f.name));
            }
        }
    }
    // Parameters are numbered (`?1`…): every branch of a union binds the same ones.
    let mut bound = params;
    let (min_sql, max_sql) = if !exprs.is_empty() {
        let all = exprs.iter().map(|x| format!("SELECT {x} AS y FROM {from}{filter}")).collect::<Vec<_>>().join(" UNION ALL ");
        (format!("SELECT MIN(y) || '-01-01' FROM ({all})"), format!("SELECT MAX(y) || '-12-31' FROM ({all})"))
    } else if e.field("published").is_some_and(|f| f.kind == Kind::Date) {
        (format!("SELECT MIN(t.published) FROM {from}{filter}"), format!("SELECT MAX(t.published) FROM {from}{filter}"))
    } else if e.has_sources {
        // No time of their own (organisations, data-quality notes): the records state things as
        // the sources they cite have them, so the span of those sources' publication dates.
        bound.push(Value::Text(e.collection.to_string()));
        let entity_p = bound.len();
        let own = if filter.is_empty() { String::new() } else { format!(" AND {}", filter.trim_start_matches(" WHERE ")) };
        let dates = format!(
            "SELECT s.published AS d FROM {from} JOIN record_sources rs ON rs.record_id = t.id \
             JOIN sources s ON s.id = rs.source_id WHERE s.published IS NOT NULL{own} AND rs.entity = ?{entity_p}"
        );
        (format!("SELECT MIN(d) FROM ({dates})"), format!("SELECT MAX(d) FROM ({dates})"))
    } else if std::ptr::eq(e, &model::CODES) {
        let mut span: Option<(String, String)> = None;
        for &user in model::ENTITIES.iter().filter(|u| !std::ptr::eq(**u, &model::CODES)) {
            if !user.fields.iter().any(|f| matches!(f.kind, Kind::Code(_))) {
                continue;
            }
            if let Some((start, end)) = coverage(conn, user.collection, None)? {
                span = Some(match span {
                    None => (start, end),
                    Some((s0, e0)) => (s0.min(start), e0.max(end)),
                });
            }
        }
        return Ok(span);
    } else {
        return Ok(None);
    };
    let one = |sql: &str| -> Result<Option<String>, RdfError> {
        let v: Value = conn.query_row(sql, rusqlite::params_from_iter(bound.iter()), |r| r.get(0)).map_err(DbError::from)?;
        Ok(match v {
            Value::Text(s) if !s.is_empty() => Some(s),
            _ => None,
        })
    };
    Ok(one(&min_sql)?.zip(one(&max_sql)?))
}

/// The `FROM` and `WHERE` of the records `query` selects, by the query language itself
/// (`selection::params`, run by `db::query`), and the values they bind.
fn selection_sql(conn: &Connection, e: &'static Entity, query: Option<&str>) -> Result<(String, String, Vec<Value>), RdfError> {
    let mut codes: HashMap<String, Vec<String>> = HashMap::new();
    for (scheme, code) in query::code_lists(conn, &model::CODES)? {
        codes.entry(scheme).or_default().push(code);
    }
    let p = params::parse(e, query.unwrap_or(""), &codes)?;
    let mut bound = Vec::new();
    let (from, filter) = p.selection.sql_from_where(&mut bound);
    Ok((from, query::Selection::where_sql(&[filter]), bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Connection {
        let (mut conn, _uri) = crate::db::open_memory().expect("memory database");
        crate::db::import::import(&mut conn, &crate::db::import::embedded_inputs()).expect("fixtures import");
        conn
    }

    #[test]
    fn a_dataset_query_selects_with_every_operator_of_the_api() {
        let conn = fixtures();
        let all = coverage(&conn, "indicators", None).expect("coverage").expect("indicators have years");
        let later = coverage(&conn, "indicators", Some("reference_year__gte=2021")).expect("coverage").expect("some from 2021");
        assert!(later.0.as_str() >= "2021-01-01", "{later:?}");
        assert!(all.0 < later.0, "the range operator narrows the span: {all:?} vs {later:?}");
        assert_eq!(coverage(&conn, "indicators", Some("reference_year__gte=3000")).expect("coverage"), None);
    }

    #[test]
    fn what_the_api_refuses_is_refused_here_with_the_same_error() {
        let conn = fixtures();
        match coverage(&conn, "indicators", Some("reference_year__near=2021")) {
            Err(RdfError::Selection(e)) => assert_eq!(e.parameter, "reference_year__near"),
            other => panic!("expected the query language's refusal, got {other:?}"),
        }
    }
}
