//! The pipe protocol between the server (`pool`) and a query worker process (`worker`):
//! length-prefixed frames (a 4-byte big-endian length, then the payload). A request is one JSON
//! frame; a reply is one JSON frame, followed by one raw frame with the body when it is an answer.

use super::{Job, ResultKind, SparqlError};
use crate::formats::{offers, Offer};
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Written by a worker once at start, so the server knows the executable really is a worker.
pub const HELLO: &[u8] = b"tiltak-sparql-worker/1";

/// Largest frame either side accepts (the result byte cap is far below).
const MAX_FRAME: usize = 1 << 30;

pub fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len()).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame too large"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(payload)?;
    w.flush()
}

/// `Ok(None)` at a clean end of input (the other side closed the pipe).
pub fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too large"));
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)?;
    Ok(Some(buf))
}

/// Which snapshot a request is for: its data version and the N-Quads dump of its store.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Data {
    pub version: String,
    pub dump: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Load (or keep) this snapshot, to be ready before the first query.
    Load(Data),
    Query(Query),
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Query {
    pub data: Data,
    pub base: String,
    pub text: String,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    /// Positions in `offers::RESULTS` and `offers::GRAPH`.
    pub solutions_offer: Option<usize>,
    pub graph_offer: Option<usize>,
    pub max_rows: usize,
    pub max_bytes: usize,
    pub timeout_ms: u64,
}

impl Query {
    pub fn new(data: Data, base: String, job: Job, timeout_ms: u64) -> Self {
        let position = |list: &[Offer], o: Option<Offer>| o.and_then(|o| list.iter().position(|x| *x == o));
        Query {
            data,
            base,
            solutions_offer: position(offers::RESULTS, job.solutions_offer),
            graph_offer: position(offers::GRAPH, job.graph_offer),
            text: job.text,
            default_graphs: job.default_graphs,
            named_graphs: job.named_graphs,
            max_rows: job.max_rows,
            max_bytes: job.max_bytes,
            timeout_ms,
        }
    }

    pub fn job(&self) -> Job {
        Job {
            text: self.text.clone(),
            default_graphs: self.default_graphs.clone(),
            named_graphs: self.named_graphs.clone(),
            solutions_offer: self.solutions_offer.and_then(|i| offers::RESULTS.get(i).copied()),
            graph_offer: self.graph_offer.and_then(|i| offers::GRAPH.get(i).copied()),
            max_rows: self.max_rows,
            max_bytes: self.max_bytes,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    Loaded,
    /// The body follows in the next frame.
    Answer {
        content_type: String,
    },
    Failed(Failure),
}

/// A `SparqlError` as it crosses the pipe.
#[derive(Debug, Serialize, Deserialize)]
pub enum Failure {
    Update,
    ServiceDisabled,
    Timeout,
    Syntax(String),
    Evaluation(String),
    TooManyRows(usize),
    ResultTooLarge(usize),
    TooLong { bytes: usize, limit: usize },
    TooDeep { depth: usize, limit: usize },
    InvalidIri { named: bool, iri: String },
    NotAcceptable { graph: bool },
    Internal(String),
}

impl From<SparqlError> for Failure {
    fn from(e: SparqlError) -> Self {
        match e {
            SparqlError::Update => Failure::Update,
            SparqlError::ServiceDisabled => Failure::ServiceDisabled,
            SparqlError::Timeout => Failure::Timeout,
            SparqlError::Syntax(s) => Failure::Syntax(s),
            SparqlError::Evaluation(s) => Failure::Evaluation(s),
            SparqlError::TooManyRows(n) => Failure::TooManyRows(n),
            SparqlError::ResultTooLarge(n) => Failure::ResultTooLarge(n),
            SparqlError::TooLong { bytes, limit } => Failure::TooLong { bytes, limit },
            SparqlError::TooDeep { depth, limit } => Failure::TooDeep { depth, limit },
            SparqlError::InvalidIri { parameter, iri } => Failure::InvalidIri { named: parameter == "named-graph-uri", iri },
            SparqlError::NotAcceptable(kind) => Failure::NotAcceptable { graph: kind == ResultKind::Graph },
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl From<Failure> for SparqlError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Update => SparqlError::Update,
            Failure::ServiceDisabled => SparqlError::ServiceDisabled,
            Failure::Timeout => SparqlError::Timeout,
            Failure::Syntax(s) => SparqlError::Syntax(s),
            Failure::Evaluation(s) => SparqlError::Evaluation(s),
            Failure::TooManyRows(n) => SparqlError::TooManyRows(n),
            Failure::ResultTooLarge(n) => SparqlError::ResultTooLarge(n),
            Failure::TooLong { bytes, limit } => SparqlError::TooLong { bytes, limit },
            Failure::TooDeep { depth, limit } => SparqlError::TooDeep { depth, limit },
            Failure::InvalidIri { named, iri } => {
                SparqlError::InvalidIri { parameter: if named { "named-graph-uri" } else { "default-graph-uri" }, iri }
            }
            Failure::NotAcceptable { graph } => SparqlError::NotAcceptable(if graph { ResultKind::Graph } else { ResultKind::Solutions }),
            Failure::Internal(s) => SparqlError::Internal(s),
        }
    }
}

pub fn encode<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(io::Error::other)
}

pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> io::Result<T> {
    serde_json::from_slice(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_closed_pipe_is_a_clean_end() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"one").expect("write");
        write_frame(&mut buf, b"").expect("write");
        let mut r = buf.as_slice();
        assert_eq!(read_frame(&mut r).expect("read").as_deref(), Some(&b"one"[..]));
        assert_eq!(read_frame(&mut r).expect("read").as_deref(), Some(&b""[..]));
        assert!(read_frame(&mut r).expect("read").is_none());
        // A frame cut short is an error, not a clean end.
        let mut cut = &buf[..5];
        assert!(read_frame(&mut cut).is_err());
    }

    #[test]
    fn errors_cross_the_pipe_unchanged() {
        let e = SparqlError::InvalidIri { parameter: "named-graph-uri", iri: "x y".into() };
        let back: SparqlError = decode::<Failure>(&encode(&Failure::from(e)).expect("enc")).expect("dec").into();
        assert!(matches!(back, SparqlError::InvalidIri { parameter: "named-graph-uri", .. }));
        let back: SparqlError = Failure::from(SparqlError::NotAcceptable(ResultKind::Graph)).into();
        assert!(matches!(back, SparqlError::NotAcceptable(ResultKind::Graph)));
    }
}
