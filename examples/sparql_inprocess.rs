//! Times a fixed SPARQL query mix directly on the oxigraph library (no HTTP), over an N-Quads dump.
//! Used by scripts/bench.sh to compute the HTTP layer's overhead.
//! Usage: cargo run --release --example sparql_inprocess -- DUMP.nq QUERIES.rq [REPEATS]
//! QUERIES.rq holds one query per block, blocks separated by a line `#---`.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dump = args.get(1).ok_or("usage: DUMP.nq QUERIES.rq [REPEATS]")?;
    let queries = std::fs::read_to_string(args.get(2).ok_or("missing QUERIES.rq")?)?;
    let repeats: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(20);
    let store = Store::new()?;
    store.load_from_slice(RdfParser::from_format(RdfFormat::NQuads), &std::fs::read(dump)?)?;
    for (i, q) in queries.split("#---").map(str::trim).filter(|q| !q.is_empty()).enumerate() {
        let mut times = Vec::with_capacity(repeats);
        let mut rows = 0;
        for _ in 0..repeats {
            let started = Instant::now();
            let mut prepared = SparqlEvaluator::new().parse_query(q)?;
            prepared.dataset_mut().set_default_graph_as_union();
            // Serialise as SPARQL JSON, as the endpoint does, so the comparison is like for like.
            rows = match prepared.on_store(&store).execute()? {
                QueryResults::Solutions(s) => {
                    let mut w = QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                        .serialize_solutions_to_writer(Vec::new(), s.variables().to_vec())?;
                    let mut n = 0;
                    for sol in s {
                        w.serialize(&sol?)?;
                        n += 1;
                    }
                    std::hint::black_box(w.finish()?);
                    n
                }
                QueryResults::Boolean(_) => 1,
                QueryResults::Graph(t) => t.count(),
            };
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!("q{}\t{:.3}\t{}", i + 1, times[times.len() / 2], rows);
    }
    Ok(())
}
