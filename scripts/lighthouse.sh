#!/usr/bin/env bash
# Lighthouse scores per page type (a benchmark, not a test): scripts/lighthouse.sh BASE_URL [OUT.md]
# Runs the pinned lighthouse from npm with Debian's chromium against a running server and writes the
# table to LIGHTHOUSE.md (or OUT.md). Full reports go to bench-out/lighthouse/. Targets (issue 13):
# accessibility >= 95, performance, best practices and SEO >= 90.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_URL="${1:?usage: scripts/lighthouse.sh BASE_URL [OUT.md]}"
BASE_URL="${BASE_URL%/}"
OUT="${2:-LIGHTHOUSE.md}"
LIGHTHOUSE_VERSION=12.2.3
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
REPORTS=bench-out/lighthouse
mkdir -p "$REPORTS"

# The page types of tests/browser/suite.test.mjs and reader.test.mjs (real records of the shipped data).
PAGES=(
  "landing /"
  "search /search?q=digital"
  "collection /data/initiatives"
  "thing /id/initiative/I01"
  "organization /id/organization/991825827"
  "code /def/status/on-track"
  "dataset /catalog/datasets/initiatives"
  "catalog /catalog"
  "sparql /sparql"
  "charts /charts"
  "docs /docs/"
  "swagger /docs/swagger/"
  "accessibility /accessibility"
)

for entry in "${PAGES[@]}"; do
  name="${entry%% *}"; path="${entry#* }"
  echo "== lighthouse $name ($path)"
  npx -y "lighthouse@${LIGHTHOUSE_VERSION}" "${BASE_URL}${path}" \
    --quiet --output=json --output-path="$REPORTS/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" >/dev/null
done

node - "$REPORTS" "$OUT" "$LIGHTHOUSE_VERSION" "${PAGES[@]}" <<'JS'
const fs = require("fs");
const [reports, out, version, ...pages] = process.argv.slice(2);
const pct = (c) => (c && c.score !== null ? Math.round(c.score * 100) : "n/a");
const rows = [];
let chrome = "";
for (const entry of pages) {
  const [name, path] = [entry.slice(0, entry.indexOf(" ")), entry.slice(entry.indexOf(" ") + 1)];
  const r = JSON.parse(fs.readFileSync(`${reports}/${name}.json`, "utf8"));
  chrome = r.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0] || chrome;
  const c = r.categories;
  const failing = Object.values(r.audits)
    .filter((a) => a.score !== null && a.score < 1 && ["binary", "numeric"].includes(a.scoreDisplayMode)
      && Object.values(c).some((cat) => cat.id !== "performance" && cat.auditRefs.some((ref) => ref.id === a.id && ref.weight > 0)))
    .map((a) => a.id);
  rows.push(`| ${name} | \`${path}\` | ${pct(c.accessibility)} | ${pct(c.performance)} | ${pct(c["best-practices"])} | ${pct(c.seo)} | ${failing.join(", ") || "–"} |`);
}
const text = `# Lighthouse scores per page type

A benchmark, not a test: \`scripts/lighthouse.sh BASE_URL\` runs lighthouse ${version} (npm, pinned) with
Debian's chromium (${chrome}, \`--headless=new\`) against a debug build of \`tiltak serve\` on this
machine (2 shared cores), with Lighthouse's default mobile profile and simulated throttling. Targets
(issue 13): accessibility ≥ 95; performance, best practices and SEO ≥ 90. Generated ${new Date().toISOString().slice(0, 10)}.

| page type | URL | accessibility | performance | best practices | SEO | failing audits (not performance) |
| --- | --- | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

Full JSON reports are written to \`bench-out/lighthouse/\` (not committed).
`;
// A hand-written "## Notes" section of an earlier table is kept.
const previous = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
const notes = previous.indexOf("\n## Notes") >= 0 ? previous.slice(previous.indexOf("\n## Notes")) : "";
fs.writeFileSync(out, text + notes);
console.log(text);
JS
