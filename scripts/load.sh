#!/usr/bin/env bash
# Load test (issue 14). Two parts, each against the release binary on loopback:
#  1. mixed: JSON, catalogue and SPARQL routes together, 64 connections, DURATION s (default 60),
#     with a reload (POST /admin/reload) every 10 s; reports req/s, p50/p99/max, socket errors,
#     non-2xx/3xx, 5xx, and the server's RSS every 10 s plus its peak (VmHWM).
#  2. weak spots at scale 1000 (412 000 synthetic measures), uncached (Cache-Control: no-cache):
#     a common-word full-text search and two filters + sort; target p99 < 100 ms.
# Usage: scripts/load.sh [DURATION_SECONDS]   Needs wrk (Debian package; installed if missing).
# LOAD_PARTS=weak runs part 2 only. LOAD_PARTS=attack runs part 1 twice (issue 18): without, then
# with an attacker at 127.0.0.2 sending four runaway OPTIONAL chains and four CONCAT bombs every 5 s;
# wrk's counts are the ordinary requests only (spread over 64 clients by X-Forwarded-For).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-60}"
OUT="${LOAD_OUT:-bench-out/load}"
PORT="${LOAD_PORT:-18470}"
mkdir -p "$OUT"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# TILTAK_BIN: a binary already built (else the release build of this checkout).
if [ -n "${TILTAK_BIN:-}" ]; then BIN="$TILTAK_BIN"; else cargo build --release --quiet; BIN=target/release/tiltak; fi
BASE="http://127.0.0.1:${PORT}"
TOKEN="load-$(date +%s)"
export RUST_LOG=warn TILTAK_ADMIN_TOKEN="$TOKEN"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 600); do curl -fsS "$1/health" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; exit 1; }
rss_kb() { awk '/^VmRSS/ {v = $2} END {print v + 0}' "/proc/$1/status" 2>/dev/null || echo 0; }
# The server and its SPARQL worker processes together.
total_rss_kb() { local t; t=$(rss_kb "$1"); for c in $(ps -o pid= --ppid "$1"); do t=$((t + $(rss_kb "$c" 2>/dev/null || echo 0))); done; echo "$t"; }

