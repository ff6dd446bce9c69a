#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_persistence.sh - configuration survives SIGKILL and SIGTERM restarts,
# vhost-user sockets are re-created, a vhost-user-client port reconnects to its
# front end on its own, and forwarding goes on around a guest that is away.
#
# n1: server ports a, b and client port c (testpmd c is the vhost-user server
# on $T/guest/c.sock); n1 is VLAN 10, n2 (fdb aging 60, VLAN 20); a trunk port
# t (no peer) carries n2 tagged with native network n1; a static FDB entry
# STATIC_MAC -> b.
# testpmd's virtio_user as a vhost-user *client* does not reconnect when the
# server restarts, so peers a and b are restarted after each vswitchd restart.
# Local helpers (the rest are in lib/common.sh): conf, traffic, ident, live,
# not_live.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init persist

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
STATIC_MAC=02:00:00:00:01:01

vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"

# The configuration as reported, without what traffic and links change.
conf() {
	ctlj net-list | jq -S '.networks | map(del(.fdb_entries, .fdb_moves))' &&
		ctlj port-list | jq -S '.ports | map(del(.stats, .link, .macs_learned))' &&
		ctlj fdb-show | jq -S '.entries | map(select(.static) | del(.age_s))'
}
# ident PATH: inode and change time (an inode number alone may be reused)
ident() { stat -c '%i %.9Z' "$1" 2>/dev/null; }
# live SOCK: something accepts connections on SOCK (a stale socket refuses)
live() { timeout 5 socat -u OPEN:/dev/null "UNIX-CONNECT:$1" 2>/dev/null; }
not_live() { ! live "$1"; }

# traffic STEP: a <-> c both ways, and the static entry sends a -> STATIC_MAC to b only
traffic() {
	tp_mark a b c
	tp_send a $MAC_C 1
	tp_expect_rx "$1: a -> c" c=32
	tp_mark a b c
	tp_send c $MAC_A 1
	tp_expect_rx "$1: c -> a, known unicast" a=32 b=0 c=0
	tp_mark a b c
	tp_send a $STATIC_MAC 1
	tp_expect_rx "$1: a -> static MAC reaches b only" a=0 b=32 c=0
}

# --- configure -----------------------------------------------------------
mkdir -m 755 "$T/guest"
vsw_start || exit 1
ctl net-add n1 --vlan 10 && ctl net-add n2 --fdb-aging 60 --vlan 20 || exit 1
ctl port-add t --trunk n2 --native n1 --type vhost-user || exit 1
ctl port-add a --net n1 --type vhost-user || exit 1
ctl port-add b --net n1 --type vhost-user || exit 1
tp_start c "$T/guest/c.sock" $MAC_C server || exit 1	# blocks until vswitchd connects
ctl port-add c --net n1 --type vhost-user-client --path "$T/guest/c.sock" || exit 1
tp_wait_prompt c || exit 1
ctl fdb-add n1 $STATIC_MAC b >/dev/null || exit 1
tp_start a "$T/run/a.sock" $MAC_A || exit 1
tp_start b "$T/run/b.sock" $MAC_B || exit 1
check "all three links up" wait_for 30 "links up" links_up a b c
for p in a b c; do tp_cmd $p "start"; done
traffic "initial"
conf >"$T/conf.0" || exit 1
check "premise: n2 has fdb aging 60" q jq -se \
	".[0][] | select(.name == \"n2\") | .fdb_aging == 60" "$T/conf.0"
check "premise: n1 is VLAN 10, n2 VLAN 20" q jq -se \
	'[.[0][] | {(.name): .vlan}] | add == {"n1": 10, "n2": 20}' "$T/conf.0"
check "premise: t is a trunk of n2 with native n1" q jq -se \
	'.[1][] | select(.name == "t") | .vlan_mode == "trunk" and .trunk == ["n2"] and .native == "n1"' "$T/conf.0"
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
check "SIGKILL restart: peer a connects" tp_restart a "$T/run/a.sock" $MAC_A
check "SIGKILL restart: peer b connects" tp_restart b "$T/run/b.sock" $MAC_B
traffic "after SIGKILL restart"

# --- the front end of client port c restarts ------------------------------
tp_kill c
check "front end c gone: port c link down" wait_for 10 "c down" link_is c down
tp_start c "$T/guest/c.sock" $MAC_C server || exit 1
check "new front end c: vswitchd reconnects without a command" wait_for 20 "c up" link_is c up
tp_wait_prompt c || exit 1
tp_cmd c "start"
traffic "after front end c restarted"

# --- a server-port guest goes away and comes back -------------------------
tp_kill a
check "guest a gone: port a link down" wait_for 10 "a down" link_is a down
tp_mark b c
tp_send b $MAC_C 1
tp_expect_rx "a down: b -> c still forwarded" c=32 b=0
tp_mark b c
tp_send c $MAC_B 1
tp_expect_rx "a down: c -> b still forwarded" b=32 c=0
NOLINK0=$(ctlj port-show a | jq '.stats.drops["no-link"]')
tp_mark b c
tp_send b $MAC_A 1
check "a down: frames to a's MAC are counted as no-link drops on a" wait_for 5 "no-link drops" \
	bash -c "[[ \$($VSWCTL --run-dir $T/run --json port-show a | jq '.stats.drops[\"no-link\"]') -ge $((NOLINK0 + 32)) ]]"
check "guest a back: port a up" tp_restart a "$T/run/a.sock" $MAC_A
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
check "SIGTERM restart: peer a connects" tp_restart a "$T/run/a.sock" $MAC_A
check "SIGTERM restart: peer b connects" tp_restart b "$T/run/b.sock" $MAC_B
traffic "after SIGTERM restart"
check "no mbufs in use when idle" wait_for 10 "mbufs back" mbufs_zero
vsw_finish
