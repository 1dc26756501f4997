//! The DCAT-AP-NO catalogue: hand-edited metadata (`catalog/catalog.ttl`, relative IRIs resolved
//! against the base URL) plus what is computed from the data at serve time: identifiers,
//! distributions for every dataset, `dct:modified`, DQV annotations, the synthetic dataset under
//! `--demo`. It lives in the catalogue named graph, so SPARQL sees it too.

use crate::config::Config;
use crate::error::ApiError;
use crate::http::caching;
use crate::http::conneg::{self, Offer};
use crate::linked_data::respond_described;
use crate::rdf::{iri, p, parse_turtle_into, serialize, GraphBuilder, RdfError};
use crate::state::{AppState, Snapshot};
use crate::uris;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

pub const CATALOG_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/catalog.ttl"));
const EU: &str = "http://publications.europa.eu/resource/authority";

struct DistKind {
    key: &'static str,
    file_type: &'static str,
    media: &'static str,
    title_nb: &'static str,
    title_en: &'static str,
}

const JSON: DistKind =
    DistKind { key: "json", file_type: "JSON", media: "application/json", title_nb: "JSON via API", title_en: "JSON through the API" };
const CSV: DistKind = DistKind { key: "csv", file_type: "CSV", media: "text/csv", title_nb: "CSV-nedlasting", title_en: "CSV download" };
const TTL: DistKind =
    DistKind { key: "ttl", file_type: "RDF_TURTLE", media: "text/turtle", title_nb: "RDF (Turtle)", title_en: "RDF (Turtle)" };
const JSONLD: DistKind =
    DistKind { key: "jsonld", file_type: "JSON_LD", media: "application/ld+json", title_nb: "RDF (JSON-LD)", title_en: "RDF (JSON-LD)" };

/// A dataset as the catalogue describes it: IRI, backing API collections and query.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub iri: NamedNode,
    pub id: String,
    pub collections: Vec<String>,
    pub query: Option<String>,
}

fn objects<'a>(quads: &'a [Quad], s: &'a NamedNode, pred: &'a NamedNode) -> impl Iterator<Item = &'a Term> + 'a {
    quads.iter().filter(move |q| q.subject.to_string() == s.to_string() && q.predicate == *pred).map(|q| &q.object)
}

