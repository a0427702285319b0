#!/usr/bin/env bash
# Seed-to-seed spread of every metric and component field `snsim compare` checks, over the configs that
# have golden results: the measurement behind configs/compare/tolerances.yml (docs/validation.md,
# "Golden results and their tolerances").
#
# Usage: scripts/seed_spread.sh [SNSIM] [SEEDS] [OUTDIR]   (defaults: build/snsim, 24, a temporary directory)
# SPREAD_CONFIGS="a.yaml b.yaml" limits it to those configs (e.g. new ones that need tolerance entries).
# Runs each config with seeds 1..SEEDS and compares seed 1 with each other seed (snsim compare --json),
# printing each pair the current tolerances flag as it goes; then, per config and metric (and per
# component field), the largest absolute and relative change (|B - A| / |A|, over values with A != 0).
set -euo pipefail
cd "$(dirname "$0")/.."
snsim=${1:-build/snsim}
seeds=${2:-24}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
configs=(${SPREAD_CONFIGS:-configs/default.yaml configs/validation/*.yaml configs/presets/*.yaml configs/examples/*.yaml})
for c in "${configs[@]}"; do
  n=$(echo "$c" | sed 's|/|__|g')
  for s in $(seq 1 "$seeds"); do
    nice "$snsim" run "$c" --seed "$s" --json "$out/$n.seed$s.json" >/dev/null 2>&1
  done
  for s in $(seq 2 "$seeds"); do
    status=0
    "$snsim" compare "$out/$n.seed1.json" "$out/$n.seed$s.json" --json "$out/$n.cmp$s.json" >/dev/null || status=$?
    [ "$status" -le 1 ] || { echo "compare failed on $c seed $s" >&2; exit 1; }
    [ "$status" -eq 0 ] || echo "flagged by the current tolerances: $c seed 1 vs seed $s"
  done
done
# One line per config and metric (and per component field, over all its components): the value at
# seed 1 (metrics), the largest |B - A| and the largest |B - A| / |A| over the other seeds. The tolerances
# are twice these, on the configs whose spread is typical, and per config where it is wider
# (docs/validation.md explains the rule).
echo
echo "largest seed-to-seed change per config (seed 1 against seeds 2..$seeds)"
for f in "$out"/*.cmp*.json; do
  jq -c --arg f "$(basename "$f" | sed 's/\.cmp[0-9]*\.json$//; s/^configs__//; s/__/\//g')" '
    (.metrics[] | select(.in_a and .in_b and (.a | type) == "number")
     | {c: $f, k: .name, a: .a, d: ((.b - .a) | fabs)}),
    (.components[] | {c: $f, k: (.kind + "." + .field), a: .a, d: ((.b - .a) | fabs)})' "$f"
done | jq -rs '
  group_by([.c, .k])[]
  | {c: .[0].c, k: .[0].k, a: (if (.[0].k | test("^(link|queue|hbm_channel)[.]")) then "-" else .[0].a end),
     d: (map(.d) | max), r: (map(select(.a != 0) | .d / (.a | fabs)) | max)}
  | select(.d > 0)
  | "\(.c)\t\(.k)\t\(.a)\tabs \(.d)\trel \(.r // "-")"' | column -t -s $'\t'
echo "reports and comparisons: $out"
