#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_fdb.sh - the forwarding database seen from outside: aging, static
# entries (also across a restart), the per-port MAC limit and the network's
# table cap, checked with real virtio peers (testpmd virtio_user, rxonly).
#
#   n1 (--fdb-aging 10): a, b, c     aging, net-set, static entries, restart
#   n3: m (--mac-limit 1), q         per-port MAC limit
#   n4 (--fdb-max 16): x, y (no peer)  option validation, the table cap
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init fdb

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
MAC_M1=02:00:00:00:00:71 MAC_M2=02:00:00:00:00:72 MAC_Q=02:00:00:00:00:73
MAC_X=02:00:00:00:00:81 MAC_S=02:00:00:00:00:5b MAC_SX=02:00:00:00:00:5c

# --- local helpers (the rest are in lib/common.sh) -------------------------
peer() { tp_restart "$1" "$T/run/$1.sock" "$2"; }	# peer NAME MAC: (re)start NAME's testpmd
# fdb_entry NET MAC: the entry as "PORT static|dynamic", empty if none
fdb_entry() {
	ctlj fdb-show "$1" | jq -r --arg m "$2" \
		'.entries[] | select(.mac == $m) | .port + " " + (if .static then "static" else "dynamic" end)'
}
fdb_is() { [[ $(fdb_entry "$1" "$2") == "$3" ]]; }	# fdb_is NET MAC "PORT static"
fdb_gone() { [[ -z $(fdb_entry "$1" "$2") ]]; }
net_field() { ctlj net-show "$1" | jq -r ".$2"; }
# ctl_rc ARGS...: vswctl's exit status and message, as "RC: message"
ctl_rc() {
	local out rc
	out=$(ctl "$@" 2>&1)
	rc=$?
	echo "$rc: $out"
}

vsw_start || exit 1

# --- option validation and net-set (no traffic) ------------------------------------
check "net-add n4 --fdb-max 16 (the minimum)" ctl net-add n4 --fdb-max 16
check "net-show n4 reports fdb_max 16" test "$(net_field n4 fdb_max)" == 16
check "default fdb_max is 8192, default aging 300" bash -c \
	"$VSWCTL --run-dir $T/run net-add n5 >/dev/null && [[ \$($VSWCTL --run-dir $T/run --json net-show n5 | jq -c '[.fdb_max, .fdb_aging]') == '[8192,300]' ]]"
check "net-set n4 --fdb-max 32 takes effect" \
	bash -c "$VSWCTL --run-dir $T/run net-set n4 --fdb-max 32 >/dev/null && [[ \$($VSWCTL --run-dir $T/run --json net-show n4 | jq .fdb_max) == 32 ]]"
ctl net-set n4 --fdb-max 16 >/dev/null
OUT=$(ctl_rc net-add n6 --fdb-max 15)
vsw_log "net-add n6 --fdb-max 15 -> $OUT"
check "net-add --fdb-max 15 refused with exit status 1 or 2" \
	eval "[[ '${OUT%%:*}' == 1 || '${OUT%%:*}' == 2 ]]"
check "... with a message naming fdb_max and its range" \
	eval "[[ \$OUT == *fdb[-_]max* && \$OUT == *16* ]]"
expect_fail "net-show n6 fails (not created)" eval "ctl net-show n6 2>/dev/null"
OUT=$(ctl_rc net-set n4 --fdb-max 15)
vsw_log "net-set n4 --fdb-max 15 -> $OUT"
check "net-set --fdb-max 15 refused (exit 1 or 2), fdb_max stays 16" \
	eval "[[ ( '${OUT%%:*}' == 1 || '${OUT%%:*}' == 2 ) && \$(net_field n4 fdb_max) == 16 ]]"
# vswctl checks the range itself; the daemon must refuse it too
RAW=$(ctl_raw '{"cmd": "net-add", "args": {"name": "n6", "fdb_max": 15}}')
vsw_log "raw net-add fdb_max 15 -> $RAW"
check "vswitchd itself refuses net-add fdb_max 15, naming fdb_max" \
	eval "jq -e '.ok == false and (.error | test(\"fdb_max\"))' >/dev/null <<<'$RAW'"
RAW=$(ctl_raw '{"cmd": "net-set", "args": {"name": "n4", "fdb_max": 15}}')
vsw_log "raw net-set fdb_max 15 -> $RAW"
check "vswitchd itself refuses net-set fdb_max 15; fdb_max stays 16" \
	eval "jq -e '.ok == false' <<<'$RAW' >/dev/null && [[ \$(net_field n4 fdb_max) == 16 ]]"
OUT=$(ctl_rc net-add n6 --fdb-aging 9)
vsw_log "net-add n6 --fdb-aging 9 -> $OUT"
check "net-add --fdb-aging 9 refused (exit 1 or 2)" \
	eval "[[ '${OUT%%:*}' == 1 || '${OUT%%:*}' == 2 ]]"
