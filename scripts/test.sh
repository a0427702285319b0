#!/usr/bin/env bash
# One command from a fresh machine to a green test suite: install what is missing, build, run every
# test (ctest), then build the tests again with AddressSanitizer + UndefinedBehaviorSanitizer and run
# them again. Long sweeps carry the ctest label "nightly" and are left out here (ctest -L nightly).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jobs="$(nproc)"
"$root/scripts/install-deps.sh"

echo "== build (RelWithDebInfo) and test"
"$root/scripts/build.sh" build
(cd "$root/build" && ctest --output-on-failure -j "$jobs" -LE nightly)

echo "== build with ASan + UBSan and test"
"$root/scripts/build.sh" build-asan -DCMAKE_BUILD_TYPE=Debug -DSNSIM_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
# detect_stack_use_after_return must stay off: it breaks SystemC's coroutine stacks.
export ASAN_OPTIONS="detect_stack_use_after_return=0:detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd "$root/build-asan" && ctest --output-on-failure -j "$jobs" -LE nightly)
echo "== all tests passed"
