#!/usr/bin/env bash
# Start-up benchmark (issue 22): from process start to the first 200 from /ready, three runs, and
# the resident memory once loaded and after a round of requests (for the Kubernetes requests and
# limits). Polls /ready every 2 ms over a plain socket.
#
#   scripts/startup-bench.sh [path/to/tiltak] [runs]     (default: target/release/tiltak, 3)
#   READY_PATH=/health scripts/startup-bench.sh OLD-BINARY   (a build from before /ready)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${TILTAK_BIN:-target/release/tiltak}}"
RUNS="${2:-3}"
python3 - "$BIN" "$RUNS" <<'PY'
import http.client, os, socket, subprocess, sys, time

bin_path, runs = sys.argv[1], int(sys.argv[2])
READY_PATH = os.environ.get("READY_PATH", "/ready")  # /health for builds before /ready existed

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(port, path, timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("GET", path); r = c.getresponse(); r.read(); c.close(); return r.status

def cpu_ms(pid, skip=("prepare-snapsho",)):
    """CPU time (user + system) of the process's threads, except the snapshot hook's: on a busy
    machine wall-clock time to ready mostly measures the wait for a core, this does not."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        if comm in skip:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / tick

def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

print(f"load average before: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} cores")
for i in range(runs):
    port = free_port()
    env = dict(os.environ, RUST_LOG="info")
    t0 = time.perf_counter()
    p = subprocess.Popen([bin_path, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    ready = None
    while time.perf_counter() - t0 < 60:
        try:
            if get(port, READY_PATH, timeout=1) == 200:
                ready = time.perf_counter() - t0
                ready_cpu = cpu_ms(p.pid)
                break
        except OSError:
            time.sleep(0.002)
    # The catalogue (byte sizes measured beside serving) is complete when /catalog answers.
    get(port, "/catalog.ttl")
    catalogue = time.perf_counter() - t0
    rss_loaded = rss_mib(p.pid)
    for path in ["/api/v1/initiatives?limit=50", "/api/v1/initiatives?format=csv", "/dump.ttl", "/download/indicators.json",
                 "/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201000", "/", "/data/initiatives"] * 20:
        get(port, path)
    rss_warm = rss_mib(p.pid)
    p.terminate()
    _, err = p.communicate(timeout=30)
    sizes = next((l for l in err.splitlines() if "byte sizes measured" in l), "")
    ms = sizes.split("elapsed_ms=")[-1].split()[0] if "elapsed_ms=" in sizes else "?"
    print(f"run {i + 1}: ready {ready * 1000:.0f} ms (CPU until ready {ready_cpu:.0f} ms); catalogue complete {catalogue * 1000:.0f} ms (byte sizes {ms} ms, beside serving); "
          f"RSS loaded {rss_loaded:.0f} MiB, after 140 requests {rss_warm:.0f} MiB")
PY