ctl net-del n5 >/dev/null

# --- aging ------------------------------------------------------------------------------
ctl net-add n1 --fdb-aging 10 >/dev/null || exit 1
check "net-show n1 reports fdb_aging 10" test "$(net_field n1 fdb_aging)" == 10
for p in a b c; do ctl port-add $p --net n1 --type vhost-user >/dev/null || exit 1; done
peer a $MAC_A && peer b $MAC_B && peer c $MAC_C || exit 1
T_LAST=$SECONDS	# a transmits once, now
tp_send a ff:ff:ff:ff:ff:ff 1
tp_expect_rx "broadcast from a floods to b and c" a=0 b=32 c=32
check "a's MAC learned on a (dynamic)" fdb_is n1 $MAC_A "a dynamic"
tp_send b $MAC_A 1
tp_expect_rx "known unicast b -> a reaches a only" a=32 b=32 c=32
sleep 4
check "a's entry still there ~5 s after a last transmitted" fdb_is n1 $MAC_A "a dynamic"
check "a's entry ages out (aging 10 s)" wait_for 20 "a aged" fdb_gone n1 $MAC_A
vsw_log "a's entry went $((SECONDS - T_LAST)) s after a's last frame"
tp_send b $MAC_A 1
tp_expect_rx "after aging, b -> a is flooded again (c receives it too)" a=64 b=32 c=64

# net-set --fdb-aging changes it live
check "net-set n1 --fdb-aging 300" ctl net-set n1 --fdb-aging 300
check "net-show n1 reports fdb_aging 300" test "$(net_field n1 fdb_aging)" == 300
tp_send a ff:ff:ff:ff:ff:ff 1
tp_expect_rx "broadcast from a" a=64 b=64 c=96
check "a's MAC learned again" fdb_is n1 $MAC_A "a dynamic"
sleep 14
check "with aging 300, a's entry is still there after 14 s of silence" fdb_is n1 $MAC_A "a dynamic"
check "net-set n1 --fdb-aging 10" ctl net-set n1 --fdb-aging 10
check "with aging back to 10, the idle entry goes at once" wait_for 5 "a aged" fdb_gone n1 $MAC_A

# --- static entries -----------------------------------------------------------------------
# c has never transmitted: its MAC is unknown until we say where it is
check "c's MAC not learned (c never sent)" fdb_gone n1 $MAC_C
check "fdb-add n1 $MAC_C c" ctl fdb-add n1 $MAC_C c
check "fdb-show: $MAC_C on c, static" fdb_is n1 $MAC_C "c static"
tp_send b $MAC_C 1
tp_expect_rx "unicast to the static MAC goes to c only, before any learning" a=64 b=64 c=128
expect_fail "fdb-add for an existing static entry is refused" eval "ctl fdb-add n1 $MAC_C b 2>/dev/null"
MOVES0=$(net_field n1 fdb_moves)
# a's peer comes back with c's MAC and sends from it
peer a $MAC_C || exit 1
tp_send a ff:ff:ff:ff:ff:ff 1
tp_expect_rx "broadcast from a (source = the static MAC) is still flooded" a=0 b=96 c=160
check "the static entry did not move: $MAC_C still on c, static" fdb_is n1 $MAC_C "c static"
check "no MAC move counted" test "$(net_field n1 fdb_moves)" == "$MOVES0"
tp_send b $MAC_C 1
tp_expect_rx "unicast to the static MAC still goes to c only" a=0 b=96 c=192
check "fdb-del n1 $MAC_C" ctl fdb-del n1 $MAC_C
check "the static entry is gone" fdb_gone n1 $MAC_C
tp_send b $MAC_C 1
tp_expect_rx "after fdb-del, unicast to that MAC is flooded" a=32 b=96 c=224
expect_fail "fdb-del of an absent entry fails" eval "ctl fdb-del n1 $MAC_C 2>/dev/null"
peer a $MAC_A || exit 1

# a static entry for a port that is then deleted, one that survives a restart
check "fdb-add n1 $MAC_S b" ctl fdb-add n1 $MAC_S b
ctl port-add x1 --net n1 --type vhost-user >/dev/null || exit 1
check "fdb-add n1 $MAC_SX x1" ctl fdb-add n1 $MAC_SX x1
check "fdb-show: $MAC_SX on x1, static" fdb_is n1 $MAC_SX "x1 static"
check "port-del x1" ctl port-del x1
check "deleting x1 deleted its static entry" fdb_gone n1 $MAC_SX
for p in a b c; do tp_kill $p; done
check "vswitchd exits 0 on SIGTERM" vsw_stop
vsw_start || exit 1
check "after restart: static $MAC_S still on b" fdb_is n1 $MAC_S "b static"
check "after restart: x1's static entry did not come back" fdb_gone n1 $MAC_SX
check "after restart: n1 keeps fdb_aging 10, n4 fdb_max 16" \
	test "$(net_field n1 fdb_aging)/$(net_field n4 fdb_max)" == "10/16"
