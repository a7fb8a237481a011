#!/usr/bin/env bash
# Generates the analysis benchmark clip (tests/bench/README.md, bench_analysis): a 1920x1080
# 30 fps H.264 talking head, about 60 s, made from the project's synthetic talking head
# (fixtures/face/talking_head.mp4 of a build tree: 512x512, 25 fps, 10 s). The source is looped,
# scaled so the face is about 390 px wide (an interview framing: the head fills the frame's
# height) and laid over a blurred, widened copy of itself so the whole frame carries picture,
# converted to 30 fps, and given light temporal noise like a sensor's. Encoded like a phone:
# libx264 veryfast, crf 20, yuv420p, a keyframe every second (GOP 30, no scene-cut keyframes),
# no B-frames; the source's audio, if any, as AAC.
#
# Usage: make_bench_face_clip.sh OUT.mp4 [--seconds N] [--source TALKING_HEAD.mp4]
#                                [--build-dir DIR] [--noise SPEC]
#   --seconds N      length in seconds (default 60)
#   --source PATH    the talking head to use (default: DIR/fixtures/face/talking_head.mp4)
#   --build-dir DIR  build tree holding the face fixtures (default: build next to this
#                    repository); make them with: ctest --test-dir DIR -R 'astronaut|face_fixtures'
#   --noise SPEC     options of FFmpeg's noise filter (default alls=3:allf=t; empty: none)
# An existing OUT.mp4 is reused (delete it to regenerate).
set -euo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
out=""
seconds=60
source=""
build_dir="$here/../../build"
noise="alls=3:allf=t"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --source) source=${2:?--source needs a path}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a path}; shift 2 ;;
    --noise) noise=${2-}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) [[ -z "$out" ]] || usage; out=$1; shift ;;
  esac
done
[[ -n "$out" ]] || usage
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "--seconds must be a positive integer" >&2; exit 2; }
[[ -n "$source" ]] || source="$build_dir/fixtures/face/talking_head.mp4"
if [[ ! -s "$source" ]]; then
  echo "make_bench_face_clip: no talking head at $source" >&2
  echo "  make it in a build tree: ctest --test-dir BUILD -R 'astronaut|face_fixtures'," >&2
  echo "  then pass --build-dir BUILD (or --source PATH)" >&2
  exit 1
fi

if [[ -s "$out" ]]; then
  echo "make_bench_face_clip: reusing $out (delete it to regenerate)" >&2
  exit 0
fi

# -stream_loop N plays the input N+1 times; -t cuts to the exact length.
src_seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$source")
loops=$(awk -v s="$seconds" -v d="$src_seconds" 'BEGIN { n = int(s / d); if (n * d < s) n++; print (n > 0 ? n - 1 : 0) }')

# The source's face is about 183 px wide in 512 px; at 1080 px high it is about 390 px wide.
noise_filter=""
[[ -z "$noise" ]] || noise_filter=",noise=$noise"
filter="[0:v]fps=30,split=2[bg][fg];\
[bg]scale=1920:1920,crop=1920:1080,boxblur=20:2[bgb];\
[fg]scale=1080:1080:flags=bicubic[fgs];\
[bgb][fgs]overlay=x=(W-w)/2:y=0,format=yuv420p${noise_filter}[v]"

mkdir -p "$(dirname "$out")"
tmp="$out.part.mp4"
echo "make_bench_face_clip: encoding $out ($((seconds * 30)) frames of 1080p30 from $source; a few minutes on 2 cores)" >&2
ffmpeg -v error -nostdin -y -stream_loop "$loops" -i "$source" -t "$seconds" \
  -filter_complex "$filter" -map '[v]' -map '0:a?' \
  -c:v libx264 -preset veryfast -crf 20 -g 30 -keyint_min 30 -sc_threshold 0 -bf 0 \
  -pix_fmt yuv420p -r 30 \
  -c:a aac -b:a 128k \
  -metadata title="Frameproof analysis benchmark clip (synthetic talking head)" \
  -movflags +faststart "$tmp"
mv "$tmp" "$out"
ffprobe -v error -select_streams v:0 -count_packets \
  -show_entries stream=width,height,r_frame_rate,nb_read_packets,bit_rate -of compact=p=0 "$out" >&2
