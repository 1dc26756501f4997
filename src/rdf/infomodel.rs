//! Issue 20: the information model (ModellDCAT-AP-NO v1) generated from the entity specs in
//! `model.rs`, so there is no second description to keep in step: an object type per entity, an
//! attribute per field (simple type or code list, multiplicity from `required`), an association per
//! reference, a code list per code scheme with its codes as code elements, and `dct:subject` to the
//! concept that defines a type or an attribute. Catalogue and model metadata: `catalog/models.ttl`.

use super::concepts::Concept;
use super::harvest::{self, lang};
use super::{iri, p, parse_turtle_into, GraphBuilder, RdfError};
use crate::db::query;
use crate::model::{Entity, Kind, CODES, ENTITIES};
use crate::uris;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Quad};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

pub const MODELS_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/models.ttl"));

/// The model's IRI.
pub fn model_iri(base: &str) -> String {
    format!("{}/tiltak", harvest::MODELS.iri(base))
}

/// The object type of an entity.
pub fn object_type_iri(base: &str, e: &Entity) -> String {
    format!("{}/{}", model_iri(base), e.item_type)
}

/// The attribute or association of a field.
pub fn property_iri(base: &str, e: &Entity, field: &str) -> String {
    format!("{}/{field}", object_type_iri(base, e))
}

fn code_list_iri(base: &str, scheme: &str) -> String {
    format!("{}/code-lists/{scheme}", model_iri(base))
}

/// The simple type of a field's kind: (local name, XSD datatype, nb, en).
fn simple_type(kind: Kind) -> Option<(&'static str, NamedNode, &'static str, &'static str)> {
    Some(match kind {
        Kind::Id | Kind::Tag | Kind::Text => ("string", xsd::STRING.into_owned(), "tekst", "text"),
        Kind::Int => ("integer", xsd::INTEGER.into_owned(), "heltall", "integer"),
        Kind::Float => ("decimal", xsd::DECIMAL.into_owned(), "desimaltall", "decimal number"),
        Kind::Date => ("date", xsd::DATE.into_owned(), "dato", "date"),
        Kind::Bool => ("boolean", xsd::BOOLEAN.into_owned(), "sannhetsverdi", "boolean"),
        Kind::Url => ("anyURI", xsd::ANY_URI.into_owned(), "nettadresse", "URL"),
        Kind::Lang => ("langString", rdf::LANG_STRING.into_owned(), "tekst med språk (nb og en)", "text with language (nb and en)"),
        Kind::Code(_) | Kind::Ref(_) => return None,
    })
}

fn non_negative(n: &str) -> Literal {
    Literal::new_typed_literal(n, xsd::NON_NEGATIVE_INTEGER)
}

