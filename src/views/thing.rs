//! Thing pages (`/id/…`, `/def/…`, catalogue resources) for people: the title from the label,
//! properties by their labels from the vocabulary, related things linked by label, sources and
//! data-quality notes first. Catalogue datasets get a dataset page with schema.org JSON-LD.

use super::i18n::{Lang, PREDICATE_LABELS};
use super::landing::literal;
use super::{local_href, Alternate};
use crate::error::ApiError;
use crate::state::Snapshot;
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use serde::Serialize;
use serde_json::json;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCT_SOURCE: &str = "http://purl.org/dc/terms/source";
const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
const DQV_ANNOTATION: &str = "http://www.w3.org/ns/dqv#hasQualityAnnotation";
const OA_BODY: &str = "http://www.w3.org/ns/oa#bodyValue";
const DCAT_DATASET: &str = "http://www.w3.org/ns/dcat#Dataset";
/// Predicates that name a thing, best first.
const LABEL_PREDICATES: &[&str] = &[
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2006/vcard/ns#fn",
];
const LEADING_PROPERTIES: &[&str] = &[
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://purl.org/dc/terms/identifier",
    "http://purl.org/dc/terms/description",
];
/// Incoming links shown per page, so a popular code does not list every record.
const INCOMING_LIMIT: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub text: String,
    pub href: Option<String>,
    pub lang: Option<String>,
    /// Properties of a blank node (one level), e.g. a period of time.
    pub nested: Vec<PropertyView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PropertyView {
    pub label: String,
    pub iri: String,
    pub href: String,
    pub values: Vec<ValueView>,
}

#[derive(Debug, Serialize)]
pub struct NoteView {
    pub label: String,
    pub href: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ThingView {
    pub title: String,
    pub iri: String,
    pub types: Vec<ValueView>,
    pub properties: Vec<PropertyView>,
    pub sources: Vec<ValueView>,
    pub notes: Vec<NoteView>,
    pub incoming: Vec<PropertyView>,
    pub alternates: Vec<Alternate>,
    pub is_dataset: bool,
}

/// The label of an IRI in `lang` (another language, then none, as fallbacks).
pub fn label_of(snap: &Snapshot, iri: &str, lang: Lang) -> Option<String> {
    LABEL_PREDICATES.iter().find_map(|p| literal(snap, iri, p, lang))
}

fn compact(iri: &str, base: &str) -> String {
    let vocab = crate::uris::vocab(base);
    if let Some(local) = iri.strip_prefix(&vocab) {
        return format!("tt:{local}");
    }
    for (prefix, ns) in crate::rdf::PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            return format!("{prefix}:{local}");
        }
    }
    iri.to_string()
}

/// A property's label in sentence case (the vocabulary's labels are lower case, the well-known
/// ones here capitalised); a compact name where there is no label.
pub fn predicate_label(snap: &Snapshot, base: &str, iri: &str, lang: Lang) -> String {
    if let Some((_, nb, en)) = PREDICATE_LABELS.iter().find(|(p, _, _)| *p == iri) {
        return super::sentence_case(lang.pick(nb, en));
    }
    label_of(snap, iri, lang).map(|l| super::sentence_case(&l)).unwrap_or_else(|| compact(iri, base))
}

/// Link text for a thing without a label: "{type} {id}" for tiltak's own things, a compact
/// name for vocabulary terms, host and path for other IRIs — never the bare IRI where avoidable.
pub fn readable_name(iri: &str, base: &str) -> String {
    if let Some(rest) = iri.strip_prefix(base).and_then(|r| r.strip_prefix("/id/")) {
        if let Some((kind, id)) = rest.split_once('/') {
            return format!("{} {id}", kind.replace('-', " "));
        }
    }
    let short = compact(iri, base);
    if short != iri {
        return short;
    }
    iri.split_once("://").map(|(_, rest)| rest.trim_end_matches('/').to_string()).unwrap_or_else(|| iri.to_string())
}

fn node_value(snap: &Snapshot, base: &str, n: &NamedNode, lang: Lang) -> ValueView {
    let text = label_of(snap, n.as_str(), lang).unwrap_or_else(|| readable_name(n.as_str(), base));
    ValueView { text, href: Some(local_href(base, n.as_str())), lang: None, nested: Vec::new() }
}

fn term_value(snap: &Snapshot, base: &str, quads: &[Quad], t: &Term, lang: Lang, depth: usize) -> ValueView {
    match t {
        Term::NamedNode(n) => node_value(snap, base, n, lang),
        Term::Literal(l) => ValueView { text: l.value().to_string(), href: None, lang: l.language().map(String::from), nested: Vec::new() },
        Term::BlankNode(b) => {
            let subject: NamedOrBlankNode = b.clone().into();
            let nested = if depth < 2 { properties(snap, base, quads, &subject, lang, depth + 1) } else { Vec::new() };
            ValueView { text: String::new(), href: None, lang: None, nested }
        }
        #[allow(unreachable_patterns)]
        other => ValueView { text: other.to_string(), href: None, lang: None, nested: Vec::new() },
    }
}

