//! VoID (W3C Interest Group Note 2011): one `void:Dataset` per named graph, subsets of the whole,
//! with counts computed from the graphs as built. Lives in the catalogue graph and is served at
//! `/.well-known/void` (the location the VoID note gives for a site's description).

use super::{iri, p, GraphBuilder, RdfError};
use crate::uris;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashSet};

pub const VOID_PATH: &str = "/.well-known/void";
const VOID: &str = "http://rdfs.org/ns/void#";

pub fn document(base: &str) -> String {
    format!("{base}{VOID_PATH}")
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

/// Adds the VoID description to `catalog` (so its own counts include it).
pub fn build(base: &str, data: &GraphBuilder, vocab: &GraphBuilder, catalog: &mut GraphBuilder) -> Result<(), RdfError> {
    let whole = iri(&dataset_iri(base, "tiltak"))?;
    let lang = |s: &str, l: &str| Literal::new_language_tagged_literal_unchecked(s, l);
    let graphs: [(&str, &str, &str, String); 3] = [
        ("data", "tiltak: dataene (alle poster med kilder)", "tiltak: the data (every record with its sources)", format!("{base}/id/")),
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
            format!("{base}/catalog"),
        ),
    ];
    let mut q: Vec<(NamedNode, NamedNode, Term)> = Vec::new();
    let common = |s: &NamedNode, q: &mut Vec<(NamedNode, NamedNode, Term)>| -> Result<(), RdfError> {
        q.push((s.clone(), rdf::TYPE.into_owned(), v("Dataset")?.into()));
        q.push((s.clone(), v("sparqlEndpoint")?, iri(&format!("{base}/sparql"))?.into()));
        // One dump holds every named graph (N-Quads keeps the graph names).
        q.push((s.clone(), v("dataDump")?, iri(&format!("{base}/dump.nq"))?.into()));
        q.push((s.clone(), v("feature")?, iri("http://www.w3.org/ns/formats/N-Quads")?.into()));
        q.push((s.clone(), v("feature")?, iri("http://www.w3.org/ns/formats/Turtle")?.into()));
        q.push((s.clone(), p(base, "dct:license")?, iri("http://publications.europa.eu/resource/authority/licence/NLOD_2_0")?.into()));
        q.push((s.clone(), p(base, "dct:publisher")?, iri(&uris::organization_register("991825827"))?.into()));
        Ok(())
    };
    common(&whole, &mut q)?;
    q.push((whole.clone(), p(base, "dct:title")?, lang("tiltak: data om digitalisering i offentlig sektor", "nb").into()));
    q.push((whole.clone(), p(base, "dct:title")?, lang("tiltak: data on public-sector digitalisation", "en").into()));
    q.push((whole.clone(), p(base, "foaf:homepage")?, iri(&format!("{base}/"))?.into()));
    q.push((whole.clone(), v("rootResource")?, iri(&format!("{base}/catalog"))?.into()));
    q.push((whole.clone(), v("uriSpace")?, Literal::new_simple_literal(format!("{base}/")).into()));
    for (name, t_nb, t_en, space) in &graphs {
        let s = iri(&dataset_iri(base, name))?;
        common(&s, &mut q)?;
        q.push((whole.clone(), v("subset")?, s.clone().into()));
        q.push((s.clone(), p(base, "dct:title")?, lang(t_nb, "nb").into()));
        q.push((s.clone(), p(base, "dct:title")?, lang(t_en, "en").into()));
        q.push((s.clone(), p(base, "dct:identifier")?, Literal::new_simple_literal(uris::graph(base, name)).into()));
        q.push((s.clone(), v("uriSpace")?, Literal::new_simple_literal(space).into()));
    }
    for (s, pr, o) in q {
        catalog.add(s, pr, o);
    }
    // Counts are written as placeholders first and filled in last, so the catalogue graph's own
    // counts include the whole description (the values do not change any count).
    let data_stats = stats(&data.quads);
    let vocab_stats = stats(&vocab.quads);
    let mut slots: Vec<(usize, &str, &str)> = Vec::new(); // (quad index, graph name, statistic)
    let names = ["data", "vocab", "catalog", "tiltak"];
    for name in names {
        let s = iri(&dataset_iri(base, name))?;
        for stat in ["triples", "distinctSubjects", "properties", "classes"] {
            slots.push((catalog.quads.len(), name, stat));
            catalog.add(s.clone(), v(stat)?, int(0));
        }
    }
    for (name, st) in [("data", &data_stats), ("vocab", &vocab_stats)] {
        for ns in &st.vocabularies {
            catalog.add(iri(&dataset_iri(base, name))?, v("vocabulary")?, iri(ns)?);
        }
    }
    let catalog_vocabularies = stats(&catalog.quads).vocabularies;
    for ns in &catalog_vocabularies {
        catalog.add(iri(&dataset_iri(base, "catalog"))?, v("vocabulary")?, iri(ns)?);
    }
    let catalog_stats = stats(&catalog.quads);
    let union_stats = stats(&[data.quads.as_slice(), vocab.quads.as_slice(), catalog.quads.as_slice()].concat());
    for (i, name, stat) in slots {
        let of = |st: &Stats| match stat {
            "triples" => st.triples,
            "distinctSubjects" => st.subjects,
            "properties" => st.properties,
            _ => st.classes,
        };
        let n = match name {
            "data" => of(&data_stats),
            "vocab" => of(&vocab_stats),
            "catalog" => of(&catalog_stats),
            // The whole: its triples are the dump's quads (the graphs' triples added up).
            _ if stat == "triples" => of(&data_stats) + of(&vocab_stats) + of(&catalog_stats),
            _ => of(&union_stats),
        };
        catalog.quads[i].object = int(n).into();
    }
    Ok(())
}
