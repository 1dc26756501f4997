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
const DCT_IDENTIFIER: &str = "http://purl.org/dc/terms/identifier";
/// Predicates that name a thing, best first (`rdf::labels` keeps the list).
const LABEL_PREDICATES: &[&str] = crate::rdf::labels::NAMING;
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
    /// The full note (English).
    pub text: String,
    /// One sentence for people in the page's language, where the note has one.
    pub summary: Option<String>,
}

/// The predicate of a note's one-sentence summary (nb and en).
const NOTE_SUMMARY: &str = "http://purl.org/dc/terms/abstract";

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub label: String,
    pub href: String,
}

/// Things that refer to this one, of one kind (one collection).
#[derive(Debug, Serialize)]
pub struct IncomingGroup {
    pub title: String,
    pub values: Vec<ValueView>,
}

#[derive(Debug, Serialize)]
pub struct ThingView {
    pub title: String,
    pub iri: String,
    pub breadcrumb: Vec<Crumb>,
    pub types: Vec<ValueView>,
    pub incoming_groups: Vec<IncomingGroup>,
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
    if let Some(l) = super::i18n::term_label(iri, lang) {
        return super::sentence_case(l);
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

/// A thing's name for people: its label in the store (in `lang`, marked when only in the other
/// language), a known term's label, a licence's name, else a readable form of the IRI.
pub fn name_of(snap: &Snapshot, base: &str, iri: &str, lang: Lang) -> (String, Option<String>) {
    let (text, text_lang) = raw_name_of(snap, base, iri, lang);
    (super::records::for_people(&text), text_lang)
}

fn raw_name_of(snap: &Snapshot, base: &str, iri: &str, lang: Lang) -> (String, Option<String>) {
    if let Some(l) = super::i18n::term_label(iri, lang) {
        return (l.to_string(), None);
    }
    if let Some(named) = crate::rdf::labels::stored(&snap.store, iri, lang.code()) {
        return named;
    }
    if iri.contains("/licence/") {
        return (super::landing::licence_name(iri), None);
    }
    (readable_name(iri, base), None)
}

fn node_value(snap: &Snapshot, base: &str, n: &NamedNode, lang: Lang) -> ValueView {
    let (text, text_lang) = name_of(snap, base, n.as_str(), lang);
    ValueView { text, href: super::link_href(base, n.as_str()), lang: text_lang, nested: Vec::new() }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A literal as people read it in `lang`: booleans as ja/nei, dates in words, numbers with the
/// language's separators; text keeps its language tag.
fn literal_value(l: &oxigraph::model::Literal, lang: Lang) -> ValueView {
    let plain = |text: String| ValueView { text, href: None, lang: None, nested: Vec::new() };
    let datatype = l.datatype().as_str().strip_prefix(XSD).unwrap_or("");
    match datatype {
        "boolean" => plain(super::i18n::text(lang, if l.value() == "true" { "yes" } else { "no" }).to_string()),
        "date" | "gYearMonth" => plain(super::i18n::date(lang, l.value())),
        "integer" | "int" | "long" | "nonNegativeInteger" | "positiveInteger" => match l.value().parse::<f64>() {
            Ok(v) => plain(super::i18n::number(lang, v, 0)),
            Err(_) => plain(l.value().to_string()),
        },
        "decimal" | "double" | "float" => match l.value().parse::<f64>() {
            Ok(v) => plain(super::i18n::number(lang, v, 2)),
            Err(_) => plain(l.value().to_string()),
        },
        _ => ValueView {
            text: super::records::for_people(l.value()),
            href: None,
            lang: l.language().filter(|t| *t != lang.code()).map(String::from),
            nested: Vec::new(),
        },
    }
}

fn term_value(snap: &Snapshot, base: &str, quads: &[Quad], t: &Term, lang: Lang, depth: usize) -> ValueView {
    match t {
        Term::NamedNode(n) => node_value(snap, base, n, lang),
        Term::Literal(l) => literal_value(l, lang),
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
        // The page's language only, where the property has a value in it.
        if pv.values.iter().any(|v| v.lang.is_none()) {
            pv.values.retain(|v| v.lang.is_none());
        }
        let mut seen = std::collections::HashSet::new();
        pv.values.retain(|v| !v.nested.is_empty() || seen.insert((v.text.clone(), v.href.clone())));
    }
    // Each property once: a second naming property (rdfs:label beside skos:prefLabel or
    // dct:title), and the identifier that repeats the IRI, say nothing new.
    let named = out.iter().any(|p| p.iri == LABEL_PREDICATES[0] || p.iri == LABEL_PREDICATES[2]);
    out.retain(|p| !(named && p.iri == LABEL_PREDICATES[1]));
    if let NamedOrBlankNode::NamedNode(n) = subject {
        out.retain(|p| !(p.iri == DCT_IDENTIFIER && p.values.iter().all(|v| v.text == n.as_str())));
    }
    // Two properties that read alike keep one name: the second gets its compact name beside it.
    let mut labels = std::collections::HashSet::new();
    for p in &mut out {
        if !labels.insert(p.label.to_lowercase()) {
            p.label = format!("{} ({})", p.label, compact(&p.iri, base));
        }
    }
    // Naming properties first, the rest by label.
    let rank = |iri: &str| LEADING_PROPERTIES.iter().position(|p| *p == iri).unwrap_or(LEADING_PROPERTIES.len());
    out.sort_by(|a, b| rank(&a.iri).cmp(&rank(&b.iri)).then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase())));
    out
}

fn objects_of<'a>(quads: &'a [Quad], subject: &'a NamedOrBlankNode, predicate: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
    quads.iter().filter(move |q| &q.subject == subject && q.predicate.as_str() == predicate).map(|q| &q.object)
}

