#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-fuzz.sh - build the libFuzzer harnesses (tests/fuzz) and run each briefly.
#
#   sudo tools/run-fuzz.sh              # 20000 runs per fuzzer, at most 60 s each
#   sudo tools/run-fuzz.sh 200000       # more runs (still capped by time)
#   FUZZ_MAX_TIME=300 tools/run-fuzz.sh 1000000
#   FUZZ_ONLY="request cap_bpf" tools/run-fuzz.sh   # some fuzzers only
#   tools/run-fuzz.sh repro tests/fuzz/crashes/request-...   # replay inputs
#   FUZZ_ALLOW_KNOWN=1 tools/run-fuzz.sh  # tolerate the findings in tests/fuzz/crashes
#   FUZZ_VERBOSE=1 tools/run-fuzz.sh repro FILE  # fuzz_request: print each exchange
#
# Installs dependencies only through tools/install-deps.sh, configures its own
# build directory (build-fuzz: CC=clang, libraries built with
# -fsanitize=fuzzer-no-link, -Db_sanitize=address,undefined, -Dfuzz=true),
# runs every fuzzer at nice 10 on a copy of its seed corpus in a temporary
# directory (the repository is never written, except build-fuzz/), prints
# "fuzz_X: N runs, OK" or the crash, and exits non-zero if any fuzzer failed.
# Crash inputs are kept in build-fuzz/fuzz-crashes/. EAL runtime directories
# of the fuzzer processes are removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZERS=(${FUZZ_ONLY:-frames request dhcp dhcp_server cap_bpf})
BUILD=build-fuzz
MAX_TIME=${FUZZ_MAX_TIME:-60}
CRASH_DIR=$BUILD/fuzz-crashes

# Sanitizer settings for every fuzzer process: any UBSan report is fatal,
# leaks are checked (per input by libFuzzer, and at exit).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

die() {
	echo "run-fuzz.sh: $*" >&2
	exit 2
}

have_toolchain() {
	command -v clang >/dev/null &&
		compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null
}

# Remove what one fuzzer process left: EAL runtime directories (prefix
# vswfuzz-*PID) and fuzz_request's state directory (after a crash).
eal_cleanup() {
	local pid=$1 d

	for d in /var/run/dpdk "${XDG_RUNTIME_DIR:-/tmp}/dpdk"; do
		rm -rf "$d/vswfuzz-frames$pid" "$d/vswfuzz-req$pid" "$d/vswfuzz-capbpf$pid"
	done
	rm -rf /dev/shm/vswfuzz-req"$pid"-* /tmp/vswfuzz-req"$pid"-*
}

build() {
	if ! have_toolchain; then
		[[ $(id -u) -eq 0 ]] && tools/install-deps.sh
		have_toolchain || die "needs clang and libclang-rt-14-dev (add them to tools/install-deps.sh)"
	fi
	grep -q "option('fuzz'" meson_options.txt ||
		die "meson_options.txt has no 'fuzz' option (see tests/fuzz/meson.build)"
	if [[ ! -f $BUILD/build.ninja ]]; then
		CC=clang CFLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only" \
			meson setup "$BUILD" -Dfuzz=true -Dtests=true \
			-Db_sanitize=address,undefined -Db_lundef=false \
			-Dbuildtype=debugoptimized >/dev/null
	fi
	nice -n 10 ninja -C "$BUILD" "${FUZZERS[@]/#/tests/fuzz/fuzz_}"
}

# run_one NAME RUNS: fuzz one target; prints the verdict, returns non-zero on a crash.
run_one() {
	local name=$1 runs=$2 tmp log pid rc art n eps t0

	tmp=$(mktemp -d /tmp/vswfuzz-XXXXXX)
	mkdir -p "$tmp/corpus" "$CRASH_DIR"
	cp tests/fuzz/corpus/"$name"/* "$tmp/corpus/"
	log=$tmp/log
	t0=$(date +%s.%N)
	set +e
	nice -n 10 "$BUILD/tests/fuzz/fuzz_$name" -runs="$runs" \
		-max_total_time="$MAX_TIME" -timeout=10 -rss_limit_mb=4096 \
		-max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$tmp/" "$tmp/corpus" >"$log" 2>&1 &
	pid=$!
	wait "$pid"
	rc=$?
	set -e
	eal_cleanup "$pid"
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	eps=$(awk -v n="${n:-0}" -v t0="$t0" -v t1="$(date +%s.%N)" \
		'BEGIN { printf "%.0f", n / (t1 - t0) }')
	art=$(find "$tmp" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' \) | head -n1)
	if [[ $rc -eq 0 && -z $art ]]; then
		echo "fuzz_$name: ${n:-?} runs, OK (${eps} exec/s incl. start-up)"
		rm -rf "$tmp"
		return 0
	fi
	echo "fuzz_$name: FAILED (exit $rc) after ${n:-?} runs"
	grep -E 'ERROR: |invariant failed|runtime error|SUMMARY|^    #[0-9]+ ' "$log" | head -n 40 || true
	if [[ -n $art ]]; then
		cp "$art" "$CRASH_DIR/fuzz_$name-$(basename "$art")"
		echo "fuzz_$name: reproducer $CRASH_DIR/fuzz_$name-$(basename "$art")" \
			"(replay: tools/run-fuzz.sh repro $CRASH_DIR/fuzz_$name-$(basename "$art"))"
	fi
	cp "$log" "$CRASH_DIR/fuzz_$name.log"
	echo "fuzz_$name: full log $CRASH_DIR/fuzz_$name.log"
	rm -rf "$tmp"
	return 1
}

# repro FILE...: replay inputs with the fuzzer named in the file name.
repro() {
	local f name pid rc=0

	for f in "$@"; do
		case $(basename "$f") in
		*frames*) name=frames ;;
		*request*) name=request ;;
		*dhcp_server*) name=dhcp_server ;;
		*cap_bpf*) name=cap_bpf ;;
		*dhcp*) name=dhcp ;;
		*) die "$f: name must contain 'frames', 'request', 'dhcp', 'dhcp_server' or 'cap_bpf'" ;;
		esac
		set +e
		"$BUILD/tests/fuzz/fuzz_$name" "$f" &
		pid=$!
		wait "$pid" || rc=1
		set -e
		eal_cleanup "$pid"
	done
	return $rc
}

if [[ ${1:-} == repro ]]; then
	shift
	build >/dev/null
	repro "$@"
	exit
fi
runs=${1:-20000}
[[ $runs =~ ^[0-9]+$ ]] || die "usage: run-fuzz.sh [RUNS] | repro FILE..."
build
failed=0
for f in "${FUZZERS[@]}"; do
	run_one "$f" "$runs" || failed=1
done
exit $failed
