//! The SPARQL engine behind `/sparql`, free of HTTP: parse (refusing updates), set the dataset,
//! evaluate with a cancellation token and a deadline, cap the rows, serialise
//! in the negotiated format. Queries run in worker processes (`pool`, `worker`); the protocol
//! handler is `routes::sparql`.

pub mod pool;
pub mod service_description;
pub mod shape;
pub mod share;
pub mod wire;
pub mod worker;

use crate::formats::{Offer, Serializer};
use crate::rdf::{serialize, RdfError};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::time::Instant;

/// Which offer list applies to a query's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// SELECT and ASK.
    Solutions,
    /// CONSTRUCT and DESCRIBE.
    Graph,
}

#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    #[error("this endpoint is read-only: SPARQL Update is not accepted")]
    Update,
    #[error("SERVICE (federated query) is disabled: this endpoint never fetches other URLs")]
    ServiceDisabled,
    #[error("the query was stopped at the time limit; narrow it or add LIMIT")]
    Timeout,
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    #[error("the result has more than {0} rows; add LIMIT (and OFFSET to page)")]
    TooManyRows(usize),
    #[error("the serialised result is larger than {0} bytes; add LIMIT or select fewer or shorter values")]
    ResultTooLarge(usize),
    #[error("the query text is {bytes} bytes; the limit is {limit}")]
    TooLong { bytes: usize, limit: usize },
    #[error("the query needed more than the {0} MiB of memory one query may use; narrow it or add LIMIT")]
    OutOfMemory(u64),
    #[error("the query nests {depth} levels deep; the limit is {limit}")]
    TooDeep { depth: usize, limit: usize },
    #[error("'{iri}' is not a valid IRI")]
    InvalidIri { parameter: &'static str, iri: String },
    #[error("none of the requested media types can be produced for this kind of query")]
    NotAcceptable(ResultKind),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Rdf(#[from] RdfError),
    #[error("{0}")]
    Internal(String),
}

impl From<QueryEvaluationError> for SparqlError {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => SparqlError::Timeout,
            QueryEvaluationError::Service(_)
            | QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::InvalidServiceName(_)
            | QueryEvaluationError::UnboundService => SparqlError::ServiceDisabled,
            other => SparqlError::Evaluation(other.to_string()),
        }
    }
}

/// One query to run. The formats are negotiated beforehand for both result kinds (`None` where
/// nothing acceptable exists), since the kind is known only once the query is parsed.
pub struct Job {
    pub text: String,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    pub solutions_offer: Option<Offer>,
    pub graph_offer: Option<Offer>,
    pub max_rows: usize,
    /// Largest serialised answer in bytes (memory stays bounded whatever the rows hold).
    pub max_bytes: usize,
}

/// A serialised answer.
pub struct Answer {
    pub content_type: String,
    pub body: Vec<u8>,
}

fn named(iri: &str, parameter: &'static str) -> Result<NamedNode, SparqlError> {
    NamedNode::new(iri).map_err(|_| SparqlError::InvalidIri { parameter, iri: iri.to_string() })
}

/// Parse, evaluate and serialise one query (blocking).
pub fn execute(store: &Store, base: &str, job: &Job, token: CancellationToken, deadline: Instant) -> Result<Answer, SparqlError> {
    // Relative IRIs in a query resolve against the endpoint (SPARQL 1.1 Protocol allows it).
    let evaluator = SparqlEvaluator::new()
        .with_base_iri(crate::uris::sparql(base))
        .map_err(|e| SparqlError::Internal(e.to_string()))?
        .with_cancellation_token(token);
    let mut prepared = match evaluator.parse_query(&job.text) {
        Ok(p) => p,
        Err(syntax) => {
            if SparqlEvaluator::new().parse_update(&job.text).is_ok() {
                return Err(SparqlError::Update);
            }
            return Err(SparqlError::Syntax(syntax.to_string()));
        }
    };
    if !job.default_graphs.is_empty() || !job.named_graphs.is_empty() {
        let defaults =
            job.default_graphs.iter().map(|g| named(g, "default-graph-uri").map(GraphName::NamedNode)).collect::<Result<Vec<_>, _>>()?;
        let nameds =
            job.named_graphs.iter().map(|g| named(g, "named-graph-uri").map(NamedOrBlankNode::NamedNode)).collect::<Result<Vec<_>, _>>()?;
        prepared.dataset_mut().set_default_graph(defaults);
        prepared.dataset_mut().set_available_named_graphs(nameds);
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared.on_store(store).execute()?;
    // Checked every 256 rows: the token stops evaluation, this stops serialisation.
    let check = |n: usize| -> Result<(), SparqlError> {
        if n >= job.max_rows {
            return Err(SparqlError::TooManyRows(job.max_rows));
        }
        if n.is_multiple_of(256) && Instant::now() > deadline {
            return Err(SparqlError::Timeout);
        }
        Ok(())
    };
    let results_serializer = |offer: Option<Offer>| -> Result<(Offer, QueryResultsSerializer), SparqlError> {
        let offer = offer.ok_or(SparqlError::NotAcceptable(ResultKind::Solutions))?;
        match offer.format.serializer() {
            Serializer::Results(f) => Ok((offer, QueryResultsSerializer::from_format(f))),
            _ => Err(SparqlError::NotAcceptable(ResultKind::Solutions)),
        }
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let (offer, serializer) = results_serializer(job.solutions_offer)?;
            let mut w = serializer
                .serialize_solutions_to_writer(shape::CappedWriter::new(job.max_bytes), solutions.variables().to_vec())
                .map_err(shape::write_error)?;
            for (n, s) in solutions.enumerate() {
                check(n)?;
                w.serialize(&s?).map_err(shape::write_error)?;
            }
            Ok(Answer { content_type: offer.content_type(), body: w.finish().map_err(shape::write_error)?.buf })
        }
        QueryResults::Boolean(b) => {
            let (offer, serializer) = results_serializer(job.solutions_offer)?;
            Ok(Answer { content_type: offer.content_type(), body: serializer.serialize_boolean_to_writer(Vec::new(), b)? })
        }
        QueryResults::Graph(triples) => {
            let offer = job.graph_offer.ok_or(SparqlError::NotAcceptable(ResultKind::Graph))?;
            let mut collected = Vec::new();
            for (n, t) in triples.enumerate() {
                check(n)?;
                collected.push(t?);
            }
            let body = serialize::triples_to_bytes(collected, offer.format.rdf(), base)?;
            if body.len() > job.max_bytes {
                return Err(SparqlError::ResultTooLarge(job.max_bytes));
            }
            Ok(Answer { content_type: offer.content_type(), body })
        }
    }
}