/// The collection a thing of this service belongs to, from its IRI (`/id/{type}/…`, `/def/{scheme}/…`).
fn entity_of(base: &str, iri: &str) -> Option<&'static crate::model::Entity> {
    let rest = iri.strip_prefix(base)?;
    if let Some(r) = rest.strip_prefix("/id/") {
        let kind = r.split('/').next()?;
        return crate::model::ENTITIES.iter().find(|e| e.item_type == kind).copied();
    }
    if rest.starts_with("/def/") && rest.matches('/').count() >= 3 {
        return Some(&crate::model::CODES);
    }
    None
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
    let title = super::records::for_people(&label_of(snap, subject.as_str(), lang).unwrap_or_else(|| compact(subject.as_str(), base)));
    // Types people can read (a label of ours or a known term's); bare class names say nothing.
    let types: Vec<ValueView> =
        objects_of(quads, &s, RDF_TYPE).map(|t| term_value(snap, base, quads, t, lang, 1)).filter(|v| !v.text.contains(':')).collect();
    let is_dataset = objects_of(quads, &s, RDF_TYPE).any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == DCAT_DATASET));
    let mut breadcrumb = vec![Crumb { label: super::i18n::text(lang, "nav_home").into(), href: format!("/?lang={}", lang.code()) }];
    if is_dataset || subject.as_str().starts_with(&crate::uris::catalog(base)) {
        breadcrumb.push(Crumb { label: super::i18n::text(lang, "nav_catalog").into(), href: format!("/catalog?lang={}", lang.code()) });
    } else {
        breadcrumb.push(Crumb { label: super::i18n::text(lang, "nav_data").into(), href: format!("/data?lang={}", lang.code()) });
        if let Some(e) = entity_of(base, subject.as_str()) {
            breadcrumb.push(Crumb {
                label: lang.pick(e.title_nb, e.title_en).into(),
                href: format!("/data/{}?lang={}", e.collection, lang.code()),
            });
        }
    }
    let mut sources: Vec<ValueView> = Vec::new();
    for t in objects_of(quads, &s, DCT_SOURCE).chain(objects_of(quads, &s, PROV_DERIVED)) {
        let v = term_value(snap, base, quads, t, lang, 1);
        if !sources.iter().any(|x| x.href == v.href) {
            sources.push(v);
        }
    }
    let mut notes: Vec<NoteView> = Vec::new();
    for n in objects_of(quads, &s, DQV_ANNOTATION).filter_map(|t| if let Term::NamedNode(n) = t { Some(n) } else { None }) {
        if notes.iter().any(|x| x.href == local_href(base, n.as_str())) {
            continue;
        }
        notes.push(NoteView {
            label: super::records::for_people(&label_of(snap, n.as_str(), lang).unwrap_or_else(|| readable_name(n.as_str(), base))),
            href: local_href(base, n.as_str()),
            text: super::records::for_people(&literal(snap, n.as_str(), OA_BODY, lang).unwrap_or_default()),
            summary: literal_in(snap, n.as_str(), NOTE_SUMMARY, lang),
        });
    }
    let properties = properties(snap, base, quads, &s, lang, 0);
    let mut incoming: Vec<PropertyView> = Vec::new();
    let mut groups: Vec<(String, IncomingGroup)> = Vec::new();
    for q in snap.store.quads_for_pattern(None, None, Some(subject.as_ref().into()), None).flatten().take(INCOMING_LIMIT) {
        let NamedOrBlankNode::NamedNode(from) = &q.subject else { continue };
        if q.predicate.as_str() == RDF_TYPE || from == subject {
            continue;
        }
        let value = node_value(snap, base, from, lang);
        let p = q.predicate.as_str();
        match incoming.iter_mut().find(|pv| pv.iri == p) {
            Some(pv) if !pv.values.iter().any(|v| v.href == value.href) => pv.values.push(value.clone()),
            Some(_) => {}
            None => incoming.push(PropertyView {
                label: predicate_label(snap, base, p, lang),
                iri: p.to_string(),
                href: local_href(base, p),
                values: vec![value.clone()],
            }),
        }
        // Grouped by the kind of thing that refers here, each thing once.
        let (key, title) = match entity_of(base, from.as_str()) {
            Some(e) => (e.collection.to_string(), lang.pick(e.title_nb, e.title_en).to_string()),
            None => ("other".to_string(), super::i18n::text(lang, "other_things").to_string()),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => {
                if !g.values.iter().any(|v| v.href == value.href) {
                    g.values.push(value);
                }
            }
            None => groups.push((key, IncomingGroup { title, values: vec![value] })),
        }
    }
    let mut incoming_groups: Vec<IncomingGroup> = groups.into_iter().map(|(_, g)| g).collect();
    for g in &mut incoming_groups {
        g.values.sort_by_cached_key(|v| super::i18n::sort_key(lang, &v.text));
    }
    incoming_groups.sort_by_cached_key(|g| super::i18n::sort_key(lang, &g.title));
    Ok(ThingView {
        title,
        iri: subject.as_str().to_string(),
        breadcrumb,
        types,
        incoming_groups,
        properties,
        sources,
        notes,
        incoming,
        alternates,
        is_dataset,
    })
}

