#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_persistence.sh - configuration survives SIGKILL and SIGTERM restarts,
# vhost-user sockets are re-created, a vhost-user-client port reconnects to its
# front end on its own, and forwarding goes on around a guest that is away.
#
# n1: server ports a, b and client port c (testpmd c is the vhost-user server
# on $T/guest/c.sock); n2 (fdb aging 60) without ports; a static FDB entry
# STATIC_MAC -> b.
# testpmd's virtio_user as a vhost-user *client* does not reconnect when the
# server restarts, so peers a and b are restarted after each vswitchd restart.
# Local helpers (not in lib/common.sh): dpdk_dir, q, conf, link_is, links_up,
# send, mark, expect_delta, restart_peer, traffic, ident, live, not_live.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init persist

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
STATIC_MAC=02:00:00:00:01:01

dpdk_dir() {	# DPDK runtime dir of the vswitchd on RUN_DIR (vswitch/opts.c)
	local s=$1 h=2166136261 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(((h ^ c) * 16777619 & 0xffffffff))
	done
	printf '/var/run/dpdk/vsw%08x\n' "$h"
}
vsw_on_cleanup "rm -rf $(dpdk_dir "$T/run")"
q() { "$@" >/dev/null 2>&1; }

# The configuration as reported, without what traffic and links change.
conf() {
	ctlj net-list | jq -S '.networks | map(del(.fdb_entries, .fdb_moves))' &&
		ctlj port-list | jq -S '.ports | map(del(.stats, .link, .macs_learned))' &&
		ctlj fdb-show | jq -S '.entries | map(select(.static) | del(.age_s))'
}
link_is() { [[ $(ctlj port-show "$1" | jq -r .link) == "$2" ]]; }
links_up() { local p; for p; do link_is "$p" up || return 1; done; }
# ident PATH: inode and change time (an inode number alone may be reused)
ident() { stat -c '%i %.9Z' "$1" 2>/dev/null; }
# live SOCK: something accepts connections on SOCK (a stale socket refuses)
live() { timeout 5 socat -u OPEN:/dev/null "UNIX-CONNECT:$1" 2>/dev/null; }
not_live() { ! live "$1"; }

