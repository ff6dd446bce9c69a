#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_daemon.sh - vswitchd lifecycle: single instance per run dir, clean
# SIGTERM, option errors, corrupt state files, daemon mode, idle CPU use.
#
# Local helpers (the rest are in lib/common.sh): vswd, one_line,
# no_vswitchd_on, cpu_ticks, kill_pidfile.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init daemon

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b

# vswd ARGS: run vswitchd bounded in time; output in $OUT_TXT, status in $RC.
vswd() {
	OUT_TXT=$(timeout -k 5 60 "$VSWITCHD" "$@" 2>&1)
	RC=$?
}
one_line() { [[ -n $1 && $1 != *$'\n'* ]]; }
# kill_pidfile FILE: SIGKILL the vswitchd whose pid FILE holds, if any
kill_pidfile() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 0
	[[ $(readlink "/proc/$pid/exe") == "$(readlink -f "$VSWITCHD")" ]] && kill -KILL "$pid"
}
# no_vswitchd_on DIR: no process is a vswitchd whose command line names DIR
no_vswitchd_on() {
	local f
	for f in /proc/[0-9]*/cmdline; do
		tr '\0' ' ' <"$f" 2>/dev/null | grep -q "vswitchd.* $1" && return 1
	done
	return 0
}

DPDK_DIR=$(vsw_dpdk_dir "$T/run")
vsw_on_cleanup "rm -rf $DPDK_DIR"
check "no DPDK runtime dir $DPDK_DIR before start" test ! -e "$DPDK_DIR"

vsw_start || exit 1
ctl net-add n1 || exit 1
ctl port-add a --net n1 --type vhost-user || exit 1
ctl port-add b --net n1 --type vhost-user || exit 1
check "pid file holds the daemon's pid" test "$(cat "$T/run/vswitchd.pid")" = "$VSW_PID"

# --- a second instance on the same run dir -------------------------------
SHA_BEFORE=$(sha256sum <"$T/state/state.json")
vswd --foreground --run-dir "$T/run" --state-dir "$T/state" --pmd-cores "$VSW_PMD_CORES"
vsw_log "second instance said: $OUT_TXT"
check "second instance (foreground) exits non-zero (rc $RC)" test "$RC" -ne 0 -a "$RC" -ne 124
check "its message names the running pid $VSW_PID" grep -q "pid $VSW_PID\b" <<<"$OUT_TXT"
check "its message is one line" one_line "$OUT_TXT"
vswd --run-dir "$T/run" --state-dir "$T/state" --pmd-cores "$VSW_PMD_CORES"
check "second instance (daemon mode) exits non-zero (rc $RC)" test "$RC" -ne 0 -a "$RC" -ne 124
check "its message names the running pid $VSW_PID" grep -q "pid $VSW_PID\b" <<<"$OUT_TXT"
check "first instance still answers" q ctl status
check "first instance still reports its own pid" test "$(ctlj status | jq .pid)" = "$VSW_PID"
check "pid file unchanged" test "$(cat "$T/run/vswitchd.pid")" = "$VSW_PID"
check "first instance's sockets still there" test -S "$T/run/vswitchd.sock" -a -S "$T/run/a.sock" -a -S "$T/run/b.sock"
check "state file unchanged" test "$(sha256sum <"$T/state/state.json")" = "$SHA_BEFORE"
check "first instance still accepts changes" q ctl net-add n2

