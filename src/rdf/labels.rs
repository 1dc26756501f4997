//! An `rdfs:label` in nb and in en for every thing under `/id/`.
//!
//! Rule, per entity spec: the label field gives the label where it has the language (a language
//! map gives both; a `*_nb` / `*_en` column gives one). An untagged label text is tagged with its
//! language: our own bracketed descriptions and notes are English, printed titles are in the
//! language of the document (Norwegian, English for an `/en/` page). A language still missing gets
//! a composed label built from the record's references (organisation, role, life event, year …);
//! entities without a template get "{collection title} {id}". Composed labels only rearrange data
//! the record already has.

use super::rows::{self, Row};
use super::{iri, p, GraphBuilder, RdfError};
use crate::model::{Entity, Kind, ENTITIES};
use crate::uris;
use oxigraph::model::{Literal, NamedOrBlankNode, Term};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

#[derive(Default, Clone)]
struct Label {
    nb: Option<String>,
    en: Option<String>,
}

impl Label {
    fn get(&self, lang: &str) -> Option<&str> {
        if lang == "nb" {
            self.nb.as_deref()
        } else {
            self.en.as_deref()
        }
    }
    /// In `lang`, else in the other language (names of organisations, life events …).
    fn either(&self, lang: &str) -> String {
        self.get(lang).or(self.nb.as_deref()).or(self.en.as_deref()).unwrap_or_default().to_string()
    }
}

