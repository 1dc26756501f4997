//! `/catalog` (the DCAT-AP-NO catalogue: whole, by extension, paged for harvesters), its
//! resources (datasets, distributions, services) and the per-dataset RDF files. The graph
//! itself is built in `rdf::catalog`.

use crate::error::ApiError;
use crate::formats::{offers, Format, Offer};
use crate::http::{self as h, caching, conneg};
use crate::rdf::catalog::{catalog_quads, datasets, objects, DatasetInfo};
use crate::rdf::citation;
use crate::rdf::{describe, iri, p, serialize};
use crate::state::{AppState, CachedBody, Snapshot};
use crate::uris;
use crate::views;
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Literal, Quad, Term};
use std::collections::BTreeSet;

async fn catalog(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    // `/catalog.ttl` etc. fix the format by extension; `/catalog` negotiates.
    let format = match req.path().rsplit_once('.') {
        Some((_, ext)) => Some(ext.to_string()),
        None => conneg::format_param(&req),
    };
    let offer = conneg::choose_for(&req, format.as_deref(), offers::CATALOG)?;
    let paging = Paging::parse(req.query_string())?;
    if offer.format == Format::Html {
        // Cached by data version, path, query and interface language (`views::respond`).
        return Ok(views::respond::catalog(&req, &state, offers::CATALOG).await);
    }
    let etag = caching::etag(&snap.version, &[req.path(), req.query_string(), offer.media_type]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    b.content_type(offer.content_type());
    if !caching::wants_fresh(&req) {
        if let Some(hit) = snap.answers.get(&etag) {
            return Ok(b.body(hit.body.clone()));
        }
    }
    let mut quads = catalog_quads(&snap.store, &base)?;
    if paging.page.is_some() || paging.modified_since.is_some() {
        quads = paged(&quads, &snap, &base, req.path(), &paging, &offer)?;
    }
    let body = web::Bytes::from(serialize::quads_to_bytes(quads, offer.format.rdf(), &base)?);
    snap.answers.insert(etag, CachedBody { content_type: offer.content_type(), body: body.clone(), link: None });
    Ok(b.body(body))
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
        let pairs = crate::selection::pairs(query)?;
        let mut p = Paging { page: None, per_page: 10, modified_since: None };
        for (k, v) in pairs {
            match k.as_str() {
                "page" => {
                    p.page = Some(
                        Some(v.as_str())
                            .filter(|v| crate::selection::params::is_canonical_integer(v))
                            .and_then(|v| v.parse().ok())
                            .filter(|n: &usize| *n >= 1)
                            .ok_or_else(|| ApiError::param("page", format!("'{v}' is not a page number (1, 2, …)")))?,
                    )
                }
                "per_page" => {
                    p.per_page = Some(v.as_str())
                        .filter(|v| crate::selection::params::is_canonical_integer(v))
                        .and_then(|v| v.parse().ok())
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
                "format" | "lang" => {} // `lang` picks the page language for people
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
    let modified = p(base, "dct:modified")?;
    let dataset_p = p(base, "dcat:dataset")?;
    let mut all = datasets(&snap.store, base)?;
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
    let all_ids: BTreeSet<String> = datasets(&snap.store, base)?.iter().map(|d| d.iri.as_str().to_string()).collect();
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
            q.push(("format".into(), offer.name().to_string()));
        }
        format!("{}?{}", uris::at(base, path), crate::selection::query_string(&q))
    };
    let view = iri(&page_url(page))?;
    let catalog = iri(&uris::catalog(base))?;
    let g = oxigraph::model::GraphName::DefaultGraph;
    let h = |n: &str| p(base, &format!("hydra:{n}"));
    out.push(Quad::new(view.clone(), rdf::TYPE.into_owned(), h("PartialCollectionView")?, g.clone()));
    out.push(Quad::new(catalog, h("view")?, view.clone(), g.clone()));
    out.push(Quad::new(view.clone(), h("totalItems")?, Literal::from(total as i64), g.clone()));
    out.push(Quad::new(view.clone(), h("itemsPerPage")?, Literal::from(per_page as i64), g.clone()));
    out.push(Quad::new(view.clone(), h("first")?, iri(&page_url(1))?, g.clone()));
    out.push(Quad::new(view.clone(), h("last")?, iri(&page_url(last))?, g.clone()));
    if page < last {
        out.push(Quad::new(view.clone(), h("next")?, iri(&page_url(page + 1))?, g.clone()));
    }
    if page > 1 {
        out.push(Quad::new(view.clone(), h("previous")?, iri(&page_url(page - 1))?, g.clone()));
    }
    Ok(out)
}

async fn catalog_resource(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let subject = iri(&uris::at(&base, req.path())).map_err(|_| ApiError::NotFound("no such catalogue resource".into()))?;
    if !describe::exists(&snap.store, &subject) {
        return Err(ApiError::NotFound(format!("no catalogue resource <{}>", subject.as_str())));
    }
    let data = h::Described { store: &snap.store, version: &snap.version, modified: &snap.modified };
    let render = |quads: &[Quad], offers: &[Offer]| views::respond::thing_page(&req, &snap, &base, &subject, quads, offers);
    let page = h::HtmlPage { variant: views::i18n::Lang::of(&req).code(), render: &render };
    h::respond_described(&req, &data, &base, &subject, None, offers::CATALOG_RESOURCE, &page)
}

/// The RDF of one dataset's records (the things of its backing collections).
async fn dataset_data(req: HttpRequest, path: web::Path<(String, String)>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    if file == "citation.json" {
        return citation_json(&req, &id, &state);
    }
    let offer = file
        .strip_prefix("data.")
        .and_then(|ext| crate::formats::by_name(offers::DATASET_FILES, ext))
        .ok_or_else(|| ApiError::NotFound(format!("no file '{file}'; use data.ttl, data.jsonld or citation.json")))?;
    let snap = state.snapshot.load_full();
    let base = state.config.base_url.clone();
    let d = datasets(&snap.store, &base)?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| ApiError::NotFound(format!("no dataset '{id}' in the catalogue")))?;
    let etag = caching::etag(&snap.version, &[req.path()]);
    if let Some(resp) = caching::not_modified(&req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let body = super::render(&snap, &base, move |source| source.dataset_rdf(&d, offer)).await?;
    let mut b = HttpResponse::Ok();
    caching::apply_fixed(&mut b, &etag, &snap.modified);
    Ok(b.content_type(offer.content_type()).body(body))
}

/// `/catalog/datasets/{id}/citation.json`: how to cite the dataset, DataCite-style (the date
/// accessed is today's, so the validator changes with the date too).
fn citation_json(req: &HttpRequest, id: &str, state: &AppState) -> Result<HttpResponse, ApiError> {
    let snap = state.snapshot.load_full();
    let today = chrono::Utc::now().date_naive().to_string();
    let etag = caching::etag(&snap.version, &[req.path(), &today]);
    if let Some(resp) = caching::not_modified(req, &etag, &snap.modified) {
        return Ok(resp);
    }
    let cite = citation::citation(&snap.store, &state.config.base_url, id, &snap.version, &today)?
        .ok_or_else(|| ApiError::NotFound(format!("no dataset '{id}' in the catalogue")))?;
    let mut b = HttpResponse::Ok();
    caching::apply(&mut b, &etag, &snap.modified);
    Ok(b.content_type("application/json").body(cite.datacite().to_string()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(h::read_only("/catalog", catalog));
    for o in offers::CATALOG.iter().filter(|o| o.format != Format::Html) {
        cfg.service(h::read_only(&format!("/catalog.{}", o.name()), catalog));
    }
    cfg.service(h::read_only("/catalog/datasets/{id}/{file}", dataset_data)).service(h::read_only("/catalog/{rest:.*}", catalog_resource));
}