# --- idle CPU with two connected, idle peers -----------------------------
tp_start a "$T/run/a.sock" $MAC_A || exit 1
tp_start b "$T/run/b.sock" $MAC_B || exit 1
check "both peers connected" wait_for 30 "links up" n_links_up 2
sleep 1	# let the PMD notice it is idle
# cpu_ticks PID: utime + stime of the whole process (fields 14, 15)
cpu_ticks() { local s; s=$(cat "/proc/$1/stat") && s=${s##*) } && set -- $s && echo $((${12} + ${13})); }
HZ=$(getconf CLK_TCK)
T0=$(date +%s%N) C0=$(cpu_ticks "$VSW_PID")
sleep 5
T1=$(date +%s%N) C1=$(cpu_ticks "$VSW_PID")
CPU_X10=$(((C1 - C0) * 1000 * 1000000000 / HZ / (T1 - T0)))	# tenths of a percent
echo "# idle cpu: $((CPU_X10 / 10)).$((CPU_X10 % 10)) % (2 idle peers, $(((T1 - T0) / 1000000)) ms, $((C1 - C0)) ticks at $HZ Hz)"
check "idle CPU below 20 % of one core ($((CPU_X10 / 10)).$((CPU_X10 % 10)) %)" test "$CPU_X10" -lt 200

# --- SIGTERM -------------------------------------------------------------
check "DPDK runtime dir exists while running (test premise)" test -d "$DPDK_DIR"
vsw_stop
RC=$?
check "SIGTERM: exit status 0 (got $RC)" test "$RC" -eq 0
check "SIGTERM: process gone" bash -c "! kill -0 $VSW_PID 2>/dev/null"
check "SIGTERM: no vswitchd left on $T/run" no_vswitchd_on "$T/run"
check "SIGTERM: control socket removed" test ! -e "$T/run/vswitchd.sock"
check "SIGTERM: port socket a.sock removed" test ! -e "$T/run/a.sock"
check "SIGTERM: port socket b.sock removed" test ! -e "$T/run/b.sock"
check "SIGTERM: pid file removed" test ! -e "$T/run/vswitchd.pid"
check "SIGTERM: run dir left empty ($(ls -A "$T/run" | tr '\n' ' '))" test -z "$(ls -A "$T/run")"
check "SIGTERM: no DPDK runtime dir $DPDK_DIR left" test ! -e "$DPDK_DIR"
check "SIGTERM: configuration saved" bash -c \
	"jq -e '[.networks[].name] == [\"n1\", \"n2\"] and ([.ports[].name] == [\"a\", \"b\"])' '$T/state/state.json' >/dev/null"
tp_kill a
tp_kill b

# --- bad options: non-zero, one line, nothing created --------------------
mkdir "$T/cwd"
bad_opt() {	# bad_opt DESC ARGS...
	local desc=$1
	shift
	cd "$T/cwd" || return 1
	vswd "$@"
	cd - >/dev/null || return 1
	vsw_log "$desc: rc $RC: $OUT_TXT"
	check "$desc: exits non-zero" test "$RC" -ne 0 -a "$RC" -ne 124
	check "$desc: one-line message" one_line "$OUT_TXT"
	check "$desc: creates no run/state dir" test ! -e "$T/bad"
	check "$desc: creates nothing in the cwd" test -z "$(ls -A "$T/cwd")"
	check "$desc: no DPDK runtime dir" test ! -e "$(vsw_dpdk_dir "$T/bad/run")"
	check "$desc: no vswitchd left" no_vswitchd_on "$T/bad"
}
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/bad/run")"
bad_opt "--pmd-cores 99" --foreground --run-dir "$T/bad/run" --state-dir "$T/bad/state" --pmd-cores 99
bad_opt "--hugepages maybe" --foreground --run-dir "$T/bad/run" --state-dir "$T/bad/state" --hugepages maybe
bad_opt "relative --run-dir" --foreground --run-dir bad/run --state-dir "$T/bad/state"
bad_opt "unknown option" --foreground --run-dir "$T/bad/run" --state-dir "$T/bad/state" --frobnicate
bad_opt "relative --run-dir (daemon mode)" --run-dir bad/run --state-dir "$T/bad/state"

# --- corrupt state files: refuse to start, leave the file alone -----------
# corrupt DESC [--foreground]: state file $T/cs/state/state.json is written
corrupt() {
	local desc=$1 fg=${2:-} sha dd
	dd=$(vsw_dpdk_dir "$T/cs/run")
	vsw_on_cleanup "rm -rf $dd"
	vsw_on_cleanup "kill_pidfile $T/cs/run/vswitchd.pid"
	sha=$(sha256sum <"$T/cs/state/state.json")
	vswd $fg --run-dir "$T/cs/run" --state-dir "$T/cs/state" --pmd-cores "$VSW_PMD_CORES"
	vsw_log "$desc: rc $RC: $(tail -n 3 <<<"$OUT_TXT")"
	check "$desc: refuses to start (rc $RC)" test "$RC" -ne 0 -a "$RC" -ne 124
	check "$desc: message names $T/cs/state/state.json" grep -qF "$T/cs/state/state.json" <<<"$OUT_TXT"
	check "$desc: file byte-for-byte unchanged" test "$(sha256sum <"$T/cs/state/state.json")" = "$sha"
	check "$desc: no control socket left" test ! -e "$T/cs/run/vswitchd.sock"
	check "$desc: no vswitchd left" wait_for 5 "vswitchd gone" no_vswitchd_on "$T/cs"
	check "$desc: no DPDK runtime dir left" test ! -e "$dd"
	rm -rf "$dd"
}
mkdir -p "$T/cs/state"
head -c 300 /dev/urandom >"$T/cs/state/state.json"
printf 'garbage {' >>"$T/cs/state/state.json"
corrupt "garbage state file" --foreground
corrupt "garbage state file (daemon mode)"
printf '[1, 2, 3]\n' >"$T/cs/state/state.json"
corrupt "state file that is a JSON array" --foreground
cat >"$T/cs/state/state.json" <<EOF
{"version": 1,
 "networks": [{"name": "n1", "mode": "isolated", "fdb_aging": 300, "fdb_max": 8192}],
 "ports": [{"name": "a", "net": "n1", "type": "vhost-user", "path": "$T/cs/run/a.sock", "mac_limit": 1024},
           {"name": "z", "net": "nosuchnet", "type": "vhost-user", "path": "$T/cs/run/z.sock", "mac_limit": 1024}],
 "fdb": []}
EOF
corrupt "state file with a port in a missing network" --foreground
check "  ... and no port socket of it left behind" test ! -e "$T/cs/run/a.sock" -a ! -e "$T/cs/run/z.sock"
corrupt "state file with a port in a missing network (daemon mode)"
check "  ... and no port socket of it left behind" test ! -e "$T/cs/run/a.sock" -a ! -e "$T/cs/run/z.sock"
cat >"$T/cs/state/state.json" <<EOF
{"version": 1,
 "networks": [{"name": "n1", "mode": "isolated", "fdb_aging": 300, "fdb_max": 8192}],
 "ports": [],
 "fdb": [{"net": "n1", "mac": "02:00:00:00:00:01", "port": "nosuchport"}]}
EOF
corrupt "state file with a static FDB entry on a missing port" --foreground

# --- daemon mode ---------------------------------------------------------
D=$T/d
DD=$(vsw_dpdk_dir "$D/run")
vsw_on_cleanup "rm -rf $DD"
vsw_on_cleanup "kill_pidfile $D/run/vswitchd.pid"
vswd --run-dir "$D/run" --state-dir "$D/state" --pmd-cores "$VSW_PMD_CORES"
check "daemon mode: the command returns 0 (rc $RC, said: $OUT_TXT)" test "$RC" -eq 0
check "daemon mode: ready when the command returns" q "$VSWCTL" --run-dir "$D/run" status
DPID=$(cat "$D/run/vswitchd.pid" 2>/dev/null)
check "daemon mode: pid file holds a live pid ($DPID)" kill -0 "${DPID:-0}"
check "daemon mode: that pid is vswitchd" test "$(readlink "/proc/${DPID:-0}/exe")" = "$(readlink -f "$VSWITCHD")"
check "daemon mode: status reports the same pid" test "$("$VSWCTL" --run-dir "$D/run" --json status | jq .pid)" = "$DPID"
check "daemon mode: detached from our session" test "$(ps -o sid= -p "${DPID:-0}" | tr -d ' ')" != "$(ps -o sid= -p $$ | tr -d ' ')"
if [[ -n $DPID ]]; then
	kill -TERM "$DPID"
	wait_for 10 "daemon exits" bash -c "! kill -0 $DPID 2>/dev/null"
fi
check "daemon mode: SIGTERM stops it" bash -c "! kill -0 ${DPID:-0} 2>/dev/null"
check "daemon mode: control socket and pid file removed" test ! -e "$D/run/vswitchd.sock" -a ! -e "$D/run/vswitchd.pid"
check "daemon mode: no DPDK runtime dir left" test ! -e "$DD"

vsw_finish