# send NAME DST BURSTS: NAME sends BURSTS x 32 frames to DST
send() {
	tp_cmd "$1" "stop"
	tp_cmd "$1" "set eth-peer 0 $2"
	tp_cmd "$1" "start tx_first $3"
	sleep 1
}
declare -A BASE=()
mark() { local n; for n; do BASE[$n]=$(tp_rx "$n"); done; }	# remember RX counters
expect_delta() {	# expect_delta DESC a=N c=N: RX since mark
	local desc=$1 kv ok=0 got=""
	shift
	for _ in $(seq 25); do
		ok=1 got=""
		for kv in "$@"; do
			local n=${kv%%=*} want=${kv#*=} have
			have=$(($(tp_rx "$n") - ${BASE[$n]:-0}))
			got+=" $n=$have"
			[[ $have -eq $want ]] || ok=0
		done
		[[ $ok -eq 1 ]] && break
		sleep 0.2
	done
	check "$desc (want $*, got$got)" test $ok -eq 1
}
# restart_peer NAME SOCK MAC [server]: a fresh testpmd, connected and forwarding
restart_peer() {
	tp_kill "$1"
	tp_start "$@" || return 1
	if [[ ${4:-} == server ]]; then
		wait_for 30 "testpmd $1 prompt" grep -q 'testpmd>' "$T/tp.$1.log" || return 1
	fi
	wait_for 30 "port $1 up" link_is "$1" up || return 1
	tp_cmd "$1" "start"
}
# traffic STEP: a <-> c both ways, and the static entry sends a -> STATIC_MAC to b only
traffic() {
	mark a b c
	send a $MAC_C 1
	expect_delta "$1: a -> c" c=32
	mark a b c
	send c $MAC_A 1
	expect_delta "$1: c -> a, known unicast" a=32 b=0 c=0
	mark a b c
	send a $STATIC_MAC 1
	expect_delta "$1: a -> static MAC reaches b only" a=0 b=32 c=0
}

# --- configure -----------------------------------------------------------
mkdir -m 755 "$T/guest"
vsw_start || exit 1
ctl net-add n1 && ctl net-add n2 --fdb-aging 60 || exit 1
ctl port-add a --net n1 --type vhost-user || exit 1
ctl port-add b --net n1 --type vhost-user || exit 1
tp_start c "$T/guest/c.sock" $MAC_C server || exit 1	# blocks until vswitchd connects
ctl port-add c --net n1 --type vhost-user-client --path "$T/guest/c.sock" || exit 1
wait_for 30 "testpmd c prompt" grep -q 'testpmd>' "$T/tp.c.log" || exit 1
ctl fdb-add n1 $STATIC_MAC b >/dev/null || exit 1
tp_start a "$T/run/a.sock" $MAC_A || exit 1
tp_start b "$T/run/b.sock" $MAC_B || exit 1
check "all three links up" wait_for 30 "links up" links_up a b c
for p in a b c; do tp_cmd $p "start"; done
traffic "initial"
conf >"$T/conf.0" || exit 1
check "premise: n2 has fdb aging 60" q jq -se \
	".[0][] | select(.name == \"n2\") | .fdb_aging == 60" "$T/conf.0"
check "premise: c is a vhost-user-client on $T/guest/c.sock" q jq -se \
	".[1][] | select(.name == \"c\") | .type == \"vhost-user-client\" and .path == \"$T/guest/c.sock\"" "$T/conf.0"

# --- SIGKILL and restart -------------------------------------------------
ID_A=$(ident "$T/run/a.sock") ID_B=$(ident "$T/run/b.sock") ID_CTL=$(ident "$T/run/vswitchd.sock")
vsw_kill9
check "after SIGKILL: stale sockets are left behind (premise)" test -S "$T/run/a.sock" -a -S "$T/run/b.sock" -a -S "$T/run/vswitchd.sock"
check "after SIGKILL: nobody listens on the stale a.sock (premise)" not_live "$T/run/a.sock"
check "testpmd c survives vswitchd's SIGKILL (premise)" kill -0 "${TP_PID[c]}"
sleep 1	# a visibly different change time for re-created sockets
vsw_start || exit 1
conf >"$T/conf.1"
check "SIGKILL restart: networks, ports, static FDB identical" diff -u "$T/conf.0" "$T/conf.1"
check "SIGKILL restart: a.sock re-created ($ID_A -> $(ident "$T/run/a.sock"))" \
	test -S "$T/run/a.sock" -a "$(ident "$T/run/a.sock")" != "$ID_A"
check "SIGKILL restart: b.sock re-created" test -S "$T/run/b.sock" -a "$(ident "$T/run/b.sock")" != "$ID_B"
check "SIGKILL restart: control socket re-created" test "$(ident "$T/run/vswitchd.sock")" != "$ID_CTL"
check "SIGKILL restart: a.sock accepts connections" live "$T/run/a.sock"
check "SIGKILL restart: b.sock accepts connections" live "$T/run/b.sock"
check "SIGKILL restart: client port c reconnects to testpmd c by itself" wait_for 15 "c up" link_is c up
if wait_for 10 "a and b reconnect by themselves" links_up a b; then
	vsw_log "testpmd a and b (virtio_user clients) reconnected by themselves"
else
	vsw_log "testpmd a and b (virtio_user clients) did not reconnect by themselves: restarting them"
fi
check "SIGKILL restart: peer a connects" restart_peer a "$T/run/a.sock" $MAC_A
check "SIGKILL restart: peer b connects" restart_peer b "$T/run/b.sock" $MAC_B
traffic "after SIGKILL restart"

# --- the front end of client port c restarts ------------------------------
tp_kill c
check "front end c gone: port c link down" wait_for 10 "c down" link_is c down
tp_start c "$T/guest/c.sock" $MAC_C server || exit 1
check "new front end c: vswitchd reconnects without a command" wait_for 20 "c up" link_is c up
wait_for 30 "testpmd c prompt" grep -q 'testpmd>' "$T/tp.c.log" || exit 1
tp_cmd c "start"
traffic "after front end c restarted"

# --- a server-port guest goes away and comes back -------------------------
tp_kill a
check "guest a gone: port a link down" wait_for 10 "a down" link_is a down
mark b c
send b $MAC_C 1
expect_delta "a down: b -> c still forwarded" c=32 b=0
mark b c
send c $MAC_B 1
expect_delta "a down: c -> b still forwarded" b=32 c=0
NOLINK0=$(ctlj port-show a | jq '.stats.drops["no-link"]')
mark b c
send b $MAC_A 1
check "a down: frames to a's MAC are counted as no-link drops on a" wait_for 5 "no-link drops" \
	bash -c "[[ \$($VSWCTL --run-dir $T/run --json port-show a | jq '.stats.drops[\"no-link\"]') -ge $((NOLINK0 + 32)) ]]"
check "guest a back: port a up" restart_peer a "$T/run/a.sock" $MAC_A
traffic "after guest a came back"

# --- clean SIGTERM and restart -------------------------------------------
vsw_stop
RC=$?
check "SIGTERM: exit status 0 (got $RC)" test "$RC" -eq 0
check "SIGTERM: client socket of testpmd c left alone" test -S "$T/guest/c.sock"
vsw_start || exit 1
conf >"$T/conf.2"
check "SIGTERM restart: networks, ports, static FDB identical" diff -u "$T/conf.0" "$T/conf.2"
check "SIGTERM restart: a.sock and b.sock exist" test -S "$T/run/a.sock" -a -S "$T/run/b.sock"
check "SIGTERM restart: client port c reconnects by itself" wait_for 15 "c up" link_is c up
check "SIGTERM restart: peer a connects" restart_peer a "$T/run/a.sock" $MAC_A
check "SIGTERM restart: peer b connects" restart_peer b "$T/run/b.sock" $MAC_B
traffic "after SIGTERM restart"
check "no mbufs in use when idle" wait_for 10 "mbufs back" bash -c "[[ \$($VSWCTL --run-dir $T/run --json status | jq .mbufs_in_use) == 0 ]]"
vsw_finish
