#!/bin/sh
# Installs a released accolade binary: picks the archive for this machine,
# downloads it and its .sha256 from the GitHub Release, checks the sum, and
# copies `accolade` into the install folder. Nothing is compiled.
#
#   curl -fsSL https://github.com/accolade-badges/accolade/releases/latest/download/install.sh | sh
#   sh install.sh --to ~/bin --version 0.1.0
#
# Settings (flags win over environment variables):
#   --version V, ACCOLADE_VERSION       release to install, e.g. 0.1.0 (default: the latest)
#   --to DIR,   ACCOLADE_INSTALL_DIR    where `accolade` goes (default: ~/.local/bin)
#   ACCOLADE_DOWNLOAD_URL               the releases address, default
#                                       https://github.com/accolade-badges/accolade/releases;
#                                       files are read from <it>/download/v<V>/ (or
#                                       <it>/latest/download/), as on GitHub
#   ACCOLADE_TARGET                     the archive's target triple, if detection is wrong
#   XDG_DATA_HOME, XDG_CONFIG_HOME      where the shell completions and manual pages go
#                                       (default ~/.local/share and ~/.config): bash-completion/,
#                                       zsh/site-functions/, fish/completions/ and man/man1/
set -eu

releases="${ACCOLADE_DOWNLOAD_URL:-https://github.com/accolade-badges/accolade/releases}"
version="${ACCOLADE_VERSION:-}"
install_dir="${ACCOLADE_INSTALL_DIR:-${HOME:-}/.local/bin}"
target="${ACCOLADE_TARGET:-}"

say() { printf 'accolade installer: %s\n' "$*" >&2; }
fail() {
    say "error: $*"
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --version) [ $# -ge 2 ] || fail "--version needs a value, e.g. --version 0.1.0"; version="$2"; shift 2 ;;
        --to) [ $# -ge 2 ] || fail "--to needs a folder"; install_dir="$2"; shift 2 ;;
        -h | --help) sed -n '2,20p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown argument '$1' (expected --version V or --to DIR)" ;;
    esac
done
version="${version#v}"
releases="${releases%/}"

# The archive names the Rust target triple the release workflow built.
detect_target() {
    os="$(uname -s)"
    arch="$(uname -m)"
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) fail "no prebuilt accolade for the $arch processor; build it from source: cargo install --locked --git https://github.com/accolade-badges/accolade" ;;
    esac
    case "$os" in
        Linux) echo "$arch-unknown-linux-musl" ;;
        Darwin) echo "$arch-apple-darwin" ;;
        MINGW* | MSYS* | CYGWIN* | Windows_NT) fail "on Windows, use the PowerShell installer, scripts/install.ps1" ;;
        *) fail "no prebuilt accolade for $os; build it from source: cargo install --locked --git https://github.com/accolade-badges/accolade" ;;
    esac
}

# Downloads $1 to the file $2; fails (returns non-zero) on any HTTP error.
download() {
    if command -v curl >/dev/null 2>&1; then
        curl --proto '=https,http' -fsSL --retry 3 -o "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1"
    else
        fail "neither curl nor wget is installed"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        fail "neither sha256sum nor shasum is installed, so the download cannot be checked"
    fi
}

[ -n "$target" ] || target="$(detect_target)"
archive="accolade-$target.tar.gz"
if [ -n "$version" ]; then
    base="$releases/download/v$version"
    shown="accolade $version"
else
    base="$releases/latest/download"
    shown="the latest accolade"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading $shown for $target from $base/$archive"
if ! download "$base/$archive" "$tmp/$archive"; then
    if [ -n "$version" ]; then
        fail "cannot download $base/$archive: is $version a released version (see $releases) and $target one of its targets?"
    fi
    fail "cannot download $base/$archive"
fi
download "$base/$archive.sha256" "$tmp/$archive.sha256" || fail "cannot download the checksum $base/$archive.sha256"

# The .sha256 file is `sha256sum` output: "<hex>  <file name>".
expected="$(cut -d ' ' -f 1 <"$tmp/$archive.sha256" | tr 'A-F' 'a-f')"
actual="$(sha256_of "$tmp/$archive")"
if [ "$expected" != "$actual" ]; then
    fail "checksum mismatch for $archive: expected $expected, got $actual; nothing was installed"
fi

mkdir -p "$tmp/unpacked"
tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || fail "cannot unpack $archive"
# The archive holds accolade-<target>/accolade; accept a bare accolade too.
binary="$tmp/unpacked/accolade-$target/accolade"
[ -f "$binary" ] || binary="$tmp/unpacked/accolade"
[ -f "$binary" ] || fail "$archive has no accolade binary"

mkdir -p "$install_dir" || fail "cannot create $install_dir"
# Copy beside the old binary, then rename over it: never a half-written file.
cp "$binary" "$install_dir/.accolade.tmp.$$" || fail "cannot write to $install_dir"
chmod 755 "$install_dir/.accolade.tmp.$$"
mv -f "$install_dir/.accolade.tmp.$$" "$install_dir/accolade"
say "installed $install_dir/accolade"

# The shell completions and manual pages the archive carries, where each
# shell and man look for a user's own (none of it needs root).
unpacked="$(dirname "$binary")"
data_home="${XDG_DATA_HOME:-${HOME:-}/.local/share}"
config_home="${XDG_CONFIG_HOME:-${HOME:-}/.config}"
put() {
    [ -f "$unpacked/$1" ] || return 0
    mkdir -p "$(dirname "$2")" && cp "$unpacked/$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2" ||
        fail "cannot write $2"
}
if [ -d "$unpacked/completions" ]; then
    put completions/accolade.bash "$data_home/bash-completion/completions/accolade"
    put completions/_accolade "$data_home/zsh/site-functions/_accolade"
    put completions/accolade.fish "$config_home/fish/completions/accolade.fish"
    say "installed shell completions for bash, zsh and fish (zsh: add $data_home/zsh/site-functions to fpath)"
fi
if [ -d "$unpacked/man/man1" ]; then
    for page in "$unpacked"/man/man1/*.1; do
        put "man/man1/$(basename "$page")" "$data_home/man/man1/$(basename "$page")"
    done
    say "installed the manual pages in $data_home/man/man1 (man accolade)"
fi

case ":${PATH:-}:" in
    *":$install_dir:"*) ;;
    *) say "note: $install_dir is not on your PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
esac
