#!/usr/bin/env python3
"""Assemble tests/catalog/sample-served-catalog.ttl: a static stand-in for what the server emits at
/catalog.ttl, used to test scripts/validate_catalog.sh without a running server.

It takes catalog/catalog.ttl, resolves its relative IRIs against BASE (like the server does),
adds what the server computes (literal dct:identifier = the IRI on the catalogue, datasets and
services; dct:modified), and ONE sample distribution shaped like those in src/catalog.rs.

Usage (needs rdflib, e.g. the venv scripts/validate_catalog.sh creates):
    python3 tests/catalog/assemble_sample.py [BASE] > tests/catalog/sample-served-catalog.ttl
"""
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")
MODIFIED = Literal("2026-11-23", datatype=XSD.date)
EU = "http://publications.europa.eu/resource/authority"
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")

root = Path(__file__).resolve().parents[2]
g = Graph()
g.parse(root / "catalog" / "catalog.ttl", format="turtle", publicID=f"{BASE}/")

# What the server adds: identifiers and dct:modified.
for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.DataService):
    for s in g.subjects(RDF.type, cls):
        g.add((s, DCTERMS.identifier, Literal(str(s))))
for cls in (DCAT.Catalog, DCAT.Dataset):
    for s in g.subjects(RDF.type, cls):
        g.add((s, DCTERMS.modified, MODIFIED))

# One distribution, as src/catalog.rs builds them (JSON through the API).
ds = URIRef(f"{BASE}/catalog/datasets/survey-2018")
dist = URIRef(f"{ds}/distributions/statistics-json")
licence = g.value(ds, DCTERMS.license)
url = f"{BASE}/api/v1/statistics?survey_id=2018"
g.add((ds, DCAT.distribution, dist))
for p, o in [
    (RDF.type, DCAT.Distribution),
    (DCTERMS.title, Literal("JSON via API", lang="nb")),
    (DCTERMS.title, Literal("JSON through the API", lang="en")),
    (DCTERMS.description, Literal("JSON via API av datasettet, generert fra den samme databasen som API-et.", lang="nb")),
    (DCTERMS.description, Literal("JSON through the API of the dataset, generated from the same database as the API.", lang="en")),
    (DCAT.accessURL, URIRef(url)),
    # The paged API view is the access URL; the full download of the same records is the
    # download URL (src/downloads.rs).
    (DCAT.downloadURL, URIRef(f"{BASE}/download/statistics.json?survey_id=2018")),
    (DCTERMS.rights, URIRef(f"{BASE}/catalog/rights")),
    (DCTERMS.issued, MODIFIED),
    # dcat:byteSize is left out here: the server measures it from the rendered download.
    (DCTERMS["format"], URIRef(f"{EU}/file-type/JSON")),
    (DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/json")),
    (DCTERMS.license, licence),
    (DCATAP.availability, URIRef(f"{EU}/planned-availability/STABLE")),
    # No adms:status: src/catalog.rs leaves it out (DCAT-AP-NO 2.2 wants the ADMS status
    # vocabulary, DCAT-AP 3 / DCAT-AP-NO 3 draft the EU distribution-status table).
    (DCTERMS.modified, MODIFIED),
    (DCAT.accessService, URIRef(f"{BASE}/catalog/services/api")),
]:
    g.add((dist, p, o))

for prefix, ns in [("dcat", DCAT), ("dct", DCTERMS), ("dcatap", DCATAP), ("adms", ADMS),
                   ("foaf", "http://xmlns.com/foaf/0.1/"), ("vcard", "http://www.w3.org/2006/vcard/ns#"),
                   ("org", "http://www.w3.org/ns/org#"), ("prov", "http://www.w3.org/ns/prov#"),
                   ("tt", f"{BASE}/def/")]:
    g.bind(prefix, ns, replace=True)
sys.stdout.write("# Static sample of the served catalogue (assembled by tests/catalog/assemble_sample.py,\n"
                 f"# base {BASE}); compare with GET /catalog.ttl.\n")
sys.stdout.write(g.serialize(format="turtle"))
