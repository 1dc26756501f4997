#!/usr/bin/env python3
"""Validate the outputs for statistical and tabular tools against a running tiltak server.

    python3 scripts/validate_tabular.py http://127.0.0.1:8080

- JSON-stat 2.0 (`?format=jsonstat` on statistics and indicators, and the catalogue's JSON-stat
  distributions): jsonstat-validator accepts every answer and every embedded dataset; pyjstat reads
  every table into the same numbers as the CSV of the same collection (each CSV number is in the
  JSON-stat, each JSON-stat number is in the CSV).
- CSVW: every collection's CSV answer links (`Link: rel="describedby"`) a table description that the
  `csvw` package validates the CSV against (also for a filtered CSV with chosen fields); the CSVW
  JSON (CSV2JSON, the RDF's shape) of the statistics uses our record URIs, classes and properties,
  each of which the server's own RDF of that record has.
- Frictionless: `frictionless` validates /datapackage.json (every resource, types, enums, primary
  and foreign keys) with 0 errors.

Tools are pinned in scripts/validate_tabular.sh, which installs them and runs this file.
"""

import json
import sys
import urllib.request

import frictionless
import pandas as pd
from csvw import CSVW
from jsonstat_validator import validate_jsonstat
from pyjstat import pyjstat

COLLECTIONS_WITH_CUBES = ["statistics", "indicators"]
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def get(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read(), r.headers


def get_json(url):
    body, _ = get(url)
    return json.loads(body)


def described_by(headers):
    for link in headers.get_all("Link") or []:
        for part in link.split(","):
            if 'rel="describedby"' in part:
                return part.split(";")[0].strip().strip("<>")
    return None


def datasets_of(doc):
    return doc["link"]["item"] if doc.get("class") == "collection" else [doc]


def number(v):
    if v is None or v == "" or (isinstance(v, float) and v != v):
        return None
    return round(float(v), 6)


# ---------------------------------------------------------------- JSON-stat
def check_jsonstat(base):
    # statistics: a table per survey and variable; categories labelled by category_label.
    for query in ["", "survey_id=2018", "survey_id=2019"]:
        url = f"{base}/api/v1/statistics?{query}{'&' if query else ''}format=jsonstat"
        doc = get_json(url)
        validate_jsonstat(doc)
        items = datasets_of(doc)
        for item in items:
            validate_jsonstat(item)
        check(True, f"jsonstat-validator accepts {url} ({len(items)} table(s))")
        got = {}
        for item in items:
            df = pyjstat.Dataset.read(item["href"]).write("dataframe", naming="id")
            for _, row in df.iterrows():
                v = number(row["value"])
                if v is not None:
                    got[(str(row["survey_id"]), row["variable"], row["category"], row["measure"])] = v
        frame = pd.read_csv(f"{base}/api/v1/statistics?{query}{'&' if query else ''}format=csv", dtype=str, keep_default_na=False)
        want = {}
        for _, r in frame.iterrows():
            for m in ["count", "n", "percent_published", "percent_computed"]:
                v = number(r[m])
                if v is not None:
                    want[(r["survey_id"], r["variable"], r["category"], m)] = v
        check(got == want, f"pyjstat reads statistics?{query} into the CSV's {len(want)} numbers (JSON-stat has {len(got)})")
        if got != want:
            print("   only in JSON-stat:", sorted(set(got.items()) - set(want.items()))[:5])
            print("   only in CSV:", sorted(set(want.items()) - set(got.items()))[:5])

    # indicators: a table per series; a cell per what is measured, period, population and unit.
    url = f"{base}/api/v1/indicators?format=jsonstat"
    doc = get_json(url)
    validate_jsonstat(doc)
    items = datasets_of(doc)
    for item in items:
        validate_jsonstat(item)
    check(True, f"jsonstat-validator accepts {url} ({len(items)} table(s))")
    got = {}
    for item in items:
        df = pyjstat.Dataset.read(item["href"]).write("dataframe", naming="label")
        for _, row in df.iterrows():
            v = number(row["value"])
            if v is not None:
                key = tuple(str(row[item["dimension"][d]["label"]]) for d in item["id"] if d != "measure")
                got[key] = v
    frame = pd.read_csv(f"{base}/api/v1/indicators?format=csv", dtype=str, keep_default_na=False)
    want = {}
    for _, r in frame.iterrows():
        v = number(r["value_numeric"])
        if v is not None:
            key = (r["name_en"], r["reference_year"] or r["reference_period"] or "not stated", r["population"] or "not stated", r["unit"] or "not stated")
            want[key] = v
    check(got == want, f"pyjstat reads indicators into the CSV's {len(want)} numbers (JSON-stat has {len(got)})")
    if got != want:
        print("   only in JSON-stat:", sorted(set(got.items()) - set(want.items()))[:5])
        print("   only in CSV:", sorted(set(want.items()) - set(got.items()))[:5])

    # The catalogue lists JSON-stat distributions; each download URL validates.
    catalog = get(f"{base}/catalog.nt")[0].decode()
    urls = sorted({line.split()[2].strip("<>") for line in catalog.splitlines() if "dcat#downloadURL" in line and "format=jsonstat" in line})
    check(len(urls) >= 3, f"the catalogue lists {len(urls)} JSON-stat download URLs")
    for u in urls:
        validate_jsonstat(get_json(u))
    check(True, f"jsonstat-validator accepts every catalogue JSON-stat download ({len(urls)})")


# ---------------------------------------------------------------- CSVW
def check_csvw(base):
    index = get_json(f"{base}/api/v1")
    collections = collection_names(index)
    targets = [f"{base}/api/v1/{c}?format=csv" for c in collections]
    targets.append(f"{base}/api/v1/initiatives?status=completed&fields=name,status,focus_area_id&format=csv")
    for csv_url in targets:
        _, headers = get(csv_url)
        meta = described_by(headers)
        if not meta:
            check(False, f"{csv_url} has a Link rel=describedby")
            continue
        # Nullable foreign keys (an optional reference) are allowed: strict=False is csvwvalidate --lax.
        c = CSVW(meta, validate=True, strict=False)
        problems = [str(w.message) for w in c.warnings]
        check(c.is_valid and not problems, f"csvw validates {csv_url} against {meta}" + (f": {problems[:3]}" if problems else ""))

    # CSV2JSON of one collection: our URIs, classes and properties.
    meta = described_by(get(f"{base}/api/v1/statistics?format=csv")[1])
    rows = CSVW(meta, validate=True, strict=False).to_json(minimal=True)
    api = get_json(f"{base}/download/statistics.json")["items"]
    uris = {i["uri"] for i in api}
    check({r["@id"] for r in rows} == uris, f"CSVW subjects are the records' URIs ({len(uris)})")
    check(all(r.get("rdf:type") == f"{base}/def/SurveyStatistic" for r in rows), "CSVW rows are typed tt:SurveyStatistic")
    first = next(r for r in rows if r["@id"].endswith("/s2018-purpose-data-sharing"))
    check(first.get(f"{base}/def/survey") == f"{base}/id/survey/2018", "CSVW tt:survey points at the survey's URI")
    check(first.get(f"{base}/def/variable") == f"{base}/def/statistic-variable/main_purpose", "CSVW tt:variable points at the code concept")
    nt = get(f"{base}/id/statistic/s2018-purpose-data-sharing?format=nt")[0].decode()
    ours = {line.split()[1].strip("<>") for line in nt.splitlines() if line.startswith(f"<{first['@id']}>")}
    expand = {"dc:": "http://purl.org/dc/terms/", "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
              "skos:": "http://www.w3.org/2004/02/skos/core#", "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}

    def full(p):
        for k, v in expand.items():
            if p.startswith(k):
                return v + p[len(k):]
        return p

    props = {full(p) for p in first if p != "@id"}
    check(props <= ours, f"every CSVW property of the row is in the server's RDF of the record ({sorted(props - ours)})")


def collection_names(index):
    items = index.get("collections") or index.get("items") or []
    out = []
    for c in items:
        if isinstance(c, dict):
            out.append(c.get("name") or c.get("collection") or c.get("id"))
        else:
            out.append(c)
    return [c for c in out if c]


# ---------------------------------------------------------------- Frictionless
def check_datapackage(base):
    report = frictionless.validate(f"{base}/datapackage.json")
    errors = report.stats.get("errors", 0) if isinstance(report.stats, dict) else report.stats.errors
    tasks = len(report.tasks)
    check(report.valid and errors == 0, f"frictionless validate {base}/datapackage.json: {errors} errors over {tasks} resources")
    if not report.valid:
        for t in report.tasks:
            for e in t.errors[:3]:
                print("  ", t.name, e.message)


def main():
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
    check_jsonstat(base)
    check_csvw(base)
    check_datapackage(base)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all tabular checks passed")


if __name__ == "__main__":
    main()
