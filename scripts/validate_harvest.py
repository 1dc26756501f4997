#!/usr/bin/env python3
"""Issue 20: validate what data.norge.no harvests from a running tiltak server.

Usage: validate_harvest.py BASE_URL [--shapes DIR]  (pyshacl 0.40.1; scripts/validate_harvest.sh installs it)

Per harvest document, with its application profile's SHACL shapes and the stubs in
tests/catalog/harvest-stubs.ttl (what the online validator would dereference):
  /catalog/concepts.ttl  SKOS-AP-NO-Begrep v2     0 violations on our resources
  /catalog/events.ttl    CPSV-AP-NO v1            0 violations on our resources (one known shape defect allowed, below)
  /catalog/models.ttl    ModellDCAT-AP-NO v1      0 violations on our resources
  /catalog.ttl           DCAT-AP-NO 2.0.0 (FDK's quality-scoring copy)  0 violations
"Our resources" are focus nodes under BASE_URL: the stubs typed skos:Concept are themselves
targets of the SKOS-AP-NO concept shape (the profile's README says to filter by focus node).
Then the dataset checks: every dataset has a Los theme that is in Los (los-concepts.tsv),
dct:provenance, foaf:page, dct:subject and dct:conformsTo the information model, and every
quality annotation has a dimension, a body and a target. Exit status 1 on any failure.
"""
import argparse
import csv
import os
import sys
import urllib.request

from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCATNO = Namespace("https://data.norge.no/vocabulary/dcatno#")

# The CPSV-AP-NO v1 catalogue shape requires dcatno:containsService (min 1), so a catalogue of events
# only fails it (shapes-no README, §2). tiltak has no public services to list and invents none.
# The ModellDCAT-AP-NO v1 catalogue shape gives dcat:contactPoint `sh:nodeKind vcard:Organization`
# (a class where SHACL wants a node kind), which no value can satisfy; the contact point is a
# vcard:Organization, which the model shape's own sh:class check confirms.
ALLOWED = {("/catalog/events", str(DCATNO.containsService)), ("/catalog/models", str(DCAT.contactPoint))}


# Datasets whose records use the concepts of the surveys (the others have none to point to).
WITH_CONCEPTS = {"survey-2018", "survey-2019", "measures", "code-lists", "concepts"}


def fetch(url):
    req = urllib.request.Request(url, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read().decode("utf-8")


def violations(data, shapes_file, base, stubs):
    g = Graph().parse(data=data, format="turtle")
    for s in stubs:
        g.parse(s, format="turtle")
    shapes = Graph().parse(shapes_file, format="turtle")
    _, report, _ = validate(g, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(r, SH.resultSeverity) != SH.Violation:
            continue
        focus = str(report.value(r, SH.focusNode))
        path = str(report.value(r, SH.resultPath))
        if not focus.startswith(base):
            continue
        if (focus[len(base):], path) in ALLOWED:
            continue
        out.append((focus, path, str(report.value(r, SH.resultMessage))))
    return g, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--shapes", default=os.path.join(root, "tests", "catalog", "shapes-no"))
    args = ap.parse_args()
    base = args.base.rstrip("/")
    stubs = os.path.join(root, "tests", "catalog", "harvest-stubs.ttl")
    eu_stub = os.path.join(root, "tests", "catalog", "eu-vocab-stub.ttl")
    failed = False
    checks = [
        ("/catalog/concepts.ttl", "SKOS-AP-NO-Begrep v2", "skos-ap-no-begrep/SKOS-AP-NO-Begrep-shape_shape_v2.ttl", [stubs]),
        ("/catalog/events.ttl", "CPSV-AP-NO v1", "cpsv-ap-no/CPSV-AP-NO_shacl_shapes_v1.ttl", [stubs]),
        ("/catalog/models.ttl", "ModellDCAT-AP-NO v1", "modelldcat-ap-no/modelldcat-ap-no_v1_SHACL-shapes.ttl", [stubs]),
        ("/catalog.ttl", "DCAT-AP-NO 2.0.0 (FDK quality scoring)", "dcat-ap-no-fdk-mqa/dcat-ap-no_shacl-shapes-2.0.0.ttl", [eu_stub]),
    ]
    graphs = {}
    for path, name, shapes, extra in checks:
        data = fetch(base + path)
        g, found = violations(data, os.path.join(args.shapes, shapes), base, extra)
        graphs[path] = g
        print(f"{path}: {name}: {len(found)} violations on our resources")
        for f in found[:30]:
            print("   ", *f)
        failed |= bool(found)

    # Dataset checks (what data.norge.no shows beside each dataset).
    los = set()
    with open(os.path.join(args.shapes, "los", "los-concepts.tsv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["scheme"] == "tema":
                los.add(row["uri"])
    cat = graphs["/catalog.ttl"]
    model = URIRef(base + "/catalog/models/tiltak")
    problems = []
    datasets = sorted(set(cat.subjects(RDF.type, DCAT.Dataset)))
    for d in datasets:
        themes = [str(t) for t in cat.objects(d, DCAT.theme)]
        los_themes = [t for t in themes if t.startswith("https://psi.norge.no/los/")]
        if not los_themes:
            problems.append(f"{d}: no Los theme")
        problems += [f"{d}: {t} is not a Los theme" for t in los_themes if t not in los]
        if not any(t.startswith("http://publications.europa.eu/resource/authority/data-theme/") for t in themes):
            problems.append(f"{d}: no EU data theme")
        wanted = [(DCT.provenance, "dct:provenance"), (FOAF.page, "foaf:page")]
        if str(d).rsplit("/", 1)[-1] in WITH_CONCEPTS:
            wanted.append((DCT.subject, "dct:subject"))
        for p, what in wanted:
            if (d, p, None) not in cat:
                problems.append(f"{d}: no {what}")
        if (d, DCT.conformsTo, model) not in cat:
            problems.append(f"{d}: not dct:conformsTo the information model")
        for prov in cat.objects(d, DCT.provenance):
            langs = {getattr(l, "language", None) for l in cat.objects(prov, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
            if not {"nb", "en"} <= langs:
                problems.append(f"{d}: provenance {prov} not in nb and en")
    notes = set(cat.objects(None, DQV.hasQualityAnnotation))
    for n in sorted(notes):
        if (n, DQV.inDimension, None) not in cat:
            problems.append(f"{n}: no dqv:inDimension")
        if (n, OA.hasBody, None) not in cat or (n, OA.hasTarget, None) not in cat:
            problems.append(f"{n}: no oa:hasBody or oa:hasTarget")
    print(f"datasets: {len(datasets)}, quality annotations: {len(notes)}, dataset problems: {len(problems)}")
    for p in problems:
        print("   ", p)
    failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