fn datasets_in(quads: &[Quad], base: &str) -> Result<Vec<DatasetInfo>, RdfError> {
    let dataset_class = p(base, "dcat:Dataset")?;
    let api_collection = p(base, "tt:apiCollection")?;
    let api_query = p(base, "tt:apiQuery")?;
    let prefix = format!("{base}/catalog/datasets/");
    let mut out = Vec::new();
    for q in quads.iter().filter(|q| q.predicate == rdf::TYPE && q.object == Term::NamedNode(dataset_class.clone())) {
        let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else { continue };
        let id = s.as_str().strip_prefix(&prefix).unwrap_or(s.as_str()).to_string();
        let collections = objects(quads, s, &api_collection)
            .filter_map(|t| if let Term::Literal(l) = t { Some(l.value().to_string()) } else { None })
            .collect();
        let query = objects(quads, s, &api_query).find_map(|t| if let Term::Literal(l) = t { Some(l.value().to_string()) } else { None });
        out.push(DatasetInfo { iri: s.clone(), id, collections, query });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn with_query(url: &str, query: &Option<String>, extra: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(q) = query {
        parts.push(q);
    }
    if !extra.is_empty() {
        parts.push(extra);
    }
    if parts.is_empty() {
        url.to_string()
    } else {
        format!("{url}?{}", parts.join("&"))
    }
}

fn lang(s: &str, l: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, l)
}

pub fn build_graph(
    conn: &Connection,
    config: &Config,
    modified: &DateTime<Utc>,
    synthetic_rows: usize,
) -> Result<GraphBuilder, RdfError> {
    let base = config.base_url.as_str();
    let mut g = GraphBuilder::new(&uris::graph(base, "catalog"))?;
    parse_turtle_into(CATALOG_TTL, &format!("{base}/"), "catalog/catalog.ttl", &mut g)?;
    let date = Literal::new_typed_literal(modified.format("%Y-%m-%d").to_string(), xsd::DATE);
    let identifier = p(base, "dct:identifier")?;
    let modified_p = p(base, "dct:modified")?;
    let license_p = p(base, "dct:license")?;
    let catalog_iri = iri(&format!("{base}/catalog"))?;
    let api_service = iri(&format!("{base}/catalog/services/api"))?;
    // Literal identifiers (DCAT-AP-NO 2.x mandatory) = the IRI itself, so they follow the base URL.
    let typed: Vec<NamedNode> = g
        .quads
        .iter()
        .filter(|q| q.predicate == rdf::TYPE)
        .filter(|q| matches!(&q.object, Term::NamedNode(c) if [ "http://www.w3.org/ns/dcat#Catalog", "http://www.w3.org/ns/dcat#Dataset", "http://www.w3.org/ns/dcat#DataService"].contains(&c.as_str())))
        .filter_map(|q| if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = &q.subject { Some(n.clone()) } else { None })
        .collect();
    for s in &typed {
        g.add(s.clone(), identifier.clone(), Literal::new_simple_literal(s.as_str()));
    }
    g.add(catalog_iri.clone(), modified_p.clone(), date.clone());
    let mut datasets = datasets_in(&g.quads, base)?;
    if synthetic_rows > 0 {
        add_synthetic_dataset(&mut g, base, &catalog_iri, synthetic_rows)?;
        datasets = datasets_in(&g.quads, base)?;
    }
    let dcat = |n: &str| p(base, n);
    let issued_p = p(base, "dct:issued")?;
    let rights = iri(&format!("{base}/catalog/rights"))?;
    for d in &datasets {
        g.add(d.iri.clone(), modified_p.clone(), date.clone());
        add_derived_dataset_metadata(conn, base, &mut g, d, &date)?;
        let license: Option<Term> = objects(&g.quads, &d.iri, &license_p).next().cloned();
        let mut dists: Vec<(String, &DistKind, String, Option<String>)> = Vec::new(); // (suffix, kind, accessURL, downloadURL)
        for c in &d.collections {
            let url = format!("{base}/api/v1/{c}");
            // The API pages; the full download of the same records is /download/{c}.json.
            let json_download = with_query(&format!("{base}/download/{c}.json"), &d.query, "");
            dists.push((format!("{c}-json"), &JSON, with_query(&url, &d.query, ""), Some(json_download)));
            let csv_url = with_query(&url, &d.query, "format=csv");
            dists.push((format!("{c}-csv"), &CSV, csv_url.clone(), Some(csv_url)));
        }
        let ttl = format!("{}/data.ttl", d.iri.as_str());
        let jsonld = format!("{}/data.jsonld", d.iri.as_str());
        dists.push(("ttl".into(), &TTL, ttl.clone(), Some(ttl)));
        dists.push(("jsonld".into(), &JSONLD, jsonld.clone(), Some(jsonld)));
        for (suffix, kind, access, download) in dists {
            let dist = iri(&format!("{}/distributions/{suffix}", d.iri.as_str()))?;
            g.add(d.iri.clone(), dcat("dcat:distribution")?, dist.clone());
            g.add(dist.clone(), rdf::TYPE.into_owned(), dcat("dcat:Distribution")?);
            let what_nb = suffix.trim_end_matches(&format!("-{}", kind.key)).to_string();
            let (t_nb, t_en) = if d.collections.len() > 1 && matches!(kind.key, "json" | "csv") {
                (format!("{} ({what_nb})", kind.title_nb), format!("{} ({what_nb})", kind.title_en))
            } else {
                (kind.title_nb.to_string(), kind.title_en.to_string())
            };
            g.add(dist.clone(), dcat("dct:title")?, lang(&t_nb, "nb"));
            g.add(dist.clone(), dcat("dct:title")?, lang(&t_en, "en"));
            g.add(
                dist.clone(),
                dcat("dct:description")?,
                lang(&format!("{t_nb} av datasettet, generert fra den samme databasen som API-et."), "nb"),
            );
            g.add(
                dist.clone(),
                dcat("dct:description")?,
                lang(&format!("{t_en} of the dataset, generated from the same database as the API."), "en"),
            );
            g.add(dist.clone(), dcat("dcat:accessURL")?, iri(&access)?);
            if let Some(dl) = download {
                g.add(dist.clone(), dcat("dcat:downloadURL")?, iri(&dl)?);
            }
            g.add(dist.clone(), dcat("dct:format")?, iri(&format!("{EU}/file-type/{}", kind.file_type))?);
            g.add(dist.clone(), dcat("dcat:mediaType")?, iri(&format!("https://www.iana.org/assignments/media-types/{}", kind.media))?);
            if let Some(l) = &license {
                g.add(dist.clone(), license_p.clone(), l.clone());
            }
            g.add(dist.clone(), dcat("dcatap:availability")?, iri(&format!("{EU}/planned-availability/STABLE"))?);
            // adms:status is left out: DCAT-AP-NO 2.2 wants the ADMS status vocabulary, DCAT-AP 3 and
            // the DCAT-AP-NO 3 draft want the EU distribution-status table; it is only recommended.
            g.add(dist.clone(), modified_p.clone(), date.clone());
            g.add(dist.clone(), issued_p.clone(), date.clone());
            g.add(dist.clone(), dcat("dct:rights")?, rights.clone());
            if matches!(kind.key, "json" | "csv") {
                g.add(dist.clone(), dcat("dcat:accessService")?, api_service.clone());
            }
        }
    }
    // DQV: each dataset points to the quality notes that concern its records.
    let mut notes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT DISTINCT entity, note_id FROM record_quality")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (entity, note): (String, String) = (row.get(0)?, row.get(1)?);
        for d in datasets.iter().filter(|d| d.collections.contains(&entity)) {
            notes.entry(d.iri.as_str().to_string()).or_default().insert(note.clone());
        }
    }
    let note_entity = crate::model::entity("data-quality").ok_or_else(|| RdfError::Store("no data-quality entity".into()))?;
    let mut typed_notes = BTreeSet::new();
    for (d, ns) in notes {
        for n in ns {
            let note = iri(&uris::thing(base, note_entity, &n))?;
            g.add(iri(&d)?, p(base, "dqv:hasQualityAnnotation")?, note.clone());
            if typed_notes.insert(n) {
                g.add(note, rdf::TYPE.into_owned(), p(base, "dqv:QualityAnnotation")?);
            }
        }
    }
    Ok(g)
}

