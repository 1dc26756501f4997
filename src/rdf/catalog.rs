//! The DCAT-AP-NO catalogue: hand-edited metadata (`catalog/catalog.ttl`, relative IRIs resolved
//! against the base URL) plus what is computed from the data at serve time: identifiers,
//! distributions for every dataset, `dct:modified`, DQV annotations, the synthetic dataset under
//! `--demo`. It lives in the catalogue named graph, so SPARQL sees it too. The `/catalog`
//! routes are `routes::catalog`.

use super::{iri, p, parse_turtle_into, GraphBuilder, RdfError};
use crate::db::query;
use crate::formats::{offers, Format};
use crate::model::{self, Provenance};
use crate::uris;
use chrono::{DateTime, Utc};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, Quad, Term};
use oxigraph::store::Store;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

pub const CATALOG_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/catalog.ttl"));
/// Issue 20: Los themes, provenance statements, conformance to the information model, the
/// concepts dataset and the dimension of each data-quality note (`add_harvest_context`).
pub const DATASET_CONTEXT_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/dataset-context.ttl"));
const EU: &str = "http://publications.europa.eu/resource/authority";

/// Titles of a distribution in a format (media type and EU file type come from `Format`).
fn distribution_title(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::Json => ("JSON via API", "JSON through the API"),
        Format::Csv => ("CSV-nedlasting", "CSV download"),
        Format::JsonStat => ("JSON-stat (statistikktabeller)", "JSON-stat (statistical tables)"),
        Format::Turtle => ("RDF (Turtle)", "RDF (Turtle)"),
        Format::JsonLd => ("RDF (JSON-LD)", "RDF (JSON-LD)"),
        Format::RdfXml => ("RDF (RDF/XML)", "RDF (RDF/XML)"),
        Format::NTriples => ("RDF (N-Triples)", "RDF (N-Triples)"),
        other => (other.media_type(), other.media_type()),
    }
}

/// A dataset as the catalogue describes it: IRI, backing API collections and query.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub iri: NamedNode,
    pub id: String,
    pub collections: Vec<String>,
    pub query: Option<String>,
}

