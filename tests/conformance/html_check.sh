#!/usr/bin/env bash
# Every page of a built site (or of several folders) is valid HTML for the
# Nu Html Checker (vnu.jar, from the npm package vnu-jar in tests/browser,
# run with Java once for all of them).
# Usage: tests/conformance/html_check.sh OUT...
# The only messages allowed are the checker's notes that a page opened from
# disk cannot load its own resources under the page's Content-Security-Policy
# ('self' means nothing for file: URLs), and its language guess below;
# anything else fails.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: html_check.sh OUT..." >&2; exit 2; }
jar="$(dirname "$0")/../browser/node_modules/vnu-jar/build/dist/vnu.jar"
command -v java >/dev/null || { echo "html_check: java is missing (apt-get install default-jre-headless)" >&2; exit 1; }
[ -f "$jar" ] || { echo "html_check: $jar is missing (npm ci --ignore-scripts in tests/browser)" >&2; exit 1; }
pages=$(find "$@" -name '*.html' | wc -l)
# Also allowed: the checker's guess (an "info warning") that a page whose
# <html lang> is another language "appears to be written in English". A page
# in Arabic or French still shows the badge's own text as issued, and on a
# long award page that text outweighs the interface.
messages=$(java -jar "$jar" --skip-non-html --format gnu "$@" 2>&1 \
    | grep -v 'Resource violates Content Security Policy' \
    | grep -v 'info warning: This document appears to be written in English but the “html” start tag has “lang="\(ar\|es\|fr\)"”' || true)
if [ -n "$messages" ]; then
    echo "$messages"
    echo "html: 0 passed, 1 failed ($pages pages checked)"
    exit 1
fi
echo "html: $pages passed, 0 failed"
