//! Every representation tiltak serves, in one registry. Conneg offer lists, `?format=` names,
//! content types, RDF and SPARQL-results serialisers, OpenAPI media types, `sd:resultFormat`
//! and the catalogue's distribution formats all derive from [`Format`].
//! Adding a format = a variant and its rows in the `match`es below, then the offer lists it joins.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The API's JSON (records, pages, item views).
    Json,
    /// The API's CSV export.
    Csv,
    /// JSON-stat 2.0 (a collection of datasets, one per published table) for collections with a cube.
    JsonStat,
    /// JSON Lines: every matching record of a collection, one JSON object per line, streamed.
    Ndjson,
    Turtle,
    JsonLd,
    RdfXml,
    NTriples,
    TriG,
    NQuads,
    Html,
    SparqlJson,
    SparqlXml,
    SparqlCsv,
    SparqlTsv,
}

/// How a collection listing (`/api/v1/{collection}`, the catalogue's downloads) is rendered in a
/// format. Every renderer matches on it exhaustively, so a new rendering is a compile error until
/// each place has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// One keyset page as JSON (`items`, `total`, `next`; as a download every record).
    Page,
    /// Every matching record as CSV, streamed.
    Csv,
    /// The statistical tables as JSON-stat 2.0.
    JsonStat,
    /// Every matching record as JSON Lines, streamed.
    Ndjson,
}

/// What a format serialises with.
pub enum Serializer {
    Rdf(RdfFormat),
    Results(QueryResultsFormat),
    /// Rendered by the caller (API JSON/CSV, HTML).
    Own,
}

