//! Command line (clap). `tiltak` with no command serves.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "tiltak", version, about = "Open data on Norwegian public-sector digitalisation: JSON API, SPARQL endpoint and DCAT-AP-NO catalogue over one SQLite store of record.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the JSON API, SPARQL endpoint, linked data and catalogue (the default command).
    Serve(ServeArgs),
    /// Validate fixture files and import them into a database (all-or-nothing).
    Import(ImportArgs),
    /// Write a deterministic synthetic reconstruction of the 2018 row-level measures (import format).
    Synth(SynthArgs),
    /// Print the OpenAPI document (or write it to a file).
    Openapi {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the SQL schema generated from the entity specs.
    Schema,
    /// Print the DCAT-AP-NO catalogue exactly as the server serves it at /catalog.
    Catalog(CatalogArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TILTAK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// SQLite database file (created and filled from the fixtures if empty). Default: in memory.
    #[arg(long, env = "TILTAK_DB")]
    pub db: Option<PathBuf>,
    /// Public base URL for URIs and links (default: http://<bind>).
    #[arg(long, env = "TILTAK_BASE_URL")]
    pub base_url: Option<String>,
    /// Directory of fixture CSV files (default: the fixtures built into the binary).
    #[arg(long, env = "TILTAK_FIXTURES")]
    pub fixtures: Option<PathBuf>,
    /// Also load the synthetic 2018 measures (labelled synthetic; in-memory database only).
    #[arg(long)]
    pub demo: bool,
    /// Time limit of one SPARQL query, in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub sparql_timeout: f64,
    /// SPARQL queries run at once; more get 503 with Retry-After.
    #[arg(long, default_value_t = 4)]
    pub sparql_max_concurrent: usize,
    /// Load an extra RDF file (N-Triples/Turtle/RDF-XML by extension) into a named graph: IRI=PATH.
    /// Meant for conformance tests; repeatable.
    #[arg(long = "rdf-graph", value_name = "IRI=PATH")]
    pub rdf_graph: Vec<String>,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: std::env::var("TILTAK_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            db: std::env::var_os("TILTAK_DB").map(PathBuf::from),
            base_url: std::env::var("TILTAK_BASE_URL").ok(),
            fixtures: std::env::var_os("TILTAK_FIXTURES").map(PathBuf::from),
            demo: false,
            sparql_timeout: 10.0,
            sparql_max_concurrent: 4,
            rdf_graph: Vec::new(),
        }
    }
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Database file to import into (created and migrated if needed).
    #[arg(long, env = "TILTAK_DB", default_value = "tiltak.db")]
    pub db: PathBuf,
    /// Directory with fixture CSV files; files present replace their tables. Default: the shipped fixtures.
    pub dir: Option<PathBuf>,
    /// Only validate (every problem as `file:line: column: problem`); write nothing. References to
    /// entities without a file resolve against the --db database if it exists, else they must be in DIR.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Public base URL the catalogue's IRIs are built from.
    #[arg(long, env = "TILTAK_BASE_URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
    /// RDF syntax: ttl, rdf (RDF/XML), jsonld or nt (the formats /catalog offers).
    #[arg(long, default_value = "ttl")]
    pub format: String,
    /// SQLite database file, as for `serve` (the catalogue's dates and quality notes come from the data).
    #[arg(long, env = "TILTAK_DB")]
    pub db: Option<PathBuf>,
    /// Directory of fixture CSV files, as for `serve`. Default: the fixtures built into the binary.
    #[arg(long, env = "TILTAK_FIXTURES")]
    pub fixtures: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Random seed (same seed, same rows).
    #[arg(long, default_value_t = 2018)]
    pub seed: u64,
    /// Multiply every published count (412 rows at scale 1).
    #[arg(long, default_value_t = 1)]
    pub scale: usize,
    /// Output directory (measures.csv is written there).
    #[arg(long, default_value = "synth")]
    pub out: PathBuf,
}
