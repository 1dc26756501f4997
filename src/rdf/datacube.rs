//! The RDF Data Cube view of the published survey figures and the indicators: which records are
//! observations, their dimension values (IRIs), measure and unit, and the code-list concepts the
//! data itself defines (categories, indicator series, populations, periods, units). The structure
//! (DSDs, component properties) is hand-written in `catalog/datacube.ttl`.
//!
//! A record is an observation only where the cube can hold it without inventing anything: a
//! statistic needs a count or a published percentage, an indicator a numeric value and a reference
//! period the source states as a year or a date. The others keep their record types and links.

use super::rows::{self, slug, Row};
use super::{iri, p, parse_turtle_into, GraphBuilder, RdfError};
use crate::model;
use crate::uris;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const DATACUBE_TTL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/datacube.ttl"));
const OBS_VALUE: &str = "http://purl.org/linked-data/sdmx/2009/measure#obsValue";
const UNIT_MEASURE: &str = "http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure";
const QUDT_UNIT: &str = "http://qudt.org/vocab/unit/";
const GREGORIAN: &str = "http://reference.data.gov.uk/id/";

/// A unit the figures are counted in: slug, nb label, en label, QUDT match (exact or broad).
type Unit = (&'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);
const UNITS: &[Unit] = &[
    ("percent", "prosent", "percent", Some(("skos:exactMatch", "PERCENT"))),
    ("count", "antall", "count (number of items)", Some(("skos:broadMatch", "NUM"))),
    ("agencies", "virksomheter (antall)", "agencies (number of)", Some(("skos:broadMatch", "NUM"))),
    ("measures", "tiltak (antall)", "measures (number of)", Some(("skos:broadMatch", "NUM"))),
    ("ministry-areas", "departementsområder (antall)", "ministry areas (number of)", Some(("skos:broadMatch", "NUM"))),
    ("goals", "mål (antall)", "goals (number of)", Some(("skos:broadMatch", "NUM"))),
    ("rank", "plassering (rangering)", "rank (position in a ranking)", None),
];

/// Norwegian names of the populations the indicator sources name (English as printed).
const POPULATIONS_NB: &[(&str, &str)] = &[
    ("not stated", "ikke oppgitt i kilden"),
    ("state agencies", "statlige virksomheter"),
    ("municipalities", "kommuner"),
    ("county municipalities", "fylkeskommuner"),
    ("public bodies", "offentlige virksomheter"),
    ("countries", "land"),
    ("UN member states", "FNs medlemsland"),
    ("municipalities and state agencies", "kommuner og statlige virksomheter"),
    ("state agencies and municipalities", "statlige virksomheter og kommuner"),
    (
        "state agencies and municipalities (just under 300 respondents)",
        "statlige virksomheter og kommuner (i underkant av 300 respondenter)",
    ),
];

pub fn survey_dataset(base: &str, survey_id: &str) -> String {
    uris::dataset(base, &format!("survey-{survey_id}"))
}

/// The indicators' catalogue dataset (its id is the collection's name).
pub fn indicators_dataset(base: &str) -> String {
    uris::dataset(base, model::INDICATORS.collection)
}

struct Cube<'a> {
    base: &'a str,
    concepts_done: BTreeSet<String>,
}

fn nb(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "nb")
}
fn en(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}

