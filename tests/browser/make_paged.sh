#!/usr/bin/env bash
# The example site with two earners a page, so that its badge classes have
# earner pages 2, 3 … (badges/<slug>/page/N/) for the browser tests and the
# Nu Html Checker: the example has fewer earners per badge than the default
# [gallery] earners_per_page. Built from a copy; example-site is not changed.
# Usage: tests/browser/make_paged.sh ACCOLADE SITE_DIR OUT PORT
set -euo pipefail
usage="usage: make_paged.sh ACCOLADE SITE_DIR OUT PORT"
bin=${1:?$usage} src=${2:?$usage} out=${3:?$usage} port=${4:?$usage}
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$src/." "$copy"
# The copy signs its Open Badges 3.0 credentials with the same key file.
sed -i "s|^key_file = \"\\.\\./|key_file = \"$(cd "$src/.." && pwd)/|" "$copy/accolade.toml"
sed -i '/^\[gallery\][[:space:]]*$/a earners_per_page = 2' "$copy/accolade.toml"
grep -qx 'earners_per_page = 2' "$copy/accolade.toml" \
    || { echo "make_paged: $src/accolade.toml has no [gallery] table to set earners_per_page in" >&2; exit 1; }
"$bin" build "$copy" --base-url "http://127.0.0.1:$port/" --output "$out"
