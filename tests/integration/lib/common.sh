# SPDX-License-Identifier: BSD-3-Clause
# common.sh - shared helpers for vswitch integration tests (sourced, not run).
#
#   vsw_test_init NAME     temp dir $T, EXIT trap that undoes everything
#   vsw_on_cleanup CMD     run CMD (eval) at exit, last registered first
#   vsw_start [ARGS]       start vswitchd (foreground, $T/run, $T/state) and wait
#   vsw_stop / vsw_kill9   SIGTERM (returns exit status) / SIGKILL
#   ctl ARGS / ctlj ARGS   vswctl on our run dir (ctlj adds --json)
#   check DESC CMD...      run CMD; count and print "ok"/"FAIL"; never exits
#   expect_fail DESC CMD.. CMD must exit non-zero
#   vsw_finish             print "N passed, N failed", exit 1 if any failed
#   tp_start NAME SOCK MAC [server]   testpmd with one virtio_user port (rxonly)
#   tp_cmd NAME CMD        send an interactive command to testpmd NAME
#   tp_rx NAME / tp_tx NAME  RX/TX packet counter of its port 0
#   wait_for SECS DESC CMD...  poll CMD every 0.2 s until it succeeds
#
# Env: VSW_BUILD_DIR (default <repo>/build), VSW_PMD_CORES (default 1),
#      VSW_TP_CPU (testpmd cpu, default 0).

