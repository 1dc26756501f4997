#!/usr/bin/env python3
"""MQA self-assessment of the served catalogue.

Indicators and points as data.europa.eu's Metadata Quality Assessment methodology publishes them
(https://data.europa.eu/mqa/methodology): five dimensions, 405 points; "excellent" from 351.
Dataset-level indicators score their weight times the share of datasets that meet them,
distribution-level ones times the share of distributions. Accessibility is checked over HTTP
(status 200-399), as the MQA does.

DCAT-AP compliance (30 points) is reported in two readings, because the methodology does not say
whether SHACL warnings count: "lenient" counts a dataset as compliant when the DCAT-AP 3.0.1 shapes
report no sh:Violation for it, "strict" when they report nothing at all. The only results are
warnings that the publisher is not in the EU corporate-body table (see CATALOG.md).

Usage: scripts/mqa.py URL_OF_CATALOG_TTL [--min POINTS]
Needs rdflib and pyshacl (scripts/validate_catalog.sh creates a venv with both; this script
re-executes itself in it when they are missing). Exit status 1 when the content indicators (all
but DCAT-AP compliance, 375 points) score below --min (default 375).
"""
import os
import subprocess
import sys
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tiltak-shacl-venv")

try:
    from rdflib import Graph, Namespace
    from rdflib.namespace import DCAT, DCTERMS, RDF
    from pyshacl import validate
except ImportError:  # run inside the venv validate_catalog.sh uses
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "pyshacl==0.40.1"], check=True)
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        raise
    os.execv(py, [py, *sys.argv])

SH = Namespace("http://www.w3.org/ns/shacl#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = ("https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/",
        "https://www.w3.org/ns/iana/media-types/")
# EU file types the MQA counts as non-proprietary and as machine-readable (the data.europa.eu
# lists behind those two indicators; only the types a catalogue like this one uses matter here).
NON_PROPRIETARY = {"CSV", "JSON", "JSON_LD", "RDF_TURTLE", "RDF_XML", "RDF_N_TRIPLES", "RDF_N_QUADS", "XML", "TSV", "SPARQLQ"}
MACHINE_READABLE = {"CSV", "JSON", "JSON_LD", "RDF_TURTLE", "RDF_XML", "RDF_N_TRIPLES", "RDF_N_QUADS", "XML", "TSV"}

# (dimension, indicator, points, level, check)
def has(p):
    return lambda g, s: (s, p, None) in g


def from_table(p, table):
    return lambda g, s: any(str(o).startswith(EU + table + "/") for o in g.objects(s, p))


def file_type_in(allowed):
    def check(g, s):
        codes = {str(o).rsplit("/", 1)[-1] for o in g.objects(s, DCTERMS.format) if str(o).startswith(EU + "file-type/")}
        return bool(codes) and codes <= allowed
    return check


def format_from_vocabulary(g, s):
    fmt = [str(o) for o in g.objects(s, DCTERMS.format)]
    media = [str(o) for o in g.objects(s, DCAT.mediaType)]
    return (bool(fmt) and all(f.startswith(EU + "file-type/") for f in fmt)) or (bool(media) and all(m.startswith(IANA) for m in media))


_status_cache = {}


def reachable(url):
    if url not in _status_cache:
        try:
            req = urllib.request.Request(url, method="GET", headers={"Accept": "*/*"})
            with urllib.request.urlopen(req, timeout=60) as r:
                _status_cache[url] = 200 <= r.status < 400
        except (urllib.error.URLError, OSError, ValueError):
            _status_cache[url] = False
    return _status_cache[url]


def accessible(p):
    return lambda g, s: any(reachable(str(o)) for o in g.objects(s, p)) and all(reachable(str(o)) for o in g.objects(s, p))


INDICATORS = [
    ("Findability", "Keyword usage (dcat:keyword)", 30, "dataset", has(DCAT.keyword)),
    ("Findability", "Categories (dcat:theme)", 30, "dataset", has(DCAT.theme)),
    ("Findability", "Geo search (dct:spatial)", 20, "dataset", has(DCTERMS.spatial)),
    ("Findability", "Time-based search (dct:temporal)", 20, "dataset", has(DCTERMS.temporal)),
    ("Accessibility", "AccessURL accessible", 50, "distribution", accessible(DCAT.accessURL)),
    ("Accessibility", "DownloadURL given", 20, "distribution", has(DCAT.downloadURL)),
    ("Accessibility", "DownloadURL accessible", 30, "distribution", accessible(DCAT.downloadURL)),
    ("Interoperability", "Format (dct:format)", 20, "distribution", has(DCTERMS.format)),
    ("Interoperability", "Media type (dcat:mediaType)", 10, "distribution", has(DCAT.mediaType)),
    ("Interoperability", "Format / media type from vocabulary", 10, "distribution", format_from_vocabulary),
    ("Interoperability", "Non-proprietary format", 20, "distribution", file_type_in(NON_PROPRIETARY)),
    ("Interoperability", "Machine-readable format", 20, "distribution", file_type_in(MACHINE_READABLE)),
    ("Interoperability", "DCAT-AP compliance", 30, "dataset", None),
    ("Reusability", "Licence information (dct:license)", 20, "distribution", has(DCTERMS.license)),
    ("Reusability", "Licence vocabulary (EU licence table)", 10, "distribution", from_table(DCTERMS.license, "licence")),
    ("Reusability", "Access restrictions (dct:accessRights)", 10, "dataset", has(DCTERMS.accessRights)),
    ("Reusability", "Access restrictions vocabulary (EU table)", 5, "dataset", from_table(DCTERMS.accessRights, "access-right")),
    ("Reusability", "Contact point (dcat:contactPoint)", 20, "dataset", has(DCAT.contactPoint)),
    ("Reusability", "Publisher (dct:publisher)", 10, "dataset", has(DCTERMS.publisher)),
    ("Contextuality", "Rights (dct:rights)", 5, "distribution", has(DCTERMS.rights)),
    ("Contextuality", "File size (dcat:byteSize)", 5, "distribution", has(DCAT.byteSize)),
    ("Contextuality", "Date of issue (dct:issued)", 5, "dataset+distribution", has(DCTERMS.issued)),
    ("Contextuality", "Modification date (dct:modified)", 5, "dataset+distribution", has(DCTERMS.modified)),
]
assert sum(i[2] for i in INDICATORS) == 405


