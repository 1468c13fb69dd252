#!/usr/bin/env bash
# The completions and manual pages `accolade completions` and `accolade man`
# generate, read by the real shells and by mandoc: each script must parse
# (`-n`: read without running), and each page must format without errors.
#   tests/conformance/completions.sh BINARY WORK_DIR
set -euo pipefail
bin="$1"
work="$2"
rm -rf "$work" && mkdir -p "$work/man1"
"$bin" completions bash >"$work/accolade.bash" && bash -n "$work/accolade.bash"
"$bin" completions zsh >"$work/_accolade" && zsh -n "$work/_accolade"
"$bin" completions fish >"$work/accolade.fish" && fish --no-execute "$work/accolade.fish"
# bash really completes: the commands after `accolade `, and a flag of one.
words="$(bash -c "source '$work/accolade.bash'; COMP_WORDS=(accolade bu); COMP_CWORD=1; _accolade accolade bu accolade; printf '%s\n' \"\${COMPREPLY[@]}\"")"
grep -qx build <<<"$words" || { echo "bash completion of 'accolade bu' gave: $words" >&2; exit 1; }
words="$(bash -c "source '$work/accolade.bash'; COMP_WORDS=(accolade revoke --re); COMP_CWORD=2; _accolade accolade --re revoke; printf '%s\n' \"\${COMPREPLY[@]}\"")"
grep -qx -- --reason <<<"$words" || { echo "bash completion of 'accolade revoke --re' gave: $words" >&2; exit 1; }
"$bin" man --output "$work/man1" >/dev/null
pages=0
for page in "$work"/man1/*.1; do
    mandoc -T lint -W error "$page"
    mandoc -T ascii "$page" | sed "s/.\x08//g" | grep -q "^SYNOPSIS" || { echo "$page has no SYNOPSIS" >&2; exit 1; }
    pages=$((pages + 1))
done
echo "completions parse in bash, zsh and fish; bash completes commands and flags; $pages manual pages format"
