#!/usr/bin/env bash
# Opens GTKWave save files in a virtual X server and checks that GTKWave loads the waveform each one
# names: its window title is "GTKWave - <the waveform's path>". Checks
#   1. every checked-in layout (waveforms/*.gtkw), opened from a directory other than the repository's,
#   2. a layout that `snsim run --vcd` writes, after the waveform and its layout were moved together to
#      another directory (GTKWave then finds the waveform through the path from [savefile] to [dumpfile]).
# That every signal a layout names is in its waveform is checked by tests/waveform_test.cpp.
#
#   tests/gtkwave_opens_layout.sh REPO_ROOT SNSIM_BINARY
#
# Exit status 77 (CTest: skipped) when gtkwave, Xvfb or xwininfo is missing (scripts/install-deps.sh
# installs them).
set -uo pipefail

root="$1"
snsim="$2"
for tool in gtkwave Xvfb xwininfo; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done

work="$(mktemp -d)"
display=""
xvfb=""
cleanup() {
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses, from 110 on (the screenshot script starts at 90).
display=110
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1600x1600x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=":$display"
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || { echo "FAIL: Xvfb did not start on :$display"; exit 1; }

failures=0
# open_and_check LAYOUT EXPECTED_WAVEFORM: runs GTKWave from $work/elsewhere, waits up to 20 s for its
# window, compares the title.
open_and_check() {
  local layout="$1" expected="$2" title="" titles="" pid
  mkdir -p "$work/elsewhere"
  (cd "$work/elsewhere" && exec gtkwave "$layout" >"$work/gtkwave.log" 2>&1) &
  pid=$!
  # The titles of GTKWave's windows (a window of the previous check may linger for a moment).
  for _ in $(seq 200); do
    titles=$(xwininfo -root -tree 2>/dev/null | sed -n 's/.*"GTKWave - \([^"]*\)".*/\1/p')
    if printf '%s\n' "$titles" | grep -qxF "$expected"; then title="$expected"; break; fi
    kill -0 "$pid" 2>/dev/null || { title="$titles"; break; }
    title="$titles"
    sleep 0.1
  done
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ "$title" = "$expected" ]; then
    echo "ok: $layout opens $expected"
  else
    echo "FAIL: $layout: expected GTKWave to load $expected, its window says '${title:-no window}'"
    sed 's/^/  gtkwave: /' "$work/gtkwave.log" | head -20
    failures=$((failures + 1))
  fi
}

checked_in=0
for layout in "$root"/waveforms/*.gtkw; do
  [ -e "$layout" ] || continue
  dump=$(sed -n 's/^\[dumpfile\] "\(.*\)"$/\1/p' "$layout")
  open_and_check "$layout" "$root/waveforms/$(basename "$dump")"
  checked_in=$((checked_in + 1))
done
[ "$checked_in" -gt 0 ] || { echo "FAIL: no layouts in $root/waveforms"; failures=$((failures + 1)); }

mkdir -p "$work/made" "$work/moved"
if "$snsim" run "$root/configs/default.yaml" --set simulation.warmup=100cycles --set simulation.measure=500cycles \
     --vcd "$work/made/run.vcd" --trace-filter 'sw0,ep0*' >/dev/null 2>"$work/snsim.log"; then
  mv "$work/made/run.vcd" "$work/made/run.gtkw" "$work/moved/"
  open_and_check "$work/moved/run.gtkw" "$work/moved/run.vcd"
else
  echo "FAIL: snsim run failed:"; cat "$work/snsim.log"; failures=$((failures + 1))
fi

exit $((failures > 0))
