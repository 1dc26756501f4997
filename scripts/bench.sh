#!/usr/bin/env bash
# Benchmarks (issues 3 and 4). Installs what it needs (Debian: wrk, nginx-light; PyPI, pinned:
# datasette, oxigraph), builds the release binary, and prints Markdown tables for BENCHMARKS.md.
# Usage: scripts/bench.sh [DURATION_SECONDS]   (loopback only; every load run is bounded in time)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"
OUT="${BENCH_OUT:-bench-out}"
mkdir -p "$OUT"
CONN=32
THREADS=2

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need nginx; then
  apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi
VENV="${TMPDIR:-/tmp}/tiltak-bench-venv"
if [ ! -x "$VENV/bin/datasette" ] || [ ! -x "$VENV/bin/oxigraph" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "datasette==0.65.5" "oxigraph==0.5.13"
fi

cargo build --release --quiet
cargo build --release --quiet --example sparql_inprocess
BIN=target/release/tiltak
export RUST_LOG=warn   # no per-request access log, like nginx with access_log off

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_up() { for _ in $(seq 1 600); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }

# CPU time (user + system, clock ticks) the process has used so far; "-" when unknown.
cpu_ticks() { [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] && awk '{print $14 + $15}' "/proc/$1/stat" || echo "-"; }
# wrk → "req/s p50_ms p99_ms server_cpu_us_per_request"; the CPU column is the server's own cost
# per answer (wrk shares the 2 cores, so req/s alone understates how cheap the cheapest answers are).
bench() {
  local url="$1"; shift
  local before after
  before=$(cpu_ticks "${SERVER_PID:-}")
  wrk -t"$THREADS" -c"$CONN" -d"${DUR}s" --latency "$@" "$url" > "$OUT/wrk.txt"
  after=$(cpu_ticks "${SERVER_PID:-}")
  local rps p50 p99 n cpu
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")
  n=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
  cpu="-"
  if [ "$before" != "-" ] && [ "$after" != "-" ] && [ "${n:-0}" -gt 0 ]; then
    cpu=$(python3 -c "print(round(($after - $before) * 1e6 / $(getconf CLK_TCK) / $n, 1))")
  fi
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $cpu"
}
to_ms() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)',v); f={'us':0.001,'ms':1,'s':1000}[m.group(2)]; print(round(float(m.group(1))*f,3))" "$1"; }

# The first request for a filter set nobody asked for yet: no stored answer, no memoised total.
# Prints "median_ms max_ms" over the eight main purposes (each asked once, before any other load).
cold_first_requests() {
  python3 - "$1" <<'PY'
import csv, sys, time, statistics, urllib.request
base = sys.argv[1]
with open("fixtures/codes.csv", encoding="utf-8", newline="") as f:
    purposes = [r["code"] for r in csv.DictReader(f) if r["scheme"] == "main-purpose"]
ts = []
for v in purposes:
    t = time.perf_counter()
    urllib.request.urlopen(f"{base}/api/v1/measures?main_purpose={v}&sort=-id&limit=100", timeout=60).read()
    ts.append((time.perf_counter() - t) * 1000)
print(round(statistics.median(ts), 2), round(max(ts), 2))
PY
}

prepare_db() { # scale → db path with the real data + synthetic measures
  local scale="$1" db="$OUT/scale$1.db"
  if [ ! -f "$db" ]; then
    "$BIN" synth --scale "$scale" --out "$OUT/synth$scale" >/dev/null
    "$BIN" import --db "$db" >/dev/null
    "$BIN" import --db "$db" "$OUT/synth$scale" >/dev/null
  fi
  echo "$db"
}

declare -A R
ENDPOINTS=(
  "list|/api/v1/measures?limit=100"
  "filtered+sorted|/api/v1/measures?main_purpose=data-sharing&sort=-id&limit=100"
  "faceted|/api/v1/measures?facet=main_purpose&facet=municipal_impact&facet=discussed_with_ks&limit=100"
  "full-text|/api/v1/measures?q=4711&limit=20"
  "csv export|/api/v1/measures?format=csv&main_purpose=improve-security"
)

