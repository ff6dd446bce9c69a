#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_hotplug.sh - ports and networks added and removed while traffic flows.
#
# Network n1 with ports a and b (testpmd peers). b streams unicast frames to
# a without pause (testpmd "txonly": source = b's MAC, destination = its
# eth-peer, a's MAC) while we:
#   1. churn: add c, d to n1 and e to a new n2, connect peers, delete c,
#      re-add c under the same name, delete d, e and n2 (several rounds);
#   2. add a port nobody connects to, and connect/disconnect a peer 5 times;
#   3. delete a port while its own peer streams into the switch;
#   4. change the VLAN membership of a and b (port-set: access <-> trunk with
#      native n1) 20 times while b streams, with a peer z in another VLAN
#      network that must never see one of those frames.
# After every step a must have received more than before; at the end the
# configuration, the socket files, the FDB and the mbuf pool must be clean.
#
# testpmd's "flowgen" is not used as the source: in DPDK 22.11 it sends from a
# fixed MAC (00:01:02:03:04:00) to a fixed unknown one, so every flowgen peer
# would share one source MAC and every frame would be flooded.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init hotplug

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
MAC_D=02:00:00:00:00:0d MAC_E=02:00:00:00:00:0e MAC_G=02:00:00:00:00:10
MAC_H=02:00:00:00:00:11
ROUNDS=${ROUNDS:-3}

# --- local helpers (the rest are in lib/common.sh) -------------------------
port_names() { ctlj port-list | jq -r '[.ports[].name] | sort | join(" ")'; }
net_names() { ctlj net-list | jq -r '[.networks[].name] | sort | join(" ")'; }
fdb_ports() { ctlj fdb-show | jq -r '[.entries[].port] | unique | join(" ")'; }
# fdb_only PORT...: every FDB entry points at one of these ports
fdb_only() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	ctlj fdb-show | jq -e --argjson ok "$want" \
		'[.entries[].port] | all(. as $p | $ok | index($p))' >/dev/null
}
# a_grew: a's RX counter is above what it was at the previous call
A_LAST=0
a_grew() {
	local now
	now=$(tp_rx a) || return 1
	[[ $now -gt $A_LAST ]] || return 1
	A_LAST=$now
}
check_a_grows() { check "a keeps receiving: $1" wait_for 15 "a rx grows" a_grew; }
# rx_stable NAME: RX counter unchanged over 1 s; prints it
rx_stable() {
	local r1 r2
	r1=$(tp_rx "$1"); sleep 1; r2=$(tp_rx "$1")
	[[ $r1 -ge 0 && $r1 -eq $r2 ]] && echo "$r1"
}
wait_rx_stable() {	# wait_rx_stable NAME VAR: settle, store the count in VAR
	local i v
	for ((i = 0; i < 10; i++)); do
		v=$(rx_stable "$1") && { printf -v "$2" '%s' "$v"; return 0; }
	done
	vsw_log "rx of $1 never settled"
	return 1
}

# --- setup --------------------------------------------------------------------
vsw_start || exit 1
ctl net-add n1 || exit 1
ctl port-add a --net n1 --type vhost-user || exit 1
ctl port-add b --net n1 --type vhost-user || exit 1
tp_start a "$T/run/a.sock" $MAC_A || exit 1
tp_start b "$T/run/b.sock" $MAC_B || exit 1
wait_for 30 "a up" link_is a up && wait_for 30 "b up" link_is b up || exit 1
tp_cmd a start
tp_cmd b start
tp_send a ff:ff:ff:ff:ff:ff 1	# teach the switch where a is
check "a's MAC learned on a" fdb_has - $MAC_A a
tp_stream b $MAC_A
check_a_grows "b's stream started"
check "b's MAC learned on b" fdb_has - $MAC_B b

