//! SPARQL 1.1 Service Description of `/sparql` (served for a GET without a query).

use crate::formats::offers;
use crate::uris;

pub fn turtle(base: &str) -> String {
    let mut formats: Vec<String> = Vec::new();
    for o in offers::RESULTS.iter().chain(offers::GRAPH) {
        if let Some(iri) = o.format.w3c_iri() {
            let term = format!("<{iri}>");
            if !formats.contains(&term) {
                formats.push(term);
            }
        }
    }
    let formats = formats.join(",\n    ");
    format!(
        r#"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .
<{sparql}> a sd:Service ;
  sd:endpoint <{sparql}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat {formats} ;
  sd:feature sd:UnionDefaultGraph ;
  dct:title "tiltak SPARQL endpoint"@en, "tiltak SPARQL-endepunkt"@nb ;
  dct:description "Read-only SPARQL 1.1 endpoint over the tiltak data, vocabulary and DCAT catalogue. The default graph is the union of the named graphs. SERVICE never fetches other URLs; updates are refused."@en ;
  sd:defaultDataset [
    a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <{data}> ] ,
                  [ a sd:NamedGraph ; sd:name <{vocab}> ] ,
                  [ a sd:NamedGraph ; sd:name <{catalog}> ]
  ] .
"#,
        sparql = uris::sparql(base),
        data = uris::graph(base, "data"),
        vocab = uris::graph(base, "vocab"),
        catalog = uris::graph(base, "catalog"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_every_result_format_once() {
        let ttl = super::turtle("http://example.org");
        assert_eq!(ttl.matches("http://www.w3.org/ns/formats/").count(), 10);
        assert!(ttl.contains("SPARQL_Results_JSON") && ttl.contains("N-Quads"));
    }
}
