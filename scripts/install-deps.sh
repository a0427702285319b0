#!/usr/bin/env bash
# Installs the Debian packages snsim needs, only those that are missing (idempotent).
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libsystemc-dev        # SystemC 2.3.4 with TLM-2.0
  libyaml-cpp-dev       # configuration files
  libcli11-dev          # command line
  nlohmann-json3-dev    # JSON reports
  libgtest-dev          # tests
  libbenchmark-dev      # bench/
  verilator zlib1g-dev  # RTL co-simulation; snsim run --fst (verilator ships the FST writer, zlib compresses)
  gtkwave               # viewing waveforms; fst2vcd for the waveform tests
  xvfb x11-utils imagemagick  # scripts/screenshot-gtkwave.sh: virtual X server, xwininfo, import
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "snsim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "snsim: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