for scale in 1 1000; do
  db=$(prepare_db "$scale")
  port=$((18400 + scale % 97))
  "$BIN" serve --db "$db" --bind "127.0.0.1:$port" 2>"$OUT/serve$scale.log" & PIDS+=($!)
  SERVER_PID=$!
  wait_up "http://127.0.0.1:$port/health"
  base="http://127.0.0.1:$port"
  R["$scale|cold"]=$(cold_first_requests "$base")
  for e in "${ENDPOINTS[@]}"; do
    name="${e%%|*}"; path="${e#*|}"
    curl -fsS "$base$path" >/dev/null   # warm
    R["$scale|$name"]=$(bench "$base$path")
  done
  for e in "list|/api/v1/measures?limit=100" "filtered+sorted|/api/v1/measures?main_purpose=data-sharing&sort=-id&limit=100" \
           "two filters + sort|/api/v1/measures?municipal_impact=whole-sector&main_purpose=data-sharing&sort=-id&limit=100" \
           "full-text|/api/v1/measures?q=4711&limit=20" "full-text, word in every row|/api/v1/measures?q=measure%20777&limit=20"; do
    name="${e%%|*}"; path="${e#*|}"
    R["$scale|$name (uncached)"]=$(bench "$base$path" -H "Cache-Control: no-cache")
  done
  etag=$(curl -fsSI "$base/api/v1/measures?limit=100" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
  R["$scale|304 revalidation"]=$(bench "$base/api/v1/measures?limit=100" -H "If-None-Match: $etag")
  if [ "$scale" = 1 ]; then
    # Same bytes from nginx, and the same rows from Datasette (default settings).
    mkdir -p "$OUT/www"
    curl -fsS "$base/api/v1/measures?limit=100" > "$OUT/www/page.json"
    cat > "$OUT/nginx.conf" <<NGINX
worker_processes 2; pid $PWD/$OUT/nginx.pid; error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:18491; root $PWD/$OUT/www; location / { default_type application/json; } } }
NGINX
    nginx -c "$PWD/$OUT/nginx.conf"
    wait_up "http://127.0.0.1:18491/page.json"
    R["nginx"]=$(SERVER_PID= bench "http://127.0.0.1:18491/page.json")
    nginx -c "$PWD/$OUT/nginx.conf" -s stop || true
    "$VENV/bin/datasette" serve "$db" -p 18492 >/dev/null 2>&1 & PIDS+=($!)
    wait_up "http://127.0.0.1:18492/"
    dbname=$(basename "$db" .db)
    R["datasette"]=$(SERVER_PID=$! bench "http://127.0.0.1:18492/$dbname/measures.json?_size=100")
  fi
  kill "${PIDS[-1]}" 2>/dev/null || true
  [ "$scale" = 1 ] && kill "${PIDS[-2]}" 2>/dev/null || true
done

# ---- SPARQL (scale 100: real data + 41 200 synthetic measures) ----
SPARQL_REPEATS="${SPARQL_REPEATS:-7}"
db=$(prepare_db 100)
"$BIN" serve --db "$db" --bind 127.0.0.1:18493 --base-url http://127.0.0.1:18493 2>"$OUT/serve-sparql.log" & PIDS+=($!)
wait_up "http://127.0.0.1:18493/health"
curl -fsS http://127.0.0.1:18493/dump.nq > "$OUT/dump.nq"
TT="http://127.0.0.1:18493/def/"
cat > "$OUT/queries.rq" <<Q
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }
#---
PREFIX tt: <$TT> SELECT ?purpose (COUNT(?m) AS ?n) WHERE { ?m a tt:Measure ; tt:mainPurpose ?purpose } GROUP BY ?purpose ORDER BY DESC(?n)
#---
PREFIX tt: <$TT> PREFIX dct: <http://purl.org/dc/terms/> SELECT ?m ?t WHERE { ?m a tt:Measure ; dct:title ?t } ORDER BY ?t LIMIT 100
#---
PREFIX tt: <$TT> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?i ?l WHERE { ?i a tt:Initiative ; tt:focusArea ?a ; skos:prefLabel ?l } LIMIT 50
#---
PREFIX tt: <$TT> SELECT ?s ?v WHERE { ?s tt:survey <http://127.0.0.1:18493/id/survey/2018> ; tt:count ?v }
Q
rm -rf "$OUT/oxigraph-db"
"$VENV/bin/oxigraph" load --location "$OUT/oxigraph-db" --file "$OUT/dump.nq" >/dev/null 2>&1
"$VENV/bin/oxigraph" serve-read-only --union-default-graph --location "$OUT/oxigraph-db" --bind 127.0.0.1:18494 >/dev/null 2>&1 & PIDS+=($!)
wait_up "http://127.0.0.1:18494/"

SPARQL_REPEATS="$SPARQL_REPEATS" python3 - "$OUT/queries.rq" <<'PY' > "$OUT/sparql-http.tsv"
import sys, time, urllib.parse, urllib.request, statistics
queries = [q.strip() for q in open(sys.argv[1]).read().split("#---") if q.strip()]
import os
REPEATS = int(os.environ.get("SPARQL_REPEATS", "7"))
def p50(url, q, headers, n=REPEATS):
    ts = []
    for _ in range(n):
        req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": q}), headers=headers)
        t = time.perf_counter(); urllib.request.urlopen(req, timeout=120).read(); ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts)
