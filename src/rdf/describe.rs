//! Concise bounded descriptions for linked data: the triples about a subject in any graph, with
//! the blank nodes they lead to.

use super::RdfError;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term};
use oxigraph::store::Store;
use std::collections::HashSet;

/// Nodes visited at most (a guard against pathological blank-node chains).
const MAX_NODES: usize = 1000;

/// Triples about `subject` (as default-graph quads, each once).
pub fn describe(store: &Store, subject: &NamedNode) -> Result<Vec<Quad>, RdfError> {
    let mut out = Vec::new();
    let mut seen: HashSet<Quad> = HashSet::new();
    let mut queue: Vec<NamedOrBlankNode> = vec![subject.clone().into()];
    let mut visited: HashSet<NamedOrBlankNode> = HashSet::new();
    while let Some(s) = queue.pop() {
        if !visited.insert(s.clone()) || visited.len() > MAX_NODES {
            continue;
        }
        let nref: NamedOrBlankNodeRef<'_> = s.as_ref();
        for q in store.quads_for_pattern(Some(nref), None, None, None) {
            let q = q?;
            if let Term::BlankNode(b) = &q.object {
                queue.push(b.clone().into());
            }
            let triple = Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph);
            if seen.insert(triple.clone()) {
                out.push(triple);
            }
        }
    }
    Ok(out)
}

/// Whether the store says anything about `subject`.
pub fn exists(store: &Store, subject: &NamedNode) -> bool {
    store.quads_for_pattern(Some(subject.as_ref().into()), None, None, None).next().is_some()
}

/// A plain JSON view of a description (for terms that have no API record): the subject's `uri`
/// and its properties by prefixed name, each a list of `{"uri"}` or `{"value", "lang"?, "datatype"?}`.
pub fn to_json(quads: &[Quad], subject: &NamedNode, base: &str) -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    for q in quads.iter().filter(|q| q.subject == NamedOrBlankNode::from(subject.clone())) {
        let value = match &q.object {
            Term::NamedNode(n) => serde_json::json!({ "uri": n.as_str() }),
            Term::Literal(l) => match l.language() {
                Some(lang) => serde_json::json!({ "value": l.value(), "lang": lang }),
                None => serde_json::json!({ "value": l.value(), "datatype": super::compact(base, l.datatype().as_str()) }),
            },
            other => serde_json::json!({ "value": other.to_string() }),
        };
        let key = super::compact(base, q.predicate.as_str());
        if let serde_json::Value::Array(values) = properties.entry(key).or_insert_with(|| serde_json::Value::Array(Vec::new())) {
            values.push(value);
        }
    }
    serde_json::json!({ "uri": subject.as_str(), "properties": properties })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal};

    #[test]
    fn describes_through_blank_nodes_once_and_as_json() {
        let store = Store::new().expect("memory store");
        let s = NamedNode::new_unchecked("http://x/def/status");
        let label = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        let b = BlankNode::default();
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://x/graph/vocab"));
        for q in [
            Quad::new(s.clone(), label.clone(), Literal::new_language_tagged_literal_unchecked("status", "en"), g.clone()),
            Quad::new(s.clone(), label.clone(), Literal::new_language_tagged_literal_unchecked("status", "en"), GraphName::DefaultGraph),
            Quad::new(s.clone(), NamedNode::new_unchecked("http://x/def/range"), b.clone(), g.clone()),
            Quad::new(b, label.clone(), Literal::new_simple_literal("inner"), g),
        ] {
            store.insert(&q).expect("insert");
        }
        let quads = describe(&store, &s).expect("describe");
        assert_eq!(quads.len(), 3, "the label once, the link, the blank node's label");
        let json = to_json(&quads, &s, "http://x");
        assert_eq!(json["uri"], "http://x/def/status");
        assert_eq!(json["properties"]["rdfs:label"][0]["lang"], "en");
        assert_eq!(json["properties"]["tt:range"].as_array().map(Vec::len), Some(1));
        assert!(exists(&store, &s));
        assert!(!exists(&store, &NamedNode::new_unchecked("http://x/nothing")));
    }
}
