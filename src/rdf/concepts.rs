//! Issue 20: the concept catalogue (SKOS-AP-NO-Begrep v2) generated from the concepts collection:
//! every concept with its recommended terms (nb, nn, en), a definition per language as an
//! `euvoc:XlNote` with its source and the relation "based on source", identifier, publisher,
//! contact point, subject area, validity and the links between concepts; the collection
//! (`catalog/concepts.ttl`) has every concept as a member.

use super::harvest::{self, lang, text, texts, url_term};
use super::{iri, p, parse_turtle_into, GraphBuilder, RdfError};
use crate::db::query;
use crate::model::CONCEPTS;
use crate::uris;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, Quad};
use rusqlite::Connection;

pub const CONCEPTS_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/concepts.ttl"));
const DERIVED_FROM_SOURCE: &str = "https://data.norge.no/vocabulary/relationship-with-source-type#derived-from-source";

/// One concept as the graphs need it.
#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    /// `collection.field` or `collection` whose values the concept defines.
    pub field: Option<String>,
    pub survey: Option<String>,
    pub code: Option<String>,
    /// Recommended term (nb, en).
    pub term: (String, String),
}

/// Every concept's id, field, survey and code (for the dataset subjects and the model).
pub fn concepts(conn: &Connection) -> Result<Vec<Concept>, RdfError> {
    let mut out = Vec::new();
    query::scan(conn, &CONCEPTS, |rec| -> Result<(), RdfError> {
        let (term_nb, term_en) = texts(&rec, &CONCEPTS, "term");
        out.push(Concept {
            id: rec.id.clone(),
            field: text(&rec, &CONCEPTS, "field"),
            survey: text(&rec, &CONCEPTS, "survey_id"),
            code: text(&rec, &CONCEPTS, "code_id"),
            term: (term_nb.unwrap_or_default(), term_en.unwrap_or_default()),
        });
        Ok(())
    })?;
    Ok(out)
}

