#!/usr/bin/env bash
# Generates the media benchmark clip (tests/bench/README.md): 2 minutes (3600 frames) of
# 1920x1080 30 fps H.264 (libx264 veryfast, crf 20, fixed GOP 250 with no scene-cut keyframes,
# 2 B-frames), yuv420p, with AAC audio. The picture is testsrc2 (moving shapes and a counter)
# with temporal noise on top, like sensor noise, so every frame carries texture and the decode
# load is realistic: the default noise gives about 14 Mbit/s, a phone's 1080p30 bitrate.
#
# Usage: make_bench_clip.sh OUT.mp4 [--noise SPEC] [--big BIG.mp4] [--big-bytes N]
#   --noise SPEC    options of FFmpeg's noise filter (default alls=5:allf=t). The bitrate is
#                   steep in the strength: alls=6:allf=t gives ~31 Mbit/s, alls=8:allf=t
#                   ~63 Mbit/s (a stress clip: H.264 CABAC then dominates decoding).
#   --big BIG.mp4   also write BIG.mp4, OUT.mp4 looped (stream copy) to about --big-bytes,
#                   with its moov atom at the end as cameras write it
#   --big-bytes N   target size of BIG.mp4 in bytes (default 2000000000, i.e. ~2 GB)
# An existing OUT.mp4 is reused (delete it to regenerate); BIG.mp4 is always rewritten.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

out=""
big=""
big_bytes=2000000000
noise="alls=5:allf=t"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --noise) noise=${2:?--noise needs a filter option string}; shift 2 ;;
    --big) big=${2:?--big needs a path}; shift 2 ;;
    --big-bytes) big_bytes=${2:?--big-bytes needs a number}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) [[ -z "$out" ]] || usage; out=$1; shift ;;
  esac
done
[[ -n "$out" ]] || usage

mkdir -p "$(dirname "$out")"
if [[ ! -s "$out" ]]; then
  tmp="$out.part.mp4"
  echo "make_bench_clip: encoding $out (3600 frames of 1080p; a few minutes on 2 cores)" >&2
  ffmpeg -v error -nostdin -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=120,noise=$noise" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=120" \
    -map 0:v:0 -map 1:a:0 \
    -c:v libx264 -preset veryfast -crf 20 -g 250 -keyint_min 250 -sc_threshold 0 -bf 2 \
    -pix_fmt yuv420p \
    -c:a aac -b:a 128k \
    -metadata title="Frameproof benchmark clip" -movflags +faststart "$tmp"
  mv "$tmp" "$out"
fi

if [[ -n "$big" ]]; then
  clip_bytes=$(stat -c %s "$out")
  # -stream_loop N plays the input N+1 times.
  loops=$(( (big_bytes + clip_bytes - 1) / clip_bytes - 1 ))
  (( loops < 0 )) && loops=0
  echo "make_bench_clip: writing $big ($((loops + 1)) copies of $out, ~$(( (loops + 1) * clip_bytes / 1000000 )) MB)" >&2
  mkdir -p "$(dirname "$big")"
  tmp="$big.part.mp4"
  ffmpeg -v error -nostdin -y -stream_loop "$loops" -i "$out" -map 0 -c copy "$tmp"
  mv "$tmp" "$big"
fi
