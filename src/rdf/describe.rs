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
