#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_uplink_vlan.sh - two bridged networks share one uplink, told apart by 802.1Q tags.
#
#   uplink: the veth pair vsvl-up (root namespace) <-> vsvl-lanif (namespace vsvl-lan)
#   v10:    net-add v10 --mode bridged --uplink vsvl-up --vlan 10; QEMU guest ga, 10.30.0.2/24
#   v20:    net-add v20 --mode bridged --uplink vsvl-up --vlan 20; QEMU guest gb, 10.30.0.3/24
#   LAN:    the LAN host is a QEMU VM too ("lanvm"): its second NIC eth1 is a TAP in vsvl-lan,
#           joined to vsvl-lanif by a plain Linux bridge vsvl-br (no VLAN filtering: tagged
#           frames pass as they are), and it has Linux VLAN sub-interfaces eth1.10, eth1.20
#           (and later eth1.30). The VM is needed because this host's kernel has no 802.1Q
#           support (CONFIG_VLAN_8021Q off, no 8021q module), so vsvl-lanif.10 cannot exist
#           here; the guest kernel has it. lanvm's first NIC (eth0, a vhost-user port alone in
#           the isolated network vsvlctl) is only there because every test guest has one.
#           The test drives lanvm step by step: it writes "SEQ COMMAND" lines into a QEMU pipe
#           chardev (a second serial port, ttyS1 in the VM); lanvm runs each COMMAND and logs
#           "DONE SEQ rc=N" on its console.
# Both guests are in the SAME subnet: only the tags keep them apart. The LAN host's address
# 10.30.0.1/24 lives on one sub-interface at a time:
#   on eth1.10: ga answers (once it booted);   on eth1.20: gb answers, ga does not;
#   back on eth1.10: ga answers, gb does not.
# (Each "does not" is checked while that guest is known to be up.) The uplink port
# uplink-vsvl-up is a trunk of v10 and v20 without a native network; each network's FDB
# learns the LAN host's MAC on it and its own guest's MAC, not the other guest's. Frames from
# the LAN with VLAN 30 (eth1.30) are dropped and counted as drops["unknown-vlan"] on the uplink
# port, untagged ones (eth1 itself) as drops["no-native"]; neither reaches a guest port.
# No mbuf leaked at the end.
# IPv6 is off in the VMs, the LAN namespace and on vsvl-up, so before the VLAN 30 and untagged
# steps nothing on the wire is unknown-vlan or untagged: both counters start at 0.
# Needs root, qemu-system-x86_64, busybox-static, cpio, jq; ~2 min on the 2-core test bed.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/guest.sh
. "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"

