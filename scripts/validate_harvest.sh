#!/usr/bin/env bash
# Issue 20: SHACL validation of every harvest document (concepts, events, information model, and the
# dataset catalogue with FDK's quality-scoring shapes) plus the dataset checks; see validate_harvest.py.
# Usage: scripts/validate_harvest.sh BASE_URL   (a running server, e.g. http://127.0.0.1:8080)
set -euo pipefail
BASE="${1:?usage: validate_harvest.sh BASE_URL}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${TMPDIR:-/tmp}/tiltak-shacl-venv"
if [ ! -x "$VENV/bin/pyshacl" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "pyshacl==0.40.1"
fi
exec "$VENV/bin/python" "$ROOT/scripts/validate_harvest.py" "$BASE"