/// Issue 15: `dct:issued` (the snapshot date, where catalog.ttl gives none) and `dct:temporal`
/// derived from the records (where catalog.ttl gives none and the records carry time).
fn add_derived_dataset_metadata(conn: &Connection, base: &str, g: &mut GraphBuilder, d: &DatasetInfo, date: &Literal) -> Result<(), RdfError> {
    let issued_p = p(base, "dct:issued")?;
    if objects(&g.quads, &d.iri, &issued_p).next().is_none() {
        g.add(d.iri.clone(), issued_p, date.clone());
    }
    let temporal_p = p(base, "dct:temporal")?;
    if objects(&g.quads, &d.iri, &temporal_p).next().is_some() {
        return Ok(());
    }
    let mut span: Option<(String, String)> = None;
    for c in &d.collections {
        if let Some((start, end)) = crate::rdf::temporal::coverage(conn, c, d.query.as_deref())? {
            span = Some(match span {
                None => (start, end),
                Some((s0, e0)) => (s0.min(start), e0.max(end)),
            });
        }
    }
    let Some((start, end)) = span else { return Ok(()) };
    let period = oxigraph::model::BlankNode::default();
    g.add(d.iri.clone(), temporal_p, period.clone());
    g.add(period.clone(), rdf::TYPE.into_owned(), p(base, "dct:PeriodOfTime")?);
    g.add(period.clone(), p(base, "dcat:startDate")?, Literal::new_typed_literal(start, xsd::DATE));
    g.add(period, p(base, "dcat:endDate")?, Literal::new_typed_literal(end, xsd::DATE));
    Ok(())
}

