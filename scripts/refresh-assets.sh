#!/usr/bin/env bash
# Re-fetch the pinned front-end packages from npm and copy their built files into assets/vendor/.
# Only the dist files the pages load are kept; versions live here and in assets/vendor/*/VERSIONS.md.
# Usage: scripts/refresh-assets.sh   (needs node/npm and python3; run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

DS_CSS_VERSION=1.22.0     # @digdir/designsystemet-css
DS_THEME_VERSION=1.11.0   # @digdir/designsystemet-theme (brand "digdir")
INTER_VERSION=5.3.0       # @fontsource-variable/inter: the theme's font, self-hosted
YASGUI_VERSION=4.6.2      # @zazuko/yasgui: the SPARQL editor Oxigraph ships
TRIPLY_YASGUI_VERSION=4.2.28  # @triply/yasgui: upstream of @zazuko/yasgui, only for its LICENSE text

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() { # fetch NAME VERSION -> unpacked dir on stdout
  local spec="$1@$2" dir="$work/$(echo "$1" | tr '/@' '__')"
  mkdir -p "$dir"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tar xzf "$work/$(echo "$1" | sed 's/^@//; s#/#-#')-$2.tgz" -C "$dir"
  echo "$dir/package"
}

ds_css="$(fetch @digdir/designsystemet-css "$DS_CSS_VERSION")"
ds_theme="$(fetch @digdir/designsystemet-theme "$DS_THEME_VERSION")"
inter="$(fetch @fontsource-variable/inter "$INTER_VERSION")"
yasgui="$(fetch @zazuko/yasgui "$YASGUI_VERSION")"
triply="$(fetch @triply/yasgui "$TRIPLY_YASGUI_VERSION")"

ds_out=assets/vendor/designsystemet
y_out=assets/vendor/yasgui
rm -rf "$ds_out" "$y_out"
mkdir -p "$ds_out/fonts" "$y_out"

# Designsystemet: components + the Digdir brand theme.
cp "$ds_css/dist/src/index.css" "$ds_out/index.css"
cp "$ds_css/LICENSE" "$ds_out/LICENSE-designsystemet-css"
cp "$ds_theme/LICENSE" "$ds_out/LICENSE-designsystemet-theme"
for subset in latin latin-ext; do
  cp "$inter/files/inter-$subset-wght-normal.woff2" "$ds_out/fonts/"
done
cp "$inter/LICENSE" "$ds_out/fonts/LICENSE-inter-OFL"

# The theme names the font "Inter" but loads none: prepend @font-face rules for the self-hosted
# variable font (Latin and Latin Extended cover nb/nn/se/en), and give the family a fallback.
python3 - "$inter/wght.css" "$ds_theme/brand/digdir.css" "$ds_out/theme.css" <<'PY'
import re, sys
fontsource, theme, out = sys.argv[1:4]
faces = re.findall(r"/\* inter-(latin|latin-ext)-wght-normal \*/\s*(@font-face \{.*?\})", open(fontsource).read(), re.S)
rules = []
for subset, face in faces:
    face = face.replace("'Inter Variable'", "'Inter'")
    # optional, not swap: a font that arrives late is not swapped in, so text never jumps (no layout
    # shift when the header wraps differently in Inter than in the fallback); cached visits get Inter.
    face = face.replace("font-display: swap;", "font-display: optional;")
    face = re.sub(r"url\(\./files/", "url(./fonts/", face)
    rules.append(face)
if len(rules) != 2:
    sys.exit("expected the latin and latin-ext @font-face rules in %s" % fontsource)
css = open(theme).read()
css, n = re.subn(r"--ds-font-family: Inter;", "--ds-font-family: Inter, system-ui, sans-serif;", css)
if n == 0:
    sys.exit("the theme no longer sets --ds-font-family: Inter; check the font handling")
header = "/* Self-hosted Inter (@fontsource-variable/inter, OFL-1.1, see fonts/). Added by scripts/refresh-assets.sh. */\n"
body = css.replace('@charset "UTF-8";\n', "", 1)
open(out, "w").write('@charset "UTF-8";\n' + header + "\n".join(rules) + "\n" + body)
PY

# YASGUI: the browser bundle and its stylesheet, without the source-map pointer (the map is not vendored).
sed '/^\/\/# sourceMappingURL=/d' "$yasgui/build/yasgui.min.js" > "$y_out/yasgui.min.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$yasgui/build/yasgui.min.css" > "$y_out/yasgui.min.css"
{
  echo "@zazuko/yasgui $YASGUI_VERSION is published under the MIT licence (its package.json: license \"MIT\","
  echo "author Triply <info@triply.cc>, contributors Zazuko GmbH). The package ships no licence file; the text"
  echo "below is LICENSE.txt of @triply/yasgui $TRIPLY_YASGUI_VERSION, the upstream it continues."
  echo
  cat "$triply/LICENSE.txt"
} > "$y_out/LICENSE"

sha() { sha256sum "$1" | cut -d' ' -f1; }
cat > "$ds_out/VERSIONS.md" <<MD
# Designsystemet (vendored)

Written by \`scripts/refresh-assets.sh\`; change versions there and re-run it, never edit these files by hand.

| file | npm package | version | from | licence |
| --- | --- | --- | --- | --- |
| index.css | @digdir/designsystemet-css | $DS_CSS_VERSION | dist/src/index.css | MIT (LICENSE-designsystemet-css) |
| theme.css | @digdir/designsystemet-theme | $DS_THEME_VERSION | brand/digdir.css, with @font-face rules (font-display: optional) prepended and a fallback after Inter | MIT (LICENSE-designsystemet-theme) |
| fonts/inter-latin-wght-normal.woff2, fonts/inter-latin-ext-wght-normal.woff2 | @fontsource-variable/inter | $INTER_VERSION | files/ | OFL-1.1 (fonts/LICENSE-inter-OFL) |

The Digdir brand's secondary typography (\`data-typography="secondary"\`, IBM Plex Mono) is not used by the
pages, so that font is not vendored.

sha256: index.css $(sha "$ds_out/index.css"), theme.css $(sha "$ds_out/theme.css")
MD
cat > "$y_out/VERSIONS.md" <<MD
# YASGUI (vendored)

Written by \`scripts/refresh-assets.sh\`; change versions there and re-run it, never edit these files by hand.

| file | npm package | version | from | licence |
| --- | --- | --- | --- | --- |
| yasgui.min.js | @zazuko/yasgui | $YASGUI_VERSION | build/yasgui.min.js (source-map comment removed) | MIT (LICENSE) |
| yasgui.min.css | @zazuko/yasgui | $YASGUI_VERSION | build/yasgui.min.css | MIT (LICENSE) |

sha256: yasgui.min.js $(sha "$y_out/yasgui.min.js"), yasgui.min.css $(sha "$y_out/yasgui.min.css")
MD
echo "vendored into $ds_out and $y_out:"
du -sh "$ds_out" "$y_out"
