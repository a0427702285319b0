#!/usr/bin/env bash
# Checks the include rules that keep the layers apart (docs/architecture.md):
#   1. models/core/ is the ground floor: it includes nothing from models/ outside itself, nor from
#      apps/, testbench/ or tests/ (what the core needs from a layer above, it declares, e.g.
#      models/core/flow_control_observer.h);
#   2. product code (models/, apps/) includes nothing from the test folders testbench/ and tests/.
# Prints every include that breaks a rule, with file and line, and exits 1 if there is one.
#
#   tests/layering_check.sh REPO_ROOT
set -uo pipefail

root="$1"
cd "$root" || { echo "layering_check: no such directory: $root"; exit 2; }
for dir in models/core models apps; do
  [ -d "$dir" ] || { echo "layering_check: $root/$dir is missing"; exit 2; }
done

sources() { find "$@" -type f \( -name '*.h' -o -name '*.cpp' \) | sort; }

status=0
report() {
  # $1: the rule; stdin: grep -n output (file:line:text)
  while IFS= read -r hit; do
    echo "$hit"
    echo "  breaks: $1"
    status=1
  done
}

# (Process substitution, not a pipe: report must run in this shell to set the status.)
report "models/core/ includes only models/core/" < <(
  sources models/core | xargs grep -nE '#include "(models/[^"/]+/|apps/|testbench/|tests/)' |
    grep -vE ':#include "models/core/')
report "models/ and apps/ include nothing from testbench/ or tests/" < <(
  sources models apps | xargs grep -nE '#include "(testbench|tests)/')

if [ "$status" -eq 0 ]; then
  echo "layering: models/core/ includes only itself ($(sources models/core | wc -l) files); models/ and apps/" \
       "include nothing from testbench/ or tests/ ($(sources models apps | wc -l) files)"
fi
exit "$status"
