//! VoID (W3C Interest Group Note 2011): one `void:Dataset` per named graph, subsets of the whole,
//! with counts computed from the graphs as built. Lives in the catalogue graph and is served at
//! `/.well-known/void` (the location the VoID note gives for a site's description).

use super::{iri, p, GraphBuilder, RdfError};
use crate::uris;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashSet};

pub const VOID_PATH: &str = "/.well-known/void";
const VOID: &str = "http://rdfs.org/ns/void#";

pub fn document(base: &str) -> String {
    uris::at(base, VOID_PATH)
}

pub fn dataset_iri(base: &str, name: &str) -> String {
    format!("{}#{name}", document(base))
}

struct Stats {
    triples: usize,
    subjects: usize,
    properties: usize,
    classes: usize,
    vocabularies: BTreeSet<String>,
}

/// The namespace of an IRI: up to and including the last `#` or `/`.
fn namespace(iri: &str) -> &str {
    match iri.rfind(['#', '/']) {
        Some(i) => &iri[..=i],
        None => iri,
    }
}

fn stats(quads: &[Quad]) -> Stats {
    let distinct: HashSet<(&NamedOrBlankNode, &NamedNode, &Term)> = quads.iter().map(|q| (&q.subject, &q.predicate, &q.object)).collect();
    let subjects: HashSet<&NamedOrBlankNode> = quads.iter().map(|q| &q.subject).collect();
    let properties: HashSet<&NamedNode> = quads.iter().map(|q| &q.predicate).collect();
    let classes: HashSet<&Term> = quads.iter().filter(|q| q.predicate == rdf::TYPE).map(|q| &q.object).collect();
    let mut vocabularies: BTreeSet<String> = properties.iter().map(|p| namespace(p.as_str()).to_string()).collect();
    vocabularies.extend(classes.iter().filter_map(|c| match c {
        Term::NamedNode(n) => Some(namespace(n.as_str()).to_string()),
        _ => None,
    }));
    Stats { triples: distinct.len(), subjects: subjects.len(), properties: properties.len(), classes: classes.len(), vocabularies }
}

fn v(local: &str) -> Result<NamedNode, RdfError> {
    iri(&format!("{VOID}{local}"))
}

fn int(n: usize) -> Literal {
    Literal::from(n as i64)
}

/// Adds the VoID description to `catalog`; the counts follow with `write_counts` once the store is built.
pub fn build(base: &str, data: &GraphBuilder, vocab: &GraphBuilder, catalog: &mut GraphBuilder) -> Result<(), RdfError> {
    let whole = iri(&dataset_iri(base, "tiltak"))?;
    let lang = |s: &str, l: &str| Literal::new_language_tagged_literal_unchecked(s, l);
    let graphs: [(&str, &str, &str, String); 3] = [
        ("data", "tiltak: dataene (alle poster med kilder)", "tiltak: the data (every record with its sources)", uris::things(base)),
        (
            "vocab",
            "tiltak: vokabular, kodelister og Data Cube-struktur",
            "tiltak: vocabulary, code lists and Data Cube structure",
            uris::vocab(base),
        ),
        (
            "catalog",
            "tiltak: DCAT-AP-NO-katalogen og denne VoID-beskrivelsen",
            "tiltak: the DCAT-AP-NO catalogue and this VoID description",
            uris::catalog(base),
        ),
    ];
    let mut q: Vec<(NamedNode, NamedNode, Term)> = Vec::new();
    let common = |s: &NamedNode, q: &mut Vec<(NamedNode, NamedNode, Term)>| -> Result<(), RdfError> {
        q.push((s.clone(), rdf::TYPE.into_owned(), v("Dataset")?.into()));
        q.push((s.clone(), v("sparqlEndpoint")?, iri(&uris::sparql(base))?.into()));
        // One dump holds every named graph (N-Quads keeps the graph names).
        q.push((s.clone(), v("dataDump")?, iri(&uris::dump(base, "nq"))?.into()));
        q.push((s.clone(), v("feature")?, iri("http://www.w3.org/ns/formats/N-Quads")?.into()));
        q.push((s.clone(), v("feature")?, iri("http://www.w3.org/ns/formats/Turtle")?.into()));
        q.push((s.clone(), p(base, "dct:publisher")?, iri(&uris::organization_register("991825827"))?.into()));
        Ok(())
    };
    common(&whole, &mut q)?;
    q.push((whole.clone(), p(base, "dct:title")?, lang("tiltak: data om digitalisering i offentlig sektor", "nb").into()));
    q.push((whole.clone(), p(base, "dct:title")?, lang("tiltak: data on public-sector digitalisation", "en").into()));
    q.push((whole.clone(), p(base, "foaf:homepage")?, iri(&uris::root(base))?.into()));
    q.push((whole.clone(), v("rootResource")?, iri(&uris::catalog(base))?.into()));
    q.push((whole.clone(), v("uriSpace")?, Literal::new_simple_literal(uris::root(base)).into()));
    for (name, t_nb, t_en, space) in &graphs {
        let s = iri(&dataset_iri(base, name))?;
        common(&s, &mut q)?;
        q.push((whole.clone(), v("subset")?, s.clone().into()));
        q.push((s.clone(), p(base, "dct:title")?, lang(t_nb, "nb").into()));
        q.push((s.clone(), p(base, "dct:title")?, lang(t_en, "en").into()));
        q.push((s.clone(), p(base, "dct:identifier")?, Literal::new_simple_literal(uris::graph(base, name)).into()));
        q.push((s.clone(), v("uriSpace")?, Literal::new_simple_literal(space).into()));
        // tiltak's own vocabulary and catalogue are NLOD 2.0; the data's licences are per dataset
        // in the catalogue (row-level measures are CC0), so the data graph names none here.
        if *name != "data" {
            q.push((s.clone(), p(base, "dct:license")?, iri("http://publications.europa.eu/resource/authority/licence/NLOD_2_0")?.into()));
        }
    }
    for (s, pr, o) in q {
        catalog.add(s, pr, o);
    }
    for (name, quads) in [("data", &data.quads), ("vocab", &vocab.quads)] {
        for ns in &stats(quads).vocabularies {
            catalog.add(iri(&dataset_iri(base, name))?, v("vocabulary")?, iri(ns)?);
        }
    }
    // The catalogue's vocabularies, with the description itself in it (void: and dct: included).
    for ns in &stats(&catalog.quads).vocabularies {
        catalog.add(iri(&dataset_iri(base, "catalog"))?, v("vocabulary")?, iri(ns)?);
    }
    Ok(())
}

