#!/usr/bin/env bash
# run-all.sh: the CI entry of the emulated-USB end-to-end stage. Runs prepare.sh (cached after the first
# time), compiles dot4j-links' test classes and builds dot4.jar if they are missing, then boots one qemu guest per
# tests/*.sh through run-guest.sh and prints timings and the closing line "usb-e2e: N passed, M failed".
# Exit status 0 only if every test passed.
# Usage: usb-e2e/run-all.sh [TIMEOUT_SECONDS_PER_TEST]     (default 600; dot4-usb.sh took 140 s earlier and
# 280-300 s on 2026-12-01: the emulated bulk rate halved, cause not yet found)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
TIMEOUT=${1:-600}
stage_start=$SECONDS

t=$SECONDS
"$HERE/prepare.sh"
echo "usb-e2e: prepare took $((SECONDS - t)) s"

# The guest sees the repository read-only, so everything it runs must be built here first.
if [[ ! -f $REPO/dot4j-links/target/test-classes/org/dot4j/links/gadget/GadgetEchoMain.class ]]; then
    t=$SECONDS
    (cd "$REPO" && mvn -B -q -pl dot4j-links -am test-compile)
    echo "usb-e2e: test-compile took $((SECONDS - t)) s"
fi
if [[ ! -f $REPO/dot4j-cli/target/dot4.jar ]]; then
    t=$SECONDS
    (cd "$REPO" && mvn -B -q -DskipTests package)
    echo "usb-e2e: building dot4.jar took $((SECONDS - t)) s"
fi

passed=0 failed=0
for test in "$HERE"/tests/*.sh; do
    t=$SECONDS
    if "$HERE/run-guest.sh" "$test" "$TIMEOUT"; then
        passed=$((passed + 1))
        echo "usb-e2e: PASS $(basename "$test") in $((SECONDS - t)) s"
    else
        failed=$((failed + 1))
        echo "usb-e2e: FAIL $(basename "$test") in $((SECONDS - t)) s"
    fi
done
echo "usb-e2e: stage took $((SECONDS - stage_start)) s"
echo "usb-e2e: $passed passed, $failed failed"
((failed == 0))