impl Cube<'_> {
    /// A SKOS concept in `{base}/def/scheme/{scheme}`, declared once.
    fn concept(
        &mut self,
        vocab: &mut GraphBuilder,
        scheme: &str,
        code: &str,
        label_nb: Option<&str>,
        label_en: Option<&str>,
    ) -> Result<NamedNode, RdfError> {
        let b = self.base;
        let c = iri(&uris::code_concept(b, scheme, code))?;
        if self.concepts_done.insert(c.as_str().to_string()) {
            vocab.add(c.clone(), rdf::TYPE.into_owned(), p(b, "skos:Concept")?);
            vocab.add(c.clone(), p(b, "skos:inScheme")?, iri(&uris::code_scheme(b, scheme))?);
            vocab.add(c.clone(), p(b, "skos:notation")?, Literal::new_simple_literal(code));
            for (l, lit) in [(label_nb, nb as fn(&str) -> Literal), (label_en, en)] {
                if let Some(l) = l {
                    vocab.add(c.clone(), p(b, "skos:prefLabel")?, lit(l));
                    vocab.add(c.clone(), p(b, "rdfs:label")?, lit(l));
                }
            }
        }
        Ok(c)
    }

    fn unit(&mut self, vocab: &mut GraphBuilder, slug_: &str, printed: &str) -> Result<NamedNode, RdfError> {
        let b = self.base;
        match UNITS.iter().find(|u| u.0 == slug_) {
            Some((s, l_nb, l_en, matched)) => {
                let fresh = !self.concepts_done.contains(&uris::code_concept(b, "unit", s));
                let c = self.concept(vocab, "unit", s, Some(l_nb), Some(l_en))?;
                if let (true, Some((rel, q))) = (fresh, matched) {
                    vocab.add(c.clone(), p(b, rel)?, iri(&format!("{QUDT_UNIT}{q}"))?);
                }
                Ok(c)
            }
            None => self.concept(vocab, "unit", slug_, None, Some(printed)),
        }
    }

    /// `{base}/def/period/{YYYY}` or `{YYYY-MM-DD}`: a period of time with its bounds.
    fn period(&mut self, vocab: &mut GraphBuilder, key: &str) -> Result<NamedNode, RdfError> {
        let b = self.base;
        let c = iri(&uris::code_concept(b, "period", key))?;
        if self.concepts_done.insert(c.as_str().to_string()) {
            let (start, end, gregorian) = if key.len() == 4 {
                (format!("{key}-01-01"), format!("{key}-12-31"), format!("{GREGORIAN}year/{key}"))
            } else {
                (key.to_string(), key.to_string(), format!("{GREGORIAN}day/{key}"))
            };
            vocab.add(c.clone(), rdf::TYPE.into_owned(), p(b, "dct:PeriodOfTime")?);
            vocab.add(c.clone(), rdf::TYPE.into_owned(), iri("http://www.w3.org/2006/time#ProperInterval")?);
            vocab.add(c.clone(), p(b, "skos:notation")?, Literal::new_simple_literal(key));
            vocab.add(c.clone(), p(b, "rdfs:label")?, nb(key));
            vocab.add(c.clone(), p(b, "rdfs:label")?, en(key));
            vocab.add(c.clone(), p(b, "dcat:startDate")?, Literal::new_typed_literal(start, xsd::DATE));
            vocab.add(c.clone(), p(b, "dcat:endDate")?, Literal::new_typed_literal(end, xsd::DATE));
            vocab.add(c.clone(), p(b, "owl:sameAs")?, iri(&gregorian)?);
            vocab.add(c.clone(), p(b, "rdfs:isDefinedBy")?, iri(&uris::code_scheme(b, "period"))?);
        }
        Ok(c)
    }

    fn dataset(&mut self, data: &mut GraphBuilder, ds: &str, dsd: &str) -> Result<NamedNode, RdfError> {
        let b = self.base;
        let d = iri(ds)?;
        if self.concepts_done.insert(ds.to_string()) {
            data.add(d.clone(), rdf::TYPE.into_owned(), p(b, "qb:DataSet")?);
            data.add(d.clone(), p(b, "qb:structure")?, iri(&format!("{}dsd/{dsd}", uris::vocab(b)))?);
        }
        Ok(d)
    }

    #[allow(clippy::too_many_arguments)]
    fn observation(
        &mut self,
        data: &mut GraphBuilder,
        obs: &NamedNode,
        dataset: NamedNode,
        dims: &[(&str, NamedNode)],
        value: Literal,
        unit: NamedNode,
    ) -> Result<(), RdfError> {
        let b = self.base;
        data.add(obs.clone(), rdf::TYPE.into_owned(), p(b, "qb:Observation")?);
        data.add(obs.clone(), p(b, "qb:dataSet")?, dataset);
        for (prop, v) in dims {
            data.add(obs.clone(), p(b, prop)?, v.clone());
        }
        data.add(obs.clone(), iri(OBS_VALUE)?, value);
        data.add(obs.clone(), iri(UNIT_MEASURE)?, unit);
        Ok(())
    }
}

