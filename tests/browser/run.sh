#!/usr/bin/env bash
# Browser suite for the pages for people (issue 13): tests/browser/run.sh BASE_URL
# Installs what is missing (Debian chromium, the pinned npm packages), then runs node's test runner
# against a server that is already listening at BASE_URL. Screenshots go to tests/browser/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
BASE_URL="${1:?usage: tests/browser/run.sh BASE_URL}"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian chromium"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# playwright-core only drives a browser; --ignore-scripts keeps npm from downloading one.
# The copy of the lockfile in node_modules says which lockfile the install came from.
if ! cmp -s package-lock.json node_modules/.installed-from-lock.json 2>/dev/null; then
  echo "== npm ci (playwright-core, axe-core as pinned in package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null
  cp package-lock.json node_modules/.installed-from-lock.json
fi

curl -fsS -o /dev/null "$BASE_URL/health" || { echo "no server answering at $BASE_URL" >&2; exit 1; }
echo "== browser suite against $BASE_URL ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
BASE_URL="$BASE_URL" node --test --test-concurrency=1 --test-reporter=spec suite.test.mjs reader.test.mjs
