//! Issue 20: the life events as a CPSV-AP-NO events catalogue: each of the prioritised life events
//! is a `cv:LifeEvent` (that type only: the harvester lists a resource once per event type) with
//! identifier, title and description in nb and en, the Los life event it corresponds to
//! (`catalog/events.ttl`), the responsible and involved organisations over time as qualified
//! attributions (from the attributions collection), its sources and the dataset describing it.

use super::harvest::{self, lang, text, texts, url_term};
use super::{iri, p, parse_turtle_into, GraphBuilder, RdfError};
use crate::db::query;
use crate::model::{ATTRIBUTIONS, FOCUS_AREAS, LIFE_EVENTS, ORGANIZATIONS};
use crate::uris;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, Quad};
use rusqlite::Connection;
use std::collections::BTreeMap;

pub const EVENTS_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/events.ttl"));

pub fn build(conn: &Connection, base: &str, catalog: &[Quad]) -> Result<GraphBuilder, RdfError> {
    let h = harvest::EVENTS;
    let mut g = GraphBuilder::new(&h.graph_iri(base))?;
    parse_turtle_into(EVENTS_TTL, &uris::root(base), "catalog/events.ttl", &mut g)?;
    harvest::copy_agents(base, catalog, &mut g)?;
    let pr = |n: &str| p(base, n);
    let cat = iri(&h.iri(base))?;
    harvest::identifier(base, &mut g, &cat)?;
    // The contact point is also a CPSV contact point (cv:contactPoint wants one).
    let contact = iri(&uris::catalog_part(base, "contact"))?;
    g.add(contact.clone(), rdf::TYPE.into_owned(), pr("cv:ContactPoint")?);
    g.add(contact.clone(), pr("cv:contactPage")?, iri("https://www.digdir.no/")?);
    let dataset = iri(&uris::dataset(base, LIFE_EVENTS.collection))?;
    g.add(dataset.clone(), rdf::TYPE.into_owned(), pr("dcat:Dataset")?);
    // Focus-area names (for the descriptions) and organisation names (for the attributions).
    let mut focus: BTreeMap<String, (String, String)> = BTreeMap::new();
    query::scan(conn, &FOCUS_AREAS, |rec| -> Result<(), RdfError> {
        if let (Some(nb), Some(en)) = texts(&rec, &FOCUS_AREAS, "name") {
            focus.insert(rec.id.clone(), (nb, en));
        }
        Ok(())
    })?;
    let mut orgs: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    query::scan(conn, &ORGANIZATIONS, |rec| -> Result<(), RdfError> {
        orgs.insert(rec.id.clone(), texts(&rec, &ORGANIZATIONS, "name"));
        Ok(())
    })?;
    let sources = harvest::source_urls(conn, LIFE_EVENTS.collection)?;
    query::scan(conn, &LIFE_EVENTS, |rec| -> Result<(), RdfError> {
        let e = &LIFE_EVENTS;
        let ev = iri(&uris::thing(base, e, &rec.id))?;
        g.add(cat.clone(), pr("dcatno:containsEvent")?, ev.clone());
        g.add(ev.clone(), rdf::TYPE.into_owned(), pr("cv:LifeEvent")?);
        // The record id, as the data graph has it (one identifier per thing across the graphs).
        g.add(ev.clone(), pr("dct:identifier")?, Literal::new_simple_literal(&rec.id));
        let (nb, en) = texts(&rec, e, "name");
        let (nb, en) = (nb.unwrap_or_default(), en.unwrap_or_default());
        g.add(ev.clone(), pr("dct:title")?, lang(&nb, "nb"));
        g.add(ev.clone(), pr("dct:title")?, lang(&en, "en"));
        let area = text(&rec, e, "focus_area_id").and_then(|f| focus.get(&f).cloned());
        let (mut d_nb, mut d_en) = (
            format!(
                "«{nb}» er en av de sju livshendelsene som digitaliseringsstrategien Én digital offentlig sektor (2019–2025) prioriterer"
            ),
            format!("'{en}' is one of the seven life events the digitalisation strategy One digital public sector (2019–2025) prioritises"),
        );
        if let Some((a_nb, a_en)) = area {
            d_nb.push_str(&format!(", under innsatsområdet «{a_nb}»"));
            d_en.push_str(&format!(", under the focus area '{a_en}'"));
        }
        d_nb.push('.');
        d_en.push('.');
        if let Some(period) = text(&rec, e, "period") {
            // The period as printed; where it carries an English gloss, only in the English text.
            if period.chars().all(|c| c.is_ascii_digit() || c == '–' || c == '-') {
                d_nb.push_str(&format!(" Periode: {period}."));
            }
            d_en.push_str(&format!(" Period: {period}."));
        }
        if let Some(status) = text(&rec, e, "status_facts_en") {
            d_en.push_str(&format!(" Status: {status}."));
        }
        g.add(ev.clone(), pr("dct:description")?, lang(&d_nb, "nb"));
        g.add(ev.clone(), pr("dct:description")?, lang(&d_en, "en"));
        g.add(ev.clone(), pr("cv:isDescribedAt")?, dataset.clone());
        for u in sources.get(&rec.id).into_iter().flatten() {
            g.add(ev.clone(), pr("dct:source")?, url_term(u));
        }
        Ok(())
    })?;
    // Responsible and involved organisations over time, as our data has them.
    query::scan(conn, &ATTRIBUTIONS, |rec| -> Result<(), RdfError> {
        let e = &ATTRIBUTIONS;
        let Some(le) = text(&rec, e, "life_event_id") else { return Ok(()) };
        let ev = iri(&uris::thing(base, &LIFE_EVENTS, &le))?;
        let a = iri(&uris::thing(base, e, &rec.id))?;
        g.add(ev, pr("prov:qualifiedAttribution")?, a.clone());
        g.add(a.clone(), rdf::TYPE.into_owned(), pr("prov:Attribution")?);
        if let Some(org) = text(&rec, e, "organization_id") {
            let o = iri(&uris::thing(base, &ORGANIZATIONS, &org))?;
            g.add(a.clone(), pr("prov:agent")?, o.clone());
            g.add(o.clone(), rdf::TYPE.into_owned(), pr("foaf:Agent")?);
            g.add(o.clone(), pr("dct:identifier")?, Literal::new_simple_literal(&org));
            if let Some((nb, en)) = orgs.get(&org) {
                for (t, l) in [(nb, "nb"), (en, "en")] {
                    if let Some(t) = t {
                        g.add(o.clone(), pr("foaf:name")?, lang(t, l));
                        g.add(o.clone(), pr("dct:title")?, lang(t, l));
                    }
                }
            }
        }
        if let Some(role) = text(&rec, e, "role") {
            g.add(a.clone(), pr("dcat:hadRole")?, iri(&uris::code_concept(base, "role", &role))?);
        }
        if let Some(note) = text(&rec, e, "as_of_note") {
            g.add(a.clone(), pr("tt:asOf")?, Literal::new_simple_literal(note));
        }
        if let Some(year) = text(&rec, e, "as_of_year") {
            g.add(a.clone(), pr("tt:asOfYear")?, Literal::new_typed_literal(year, xsd::INTEGER));
        }
        Ok(())
    })?;
    Ok(g)
}