fn add_synthetic_dataset(g: &mut GraphBuilder, base: &str, catalog: &NamedNode, rows: usize) -> Result<(), RdfError> {
    let d = iri(&format!("{base}/catalog/datasets/measures-synthetic"))?;
    let add = |g: &mut GraphBuilder, pred: &str, o: Term| -> Result<(), RdfError> {
        g.add(d.clone(), p(base, pred)?, o);
        Ok(())
    };
    g.add(catalog.clone(), p(base, "dcat:dataset")?, d.clone());
    add(g, "rdf:type", p(base, "dcat:Dataset")?.into())?;
    add(g, "dct:identifier", Literal::new_simple_literal(d.as_str()).into())?;
    add(g, "dct:title", lang("Digitaliseringstiltak 2018 – SYNTETISKE data (demo, ikke ekte)", "nb").into())?;
    add(g, "dct:title", lang("Digitalisation measures 2018 – SYNTHETIC data (demo, not real)", "en").into())?;
    add(g, "dct:description", lang(&format!("{rows} syntetiske tiltak generert av `tiltak synth`. Fordelingene av hovedformål, kommunal berøring og KS-kontakt er lik de publiserte 2018-tallene; alt annet er tomt. Radene er ikke ekte data."), "nb").into())?;
    add(g, "dct:description", lang(&format!("{rows} synthetic measures generated by `tiltak synth`. Their main purpose, municipal impact and KS contact add up to the published 2018 tables; everything else is empty. The rows are not real data."), "en").into())?;
    add(g, "dct:publisher", iri(&uris::organization_register("991825827"))?.into())?;
    add(g, "dcat:contactPoint", iri(&format!("{base}/catalog/contact"))?.into())?;
    add(g, "dcat:theme", iri(&format!("{EU}/data-theme/GOVE"))?.into())?;
    add(g, "dct:accessRights", iri(&format!("{EU}/access-right/PUBLIC"))?.into())?;
    add(g, "dct:license", iri(&format!("{EU}/licence/CC0"))?.into())?;
    add(g, "dcat:keyword", lang("syntetiske data", "nb").into())?;
    add(g, "dcat:keyword", lang("synthetic data", "en").into())?;
    add(g, "tt:apiCollection", Literal::new_simple_literal("measures").into())?;
    add(g, "tt:apiQuery", Literal::new_simple_literal("synthetic=true").into())?;
    Ok(())
}

/// Datasets described in the served catalogue.
pub fn datasets(snap: &Snapshot, base: &str) -> Vec<DatasetInfo> {
    let graph = match iri(&uris::graph(base, "catalog")) {
        Ok(g) => g,
        Err(_) => return Vec::new(),
    };
    let quads: Vec<Quad> =
        snap.store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref()))).filter_map(Result::ok).collect();
    datasets_in(&quads, base).unwrap_or_default()
}

pub const CATALOG_OFFERS: &[Offer] = &[
    Offer { media_type: "text/turtle", format: "ttl" },
    Offer { media_type: "application/ld+json", format: "jsonld" },
    Offer { media_type: "application/rdf+xml", format: "rdf" },
    Offer { media_type: "application/n-triples", format: "nt" },
    Offer { media_type: "text/html", format: "html" },
];

fn catalog_quads(snap: &Snapshot, base: &str) -> Result<Vec<Quad>, ApiError> {
    let graph = iri(&uris::graph(base, "catalog")).map_err(|e| ApiError::Internal(e.to_string()))?;
    snap.store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .map(|q| {
            q.map(|q| Quad::new(q.subject, q.predicate, q.object, oxigraph::model::GraphName::DefaultGraph))
                .map_err(|e| ApiError::Internal(e.to_string()))
        })
        .collect()
}

fn literal_of(quads: &[Quad], s: &NamedNode, pred: NamedNodeRef<'_>, language: &str) -> String {
    quads
        .iter()
        .filter(|q| q.subject.to_string() == s.to_string() && q.predicate.as_ref() == pred)
        .find_map(|q| match &q.object {
            Term::Literal(l) if l.language() == Some(language) => Some(l.value().to_string()),
            _ => None,
        })
        .unwrap_or_default()
}

fn catalog_html(quads: &[Quad], datasets: &[DatasetInfo]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let title = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    let desc = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
    let dist_p = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#distribution");
    let access = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#accessURL");
    let mut body = String::new();
    for d in datasets {
        body.push_str(&format!(
            "<section><h2><a href=\"{}\">{}</a></h2><p lang=\"en\">{}</p><ul>",
            esc(d.iri.as_str()),
            esc(&literal_of(quads, &d.iri, title, "en")),
            esc(&literal_of(quads, &d.iri, desc, "en"))
        ));
        for dq in quads.iter().filter(|q| q.subject.to_string() == d.iri.to_string() && q.predicate.as_ref() == dist_p) {
            if let Term::NamedNode(dist) = &dq.object {
                let url = quads
                    .iter()
                    .find(|q| q.subject.to_string() == dist.to_string() && q.predicate.as_ref() == access)
                    .map(|q| match &q.object {
                        Term::NamedNode(n) => n.as_str().to_string(),
                        o => o.to_string(),
                    })
                    .unwrap_or_default();
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> — <a href=\"{}\">metadata</a></li>",
                    esc(&url),
                    esc(&literal_of(quads, dist, title, "en")),
                    esc(dist.as_str())
                ));
            }
        }
        body.push_str("</ul></section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tiltak – data catalogue</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}</style></head><body>\
         <h1>tiltak – data catalogue (DCAT-AP-NO)</h1><p>Machine-readable: <a href=\"/catalog.ttl\">Turtle</a> · <a href=\"/catalog.rdf\">RDF/XML</a> · \
         <a href=\"/catalog.jsonld\">JSON-LD</a> · <a href=\"/catalog.nt\">N-Triples</a></p>{body}</body></html>\n"
    )
}

