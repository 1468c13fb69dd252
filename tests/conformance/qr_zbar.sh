#!/usr/bin/env bash
# Decodes every QR code a built site's pages carry (inline as a data: URI,
# on award pages and certificates) with zbarimg, a decoder we did not write,
# and checks it is exactly the award page's URL.
# Usage: tests/conformance/qr_zbar.sh OUT BASE_URL
# Needs zbarimg (zbar-tools) and base64; fails if missing.
set -euo pipefail
out=${1:?usage: qr_zbar.sh OUT BASE_URL}
base=${2:?usage: qr_zbar.sh OUT BASE_URL}
command -v zbarimg >/dev/null || { echo "qr_zbar: zbarimg is missing (apt-get install zbar-tools)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
while IFS= read -r page; do
    rel=${page#"$out"/}
    dir=${rel%index.html}
    # A certificate's QR code opens its award's page.
    expected="$base${dir%certificate/}"
    uri=$(grep -o 'src="data:image/png;base64,[A-Za-z0-9+/=]*"' "$page" | head -n 1 || true)
    uri=${uri#src=\"data:image/png;base64,}
    printf '%s' "${uri%\"}" | base64 -d > "$tmp/qr.png" 2>/dev/null || true
    # zbarimg complains on stderr about D-Bus, which it does not need here.
    got=$(zbarimg --raw -q -Sdisable -Sqrcode.enable "$tmp/qr.png" 2>/dev/null || true)
    if [ "$got" = "$expected" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $rel: decoded '$got', expected '$expected'"
    fi
done < <(grep -rlE 'class="(qr-code|certificate-qr)"' --include=index.html "$out" | sort)
if [ $((passed + failed)) -eq 0 ]; then
    echo "qr_zbar: no page with a QR code found in $out" >&2
    exit 1
fi
echo "qr codes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