/// Properties of `subject` grouped by predicate in first-seen order; literals in the other
/// language follow those in the chosen one.
fn properties(snap: &Snapshot, base: &str, quads: &[Quad], subject: &NamedOrBlankNode, lang: Lang, depth: usize) -> Vec<PropertyView> {
    let mut out: Vec<PropertyView> = Vec::new();
    for q in quads.iter().filter(|q| &q.subject == subject) {
        let p = q.predicate.as_str();
        if depth == 0 && [RDF_TYPE, DCT_SOURCE, PROV_DERIVED, DQV_ANNOTATION].contains(&p) {
            continue; // shown in their own sections
        }
        let value = term_value(snap, base, quads, &q.object, lang, depth);
        match out.iter_mut().find(|pv| pv.iri == p) {
            Some(pv) => pv.values.push(value),
            None => out.push(PropertyView {
                label: predicate_label(snap, base, p, lang),
                iri: p.to_string(),
                href: local_href(base, p),
                values: vec![value],
            }),
        }
    }
    for pv in &mut out {
        pv.values.sort_by_key(|v| v.lang.as_deref().is_some_and(|l| l != lang.code()));
    }
    // Naming properties first, the rest by label.
    let rank = |iri: &str| LEADING_PROPERTIES.iter().position(|p| *p == iri).unwrap_or(LEADING_PROPERTIES.len());
    out.sort_by(|a, b| rank(&a.iri).cmp(&rank(&b.iri)).then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase())));
    out
}

fn objects_of<'a>(quads: &'a [Quad], subject: &'a NamedOrBlankNode, predicate: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
    quads.iter().filter(move |q| &q.subject == subject && q.predicate.as_str() == predicate).map(|q| &q.object)
}

pub fn build(
    snap: &Snapshot,
    base: &str,
    lang: Lang,
    subject: &NamedNode,
    quads: &[Quad],
    alternates: Vec<Alternate>,
) -> Result<ThingView, ApiError> {
    let s: NamedOrBlankNode = subject.clone().into();
    let title = label_of(snap, subject.as_str(), lang).unwrap_or_else(|| compact(subject.as_str(), base));
    let types: Vec<ValueView> = objects_of(quads, &s, RDF_TYPE).map(|t| term_value(snap, base, quads, t, lang, 1)).collect();
    let is_dataset = objects_of(quads, &s, RDF_TYPE).any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == DCAT_DATASET));
    let mut sources: Vec<ValueView> = Vec::new();
    for t in objects_of(quads, &s, DCT_SOURCE).chain(objects_of(quads, &s, PROV_DERIVED)) {
        let v = term_value(snap, base, quads, t, lang, 1);
        if !sources.iter().any(|x| x.href == v.href) {
            sources.push(v);
        }
    }
    let notes = objects_of(quads, &s, DQV_ANNOTATION)
        .filter_map(|t| if let Term::NamedNode(n) = t { Some(n) } else { None })
        .map(|n| NoteView {
            label: label_of(snap, n.as_str(), lang).unwrap_or_else(|| readable_name(n.as_str(), base)),
            href: local_href(base, n.as_str()),
            text: literal(snap, n.as_str(), OA_BODY, lang).unwrap_or_default(),
        })
        .collect();
    let properties = properties(snap, base, quads, &s, lang, 0);
    let mut incoming: Vec<PropertyView> = Vec::new();
    for q in snap.store.quads_for_pattern(None, None, Some(subject.as_ref().into()), None).flatten().take(INCOMING_LIMIT) {
        let NamedOrBlankNode::NamedNode(from) = &q.subject else { continue };
        if q.predicate.as_str() == RDF_TYPE {
            continue;
        }
        let value = node_value(snap, base, from, lang);
        let p = q.predicate.as_str();
        match incoming.iter_mut().find(|pv| pv.iri == p) {
            Some(pv) if !pv.values.iter().any(|v| v.href == value.href) => pv.values.push(value),
            Some(_) => {}
            None => incoming.push(PropertyView {
                label: predicate_label(snap, base, p, lang),
                iri: p.to_string(),
                href: local_href(base, p),
                values: vec![value],
            }),
        }
    }
    Ok(ThingView { title, iri: subject.as_str().to_string(), types, properties, sources, notes, incoming, alternates, is_dataset })
}