/// Writes (or rewrites) the counts from the store as it is, so that anything added to the
/// catalogue graph after the build (byte sizes) is counted. The counts' own triples are included.
pub fn write_counts(store: &Store, base: &str) -> Result<(), RdfError> {
    let err = |e: &dyn std::fmt::Display| RdfError::Store(e.to_string());
    let catalog_graph = iri(&uris::graph(base, "catalog"))?;
    let stat_names = ["triples", "distinctSubjects", "properties", "classes"];
    let names = ["data", "vocab", "catalog", "tiltak"];
    for name in names {
        let s = iri(&dataset_iri(base, name))?;
        for stat in stat_names {
            let old: Vec<Quad> = store
                .quads_for_pattern(Some(s.as_ref().into()), Some(v(stat)?.as_ref()), None, Some(catalog_graph.as_ref().into()))
                .collect::<Result<_, _>>()
                .map_err(|e| err(&e))?;
            for q in old {
                store.remove(&q).map_err(|e| err(&e))?;
            }
        }
    }
    let graph_quads = |name: &str| -> Result<Vec<Quad>, RdfError> {
        let g = iri(&uris::graph(base, name))?;
        store.quads_for_pattern(None, None, None, Some(g.as_ref().into())).collect::<Result<_, _>>().map_err(|e| err(&e))
    };
    let data = graph_quads("data")?;
    let vocab = graph_quads("vocab")?;
    let mut catalog = graph_quads("catalog")?;
    // The count triples about to be written belong to the catalogue graph: count them in.
    for name in names {
        for stat in stat_names {
            catalog.push(Quad::new(iri(&dataset_iri(base, name))?, v(stat)?, int(0), catalog_graph.clone()));
        }
    }
    let (d, vo, c) = (stats(&data), stats(&vocab), stats(&catalog));
    let union = stats(&[data.as_slice(), vocab.as_slice(), catalog.as_slice()].concat());
    let mut whole = stats(&[]);
    whole.triples = d.triples + vo.triples + c.triples; // the dump's quads
    whole.subjects = union.subjects;
    whole.properties = union.properties;
    whole.classes = union.classes;
    for (name, st) in [("data", &d), ("vocab", &vo), ("catalog", &c), ("tiltak", &whole)] {
        let s = iri(&dataset_iri(base, name))?;
        for (stat, n) in
            [("triples", st.triples), ("distinctSubjects", st.subjects), ("properties", st.properties), ("classes", st.classes)]
        {
            store.insert(&Quad::new(s.clone(), v(stat)?, int(n), catalog_graph.clone())).map_err(|e| err(&e))?;
        }
    }
    Ok(())
}
