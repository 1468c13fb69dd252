#!/usr/bin/env bash
# Install the 1EdTech Open Badges 2.0 Python validator (openbadges 1.1.2) and
# openbadges-bakery 1.2.4 into a Python 3.11 venv, offline-capable afterwards.
# Usage: tests/conformance/install.sh VENV_DIR
# See /work/shared/design/CONFORMANCE.md ("The 1EdTech validator on Python 3.11").
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 VENV_DIR" >&2
    exit 2
fi
VENV_DIR=$1

# Python 3.11 interpreter: prefer an explicit python3.11, else python3 if it is 3.11.
PY=""
for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
       "$cand" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
        PY=$cand
        break
    fi
done
if [ -z "$PY" ]; then
    echo "install.sh: no Python 3.11 interpreter found (python3.11 / python3)" >&2
    exit 1
fi

# Pinned set: what openbadges==1.1.2 resolves to, with pycryptodome raised
# (3.6.6 does not import on Python 3.11).
DEPS=(
    aniso8601==10.0.1 certifi click==6.7 decorator defusedxml==0.7.1 ecdsa
    future==0.16.0 idna jsonschema==2.6.0 language_tags==0.4.3 pyasn1
    pycryptodome==3.24.1 pydux==0.2.2 PyLD==0.7.1 pypng python-jose==3.0.1
    python-mimeparse==1.6.0 pytz==2017.2 requests requests-cache==0.4.13
    rfc3986==0.4.1 rsa six urllib3 validators==0.11.2
    openbadges-bakery==1.2.4
)
OPENBADGES=openbadges==1.1.2

VPY="$VENV_DIR/bin/python"

# The import check applies the collections-ABC workaround first, exactly as the
# harness does (python-jose 3.0.1 imports Mapping from collections).
check_installed() {
    [ -x "$VPY" ] || return 1
    "$VPY" - <<'PYEOF' >/dev/null 2>&1
import collections, collections.abc, sys
for n in collections.abc.__all__:
    if not hasattr(collections, n):
        setattr(collections, n, getattr(collections.abc, n))
from importlib.metadata import version
assert sys.version_info[:2] == (3, 11)
assert version("openbadges") == "1.1.2"
assert version("openbadges-bakery") == "1.2.4"
import openbadges, openbadges_bakery, requests
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT
from Crypto.PublicKey import RSA
PYEOF
}

if check_installed; then
    exit 0
fi

if [ ! -x "$VPY" ]; then
    "$PY" -m venv "$VENV_DIR"
fi

PIP=("$VPY" -m pip install --quiet --disable-pip-version-check --no-input)
"${PIP[@]}" "${DEPS[@]}"
"${PIP[@]}" --no-deps "$OPENBADGES"

if ! check_installed; then
    echo "install.sh: validator installed into $VENV_DIR but does not import" >&2
    exit 1
fi