def compliance(g, datasets):
    """Per dataset: (no violations, no results at all) under the DCAT-AP 3.0.1 shapes."""
    shapes = Graph()
    base = os.path.join(ROOT, "tests", "catalog", "shapes", "dcat-ap", "3.0.1")
    for f in ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"):
        shapes.parse(os.path.join(base, f), format="turtle")
    data = Graph()
    for t in g:
        data.add(t)
    data.parse(os.path.join(ROOT, "tests", "catalog", "eu-vocab-stub.ttl"), format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
    owner = {}
    for d in datasets:
        owner[d] = d
        for dist in g.objects(d, DCAT.distribution):
            owner[dist] = d
    violations = {d: 0 for d in datasets}
    results = {d: 0 for d in datasets}
    details = set(report.objects(None, SH.detail))
    findings = {}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if r in details:  # nested explanations of a result, not results of their own
            continue
        focus = report.value(r, SH.focusNode)
        severity = report.value(r, SH.resultSeverity)
        hit = [owner[focus]] if focus in owner else list(datasets)  # catalogue-level results hit all
        for d in hit:
            results[d] += 1
            if severity == SH.Violation:
                violations[d] += 1
        key = (str(severity).rsplit("#", 1)[-1], str(report.value(r, SH.resultPath)).rsplit("#", 1)[-1].rsplit("/", 1)[-1],
               str(report.value(r, SH.resultMessage))[:100])
        findings[key] = findings.get(key, 0) + 1
    for (sev, path, msg), n in sorted(findings.items()):
        print(f"DCAT-AP 3.0.1: {n} x {sev} on {path}: {msg}", file=sys.stderr)
    return ({d for d in datasets if violations[d] == 0}, {d for d in datasets if results[d] == 0}, violations, results)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    url = args[0]
    minimum = float(args[args.index("--min") + 1]) if "--min" in args else 375.0
    req = urllib.request.Request(url, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(req, timeout=60) as r:
        g = Graph().parse(data=r.read(), format="turtle")
    datasets = sorted(set(g.subjects(RDF.type, DCAT.Dataset)))
    dists = sorted({d for ds in datasets for d in g.objects(ds, DCAT.distribution)})
    lenient_ok, strict_ok, violations, results = compliance(g, datasets)
    rows = []
    totals = {"strict": 0.0, "lenient": 0.0}
    for dim, name, pts, level, check in INDICATORS:
        if check is None:
            share_l = len(lenient_ok) / len(datasets)
            share_s = len(strict_ok) / len(datasets)
            rows.append((dim, name, pts, f"{len(lenient_ok)}/{len(datasets)} datasets without violations; "
                         f"{len(strict_ok)}/{len(datasets)} without any result", pts * share_s, pts * share_l))
            totals["strict"] += pts * share_s
            totals["lenient"] += pts * share_l
            continue
        subjects = {"dataset": datasets, "distribution": dists, "dataset+distribution": datasets + dists}[level]
        met = [s for s in subjects if check(g, s)]
        share = len(met) / len(subjects) if subjects else 0.0
        rows.append((dim, name, pts, f"{len(met)}/{len(subjects)} {level}s", pts * share, pts * share))
        totals["strict"] += pts * share
        totals["lenient"] += pts * share
    print(f"MQA self-assessment of {url}: {len(datasets)} datasets, {len(dists)} distributions\n")
    print("| Dimension | Indicator | Max | Met | Points (strict) | Points (lenient) |")
    print("|---|---|---:|---|---:|---:|")
    for dim, name, pts, met, s, l in rows:
        print(f"| {dim} | {name} | {pts} | {met} | {s:.1f} | {l:.1f} |")
    content = totals["lenient"] - sum(r[5] for r in rows if r[1] == "DCAT-AP compliance")
    print(f"| **Total** | | **405** | | **{totals['strict']:.1f}** | **{totals['lenient']:.1f}** |\n")
    rating = lambda p: "excellent" if p > 350 else "good" if p > 220 else "sufficient" if p > 120 else "bad"
    print(f"content indicators (all but DCAT-AP compliance): {content:.1f} / 375")
    print(f"strict total: {totals['strict']:.1f} / 405 ({rating(totals['strict'])}); "
          f"lenient total: {totals['lenient']:.1f} / 405 ({rating(totals['lenient'])})")
    worst = [(str(d).rsplit("/", 1)[-1], violations[d], results[d]) for d in datasets if results[d]]
    if worst:
        print("DCAT-AP 3.0.1 results per dataset (violations, all): " + ", ".join(f"{n} ({v}, {a})" for n, v, a in worst))
    if content < minimum:
        print(f"FAIL: content indicators below {minimum}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