/// The dataset's distributions: title, format and access URL.
#[derive(Debug, Serialize)]
pub struct DistributionView {
    pub title: String,
    pub media_type: String,
    pub url: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct DatasetView {
    pub description: String,
    pub publisher: Option<ValueView>,
    pub licence: Option<ValueView>,
    pub distributions: Vec<DistributionView>,
    pub keywords: Vec<String>,
}

const DCT_DESCRIPTION: &str = "http://purl.org/dc/terms/description";
const DCT_PUBLISHER: &str = "http://purl.org/dc/terms/publisher";
const DCT_LICENSE: &str = "http://purl.org/dc/terms/license";
const DCAT_DISTRIBUTION: &str = "http://www.w3.org/ns/dcat#distribution";
const DCAT_ACCESS: &str = "http://www.w3.org/ns/dcat#accessURL";
const DCAT_DOWNLOAD: &str = "http://www.w3.org/ns/dcat#downloadURL";
const DCAT_MEDIA: &str = "http://www.w3.org/ns/dcat#mediaType";
const DCAT_KEYWORD: &str = "http://www.w3.org/ns/dcat#keyword";

fn first_object(snap: &Snapshot, subject: &str, predicate: &str) -> Option<Term> {
    let s = NamedNodeRef::new(subject).ok()?;
    let p = NamedNodeRef::new(predicate).ok()?;
    snap.store.quads_for_pattern(Some(s.into()), Some(p), None, None).flatten().map(|q| q.object).next()
}

/// The first object of `subject predicate` that is an IRI.
pub fn first_object_iri(snap: &Snapshot, subject: &str, predicate: &str) -> Option<String> {
    match first_object(snap, subject, predicate) {
        Some(Term::NamedNode(n)) => Some(n.into_string()),
        _ => None,
    }
}

pub fn dataset(snap: &Snapshot, base: &str, lang: Lang, subject: &NamedNode) -> DatasetView {
    let iri = subject.as_str();
    let named = |t: Option<Term>| match t {
        Some(Term::NamedNode(n)) => Some(node_value(snap, base, &n, lang)),
        _ => None,
    };
    let mut distributions = Vec::new();
    if let Ok(p) = NamedNodeRef::new(DCAT_DISTRIBUTION) {
        for q in snap.store.quads_for_pattern(Some(subject.as_ref().into()), Some(p), None, None).flatten() {
            let Term::NamedNode(d) = q.object else { continue };
            let url = match first_object(snap, d.as_str(), DCAT_DOWNLOAD).or_else(|| first_object(snap, d.as_str(), DCAT_ACCESS)) {
                Some(Term::NamedNode(u)) => u.as_str().to_string(),
                _ => String::new(),
            };
            let media_type = match first_object(snap, d.as_str(), DCAT_MEDIA) {
                Some(Term::NamedNode(m)) => m.as_str().rsplit("media-types/").next().unwrap_or("").to_string(),
                Some(Term::Literal(l)) => l.value().to_string(),
                _ => String::new(),
            };
            distributions.push(DistributionView {
                title: literal(snap, d.as_str(), "http://purl.org/dc/terms/title", lang).unwrap_or_default(),
                media_type,
                href: local_href(base, &url),
                url,
            });
        }
    }
    distributions.sort_by(|a, b| a.title.cmp(&b.title));
    let mut keywords = Vec::new();
    if let Ok(p) = NamedNodeRef::new(DCAT_KEYWORD) {
        for q in snap.store.quads_for_pattern(Some(subject.as_ref().into()), Some(p), None, None).flatten() {
            if let Term::Literal(l) = q.object {
                if l.language().is_none_or(|l| l == lang.code()) {
                    keywords.push(l.value().to_string());
                }
            }
        }
    }
    DatasetView {
        description: literal(snap, iri, DCT_DESCRIPTION, lang).unwrap_or_default(),
        publisher: named(first_object(snap, iri, DCT_PUBLISHER)),
        licence: named(first_object(snap, iri, DCT_LICENSE)).map(|mut v| {
            if let Some(href) = &v.href {
                if label_of(snap, href, lang).is_none() {
                    v.text = super::landing::licence_name(href);
                }
            }
            v
        }),
        distributions,
        keywords,
    }
}

/// schema.org `Dataset` for search engines' dataset search.
pub fn dataset_json_ld(base: &str, subject: &NamedNode, title: &str, view: &DatasetView) -> serde_json::Value {
    let distributions: Vec<serde_json::Value> = view
        .distributions
        .iter()
        .filter(|d| !d.url.is_empty())
        .map(|d| json!({ "@type": "DataDownload", "name": d.title, "encodingFormat": d.media_type, "contentUrl": d.url }))
        .collect();
    let mut doc = json!({
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": subject.as_str(),
        "url": subject.as_str(),
        "name": title,
        "description": view.description,
        "keywords": view.keywords,
        "isAccessibleForFree": true,
        "includedInDataCatalog": { "@type": "DataCatalog", "name": "tiltak", "url": format!("{base}/catalog") },
        "distribution": distributions,
    });
    if let Some(l) = &view.licence {
        if let Some(href) = &l.href {
            doc["license"] = json!(if href.starts_with('/') { format!("{base}{href}") } else { href.clone() });
        }
    }
    if let Some(p) = &view.publisher {
        let url = p.href.as_deref().map(|h| if h.starts_with('/') { format!("{base}{h}") } else { h.to_string() });
        doc["creator"] = json!({ "@type": "Organization", "name": p.text, "url": url });
    }
    doc
}