peer a $MAC_A && peer b $MAC_B && peer c $MAC_C || exit 1
tp_send a $MAC_S 1
tp_expect_rx "after restart, unicast to the static MAC goes to b only" a=0 b=32 c=0
check "fdb-del the restored static entry" ctl fdb-del n1 $MAC_S
for p in a b c; do tp_kill $p; done

# --- per-port MAC limit ---------------------------------------------------------------------
ctl net-add n3 >/dev/null || exit 1
check "port-add m --mac-limit 1" ctl port-add m --net n3 --type vhost-user --mac-limit 1
check "port-show m reports mac_limit 1" test "$(ctlj port-show m | jq .mac_limit)" == 1
ctl port-add q --net n3 --type vhost-user >/dev/null || exit 1
expect_fail "fdb-add n1 ... m refused (m is in n3)" eval "ctl fdb-add n1 02:00:00:00:00:99 m 2>/dev/null"
expect_fail "fdb-add n3 ... nosuch refused (no such port)" eval "ctl fdb-add n3 02:00:00:00:00:99 nosuch 2>/dev/null"
check "... and neither created an entry" eval "fdb_gone n1 02:00:00:00:00:99 && fdb_gone n3 02:00:00:00:00:99"
peer m $MAC_M1 && peer q $MAC_Q || exit 1
tp_send m ff:ff:ff:ff:ff:ff 1
tp_expect_rx "m's first MAC: broadcast forwarded to q" m=0 q=32
check "m's first MAC learned on m" fdb_is n3 $MAC_M1 "m dynamic"
check "port-show m: macs_learned 1, no mac-limit drops" \
	test "$(ctlj port-show m | jq -c '[.macs_learned, .stats.drops["mac-limit"]]')" == "[1,0]"
peer m $MAC_M2 || exit 1	# the guest comes back with another MAC
tp_send m ff:ff:ff:ff:ff:ff 1
tp_send m $MAC_Q 1
tp_expect_rx "frames from m's second MAC are never forwarded" m=0 q=32
check "... they are counted as mac-limit drops (64)" \
	wait_for 5 "mac-limit 64" eval "[[ \$(port_stat m '.drops[\"mac-limit\"]') == 64 ]]"
check "... and the second MAC is not learned" fdb_gone n3 $MAC_M2
check "the first MAC still on m" fdb_is n3 $MAC_M1 "m dynamic"
tp_send q $MAC_M1 1
tp_expect_rx "the first MAC still works: q -> $MAC_M1 reaches m only" m=32 q=32
check "fdb-del n3 $MAC_M1 (free the slot)" ctl fdb-del n3 $MAC_M1
tp_send m ff:ff:ff:ff:ff:ff 1
tp_expect_rx "now m's second MAC is forwarded" m=32 q=64
check "... and learned on m" fdb_is n3 $MAC_M2 "m dynamic"
check "mac-limit drops did not grow" test "$(port_stat m '.drops["mac-limit"]')" == 64
for p in m q; do tp_kill $p; done

# --- the network's table cap (static entries count) -----------------------------------------
ctl port-add x --net n4 --type vhost-user >/dev/null && ctl port-add y --net n4 --type vhost-user >/dev/null || exit 1
ok=1
for i in $(seq 16); do
	ctl fdb-add n4 "$(printf '02:00:00:00:aa:%02x' "$i")" y >/dev/null || ok=0
done
check "16 static entries fill n4 (fdb_max 16)" eval "[[ $ok == 1 && \$(net_field n4 fdb_entries) == 16 ]]"
peer x $MAC_X || exit 1
tp_send x ff:ff:ff:ff:ff:ff 1
check "table full: x's new MAC is dropped as mac-limit (32)" \
	wait_for 5 "mac-limit 32" eval "[[ \$(port_stat x '.drops[\"mac-limit\"]') == 32 ]]"
check "... never reaches y (y saw no frame at all)" \
	test "$(port_stat y .tx_packets)/$(port_stat y '.drops["no-link"]')" == "0/0"
check "... and is not learned" fdb_gone n4 $MAC_X
check "net-set n4 --fdb-max 32" ctl net-set n4 --fdb-max 32
tp_send x ff:ff:ff:ff:ff:ff 1
check "with room again, x's MAC is learned" fdb_is n4 $MAC_X "x dynamic"
check "... and its frames flooded to y (no peer: no-link 32)" \
	wait_for 5 "y no-link" eval "[[ \$(port_stat y '.drops[\"no-link\"]') == 32 ]]"
check "net-show n4: 17 entries" test "$(net_field n4 fdb_entries)" == 17
tp_kill x
check "no mbufs in use" wait_for 10 "mbufs back" mbufs_zero
check "vswitchd alive" vsw_alive
vsw_finish
