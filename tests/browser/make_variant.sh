#!/usr/bin/env bash
# The example site in another language and theme, for the browser matrix
# (tests/browser/matrix.test.mjs): a copy with `language` and `theme` set,
# built for http://127.0.0.1:PORT/ so that its live verification runs there.
# example-site is not changed.
# Usage: tests/browser/make_variant.sh ACCOLADE SITE_DIR OUT PORT LANGUAGE THEME
set -euo pipefail
usage="usage: make_variant.sh ACCOLADE SITE_DIR OUT PORT LANGUAGE THEME"
bin=${1:?$usage} src=${2:?$usage} out=${3:?$usage} port=${4:?$usage} language=${5:?$usage} theme=${6:?$usage}
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$src/." "$copy"
# The copy signs its Open Badges 3.0 credentials with the same key file.
sed -i "s|^key_file = \"\\.\\./|key_file = \"$(cd "$src/.." && pwd)/|" "$copy/accolade.toml"
sed -i "s|^language = .*|language = \"$language\"\ntheme = \"$theme\"|" "$copy/accolade.toml"
grep -qx "language = \"$language\"" "$copy/accolade.toml" && grep -qx "theme = \"$theme\"" "$copy/accolade.toml" \
    || { echo "make_variant: $src/accolade.toml has no top-level language line to replace" >&2; exit 1; }
"$bin" build "$copy" --base-url "http://127.0.0.1:$port/" --output "$out" --quiet
