#!/usr/bin/env bash
# Regenerates the example waveforms in waveforms/ and screenshots of GTKWave showing them, in a
# virtual X server:
#   default    configs/default.yaml: switch sw0, endpoint ep3 and its two links, cycles 2000 to 2400 (the
#              first 400 cycles of the measurement window)         -> docs/images/gtkwave-default.png
#   rtl_switch testbench/fabrics/rtl_switch_voq4.yaml with the Verilated switch (switch.impl: rtl): its
#              ports (scope sw0_rtl) next to the TLM state of the switch and its output links, cycles
#              3960 to 4020 (needs an snsim built with RTL)       -> docs/images/gtkwave-rtl-switch.png
#
#   scripts/screenshot-gtkwave.sh [BUILD_DIR]      (default: build; run from anywhere)
#
# Needs the Debian packages gtkwave, xvfb, x11-utils and imagemagick (for `import`);
# scripts/install-deps.sh installs them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
snsim="$build/snsim"
for tool in gtkwave Xvfb xwininfo import; do
  command -v "$tool" >/dev/null || { echo "screenshot-gtkwave: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$snsim" ] || { echo "screenshot-gtkwave: $snsim is not built (scripts/build.sh)" >&2; exit 1; }

cd "$root"
# The save file snsim writes names the waveform and itself by absolute paths; the checked-in ones name
# them relative to the repository root. GTKWave resolves [dumpfile] through the path from [savefile],
# so they open from any directory (tests/gtkwave_opens_layout.sh checks it).
relative_layout() {
  local name="$1"
  sed -i "s|^\[dumpfile\] \".*\"|[dumpfile] \"waveforms/$name.vcd\"|; s|^\[savefile\] \".*\"|[savefile] \"waveforms/$name.gtkw\"|; s|gtkwave .*$name.gtkw|gtkwave waveforms/$name.gtkw|" \
    "waveforms/$name.gtkw"
}
"$snsim" run configs/default.yaml --vcd waveforms/default.vcd \
  --trace-filter 'sw0,ep3*,sw0_to_ep3' --trace-window 2000:2400 >/dev/null
relative_layout default
shots=(default)
if "$snsim" run testbench/fabrics/rtl_switch_voq4.yaml --set switch.impl=rtl --vcd waveforms/rtl_switch.vcd \
     --trace-filter 'sw0,sw0_to_ep*' --trace-window 3960:4020 >/dev/null 2>&1; then
  relative_layout rtl_switch
  shots+=(rtl_switch)
else
  echo "screenshot-gtkwave: $snsim has no Verilated RTL; waveforms/rtl_switch.* left as they are" >&2
fi

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

for name in "${shots[@]}"; do
  gtkwave "waveforms/$name.gtkw" >/dev/null 2>&1 &
  gtkwave_pid=$!
  sleep 4  # GTKWave draws its window and the traces
  # Only GTKWave's window (the rest of the virtual screen is empty).
  window=$(xwininfo -root -tree | awk '/"GTKWave - / {print $1; exit}')
  [ -n "$window" ] || { echo "screenshot-gtkwave: GTKWave did not open a window for $name" >&2; exit 1; }
  png="docs/images/gtkwave-${name//_/-}.png"
  import -window "$window" "$png"
  kill "$gtkwave_pid" 2>/dev/null || true
  wait "$gtkwave_pid" 2>/dev/null || true
  gtkwave_pid=""
  echo "wrote waveforms/$name.vcd, waveforms/$name.gtkw, $png"
done