/// A literal of `subject` in exactly `lang` (no fallback).
fn literal_in(snap: &Snapshot, subject: &str, predicate: &str, lang: Lang) -> Option<String> {
    let s = NamedNodeRef::new(subject).ok()?;
    let p = NamedNodeRef::new(predicate).ok()?;
    snap.store.quads_for_pattern(Some(s.into()), Some(p), None, None).flatten().find_map(|q| match q.object {
        Term::Literal(l) if l.language() == Some(lang.code()) => Some(l.value().to_string()),
        _ => None,
    })
}

/// The dataset's distributions: title, format and access URL.
#[derive(Debug, Serialize)]
pub struct DistributionView {
    pub title: String,
    pub media_type: String,
    /// The format's name (Turtle, JSON-LD, CSV …).
    pub format: String,
    pub url: String,
    pub href: String,
}

/// A format's name by its media type.
pub fn format_name(media_type: &str) -> String {
    use crate::formats::Format::*;
    [Json, Csv, Turtle, JsonLd, RdfXml, NTriples, TriG, NQuads, Html]
        .into_iter()
        .find(|f| f.media_type() == media_type)
        .map(|f| f.label().to_string())
        .unwrap_or_else(|| media_type.to_string())
}

#[derive(Debug, Serialize)]
pub struct DatasetView {
    pub description: String,
    pub publisher: Option<ValueView>,
    pub licence: Option<ValueView>,
    pub distributions: Vec<DistributionView>,
    pub keywords: Vec<String>,
    /// The dataset's own table(s) on this site ("Se dataene").
    pub data_links: Vec<Crumb>,
    /// Facts by readable label: frequency, languages, themes, area, period, modified.
    pub facts: Vec<PropertyView>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_url: Option<String>,
    /// Datasets whose records this one links to, or that link to it.
    pub related: Vec<Crumb>,
}

