#!/usr/bin/env bash
# One command from a fresh machine to a result: install what is missing, build, run the default fabric.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" build >/dev/null
exec "$root/build/snsim" run "$root/configs/default.yaml" "$@"