async fn catalog(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let fixed = req.path().rsplit_once('.').map(|(_, ext)| ext.to_string());
    let format = match fixed {
        Some(ext) => Some(ext),
        None => web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.iter().find(|(k, _)| k == "format").map(|(_, v)| v.clone())),
    };
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let offer = conneg::choose(format.as_deref(), accept, CATALOG_OFFERS)?;
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let mut quads = catalog_quads(&snap, &base)?;
    let paging = Paging::parse(req.query_string())?;
    if paging.page.is_some() || paging.modified_since.is_some() {
        quads = paged(&quads, &snap, &base, req.path(), &paging, &offer)?;
    }
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    if offer.format == "html" {
        let ds = datasets(&snap, &base);
        return Ok(b.content_type("text/html; charset=utf-8").body(catalog_html(&quads, &ds)));
    }
    let body = serialize::quads_to_bytes(quads, serialize::format_of(&offer), &base).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(b.content_type(serialize::content_type(&offer)).body(body))
}

/// Optional paging for large-catalogue harvesters (Hydra, as ckanext-dcat does) and incremental
/// harvesting with `modified_since`. Without these parameters the whole catalogue is one document.
struct Paging {
    page: Option<usize>,
    per_page: usize,
    modified_since: Option<chrono::NaiveDate>,
}

impl Paging {
    fn parse(query: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| ApiError::param("query", format!("malformed query string: {e}")))?;
        let mut p = Paging { page: None, per_page: 10, modified_since: None };
        for (k, v) in pairs {
            match k.as_str() {
                "page" => {
                    p.page = Some(
                        v.parse()
                            .ok()
                            .filter(|n: &usize| *n >= 1)
                            .ok_or_else(|| ApiError::param("page", format!("'{v}' is not a page number (1, 2, …)")))?,
                    )
                }
                "per_page" => {
                    p.per_page = v
                        .parse()
                        .ok()
                        .filter(|n: &usize| (1..=1000).contains(n))
                        .ok_or_else(|| ApiError::param("per_page", format!("'{v}' is not an integer from 1 to 1000")))?
                }
                "modified_since" => {
                    let date = v.get(..10).unwrap_or(&v);
                    p.modified_since = Some(
                        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                            .map_err(|_| ApiError::param("modified_since", format!("'{v}' is not an ISO 8601 date")))?,
                    );
                }
                "format" => {}
                other => {
                    return Err(ApiError::param_allowed(
                        other,
                        format!("unknown parameter '{other}'"),
                        vec!["page".into(), "per_page".into(), "modified_since".into(), "format".into()],
                    ))
                }
            }
        }
        Ok(p)
    }
}

