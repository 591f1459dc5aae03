#!/usr/bin/env bash
# Opens a qmap debug report (index.html) in headless Chromium, fails on any page error, and writes a
# screenshot. Needs Debian's chromium; not run by the unit tests (CI may not have it).
#   scripts/report-screenshot.sh REPORT_DIR/index.html OUT.png [WIDTHxHEIGHT]
set -euo pipefail
html="$(realpath "${1:?usage: $0 REPORT.html OUT.png [WxH]}")"
out="$(realpath -m "${2:?usage: $0 REPORT.html OUT.png [WxH]}")"
size="${3:-1400x2600}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "report-screenshot: no chromium found (apt-get install -y chromium)" >&2
  exit 2
fi
profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0
       --virtual-time-budget=3000 --hide-scrollbars)
# The page must not fetch anything: block every host, so a stray network reference shows as an error.
flags+=(--host-resolver-rules="MAP * ~NOTFOUND")
"$browser" "${flags[@]}" --window-size="${size/x/,}" --screenshot="$out" "file://$html" 2>"$log" >/dev/null || true
if grep -E "CONSOLE.*(Uncaught|Error)|net::ERR_" "$log" >&2; then
  echo "report-screenshot: the page reported errors (above)" >&2
  exit 1
fi
# The DOM after scripts ran: the sortable table must be there.
dom="$("$browser" "${flags[@]}" --dump-dom "file://$html" 2>>"$log")"
if ! grep -q "class=\"sortable\"" <<<"$dom"; then
  echo "report-screenshot: the rendered page has no per-node table" >&2
  exit 1
fi
[[ -s "$out" ]] || { echo "report-screenshot: no screenshot written" >&2; exit 1; }
echo "report-screenshot: $out ($(stat -c %s "$out") bytes), no page errors"