impl Format {
    /// The media type offered in content negotiation.
    pub const fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv",
            // JSON-stat has no media type of its own: Statistics Norway and Eurostat serve it as JSON.
            Format::JsonStat => "application/json",
            Format::Ndjson => "application/x-ndjson",
            Format::Turtle => "text/turtle",
            Format::JsonLd => "application/ld+json",
            Format::RdfXml => "application/rdf+xml",
            Format::NTriples => "application/n-triples",
            Format::TriG => "application/trig",
            Format::NQuads => "application/n-quads",
            Format::Html => "text/html",
            Format::SparqlJson => "application/sparql-results+json",
            Format::SparqlXml => "application/sparql-results+xml",
            Format::SparqlCsv => "text/csv",
            Format::SparqlTsv => "text/tab-separated-values",
        }
    }

    /// Short name accepted in `?format=` (and the file extension where there is one).
    pub const fn name(self) -> &'static str {
        match self {
            Format::Json | Format::SparqlJson => "json",
            Format::Csv | Format::SparqlCsv => "csv",
            Format::JsonStat => "jsonstat",
            Format::Ndjson => "ndjson",
            Format::Turtle => "ttl",
            Format::JsonLd => "jsonld",
            Format::RdfXml => "rdf",
            Format::NTriples => "nt",
            Format::TriG => "trig",
            Format::NQuads => "nq",
            Format::Html => "html",
            Format::SparqlXml => "xml",
            Format::SparqlTsv => "tsv",
        }
    }

    /// Human name, as in "The catalogue as Turtle".
    pub const fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Csv => "CSV",
            Format::JsonStat => "JSON-stat",
            Format::Ndjson => "JSON Lines",
            Format::Turtle => "Turtle",
            Format::JsonLd => "JSON-LD",
            Format::RdfXml => "RDF/XML",
            Format::NTriples => "N-Triples",
            Format::TriG => "TriG",
            Format::NQuads => "N-Quads",
            Format::Html => "HTML",
            Format::SparqlJson => "SPARQL results JSON",
            Format::SparqlXml => "SPARQL results XML",
            Format::SparqlCsv => "SPARQL results CSV",
            Format::SparqlTsv => "SPARQL results TSV",
        }
    }

    /// Textual formats without a charset parameter of their own get `charset=utf-8`.
    fn needs_charset(self) -> bool {
        matches!(
            self,
            Format::Csv
                | Format::Turtle
                | Format::NTriples
                | Format::TriG
                | Format::NQuads
                | Format::Html
                | Format::SparqlCsv
                | Format::SparqlTsv
        )
    }

    pub fn serializer(self) -> Serializer {
        match self {
            Format::Turtle => Serializer::Rdf(RdfFormat::Turtle),
            Format::JsonLd => Serializer::Rdf(RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
            Format::RdfXml => Serializer::Rdf(RdfFormat::RdfXml),
            Format::NTriples => Serializer::Rdf(RdfFormat::NTriples),
            Format::TriG => Serializer::Rdf(RdfFormat::TriG),
            Format::NQuads => Serializer::Rdf(RdfFormat::NQuads),
            Format::SparqlJson => Serializer::Results(QueryResultsFormat::Json),
            Format::SparqlXml => Serializer::Results(QueryResultsFormat::Xml),
            Format::SparqlCsv => Serializer::Results(QueryResultsFormat::Csv),
            Format::SparqlTsv => Serializer::Results(QueryResultsFormat::Tsv),
            Format::Json | Format::Csv | Format::JsonStat | Format::Ndjson | Format::Html => Serializer::Own,
        }
    }

    /// The renderer of a collection listing in this format; `None` for formats no collection
    /// offers. Every format of `offers::COLLECTION` and `offers::CUBE_COLLECTION` has one (a test
    /// checks), and this match names every format, so a new one has to decide.
    pub const fn listing(self) -> Option<Listing> {
        match self {
            Format::Json => Some(Listing::Page),
            Format::Csv => Some(Listing::Csv),
            Format::JsonStat => Some(Listing::JsonStat),
            Format::Ndjson => Some(Listing::Ndjson),
            Format::Turtle
            | Format::JsonLd
            | Format::RdfXml
            | Format::NTriples
            | Format::TriG
            | Format::NQuads
            | Format::Html
            | Format::SparqlJson
            | Format::SparqlXml
            | Format::SparqlCsv
            | Format::SparqlTsv => None,
        }
    }

    /// The RDF serialiser (Turtle for formats that are not RDF; callers only ask RDF formats).
    pub fn rdf(self) -> RdfFormat {
        match self.serializer() {
            Serializer::Rdf(f) => f,
            _ => RdfFormat::Turtle,
        }
    }

    /// The W3C format IRI (<http://www.w3.org/ns/formats/>) used in `sd:resultFormat`.
    pub const fn w3c_iri(self) -> Option<&'static str> {
        Some(match self {
            Format::Turtle => "http://www.w3.org/ns/formats/Turtle",
            Format::JsonLd => "http://www.w3.org/ns/formats/JSON-LD",
            Format::RdfXml => "http://www.w3.org/ns/formats/RDF_XML",
            Format::NTriples => "http://www.w3.org/ns/formats/N-Triples",
            Format::TriG => "http://www.w3.org/ns/formats/TriG",
            Format::NQuads => "http://www.w3.org/ns/formats/N-Quads",
            Format::SparqlJson => "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
            Format::SparqlXml => "http://www.w3.org/ns/formats/SPARQL_Results_XML",
            Format::SparqlCsv => "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
            Format::SparqlTsv => "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
            Format::Json | Format::Csv | Format::JsonStat | Format::Ndjson | Format::Html => return None,
        })
    }

    /// The EU file-type code (`…/authority/file-type/{code}`) of a catalogue distribution.
    pub const fn eu_file_type(self) -> Option<&'static str> {
        match self {
            Format::Json | Format::JsonStat => Some("JSON"),
            Format::Csv => Some("CSV"),
            Format::Turtle => Some("RDF_TURTLE"),
            Format::JsonLd => Some("JSON_LD"),
            Format::RdfXml => Some("RDF_XML"),
            Format::NTriples => Some("RDF_N_TRIPLES"),
            _ => None,
        }
    }

    /// The specification a distribution in this format conforms to (`dct:conformsTo`), where
    /// the media type alone does not say it.
    pub const fn conforms_to(self) -> Option<&'static str> {
        match self {
            Format::JsonStat => Some("https://json-stat.org/format/"),
            _ => None,
        }
    }

    pub const fn offer(self) -> Offer {
        Offer { format: self, media_type: self.media_type() }
    }
}

/// One offered representation: a format under a media type (its own, or an alias).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub format: Format,
    pub media_type: &'static str,
}

impl Offer {
    pub fn name(&self) -> &'static str {
        self.format.name()
    }
    /// The `Content-Type` of an answer in this offer.
    pub fn content_type(&self) -> String {
        if self.format.needs_charset() {
            format!("{}; charset=utf-8", self.media_type)
        } else {
            self.media_type.to_string()
        }
    }
}

/// The offer lists of every resource.
pub mod offers {
    use super::{Format::*, Offer};

