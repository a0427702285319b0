#!/usr/bin/env bash
# Scaling curves for docs/performance.md: the cost of a run versus load (8x8 mesh of BookSim-like routers,
# load 0.01 to saturation) and versus fabric size (k x k tori of the same router, 16 to 4096 endpoints, at
# load 0.1). Each point is one `snsim run` of the Release build; its report gives the work done (cycles,
# packets, flit-hops, component steps) and /usr/bin/time gives the cost (user CPU seconds, which a busy
# machine inflates less than wall time, and peak resident memory). Writes bench/results/scaling.csv.
#   bench/scaling.sh            # both series
#   bench/scaling.sh load       # one series: load | size
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${SNSIM_BENCH_BUILD:-build-bench}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
make -C "$build" -j"${JOBS:-2}" snsim >/dev/null
out="bench/results/scaling.csv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
config=configs/bench/mesh88_booksim.yaml
series="${1:-all}"

echo "series,endpoints,load,cycles,packets,flit_hops,activations,user_s,wall_s,build_s,peak_rss_mib" > "$tmp/rows.csv"
point() {  # point SERIES ENDPOINTS LOAD [--set ...]
  local name=$1 endpoints=$2 load=$3
  shift 3
  /usr/bin/time -f "%U %e %M" -o "$tmp/time" "$build/snsim" run "$config" --set workload.load="$load" "$@" \
    --json "$tmp/report.json" >/dev/null 2>"$tmp/stderr"
  python3 - "$name" "$endpoints" "$load" "$tmp/report.json" "$tmp/time" "$tmp/stderr" >> "$tmp/rows.csv" <<'PY'
import json, re, sys
name, endpoints, load, report, timing, stderr = sys.argv[1:]
r = json.load(open(report))
user, wall, rss_kib = open(timing).read().split()[-3:]
build = re.search(r"built the fabric in ([0-9.e+-]+) s", open(stderr).read()).group(1)
flit = 16  # fabric.flit of configs/bench/mesh88_booksim.yaml
flit_hops = sum(l["bytes"] for l in r["links"]) / flit
print(f"{name},{endpoints},{load},{r['cycles']},{r['packets_delivered']},{flit_hops:.0f},"
      f"{r['engine']['component_activations']},{user},{wall},{build},{int(rss_kib) / 1024:.1f}")
PY
  tail -1 "$tmp/rows.csv"
}

if [[ $series == all || $series == load ]]; then
  for load in 0 0.01 0.02 0.05 0.1 0.15 0.2 0.25 0.3 0.35; do
    point load 64 "$load" --set simulation.measure=20000cycles
  done
fi
if [[ $series == all || $series == size ]]; then
  for k in 4 8 16 32 64; do
    point size $((k * k)) 0.1 --set fabric.topology=torus --set fabric.endpoints=$((k * k)) \
      --set "topology.dims=[$k,$k]" --set simulation.measure=4000cycles
  done
fi
mkdir -p bench/results
# One series re-measured: keep the other series' rows of the previous file.
if [[ $series != all && -f $out ]]; then
  grep -v "^$series," "$out" | tail -n +2 >> "$tmp/rows.csv" || true
fi
cp "$tmp/rows.csv" "$out"
echo "wrote $out"
