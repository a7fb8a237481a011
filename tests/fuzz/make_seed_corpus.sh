#!/usr/bin/env bash
# make_seed_corpus.sh FIXTURES_DIR CORPUS_DIR [MAX_BYTES]
#
# Builds the seed corpus of fuzz_media_open from the media fixtures: generates them into
# FIXTURES_DIR with tests/fixtures/make_media_fixtures.sh (idempotent, ~1 min the first time),
# then copies every fixture named in FIXTURES_DIR/manifest.tsv that is a regular file of at
# most MAX_BYTES (default 1 MiB, the README's -max_len) into CORPUS_DIR. Directories and the
# golden/truth files are skipped. Existing corpus files are kept.
set -Eeuo pipefail

[[ $# -ge 2 && $# -le 3 ]] || { echo "usage: $0 FIXTURES_DIR CORPUS_DIR [MAX_BYTES]" >&2; exit 2; }
FIX=$1
CORPUS=$2
MAX=${3:-1048576}
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)

bash "$HERE/../fixtures/make_media_fixtures.sh" "$FIX"
mkdir -p -- "$CORPUS"

copied=0
skipped=()
while IFS=$'\t' read -r name _kind _desc; do
    [[ -n $name ]] || continue
    src=$FIX/$name
    if [[ ! -f $src || -L $src ]]; then
        skipped+=("$name (not a regular file)")
        continue
    fi
    size=$(stat -c %s -- "$src")
    if (( size > MAX )); then
        skipped+=("$name ($size bytes > $MAX)")
        continue
    fi
    cp -- "$src" "$CORPUS/seed-$name"
    copied=$((copied + 1))
done < "$FIX/manifest.tsv"

echo "$copied seeds in $CORPUS"
for s in "${skipped[@]}"; do echo "skipped: $s"; done
