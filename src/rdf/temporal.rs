//! Temporal coverage of a catalogue dataset, derived from its records: the span of the years
//! (`year`, `*_year`, `period_start`, `period_end`, `year_covered`, and the year of a referenced
//! record that has one, e.g. a statistic's survey); for entities without years, of their
//! publication dates; else of the publication dates of the sources their records cite. The code
//! lists have no time of their own: their coverage is the span of the records that use codes
//! (every entity with a code-list field), i.e. the period the codes classify data in.

use super::RdfError;
use crate::db::DbError;
use crate::model::{self, Entity, Kind};
use rusqlite::types::Value;
use rusqlite::Connection;

fn year_field(name: &str) -> bool {
    name == "year" || name.ends_with("_year") || matches!(name, "period_start" | "period_end" | "year_covered")
}

/// `(start, end)` as ISO dates for the records of `collection` matching `query` (`k=v&…`).
pub fn coverage(conn: &Connection, collection: &str, query: Option<&str>) -> Result<Option<(String, String)>, RdfError> {
    let Some(e) = model::entity(collection) else { return Ok(None) };
    let (filter, params) = where_clause(e, query);
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
    let mut bound = params.clone();
    let (min_sql, max_sql) = if !exprs.is_empty() {
        bound = exprs.iter().flat_map(|_| params.iter().cloned()).collect();
        let all = exprs.iter().map(|x| format!("SELECT {x} AS y FROM {} t{filter}", e.table)).collect::<Vec<_>>().join(" UNION ALL ");
        (format!("SELECT MIN(y) || '-01-01' FROM ({all})"), format!("SELECT MAX(y) || '-12-31' FROM ({all})"))
    } else if e.field("published").is_some_and(|f| f.kind == Kind::Date) {
        (format!("SELECT MIN(t.published) FROM {} t{filter}", e.table), format!("SELECT MAX(t.published) FROM {} t{filter}", e.table))
    } else if e.has_sources {
        // No time of their own (organisations, data-quality notes): the records state things as
        // the sources they cite have them, so the span of those sources' publication dates.
        bound.push(e.collection.to_string());
        let own = if filter.is_empty() { String::new() } else { format!(" AND {}", filter.trim_start_matches(" WHERE ")) };
        let dates = format!(
            "SELECT s.published AS d FROM {} t JOIN record_sources rs ON rs.record_id = t.id \
             JOIN sources s ON s.id = rs.source_id WHERE s.published IS NOT NULL{own} AND rs.entity = ?",
            e.table
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

/// Equality filters of a dataset's API query on the entity's own columns (the catalogue's queries
/// are of that form, e.g. `survey_id=2018`); anything else is ignored.
fn where_clause(e: &Entity, query: Option<&str>) -> (String, Vec<String>) {
    let pairs: Vec<(String, String)> = query.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let mut conds = Vec::new();
    let mut params = Vec::new();
    for (k, v) in pairs {
        let Some(f) = e.field(&k).filter(|f| f.kind != Kind::Lang) else { continue };
        let v = match (f.kind, v.as_str()) {
            (Kind::Bool, "true") => "1".to_string(),
            (Kind::Bool, "false") => "0".to_string(),
            _ => v,
        };
        conds.push(format!("t.{} = ?", f.name));
        params.push(v);
    }
    if conds.is_empty() {
        (String::new(), params)
    } else {
        (format!(" WHERE {}", conds.join(" AND ")), params)
    }
}
