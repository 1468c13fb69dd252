#!/usr/bin/env bash
# Every page of a built site (or of several folders) is valid HTML for the
# Nu Html Checker (vnu.jar, from the npm package vnu-jar in tests/browser,
# run with Java once for all of them).
# Usage: tests/conformance/html_check.sh OUT...
# The only messages allowed are the checker's notes that a page opened from
# disk cannot load its own resources under the page's Content-Security-Policy
# ('self' means nothing for file: URLs); anything else fails.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: html_check.sh OUT..." >&2; exit 2; }
jar="$(dirname "$0")/../browser/node_modules/vnu-jar/build/dist/vnu.jar"
command -v java >/dev/null || { echo "html_check: java is missing (apt-get install default-jre-headless)" >&2; exit 1; }
[ -f "$jar" ] || { echo "html_check: $jar is missing (npm ci --ignore-scripts in tests/browser)" >&2; exit 1; }
pages=$(find "$@" -name '*.html' | wc -l)
messages=$(java -jar "$jar" --skip-non-html --format gnu "$@" 2>&1 | grep -v 'Resource violates Content Security Policy' || true)
if [ -n "$messages" ]; then
    echo "$messages"
    echo "html: 0 passed, 1 failed ($pages pages checked)"
    exit 1
fi
echo "html: $pages passed, 0 failed"
