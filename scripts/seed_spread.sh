#!/usr/bin/env bash
# Seed-to-seed spread of every metric and component field `snsim compare` checks, over the configs that
# have golden results: the measurement behind configs/compare/tolerances.yml (docs/validation.md,
# "Golden results and their tolerances").
#
# Usage: scripts/seed_spread.sh [SNSIM] [SEEDS] [OUTDIR]   (defaults: build/snsim, 24, a temporary directory)
# Runs each config with seeds 1..SEEDS, compares seed 1 with each other seed, and prints per metric and
# component field the largest absolute change, the largest relative change (|B - A| / |A|, over values
# with A != 0) and the config where each was seen. Then prints which config/seed pairs the current
# tolerances would flag.
set -euo pipefail
cd "$(dirname "$0")/.."
snsim=${1:-build/snsim}
seeds=${2:-24}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
configs=(configs/default.yaml configs/validation/*.yaml configs/presets/*.yaml configs/examples/*.yaml)
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
echo
echo "largest seed-to-seed change (seed 1 against seeds 2..$seeds)"
jq -rn --slurpfile all <(for f in "$out"/*.cmp*.json; do jq -c --arg f "$(basename "$f")" '{f: $f, c: .}' "$f"; done) '
  def rel(a; b): if a != 0 then ((b - a) | fabs) / (a | fabs) else null end;
  [ $all[] | .f as $f
    | (.c.metrics[] | select(.in_a and .in_b and (.a | type) == "number")
       | {key: .name, f: $f, abs: ((.b - .a) | fabs), rel: rel(.a; .b)}),
      (.c.components[] | {key: (.kind + "." + .field), f: $f, abs: ((.b - .a) | fabs), rel: rel(.a; .b)}) ]
  | group_by(.key)[]
  | (max_by(.abs)) as $ma | ([.[] | select(.rel != null)] | max_by(.rel)) as $mr
  | "\($ma.key)\tabs \($ma.abs)\t(\($ma.f))\trel \($mr.rel // "-")\t(\($mr.f // "-"))"' | column -t -s $'\t'
echo "reports and comparisons: $out"
