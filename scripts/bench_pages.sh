#!/usr/bin/env bash
# Pages for people, rebuilt vs. from the answer cache (issue 18): wrk against a release build on
# loopback. "rebuilt" sends `Cache-Control: no-cache`, which skips the answer cache and builds the
# page as every request did before pages were cached; "cached" is the same URL repeated.
# Usage: [TILTAK_BIN=…] scripts/bench_pages.sh [DURATION_SECONDS] [CONNECTIONS]   (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
CONN="${2:-32}"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# TILTAK_BIN: an already built binary (else the release build of this checkout).
if [ -z "${TILTAK_BIN:-}" ]; then cargo build --release --quiet; fi
BIN="${TILTAK_BIN:-target/release/tiltak}"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:${PORT}"
OUT="$(mktemp -d)"
RUST_LOG=warn "$BIN" serve --bind "127.0.0.1:${PORT}" --rate-limit 0 >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
for _ in $(seq 1 300); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.2; done
to_ms() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)',v); f={'us':0.001,'ms':1,'s':1000}[m.group(2)]; print(round(float(m.group(1))*f,3))" "$1"; }
run() { # url, extra wrk args → "req/s | p50 | p99"
  local url="$1"; shift
  wrk -t2 -c"$CONN" -d"${DUR}s" --latency "$@" "$url" >"$OUT/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")
  echo "$rps | $(to_ms "$p50") | $(to_ms "$p99")"
}
echo "| page (Accept: text/html) | rebuilt req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|"
for path in /catalog /charts /data/statistics /data "/search?q=data"; do
  curl -fsS -H 'Accept: text/html' "$BASE$path" >/dev/null
  rebuilt=$(run "$BASE$path" -H 'Accept: text/html' -H 'Cache-Control: no-cache')
  cached=$(run "$BASE$path" -H 'Accept: text/html')
  echo "| \`$path\` | $rebuilt | $cached |"
done
curl -fsS "$BASE/api/v1/initiatives/I01" >/dev/null
echo "| *for scale: a cached API item* \`/api/v1/initiatives/I01\` | | | | $(run "$BASE/api/v1/initiatives/I01") |"