pub fn build(conn: &Connection, base: &str, catalog: &[Quad], concepts: &[Concept]) -> Result<GraphBuilder, RdfError> {
    let mut g = GraphBuilder::new(&harvest::MODELS.graph_iri(base))?;
    parse_turtle_into(MODELS_TTL, &uris::root(base), "catalog/models.ttl", &mut g)?;
    harvest::copy_agents(base, catalog, &mut g)?;
    let pr = |n: &str| p(base, n);
    let cat = iri(&harvest::MODELS.iri(base))?;
    harvest::identifier(base, &mut g, &cat)?;
    let model = iri(&model_iri(base))?;
    harvest::identifier(base, &mut g, &model)?;
    let contains = pr("modelldcatno:containsModelElement")?;
    let title = pr("dct:title")?;
    let description = pr("dct:description")?;
    let subject = pr("dct:subject")?;
    let concept_of = |key: &str| -> Vec<String> {
        concepts.iter().filter(|c| c.field.as_deref() == Some(key)).map(|c| uris::thing(base, &crate::model::CONCEPTS, &c.id)).collect()
    };
    // The concepts the model refers to, typed and labelled so the document stands on its own.
    for c in concepts.iter().filter(|c| c.field.is_some()) {
        let ci = iri(&uris::thing(base, &crate::model::CONCEPTS, &c.id))?;
        g.add(ci, rdf::TYPE.into_owned(), pr("skos:Concept")?);
    }
    let mut types_used: BTreeSet<&'static str> = BTreeSet::new();
    let mut schemes: BTreeSet<&'static str> = BTreeSet::new();
    for e in ENTITIES {
        let ot = iri(&object_type_iri(base, e))?;
        g.add(model.clone(), contains.clone(), ot.clone());
        g.add(ot.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:ObjectType")?);
        harvest::identifier(base, &mut g, &ot)?;
        g.add(ot.clone(), title.clone(), lang(e.title_nb, "nb"));
        g.add(ot.clone(), title.clone(), lang(e.title_en, "en"));
        g.add(ot.clone(), description.clone(), lang(e.description_nb, "nb"));
        g.add(ot.clone(), description.clone(), lang(e.description, "en"));
        g.add(ot.clone(), pr("foaf:page")?, iri(&uris::page(base, e.collection))?);
        for c in concept_of(e.collection) {
            g.add(ot.clone(), subject.clone(), iri(&c)?);
        }
        for f in e.fields {
            let prop = iri(&property_iri(base, e, f.name))?;
            g.add(ot.clone(), pr("modelldcatno:hasProperty")?, prop.clone());
            harvest::identifier(base, &mut g, &prop)?;
            g.add(prop.clone(), title.clone(), Literal::new_simple_literal(f.name));
            g.add(prop.clone(), description.clone(), lang(f.doc, "en"));
            g.add(prop.clone(), pr("xsd:minOccurs")?, non_negative(if f.required { "1" } else { "0" }));
            g.add(prop.clone(), pr("xsd:maxOccurs")?, non_negative("1"));
            for c in concept_of(&format!("{}.{}", e.collection, f.name)) {
                g.add(prop.clone(), subject.clone(), iri(&c)?);
            }
            match f.kind {
                Kind::Ref(target) => {
                    g.add(prop.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:Association")?);
                    if let Some(t) = crate::model::entity(target) {
                        g.add(prop.clone(), pr("modelldcatno:refersTo")?, iri(&object_type_iri(base, t))?);
                    }
                }
                Kind::Code(scheme) => {
                    g.add(prop.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:Attribute")?);
                    g.add(prop.clone(), pr("modelldcatno:hasValueFrom")?, iri(&code_list_iri(base, scheme))?);
                    schemes.insert(scheme);
                }
                kind => {
                    g.add(prop.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:Attribute")?);
                    if let Some((name, _, _, _)) = simple_type(kind) {
                        g.add(prop.clone(), pr("modelldcatno:hasSimpleType")?, iri(&format!("{}/types/{name}", model_iri(base)))?);
                        types_used.insert(name);
                    }
                }
            }
        }
    }
    // Simple types, each referring to its XSD (or RDF) datatype.
    for kind in [Kind::Text, Kind::Int, Kind::Float, Kind::Date, Kind::Bool, Kind::Url, Kind::Lang] {
        let Some((name, dt, nb, en)) = simple_type(kind) else { continue };
        if !types_used.contains(name) {
            continue;
        }
        let st = iri(&format!("{}/types/{name}", model_iri(base)))?;
        g.add(model.clone(), contains.clone(), st.clone());
        g.add(st.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:SimpleType")?);
        harvest::identifier(base, &mut g, &st)?;
        g.add(st.clone(), title.clone(), lang(nb, "nb"));
        g.add(st.clone(), title.clone(), lang(en, "en"));
        g.add(st, pr("modelldcatno:typeDefinitionReference")?, Literal::new_typed_literal(dt.as_str(), xsd::ANY_URI));
    }
    // Code lists with their codes (the codes are the SKOS concepts under /def/).
    let mut codes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    query::scan(conn, &CODES, |rec| -> Result<(), RdfError> {
        if let Some((scheme, code)) = rec.id.split_once(':') {
            codes.entry(scheme.to_string()).or_default().push((code.to_string(), rec.id.clone()));
        }
        Ok(())
    })?;
    for scheme in schemes {
        let cl = iri(&code_list_iri(base, scheme))?;
        g.add(model.clone(), contains.clone(), cl.clone());
        g.add(cl.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:CodeList")?);
        harvest::identifier(base, &mut g, &cl)?;
        g.add(cl.clone(), title.clone(), Literal::new_simple_literal(scheme));
        g.add(cl.clone(), pr("modelldcatno:codeListReference")?, iri(&uris::code_scheme(base, scheme))?);
        for (code, id) in codes.get(scheme).into_iter().flatten() {
            let ce = iri(&uris::thing(base, &CODES, id))?;
            g.add(ce.clone(), rdf::TYPE.into_owned(), pr("modelldcatno:CodeElement")?);
            g.add(ce.clone(), pr("skos:inScheme")?, cl.clone());
            g.add(ce, pr("skos:notation")?, Literal::new_simple_literal(code));
        }
    }
    Ok(g)
}
