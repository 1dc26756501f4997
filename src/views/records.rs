//! Reading records for pages through the API's own query machinery (`selection::params` +
//! the listing pipeline `db::listing`), so a page shows exactly what the same JSON query returns.

use super::i18n::Lang;
use crate::db::listing;
use crate::error::ApiError;
use crate::model;
use crate::selection::params;
use crate::selection::record::record_json;
use crate::state::Snapshot;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

pub type JsonRecord = Map<String, Json>;

/// Every record of `collection` matching `query` (the API's query language), as API JSON.
pub fn select_all(snap: &Snapshot, base: &str, collection: &str, query: &str) -> Result<Vec<JsonRecord>, ApiError> {
    let e = model::entity(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'")))?;
    let p = params::parse(e, query, &snap.codes)?;
    let conn = snap.conn()?;
    let mut out = Vec::new();
    for chunk in listing::pages(&conn, &p.selection, &p.sort, None, None).chunked(params::MAX_LIMIT) {
        let chunk = chunk?;
        out.extend(chunk.records.iter().map(|r| record_json(base, e, r, chunk.provenance_of(r), None)));
    }
    Ok(out)
}

/// Text of a JSON value in `lang`: language maps pick nb/en (falling back to the other), plain
/// values print as they are.
pub fn lang_text(v: Option<&Json>, lang: Lang) -> String {
    match v {
        Some(Json::Object(m)) => {
            let want = m.get(lang.code()).and_then(Json::as_str).filter(|s| !s.is_empty());
            let other = m.get(lang.pick("en", "nb")).and_then(Json::as_str).filter(|s| !s.is_empty());
            want.or(other).unwrap_or("").to_string()
        }
        Some(Json::String(s)) => s.clone(),
        Some(Json::Null) | None => String::new(),
        Some(Json::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}

/// Code labels: `scheme:code` → (nb, en).
pub struct CodeLabels(HashMap<String, (String, String)>);

impl CodeLabels {
    pub fn load(snap: &Snapshot, base: &str) -> Result<Self, ApiError> {
        let mut map = HashMap::new();
        for r in select_all(snap, base, crate::model::CODES.collection, "")? {
            let id = r.get("id").and_then(Json::as_str).unwrap_or_default().to_string();
            let nb = lang_text(r.get("label"), Lang::Nb);
            let en = lang_text(r.get("label"), Lang::En);
            map.insert(id, (nb, en));
        }
        Ok(CodeLabels(map))
    }

    /// The label of a code in `lang`, or the code itself where the list has no label.
    pub fn label(&self, scheme: &str, code: &str, lang: Lang) -> String {
        match self.0.get(&format!("{scheme}:{code}")) {
            Some((nb, en)) => lang.pick(nb, en).to_string(),
            None => code.to_string(),
        }
    }
}

/// Labels of every record of `collection` in `lang`, by id.
pub fn labels(snap: &Snapshot, base: &str, collection: &str, lang: Lang) -> Result<HashMap<String, String>, ApiError> {
    let e = model::entity(collection).ok_or_else(|| ApiError::NotFound(format!("no collection '{collection}'")))?;
    Ok(select_all(snap, base, collection, "")?
        .into_iter()
        .map(|r| {
            let id = r.get("id").and_then(Json::as_str).unwrap_or_default().to_string();
            let label = lang_text(r.get(e.label_field), lang);
            (id.clone(), if label.is_empty() { id } else { label })
        })
        .collect())
}

/// The language of a record's text in a field that is not a language map: `*_nb` / `*_en` by
/// name; for the label field the rule of the RDF labels (a bracketed description is English, else
/// the spec's label language, else by the record's URL, else English); `None` where unknown.
pub fn text_language(e: &model::Entity, field: &str, obj: &JsonRecord, text: &str) -> Option<&'static str> {
    if field.ends_with("_nb") {
        return Some("nb");
    }
    if field.ends_with("_en") {
        return Some("en");
    }
    if field != e.label_field {
        return None;
    }
    if text.starts_with('[') {
        return Some("en");
    }
    if let Some(l) = e.label_language {
        return Some(l);
    }
    if e.field("url").is_some() {
        let url = obj.get("url").and_then(Json::as_str).unwrap_or("");
        return Some(if url.contains("/en/") { "en" } else { "nb" });
    }
    Some("en")
}

/// A record's label in `lang` and the language to mark on it when it is in the other one.
pub fn record_label(e: &model::Entity, obj: &JsonRecord, id: &str, lang: Lang) -> (String, Option<&'static str>) {
    let Some(raw) = obj.get(e.label_field) else { return (id.to_string(), None) };
    if let Json::Object(m) = raw {
        let want = m.get(lang.code()).and_then(Json::as_str).filter(|s| !s.is_empty());
        return match want {
            Some(t) => (t.to_string(), None),
            None => {
                let t = lang_text(Some(raw), lang);
                if t.is_empty() {
                    (id.to_string(), None)
                } else {
                    (t, Some(lang.pick("en", "nb")))
                }
            }
        };
    }
    let text = lang_text(Some(raw), lang);
    if text.is_empty() || e.field(e.label_field).is_some_and(|f| f.kind == model::Kind::Id) {
        return (id.to_string(), None);
    }
    let mark = text_language(e, e.label_field, obj, &text).filter(|l| *l != lang.code());
    (text, mark)
}

/// The label a person reads for a record: its own (`record_label`), else the one the graph
/// composes for it (`rdf::labels::stored`: attributions, assessments, dated facts), as its thing
/// page shows; the id only where nothing names it.
pub fn display_label(
    snap: &Snapshot,
    base: &str,
    e: &model::Entity,
    obj: &JsonRecord,
    id: &str,
    lang: Lang,
) -> (String, Option<&'static str>) {
    match record_label(e, obj, id, lang) {
        (text, _) if text == id => match crate::rdf::labels::stored(&snap.store, &crate::uris::thing(base, e, id), lang.code()) {
            Some((text, text_lang)) => (for_people(&text), text_lang.and_then(|t| ["nb", "en"].into_iter().find(|c| *c == t))),
            None => (text, None),
        },
        found => found,
    }
}

/// Text from the data as people read it on a page: the working marks of the fixtures' authors
/// (conflict ids such as "(C3)", "update (2026-12, C3): ", column names, archive paths) left out
/// or said in words. The data itself (API, RDF) keeps them.
pub fn for_people(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['(', 'u', 'f', '.']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        // "update (2026-12, C3): " → ""
        if let Some(after) = tail.strip_prefix("update (") {
            if let Some(end) = after.find("): ") {
                if after[..end].contains(", C") && after[..end].len() <= 16 {
                    rest = &after[end + 3..];
                    continue;
                }
            }
        }
        // " (C3)" → ""
        if let Some(after) = tail.strip_prefix("(C") {
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && after[digits..].starts_with(')') {
                while out.ends_with(' ') {
                    out.pop();
                }
                rest = &after[digits + 1..];
                continue;
            }
        }
        if let Some(after) = tail.strip_prefix("focus_area_seq") {
            out.push_str("focus-area number");
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix("../seeds/") {
            out.push_str("the project's archive");
            rest = after;
            continue;
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::for_people;

    #[test]
    fn working_marks_are_left_out_of_page_text() {
        assert_eq!(for_people("date of the action plan (C1)"), "date of the action plan");
        assert_eq!(for_people("kept; update (2026-12, C4): confirmed: area 8"), "kept; confirmed: area 8");
        assert_eq!(for_people("a blank focus_area_seq"), "a blank focus-area number");
        assert_eq!(for_people("the copies in ../seeds/ are complete"), "the copies in the project's archive are complete");
        assert_eq!(for_people("(refines DQ10) and (Cat)"), "(refines DQ10) and (Cat)");
    }
}
