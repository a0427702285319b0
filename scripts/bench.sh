#!/usr/bin/env bash
# Simulator speed benchmark: builds snsim_bench in a Release tree (build-bench/), runs every case
# (16/64-port switch, 8x8 mesh and torus of BookSim-like routers, 32x32 mesh, the 4096-chip torus, an
# endpoint-scaling series; bench/bench_fabric.cpp) and writes
#   bench/results/fabric.json   Google Benchmark's JSON (every repetition and the aggregates)
#   bench/results/fabric.csv    the same rows as CSV (converted from the JSON, so both hold one run)
# then prints a table of the medians. Extra arguments go to snsim_bench, e.g.
#   scripts/bench.sh --benchmark_repetitions=1 --benchmark_filter='mesh8x8|switch16'
# See docs/performance.md for what the numbers mean.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${SNSIM_BENCH_BUILD:-build-bench}"
jobs="${JOBS:-2}"
out_dir="bench/results"
json="$out_dir/fabric.json"
csv="$out_dir/fabric.csv"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
make -C "$build" -j"$jobs" snsim_bench >/dev/null
mkdir -p "$out_dir"

export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
"$build/bench/snsim_bench" \
  --benchmark_repetitions=3 \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$json.tmp" --benchmark_out_format=json \
  "$@"
mv "$json.tmp" "$json"

python3 - "$json" "$csv" <<'PY'
import csv, json, sys

src, dst = sys.argv[1], sys.argv[2]
with open(src) as f:
    data = json.load(f)
rows = data["benchmarks"]

counters = ["sim_cycles_per_s", "router_cycles_per_s", "port_cycles_per_s", "packets_per_s",
            "flit_hops_per_s", "activations_per_s", "ns_per_activation", "build_s", "run_wall_s", "run_cpu_s",
            "peak_rss_mib",
            "cycles", "packets", "activations", "routers", "ports", "report_hash32"]
fields = ["name", "run_name", "run_type", "aggregate_name", "repetition_index", "iterations",
          "real_time", "cpu_time", "time_unit"] + counters + ["label", "error_message"]
with open(dst, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in fields})

# Table: the median of the repetitions when there are several, else the single run.
chosen = {}
for r in rows:
    name = r.get("run_name", r["name"])
    if r.get("run_type") == "aggregate":
        if r.get("aggregate_name") == "median":
            chosen[name] = r
    elif name not in chosen:
        chosen[name] = r
print()
print(f"{'case':<28}{'cpu s':>8}{'wall s':>8}{'Mcyc/s':>9}{'Mrouter-cyc/s':>14}{'Mpkt/s':>8}{'Mflit-hop/s':>12}"
      f"{'ns/act':>8}{'build s':>8}{'MiB':>7}  report hash")
for name, r in chosen.items():
    case = "/".join(p for p in name.split("/") if not p.startswith(("min_time", "manual_time", "iterations", "repeats")))
    if r.get("error_occurred"):
        print(f"{case}: ERROR {r.get('error_message')}")
        continue
    print(f"{case:<28}{r['run_cpu_s']:>8.3f}{r['run_wall_s']:>8.3f}{r['sim_cycles_per_s']/1e6:>9.3f}{r['router_cycles_per_s']/1e6:>14.3f}"
          f"{r['packets_per_s']/1e6:>8.3f}{r['flit_hops_per_s']/1e6:>12.3f}{r['ns_per_activation']:>8.0f}"
          f"{r['build_s']:>8.3f}{r['peak_rss_mib']:>7.0f}  {r.get('label', '')}")
print(f"\nwrote {src} and {dst}")
PY
