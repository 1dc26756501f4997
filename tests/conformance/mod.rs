//! W3C SPARQL 1.1 Protocol and Service Description conformance: `check_manifest(path, &ignored)`
//! reads one vendored manifest in `tests/w3c/` with Oxigraph, starts the real server (shared
//! `tests/common`) with the manifest's `ut:graphData` files loaded as named graphs, replays every
//! `ht:Request` against `/sparql` (or runs the service-description checks) and returns a [`Report`].
//! How the manifests are interpreted (read-only endpoint: update tests must be refused with a 4xx)
//! is described in `tests/w3c/HARNESS.md`.

use crate::common::{spawn_with, Resp, TestApp};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const HT: &str = "http://www.w3.org/2011/http#";
const HTS: &str = "http://www.w3.org/2011/http-statusCodes#";
const CNT: &str = "http://www.w3.org/2011/content#";
const UT: &str = "http://www.w3.org/2009/sparql/tests/test-update#";
const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

// ---------------------------------------------------------------------------------------------
// Manifest model
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// `hts:StatusCode2xx` etc.: any code of that class.
    Class(u16),
    /// `hts:StatusCode404` etc.
    Exact(u16),
}

impl Status {
    fn matches(self, code: u16) -> bool {
        match self {
            Status::Class(c) => code / 100 == c,
            Status::Exact(e) => code == e,
        }
    }
    fn label(self) -> String {
        match self {
            Status::Class(c) => format!("{c}xx"),
            Status::Exact(e) => e.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
struct Body {
    chars: String,
    encoding: String,
}

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Body>,
    expected_status: Vec<Status>,
    expected_boolean: Option<bool>,
    expected_format: Option<String>,
}

#[derive(Debug, Clone)]
struct ProtocolTest {
    id: String,
    name: String,
    requests: Vec<Request>,
}

#[derive(Debug, Clone)]
struct SdTest {
    id: String,
    name: String,
}

fn nn(iri: &str) -> NamedNodeRef<'_> {
    NamedNodeRef::new_unchecked(iri)
}

fn p(ns: &str, local: &str) -> String {
    format!("{ns}{local}")
}

struct Manifest {
    graph: Graph,
    root: NamedOrBlankNode,
}

impl Manifest {
    fn load(path: &Path) -> Manifest {
        let base = file_iri(path);
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let parser = RdfParser::from_format(RdfFormat::Turtle).with_base_iri(base.clone()).expect("valid base IRI");
        let mut graph = Graph::new();
        for quad in parser.for_slice(&bytes) {
            let quad = quad.unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            graph.insert(&Triple::from(quad));
        }
        let root = NamedOrBlankNode::from(NamedNode::new(base).expect("IRI"));
        assert!(
            graph.contains(oxigraph::model::TripleRef::new(&root, nn(&p(RDF, "type")), nn(&p(MF, "Manifest")))),
            "{} has no <> a mf:Manifest",
            path.display()
        );
        Manifest { graph, root }
    }

    fn objects(&self, s: &NamedOrBlankNode, pred: &str) -> Vec<Term> {
        self.graph.objects_for_subject_predicate(s, nn(pred)).map(|t| t.into_owned()).collect()
    }

    fn object(&self, s: &NamedOrBlankNode, pred: &str) -> Option<Term> {
        let mut all = self.objects(s, pred);
        assert!(all.len() <= 1, "{s} has {} values for <{pred}>, expected at most one", all.len());
        all.pop()
    }

    fn literal(&self, s: &NamedOrBlankNode, pred: &str) -> Option<String> {
        self.object(s, pred).map(|t| match t {
            Term::Literal(l) => l.value().to_string(),
            other => panic!("{s} <{pred}> is not a literal: {other}"),
        })
    }

    fn node(&self, s: &NamedOrBlankNode, pred: &str) -> Option<NamedOrBlankNode> {
        self.object(s, pred).map(as_node)
    }

