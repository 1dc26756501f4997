//! The landing page (what tiltak is, collections with counts, catalogue datasets with their
//! licences) and the search over every collection.

use super::i18n::Lang;
use super::{local_href, url_with};
use crate::db::query::Selection;
use crate::error::ApiError;
use crate::model::ENTITIES;
use crate::selection::params;
use crate::selection::record::record_json;
use crate::state::Snapshot;
use oxigraph::model::{NamedNodeRef, Term};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CollectionSummary {
    pub name: String,
    pub title: String,
    pub count: usize,
    pub href: String,
    pub api: String,
}

#[derive(Debug, Serialize)]
pub struct DatasetSummary {
    pub title: String,
    pub description: String,
    pub href: String,
    pub licence: String,
    pub licence_href: String,
}

#[derive(Debug, Serialize)]
pub struct Landing {
    pub collections: Vec<CollectionSummary>,
    pub datasets: Vec<DatasetSummary>,
    pub modified: String,
    pub version: String,
}

const DCT_TITLE: &str = "http://purl.org/dc/terms/title";
const DCT_LICENSE: &str = "http://purl.org/dc/terms/license";

/// A literal of `subject` for `predicate` in `lang` (else any language) from the store.
pub fn literal(snap: &Snapshot, subject: &str, predicate: &str, lang: Lang) -> Option<String> {
    let s = NamedNodeRef::new(subject).ok()?;
    let p = NamedNodeRef::new(predicate).ok()?;
    let mut fallback = None;
    for q in snap.store.quads_for_pattern(Some(s.into()), Some(p), None, None).flatten() {
        if let Term::Literal(l) = q.object {
            if l.language() == Some(lang.code()) {
                return Some(l.value().to_string());
            }
            fallback.get_or_insert_with(|| l.value().to_string());
        }
    }
    fallback
}

/// A short name for a licence IRI of the EU authority table.
pub fn licence_name(iri: &str) -> String {
    match iri.rsplit('/').next().unwrap_or(iri) {
        "NLOD_2_0" => "NLOD 2.0".into(),
        "CC0" => "CC0 1.0".into(),
        "CC_BY_4_0" => "CC BY 4.0".into(),
        other => other.replace('_', " "),
    }
}

pub fn build(snap: &Snapshot, base: &str, lang: Lang) -> Result<Landing, ApiError> {
    let collections = ENTITIES
        .iter()
        .map(|e| CollectionSummary {
            name: e.collection.into(),
            title: lang.pick(e.title_nb, e.title_en).into(),
            count: snap.counts.iter().find(|(c, _)| *c == e.collection).map(|(_, n)| *n).unwrap_or(0),
            href: format!("/data/{}", e.collection),
            api: format!("/api/v1/{}", e.collection),
        })
        .collect();
    let license = NamedNodeRef::new_unchecked(DCT_LICENSE);
    let datasets = crate::rdf::catalog::datasets(&snap.store, base)?
        .into_iter()
        .map(|d| {
            let licence_iri = snap
                .store
                .quads_for_pattern(Some(d.iri.as_ref().into()), Some(license), None, None)
                .flatten()
                .find_map(|q| if let Term::NamedNode(n) = q.object { Some(n.as_str().to_string()) } else { None })
                .unwrap_or_default();
            DatasetSummary {
                title: literal(snap, d.iri.as_str(), DCT_TITLE, lang).unwrap_or_else(|| d.id.clone()),
                description: literal(snap, d.iri.as_str(), "http://purl.org/dc/terms/description", lang).unwrap_or_default(),
                href: local_href(base, d.iri.as_str()),
                licence: licence_name(&licence_iri),
                licence_href: licence_iri,
            }
        })
        .collect();
    Ok(Landing { collections, datasets, modified: snap.modified.format("%Y-%m-%d").to_string(), version: snap.version.clone() })
}

#[derive(Debug, Serialize)]
pub struct Hit {
    pub label: String,
    /// Set when the label is only in the other language.
    pub lang: Option<&'static str>,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct CollectionHits {
    pub title: String,
    pub total: u64,
    pub hits: Vec<Hit>,
    pub all_href: String,
}

/// Hits per collection for `q` (first few of each; the collection page has the rest).
pub fn search(snap: &Snapshot, base: &str, lang: Lang, q: &str) -> Result<Vec<CollectionHits>, ApiError> {
    let Some(expr) = params::fts_expression(q) else { return Ok(Vec::new()) };
    let conn = snap.conn()?;
    let mut out = Vec::new();
    for e in ENTITIES.iter().filter(|e| e.fields.iter().any(|f| f.kind.searchable())) {
        let selection = Selection { entity: e, filters: Vec::new(), search: Some(expr.clone()) };
        let total = selection.count(&conn)?;
        if total == 0 {
            continue;
        }
        let sort = crate::db::query::Sort { key: crate::db::query::SortKey::Relevance, descending: false, collation: Default::default() };
        let page = selection.page(&conn, &sort, None, 5)?;
        let hits = page
            .records
            .iter()
            .map(|r| {
                let obj = record_json(base, e, r, None, None);
                let uri = crate::uris::thing(base, e, &r.id);
                let (label, label_lang) = super::records::display_label(snap, base, e, &obj, &r.id, lang);
                Hit { label, lang: label_lang, href: local_href(base, &uri) }
            })
            .collect();
        out.push(CollectionHits {
            title: lang.pick(e.title_nb, e.title_en).into(),
            total,
            hits,
            all_href: url_with(&format!("/data/{}", e.collection), &[("q".into(), q.into()), ("lang".into(), lang.code().into())]),
        });
    }
    Ok(out)
}
