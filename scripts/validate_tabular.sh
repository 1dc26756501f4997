#!/usr/bin/env bash
# Issue 23: validate JSON-stat (jsonstat-validator, pyjstat), CSVW (csvw) and the Data Package
# (frictionless) that a running server answers, with pinned tools in a venv under target/.
#   bash scripts/validate_tabular.sh http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: validate_tabular.sh BASE_URL}"
VENV="${TILTAK_TABULAR_VENV:-target/tabular-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  'jsonstat-validator==0.4.6' 'pyjstat==2.4.0' 'pandas==3.1.1' 'csvw==4.1.1' 'frictionless==5.21.0'
"$VENV/bin/python" -W ignore scripts/validate_tabular.py "$BASE"