for b in qemu-system-x86_64 busybox cpio jq; do
	command -v "$b" >/dev/null || { echo "test_uplink_vlan: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init uplink_vlan
T0=$SECONDS

NS=vsvl-lan UP=vsvl-up LANIF=vsvl-lanif BR=vsvl-br LTAP=vsvl-ltap UPORT=uplink-vsvl-up
LAN_IP=10.30.0.1 A_IP=10.30.0.2 B_IP=10.30.0.3
AMAC=52:54:00:30:00:02 BMAC=52:54:00:30:00:03
LAN_MAC=52:54:00:30:00:01 LCTL_MAC=52:54:00:30:00:f1
# shellcheck disable=SC2034 # GUEST_DIR and GUEST_APPEND are read by guest.sh
GUEST_DIR=$T/guests
GUEST_APPEND="ipv6.disable=1 ${GUEST_APPEND:-}"
GUEST_TMO=${GUEST_TMO:-150}

guest_build_base || exit 1
vsw_log "guest kernel $GUEST_KERNEL, initramfs $GUEST_BASE_INITRD"
grep -qx 8021q <(cpio -i --quiet --to-stdout etc/guest-modules <"$GUEST_BASE_INITRD") ||
	{ echo "test_uplink_vlan: no 8021q module in the guest initramfs, skipping" >&2; exit 77; }

# ---- the LAN namespace: veth peer and (later) lanvm's TAP on one plain bridge
netns_fresh $NS $UP || exit 1
ip link add $UP type veth peer name $LANIF netns $NS || exit 1
sysctl -qw "net.ipv6.conf.$UP.disable_ipv6=1" || exit 1
# mcast_snooping 0: a snooping bridge joins 224.0.0.106 (all-snoopers) and reports it with an
# untagged IGMP report, which the switch would rightly count as no-native
ip -n $NS link add $BR type bridge stp_state 0 mcast_snooping 0 || exit 1
ip -n $NS link set $LANIF master $BR up || exit 1
ip -n $NS link set $BR up || exit 1
ip link set $UP up || exit 1

# ---- VM scripts (busybox ash; g_* helpers from tests/integration/guest/guest-lib.sh)
guest_script() {	# FILE ADDR: address, link, then idle until the test stops the VM
	cat >"$1" <<EOF
ip addr add $2/24 dev eth0 || exit 10
g_wait_link eth0 30 || exit 1
g_log "CONFIGURED $2"
while :; do sleep 5; done
EOF
}
guest_script "$T/ga.sh" $A_IP
guest_script "$T/gb.sh" $B_IP
# lanvm: eth1 with sub-interfaces .10 .20 .30 (no address yet); then one command per line
# from ttyS1 ("SEQ COMMAND..."), each logged as "DONE SEQ rc=N" after it ran.
cat >"$T/lanvm.sh" <<EOF
LAN_IP=$LAN_IP
EOF
cat >>"$T/lanvm.sh" <<'EOF'
# lan_addr IF: LAN_IP/24 on IF only (eth1.10 or eth1.20), ARP table flushed
lan_addr() {
	ip addr flush dev eth1.10 && ip addr flush dev eth1.20 &&
		ip neigh flush dev eth1.10 && ip neigh flush dev eth1.20 &&
		ip addr add "$LAN_IP/24" dev "$1"
}
ip link set eth1 up || exit 10
for v in 10 20 30; do
	ip link add link eth1 name "eth1.$v" type vlan id "$v" ||
		{ g_log "cannot create eth1.$v (8021q)"; exit 10; }
	ip link set "eth1.$v" up || exit 10
done
g_wait_link eth1 30 || exit 1
exec 3</dev/ttyS1 || exit 11
stty -echo <&3
g_log "LAN-READY eth1 $(cat /sys/class/net/eth1/address)"
while read -r seq cmd <&3; do
	[ "$cmd" = quit ] && { g_log "DONE $seq rc=0"; break; }
	g_log "RUN $seq: $cmd"
	eval "$cmd" >/tmp/out 2>&1
	rc=$?
	sed 's/^/    /' /tmp/out
	g_log "DONE $seq rc=$rc"
done
exit 0
EOF

# ---- switch
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"
vsw_start || exit 1
check "net-add v10 --mode bridged --uplink $UP --vlan 10" \
	q ctl net-add v10 --mode bridged --uplink $UP --vlan 10
check "net-add v20 --mode bridged --uplink $UP --vlan 20 (same uplink)" \
	q ctl net-add v20 --mode bridged --uplink $UP --vlan 20
ctl net-add vsvlctl >/dev/null || exit 1
ctl port-add ga --net v10 --type vhost-user --path "$T/run/ga.sock" >/dev/null || exit 1
ctl port-add gb --net v20 --type vhost-user --path "$T/run/gb.sock" >/dev/null || exit 1
ctl port-add lanvm --net vsvlctl --type vhost-user --path "$T/run/lanvm.sock" >/dev/null ||
	exit 1

# jq_ok FILTER ARGS...: the JSON answer of "vswctl ARGS" satisfies the jq FILTER
jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
for n in v10 v20; do
	check "net-show $n: bridged, vlan ${n#v}, uplink {$UP, af_packet, port $UPORT}" \
		jq_ok ".mode == \"bridged\" and .vlan == ${n#v} and .uplink.name == \"$UP\" and
		       .uplink.type == \"af_packet\" and .uplink.port == \"$UPORT\"" net-show $n
	check "net-show $n: uplink state up" \
		wait_for 10 "$n uplink up" jq_ok '.uplink.state == "up"' net-show $n
done
check "port $UPORT: a trunk (vlan_mode trunk)" jq_ok '.vlan_mode == "trunk"' port-show $UPORT
check "port $UPORT: carries v10 and v20, no native network, type af_packet" \
	jq_ok '(.trunk | sort) == ["v10", "v20"] and .native == null and .type == "af_packet"' \
	port-show $UPORT
drop_uv() { port_stat $UPORT '.drops["unknown-vlan"]'; }
drop_nn() { port_stat $UPORT '.drops["no-native"]'; }

# ---- VMs, booted in parallel; lanvm's QEMU runs in the LAN namespace (its TAP is made there)
vsw_on_cleanup guest_cleanup_all	# runs before vswitchd is killed (last registered first)
mkfifo "$T/lanctl.in" "$T/lanctl.out" || exit 1
exec {LANFD}<>"$T/lanctl.in"	# held open: writing never blocks, QEMU never sees EOF
printf '#!/bin/sh\nexec ip netns exec %s qemu-system-x86_64 "$@"\n' $NS >"$T/qemu-in-lan"
chmod +x "$T/qemu-in-lan"
tb=$SECONDS
guest_start ga "$T/run/ga.sock" $AMAC "$T/ga.sh" || exit 1
guest_start gb "$T/run/gb.sock" $BMAC "$T/gb.sh" || exit 1
GUEST_QEMU=$T/qemu-in-lan GUEST_QEMU_ARGS="-netdev tap,id=n1,ifname=$LTAP,script=no,downscript=no
	-device virtio-net-pci,netdev=n1,mac=$LAN_MAC,romfile=,vectors=0
	-chardev pipe,id=lanctl,path=$T/lanctl -device isa-serial,chardev=lanctl" \
	guest_start lanvm "$T/run/lanvm.sock" $LCTL_MAC "$T/lanvm.sh" || exit 1
wait_for 10 "lanvm's TAP $LTAP" if_exists $NS $LTAP || exit 1
ip -n $NS link set $LTAP master $BR up || exit 1
LCON=$(guest_console lanvm)
check "all three VMs' links come up" wait_for "$GUEST_TMO" "ga, gb, lanvm up" links_up ga gb lanvm
check "lanvm is ready (eth1.10/.20/.30 made, listening on ttyS1)" \
	wait_for "$GUEST_TMO" "lanvm ready" grep -aq 'LAN-READY' "$LCON"

# lan_t SECS COMMAND...: run COMMAND (one line) in lanvm (its shell, g_* helpers and lan_addr there),
# wait up to SECS for it to finish; its exit status (124 if it did not finish in time)
LSEQ=0
lan_t() {
	local secs=$1 seq line
	shift
	seq=$((++LSEQ))
	[[ $* != *$'\n'* ]] || { vsw_log "lan_t: one line only: $*"; return 2; }
	echo "$seq $*" >&"$LANFD"
	wait_for "$secs" "lanvm: $*" grep -aq "DONE $seq rc=" "$LCON" || return 124
	line=$(grep -a -o "DONE $seq rc=[0-9]*" "$LCON" | tail -n 1)
	return "${line##*rc=}"
}
lan() { lan_t 30 "$@"; }
# lan_any_reply ADDR: at least one of 4 echo requests from lanvm answered
lan_any_reply() { lan ping -c 4 -W 2 "$1"; }

# 1: the LAN host on VLAN 10 reaches ga
lan lan_addr eth1.10 || exit 1
check "LAN on eth1.10: ga ($A_IP, v10) answers" lan_t $((GUEST_TMO + 10)) g_ping $A_IP "$GUEST_TMO"
vsw_log "ga answered after $((SECONDS - tb))s"
# 2: on VLAN 20: gb answers, ga (up, see 1) does not
lan lan_addr eth1.20 || exit 1
check "LAN on eth1.20: gb ($B_IP, v20) answers" lan_t $((GUEST_TMO + 10)) g_ping $B_IP "$GUEST_TMO"
vsw_log "gb answered after $((SECONDS - tb))s"
expect_fail "LAN on eth1.20: ga ($A_IP, v10) does not answer" lan_any_reply $A_IP
# 3: back on VLAN 10: ga answers, gb (up, see 2) does not
lan lan_addr eth1.10 || exit 1
check "LAN on eth1.10 again: ga answers" lan_t 40 g_ping $A_IP 30
expect_fail "LAN on eth1.10: gb ($B_IP, v20) does not answer" lan_any_reply $B_IP

check "fdb v10: LAN host's MAC on $UPORT" fdb_has v10 $LAN_MAC $UPORT dynamic
check "fdb v20: LAN host's MAC on $UPORT" fdb_has v20 $LAN_MAC $UPORT dynamic
check "fdb v10: ga's MAC on ga" fdb_has v10 $AMAC ga dynamic
check "fdb v20: gb's MAC on gb" fdb_has v20 $BMAC gb dynamic
check "fdb v10 has no entry for gb's MAC, fdb v20 none for ga's" \
	bash -c "! { $VSWCTL --run-dir $T/run --json fdb-show v10 | grep -qi $BMAC; } &&
		 ! { $VSWCTL --run-dir $T/run --json fdb-show v20 | grep -qi $AMAC; }"
uv0=$(drop_uv) nn0=$(drop_nn)
check "uplink drops so far: unknown-vlan 0, no-native 0 (got $uv0, $nn0)" \
	test "$uv0:$nn0" = 0:0

# guest_tx: "tx(ga):tx(gb)", the frames the switch sent to the guests
guest_tx() { echo "$(port_stat ga .tx_packets):$(port_stat gb .tx_packets)"; }

# 4: VLAN 30 from the LAN: no network has it. 10.30.0.1 goes away first, so that nothing
# the LAN host could still say on VLAN 10 (an answer to ga's ARP probe) counts below.
lan "ip addr flush dev eth1.10 && ip neigh flush dev eth1.10 && ip addr add 10.31.0.1/24 dev eth1.30" ||
	exit 1
tx0=$(guest_tx)
lan ping -c 3 -W 1 10.31.0.9	# ARP requests tagged 30; nobody answers
check "VLAN 30 frames counted as unknown-vlan on $UPORT" \
	wait_for 10 "unknown-vlan > $uv0" eval "[[ \$(drop_uv) -gt $uv0 ]]"
vsw_log "unknown-vlan: $uv0 -> $(drop_uv)"
check "no VLAN 30 frame reached a guest (tx ga:gb $tx0 -> $(guest_tx))" test "$(guest_tx)" = "$tx0"
check "VLAN 30 frames were not counted as no-native ($nn0 -> $(drop_nn))" \
	test "$(drop_nn)" = "$nn0"

# 5: untagged frames from the LAN: no native network on the uplink
lan "ip addr flush dev eth1.30 && ip addr add 10.32.0.1/24 dev eth1" || exit 1
tx0=$(guest_tx) uv1=$(drop_uv)
lan ping -c 3 -W 1 10.32.0.9	# untagged ARP requests
check "untagged frames counted as no-native on $UPORT" \
	wait_for 10 "no-native > $nn0" eval "[[ \$(drop_nn) -gt $nn0 ]]"
vsw_log "no-native: $nn0 -> $(drop_nn)"
check "no untagged frame reached a guest (tx ga:gb $tx0 -> $(guest_tx))" test "$(guest_tx)" = "$tx0"
check "untagged frames were not counted as unknown-vlan ($uv1 -> $(drop_uv))" \
	test "$(drop_uv)" = "$uv1"
lan ip addr flush dev eth1

# ---- end: gb still answers on its own VLAN; then everything stops
lan lan_addr eth1.20 || exit 1
check "LAN on eth1.20 at the end: gb still answers" lan_t 40 g_ping $B_IP 30
for p in ga gb $UPORT; do
	vsw_log "port $p: rx $(port_stat "$p" .rx_packets) tx $(port_stat "$p" .tx_packets) drops" \
		"$(ctlj port-show "$p" | jq -c '.stats.drops | with_entries(select(.value != 0))')"
done
check "vswitchd still running" vsw_alive
lan quit
guest_cleanup_all
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

vsw_log "test took $((SECONDS - T0))s"
vsw_finish
