#!/usr/bin/env bash
# Decodes every award QR code of a built site with zbarimg (a decoder we did
# not write) and checks it is exactly the award page's URL.
# Usage: tests/conformance/qr_zbar.sh OUT BASE_URL
# Needs rsvg-convert (librsvg2-bin) and zbarimg (zbar-tools); fails if missing.
set -euo pipefail
out=${1:?usage: qr_zbar.sh OUT BASE_URL}
base=${2:?usage: qr_zbar.sh OUT BASE_URL}
command -v rsvg-convert >/dev/null || { echo "qr_zbar: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
command -v zbarimg >/dev/null || { echo "qr_zbar: zbarimg is missing (apt-get install zbar-tools)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
while IFS= read -r svg; do
    rel=${svg#"$out"/}
    expected="$base${rel%qr.svg}"
    rsvg-convert --background-color=white --width=600 "$svg" -o "$tmp/qr.png"
    # zbarimg complains on stderr about D-Bus, which it does not need here.
    got=$(zbarimg --raw -q -Sdisable -Sqrcode.enable "$tmp/qr.png" 2>/dev/null || true)
    if [ "$got" = "$expected" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $rel: decoded '$got', expected '$expected'"
    fi
done < <(find "$out" -name qr.svg | sort)
if [ $((passed + failed)) -eq 0 ]; then
    echo "qr_zbar: no qr.svg found in $out" >&2
    exit 1
fi
echo "qr codes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