struct Index {
    rows: HashMap<(&'static str, String), Row>,
    natural: HashMap<(&'static str, String), Label>,
    codes: HashMap<String, Label>,
}

impl Index {
    fn label(&self, collection: &str, id: Option<&String>, lang: &str) -> Option<String> {
        let id = id?;
        let key = ENTITIES.iter().find(|e| e.collection == collection)?.collection;
        self.natural.get(&(key, id.clone())).map(|l| l.either(lang)).filter(|s| !s.is_empty())
    }
    fn code(&self, scheme: &str, code: Option<&String>, lang: &str) -> Option<String> {
        self.codes.get(&format!("{scheme}:{}", code?)).map(|l| l.either(lang))
    }
    fn row(&self, collection: &str, id: Option<&String>) -> Option<&Row> {
        let key = ENTITIES.iter().find(|e| e.collection == collection)?.collection;
        self.rows.get(&(key, id?.clone()))
    }
}

/// The language of an untagged label text (see the module comment).
fn untagged_language(e: &Entity, row: &Row, text: &str) -> &'static str {
    if text.starts_with('[') {
        return "en";
    }
    if e.field("url").is_some() {
        return if row.get("url").is_some_and(|u| u.contains("/en/")) { "en" } else { "nb" };
    }
    if e.collection == "measures" {
        return "nb"; // titles as the agencies reported them
    }
    "en"
}

/// The label the data itself gives, and whether it came from an untagged column.
fn natural(e: &Entity, row: &Row) -> (Label, Option<(&'static str, String)>) {
    let Some(f) = e.field(e.label_field) else { return (Label::default(), None) };
    match f.kind {
        Kind::Id => (Label::default(), None),
        Kind::Lang => (Label { nb: row.get(&format!("{}_nb", f.name)).cloned(), en: row.get(&format!("{}_en", f.name)).cloned() }, None),
        _ => {
            let Some(text) = row.get(f.name).cloned() else { return (Label::default(), None) };
            let lang = if f.name.ends_with("_nb") {
                "nb"
            } else if f.name.ends_with("_en") {
                "en"
            } else {
                untagged_language(e, row, &text)
            };
            let retag = (!f.name.ends_with("_nb") && !f.name.ends_with("_en")).then(|| (lang, text.clone()));
            let l = if lang == "nb" { Label { nb: Some(text), en: None } } else { Label { nb: None, en: Some(text) } };
            (l, retag)
        }
    }
}

fn host(url: Option<&String>) -> String {
    url.and_then(|u| u.split("//").nth(1)).and_then(|rest| rest.split('/').next()).unwrap_or_default().to_string()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A label composed from the record's data, for a language the data gives none in.
fn composed(e: &Entity, row: &Row, id: &str, lang: &str, other: Option<&str>, ix: &Index) -> String {
    let nbl = lang == "nb";
    let g = |k: &str| row.get(k);
    match e.collection {
        "attributions" => {
            let org =
                ix.label("organizations", g("organization_id"), lang).unwrap_or_else(|| g("organization_id").cloned().unwrap_or_default());
            let role = ix.code("role", g("role"), lang).unwrap_or_default();
            let target = ix
                .label("initiatives", g("initiative_id"), lang)
                .map(|t| if nbl { format!("tiltaket «{t}»") } else { format!("the initiative «{t}»") })
                .or_else(|| {
                    ix.label("life-events", g("life_event_id"), lang).map(|t| {
                        if nbl {
                            format!("livshendelsen «{t}»")
                        } else {
                            format!("the life event «{t}»")
                        }
                    })
                })
                .unwrap_or_default();
            let when = g("as_of_year").map(|y| if nbl { format!(", per {y}") } else { format!(", as of {y}") }).unwrap_or_default();
            format!("{org}: {role} for {target}{when}")
        }
        "status-assessments" => {
            let fa = ix.label("focus-areas", g("focus_area_id"), lang).unwrap_or_default();
            let year = g("reporting_year").cloned().unwrap_or_default();
            if nbl {
                format!("Statusvurdering {year} av innsatsområdet «{fa}»")
            } else {
                format!("Status assessment {year} of the focus area «{fa}»")
            }
        }
        "indicators" => {
            let topic = capitalised(&ix.code("indicator-topic", g("topic"), lang).unwrap_or_default());
            let series = g("source_series").map(|s| format!(": {s}")).unwrap_or_default();
            let when = g("reference_year").or(g("reference_period")).map(|y| format!(", {y}")).unwrap_or_default();
            format!("{topic} {id}{series}{when}")
        }
        "statistics" => {
            let year = ix.row("surveys", g("survey_id")).and_then(|s| s.get("year")).cloned().unwrap_or_default();
            let variable = ix.code("statistic-variable", g("variable"), lang).unwrap_or_default();
            let category = g("category").cloned().unwrap_or_default();
            if nbl {
                format!("Kartleggingen {year}, {variable}: {category}")
            } else {
                format!("Survey {year}, {variable}: {category}")
            }
        }
        "findings" => {
            let report = ix.label("reports", g("report_id"), lang).unwrap_or_default();
            let seq = g("seq").cloned().unwrap_or_default();
            if nbl {
                format!("Punkt {seq} i «{report}»")
            } else {
                format!("Item {seq} in «{report}»")
            }
        }
        "sources" => {
            let host = host(g("url"));
            match (nbl, other) {
                (true, _) => format!("Kildedokument {id} ({host})"),
                (false, Some(title)) => format!("Source document «{title}» ({host})"),
                (false, None) => format!("Source document {id} ({host})"),
            }
        }
        "data-quality" => {
            if nbl {
                format!("Merknad om datakvalitet {id}")
            } else {
                format!("Data-quality note {id}")
            }
        }
        _ => format!("{} {id}", if nbl { e.title_nb } else { e.title_en }),
    }
}

pub fn build(conn: &Connection, base: &str, data: &mut GraphBuilder) -> Result<(), RdfError> {
    let mut ix = Index { rows: HashMap::new(), natural: HashMap::new(), codes: HashMap::new() };
    let mut retags: Vec<(&'static Entity, String, &'static str, String)> = Vec::new();
    for e in ENTITIES {
        for row in rows::read(conn, e)? {
            let Some(id) = row.get("id").cloned() else { continue };
            let (label, retag) = natural(e, &row);
            if e.collection == "codes" {
                ix.codes.insert(id, label);
                continue;
            }
            if let Some((lang, text)) = retag {
                retags.push((e, id.clone(), lang, text));
            }
            ix.natural.insert((e.collection, id.clone()), label);
            ix.rows.insert((e.collection, id), row);
        }
    }
    let label_p = p(base, "rdfs:label")?;
    // Untagged label literals get their language tag (e.g. source titles).
    let retag_at: HashMap<String, (&'static str, String)> =
        retags.into_iter().map(|(e, id, lang, text)| (uris::thing(base, e, &id), (lang, text))).collect();
    for q in data.quads.iter_mut() {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else { continue };
        let Some((lang, text)) = retag_at.get(s.as_str()) else { continue };
        if matches!(&q.object, Term::Literal(l) if l.language().is_none() && l.value() == text) {
            q.object = Literal::new_language_tagged_literal_unchecked(text, *lang).into();
        }
    }
    let existing: HashSet<(String, String)> = data
        .quads
        .iter()
        .filter(|q| q.predicate == label_p)
        .filter_map(|q| match (&q.subject, &q.object) {
            (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) => Some((s.as_str().to_string(), l.language()?.to_string())),
            _ => None,
        })
        .collect();
    let mut keys: Vec<&(&'static str, String)> = ix.natural.keys().collect();
    keys.sort();
    let mut out = Vec::new();
    for key in keys {
        let (collection, id) = key;
        let Some(e) = ENTITIES.iter().find(|e| e.collection == *collection) else { continue };
        let (Some(label), Some(row)) = (ix.natural.get(key), ix.rows.get(key)) else { continue };
        let subject = uris::thing(base, e, id);
        for lang in ["nb", "en"] {
            if existing.contains(&(subject.clone(), lang.to_string())) {
                continue;
            }
            let other = label.get(if lang == "nb" { "en" } else { "nb" });
            let text = match label.get(lang) {
                Some(t) => t.to_string(),
                None => composed(e, row, id, lang, other, &ix),
            };
            out.push((iri(&subject)?, Literal::new_language_tagged_literal_unchecked(text, lang)));
        }
    }
    for (s, l) in out {
        data.add(s, label_p.clone(), l);
    }
    Ok(())
}