# The request mix and the status counting, as a wrk Lua script.
cat > "$OUT/mix.lua" <<'LUA'
local paths = {
  "/api/v1/initiatives?limit=20",
  "/api/v1/initiatives?focus_area_id=2&sort=-id&limit=10",
  "/api/v1/measures?main_purpose=data-sharing&sort=-id&limit=100",
  "/api/v1/focus-areas/2",
  "/api/v1/indicators?facet=unit&limit=5",
  "/catalog",
  "/catalog.ttl",
  "/id/initiative/I01",
  "/sparql?query=SELECT%20%3Fp%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20GROUP%20BY%20%3Fp",
  "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
  "/health",
}
-- Ordinary load comes from many clients: the server trusts 127.0.0.1 as a proxy
-- (--trusted-proxies), and each request names one of 64 documentation addresses (192.0.2.0/24)
-- in X-Forwarded-For, so the SPARQL fair share is per client as it would be on the internet.
local i = 0
request = function()
  i = i + 1
  local headers = { ["X-Forwarded-For"] = "192.0.2." .. ((i % 64) + 1) }
  return wrk.format("GET", paths[(i % #paths) + 1], headers)
end
five = 0
local thread_list = {}
setup = function(thread) table.insert(thread_list, thread) end
response = function(status, headers, body)
  if status >= 500 then five = five + 1 end
end
done = function(summary, latency, requests)
  local total5 = 0
  for _, t in ipairs(thread_list) do total5 = total5 + (t:get("five") or 0) end
  io.write(string.format("RESULT req_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d socket_errors=%d non_2xx_3xx=%d five_xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, total5))
end
LUA

# A database with the shipped fixtures plus synthetic measures at SCALE (412 rows per unit).
build_db() { # SCALE DB
  "$BIN" synth --scale "$1" --out "$OUT/synth$1" >/dev/null
  "$BIN" import --db "$2" >/dev/null
  "$BIN" import --db "$2" "$OUT/synth$1" >/dev/null
}
# Serve DB without a rate limit (wrk is one address); 127.0.0.1 is a trusted proxy, so the
# X-Forwarded-For that wrk sends names the (many) ordinary clients; the attacker at 127.0.0.2 is
# not trusted and is itself the client. Sets SERVER.
serve() { # DB LOG
  "$BIN" serve --bind "127.0.0.1:${PORT}" --db "$1" --rate-limit 0 --trusted-proxies 127.0.0.1/32 >"$2" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_up "$BASE"
}

# An attacker at another loopback address: every 5 s, four runaway OPTIONAL chains and four CONCAT
# bombs at once (comments differ, so the answer cache cannot help); statuses go to $OUT/attacker.txt.
attacker() { # SECONDS
  local optional concat binds
  optional='SELECT (COUNT(*) AS ?n) WHERE { OPTIONAL { ?a ?b ?c } OPTIONAL { ?d ?e ?f } OPTIONAL { ?g ?h ?i } OPTIONAL { ?j ?k ?l } }'
  binds=""; for i in $(seq 1 25); do binds="$binds BIND(CONCAT(?y$((i - 1)), ?y$((i - 1))) AS ?y$i)"; done
  concat="SELECT (STRLEN(?y25) AS ?n) WHERE { BIND(\"a literal of some thirty-four bytes\" AS ?y0)$binds }"
  for round in $(seq 1 $(($1 / 5))); do
    for n in 1 2 3 4; do
      for q in "$optional" "$concat"; do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 --interface 127.0.0.2 -H 'Accept: application/sparql-results+json' \
          --data-urlencode "query=# round $round attacker $n
$q" "$BASE/sparql" >>"$OUT/attacker.txt" &
      done
    done
    sleep 5
  done
  wait
}

# Part 1: the mixed load (ATTACK=1: with the attacker); prints a RESULT line and the RSS of the
# server and its SPARQL workers together.
mixed() { # NAME ATTACK
  DB1="$OUT/scale1.db"
  rm -f "$DB1"*
  build_db 1 "$DB1"
  serve "$DB1" "$OUT/server-$1.log"
  wrk -t2 -c64 -d"${DUR}s" --timeout 10s -s "$OUT/mix.lua" "$BASE" >"$OUT/wrk-$1.txt" 2>&1 &
  WRK=$!
  ATTACKER=""
  if [ "$2" = 1 ]; then : >"$OUT/attacker.txt"; attacker "$DUR" & ATTACKER=$!; fi
  RSS=("$(total_rss_kb "$SERVER")")
  PEAK=${RSS[0]}
  RELOADS=0; RELOAD_FAILURES=0
  for tick in $(seq 1 "$DUR"); do
    sleep 1
    now=$(total_rss_kb "$SERVER"); [ "$now" -gt "$PEAK" ] && PEAK=$now
    if [ $((tick % 10)) = 0 ]; then
      if curl -fsS -X POST -H "Authorization: Bearer $TOKEN" "$BASE/admin/reload" >/dev/null; then RELOADS=$((RELOADS + 1)); else RELOAD_FAILURES=$((RELOAD_FAILURES + 1)); fi
      RSS+=("$now")
    fi
  done
  wait "$WRK" || true
  [ -n "$ATTACKER" ] && wait "$ATTACKER"
  MIXED=$(grep '^RESULT' "$OUT/wrk-$1.txt" || { cat "$OUT/wrk-$1.txt"; exit 1; })
  echo "$1: $MIXED reloads=$RELOADS reload_failures=$RELOAD_FAILURES"
  echo "$1: RSS of the server and its workers every 10 s (MiB): $(for r in "${RSS[@]}"; do printf '%d ' $((r / 1024)); done)peak $((PEAK / 1024))"
  if [ "$2" = 1 ]; then echo "$1: attacker answers (status count): $(sort "$OUT/attacker.txt" | uniq -c | tr -s ' \n' ' ')"; fi
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

if [ "${LOAD_PARTS:-all}" = all ]; then
echo "== 1. mixed load: ${DUR}s, 64 connections, JSON + catalogue + SPARQL, reload every 10 s"
mixed mixed 0
fi
if [ "${LOAD_PARTS:-all}" = attack ]; then
echo "== 1. mixed load without and with an attacker sending runaway SPARQL every 5 s: ${DUR}s each, 64 connections, reload every 10 s"
mixed quiet 0
mixed attacked 1
exit 0
fi

echo "== 2. weak spots at scale 1000, uncached (target p99 < 100 ms)"
DB1000="$OUT/scale1000.db"
[ -s "$DB1000" ] || build_db 1000 "$DB1000"
serve "$DB1000" "$OUT/server-1000.log"
cat > "$OUT/count.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT req_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non_2xx_3xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status))
end
LUA
WEAK_DUR=$(( DUR < 20 ? DUR : 20 ))
for spot in "common-word full-text|/api/v1/measures?q=measure%20777&limit=100" \
            "two filters + sort|/api/v1/measures?municipal_impact=whole-sector&main_purpose=data-sharing&sort=-id&limit=100"; do
  name="${spot%%|*}"; path="${spot#*|}"
  curl -fsS -o /dev/null "$BASE$path"   # the first answer also fills the per-snapshot counts
  r=$(wrk -t2 -c32 -d"${WEAK_DUR}s" --timeout 10s -H "Cache-Control: no-cache" -s "$OUT/count.lua" "$BASE$path" | grep '^RESULT')
  echo "$name: $r"
done
