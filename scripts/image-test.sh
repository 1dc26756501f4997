#!/usr/bin/env bash
# Build the OCI image from ./Containerfile with podman and prove it holds everything it needs:
# unpack the image's own root file system (podman save → layers), run its ENTRYPOINT/CMD there with
# chroot as the image's numeric user, pass an HTTP smoke test and the image's HEALTHCHECK command,
# and check nothing outside /tmp was written. (`podman run` is refused in this sandbox.)
#
#   scripts/image-test.sh [path/to/release/tiltak]     (default: target/release/tiltak)
#
# Needs root (podman, chroot), podman, python3, curl, binutils (strip). Limits: image < 50 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${TILTAK_BIN:-target/release/tiltak}}"
MAX_MB="${IMAGE_MAX_MB:-50}"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
IMAGE="localhost/tiltak:${VERSION}"
WORK="target/image"
CTX="$WORK/context"
ROOT="$WORK/unpacked"
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 1; }
command -v podman >/dev/null || { echo "podman is not installed (apt-get install podman)" >&2; exit 1; }

echo "== staging the root file system: the binary and the libraries ldd lists"
rm -rf "$WORK"
mkdir -p "$CTX/rootfs/usr/local/bin" "$CTX/rootfs/etc" "$CTX/rootfs/tmp"
cp "$BIN" "$CTX/rootfs/usr/local/bin/tiltak"
strip --strip-unneeded "$CTX/rootfs/usr/local/bin/tiltak" 2>/dev/null || true
# Every "=> /path" and the loader itself (the line that starts with a path).
ldd "$BIN" | awk '/=> \//{print $3} /^[ \t]*\//{print $1}' | sort -u | while read -r lib; do
  mkdir -p "$CTX/rootfs$(dirname "$lib")"
  cp -L "$lib" "$CTX/rootfs$lib"
done
printf 'root:x:0:0:root:/:/sbin/nologin\ntiltak:x:10001:10001:tiltak:/tmp:/sbin/nologin\n' >"$CTX/rootfs/etc/passwd"
printf 'root:x:0:\ntiltak:x:10001:\n' >"$CTX/rootfs/etc/group"
chmod 1777 "$CTX/rootfs/tmp"
cp Containerfile "$CTX/Containerfile"
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
SOURCE="$(git config --get remote.origin.url 2>/dev/null || echo "tiltak@${REVISION}")"

echo "== podman build ($IMAGE)"
podman build --quiet --format docker -f "$CTX/Containerfile" \
  --build-arg "VERSION=$VERSION" --build-arg "SOURCE=$SOURCE" --build-arg "REVISION=$REVISION" \
  -t "$IMAGE" "$CTX" >/dev/null

echo "== image metadata: size, user, labels, healthcheck"
podman image inspect "$IMAGE" --format json >"$WORK/inspect.json"
python3 - "$WORK/inspect.json" "$MAX_MB" "$VERSION" <<'PY'
import json, sys
img = json.load(open(sys.argv[1]))[0]
max_mb, version = float(sys.argv[2]), sys.argv[3]
cfg = img["Config"]
size_mb = img["Size"] / 1e6
print(f"size {size_mb:.1f} MB (limit {max_mb:.0f} MB); user {cfg.get('User')}; entrypoint {cfg.get('Entrypoint')} {cfg.get('Cmd')}")
assert size_mb < max_mb, f"image is {size_mb:.1f} MB"
user = cfg.get("User", "")
assert user and user.split(":")[0].isdigit() and user.split(":")[0] != "0", f"numeric non-root user, got {user!r}"
labels = cfg.get("Labels") or {}
for key in ["org.opencontainers.image.source", "org.opencontainers.image.version", "org.opencontainers.image.licenses"]:
    assert labels.get(key), f"label {key} missing"
assert labels["org.opencontainers.image.version"] == version
hc = img.get("Healthcheck") or img.get("HealthCheck") or cfg.get("Healthcheck") or {}
assert hc.get("Test"), f"no HEALTHCHECK: {hc}"
print("labels:", {k: v for k, v in labels.items() if k.startswith("org.opencontainers")})
print("healthcheck:", hc["Test"])
PY

