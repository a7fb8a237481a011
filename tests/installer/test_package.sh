#!/usr/bin/env bash
# test_package.sh BUILD_DIR [VERSION]
# Builds the Debian package from a built tree (cpack -G DEB), inspects it with dpkg-deb, checks
# that its Depends are computed and satisfiable, extracts it into a throwaway root, runs the
# installed frameproof (--version, probe of the installed demo clip), validates the desktop
# entry, the AppStream metainfo and the man page, and checks that `cmake --install` lays out the
# same tree as the package. Nothing is installed on the machine itself.
set -euo pipefail
build=$(cd "$1" && pwd)
version=${2:-}
work="$build/installer-test"
rm -rf "$work"
mkdir -p "$work"

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

# --- Build the package (the tree is built already: ctest runs after the build).
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack -G DEB" >&2
  exit 1
}
mapfile -t debs < <(find "$work/pkg" -maxdepth 1 -name 'frameproof_*.deb')
[[ ${#debs[@]} -eq 1 ]] || { echo "FAIL: expected one frameproof_*.deb, found ${#debs[@]}" >&2; exit 1; }
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[[ -z "$version" || "$(basename "$deb")" == "frameproof_${version}_${arch}.deb" ]] &&
  pass "package $(basename "$deb") ($(du -h "$deb" | cut -f1))" ||
  fail "package named $(basename "$deb"), expected frameproof_${version}_${arch}.deb"

# --- Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == frameproof ]] && pass "Package: frameproof" || fail "Package: $(field Package)"
[[ -z "$version" || "$(field Version)" == "$version" ]] && pass "Version: $(field Version)" ||
  fail "Version: $(field Version), expected $version"
[[ "$(field Architecture)" == "$arch" ]] && pass "Architecture: $arch" || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "Depends: $depends"
# The package names in Depends, one per line (first alternative, without versions).
names=$(tr ',' '\n' <<<"$depends" | sed -e 's/|.*//' -e 's/(.*//' -e 's/[[:space:]]//g')
# Computed by dpkg-shlibdeps: the libraries the executable links, with minimum versions.
for lib in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6multimedia6 \
  libavformat59 libavcodec59 libavutil57 libswscale6 libswresample4 libdlib19.1 libopencv-core406; do
  grep -qxF "$lib" <<<"$names" && pass "Depends names $lib (computed)" ||
    fail "Depends lacks $lib: dpkg-shlibdeps did not run or the link changed"
done
grep -Eq "libc6 \(>= [0-9]" <<<"$depends" && pass "Depends carries minimum versions" ||
  fail "Depends has no minimum versions: not computed by dpkg-shlibdeps"
# Added by hand (installer/CMakeLists.txt says why).
for pkg in libdlib-data libqt6sql6-sqlite; do
  grep -qxF "$pkg" <<<"$names" && pass "Depends names $pkg" || fail "Depends lacks $pkg"
done
# Nothing a runtime should not need.
if grep -Eq -- '-dev$|^ffmpeg$|^cmake$' <<<"$names"; then
  fail "Depends names a build tool or -dev package"
else
  pass "Depends names no -dev package, ffmpeg or cmake"
fi
# Every dependency is satisfiable here (the machine that built it has the runtime libraries).
IFS=',' read -ra groups <<<"$depends"
for group in "${groups[@]}"; do
  satisfied=0
  IFS='|' read -ra alternatives <<<"$group"
  for alt in "${alternatives[@]}"; do
    name=$(awk '{print $1}' <<<"$alt")
    status=$(dpkg-query -W -f='${Status}' "$name" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] && satisfied=1
  done
  [[ $satisfied -eq 1 ]] || fail "dependency '$group' is not installed on this machine"
done
pass "all ${#groups[@]} dependencies are installed on this machine"
# apt agrees: installing the package here would add it and nothing else (a simulation).
if command -v apt-get >/dev/null; then
  sim=$(apt-get -s -q install "$deb" 2>&1 || true)
  inst=$(grep -c '^Inst ' <<<"$sim" || true)
  grep -q '^Inst frameproof ' <<<"$sim" && [[ "$inst" -eq 1 ]] &&
    pass "apt-get -s install: the package alone, its dependencies met" ||
    fail "apt-get -s install would not install the package alone: $(grep -E '^(Inst|E:)' <<<"$sim" | tr '\n' ' ')"
fi

# --- Contents.
dpkg-deb -c "$deb" | awk '{print $6}' | sed -e 's|^\./|/|' -e 's|/$||' | sort >"$work/deb-files.txt"
expect_file() {
  grep -qx "$1" "$work/deb-files.txt" && pass "package has $1" || fail "package lacks $1"
}
expect_file /usr/bin/frameproof
expect_file /usr/share/applications/org.frameproof.Frameproof.desktop
expect_file /usr/share/metainfo/org.frameproof.Frameproof.metainfo.xml
expect_file /usr/share/man/man1/frameproof.1.gz
expect_file /usr/share/frameproof/demo/frameproof-demo.mp4
expect_file /usr/share/icons/hicolor/scalable/apps/org.frameproof.Frameproof.svg
for size in 16 22 24 32 48 64 128 256; do
  expect_file "/usr/share/icons/hicolor/${size}x${size}/apps/org.frameproof.Frameproof.png"
done
expect_file /usr/share/doc/frameproof/copyright
expect_file /usr/share/doc/frameproof/THIRD-PARTY-NOTICES
expect_file /usr/share/doc/frameproof/README.md
if grep -v '^/usr' "$work/deb-files.txt" | grep -qv '^/\?$'; then
  fail "files outside /usr: $(grep -v '^/usr' "$work/deb-files.txt" | tr '\n' ' ')"
fi

# --- Extract into a throwaway root and run what was installed.
root="$work/root"
dpkg-deb -x "$deb" "$root"
exe="$root/usr/bin/frameproof"
demo="$root/usr/share/frameproof/demo/frameproof-demo.mp4"
[[ -x "$exe" ]] || { echo "FAIL: $exe is not executable" >&2; exit 1; }
if readelf -d "$exe" | grep -Eq 'R(UN)?PATH'; then
  fail "the installed executable carries an RPATH/RUNPATH: $(readelf -d "$exe" | grep -E 'R(UN)?PATH')"
else
  pass "no RPATH/RUNPATH in the installed executable"
fi
if readelf -S "$exe" | grep -q '\.debug_info'; then
  fail "the installed executable is not stripped"
else
  pass "the installed executable is stripped ($(du -h "$exe" | cut -f1))"
fi
missing=$(env -u LD_LIBRARY_PATH ldd "$exe" | grep 'not found' || true)
[[ -z "$missing" ]] && pass "every shared library resolves from the system" ||
  fail "unresolved libraries: $missing"

export QT_QPA_PLATFORM=offscreen
unset LD_LIBRARY_PATH
version_out=$("$exe" --version 2>&1) || fail "installed frameproof --version exited $?"
echo "frameproof --version: $version_out"
[[ "$version_out" == "Frameproof ${version}"* ]] && pass "installed --version" ||
  fail "installed --version printed '$version_out'"
rc=0
"$exe" probe "$demo" >"$work/probe.json" 2>"$work/probe.err" || rc=$?
if [[ $rc -ne 0 ]]; then
  fail "installed probe of the demo clip exited $rc: $(cat "$work/probe.err")"
else
  sha=$(sha256sum "$demo" | cut -d' ' -f1)
  grep -q "\"sha256\": \"$sha\"" "$work/probe.json" && pass "probe reports the demo clip's SHA-256" ||
    fail "probe's sha256 is not $sha"
  grep -q '"file_name": "frameproof-demo.mp4"' "$work/probe.json" && pass "probe names the demo clip" ||
    fail "probe does not name frameproof-demo.mp4"
  frames=$(grep -o '"frame_count": [0-9]*' "$work/probe.json" | head -1 | grep -o '[0-9]*$' || true)
  [[ -n "$frames" && "$frames" -ge 200 ]] && pass "probe counts $frames frames" ||
    fail "probe's frame_count is '${frames}', expected at least 200 (10 s at 25 fps)"
fi
# The welcome page finds the demo clip installed: APPDIR/../share/frameproof/demo (DemoClip.cpp).
[[ -f "$(dirname "$exe")/../share/frameproof/demo/frameproof-demo.mp4" ]] &&
  pass "demo clip where the application looks for it" || fail "demo clip not at APPDIR/../share/frameproof/demo"

# --- Desktop entry, metainfo, man page.
desktop="$root/usr/share/applications/org.frameproof.Frameproof.desktop"
if command -v desktop-file-validate >/dev/null; then
  out=$(desktop-file-validate "$desktop" 2>&1) && [[ -z "$out" ]] && pass "desktop-file-validate" ||
    fail "desktop-file-validate: $out"
else
  echo "skip: desktop-file-validate not installed (Debian package desktop-file-utils)"
fi
grep -q '^MimeType=.*video/mp4;.*video/x-matroska;' "$desktop" && pass "desktop entry claims video MIME types" ||
  fail "desktop entry has no video MimeType"
grep -qx 'Exec=frameproof %f' "$desktop" && pass "desktop entry runs frameproof %f" || fail "desktop Exec line"
grep -qx 'Icon=org.frameproof.Frameproof' "$desktop" && pass "desktop entry names the installed icon" || fail "desktop Icon line"
metainfo="$root/usr/share/metainfo/org.frameproof.Frameproof.metainfo.xml"
if command -v appstreamcli >/dev/null; then
  out=$(appstreamcli validate --no-net "$metainfo" 2>&1) && pass "appstreamcli validate" ||
    fail "appstreamcli validate: $out"
else
  echo "skip: appstreamcli not installed (Debian package appstream)"
fi
grep -q '<release version="'"$version"'"' "$metainfo" && pass "metainfo lists release $version" ||
  fail "metainfo has no <release version=\"$version\">"
man_gz="$root/usr/share/man/man1/frameproof.1.gz"
if command -v groff >/dev/null; then
  out=$(zcat "$man_gz" | groff -man -ww -z 2>&1) && [[ -z "$out" ]] && pass "man page renders without warnings" ||
    fail "groff warnings: $out"
  text=$(zcat "$man_gz" | groff -man -Tutf8 2>/dev/null | sed 's/.\x08//g')
  for word in probe analyze verify --json --heatmaps --report --case --examiner "EXIT STATUS" FILES EXAMPLES; do
    grep -q -- "$word" <<<"$text" || fail "man page does not mention $word"
  done
  pass "man page covers the commands, options, exit status, files and examples"
else
  echo "skip: groff not installed"
fi

# --- `cmake --install` lays out the same tree as the package.
cmake --install "$build" --prefix "$work/install/usr" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install"; }
(cd "$work/install" && find . -mindepth 1 \( -type f -o -type l \) | sed 's|^\./|/|' | sort) >"$work/install-files.txt"
(cd "$root" && find . -mindepth 1 \( -type f -o -type l \) | sed 's|^\./|/|' | sort) >"$work/root-files.txt"
if diff -u "$work/root-files.txt" "$work/install-files.txt" >"$work/tree.diff"; then
  pass "cmake --install lays out the same $(wc -l <"$work/root-files.txt") files as the package"
else
  fail "cmake --install and the package differ:"
  cat "$work/tree.diff" >&2
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
rm -rf "$work/root" "$work/install"
echo "package test passed: $deb"