/// Predicates shown as facts on a dataset page, in this order.
const DATASET_FACTS: &[&str] = &[
    "http://purl.org/dc/terms/accrualPeriodicity",
    "http://purl.org/dc/terms/language",
    "http://www.w3.org/ns/dcat#theme",
    "http://purl.org/dc/terms/spatial",
    "http://purl.org/dc/terms/temporal",
    "http://purl.org/dc/terms/issued",
    "http://purl.org/dc/terms/modified",
    "http://purl.org/dc/terms/accessRights",
];

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
                format: format_name(&media_type),
                media_type,
                href: local_href(base, &url),
                url,
            });
        }
    }
    distributions.sort_by(|a, b| a.format.cmp(&b.format).then(a.title.cmp(&b.title)));
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
    let all = crate::rdf::catalog::datasets(&snap.store, base).unwrap_or_default();
    let this = all.iter().find(|d| d.iri == *subject);
    let data_links: Vec<Crumb> = this
        .map(|d| {
            // The collection the dataset is named after first.
            let mut cs: Vec<&String> = d.collections.iter().collect();
            cs.sort_by_key(|c| **c != d.id);
            cs.into_iter()
                .filter_map(|c| crate::model::entity(c))
                .map(|e| {
                    let query = d.query.as_deref().filter(|_| d.collections.len() == 1).map(|q| format!("{q}&")).unwrap_or_default();
                    Crumb {
                        label: lang.pick(e.title_nb, e.title_en).into(),
                        href: format!("/data/{}?{query}lang={}", e.collection, lang.code()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // Related: datasets holding the collections this one's records link to, or that link here.
    let mine: Vec<&str> = this.map(|d| d.collections.iter().map(String::as_str).collect()).unwrap_or_default();
    let targets = |c: &str| -> Vec<&'static str> {
        crate::model::entity(c)
            .map(|e| e.fields.iter().filter_map(|f| if let crate::model::Kind::Ref(t) = f.kind { Some(t) } else { None }).collect())
            .unwrap_or_default()
    };
    let mut related = Vec::new();
    for d in all.iter().filter(|d| d.iri != *subject) {
        let linked = d.collections.iter().any(|c| {
            !mine.contains(&c.as_str())
                && (mine.iter().any(|m| targets(m).contains(&c.as_str())) || targets(c).iter().any(|t| mine.contains(t)))
        });
        if linked {
            let label = label_of(snap, d.iri.as_str(), lang).unwrap_or_else(|| d.id.clone());
            related.push(Crumb { label, href: format!("{}?lang={}", local_href(base, d.iri.as_str()), lang.code()) });
        }
    }
    related.sort_by_cached_key(|c| super::i18n::sort_key(lang, &c.label));
    let contact = first_object_iri(snap, iri, "http://www.w3.org/ns/dcat#contactPoint");
    let mut facts = Vec::new();
    for p in DATASET_FACTS {
        let Ok(pn) = NamedNodeRef::new(p) else { continue };
        let mut values: Vec<ValueView> = Vec::new();
        for q in snap.store.quads_for_pattern(Some(subject.as_ref().into()), Some(pn), None, None).flatten() {
            let v = match &q.object {
                Term::BlankNode(b) => {
                    // A period: "from – to".
                    let get = |pred: &str| {
                        NamedNodeRef::new(pred).ok().and_then(|pp| {
                            snap.store.quads_for_pattern(Some(b.as_ref().into()), Some(pp), None, None).flatten().find_map(|q| {
                                match q.object {
                                    Term::Literal(l) => Some(literal_value(&l, lang).text),
                                    _ => None,
                                }
                            })
                        })
                    };
                    let from = get("http://www.w3.org/ns/dcat#startDate").unwrap_or_default();
                    let to = get("http://www.w3.org/ns/dcat#endDate").unwrap_or_default();
                    ValueView { text: format!("{from} – {to}"), href: None, lang: None, nested: Vec::new() }
                }
                Term::NamedNode(n) => {
                    let mut v = node_value(snap, base, n, lang);
                    v.href = None; // EU authority IRIs are no pages for people
                    v
                }
                Term::Literal(l) => literal_value(l, lang),
                #[allow(unreachable_patterns)]
                _ => continue,
            };
            if !values.iter().any(|x| x.text == v.text) {
                values.push(v);
            }
        }
        if !values.is_empty() {
            facts.push(PropertyView { label: predicate_label(snap, base, p, lang), iri: p.to_string(), href: local_href(base, p), values });
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
        data_links,
        facts,
        contact_name: contact.as_deref().and_then(|c| label_of(snap, c, lang)),
        contact_email: contact
            .as_deref()
            .and_then(|c| first_object_iri(snap, c, "http://www.w3.org/2006/vcard/ns#hasEmail"))
            .and_then(|m| m.strip_prefix("mailto:").map(String::from)),
        contact_url: contact.as_deref().and_then(|c| first_object_iri(snap, c, "http://www.w3.org/2006/vcard/ns#hasURL")),
        related,
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
        "includedInDataCatalog": { "@type": "DataCatalog", "name": "tiltak", "url": crate::uris::catalog(base) },
        "distribution": distributions,
    });
    if let Some(l) = &view.licence {
        if let Some(href) = &l.href {
            doc["license"] = json!(if href.starts_with('/') { crate::uris::at(base, href) } else { href.clone() });
        }
    }
    if let Some(p) = &view.publisher {
        let url = p.href.as_deref().map(|h| if h.starts_with('/') { crate::uris::at(base, h) } else { h.to_string() });
        doc["creator"] = json!({ "@type": "Organization", "name": p.text, "url": url });
    }
    doc
}

/// A thing page's meta description: its own description or definition in `lang`, else its title
/// and kind.
pub fn description(snap: &Snapshot, subject: &NamedNode, view: &ThingView, lang: Lang) -> String {
    for p in [DCT_DESCRIPTION, "http://www.w3.org/2004/02/skos/core#definition", NOTE_SUMMARY] {
        if let Some(d) = literal_in(snap, subject.as_str(), p, lang) {
            return super::records::for_people(&d);
        }
    }
    let kinds: Vec<&str> = view.types.iter().map(|t| t.text.as_str()).collect();
    if kinds.is_empty() {
        view.title.clone()
    } else {
        format!("{} – {} ({})", view.title, kinds.join(", "), super::i18n::text(lang, "site_name"))
    }
}

/// The "how to cite" block of a dataset page: the reference in the page's language, the URI and
/// the DataCite-style JSON's address (`rdf::citation`).
#[derive(Debug, Serialize)]
pub struct CiteView {
    pub text: String,
    pub uri: String,
    pub json_href: String,
}

pub fn citation(snap: &Snapshot, base: &str, lang: Lang, subject: &NamedNode) -> Option<CiteView> {
    let id = subject.as_str().strip_prefix(&crate::uris::dataset(base, ""))?;
    let today = chrono::Utc::now().date_naive().to_string();
    let cite = crate::rdf::citation::citation(&snap.store, base, id, &snap.version, &today).ok()??;
    Some(CiteView { text: cite.text(lang.code()), uri: cite.uri.clone(), json_href: super::local_href(base, &cite.json_url) })
}
