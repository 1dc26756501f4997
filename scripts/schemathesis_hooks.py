"""Value generators for the custom string formats in the OpenAPI document (src/openapi.rs).

OpenAPI cannot say "a valid SPARQL query" or "a cursor this server issued", so random strings of
those formats would be schema-valid yet rightly refused. These strategies produce the valid ones;
negative testing still sends non-strings and malformed values.
"""

import schemathesis
from hypothesis import strategies as st

# Real queries over the served vocabulary (each bounded, so none trips the time or row cap).
SPARQL_QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 10",
    "SELECT DISTINCT ?type WHERE { ?s a ?type } ORDER BY ?type LIMIT 50",
    "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?d WHERE { ?d a dcat:Dataset } LIMIT 20",
    "ASK { ?s ?p ?o }",
    "ASK { <urn:x:nothing> ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> } LIMIT 1",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
]

schemathesis.openapi.format("sparql-query", st.sampled_from(SPARQL_QUERIES))
# A valid cursor only comes from a page's `next`; without one, the valid value is the empty cursor.
schemathesis.openapi.format("tiltak-cursor", st.just(""))
