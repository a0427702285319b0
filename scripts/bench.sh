#!/usr/bin/env bash
# Simulator speed benchmark: builds snsim_bench in a Release tree (build-bench/), runs the 16-port
# single-switch fabric at loads 0.1, 0.5 and 0.9, and writes
#   bench/results/switch16.json   Google Benchmark's JSON (every repetition and the aggregates)
#   bench/results/switch16.csv    the same rows as CSV (converted from the JSON, so both hold one run)
# then prints a table of the medians. Extra arguments go to snsim_bench, e.g.
#   scripts/bench.sh --benchmark_repetitions=1
# See docs/performance.md for what the numbers mean.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${SNSIM_BENCH_BUILD:-build-bench}"
jobs="${JOBS:-2}"
out_dir="bench/results"
json="$out_dir/switch16.json"
csv="$out_dir/switch16.csv"

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

counters = ["sim_cycles_per_s", "packets_per_s", "flits_per_s", "activations_per_s",
            "ns_per_activation", "cycles", "packets", "activations", "report_hash32"]
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
print(f"{'case':<16}{'ms/run':>9}{'Mcycles/s':>11}{'Mpkt/s':>9}{'Mflit/s':>9}"
      f"{'Mact/s':>9}{'ns/act':>9}{'cycles':>9}{'packets':>9}  report hash")
for name, r in chosen.items():
    if r.get("error_occurred"):
        print(f"{name}: ERROR {r.get('error_message')}")
        continue
    case = name.split("/")[0] + "/" + name.split("/")[1]
    print(f"{case:<16}{r['real_time']:>9.1f}{r['sim_cycles_per_s']/1e6:>11.3f}{r['packets_per_s']/1e6:>9.3f}"
          f"{r['flits_per_s']/1e6:>9.3f}{r['activations_per_s']/1e6:>9.3f}{r['ns_per_activation']:>9.0f}"
          f"{r['cycles']:>9.0f}{r['packets']:>9.0f}  {r.get('label', '')}")
print(f"\nwrote {src} and {dst}")
PY
