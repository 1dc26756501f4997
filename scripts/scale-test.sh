#!/usr/bin/env bash
# Scale-out test (issue 22): three tiltak replicas on loopback behind nginx (deploy/nginx/tiltak.conf:
# shared cache + load balancer), a mixed load with wrk while the replicas are replaced one by one
# with a new data version (a rolling update, as Kubernetes does it: start the new replica on its
# slot, wait for /ready, SIGTERM the old one, which turns unready, drains and exits; nginx skips a
# slot that refuses connections). Then the throughput through the cache vs straight to one replica.
#
#   scripts/scale-test.sh                      (60 s at 64 connections; release binary)
#   SCALE_DURATION=20 scripts/scale-test.sh    (the short form .ci/run uses)
#
# Env: TILTAK_BIN (default target/release/tiltak), SCALE_DURATION (s), SCALE_CONNECTIONS,
# SCALE_COMPARE (s per throughput run, default 10; 0 = skip). Needs nginx (nginx-light), wrk, curl,
# python3. Passes when: 0 socket errors, 0 non-2xx/3xx answers (so 0 5xx) during the update;
# ETags agree across replicas; a cursor from one replica pages on the others.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${TILTAK_BIN:-target/release/tiltak}"
DURATION="${SCALE_DURATION:-60}"
CONNS="${SCALE_CONNECTIONS:-64}"
COMPARE="${SCALE_COMPARE:-10}"
WORK="$PWD/target/scale"
for tool in nginx wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install nginx-light wrk curl)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
BIN="$(realpath "$BIN")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

rm -rf "$WORK" && mkdir -p "$WORK"/{nginx/cache,nginx/tmp,logs,v2}
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT

