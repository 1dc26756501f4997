//! RDF serialisation with our prefixes, in one place (graphs and datasets). Which formats exist
//! is `crate::formats`.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Triple};

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

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    #[test]
    fn graph_formats_drop_graph_names_and_use_prefixes() {
        let q = Quad::new(
            NamedNode::new_unchecked("http://x/id/a"),
            NamedNode::new_unchecked("http://purl.org/dc/terms/title"),
            Literal::new_simple_literal("A"),
            GraphName::NamedNode(NamedNode::new_unchecked("http://x/graph/data")),
        );
        let ttl = String::from_utf8(quads_to_bytes([q.clone()], RdfFormat::Turtle, "http://x").unwrap_or_default()).unwrap_or_default();
        assert!(ttl.contains("dct:title") && !ttl.contains("graph/data"), "{ttl}");
        let nq = String::from_utf8(quads_to_bytes([q], RdfFormat::NQuads, "http://x").unwrap_or_default()).unwrap_or_default();
        assert!(nq.contains("<http://x/graph/data>"), "{nq}");
    }
}
