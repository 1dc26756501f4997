#!/usr/bin/env bash
# Per-query cost of evaluating SPARQL in worker processes (issue 18) against evaluating in the
# server process (the code before issue 18). Each server reads a database it built itself (its
# checkout's shipped data plus the synthetic measures at SCALE, default 100) on loopback; each query is asked REPEATS times
# (default 21) uncached (`Cache-Control: no-cache`), alternating between the two servers so both
# see the same machine noise; prints p50 per query and the ratio as a Markdown table, then the
# workers' start-up (dump written, snapshot loaded) and resident memory.
#
# Usage: BASE_BIN=/path/to/tiltak-before-issue-18 [NEW_BIN=…] scripts/bench-sparql.sh [SCALE] [REPEATS]
#   BASE_BIN unset: the baseline is built from BASE_REV (default: the commit before the workers)
#   in a temporary worktree, its target folder seeded from target/release.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-100}"
REPEATS="${2:-21}"
OUT="${BENCH_OUT:-bench-out}/sparql-workers"
mkdir -p "$OUT"
# NEW_BIN: a binary already built (else the release build of this checkout).
if [ -z "${NEW_BIN:-}" ]; then cargo build --release --quiet; NEW_BIN=target/release/tiltak; fi
if [ -z "${BASE_BIN:-}" ]; then
  BASE_REV="${BASE_REV:-fd9aa5d}"
  WT="$OUT/baseline-src"
  [ -d "$WT" ] || git worktree add --detach "$WT" "$BASE_REV" >/dev/null
  mkdir -p "$OUT/baseline-target"
  [ -d "$OUT/baseline-target/release" ] || cp -a target/release "$OUT/baseline-target/"
  (cd "$WT" && CARGO_TARGET_DIR="$(cd ../baseline-target && pwd)" cargo build --release --quiet)
  BASE_BIN="$OUT/baseline-target/release/tiltak"
fi
export RUST_LOG=info NO_COLOR=1
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 600); do curl -fsS "$1/health" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Each binary reads a database it built itself (the baseline predates later schema migrations and
# cannot open the current one): the shipped fixtures of its own checkout plus its own synthetic
# measures at SCALE (the same seed, so the same measures).
build_db() { # BIN DB
  if [ ! -s "$2" ]; then
    "$1" synth --scale "$SCALE" --out "$2.synth" >/dev/null
    "$1" import --db "$2" >/dev/null
    "$1" import --db "$2" "$2.synth" >/dev/null
  fi
}
DB_BASE="$OUT/base-scale$SCALE.db"; DB_NEW="$OUT/new-scale$SCALE.db"
build_db "$BASE_BIN" "$DB_BASE"; build_db "$NEW_BIN" "$DB_NEW"
P_BASE=$(free_port); P_NEW=$(free_port)
# The same base URL for both, so the queries (and their answers) are identical.
"$BASE_BIN" serve --db "$DB_BASE" --bind "127.0.0.1:$P_BASE" --base-url http://tiltak.test --rate-limit 0 2>"$OUT/base.log" & PIDS+=($!)
"$NEW_BIN" serve --db "$DB_NEW" --bind "127.0.0.1:$P_NEW" --base-url http://tiltak.test --rate-limit 0 2>"$OUT/new.log" & PIDS+=($!)
NEW_PID=$!
wait_up "http://127.0.0.1:$P_BASE"; wait_up "http://127.0.0.1:$P_NEW"
# The workers load the snapshot in the background after start.
for _ in $(seq 1 600); do [ "$(grep -c 'SPARQL worker loaded' "$OUT/new.log")" -ge 4 ] && break; sleep 0.2; done

cat > "$OUT/queries.rq" <<'Q'
ASK { ?s ?p ?o }
#---
PREFIX tt: <http://tiltak.test/def/> SELECT ?i ?l WHERE { ?i a tt:Initiative ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } LIMIT 10
#---
PREFIX tt: <http://tiltak.test/def/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?i ?l WHERE { ?i a tt:Initiative ; tt:focusArea ?a ; skos:prefLabel ?l } LIMIT 50
#---
PREFIX tt: <http://tiltak.test/def/> SELECT ?s ?v WHERE { ?s tt:survey <http://tiltak.test/id/survey/2018> ; tt:count ?v }
#---
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }
#---
PREFIX tt: <http://tiltak.test/def/> SELECT ?purpose (COUNT(?m) AS ?n) WHERE { ?m a tt:Measure ; tt:mainPurpose ?purpose } GROUP BY ?purpose ORDER BY DESC(?n)
#---
PREFIX tt: <http://tiltak.test/def/> PREFIX dct: <http://purl.org/dc/terms/> SELECT ?m ?t WHERE { ?m a tt:Measure ; dct:title ?t } ORDER BY ?t LIMIT 100
Q

echo "## SPARQL in worker processes vs in the server process (p50 ms of $REPEATS uncached runs each, scale $SCALE)"
echo
echo "| query | in-process (before) | worker process | ratio |"
echo "|---|---|---|---|"
python3 - "$OUT/queries.rq" "$REPEATS" "http://127.0.0.1:$P_BASE/sparql" "http://127.0.0.1:$P_NEW/sparql" <<'PY'
import statistics, sys, time, urllib.parse, urllib.request
queries = [q.strip() for q in open(sys.argv[1]).read().split("#---") if q.strip()]
repeats, base, new = int(sys.argv[2]), sys.argv[3], sys.argv[4]
headers = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}
def once(url, q):
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": q}), headers=headers)
    t = time.perf_counter()
    body = urllib.request.urlopen(req, timeout=120).read()
    return (time.perf_counter() - t) * 1000, body
ratios = []
for i, q in enumerate(queries, 1):
    a, b = [], []
    once(base, q); once(new, q)  # warm both
    for _ in range(repeats):
        ta, body_a = once(base, q); a.append(ta)
        tb, body_b = once(new, q); b.append(tb)
    pa, pb = statistics.median(a), statistics.median(b)
    ratios.append(pb / pa)
    short = " ".join(q.split())[:70].replace("|", "\\|")
    print(f"| q{i} `{short}…` | {pa:.2f} | {pb:.2f} | {pb / pa:.2f} |")
print()
print(f"median ratio {statistics.median(ratios):.2f}, largest {max(ratios):.2f}")
PY
echo
dump_line=$(grep 'SPARQL snapshot dump written' "$OUT/new.log" | head -1 || true)
load_ms=$(grep 'SPARQL worker loaded the snapshot' "$OUT/new.log" | grep -o 'elapsed_ms=[0-9]*' | tr '\n' ' ' || true)
echo "start-up: dump written: $(echo "$dump_line" | grep -o 'bytes=[0-9]* elapsed_ms=[0-9]*' || true); workers loaded it: ${load_ms:-?}"
echo "RSS (MiB): server $(( $(awk '/^VmRSS/ {print $2}' /proc/$NEW_PID/status) / 1024 )); workers $(for c in $(ps -o pid= --ppid "$NEW_PID"); do printf '%d ' $(( $(awk '/^VmRSS/ {print $2}' /proc/$c/status) / 1024 )); done)"
echo "RSS (MiB) of the in-process server: $(( $(awk '/^VmRSS/ {print $2}' /proc/${PIDS[0]}/status) / 1024 ))"