    /// Members of an RDF collection (rdf:first / rdf:rest ... rdf:nil).
    fn list(&self, head: Term) -> Vec<Term> {
        let nil = p(RDF, "nil");
        let mut out = Vec::new();
        let mut cur = head;
        loop {
            if matches!(&cur, Term::NamedNode(n) if n.as_str() == nil) {
                return out;
            }
            let node = as_node(cur);
            out.push(self.object(&node, &p(RDF, "first")).unwrap_or_else(|| panic!("list node {node} has no rdf:first")));
            cur = self.object(&node, &p(RDF, "rest")).unwrap_or_else(|| panic!("list node {node} has no rdf:rest"));
        }
    }

    fn entries(&self) -> Vec<NamedOrBlankNode> {
        let head = self.object(&self.root, &p(MF, "entries")).expect("manifest has mf:entries");
        self.list(head).into_iter().map(as_node).collect()
    }
}

fn as_node(t: Term) -> NamedOrBlankNode {
    match t {
        Term::NamedNode(n) => n.into(),
        Term::BlankNode(b) => b.into(),
        other => panic!("expected a node, found {other}"),
    }
}

fn local_name(n: &NamedOrBlankNode) -> String {
    match n {
        NamedOrBlankNode::NamedNode(n) => n.as_str().rsplit(['#', '/']).next().unwrap_or("").to_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn file_iri(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    format!("file://{}", abs.display())
}

fn iri_to_path(iri: &str) -> PathBuf {
    PathBuf::from(iri.strip_prefix("file://").unwrap_or_else(|| panic!("ut:graph <{iri}> is not a local file")))
}

fn status_of(t: &Term) -> Status {
    let Term::NamedNode(n) = t else { panic!("mf:expectedStatus {t} is not an IRI") };
    let code = n.as_str().strip_prefix(&format!("{HTS}StatusCode")).unwrap_or_else(|| panic!("unknown status {n}"));
    if let Some(class) = code.strip_suffix("xx") {
        Status::Class(class.parse().unwrap_or_else(|_| panic!("unknown status {n}")))
    } else {
        Status::Exact(code.parse().unwrap_or_else(|_| panic!("unknown status {n}")))
    }
}

/// The protocol tests and the union of their `ut:graphData` (graph IRI, file).
fn read_protocol_manifest(m: &Manifest) -> (Vec<ProtocolTest>, Vec<(String, PathBuf)>) {
    let mut tests = Vec::new();
    let mut graphs: Vec<(String, PathBuf)> = Vec::new();
    for entry in m.entries() {
        let id = local_name(&entry);
        let name = m.literal(&entry, &p(MF, "name")).unwrap_or_else(|| panic!("{id} has no mf:name"));
        for gd in m.objects(&entry, &p(UT, "graphData")) {
            let gd = as_node(gd);
            let file = match m.object(&gd, &p(UT, "graph")) {
                Some(Term::NamedNode(f)) => iri_to_path(f.as_str()),
                other => panic!("{id}: ut:graph is {other:?}"),
            };
            let label = m.literal(&gd, &p(RDFS, "label")).unwrap_or_else(|| panic!("{id}: ut:graphData without rdfs:label"));
            match graphs.iter().find(|(l, _)| *l == label) {
                Some((_, f)) => {
                    assert_eq!(f, &file, "graph <{label}> is given two different files")
                }
                None => graphs.push((label, file)),
            }
        }
        let action = m.node(&entry, &p(MF, "action")).unwrap_or_else(|| panic!("{id} has no mf:action"));
        let reqs = m.object(&action, &p(HT, "requests")).unwrap_or_else(|| panic!("{id} has no ht:requests"));
        let mut requests = Vec::new();
        for r in m.list(reqs) {
            let r = as_node(r);
            let method = m.literal(&r, &p(HT, "methodName")).unwrap_or_else(|| panic!("{id}: request without ht:methodName"));
            let path = m.literal(&r, &p(HT, "absolutePath")).unwrap_or_else(|| panic!("{id}: request without ht:absolutePath"));
            let mut headers = Vec::new();
            if let Some(h) = m.object(&r, &p(HT, "headers")) {
                for h in m.list(h) {
                    let h = as_node(h);
                    headers.push((
                        m.literal(&h, &p(HT, "fieldName")).expect("ht:fieldName"),
                        m.literal(&h, &p(HT, "fieldValue")).expect("ht:fieldValue"),
                    ));
                }
            }
            let body = m.node(&r, &p(HT, "body")).map(|b| Body {
                chars: m.literal(&b, &p(CNT, "chars")).unwrap_or_else(|| panic!("{id}: body without cnt:chars")),
                encoding: m.literal(&b, &p(CNT, "characterEncoding")).unwrap_or_else(|| "UTF-8".into()),
            });
            let resp = m.node(&r, &p(HT, "resp")).unwrap_or_else(|| panic!("{id}: request without ht:resp"));
            let mut expected_status: Vec<Status> = m.objects(&resp, &p(MF, "expectedStatus")).iter().map(status_of).collect();
            expected_status.sort_by_key(|s| match *s {
                Status::Class(c) => (c * 100, 0),
                Status::Exact(e) => (e, 1),
            });
            assert!(!expected_status.is_empty(), "{id}: response without mf:expectedStatus");
            let expected_boolean = m.object(&resp, &p(MF, "expectedBoolean")).map(|t| match t {
                Term::Literal(l) if l.value() == "true" || l.value() == "1" => true,
                Term::Literal(l) if l.value() == "false" || l.value() == "0" => false,
                other => panic!("{id}: mf:expectedBoolean {other}"),
            });
            let expected_format = m.literal(&resp, &p(MF, "expectedFormat"));
            requests.push(Request { method, path, headers, body, expected_status, expected_boolean, expected_format });
        }
        assert!(!requests.is_empty(), "{id}: empty ht:requests");
        tests.push(ProtocolTest { id, name, requests });
    }
    graphs.sort();
    (tests, graphs)
}

fn read_sd_manifest(m: &Manifest) -> Vec<SdTest> {
    m.entries().into_iter().map(|e| SdTest { id: local_name(&e), name: m.literal(&e, &p(MF, "name")).unwrap_or_default() }).collect()
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

/// Send with the manifest's owned header pairs (transport errors become test failures).
fn send(app: &TestApp, method: &str, path: &str, headers: &[(String, String)], body: Option<Vec<u8>>) -> Result<Resp, String> {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.send(method, path, &headers, body.as_deref())
}

/// Bytes of `chars` in the manifest's `cnt:characterEncoding` (encoded by hand; no codec crate).
fn encode(chars: &str, encoding: &str) -> Result<Vec<u8>, String> {
    let be = |with_bom: bool| {
        let mut out = if with_bom { vec![0xFE, 0xFF] } else { Vec::new() };
        for unit in chars.encode_utf16() {
            out.extend_from_slice(&unit.to_be_bytes());
        }
        out
    };
    match encoding.to_ascii_uppercase().replace('_', "-").as_str() {
        "UTF-8" | "UTF8" => Ok(chars.as_bytes().to_vec()),
        // "UTF-16" without a byte order: big-endian with a byte-order mark (RFC 2781 §4.3, as Java encodes it).
        "UTF-16" => Ok(be(true)),
        "UTF-16BE" => Ok(be(false)),
        "UTF-16LE" => Ok(chars.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()),
        "ISO-8859-1" | "LATIN1" | "LATIN-1" => {
            chars.chars().map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("{c:?} is not in ISO-8859-1"))).collect()
        }
        "US-ASCII" | "ASCII" => {
            if chars.is_ascii() {
                Ok(chars.as_bytes().to_vec())
            } else {
                Err("body is not ASCII".into())
            }
        }
        other => Err(format!("the harness cannot encode cnt:characterEncoding {other:?}")),
    }
}

/// `/sparql/...` in the manifest → this server's endpoint `/sparql...`.
fn rewrite_path(path: &str) -> Result<String, String> {
    let rest = path.strip_prefix("/sparql/").ok_or_else(|| format!("ht:absolutePath {path:?} does not start with /sparql/"))?;
    if rest.is_empty() || rest.starts_with('?') {
        Ok(format!("/sparql{rest}"))
    } else {
        Err(format!("ht:absolutePath {path:?} names a resource below the endpoint"))
    }
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn form_pairs(s: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(s).unwrap_or_default()
}

/// Parameter values from the request's URL and (for a form POST) its body.
fn params(req: &Request, name: &str) -> Vec<String> {
    let mut out: Vec<String> = match req.path.split_once('?') {
        Some((_, q)) => form_pairs(q).into_iter().filter(|(k, _)| k == name).map(|(_, v)| v).collect(),
        None => Vec::new(),
    };
    let is_form = header(req, "content-type").is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if let (true, Some(b)) = (is_form, &req.body) {
        out.extend(form_pairs(&b.chars).into_iter().filter(|(k, _)| k == name).map(|(_, v)| v));
    }
    out
}

/// A SPARQL Update operation (direct POST or an `update` parameter).
fn is_update_request(req: &Request) -> bool {
    header(req, "content-type").is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/sparql-update"))
        || !params(req, "update").is_empty()
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// What a response body was parsed as.
enum Parsed {
    Boolean(bool),
    Tabular(usize),
}

fn parse_results(resp: &Resp) -> Result<Parsed, String> {
    let mt = resp.media_type();
    let format = match mt.as_str() {
        "application/sparql-results+json" => QueryResultsFormat::Json,
        "application/sparql-results+xml" => QueryResultsFormat::Xml,
        "text/csv" => QueryResultsFormat::Csv,
        "text/tab-separated-values" => QueryResultsFormat::Tsv,
        _ => return Err(format!("Content-Type {:?} is not a SPARQL results format", resp.content_type())),
    };
    match QueryResultsParser::from_format(format).for_slice(&resp.body).map_err(|e| format!("{mt} does not parse: {e}"))? {
        SliceQueryResultsParserOutput::Boolean(b) => Ok(Parsed::Boolean(b)),
        SliceQueryResultsParserOutput::Solutions(solutions) => {
            let mut n = 0;
            for s in solutions {
                s.map_err(|e| format!("{mt} does not parse: {e}"))?;
                n += 1;
            }
            Ok(Parsed::Tabular(n))
        }
    }
}

fn parse_rdf(resp: &Resp, base: &str) -> Result<Vec<Triple>, String> {
    let mt = resp.media_type();
    let format = RdfFormat::from_media_type(&mt).ok_or_else(|| format!("Content-Type {:?} is not an RDF format", resp.content_type()))?;
    let parser = RdfParser::from_format(format).with_base_iri(base).map_err(|e| e.to_string())?;
    parser.for_slice(&resp.body).map(|q| q.map(Triple::from).map_err(|e| format!("{mt} does not parse: {e}"))).collect()
}

/// Check one response against the manifest's expectations. `invert_boolean`: the request is a
/// follow-up query of an update test, whose update was (correctly) refused, so the answer must be
/// the opposite of what the manifest expects after a successful update.
fn check_response(req: &Request, resp: &Resp, base: &str, invert_boolean: bool) -> Result<String, String> {
    if !req.expected_status.iter().any(|s| s.matches(resp.status)) {
        let want: Vec<String> = req.expected_status.iter().map(|s| s.label()).collect();
        return Err(format!("expected {} but got {}", want.join("|"), resp.snippet()));
    }
    let mut detail = format!("{}", resp.status);
    let format = req.expected_format.as_deref().or(req.expected_boolean.map(|_| "boolean"));
    match format {
        None => {}
        Some("boolean") => match parse_results(resp)? {
            Parsed::Boolean(b) => {
                if !matches!(resp.media_type().as_str(), "application/sparql-results+json" | "application/sparql-results+xml") {
                    return Err(format!("boolean result in {:?} (expected SPARQL JSON or XML)", resp.content_type()));
                }
                if let Some(expected) = req.expected_boolean {
                    let expected = expected != invert_boolean;
                    if b != expected {
                        return Err(format!("expected boolean {expected}, got {b} ({})", resp.snippet()));
                    }
                }
                detail = format!("{} {} boolean {b}", resp.status, resp.media_type());
            }
            _ => return Err(format!("expected a boolean result, got solutions ({})", resp.snippet())),
        },
        Some("tabular") => match parse_results(resp)? {
            Parsed::Tabular(n) => detail = format!("{} {} {n} row(s)", resp.status, resp.media_type()),
            _ => return Err(format!("expected tabular results, got a boolean ({})", resp.snippet())),
        },
        Some("RDF") => {
            let triples = parse_rdf(resp, base)?;
            detail = format!("{} {} {} triple(s)", resp.status, resp.media_type(), triples.len());
        }
        Some(other) => return Err(format!("unknown mf:expectedFormat {other:?}")),
    }
    Ok(detail)
}

fn replay(app: &TestApp, req: &Request) -> Result<Resp, String> {
    let path = rewrite_path(&req.path)?;
    let body = match &req.body {
        Some(b) => Some(encode(&b.chars, &b.encoding)?),
        None => None,
    };
    send(app, &req.method, &path, &req.headers, body)
}

/// One ASK that is true iff every triple of every loaded data file is still in its named graph.
fn graphs_intact_query(graphs: &[(String, PathBuf)]) -> String {
    let mut q = String::from("ASK {\n");
    for (iri, file) in graphs {
        let bytes = std::fs::read(file).expect("data file");
        q.push_str(&format!("  GRAPH <{iri}> {{\n"));
        for quad in RdfParser::from_format(RdfFormat::NTriples).for_slice(&bytes) {
            let t = Triple::from(quad.expect("data file parses"));
            q.push_str(&format!("    {} {} {} .\n", t.subject, t.predicate, t.object));
        }
        q.push_str("  }\n");
    }
    q.push('}');
    q
}

fn graphs_intact(app: &TestApp, query: &str) -> Result<(), String> {
    let headers = vec![
        ("content-type".to_string(), "application/sparql-query".to_string()),
        ("accept".into(), "application/sparql-results+json".into()),
    ];
    let resp = send(app, "POST", "/sparql", &headers, Some(query.as_bytes().to_vec()))?;
    match (resp.status, parse_results(&resp)?) {
        (200, Parsed::Boolean(true)) => Ok(()),
        _ => Err(format!("the loaded test graphs changed after the update request ({})", resp.snippet())),
    }
}

fn run_protocol_test(app: &TestApp, t: &ProtocolTest, intact_query: &str) -> Result<String, String> {
    let is_update_test = t.id.starts_with("update_");
    let mut details = Vec::new();
    let mut refused = 0;
    for (i, req) in t.requests.iter().enumerate() {
        let resp = replay(app, req).map_err(|e| format!("request {}: {e}", i + 1))?;
        if is_update_test && is_update_request(req) {
            // Read-only endpoint: the update must be refused with a 4xx (whatever the manifest expects).
            if resp.status / 100 != 4 {
                return Err(format!("request {}: update must be refused with 4xx, got {}", i + 1, resp.snippet()));
            }
            refused += 1;
            details.push(format!("update refused {}", resp.status));
        } else {
            let d = check_response(req, &resp, &app.base, is_update_test).map_err(|e| format!("request {}: {e}", i + 1))?;
            details.push(d);
        }
    }
    if is_update_test {
        if refused == 0 {
            return Err("an update_* test without an update request".into());
        }
        graphs_intact(app, intact_query)?;
        details.push("graphs intact".into());
    }
    Ok(details.join("; "))
}

// ---------------------------------------------------------------------------------------------
// Service description (the manifest has no HTTP: the three checks are implemented here)
// ---------------------------------------------------------------------------------------------

fn fetch_sd(app: &TestApp, accept: Option<&str>) -> Result<(Resp, Vec<Triple>), String> {
    let headers: Vec<(String, String)> = accept.map(|a| vec![("accept".to_string(), a.to_string())]).unwrap_or_default();
    let resp = send(app, "GET", "/sparql", &headers, None)?;
    if resp.status != 200 {
        return Err(format!("GET /sparql (Accept {accept:?}): {}", resp.snippet()));
    }
    let triples = parse_rdf(&resp, &format!("{}/sparql", app.base)).map_err(|e| format!("GET /sparql (Accept {accept:?}): {e}"))?;
    if triples.is_empty() {
        return Err(format!("GET /sparql (Accept {accept:?}): empty graph"));
    }
    Ok((resp, triples))
}

fn sd_graph(triples: Vec<Triple>) -> Graph {
    let mut g = Graph::new();
    for t in &triples {
        g.insert(t);
    }
    g
}

fn sd_returns_rdf(app: &TestApp) -> Result<String, String> {
    let mut seen = Vec::new();
    // No Accept (ureq sends */*), then the two RDF syntaxes SD clients commonly ask for.
    for (accept, want) in
        [(None, None), (Some("text/turtle"), Some("text/turtle")), (Some("application/rdf+xml"), Some("application/rdf+xml"))]
    {
        let (resp, triples) = fetch_sd(app, accept)?;
        if let Some(w) = want {
            if resp.media_type() != w {
                return Err(format!("Accept {w} answered with {:?}", resp.content_type()));
            }
        }
        seen.push(format!("{} ({} triples)", resp.media_type(), triples.len()));
    }
    Ok(seen.join(", "))
}

fn sd_has_endpoint(app: &TestApp) -> Result<String, String> {
    let (_, triples) = fetch_sd(app, None)?;
    let endpoint = format!("{}/sparql", app.base);
    let g = sd_graph(triples);
    let subjects: Vec<_> = g.subjects_for_predicate_object(nn(&p(SD, "endpoint")), nn(&endpoint)).collect();
    if subjects.is_empty() {
        return Err(format!("no ?s sd:endpoint <{endpoint}>"));
    }
    Ok(format!("{} sd:endpoint <{endpoint}>", subjects[0]))
}

fn sd_conforms(app: &TestApp) -> Result<String, String> {
    let (_, triples) = fetch_sd(app, None)?;
    let g = sd_graph(triples);
    let services: Vec<NamedOrBlankNode> =
        g.subjects_for_predicate_object(nn(&p(RDF, "type")), nn(&p(SD, "Service"))).map(|s| s.into_owned()).collect();
    if services.len() != 1 {
        return Err(format!("expected one sd:Service, found {}", services.len()));
    }
    let s = &services[0];
    let objs = |subj: &NamedOrBlankNode, pred: &str| -> Vec<Term> {
        g.objects_for_subject_predicate(subj, nn(pred)).map(|t| t.into_owned()).collect()
    };
    let endpoints = objs(s, &p(SD, "endpoint"));
    if endpoints.is_empty() || !endpoints.iter().all(|t| matches!(t, Term::NamedNode(_))) {
        return Err(format!("sd:Service needs sd:endpoint IRI(s), has {endpoints:?}"));
    }
    let languages = objs(s, &p(SD, "supportedLanguage"));
    let allowed = [p(SD, "SPARQL10Query"), p(SD, "SPARQL11Query"), p(SD, "SPARQL11Update")];
    if languages.is_empty() {
        return Err("sd:Service has no sd:supportedLanguage".into());
    }
    for l in &languages {
        match l {
            Term::NamedNode(n) if allowed.iter().any(|a| a == n.as_str()) => {}
            other => return Err(format!("sd:supportedLanguage {other} is not an sd:Language instance")),
        }
    }
    // The endpoint refuses updates, so it must not advertise SPARQL 1.1 Update.
    if languages.iter().any(|l| matches!(l, Term::NamedNode(n) if n.as_str() == p(SD, "SPARQL11Update"))) {
        return Err("advertises sd:SPARQL11Update but the endpoint is read-only".into());
    }
    // IRI-valued properties (ranges in the SD vocabulary are IRIs / instances with IRIs).
    for prop in [
        "resultFormat",
        "inputFormat",
        "feature",
        "extensionFunction",
        "extensionAggregate",
        "languageExtension",
        "propertyFeature",
        "defaultEntailmentRegime",
    ] {
        for v in objs(s, &p(SD, prop)) {
            if !matches!(v, Term::NamedNode(_)) {
                return Err(format!("sd:{prop} value {v} is not an IRI"));
            }
        }
    }
    let mut named = 0;
    for ds in objs(s, &p(SD, "defaultDataset")).into_iter().chain(objs(s, &p(SD, "availableGraphs"))) {
        let ds = match ds {
            Term::Literal(l) => return Err(format!("dataset value {l} is a literal")),
            t => as_node(t),
        };
        for ng in objs(&ds, &p(SD, "namedGraph")) {
            let ng = match ng {
                Term::Literal(l) => return Err(format!("sd:namedGraph value {l} is a literal")),
                t => as_node(t),
            };
            let names = objs(&ng, &p(SD, "name"));
            if names.len() != 1 || !matches!(names[0], Term::NamedNode(_)) {
                return Err(format!("sd:NamedGraph {ng} needs exactly one sd:name IRI, has {names:?}"));
            }
            named += 1;
        }
        for dg in objs(&ds, &p(SD, "defaultGraph")) {
            if matches!(dg, Term::Literal(_)) {
                return Err(format!("sd:defaultGraph value {dg} is a literal"));
            }
        }
    }
    Ok(format!("sd:Service {s}: {} endpoint(s), {} language(s), {named} named graph(s)", endpoints.len(), languages.len()))
}

// ---------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------

/// Outcome of one manifest: one line per test (`PASS|FAIL|SKIP id (detail)`), and the failures.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub passed: usize,
    pub failures: Vec<String>,
    pub ignored: usize,
}

impl Report {
    fn record(&mut self, id: &str, name: &str, outcome: Result<String, String>) {
        match outcome {
            Ok(d) => {
                self.passed += 1;
                self.lines.push(format!("PASS {id} ({d})"));
            }
            Err(e) => {
                self.lines.push(format!("FAIL {id} ({e}) — {name}"));
                self.failures.push(format!("{id}: {e}"));
            }
        }
    }
    /// Tests run (ignored ones are not counted).
    pub fn total(&self) -> usize {
        self.passed + self.failures.len()
    }
}

/// Run every test of the manifest at `path` except those whose id is in `ignored`.
pub fn check_manifest(path: &Path, ignored: &[&str]) -> Report {
    let m = Manifest::load(path);
    let sd_test = p(MF, "ServiceDescriptionTest");
    let entries = m.entries();
    let is_sd = !entries.is_empty()
        && entries.iter().all(|e| m.objects(e, &p(RDF, "type")).iter().any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == sd_test)));
    let mut report = Report::default();
    // Shipped fixtures, unless TILTAK_FIXTURES names another directory (as for `tiltak serve`).
    let fixtures = std::env::var_os("TILTAK_FIXTURES").filter(|v| !v.is_empty()).map(PathBuf::from);
    if is_sd {
        let app = spawn_with(|c| {
            c.fixtures = fixtures;
            c.pool_size = 2;
        });
        for t in read_sd_manifest(&m) {
            if ignored.contains(&t.id.as_str()) {
                report.ignored += 1;
                report.lines.push(format!("SKIP sd:{}", t.id));
                continue;
            }
            let outcome = match t.id.as_str() {
                "returns-rdf" => sd_returns_rdf(&app),
                "has-endpoint-triple" => sd_has_endpoint(&app),
                "conforms-to-schema" => sd_conforms(&app),
                other => Err(format!("no check implemented for service-description test {other}")),
            };
            report.record(&format!("sd:{}", t.id), &t.name, outcome);
        }
        return report;
    }
    let (tests, graphs) = read_protocol_manifest(&m);
    let dir = path.parent().unwrap_or(Path::new("."));
    // Graphs a request names but the manifest gives no data for (…/data0.rdf): not loaded.
    let loaded: BTreeSet<&str> = graphs.iter().map(|(g, _)| g.as_str()).collect();
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for t in &tests {
        for r in &t.requests {
            for name in ["default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"] {
                missing.extend(params(r, name).into_iter().filter(|g| !loaded.contains(g.as_str())));
            }
        }
    }
    for (g, f) in &graphs {
        report.lines.push(format!("load <{g}> from {}", f.strip_prefix(dir).unwrap_or(f).display()));
    }
    for g in &missing {
        report.lines.push(format!("note: <{g}> is named by a request but the manifest gives no data for it: not loaded (empty graph)"));
    }
    let intact_query = graphs_intact_query(&graphs);
    let app = spawn_with(|c| {
        c.extra_graphs = graphs.clone();
        c.fixtures = fixtures;
        c.pool_size = 2;
    });
    graphs_intact(&app, &intact_query).expect("the test graphs are loaded before the run");
    for t in &tests {
        if ignored.contains(&t.id.as_str()) {
            report.ignored += 1;
            report.lines.push(format!("SKIP {}", t.id));
            continue;
        }
        report.record(&t.id, &t.name, run_protocol_test(&app, t, &intact_query));
    }
    report
}