# Data version 2: the shipped fixtures plus the synthetic 2018 measures (labelled synthetic; made
# by tiltak's own generator), so the new version differs in one table and nothing is invented.
cp fixtures/*.csv "$WORK/v2/"
"$BIN" synth --out "$WORK/synth" >/dev/null
cp "$WORK/synth/measures.csv" "$WORK/v2/measures.csv"

PROXY_PORT="$(free_port)"
# Every replica shares the public base URL and the cursor secret (Kubernetes: ConfigMap + Secret).
export TILTAK_BASE_URL="http://127.0.0.1:$PROXY_PORT"
export TILTAK_CURSOR_SECRET="scale-test-shared-cursor-secret"

# Each replica has two slots (blue, green) in nginx's static upstream list: the new generation
# starts on the other slot, and nginx skips a slot that refuses connections (proxy_next_upstream
# error). No `nginx -s reload` during the load: a reload closes idle client keep-alive connections,
# and a client that just sent a request on one sees a reset.
declare -A PORT_OF PID_OF
for n in a b c a2 b2 c2; do PORT_OF[$n]="$(free_port)"; done
start_replica() { # name, data ("v1" = the embedded fixtures, "v2")
  local name="$1" data="$2" port
  port="${PORT_OF[$name]:-$(free_port)}"
  local args=(serve --bind "127.0.0.1:$port" --rate-limit 0 --drain-seconds 1 --log-format json)
  [ "$data" = v2 ] && args+=(--fixtures "$WORK/v2")
  RUST_LOG=info "$BIN" "${args[@]}" 2>"$WORK/logs/$name.log" &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/logs/$name.log"; echo "replica $name exited" >&2; exit 1; }
    sleep 0.05
  done
  PORT_OF[$name]="$port"
  PID_OF[$name]="$pid"
}
write_upstreams() { # names...
  : >"$WORK/nginx/replicas.conf"
  for n in "$@"; do echo "server 127.0.0.1:${PORT_OF[$n]} max_fails=1 fail_timeout=1s;" >>"$WORK/nginx/replicas.conf"; done
}
version_of() { curl -fsS "http://127.0.0.1:$1/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_version"])'; }

echo "== three replicas (data version 1)"
start_replica a v1
start_replica b v1
start_replica c v1
V1="$(version_of "${PORT_OF[a]}")"
write_upstreams a b c a2 b2 c2

echo "== nginx (deploy/nginx/tiltak.conf) on port $PROXY_PORT"
sed -e "s#/var/cache/nginx/tiltak#$WORK/nginx/cache#" \
    -e "s#/etc/nginx/tiltak-replicas.conf#$WORK/nginx/replicas.conf#" \
    -e "s#listen 8080;#listen 127.0.0.1:$PROXY_PORT;#" deploy/nginx/tiltak.conf >"$WORK/nginx/tiltak.conf"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/tiltak.conf;
}
EOF
chmod -R a+rwX "$WORK/nginx"
nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
PROXY="http://127.0.0.1:$PROXY_PORT"
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$PROXY/ready" 2>/dev/null && break; sleep 0.05; done

# The mixed load: API pages, items, search, CSV, catalogue, linked data, downloads, SPARQL, probes.
SPARQL_Q='SELECT%20%3Fs%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20GROUP%20BY%20%3Fs%20LIMIT%2020'
SPARQL_ASK='ASK%20%7B%20%3Fs%20a%20%3Fo%20%7D'
PATHS=(
  "/api/v1/initiatives?limit=20" "/api/v1/organizations" "/api/v1/indicators?limit=50" "/api/v1/initiatives?q=digital"
  "/api/v1/initiatives?format=csv" "/api/v1" "/catalog" "/catalog.ttl" "/.well-known/void" "/id/organization/991825827"
  "/download/initiatives.json" "/sparql?query=$SPARQL_Q" "/sparql?query=$SPARQL_ASK" "/api/v1/measures?limit=5" "/health"
)
for p in "${PATHS[@]}"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$PROXY$p")"
  [ "$code" = 200 ] || { echo "FAIL: $p answers $code before the load" >&2; exit 1; }
done

echo "== ETags agree across replicas"
for p in "/api/v1/initiatives?limit=20" "/catalog" "/id/organization/991825827" "/download/initiatives.json" "/dump.ttl"; do
  tags="$(for n in a b c; do curl -fsS -D - -o /dev/null "http://127.0.0.1:${PORT_OF[$n]}$p" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}'; done | sort -u)"
  [ "$(wc -l <<<"$tags")" = 1 ] && [ -n "$tags" ] || { echo "FAIL: $p ETags differ: $tags" >&2; exit 1; }
  echo "ok  $p $tags"
done

echo "== a cursor from replica a pages on b and c"
NEXT="$(curl -fsS "http://127.0.0.1:${PORT_OF[a]}/api/v1/initiatives?limit=5" | python3 -c '
import json, sys
from urllib.parse import urlsplit
d = json.load(sys.stdin)
nxt = d.get("next") or (d.get("links") or {}).get("next")
u = urlsplit(nxt)
print(u.path + "?" + u.query)')"
PAGE_A="$(curl -fsS "http://127.0.0.1:${PORT_OF[a]}$NEXT" | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)["items"]])')"
for n in b c; do
  PAGE="$(curl -fsS "http://127.0.0.1:${PORT_OF[$n]}$NEXT" | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)["items"]])')"
  [ "$PAGE" = "$PAGE_A" ] || { echo "FAIL: page 2 on $n: $PAGE vs $PAGE_A" >&2; exit 1; }
done
echo "ok  $NEXT -> $PAGE_A on a, b and c"

# wrk script: round robin over the paths; counts 5xx, other refusals, cache hits, and data-version
# regressions (a /health answer of version 1 after one of version 2 on the same wrk thread).
lua_paths=""
for p in "${PATHS[@]}"; do lua_paths+="\"$p\","; done
cat >"$WORK/mixed.lua" <<EOF
local paths = { $lua_paths }
local V1, V2 = "$V1", "V2_PLACEHOLDER"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  i = math.random(#paths); s5xx = 0; s4xx = 0; hits = 0; misses = 0; regress = 0; seen_new = 0; v1n = 0; v2n = 0
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
  if status >= 400 and s4xx + s5xx <= 3 then io.write("refused: HTTP " .. status .. " " .. string.sub(body or "", 1, 200) .. "\n") end
  local c = headers["X-Cache-Status"]
  if c == "HIT" or c == "STALE" or c == "UPDATING" or c == "REVALIDATED" then hits = hits + 1 elseif c then misses = misses + 1 end
  if body and string.sub(body, 1, 15) == '{"status":"ok",' then
    if string.find(body, V2, 1, true) then seen_new = 1; v2n = v2n + 1
    elseif string.find(body, V1, 1, true) then v1n = v1n + 1; if seen_new == 1 then regress = regress + 1 end end
  end
end
function done(summary, latency, requests)
  local t = { s5xx = 0, s4xx = 0, hits = 0, misses = 0, regress = 0, v1n = 0, v2n = 0 }
  for _, th in ipairs(threads) do for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.0f p50_ms=%.1f p99_ms=%.1f socket_errors=%d non2xx3xx=%d s5xx=%d s4xx=%d cache_hits=%d cache_misses=%d health_v1=%d health_v2=%d regressions=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, t.s5xx, t.s4xx, t.hits, t.misses, t.v1n, t.v2n, t.regress))
end
EOF

# The new version's id, from a throw-away replica (it is deterministic: a hash of the inputs).
start_replica probe v2
V2="$(version_of "${PORT_OF[probe]}")"
kill -TERM "${PID_OF[probe]}"; wait "${PID_OF[probe]}" 2>/dev/null || true
[ "$V1" != "$V2" ] || { echo "FAIL: the two data versions are the same" >&2; exit 1; }
sed -i "s/V2_PLACEHOLDER/$V2/" "$WORK/mixed.lua"

echo "== ${DURATION} s of mixed load at $CONNS connections through nginx, rolling update $V1 -> $V2"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 10s -s "$WORK/mixed.lua" "$PROXY" >"$WORK/rolling.txt" 2>&1 &
WRK_PID=$!
step=$((DURATION / 5))
sleep "$step"
live=(a b c)
for old in a b c; do
  new="${old}2"
  start_replica "$new" v2                       # the new pod starts on its slot and becomes ready
  live=("${live[@]/$old/$new}")
  kill -TERM "${PID_OF[$old]}"                  # the old pod gets SIGTERM: not ready, drains, exits
  wait "${PID_OF[$old]}" || { echo "FAIL: replica $old did not exit cleanly" >&2; exit 1; }
  echo "   replaced $old by $new ($(date +%T))"
  sleep "$step"
done
wait "$WRK_PID" || true
cat "$WORK/rolling.txt"
RESULT="$(grep '^RESULT' "$WORK/rolling.txt")"
val() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" ${RESULT#RESULT}"; }
[ "$(val socket_errors)" = 0 ] || { echo "FAIL: socket errors during the rolling update" >&2; exit 1; }
[ "$(val non2xx3xx)" = 0 ] || { echo "FAIL: non-2xx/3xx answers during the rolling update" >&2; exit 1; }
[ "$(val s5xx)" = 0 ] || { echo "FAIL: 5xx during the rolling update" >&2; exit 1; }
[ "$(val health_v2)" -gt 0 ] || { echo "FAIL: no answer from the new version" >&2; exit 1; }
for n in "${live[@]}"; do [ "$(version_of "${PORT_OF[$n]}")" = "$V2" ] || { echo "FAIL: $n is not on $V2" >&2; exit 1; }; done
total=$(( $(val cache_hits) + $(val cache_misses) ))
echo "ok  rolling update: 0 errors, 0 5xx; cache hit ratio $(python3 -c "print(f'{$(val cache_hits)/max($total,1):.3f}')"); version regressions seen by a load thread: $(val regressions)"

if [ "$COMPARE" -gt 0 ]; then
  echo "== throughput, ${COMPARE} s each at $CONNS connections: through the cache vs straight to one replica"
  wrk -t2 -c"$CONNS" -d"${COMPARE}s" --timeout 10s -s "$WORK/mixed.lua" "$PROXY" | grep '^RESULT' | sed 's/^RESULT/through nginx (3 replicas):/'
  wrk -t2 -c"$CONNS" -d"${COMPARE}s" --timeout 10s -s "$WORK/mixed.lua" "http://127.0.0.1:${PORT_OF[a2]}" | grep '^RESULT' | sed 's/^RESULT/straight to one replica:  /'
fi
echo "== scale test passed"