/// One page of datasets with everything they own, the catalogue's own description, and a
/// `hydra:PartialCollectionView` with absolute links built from the base URL.
fn paged(quads: &[Quad], snap: &Snapshot, base: &str, path: &str, paging: &Paging, offer: &Offer) -> Result<Vec<Quad>, ApiError> {
    let err = |e: RdfError| ApiError::Internal(e.to_string());
    let modified = p(base, "dct:modified").map_err(err)?;
    let dataset_p = p(base, "dcat:dataset").map_err(err)?;
    let mut all = datasets(snap, base);
    if let Some(since) = paging.modified_since {
        all.retain(|d| {
            objects(quads, &d.iri, &modified).any(|t| match t {
                Term::Literal(l) => {
                    chrono::NaiveDate::parse_from_str(l.value().get(..10).unwrap_or(""), "%Y-%m-%d").is_ok_and(|m| m >= since)
                }
                _ => false,
            })
        });
    }
    let total = all.len();
    let per_page = paging.per_page;
    let last = total.div_ceil(per_page).max(1);
    let page = paging.page.unwrap_or(1);
    let keep: Vec<&DatasetInfo> = all.iter().skip((page - 1) * per_page).take(per_page).collect();
    let kept: BTreeSet<String> = keep.iter().map(|d| d.iri.as_str().to_string()).collect();
    let all_ids: BTreeSet<String> = datasets(snap, base).iter().map(|d| d.iri.as_str().to_string()).collect();
    let dataset_of = |s: &str| -> Option<String> { all_ids.iter().find(|d| s == d.as_str() || s.starts_with(&format!("{d}/"))).cloned() };
    let mut out: Vec<Quad> = quads
        .iter()
        .filter(|q| {
            let s = match &q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                _ => return true, // blank nodes (periods of time) are small; keep them
            };
            if q.predicate == dataset_p {
                if let Term::NamedNode(o) = &q.object {
                    return kept.contains(o.as_str());
                }
            }
            match dataset_of(&s) {
                Some(d) => kept.contains(&d),
                None => true,
            }
        })
        .cloned()
        .collect();
    let page_url = |n: usize| {
        let mut q = vec![("page".to_string(), n.to_string()), ("per_page".to_string(), per_page.to_string())];
        if let Some(since) = paging.modified_since {
            q.push(("modified_since".into(), since.to_string()));
        }
        if !path.contains('.') {
            q.push(("format".into(), offer.format.to_string()));
        }
        format!("{base}{path}?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
    };
    let view = iri(&page_url(page)).map_err(err)?;
    let catalog = iri(&format!("{base}/catalog")).map_err(err)?;
    let g = oxigraph::model::GraphName::DefaultGraph;
    let h = |n: &str| p(base, &format!("hydra:{n}")).map_err(err);
    out.push(Quad::new(view.clone(), rdf::TYPE.into_owned(), h("PartialCollectionView")?, g.clone()));
    out.push(Quad::new(catalog, h("view")?, view.clone(), g.clone()));
    out.push(Quad::new(view.clone(), h("totalItems")?, Literal::from(total as i64), g.clone()));
    out.push(Quad::new(view.clone(), h("itemsPerPage")?, Literal::from(per_page as i64), g.clone()));
    out.push(Quad::new(view.clone(), h("first")?, iri(&page_url(1)).map_err(err)?, g.clone()));
    out.push(Quad::new(view.clone(), h("last")?, iri(&page_url(last)).map_err(err)?, g.clone()));
    if page < last {
        out.push(Quad::new(view.clone(), h("next")?, iri(&page_url(page + 1)).map_err(err)?, g.clone()));
    }
    if page > 1 {
        out.push(Quad::new(view.clone(), h("previous")?, iri(&page_url(page - 1)).map_err(err)?, g.clone()));
    }
    Ok(out)
}

async fn catalog_resource(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let subject = iri(&format!("{base}{}", req.path())).map_err(|_| ApiError::NotFound("no such catalogue resource".into()))?;
    if snap.store.quads_for_pattern(Some(subject.as_ref().into()), None, None, None).next().is_none() {
        return Err(ApiError::NotFound(format!("no catalogue resource <{}>", subject.as_str())));
    }
    respond_described(&req, &snap, &base, &subject, req.path(), None)
}

/// The RDF of one dataset's records (the things of its backing collections).
async fn dataset_data(req: HttpRequest, path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let offer = match file.as_str() {
        "data.ttl" => Offer { media_type: "text/turtle", format: "ttl" },
        "data.jsonld" => Offer { media_type: "application/ld+json", format: "jsonld" },
        _ => return Err(ApiError::NotFound(format!("no file '{file}'; use data.ttl or data.jsonld"))),
    };
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let d = datasets(&snap, &base)
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| ApiError::NotFound(format!("no dataset '{id}' in the catalogue")))?;
    let etag = caching::etag(&snap.version, &[req.path()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let snap2 = snap.clone();
    let base2 = base.clone();
    let body = web::block(move || crate::downloads::dataset_rdf(&snap2, &base2, &d, &offer))
    .await??;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type(serialize::content_type(&offer)).body(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let get = crate::startup::get_or_head;
    cfg.route("/catalog", get().to(catalog))
        .route("/catalog.ttl", get().to(catalog))
        .route("/catalog.rdf", get().to(catalog))
        .route("/catalog.jsonld", get().to(catalog))
        .route("/catalog.nt", get().to(catalog))
        .route("/catalog/datasets/{id}/{file}", get().to(dataset_data))
        .route("/catalog/{rest:.*}", get().to(catalog_resource));
}