/// Stack of the evaluating thread in a worker process. Parsing and evaluation recurse over the
/// query tree; with the nesting cap (`shape`) this is ample. It counts against the worker's memory
/// cap, so it is not larger than needed.
const WORKER_STACK_BYTES: usize = 32 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{offers, Format};
    use oxigraph::model::{Literal, Quad};
    use std::time::Duration;

    fn store() -> Store {
        let store = Store::new().expect("memory store");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://x/graph/data"));
        for i in 0..5 {
            let s = NamedNode::new_unchecked(format!("http://x/id/thing/{i}"));
            let q = Quad::new(s, NamedNode::new_unchecked("http://purl.org/dc/terms/identifier"), Literal::from(i), g.clone());
            store.insert(&q).expect("insert");
        }
        store
    }

    fn job(text: &str, max_rows: usize) -> Job {
        Job {
            text: text.into(),
            default_graphs: Vec::new(),
            named_graphs: Vec::new(),
            solutions_offer: Some(offers::RESULTS[0]),
            graph_offer: Some(Format::NTriples.offer()),
            max_rows,
            max_bytes: 1 << 20,
        }
    }

    fn run_now(j: &Job) -> Result<Answer, SparqlError> {
        execute(&store(), "http://x", j, CancellationToken::new(), Instant::now() + Duration::from_secs(30))
    }

    #[test]
    fn the_default_graph_is_the_union_of_the_named_graphs() {
        let a = run_now(&job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 10)).expect("runs");
        assert_eq!(a.content_type, "application/sparql-results+json");
        assert!(String::from_utf8_lossy(&a.body).contains("\"5\""), "{}", String::from_utf8_lossy(&a.body));
    }

    #[test]
    fn refuses_updates_bad_syntax_and_too_many_rows() {
        assert!(matches!(run_now(&job("INSERT DATA { <a:b> <a:c> <a:d> }", 10)), Err(SparqlError::Update)));
        assert!(matches!(run_now(&job("SELECT WHERE {", 10)), Err(SparqlError::Syntax(_))));
        assert!(matches!(run_now(&job("SELECT * WHERE { ?s ?p ?o }", 3)), Err(SparqlError::TooManyRows(3))));
        let mut bad_graph = job("SELECT * WHERE { ?s ?p ?o }", 10);
        bad_graph.default_graphs = vec!["not an iri".into()];
        assert!(matches!(run_now(&bad_graph), Err(SparqlError::InvalidIri { parameter: "default-graph-uri", .. })));
        let mut wide = job("SELECT * WHERE { ?s ?p ?o }", 10);
        wide.max_bytes = 64;
        assert!(matches!(run_now(&wide), Err(SparqlError::ResultTooLarge(64))));
    }

    #[test]
    fn each_result_kind_needs_its_own_negotiated_format() {
        let mut j = job("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 10);
        let a = run_now(&j).expect("runs");
        assert_eq!(a.content_type, "application/n-triples; charset=utf-8");
        assert_eq!(String::from_utf8_lossy(&a.body).lines().count(), 5);
        j.graph_offer = None;
        assert!(matches!(run_now(&j), Err(SparqlError::NotAcceptable(ResultKind::Graph))));
        let mut ask = job("ASK { ?s ?p ?o }", 10);
        ask.solutions_offer = None;
        assert!(matches!(run_now(&ask), Err(SparqlError::NotAcceptable(ResultKind::Solutions))));
    }

    #[test]
    fn a_cancelled_evaluation_is_a_timeout() {
        let token = CancellationToken::new();
        token.cancel();
        let r = execute(&store(), "http://x", &job("SELECT * WHERE { ?s ?p ?o }", 10), token, Instant::now() + Duration::from_secs(30));
        assert!(matches!(r, Err(SparqlError::Timeout)), "{:?}", r.err());
    }
}