fn number(v: &str, datatype: oxigraph::model::NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(v, datatype)
}

fn decimal(v: &str) -> Literal {
    let v = if v.contains('.') { v.to_string() } else { format!("{v}.0") };
    Literal::new_typed_literal(v, xsd::DECIMAL)
}

pub fn build(conn: &Connection, base: &str, data: &mut GraphBuilder, vocab: &mut GraphBuilder) -> Result<(), RdfError> {
    parse_turtle_into(DATACUBE_TTL, &uris::vocab(base), "catalog/datacube.ttl", vocab)?;
    let mut cube = Cube { base, concepts_done: BTreeSet::new() };
    statistics(conn, &mut cube, data, vocab)?;
    indicators(conn, &mut cube, data, vocab)?;
    Ok(())
}

fn statistics(conn: &Connection, cube: &mut Cube<'_>, data: &mut GraphBuilder, vocab: &mut GraphBuilder) -> Result<(), RdfError> {
    let base = cube.base;
    let stats = &model::STATISTICS;
    let years: HashMap<String, String> =
        rows::read(conn, &model::SURVEYS)?.into_iter().filter_map(|r| Some((r.get("id")?.clone(), r.get("year")?.clone()))).collect();
    // Observations per published table (survey, variable), for the slices.
    let mut tables: BTreeMap<(String, String), Vec<NamedNode>> = BTreeMap::new();
    for r in rows::read(conn, stats)? {
        let (Some(id), Some(survey), Some(variable), Some(category)) =
            (r.get("id"), r.get("survey_id"), r.get("variable"), r.get("category"))
        else {
            continue;
        };
        let obs = iri(&uris::thing(base, stats, id))?;
        let code = format!("{variable}.{category}");
        let cat = cube.concept(
            vocab,
            "statistic-category",
            &code,
            r.get("category_label_nb").map(String::as_str),
            r.get("category_label_en").map(String::as_str),
        )?;
        data.add(obs.clone(), p(base, "tt:category")?, cat.clone());
        let measured = match (r.get("count"), r.get("percent_published")) {
            (Some(count), _) => {
                Some(("count", number(count, xsd::INTEGER), r.get("unit").map(|u| slug(u)).unwrap_or_else(|| "count".into())))
            }
            (None, Some(percent)) => Some(("share", decimal(percent), "percent".to_string())),
            (None, None) => None,
        };
        let (Some((measure, value, unit_slug)), Some(year)) = (measured, years.get(survey)) else { continue };
        let dataset = cube.dataset(data, &survey_dataset(base, survey), "survey-statistics")?;
        let period = cube.period(vocab, year)?;
        let measure = iri(&uris::code_concept(base, "statistic-measure", measure))?;
        let printed_unit = r.get("unit").cloned().unwrap_or_default();
        let unit = cube.unit(vocab, &unit_slug, &printed_unit)?;
        let survey_iri = iri(&uris::thing(base, &model::SURVEYS, survey))?;
        let variable_iri = iri(&uris::code_concept(base, "statistic-variable", variable))?;
        tables.entry((survey.clone(), variable.clone())).or_default().push(obs.clone());
        cube.observation(
            data,
            &obs,
            dataset,
            &[
                ("tt:survey", survey_iri),
                ("tt:variable", variable_iri),
                ("tt:category", cat),
                ("tt:refPeriod", period),
                ("tt:statisticMeasure", measure),
            ],
            value,
            unit,
        )?;
    }
    slices(conn, cube, data, tables)
}

