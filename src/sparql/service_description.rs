//! SPARQL 1.1 Service Description, answered for `GET /sparql` without a query.

use crate::error::ApiError;
use crate::rdf::serialize::{self, GRAPH_OFFERS};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

pub fn turtle(base: &str) -> String {
    format!(
        r#"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .
<{base}/sparql> a sd:Service ;
  sd:endpoint <{base}/sparql> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
    <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
    <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/RDF_XML>,
    <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/TriG>, <http://www.w3.org/ns/formats/N-Quads> ;
  sd:feature sd:UnionDefaultGraph ;
  dct:title "tiltak SPARQL endpoint"@en, "tiltak SPARQL-endepunkt"@nb ;
  dct:description "Read-only SPARQL 1.1 endpoint over the tiltak data, vocabulary and DCAT catalogue. The default graph is the union of the named graphs. SERVICE never fetches other URLs; updates are refused."@en ;
  sd:defaultDataset [
    a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <{base}/graph/data> ] ,
                  [ a sd:NamedGraph ; sd:name <{base}/graph/vocab> ] ,
                  [ a sd:NamedGraph ; sd:name <{base}/graph/catalog> ]
  ] .
"#
    )
}

pub fn respond(req: &HttpRequest, state: &AppState, format: Option<&str>) -> Result<HttpResponse, ApiError> {
    let base = &state.config.base_url;
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let offer = super::choose_format(format, accept, GRAPH_OFFERS)?;
    let ttl = turtle(base);
    let body = if offer.format == "ttl" {
        ttl.into_bytes()
    } else {
        let quads: Vec<oxigraph::model::Quad> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(ttl.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        serialize::quads_to_bytes(quads, serialize::format_of(&offer), base).map_err(|e| ApiError::Internal(e.to_string()))?
    };
    Ok(HttpResponse::Ok().content_type(serialize::content_type(&offer)).insert_header((header::VARY, "Accept")).body(body))
}
