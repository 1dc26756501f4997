#!/usr/bin/env bash
# Property-based API test: schemathesis (pinned, from PyPI, in a private venv) against the served
# OpenAPI document, every operation, every check. Usage: scripts/schemathesis.sh BASE_URL
# Exit status is schemathesis's: non-zero when it finds a failure.
set -euo pipefail
BASE_URL="${1:?usage: scripts/schemathesis.sh BASE_URL (e.g. http://127.0.0.1:8080)}"
BASE_URL="${BASE_URL%/}"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
# The pinned seed by default; .ci/run also runs two more (issue 18: other seeds found failures).
SEED="${SCHEMATHESIS_SEED:-14}"
VENV="${SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tiltak-schemathesis-${VERSION}}"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==${VERSION}"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
# Generators for the spec's custom formats (SPARQL query text, cursors).
export SCHEMATHESIS_HOOKS=schemathesis_hooks
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
# Deterministic examples (same seed, same requests), no stored failure database between runs.
exec "$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" run "${BASE_URL}/openapi.json" \
  --url "$BASE_URL" \
  --checks all \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --suppress-health-check all \
  --generation-database none \
  --workers 1 \
  "${@:2}"
