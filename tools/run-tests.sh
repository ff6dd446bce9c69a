#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-tests.sh - the one command that installs, builds and runs the whole test suite.
#
#   sudo tools/run-tests.sh            # unit (cmocka) + integration (real peers)
#   sudo tools/run-tests.sh unit       # one suite only (unit | integration | fuzz)
#
# Installs every dependency from Debian's archive (tools/install-deps.sh),
# configures ./build with meson if needed, builds, runs `meson test` one test at
# a time (integration tests pin CPUs and busy-poll), prints each test's output,
# then runs the libFuzzer harnesses for a bounded number of runs (tools/run-fuzz.sh,
# clang build in ./build-fuzz), and ends with a plain "N passed, N failed" line.
# Exit status 0 only if all pass.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-}
tools/install-deps.sh
[[ -f build/build.ninja ]] || meson setup build
ninja -C build

rc=0
fuzz_out=""
if [[ $suite != fuzz ]]; then
	args=(-C build --num-processes 1 --print-errorlogs)
	[[ -n $suite ]] && args+=(--suite "$suite")
	meson test "${args[@]}" || rc=1
fi
if [[ -z $suite || $suite == fuzz ]]; then
	fuzz_out=$(mktemp)
	tools/run-fuzz.sh "${VSW_FUZZ_RUNS:-20000}" >"$fuzz_out" 2>&1 || rc=1
	grep -vE '^\[[0-9]+/[0-9]+\]' "$fuzz_out" | tail -n 40	# skip ninja progress
fi

log=build/meson-logs/testlog.json
python3 - "$log" "$fuzz_out" "$suite" <<'PY' || rc=1
import json, os, re, sys
log, fuzz, suite = sys.argv[1], sys.argv[2], sys.argv[3]
rows = []
if suite != "fuzz" and os.path.exists(log):
    for line in open(log):
        if line.strip():
            t = json.loads(line)
            rows.append((t["name"], t.get("result") == "OK", t.get("duration", 0)))
if fuzz and os.path.exists(fuzz):
    for line in open(fuzz):
        m = re.match(r"(fuzz_\w+): (.*)", line)
        if m:
            rows.append((m.group(1), ", OK" in m.group(2), 0))
for name, ok, dur in rows:
    print(f"{'OK' if ok else 'FAIL':8} {name}" + (f"  ({dur:.1f}s)" if dur else ""))
bad = [n for n, ok, _ in rows if not ok]
print(f"{len(rows) - len(bad)} passed, {len(bad)} failed" + (f" ({', '.join(bad)})" if bad else ""))
sys.exit(1 if bad or not rows else 0)
PY
[[ -n $fuzz_out ]] && rm -f "$fuzz_out"
exit $rc