# --- 1. churn -----------------------------------------------------------------
for ((r = 1; r <= ROUNDS; r++)); do
	vsw_log "churn round $r"
	ctl port-add c --net n1 --type vhost-user >/dev/null &&
		ctl port-add d --net n1 --type vhost-user >/dev/null &&
		ctl net-add n2 >/dev/null &&
		ctl port-add e --net n2 --type vhost-user >/dev/null
	check "round $r: c, d, e and n2 added" \
		test "$(port_names)/$(net_names)" == "a b c d e/n1 n2"
	check "round $r: sockets of c, d, e exist" \
		test -S "$T/run/c.sock" -a -S "$T/run/d.sock" -a -S "$T/run/e.sock"
	check_a_grows "round $r, ports added"

	tp_start c "$T/run/c.sock" $MAC_C && tp_start d "$T/run/d.sock" $MAC_D &&
		tp_start e "$T/run/e.sock" $MAC_E || exit 1
	check "round $r: c, d, e links up" wait_for 30 "c d e up" \
		eval "link_is c up && link_is d up && link_is e up"
	for p in c d e; do tp_cmd $p start; tp_send $p ff:ff:ff:ff:ff:ff 1; done
	check "round $r: c, d, e MACs learned on their ports" eval \
		"fdb_has - $MAC_C c && fdb_has - $MAC_D d && fdb_has - $MAC_E e"
	check_a_grows "round $r, peers connected"

	# delete c while its peer is still connected
	check "round $r: port-del c (peer connected)" ctl port-del c
	check "round $r: c's socket removed" test ! -e "$T/run/c.sock"
	check "round $r: no FDB entry points at c" fdb_only a b d e
	check_a_grows "round $r, c deleted"
	tp_kill c

	# same name again, new peer
	check "round $r: port-add c again" ctl port-add c --net n1 --type vhost-user
	tp_start c "$T/run/c.sock" $MAC_C || exit 1
	check "round $r: re-added c link up" wait_for 30 "c up" link_is c up
	tp_cmd c start
	tp_send c ff:ff:ff:ff:ff:ff 1
	check "round $r: c's MAC learned on the new c" fdb_has - $MAC_C c
	check_a_grows "round $r, c re-added"

	# d: peer gone first, then the port; e and n2 with the peer connected
	tp_kill d
	check "round $r: d link down after its peer left" wait_for 15 "d down" link_is d down
	check "round $r: port-del d, port-del e, net-del n2" eval \
		"ctl port-del d && ctl port-del e && ctl net-del n2"
	tp_kill e
	check "round $r: port-del c" ctl port-del c
	tp_kill c
	check "round $r: ports back to a b, networks to n1" \
		test "$(port_names)/$(net_names)" == "a b/n1"
	check "round $r: sockets of c, d, e gone" \
		test ! -e "$T/run/c.sock" -a ! -e "$T/run/d.sock" -a ! -e "$T/run/e.sock"
	check "round $r: FDB has entries for a and b only" \
		test "$(fdb_ports)" == "a b"
	check "round $r: vswitchd alive" vsw_alive
	check_a_grows "round $r, cleanup done"
done

# --- 2. a port nobody connects to; a flapping peer -----------------------------
check "port-add f (no peer ever)" ctl port-add f --net n1 --type vhost-user
tp_send a ff:ff:ff:ff:ff:ff 1
check "broadcast flooded to unconnected f counted as no-link" \
	wait_for 10 "f no-link" eval "[[ \$(port_stat f '.drops[\"no-link\"]') -ge 32 ]]"
check "f transmitted nothing" test "$(port_stat f .tx_packets)" == 0
check_a_grows "f added"
check "port-add g" ctl port-add g --net n1 --type vhost-user
for ((i = 1; i <= 5; i++)); do
	tp_start g "$T/run/g.sock" $MAC_G || exit 1
	check "g flap $i: link up" wait_for 30 "g up" link_is g up
	tp_kill g
	check "g flap $i: link down" wait_for 15 "g down" link_is g down
	check_a_grows "g flap $i"
done
check "vswitchd alive after flaps" vsw_alive

# exact delivery a <-> b after all that (b back to rxonly first)
tp_stop b
tp_rxonly b
wait_rx_stable b B0 && wait_rx_stable a A0 || exit 1
tp_send a $MAC_B 2
tp_send b $MAC_A 1
check "a -> b unicast: b got exactly 64 more" wait_for 10 "b +64" \
	eval "[[ \$(tp_rx b) -eq $((B0 + 64)) ]]"
check "b -> a unicast: a got exactly 32 more" wait_for 10 "a +32" \
	eval "[[ \$(tp_rx a) -eq $((A0 + 32)) ]]"