    /// `/api/v1/{collection}`.
    pub const COLLECTION: &[Offer] = &[Json.offer(), Csv.offer(), Ndjson.offer()];
    /// `/api/v1/{collection}` of a collection with a statistical cube (`model::Entity::cube`):
    /// JSON-stat beside JSON and CSV (`?format=jsonstat`; `Accept: application/json` keeps the API's JSON).
    pub const CUBE_COLLECTION: &[Offer] = &[Json.offer(), Csv.offer(), JsonStat.offer(), Ndjson.offer()];
    /// The offers of `/api/v1/{collection}`: with JSON-stat where the collection has a cube.
    pub const fn collection(has_cube: bool) -> &'static [Offer] {
        if has_cube {
            CUBE_COLLECTION
        } else {
            COLLECTION
        }
    }
    /// `/api/v1/{collection}/{id}`.
    pub const ITEM: &[Offer] = &[Json.offer()];
    /// `/id/…` and `/def/…` (JSON is the API's item view).
    pub const THING: &[Offer] = &[Turtle.offer(), JsonLd.offer(), RdfXml.offer(), NTriples.offer(), Json.offer(), Html.offer()];
    /// Catalogue resources other than the whole catalogue.
    pub const CATALOG_RESOURCE: &[Offer] = &[Turtle.offer(), JsonLd.offer(), RdfXml.offer(), NTriples.offer(), Html.offer()];
    /// `/catalog` (also `/catalog.{ttl,jsonld,rdf,nt}`).
    pub const CATALOG: &[Offer] = CATALOG_RESOURCE;
    /// The harvest documents `/catalog/concepts`, `/catalog/events`, `/catalog/models` (also by extension).
    pub const HARVEST: &[Offer] = CATALOG_RESOURCE;
    /// Graphs: CONSTRUCT/DESCRIBE results and the service description.
    pub const GRAPH: &[Offer] = &[Turtle.offer(), JsonLd.offer(), RdfXml.offer(), NTriples.offer(), TriG.offer(), NQuads.offer()];
    /// SELECT/ASK results; plain `application/json` is an alias of the SPARQL JSON results.
    pub const RESULTS: &[Offer] = &[
        SparqlJson.offer(),
        SparqlXml.offer(),
        SparqlCsv.offer(),
        SparqlTsv.offer(),
        Offer { format: SparqlJson, media_type: "application/json" },
    ];
    /// Per-dataset files `data.{ttl,jsonld}` in the catalogue.
    pub const DATASET_FILES: &[Offer] = &[Turtle.offer(), JsonLd.offer()];
    /// The VoID description `/.well-known/void` (Turtle, the VoID note's format, by default).
    pub const VOID: &[Offer] = &[Turtle.offer(), JsonLd.offer(), RdfXml.offer(), NTriples.offer()];
    /// Whole-store dumps `/dump.{nq,ttl}`.
    pub const DUMPS: &[Offer] = &[NQuads.offer(), Turtle.offer()];
    /// Distributions the catalogue lists per API collection.
    pub const API_DISTRIBUTIONS: &[super::Format] = &[Json, Csv];
    /// Distributions the catalogue adds per API collection with a cube.
    pub const CUBE_DISTRIBUTIONS: &[super::Format] = &[JsonStat];
    /// Distributions the catalogue lists per dataset (RDF files).
    pub const RDF_DISTRIBUTIONS: &[super::Format] = &[Turtle, JsonLd];
}

/// The offer of `offers` named `name` (`?format=` value or file extension).
pub fn by_name(offers: &[Offer], name: &str) -> Option<Offer> {
    offers.iter().find(|o| o.name() == name).copied()
}

/// Media types of `offers` in order, without repeats (for OpenAPI).
pub fn media_types(offers: &[&[Offer]]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for o in offers.iter().flat_map(|l| l.iter()) {
        if !out.contains(&o.media_type) {
            out.push(o.media_type);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_within_each_offer_list() {
        for list in [
            offers::COLLECTION,
            offers::CUBE_COLLECTION,
            offers::THING,
            offers::CATALOG,
            offers::GRAPH,
            offers::DATASET_FILES,
            offers::DUMPS,
            offers::VOID,
        ] {
            let mut names: Vec<&str> = list.iter().map(Offer::name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), list.len());
        }
    }

    #[test]
    fn every_format_a_collection_offers_has_a_listing_renderer() {
        let offered = offers::COLLECTION.iter().chain(offers::CUBE_COLLECTION).map(|o| o.format);
        let distributed = offers::API_DISTRIBUTIONS.iter().chain(offers::CUBE_DISTRIBUTIONS).copied();
        for f in offered.chain(distributed) {
            assert!(f.listing().is_some(), "{f:?} is offered for collections but has no listing renderer");
        }
    }

    #[test]
    fn content_types_carry_charset_for_text() {
        assert_eq!(Format::Turtle.offer().content_type(), "text/turtle; charset=utf-8");
        assert_eq!(Format::JsonLd.offer().content_type(), "application/ld+json");
        assert_eq!(offers::RESULTS[4].content_type(), "application/json");
    }
}
