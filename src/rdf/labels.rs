//! An `rdfs:label` in nb and in en for every thing under `/id/`.
//!
//! Rule, per entity spec: the label field gives the label where it has the language (a language
//! map gives both; a `*_nb` / `*_en` column gives one). An untagged label text is tagged with its
//! language: our own bracketed descriptions and notes are English, printed titles are in the
//! language of the document (Norwegian, English for an `/en/` page). A language still missing gets
//! a composed label built from the record's references (organisation, role, life event, year …);
//! entities without a template (`model::LabelTemplate`) get "{collection title} {id}". Composed labels only rearrange data
//! the record already has.
//!
//! `stored` reads a thing's name back from the store: the one label lookup of pages (thing pages,
//! their tables of related things, search hits whose data gives no label of their own).

use super::rows::{self, Row};
use super::{iri, p, GraphBuilder, RdfError};
use crate::model::{self, Entity, Kind, ENTITIES};
use crate::uris;
use oxigraph::model::{Literal, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
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
        let key = model::entity(collection)?.collection;
        self.natural.get(&(key, id.clone())).map(|l| l.either(lang)).filter(|s| !s.is_empty())
    }
    fn code(&self, scheme: &str, code: Option<&String>, lang: &str) -> Option<String> {
        self.codes.get(&format!("{scheme}:{}", code?)).map(|l| l.either(lang))
    }
}

/// The language of an untagged label text (see the module comment).
fn untagged_language(e: &Entity, row: &Row, text: &str) -> &'static str {
    if text.starts_with('[') {
        return "en";
    }
    if let Some(lang) = e.label_language {
        return lang;
    }
    if e.field("url").is_some() {
        return if row.get("url").is_some_and(|u| u.contains("/en/")) { "en" } else { "nb" };
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

fn host(url: &str) -> String {
    url.split("//").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default().to_string()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The value of one placeholder (`field`, `field:modifier`, `a|b`; see `model::LabelTemplate`).
fn placeholder(e: &Entity, row: &Row, id: &str, lang: &str, other: Option<&str>, ix: &Index, spec: &str) -> Option<String> {
    spec.split('|').find_map(|alternative| {
        let (name, modifier) = alternative.split_once(':').unwrap_or((alternative, ""));
        let value = match name {
            "id" => Some(id.to_string()),
            "other" => other.map(str::to_string),
            _ => {
                let raw = row.get(name)?;
                match (modifier, e.field(name).map(|f| f.kind)) {
                    ("raw", _) | ("host", _) => Some(raw.clone()),
                    (_, Some(Kind::Ref(target))) => Some(ix.label(target, Some(raw), lang).unwrap_or_else(|| raw.clone())),
                    (_, Some(Kind::Code(scheme))) => ix.code(scheme, Some(raw), lang),
                    _ => Some(raw.clone()),
                }
            }
        }?;
        Some(match modifier {
            "cap" => capitalised(&value),
            "host" => host(&value),
            _ => value,
        })
    })
}

/// Fill `template`: `None` when a required placeholder has no value; `[...]` parts are dropped
/// when one of theirs has none.
fn fill(template: &str, value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '[']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']')?;
            if let Some(part) = fill(&inner[..end], value) {
                out.push_str(&part);
            }
            rest = &inner[end + 1..];
        } else {
            let end = rest.find('}')?;
            out.push_str(&value(&rest[1..end])?);
            rest = &rest[end + 1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// A label composed from the record's data by its spec's template, for a language the data gives
/// none in.
fn composed(e: &Entity, row: &Row, id: &str, lang: &str, other: Option<&str>, ix: &Index) -> String {
    let nbl = lang == "nb";
    e.label_template
        .and_then(|t| fill(if nbl { t.nb } else { t.en }, &|spec| placeholder(e, row, id, lang, other, ix, spec)))
        .unwrap_or_else(|| format!("{} {id}", if nbl { e.title_nb } else { e.title_en }))
}

pub fn build(conn: &Connection, base: &str, data: &mut GraphBuilder) -> Result<(), RdfError> {
    let mut ix = Index { rows: HashMap::new(), natural: HashMap::new(), codes: HashMap::new() };
    let mut retags: Vec<(&'static Entity, String, &'static str, String)> = Vec::new();
    for &e in ENTITIES {
        for row in rows::read(conn, e)? {
            let Some(id) = row.get("id").cloned() else { continue };
            let (label, retag) = natural(e, &row);
            if std::ptr::eq(e, &model::CODES) {
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
        let Some(e) = model::entity(collection) else { continue };
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

/// Predicates that name a thing, best first (`rdfs:label` is the one `build` gives every `/id/` thing
/// in nb and en; vocabulary terms, code concepts and catalogue resources name themselves otherwise).
pub const NAMING: &[&str] = &[
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2006/vcard/ns#fn",
];

/// The name of `iri` in the store in `lang` (or untagged), else in another language with that
/// language's tag; `None` where nothing names it.
pub fn stored(store: &Store, iri: &str, lang: &str) -> Option<(String, Option<String>)> {
    let mut other = None;
    let s = NamedNodeRef::new(iri).ok()?;
    for p in NAMING {
        let Ok(pred) = NamedNodeRef::new(p) else { continue };
        for q in store.quads_for_pattern(Some(s.into()), Some(pred), None, None).flatten() {
            if let Term::Literal(l) = q.object {
                match l.language() {
                    Some(t) if t == lang => return Some((l.value().to_string(), None)),
                    None => return Some((l.value().to_string(), None)),
                    Some(t) => {
                        other.get_or_insert_with(|| (l.value().to_string(), Some(t.to_string())));
                    }
                }
            }
        }
    }
    other
}
