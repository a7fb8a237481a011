#!/usr/bin/env bash
# The README's two commands:
#   bash installer/quickstart.sh run    install what is missing, build, run Frameproof on the demo clip
#   bash installer/quickstart.sh test   install what is missing, build, run the whole test suite
# Build tree: build/release (CMakePresets.json, preset "release").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=${1:-run}
case "$mode" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 64 ;; esac

# Set-up output goes to stderr so that `run` without a display prints only the JSON on stdout.
bash installer/install-deps.sh >&2
cmake --preset release >/dev/null
cmake --build --preset release >&2

if [[ "$mode" == test ]]; then
  exec ctest --preset release
fi

demo=build/release/demo/frameproof-demo.mp4
cmake --build --preset release --target demo_clip >&2
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec build/release/app/frameproof "$demo"
fi
echo "No display: running 'frameproof analyze' on the demo clip instead of opening the window." >&2
exec build/release/app/frameproof analyze "$demo"