acc = {"Accept": "application/sparql-results+json"}
for i, q in enumerate(queries, 1):
    ours = p50("http://127.0.0.1:18493/sparql", q, {**acc, "Cache-Control": "no-cache"})
    cached = p50("http://127.0.0.1:18493/sparql", q, acc)
    try:
        ox = p50("http://127.0.0.1:18494/query", q, acc)
    except Exception:
        ox = float("nan")
    print(f"q{i}\t{ours:.3f}\t{cached:.3f}\t{ox:.3f}")
PY
target/release/examples/sparql_inprocess "$OUT/dump.nq" "$OUT/queries.rq" "$SPARQL_REPEATS" > "$OUT/sparql-inprocess.tsv"

# ---- report ----
echo "## JSON API (wrk -t$THREADS -c$CONN -d${DUR}s, loopback, release build)"
echo
echo "| endpoint | scale 1 req/s | p50 ms | p99 ms | server CPU µs/req | scale 1000 req/s | p50 ms | p99 ms | server CPU µs/req | p50 ratio 1000/1 |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for name in "list" "list (uncached)" "filtered+sorted" "filtered+sorted (uncached)" "two filters + sort (uncached)" "faceted" "full-text" "full-text (uncached)" "full-text, word in every row (uncached)" "304 revalidation" "csv export"; do
  read -r a1 b1 c1 d1 <<<"${R["1|$name"]}"; read -r a2 b2 c2 d2 <<<"${R["1000|$name"]}"
  ratio=$(python3 -c "print(round($b2/$b1,2) if $b1>0 else 'n/a')")
  echo "| $name | $a1 | $b1 | $c1 | $d1 | $a2 | $b2 | $c2 | $d2 | $ratio |"
done
read -r c1m c1x <<<"${R["1|cold"]}"; read -r c2m c2x <<<"${R["1000|cold"]}"
echo
echo "First request for a new filter set (\`main_purpose=…&sort=-id&limit=100\`, each of the 8 values once, nothing stored yet): scale 1 median $c1m ms (max $c1x), scale 1000 median $c2m ms (max $c2x)."
read -r nr nb nc _ <<<"${R[nginx]}"; read -r dr db_ dc dcpu <<<"${R[datasette]}"; read -r lr lb lc lcpu <<<"${R["1|list"]}"
echo
echo "| first page of 100 measures (scale 1) | req/s | p50 ms | p99 ms | server CPU µs/req |"
echo "|---|---|---|---|---|"
echo "| tiltak | $lr | $lb | $lc | $lcpu |"
echo "| nginx, same bytes from a file | $nr | $nb | $nc | - |"
echo "| Datasette 0.65.5 (defaults), same rows | $dr | $db_ | $dc | $dcpu |"
echo
read -r ur _ _ ucpu <<<"${R["1|list (uncached)"]}"
read -r r304 _ _ cpu304 <<<"${R["1|304 revalidation"]}"
python3 -c "
lr,nr,dr,ur,r304=map(float,('$lr','$nr','$dr','$ur','$r304'))
cpu=lambda v: float(v) if v not in ('-','') else float('nan')
print(f'tiltak/nginx = {lr/nr*100:.0f} % ; tiltak/Datasette = {lr/max(dr,0.001):.0f}x')
print()
print(f'304 vs full page (list, scale 1): req/s {r304/lr:.1f}x a cached page, {r304/ur:.0f}x an uncached one; '
      f'server CPU per answer {cpu(\"$lcpu\")/cpu(\"$cpu304\"):.1f}x less than a cached page, {cpu(\"$ucpu\")/cpu(\"$cpu304\"):.0f}x less than an uncached one')"
echo
echo "## SPARQL query mix (p50 ms over $SPARQL_REPEATS sequential runs; scale 100 = real data + 41 200 synthetic measures)"
echo
echo "| query | in-process oxigraph | /sparql uncached | HTTP overhead ratio | /sparql cached | Oxigraph server 0.5.13 | uncached / Oxigraph server |"
echo "|---|---|---|---|---|---|---|"
paste "$OUT/sparql-inprocess.tsv" "$OUT/sparql-http.tsv" | while IFS=$'\t' read -r q inp rows q2 ours cached ox; do
  python3 -c "
inp,ours,cached,ox=$inp,$ours,$cached,float('$ox')
print(f'| $q ($rows rows) | {inp:.2f} | {ours:.2f} | {ours/max(inp,0.001):.2f} | {cached:.2f} | {ox:.2f} | {ours/ox if ox==ox and ox>0 else float(\"nan\"):.2f} |')"
done
echo
echo "Queries: $OUT/queries.rq"