echo "== unpacking the image's layers (podman save, docker-archive)"
podman save --quiet --format docker-archive -o "$WORK/image.tar" "$IMAGE"
mkdir -p "$ROOT"
python3 - "$WORK/image.tar" "$ROOT" <<'PY'
import io, json, sys, tarfile
archive, root = sys.argv[1], sys.argv[2]
with tarfile.open(archive) as outer:
    manifest = json.load(outer.extractfile("manifest.json"))[0]
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=io.BytesIO(outer.extractfile(layer).read())) as t:
            t.extractall(root, numeric_owner=True, filter="tar" if hasattr(tarfile, "tar_filter") else None)
print("layers:", len(manifest["Layers"]))
PY
# Everything in the image is root's; the service user may write /tmp only.
chown -R 0:0 "$ROOT" && chmod 1777 "$ROOT/tmp"
# A container runtime mounts /proc in every container; the SPARQL workers need it (they are this
# program started again, and read the snapshot dump through the server's open descriptor).
mkdir -p "$ROOT/proc"
find "$ROOT" \( -path "$ROOT/tmp" -o -path "$ROOT/proc" \) -prune -o -print | sort >"$WORK/before.txt"
mount -t proc proc "$ROOT/proc"

read -r -a ENTRY < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))[0]["Config"]; print(" ".join((c.get("Entrypoint") or []) + (c.get("Cmd") or [])))' "$WORK/inspect.json")
mapfile -t ENVS < <(python3 -c 'import json,sys; [print(e) for e in json.load(open(sys.argv[1]))[0]["Config"].get("Env") or []]' "$WORK/inspect.json")
UIDGID="$(python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))[0]["Config"]["User"]; print(u if ":" in u else u+":"+u)' "$WORK/inspect.json")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

echo "== running ${ENTRY[*]} from the image's root file system (chroot, uid:gid $UIDGID)"
# The image's environment, with loopback ports instead of 0.0.0.0:8080 (a shared machine).
env -i "${ENVS[@]}" TILTAK_BIND="127.0.0.1:$PORT" TILTAK_METRICS_BIND="127.0.0.1:$MPORT" TILTAK_DRAIN_SECONDS=0 \
  chroot --userspec="$UIDGID" "$ROOT" "${ENTRY[@]}" >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; umount "$ROOT/proc" 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$BASE/ready" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log"; echo "the server exited" >&2; exit 1; }
  sleep 0.1
done

echo "== smoke test over HTTP"
check() { # path, expected text in the body
  local body
  body="$(curl -fsS --max-time 30 "$BASE$1")" || { echo "FAIL $1" >&2; exit 1; }
  grep -q -- "$2" <<<"$body" || { echo "FAIL $1: no '$2' in: ${body:0:300}" >&2; exit 1; }
  echo "ok  $1"
}
check /ready '"ready"'
check /health '"status":"ok"'
check '/api/v1/initiatives?limit=1' '"items"'
check /catalog.ttl 'dcat:byteSize'
check '/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D' 'true'
check /openapi.json '"openapi"'
METRICS="$(curl -fsS "http://127.0.0.1:$MPORT/metrics")"
grep -q '^tiltak_snapshot_info' <<<"$METRICS" || { echo "FAIL: /metrics on the metrics address" >&2; exit 1; }
echo "ok  /metrics (metrics address)"
# The image's HEALTHCHECK command, run inside the image (no shell or curl there).
chroot --userspec="$UIDGID" "$ROOT" /usr/local/bin/tiltak probe "$BASE/ready" || { echo "FAIL: the HEALTHCHECK command" >&2; exit 1; }
echo "ok  HEALTHCHECK command (tiltak probe)"
if chroot --userspec="$UIDGID" "$ROOT" /usr/local/bin/tiltak probe "$BASE/no-such-page" 2>/dev/null; then
  echo "FAIL: the probe passed on a 404" >&2; exit 1
fi
python3 -c 'import json,sys; n=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]; assert any(l.get("target") == "tiltak::access" for l in n)' "$WORK/server.log" \
  || { echo "FAIL: the log is not JSON lines with access events" >&2; exit 1; }
echo "ok  JSON log lines (the image's TILTAK_LOG_FORMAT)"

kill -TERM "$PID"
wait "$PID" || true
umount "$ROOT/proc"
trap - EXIT
find "$ROOT" \( -path "$ROOT/tmp" -o -path "$ROOT/proc" \) -prune -o -print | sort >"$WORK/after.txt"
diff -u "$WORK/before.txt" "$WORK/after.txt" || { echo "FAIL: the server wrote outside /tmp" >&2; exit 1; }
echo "ok  nothing written outside /tmp (read-only root file system)"
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$IMAGE"
echo "== image test passed"
