#!/usr/bin/env bash
# fetch_astronaut.sh OUTDIR
#
# Puts OUTDIR/astronaut.png: the public-domain NASA portrait of astronaut Eileen Collins
# (512x512 RGB) that scikit-image ships as skimage/data/astronaut.png. It is the real face the
# face tests (and the face fixture generator) start from. Run by CTest as the setup fixture
# `astronaut`.
#
#  * Source: Debian's python3-skimage package. If it is installed, the file is copied from it;
#    otherwise `apt-get download python3-skimage` fetches the .deb (about 20 MB) into a
#    temporary directory and `dpkg-deb -x` unpacks it. Nothing is installed.
#  * Pinned: the PNG must have the SHA-256 scikit-image's own data registry lists for it
#    (skimage/data/_registry.py); any other file is an error.
#  * Idempotent: exits at once when OUTDIR/astronaut.png already has that hash. The PNG is
#    written under a temporary name and renamed, so an interrupted run leaves nothing behind.
#  * Offline: when the package cannot be downloaded, prints a notice and exits 0 without a
#    PNG; the tests that need it skip with a message. Every other failure exits non-zero.
#
# Environment overrides: ASTRONAUT_DEB (path to a python3-skimage .deb to use instead of
# downloading one).

set -Eeuo pipefail
export LC_ALL=C

PROG=fetch_astronaut.sh
SHA256=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
INSTALLED=/usr/lib/python3/dist-packages/skimage/data/astronaut.png

die() { printf '%s: FAILED: %s\n' "$PROG" "$*" >&2; exit 1; }

[[ $# -eq 1 && -n $1 ]] || { echo "usage: $PROG OUTDIR" >&2; exit 2; }
OUTDIR=$1
OUT=$OUTDIR/astronaut.png

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f $OUT && $(sha_of "$OUT") == "$SHA256" ]]; then
    exit 0
fi
mkdir -p "$OUTDIR"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

SRC=
if [[ -f $INSTALLED && $(sha_of "$INSTALLED") == "$SHA256" ]]; then
    SRC=$INSTALLED
else
    DEB=${ASTRONAUT_DEB:-}
    if [[ -z $DEB ]]; then
        # apt-get download writes into the current directory. Run as root it warns that the
        # _apt user cannot write to the private temporary directory; that is harmless.
        if ! (cd "$TMP" && apt-get download -q python3-skimage >"$TMP/apt.log" 2>&1); then
            printf '%s: NOTICE: cannot download python3-skimage (offline?); the tests that need astronaut.png will skip\n' \
                "$PROG" >&2
            sed 's/^/  apt-get: /' "$TMP/apt.log" >&2 || true
            exit 0
        fi
        DEB=$(find "$TMP" -maxdepth 1 -name 'python3-skimage_*.deb' | head -n 1)
        [[ -n $DEB ]] || die "apt-get download succeeded but left no python3-skimage_*.deb"
    fi
    [[ -f $DEB ]] || die "no such package file: $DEB"
    dpkg-deb -x "$DEB" "$TMP/root" || die "dpkg-deb -x $DEB failed"
    SRC=$(find "$TMP/root" -path '*/skimage/data/astronaut.png' | head -n 1)
    [[ -n $SRC ]] || die "$DEB holds no skimage/data/astronaut.png"
fi

GOT=$(sha_of "$SRC")
[[ $GOT == "$SHA256" ]] || die "$SRC has SHA-256 $GOT, expected $SHA256"
cp "$SRC" "$OUT.tmp.$$"
mv -f "$OUT.tmp.$$" "$OUT"