/// One `qb:Slice` per published table, under its dataset's IRI, labelled from the variable code.
fn slices(
    conn: &Connection,
    cube: &mut Cube<'_>,
    data: &mut GraphBuilder,
    tables: BTreeMap<(String, String), Vec<NamedNode>>,
) -> Result<(), RdfError> {
    let base = cube.base;
    let variable_labels: HashMap<String, (String, String)> = rows::read(conn, &model::CODES)?
        .into_iter()
        .filter(|r| r.get("scheme").is_some_and(|s| s == "statistic-variable"))
        .filter_map(|r| Some((r.get("code")?.clone(), (r.get("label_nb")?.clone(), r.get("label_en")?.clone()))))
        .collect();
    let key = iri(&format!("{}dsd/survey-statistics/by-table", uris::vocab(base)))?;
    for ((survey, variable), observations) in tables {
        let dataset = survey_dataset(base, &survey);
        let slice = iri(&format!("{dataset}/slices/{variable}"))?;
        data.add(iri(&dataset)?, p(base, "qb:slice")?, slice.clone());
        data.add(slice.clone(), rdf::TYPE.into_owned(), p(base, "qb:Slice")?);
        data.add(slice.clone(), p(base, "qb:sliceStructure")?, key.clone());
        data.add(slice.clone(), p(base, "tt:survey")?, iri(&uris::thing(base, &model::SURVEYS, &survey))?);
        data.add(slice.clone(), p(base, "tt:variable")?, iri(&uris::code_concept(base, "statistic-variable", &variable))?);
        let (l_nb, l_en) = variable_labels.get(&variable).cloned().unwrap_or_else(|| (variable.clone(), variable.clone()));
        data.add(slice.clone(), p(base, "rdfs:label")?, nb(&format!("Kartleggingen {survey}: {l_nb}")));
        data.add(slice.clone(), p(base, "rdfs:label")?, en(&format!("Survey {survey}: {l_en}")));
        for o in observations {
            data.add(slice.clone(), p(base, "qb:observation")?, o);
        }
    }
    Ok(())
}

/// The unit of an indicator value, decided from the printed unit; action-plan counts print none
/// and are counts of items.
fn indicator_unit(printed: Option<&String>) -> String {
    let printed = printed.map(|s| s.trim().to_lowercase()).unwrap_or_default();
    for known in ["percent", "rank", "goals"] {
        if printed.starts_with(known) {
            return known.into();
        }
    }
    if printed.is_empty() {
        "count".into()
    } else {
        slug(&printed)
    }
}

/// The reference period as a `/def/period/` key: a date the source states, else the year.
fn indicator_period(r: &Row) -> Option<String> {
    if let Some(d) = r.get("reference_period").and_then(|s| s.get(..10)) {
        if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() {
            return Some(d.to_string());
        }
    }
    r.get("reference_year").filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).cloned()
}

fn indicators(conn: &Connection, cube: &mut Cube<'_>, data: &mut GraphBuilder, vocab: &mut GraphBuilder) -> Result<(), RdfError> {
    let base = cube.base;
    let ind = &model::INDICATORS;
    for r in rows::read(conn, ind)? {
        let (Some(id), Some(name)) = (r.get("id"), r.get("name_en")) else { continue };
        let obs = iri(&uris::thing(base, ind, id))?;
        let series = cube.concept(vocab, "indicator-series", &slug(name), None, Some(name))?;
        data.add(obs.clone(), p(base, "tt:indicatorSeries")?, series.clone());
        let (Some(value), Some(period)) = (r.get("value_numeric"), indicator_period(&r)) else { continue };
        let population_text = r.get("population").map(String::as_str).unwrap_or("not stated");
        let population_nb = POPULATIONS_NB.iter().find(|(e, _)| *e == population_text).map(|(_, n)| *n);
        let population = cube.concept(vocab, "population", &slug(population_text), population_nb, Some(population_text))?;
        let dataset = cube.dataset(data, &indicators_dataset(base), "indicators")?;
        let period = cube.period(vocab, &period)?;
        let unit_slug = indicator_unit(r.get("unit"));
        let unit = cube.unit(vocab, &unit_slug, r.get("unit").map(String::as_str).unwrap_or(""))?;
        cube.observation(
            data,
            &obs,
            dataset,
            &[("tt:indicatorSeries", series), ("tt:refPeriod", period), ("tt:populationGroup", population)],
            decimal(value),
            unit,
        )?;
    }
    Ok(())
}