VSW_SOURCE_DIR=${VSW_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
VSW_BUILD_DIR=${VSW_BUILD_DIR:-$VSW_SOURCE_DIR/build}
VSWITCHD=$VSW_BUILD_DIR/vswitch/vswitchd
VSWCTL=$VSW_BUILD_DIR/tools/vswctl
VSW_PMD_CORES=${VSW_PMD_CORES:-1}
VSW_TP_CPU=${VSW_TP_CPU:-0}
TESTPMD=${TESTPMD:-dpdk-testpmd}

VSW_PASS=0
VSW_FAIL=0
VSW_CLEANUP=()
declare -A TP_PID=() TP_FD=() TP_PREFIX=()

vsw_log() { echo "# $*"; }

vsw_on_cleanup() { VSW_CLEANUP+=("$1"); }

vsw_cleanup() {
	local i rc=$?
	set +e
	for ((i = ${#VSW_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${VSW_CLEANUP[$i]}" >/dev/null 2>&1
	done
	VSW_CLEANUP=()
	if [[ -n ${T:-} && -d $T && -z ${VSW_KEEP:-} ]]; then rm -rf "$T"; fi
	return $rc
}

vsw_test_init() {
	[[ $EUID -eq 0 ]] || { echo "integration tests need root" >&2; exit 1; }
	[[ -x $VSWITCHD && -x $VSWCTL ]] || { echo "build first: $VSWITCHD missing" >&2; exit 1; }
	T=$(mktemp -d "/tmp/vswtest.$1.XXXXXX")
	chmod 755 "$T"
	ls -d /var/run/dpdk/vsw* >"$T/.dpdk-before" 2>/dev/null
	trap vsw_cleanup EXIT
	trap 'exit 130' INT TERM
	vsw_log "test $1, temp dir $T"
}

wait_for() {
	local secs=$1 desc=$2 i
	shift 2
	for ((i = 0; i < secs * 5; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	vsw_log "timeout (${secs}s) waiting for: $desc"
	return 1
}

ctl() { "$VSWCTL" --run-dir "$T/run" "$@"; }
ctlj() { "$VSWCTL" --run-dir "$T/run" --json "$@"; }

vsw_start() {
	"$VSWITCHD" --foreground --run-dir "$T/run" --state-dir "$T/state" \
		--pmd-cores "$VSW_PMD_CORES" "$@" >>"$T/vswitchd.log" 2>&1 &
	VSW_PID=$!
	vsw_on_cleanup "kill -KILL $VSW_PID; wait $VSW_PID; vsw_rm_runtime_dirs"
	if ! wait_for 30 "vswitchd ready" ctl status; then
		tail -n 20 "$T/vswitchd.log"
		return 1
	fi
}

# EAL runtime dirs of vswitchd instances this test started (prefix: vsw + hash
# of the run dir); a SIGKILLed vswitchd cannot remove its own.
vsw_rm_runtime_dirs() {
	local d
	for d in /var/run/dpdk/vsw*; do
		[[ -d $d ]] || continue
		grep -qxF "$d" "$T/.dpdk-before" 2>/dev/null || rmdir "$d" 2>/dev/null
	done
	return 0
}

vsw_stop() {
	local rc
	kill -TERM "$VSW_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$VSW_PID" 2>/dev/null || break; sleep 0.1; done
	wait "$VSW_PID"
	rc=$?
	return $rc
}

vsw_kill9() {
	kill -KILL "$VSW_PID" 2>/dev/null
	wait "$VSW_PID" 2>/dev/null
	return 0
}

check() {
	local desc=$1
	shift
	if "$@"; then
		echo "ok - $desc"
		VSW_PASS=$((VSW_PASS + 1))
	else
		echo "FAIL - $desc"
		VSW_FAIL=$((VSW_FAIL + 1))
	fi
}

expect_fail() {
	local desc=$1
	shift
	if "$@"; then
		echo "FAIL - $desc (succeeded, should have failed)"
		VSW_FAIL=$((VSW_FAIL + 1))
	else
		echo "ok - $desc"
		VSW_PASS=$((VSW_PASS + 1))
	fi
}

vsw_finish() {
	echo "$VSW_PASS passed, $VSW_FAIL failed"
	if [[ $VSW_FAIL -ne 0 || $VSW_PASS -eq 0 ]]; then
		[[ -f $T/vswitchd.log ]] && { echo "--- vswitchd.log (tail)"; tail -n 30 "$T/vswitchd.log"; }
		exit 1
	fi
	exit 0
}

# tp_start NAME SOCK MAC [server]: testpmd with one virtio_user port, rxonly
# (counts what it receives; "start tx_first N" sends N bursts of 32 frames
# from MAC to its eth-peer, default broadcast).
tp_start() {
	local name=$1 sock=$2 mac=$3 srv=""
	[[ ${4:-} == server ]] && srv=",server=1"
	local prefix="vswtp$$${name}"
	mkfifo "$T/tp.$name.in"
	exec {fd}<>"$T/tp.$name.in"
	TP_FD[$name]=$fd
	TP_PREFIX[$name]=$prefix
	stdbuf -oL -eL "$TESTPMD" --lcores "0@$VSW_TP_CPU,1@$VSW_TP_CPU" --no-pci --no-huge -m 512 \
		--file-prefix "$prefix" --log-level='*:error' \
		--vdev "net_virtio_user0,path=$sock,queues=1,queue_size=256,mac=$mac$srv" \
		-- -i --total-num-mbufs=8192 --forward-mode=rxonly --nb-cores=1 \
		--eth-peer=0,ff:ff:ff:ff:ff:ff \
		<"$T/tp.$name.in" >"$T/tp.$name.log" 2>&1 &
	TP_PID[$name]=$!
	vsw_on_cleanup "tp_kill $name"
	if [[ -z $srv ]]; then
		wait_for 30 "testpmd $name prompt" grep -q 'testpmd>' "$T/tp.$name.log" ||
			{ tail -n 20 "$T/tp.$name.log"; return 1; }
	fi
}

tp_kill() {
	local name=$1 pid=${TP_PID[$1]:-}
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	exec {TP_FD[$name]}>&- 2>/dev/null
	rm -rf "/var/run/dpdk/${TP_PREFIX[$name]}" "$T/tp.$name.in"
	unset "TP_PID[$name]"
}

tp_cmd() { echo "$2" >&"${TP_FD[$1]}"; }

# Print "RX TX" packet counters of testpmd NAME's port 0.
tp_stats() {
	local name=$1 before i
	before=$(grep -c 'TX-packets:' "$T/tp.$name.log")
	tp_cmd "$name" "show port stats 0"
	for i in $(seq 100); do
		[[ $(grep -c 'TX-packets:' "$T/tp.$name.log") -gt $before ]] && break
		sleep 0.05
	done
	awk '/RX-packets:/ { rx = $2 } /TX-packets:/ { tx = $2 } END { print rx + 0, tx + 0 }' \
		"$T/tp.$name.log"
}
tp_rx() { tp_stats "$1" | cut -d' ' -f1; }
tp_tx() { tp_stats "$1" | cut -d' ' -f2; }

# Port counter from vswctl: port_stat PORT PATH, e.g. port_stat a .rx_packets, port_stat a '.drops["no-link"]'
port_stat() { ctlj port-show "$1" | jq -r ".stats$2"; }	# KEY like .rx_packets or .drops[\"tx-full\"]
mbufs_in_use() { ctlj status | jq -r .mbufs_in_use; }
