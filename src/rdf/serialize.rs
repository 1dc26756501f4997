//! RDF serialisation in every format we offer, in one place (graphs, datasets, query results).

use crate::http::conneg::Offer;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};

/// Graph formats offered for things, the catalogue and CONSTRUCT/DESCRIBE results.
pub const GRAPH_OFFERS: &[Offer] = &[
    Offer { media_type: "text/turtle", format: "ttl" },
    Offer { media_type: "application/ld+json", format: "jsonld" },
    Offer { media_type: "application/rdf+xml", format: "rdf" },
    Offer { media_type: "application/n-triples", format: "nt" },
    Offer { media_type: "application/trig", format: "trig" },
    Offer { media_type: "application/n-quads", format: "nq" },
];

pub fn format_of(offer: &Offer) -> RdfFormat {
    match offer.format {
        "jsonld" => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
        "rdf" => RdfFormat::RdfXml,
        "nt" => RdfFormat::NTriples,
        "trig" => RdfFormat::TriG,
        "nq" => RdfFormat::NQuads,
        _ => RdfFormat::Turtle,
    }
}

pub fn content_type(offer: &Offer) -> String {
    match offer.format {
        "ttl" | "nt" | "trig" | "nq" => format!("{}; charset=utf-8", offer.media_type),
        _ => offer.media_type.to_string(),
    }
}

fn serializer(format: RdfFormat, base: &str) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml) {
        for (prefix, ns) in super::PREFIXES {
            s = s.clone().with_prefix(*prefix, *ns).unwrap_or(s);
        }
        s = s.clone().with_prefix("tt", crate::uris::vocab(base)).unwrap_or(s);
    }
    s
}

/// Serialise triples (dataset formats put them in the default graph).
pub fn triples_to_bytes(triples: impl IntoIterator<Item = Triple>, format: RdfFormat, base: &str) -> Result<Vec<u8>, std::io::Error> {
    let mut w = serializer(format, base).for_writer(Vec::new());
    for t in triples {
        if format.supports_datasets() {
            w.serialize_quad(&Quad::new(t.subject, t.predicate, t.object, oxigraph::model::GraphName::DefaultGraph))?;
        } else {
            w.serialize_triple(&t)?;
        }
    }
    w.finish()
}

/// Serialise quads; graph-only formats get the triples (graph names dropped).
pub fn quads_to_bytes(quads: impl IntoIterator<Item = Quad>, format: RdfFormat, base: &str) -> Result<Vec<u8>, std::io::Error> {
    let mut w = serializer(format, base).for_writer(Vec::new());
    for q in quads {
        if format.supports_datasets() {
            w.serialize_quad(&q)?;
        } else {
            w.serialize_triple(&Triple::from(q))?;
        }
    }
    w.finish()
}
