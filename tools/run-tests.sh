#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-tests.sh - the one command that installs, builds and runs the whole test suite.
#
#   sudo tools/run-tests.sh            # unit (cmocka) + integration (real peers)
#   sudo tools/run-tests.sh unit       # one suite only (unit | integration)
#
# Installs every dependency from Debian's archive (tools/install-deps.sh),
# configures ./build with meson if needed, builds, runs `meson test` one test at
# a time (integration tests pin CPUs and busy-poll), prints each test's output,
# and ends with a plain "N passed, N failed" line. Exit status 0 only if all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-}
tools/install-deps.sh
[[ -f build/build.ninja ]] || meson setup build
ninja -C build

args=(-C build --num-processes 1 --print-errorlogs)
[[ -n $suite ]] && args+=(--suite "$suite")
set +e
meson test "${args[@]}"
rc=$?
set -e

log=build/meson-logs/testlog.json
if [[ -f $log ]]; then
	python3 - "$log" <<'PY'
import json, sys
tests = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = sum(1 for t in tests if t.get("result") == "OK")
bad = [t["name"] for t in tests if t.get("result") != "OK"]
for t in tests:
    print(f'{t.get("result", "?"):8} {t["name"]}  ({t.get("duration", 0):.1f}s)')
print(f"{ok} passed, {len(bad)} failed" + (f" ({', '.join(bad)})" if bad else ""))
PY
fi
exit $rc
