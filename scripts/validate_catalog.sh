#!/usr/bin/env bash
# SHACL validation of the catalogue.
#   BLOCKING: DCAT-AP-NO 2.2 (official shapes) must give zero results (no violations, no warnings).
#   ADVISORY: DCAT-AP 3.0.1 (split shapes) and the DCAT-AP-NO 3.0 draft: findings are printed, never fail.
# Usage: scripts/validate_catalog.sh [URL_OF_CATALOG_TTL | FILE.ttl]
#   no argument: the output of `tiltak catalog` (the graph the server serves; binary from $TILTAK_BIN,
#   else target/debug/tiltak, built if missing); a URL: fetched as Turtle (e.g. a running server's
#   /catalog.ttl); a file: read as Turtle.
set -euo pipefail
SOURCE="${1:-}"
ROOT="$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null || (cd "$(dirname "$0")/.." && pwd))"
SHAPES_DIR="${SHAPES_DIR:-$ROOT/tests/catalog/shapes}"
STUB="$ROOT/tests/catalog/eu-vocab-stub.ttl"
VENV="${TMPDIR:-/tmp}/tiltak-shacl-venv"
if [ ! -x "$VENV/bin/pyshacl" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "pyshacl==0.40.1"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
case "$SOURCE" in
  "")
    BIN="${TILTAK_BIN:-$ROOT/target/debug/tiltak}"
    [ -x "$BIN" ] || cargo build --quiet --manifest-path "$ROOT/Cargo.toml"
    RUST_LOG=warn "$BIN" catalog --format ttl >"$WORK/catalog.ttl"
    echo "catalogue: tiltak catalog ($(grep -c . "$WORK/catalog.ttl") lines)" ;;
  http://*|https://*) curl -fsS -H 'Accept: text/turtle' "$SOURCE" -o "$WORK/catalog.ttl"; echo "catalogue: $SOURCE" ;;
  *) cp "$SOURCE" "$WORK/catalog.ttl"; echo "catalogue: $SOURCE" ;;
esac
# Data graph = catalogue + background knowledge (the EU concepts a validator would dereference).
cat "$WORK/catalog.ttl" > "$WORK/data.ttl"
cat "$STUB" >> "$WORK/data.ttl"

results() { # shapes files... → prints the number of sh:ValidationResult nodes in the report
  local args=()
  for s in "$@"; do args+=(-s "$s"); done
  "$VENV/bin/python" - "$WORK/data.ttl" "$@" <<'PY'
import sys
from pyshacl import validate
from rdflib import Graph, Namespace
data = Graph().parse(sys.argv[1], format="turtle")
shapes = Graph()
for s in sys.argv[2:]:
    shapes.parse(s, format="turtle")
conforms, report, text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
SH = Namespace("http://www.w3.org/ns/shacl#")
n = len(list(report.subjects(predicate=None, object=SH.ValidationResult)))
if n:
    print(text, file=sys.stderr)
print(n)
PY
}

NO22="$SHAPES_DIR/dcat-ap-no/2.2/DCAT-AP-NO-shacl_shapes_2.00.ttl"
n=$(results "$NO22")
echo "shapes DCAT-AP-NO 2.2 (blocking): $n results"
status=0
[ "$n" = "0" ] || status=1

AP3="$SHAPES_DIR/dcat-ap/3.0.1"
for set in "DCAT-AP 3.0.1 shapes|$AP3/shapes.ttl" "DCAT-AP 3.0.1 range|$AP3/range.ttl" "DCAT-AP 3.0.1 vocabularies|$AP3/mdr-vocabularies.shape.ttl" \
           "DCAT-AP-NO 3.0 draft core|$SHAPES_DIR/dcat-ap-no/3.0-draft/dcatapno3-core-shapes.ttl" \
           "DCAT-AP-NO 3.0 draft range|$SHAPES_DIR/dcat-ap-no/3.0-draft/dcatapno3-range-shapes.ttl" \
           "DCAT-AP-NO 3.0 draft vocabulary|$SHAPES_DIR/dcat-ap-no/3.0-draft/dcatapno3-vocabulary-shapes.ttl"; do
  name="${set%%|*}"; file="${set#*|}"
  n=$(results "$file" 2>"$WORK/advisory.txt" || echo "error")
  echo "shapes $name (advisory): $n results"
  if [ "$n" != "0" ]; then
    grep -E "Message:|Result Path|Focus Node" "$WORK/advisory.txt" | sed 's/^/    /' | sort | uniq -c | sort -rn | head -20 || true
  fi
done
exit $status