check "f and g never transmitted" \
	test "$(port_stat f .tx_packets)/$(port_stat g .tx_packets)" == "0/0"
check "port-del f, port-del g" eval "ctl port-del f && ctl port-del g"
check "sockets of f, g gone" test ! -e "$T/run/f.sock" -a ! -e "$T/run/g.sock"
check "no mbufs in use with traffic stopped" wait_for 10 "mbufs back" mbufs_zero

# --- 3. delete a port while its own peer streams into the switch ---------------
check "port-add h" ctl port-add h --net n1 --type vhost-user
tp_start h "$T/run/h.sock" $MAC_H || exit 1
wait_for 30 "h up" link_is h up || exit 1
tp_cmd h start
A_LAST=$(tp_rx a)
tp_stream h $MAC_A
check_a_grows "h streaming to a"
check "h's MAC learned on h" fdb_has - $MAC_H h
check "port-del h while h streams" ctl port-del h
check "vswitchd alive after deleting a streaming port" vsw_alive
sleep 1
H_R1=$(tp_rx a); sleep 2; H_R2=$(tp_rx a)
check "a receives nothing more once h is deleted ($H_R1 -> $H_R2)" \
	test "$H_R1" -ge 0 -a "$H_R1" -eq "$H_R2"
check "h's socket removed" test ! -e "$T/run/h.sock"
check "no FDB entry points at h" fdb_only a b
check "no mbufs in use while h's peer still transmits" wait_for 10 "mbufs back" mbufs_zero
tp_kill h

# the switch still forwards: b streams again
A_LAST=$H_R2
tp_stream b $MAC_A
check_a_grows "b streams again after h's deletion"

# --- 4. VLAN membership changes while b streams ----------------------------------
MAC_Z=02:00:00:00:00:12
check "net-add v9 --vlan 9, port-add z in it" \
	eval "ctl net-add v9 --vlan 9 && ctl port-add z --net v9 --type vhost-user"
tp_start z "$T/run/z.sock" $MAC_Z || exit 1
wait_for 30 "z up" link_is z up || exit 1
tp_cmd z start
N_SET=0
for ((i = 0; i < 10; i++)); do
	ctl port-set a --trunk v9 --native n1 && N_SET=$((N_SET + 1))
	ctl port-set b --trunk v9 --native n1 && N_SET=$((N_SET + 1))
	ctl port-set a --net n1 && N_SET=$((N_SET + 1))
	ctl port-set b --net n1 && N_SET=$((N_SET + 1))
done
check "40 port-set changes under traffic succeeded ($N_SET)" test "$N_SET" -eq 40
check "vswitchd alive after the membership changes" vsw_alive
check_a_grows "a still receives b's stream after the membership changes"
tp_stop b
check "z (VLAN 9) never received a frame of n1's stream" test "$(tp_rx z)" -eq 0
check "z transmitted nothing either" test "$(port_stat z .tx_packets)" -eq 0
check "no vlan-violation/unknown-vlan/no-native drops on a, b" bash -c \
	"for p in a b; do $VSWCTL --run-dir $T/run --json port-show \$p | jq -e \
	 '.stats.drops | .[\"vlan-violation\"] + .[\"unknown-vlan\"] + .[\"no-native\"] == 0' \
	 >/dev/null || exit 1; done"
tp_kill z
check "port-del z, net-del v9" eval "ctl port-del z && ctl net-del v9"
tp_send a ff:ff:ff:ff:ff:ff 1	# port-set flushed what a's port had learned
check "a's MAC learned on a again" fdb_has - $MAC_A a
check "final: ports a b, network n1" test "$(port_names)/$(net_names)" == "a b/n1"
check "final: only a.sock, b.sock (and the control socket) left in the run dir" \
	test "$(cd "$T/run" && ls -1 ./*.sock | sort | tr '\n' ' ')" == "./a.sock ./b.sock ./vswitchd.sock "
check "final: FDB entries for a and b only" test "$(fdb_ports)" == "a b"
check "final: mbufs_in_use back to 0" wait_for 10 "mbufs back" mbufs_zero
check "final: vswitchd alive" vsw_alive
check "vswitchd logged no error" bash -c "! grep -Ei 'error|panic|assert' '$T/vswitchd.log' | head -n 20 | grep ."
vsw_finish