fn datasets_in(quads: &[Quad], base: &str) -> Result<Vec<DatasetInfo>, RdfError> {
    let dataset_class = p(base, "dcat:Dataset")?;
    let api_collection = p(base, "tt:apiCollection")?;
    let api_query = p(base, "tt:apiQuery")?;
    let prefix = uris::dataset(base, "");
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

/// One download the catalogue lists for a dataset: one of the API's whole-set formats of a backing
/// collection (the `formats::offers` distribution lists), or the dataset's records as an RDF file.
/// The catalogue's distributions and the byte sizes `rdf::downloads` measures come from this one
/// list.
#[derive(Debug, Clone, PartialEq)]
pub enum Download {
    /// A collection's records matching the dataset's query: JSON as the full download
    /// `/download/{collection}.json` (the API pages are its access URL), the other formats at the
    /// API's address with `format=`.
    Api { collection: String, format: Format },
    /// The dataset's records as an RDF file `data.{ext}`.
    DatasetRdf { format: Format },
}

impl DatasetInfo {
    /// Every download of this dataset, in the catalogue's order: each backing collection's API
    /// formats (plus the cube formats where it has a cube), then the RDF files.
    pub fn downloads(&self) -> Vec<Download> {
        let mut out = Vec::new();
        for c in &self.collections {
            let cube = model::entity(c).is_some_and(|e| e.cube.is_some());
            let extra: &[Format] = if cube { offers::CUBE_DISTRIBUTIONS } else { &[] };
            out.extend(offers::API_DISTRIBUTIONS.iter().chain(extra).map(|&format| Download::Api { collection: c.clone(), format }));
        }
        out.extend(offers::RDF_DISTRIBUTIONS.iter().map(|&format| Download::DatasetRdf { format }));
        out
    }
}

impl Download {
    pub fn format(&self) -> Format {
        match self {
            Download::Api { format, .. } | Download::DatasetRdf { format } => *format,
        }
    }

    /// The distribution's name within its dataset (`{collection}-{format}`, `{format}`).
    pub fn suffix(&self) -> String {
        match self {
            Download::Api { collection, format } => format!("{collection}-{}", format.name()),
            Download::DatasetRdf { format } => format.name().to_string(),
        }
    }

    /// Its `dcat:downloadURL`.
    pub fn url(&self, base: &str, d: &DatasetInfo) -> String {
        match self {
            Download::Api { collection, format: Format::Json } => with_query(&uris::download(base, collection), &d.query, ""),
            Download::Api { collection, format } => {
                with_query(&uris::collection_named(base, collection), &d.query, &format!("format={}", format.name()))
            }
            Download::DatasetRdf { format } => format!("{}/data.{}", d.iri.as_str(), format.name()),
        }
    }

    /// Its `dcat:accessURL`: the API's pages for JSON, else the download itself.
    pub fn access_url(&self, base: &str, d: &DatasetInfo) -> String {
        match self {
            Download::Api { collection, format: Format::Json } => with_query(&uris::collection_named(base, collection), &d.query, ""),
            _ => self.url(base, d),
        }
    }
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

pub fn build_graph(conn: &Connection, base: &str, modified: &DateTime<Utc>, synthetic_rows: usize) -> Result<GraphBuilder, RdfError> {
    let mut g = GraphBuilder::new(&uris::graph(base, "catalog"))?;
    parse_turtle_into(CATALOG_TTL, &uris::root(base), "catalog/catalog.ttl", &mut g)?;
    parse_turtle_into(DATASET_CONTEXT_TTL, &uris::root(base), "catalog/dataset-context.ttl", &mut g)?;
    let date = Literal::new_typed_literal(modified.format("%Y-%m-%d").to_string(), xsd::DATE);
    let identifier = p(base, "dct:identifier")?;
    let modified_p = p(base, "dct:modified")?;
    let license_p = p(base, "dct:license")?;
    let catalog_iri = iri(&uris::catalog(base))?;
    let api_service = iri(&uris::catalog_part(base, "services/api"))?;
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
    let rights = iri(&uris::catalog_part(base, "rights"))?;
    for d in &datasets {
        g.add(d.iri.clone(), modified_p.clone(), date.clone());
        add_derived_dataset_metadata(conn, base, &mut g, d, &date)?;
        let license: Option<Term> = objects(&g.quads, &d.iri, &license_p).next().cloned();
        for download in d.downloads() {
            let (suffix, format) = (download.suffix(), download.format());
            let (access, download) = (download.access_url(base, d), download.url(base, d));
            let dist = iri(&format!("{}/distributions/{suffix}", d.iri.as_str()))?;
            g.add(d.iri.clone(), dcat("dcat:distribution")?, dist.clone());
            g.add(dist.clone(), rdf::TYPE.into_owned(), dcat("dcat:Distribution")?);
            let is_api = offers::API_DISTRIBUTIONS.contains(&format) || offers::CUBE_DISTRIBUTIONS.contains(&format);
            let what_nb = suffix.trim_end_matches(&format!("-{}", format.name())).to_string();
            let (title_nb, title_en) = distribution_title(format);
            let (t_nb, t_en) = if d.collections.len() > 1 && is_api {
                (format!("{title_nb} ({what_nb})"), format!("{title_en} ({what_nb})"))
            } else {
                (title_nb.to_string(), title_en.to_string())
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
            g.add(dist.clone(), dcat("dcat:downloadURL")?, iri(&download)?);
            if let Some(file_type) = format.eu_file_type() {
                g.add(dist.clone(), dcat("dct:format")?, iri(&format!("{EU}/file-type/{file_type}"))?);
            }
            g.add(
                dist.clone(),
                dcat("dcat:mediaType")?,
                iri(&format!("https://www.iana.org/assignments/media-types/{}", format.media_type()))?,
            );
            if let Some(spec) = format.conforms_to() {
                g.add(dist.clone(), dcat("dct:conformsTo")?, iri(spec)?);
            }
            if let Some(l) = &license {
                g.add(dist.clone(), license_p.clone(), l.clone());
            }
            g.add(dist.clone(), dcat("dcatap:availability")?, iri(&format!("{EU}/planned-availability/STABLE"))?);
            // adms:status is left out: DCAT-AP-NO 2.2 wants the ADMS status vocabulary, DCAT-AP 3 and
            // the DCAT-AP-NO 3 draft want the EU distribution-status table; it is only recommended.
            g.add(dist.clone(), modified_p.clone(), date.clone());
            g.add(dist.clone(), issued_p.clone(), date.clone());
            g.add(dist.clone(), dcat("dct:rights")?, rights.clone());
            if is_api {
                g.add(dist.clone(), dcat("dcat:accessService")?, api_service.clone());
            }
        }
    }
    // DQV: each dataset points to the quality notes that concern its records.
    let mut notes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (entity, note) in query::notes_by_entity(conn)? {
        for d in datasets.iter().filter(|d| d.collections.contains(&entity)) {
            notes.entry(d.iri.as_str().to_string()).or_default().insert(note.clone());
        }
    }
    let note_entity = model::provenance_entity(Provenance::QualityNotes);
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
    add_harvest_context(conn, base, &mut g, &datasets, &typed_notes)?;
    Ok(g)
}

/// Issue 20: what data.norge.no shows beside a dataset, computed from the data: `foaf:page` (the
/// dataset's pages here and the pages it was compiled from), `dct:subject` (the concepts its
/// records use), and for each quality annotation its text (`oa:hasBody`, with `dct:language` as
/// data.norge.no reads it), motivation, target datasets and a link to the note.
fn add_harvest_context(
    conn: &Connection,
    base: &str,
    g: &mut GraphBuilder,
    datasets: &[DatasetInfo],
    notes: &BTreeSet<String>,
) -> Result<(), RdfError> {
    let pr = |n: &str| p(base, n);
    let page = pr("foaf:page")?;
    let document = pr("foaf:Document")?;
    let derived = pr("prov:wasDerivedFrom")?;
    let concepts = super::concepts::concepts(conn)?;
    let mut subjects: BTreeSet<String> = BTreeSet::new();
    for d in datasets {
        let mut pages: Vec<Term> = d.collections.iter().map(|c| iri(&uris::page(base, c)).map(Term::from)).collect::<Result<_, _>>()?;
        pages.extend(objects(&g.quads, &d.iri, &derived).filter(|t| matches!(t, Term::NamedNode(_))).cloned());
        for t in pages {
            if let Term::NamedNode(n) = &t {
                g.add(n.clone(), rdf::TYPE.into_owned(), document.clone());
            }
            g.add(d.iri.clone(), page.clone(), t);
        }
        // Concepts: those defining a column (or the type) of a backing collection, those of the
        // survey a dataset selects, and every concept with a code for the code lists.
        let survey = d.query.as_deref().and_then(|q| q.strip_prefix("survey_id="));
        for c in &concepts {
            let by_field =
                c.field.as_deref().is_some_and(|f| d.collections.iter().any(|col| f == col || f.starts_with(&format!("{col}."))));
            let by_survey = survey.is_some() && c.survey.as_deref() == survey;
            let by_code = c.code.is_some() && d.collections.iter().any(|col| col == model::CODES.collection);
            let own = d.collections.iter().any(|col| col == model::CONCEPTS.collection);
            if by_field || by_survey || by_code || own {
                g.add(d.iri.clone(), pr("dct:subject")?, iri(&uris::thing(base, &model::CONCEPTS, &c.id))?);
                subjects.insert(c.id.clone());
            }
        }
    }
    // The concepts, typed and labelled in the catalogue (the dataset shapes want a skos:Concept
    // with a label); their full description is the concept catalogue.
    for c in concepts.iter().filter(|c| subjects.contains(&c.id)) {
        let ci = iri(&uris::thing(base, &model::CONCEPTS, &c.id))?;
        g.add(ci.clone(), rdf::TYPE.into_owned(), pr("skos:Concept")?);
        g.add(ci.clone(), pr("skos:prefLabel")?, lang(&c.term.0, "nb"));
        g.add(ci, pr("skos:prefLabel")?, lang(&c.term.1, "en"));
    }
    let note_entity = model::provenance_entity(Provenance::QualityNotes);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    query::scan(conn, note_entity, |rec| -> Result<(), RdfError> {
        if let Some(t) = super::harvest::text(&rec, note_entity, "description_en") {
            texts.insert(rec.id.clone(), t);
        }
        Ok(())
    })?;
    let annotation = pr("dqv:hasQualityAnnotation")?;
    for n in notes {
        let note = iri(&uris::thing(base, note_entity, n))?;
        g.add(note.clone(), pr("oa:motivatedBy")?, pr("dqv:qualityAssessment")?);
        if let Some(t) = texts.get(n) {
            let body = iri(&format!("{}#body", note.as_str()))?;
            g.add(note.clone(), pr("oa:hasBody")?, body.clone());
            g.add(body.clone(), rdf::TYPE.into_owned(), pr("oa:TextualBody")?);
            g.add(body.clone(), rdf::VALUE.into_owned(), Literal::new_simple_literal(t));
            g.add(body.clone(), pr("rdfs:label")?, lang(&format!("Teksten i merknad om datakvalitet {n}"), "nb"));
            g.add(body.clone(), pr("rdfs:label")?, lang(&format!("Text of data-quality note {n}"), "en"));
            g.add(body, pr("dct:language")?, iri(&format!("{EU}/language/ENG"))?);
        }
        g.add(note.clone(), pr("rdfs:seeAlso")?, iri(&uris::record(base, note_entity, n))?);
        let targets: Vec<NamedNode> = g
            .quads
            .iter()
            .filter(|q| q.predicate == annotation && q.object == Term::NamedNode(note.clone()))
            .filter_map(|q| if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject { Some(s.clone()) } else { None })
            .collect();
        for t in targets {
            g.add(note.clone(), pr("oa:hasTarget")?, t);
        }
    }
    Ok(())
}

/// Issue 15: `dct:issued` (the snapshot date, where catalog.ttl gives none) and `dct:temporal`
/// derived from the records (where catalog.ttl gives none and the records carry time).
fn add_derived_dataset_metadata(
    conn: &Connection,
    base: &str,
    g: &mut GraphBuilder,
    d: &DatasetInfo,
    date: &Literal,
) -> Result<(), RdfError> {
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
        if let Some((start, end)) = super::temporal::coverage(conn, c, d.query.as_deref())? {
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
    let d = iri(&uris::dataset(base, "measures-synthetic"))?;
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
    add(g, "dcat:contactPoint", iri(&uris::catalog_part(base, "contact"))?.into())?;
    add(g, "dcat:theme", iri(&format!("{EU}/data-theme/GOVE"))?.into())?;
    add(g, "dct:accessRights", iri(&format!("{EU}/access-right/PUBLIC"))?.into())?;
    add(g, "dct:license", iri(&format!("{EU}/licence/CC0"))?.into())?;
    add(g, "dcat:keyword", lang("syntetiske data", "nb").into())?;
    add(g, "dcat:keyword", lang("synthetic data", "en").into())?;
    add(g, "tt:apiCollection", Literal::new_simple_literal(model::MEASURES.collection).into())?;
    add(g, "tt:apiQuery", Literal::new_simple_literal("synthetic=true").into())?;
    Ok(())
}

/// The catalogue graph of a store, as default-graph quads.
pub fn catalog_quads(store: &Store, base: &str) -> Result<Vec<Quad>, RdfError> {
    let graph = iri(&uris::graph(base, "catalog"))?;
    store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .map(|q| Ok(q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))?))
        .collect()
}

/// Datasets described in the served catalogue.
pub fn datasets(store: &Store, base: &str) -> Result<Vec<DatasetInfo>, RdfError> {
    datasets_in(&catalog_quads(store, base)?, base)
}

/// The plain objects of (`s`, `pred`).
pub fn objects<'a>(quads: &'a [Quad], s: &'a NamedNode, pred: &'a NamedNode) -> impl Iterator<Item = &'a Term> + 'a {
    quads.iter().filter(move |q| q.subject.to_string() == s.to_string() && q.predicate == *pred).map(|q| &q.object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::import;

    fn graph(synthetic_rows: usize) -> GraphBuilder {
        let (mut conn, _) = crate::db::open_memory().expect("memory db");
        import::import(&mut conn, &import::embedded_inputs()).expect("fixtures import");
        let modified = DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z").expect("date").with_timezone(&Utc);
        build_graph(&conn, "http://x", &modified, synthetic_rows).expect("catalogue builds")
    }

    #[test]
    fn every_dataset_gets_its_distributions_identifier_and_modified() {
        let g = graph(0);
        let ds = datasets_in(&g.quads, "http://x").expect("datasets");
        assert!(!ds.is_empty());
        let dist_p = p("http://x", "dcat:distribution").expect("pname");
        let ident = p("http://x", "dct:identifier").expect("pname");
        let modified = p("http://x", "dct:modified").expect("pname");
        for d in &ds {
            let dists: Vec<&Term> = objects(&g.quads, &d.iri, &dist_p).collect();
            // JSON and CSV per backing collection (and JSON-stat where it has a cube), plus Turtle and JSON-LD files.
            let cubes = d.collections.iter().filter(|c| model::entity(c).is_some_and(|e| e.cube.is_some())).count();
            assert_eq!(dists.len(), 2 * d.collections.len() + cubes + 2, "{}", d.id);
            assert!(objects(&g.quads, &d.iri, &ident).any(|t| matches!(t, Term::Literal(l) if l.value() == d.iri.as_str())));
            assert!(objects(&g.quads, &d.iri, &modified).any(|t| matches!(t, Term::Literal(l) if l.value() == "2026-01-02")));
        }
        assert!(!ds.iter().any(|d| d.id == "measures-synthetic"));
    }

    #[test]
    fn the_synthetic_dataset_appears_only_with_synthetic_rows() {
        let ds = datasets_in(&graph(7).quads, "http://x").expect("datasets");
        let synthetic = ds.iter().find(|d| d.id == "measures-synthetic").expect("synthetic dataset");
        assert_eq!(synthetic.collections, ["measures"]);
        assert_eq!(synthetic.query.as_deref(), Some("synthetic=true"));
    }
}