pub fn build(conn: &Connection, base: &str, catalog: &[Quad]) -> Result<GraphBuilder, RdfError> {
    let h = harvest::CONCEPTS;
    let mut g = GraphBuilder::new(&h.graph_iri(base))?;
    parse_turtle_into(CONCEPTS_TTL, &uris::root(base), "catalog/concepts.ttl", &mut g)?;
    harvest::copy_agents(base, catalog, &mut g)?;
    let collection = iri(&h.iri(base))?;
    harvest::identifier(base, &mut g, &collection)?;
    let publisher = iri(&uris::organization_register("991825827"))?;
    let contact = iri(&uris::catalog_part(base, "contact"))?;
    let sources = harvest::source_urls(conn, CONCEPTS.collection)?;
    let pr = |n: &str| p(base, n);
    query::scan(conn, &CONCEPTS, |rec| -> Result<(), RdfError> {
        let e = &CONCEPTS;
        let c = iri(&uris::thing(base, e, &rec.id))?;
        g.add(c.clone(), rdf::TYPE.into_owned(), pr("skos:Concept")?);
        g.add(collection.clone(), pr("skos:member")?, c.clone());
        g.add(c.clone(), pr("uneskos:memberOf")?, collection.clone());
        harvest::identifier(base, &mut g, &c)?;
        let (term_nb, term_en) = texts(&rec, e, "term");
        let (label_nb, label_en) = (term_nb.clone().unwrap_or_default(), term_en.clone().unwrap_or_default());
        for (t, l) in [(term_nb, "nb"), (text(&rec, e, "term_nn"), "nn"), (term_en, "en")] {
            if let Some(t) = t {
                g.add(c.clone(), pr("skos:prefLabel")?, lang(&t, l));
            }
        }
        // One definition object per language (SKOS-AP-NO: one rdf:value each), with its source and
        // the relation "based on source" (the text is ours, the content the survey page's).
        let (def_nb, def_en) = texts(&rec, e, "definition");
        for (t, l) in [(def_nb, "nb"), (def_en, "en")] {
            let Some(t) = t else { continue };
            let note = iri(&format!("{}#definition-{l}", c.as_str()))?;
            g.add(c.clone(), pr("euvoc:xlDefinition")?, note.clone());
            g.add(note.clone(), rdf::TYPE.into_owned(), pr("euvoc:XlNote")?);
            g.add(note.clone(), rdf::VALUE.into_owned(), lang(&t, l));
            // Every /id/ thing has a label in nb and en (pages, SPARQL).
            let (in_nb, in_en) = if l == "nb" { ("på bokmål", "in Bokmål") } else { ("på engelsk", "in English") };
            g.add(note.clone(), pr("rdfs:label")?, lang(&format!("Definisjon {in_nb} av «{label_nb}»"), "nb"));
            g.add(note.clone(), pr("rdfs:label")?, lang(&format!("Definition {in_en} of '{label_en}'"), "en"));
            g.add(note.clone(), pr("skosno:relationshipWithSource")?, iri(DERIVED_FROM_SOURCE)?);
            for u in sources.get(&rec.id).into_iter().flatten() {
                g.add(note.clone(), pr("dct:source")?, url_term(u));
            }
        }
        g.add(c.clone(), pr("dct:publisher")?, publisher.clone());
        g.add(c.clone(), pr("dcat:contactPoint")?, contact.clone());
        g.add(c.clone(), pr("dct:subject")?, lang("digitalisering i offentlig sektor", "nb"));
        g.add(c.clone(), pr("dct:subject")?, lang("public-sector digitalisation", "en"));
        if let Some(d) = text(&rec, e, "valid_from") {
            g.add(c.clone(), pr("euvoc:startDate")?, Literal::new_typed_literal(d, xsd::DATE));
        }
        let (note_nb, note_en) = texts(&rec, e, "translation_note");
        for (t, l) in [(note_nb, "nb"), (note_en, "en")] {
            if let Some(t) = t {
                g.add(c.clone(), pr("skos:scopeNote")?, lang(&t, l));
            }
        }
        if let Some(f) = text(&rec, e, "field") {
            g.add(c.clone(), pr("skosno:dataStructureLabel")?, Literal::new_simple_literal(f));
        }
        if let Some(b) = text(&rec, e, "broader_id") {
            let b = iri(&uris::thing(base, e, &b))?;
            g.add(c.clone(), pr("xkos:specializes")?, b.clone());
            g.add(b, pr("xkos:generalizes")?, c.clone());
        }
        if let Some(r) = text(&rec, e, "related_id") {
            let r = iri(&uris::thing(base, e, &r))?;
            g.add(c.clone(), pr("skos:related")?, r.clone());
            g.add(r, pr("skos:related")?, c.clone());
        }
        // The code-list entry (and, for a variable, its code list as the value range). Not
        // skos:exactMatch here: SKOS-AP-NO wants its object typed skos:Concept, and typing the codes
        // would make them concepts of this collection for the harvester.
        if let Some(code) = text(&rec, e, "code_id") {
            g.add(c.clone(), pr("dct:relation")?, iri(&uris::thing(base, &crate::model::CODES, &code))?);
        }
        if text(&rec, e, "kind").as_deref() == Some("variable") {
            if let Some(scheme) = scheme_of_variable(&rec, e) {
                g.add(c.clone(), pr("skosno:valueRange")?, iri(&uris::code_scheme(base, scheme))?);
            }
        }
        Ok(())
    })?;
    Ok(g)
}

/// The code list of a variable's values: the scheme of the codes its categories link to, where a
/// field of a spec uses that scheme (`measures.main_purpose` → `main-purpose`).
fn scheme_of_variable(rec: &crate::db::query::Record, e: &crate::model::Entity) -> Option<&'static str> {
    let field = text(rec, e, "field")?;
    let (collection, name) = field.split_once('.')?;
    match crate::model::entity(collection)?.field(name)?.kind {
        crate::model::Kind::Code(scheme) => Some(scheme),
        _ => None,
    }
}
