#!/usr/bin/env bash
# Regenerates the example waveform of the default fabric (waveforms/default.vcd and .gtkw) and a
# screenshot of GTKWave showing it (docs/images/gtkwave-default.png), in a virtual X server.
#
#   scripts/screenshot-gtkwave.sh [BUILD_DIR]      (default: build; run from anywhere)
#
# Needs the Debian packages gtkwave, xvfb and imagemagick (for `import`); scripts/install-deps.sh
# installs them. The trace: switch sw0, endpoint ep3 and its two links, cycles 2000 to 2400 (the first
# 400 cycles of the measurement window of configs/default.yaml).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
snsim="$build/snsim"
for tool in gtkwave Xvfb import; do
  command -v "$tool" >/dev/null || { echo "screenshot-gtkwave: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$snsim" ] || { echo "screenshot-gtkwave: $snsim is not built (scripts/build.sh)" >&2; exit 1; }

cd "$root"
"$snsim" run configs/default.yaml --vcd waveforms/default.vcd \
  --trace-filter 'sw0,ep3*,sw0_to_ep3' --trace-window 2000:2400 >/dev/null
# The save file snsim writes names the waveform by its absolute path; the checked-in one names it
# relative to the repository root, where the README's command runs.
sed -i "s|^\[dumpfile\] \".*\"|[dumpfile] \"waveforms/default.vcd\"|; s|gtkwave .*default.gtkw|gtkwave waveforms/default.gtkw|" \
  waveforms/default.gtkw

# A display number nobody uses: the first free one from 90.
display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1600x1600x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
gtkwave_pid=""
cleanup() {
  [ -n "$gtkwave_pid" ] && kill "$gtkwave_pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=":$display"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

gtkwave waveforms/default.gtkw >/dev/null 2>&1 &
gtkwave_pid=$!
sleep 4  # GTKWave draws its window and the traces
# Only GTKWave's window (the rest of the virtual screen is empty).
window=$(xwininfo -root -tree | awk '/"GTKWave - / {print $1; exit}')
[ -n "$window" ] || { echo "screenshot-gtkwave: GTKWave did not open a window" >&2; exit 1; }
import -window "$window" docs/images/gtkwave-default.png
echo "wrote waveforms/default.vcd, waveforms/default.gtkw, docs/images/gtkwave-default.png"
