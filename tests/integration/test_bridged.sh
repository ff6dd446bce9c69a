#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_bridged.sh - a bridged network: guests on the LAN behind a real uplink interface.
#
#   LAN:  namespace vsbr-lan, reached through the veth pair vsbr-up (root namespace: the
#         uplink) <-> vsbr-lanif (in vsbr-lan, 10.77.0.1/24). dnsmasq runs in vsbr-lan as the
#         LAN's DHCP server (10.77.0.100-10.77.0.150, DNS off).
#   lan:  net-add lan --mode bridged --uplink vsbr-up (af_packet, the default); a QEMU guest g
#         on a vhost-user port. It gets a lease with busybox udhcpc, pings 10.77.0.1 until one
#         reply, then keeps pinging it once a second (logging "LANPING ok|lost N") until the
#         LAN host has pinged it 3 times; that is the host's signal that the test is over.
#   iso:  an isolated network with one testpmd peer (rxonly): it must receive nothing at all,
#         whatever happens on lan and the LAN.
# Checked: the lease (in dnsmasq's lease file with the guest's MAC, in the range, the address
# the guest configured), the guest reaching the LAN host, lan's FDB (LAN host's MAC on port
# uplink-vsbr-up, the guest's on g), net-show's uplink object; uplink carrier: link down ->
# state "down", up -> "up"; interface deleted -> "absent" with vswitchd alive; the veth pair
# re-created -> "up" again, the new LAN MAC learned on the uplink and the guest's pings answered
# again; the LAN host pings the guest (3/3). Refused net-add calls (nonexistent uplink, bridged
# without --uplink, a second untagged network on the same uplink, --uplink on an isolated /
# host-only network) exit non-zero and change nothing. No mbuf leaked at the end.
# IPv6 is off in the guest, in the LAN namespace and on vsbr-up, so the wire carries only ARP,
# DHCP and ICMP. Needs root, qemu-system-x86_64, busybox-static, cpio, jq, dnsmasq, dpdk-testpmd.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/guest.sh
. "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"

for b in qemu-system-x86_64 busybox cpio jq dnsmasq "$TESTPMD"; do
	command -v "$b" >/dev/null || { echo "test_bridged: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init bridged
T0=$SECONDS

NS=vsbr-lan UP=vsbr-up LANIF=vsbr-lanif UPORT=uplink-vsbr-up
LAN_IP=10.77.0.1 FALLBACK_IP=10.77.0.199	# the guest's address if DHCP fails
GMAC=52:54:00:77:00:02 ISOMAC=02:00:00:77:00:99
# shellcheck disable=SC2034 # GUEST_DIR and GUEST_APPEND are read by guest.sh
GUEST_DIR=$T/guests
GUEST_APPEND="ipv6.disable=1 ${GUEST_APPEND:-}"
GUEST_TMO=${GUEST_TMO:-150}
GUEST_LIFETIME=${GUEST_LIFETIME:-600}

guest_build_base || exit 1
vsw_log "guest kernel $GUEST_KERNEL, initramfs $GUEST_BASE_INITRD"

# ---- the LAN: namespace, veth pair, dnsmasq
# A leftover of an interrupted run would make "ip link add" fail: remove it first.
netns_fresh $NS $UP || exit 1

# lan_link_add: (re)create the veth pair: vsbr-up here (up, no IPv6), vsbr-lanif in the LAN
# namespace with 10.77.0.1/24.
lan_link_add() {
	ip link add $UP type veth peer name $LANIF netns $NS &&
		sysctl -qw "net.ipv6.conf.$UP.disable_ipv6=1" &&
		ip netns exec $NS sysctl -qw "net.ipv6.conf.$LANIF.disable_ipv6=1" &&
		ip -n $NS addr add $LAN_IP/24 dev $LANIF &&
		ip -n $NS link set $LANIF up &&
		ip link set $UP up
}

DNSMASQ_PID=
# dnsmasq_start: the LAN's DHCP server, in the foreground (pid known), bound to vsbr-lanif,
# leases in $T/dnsmasq.leases (kept across restarts), log in $T/dnsmasq.log.
dnsmasq_start() {
	local n
	n=$(grep -c 'DHCP, IP range' "$T/dnsmasq.log" 2>/dev/null)
	ip netns exec $NS dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--no-resolv --no-hosts --interface=$LANIF --bind-interfaces \
		--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h --dhcp-authoritative \
		--dhcp-leasefile="$T/dnsmasq.leases" --pid-file="$T/dnsmasq.pid" \
		--log-facility="$T/dnsmasq.log" --log-dhcp --user=root --group=root \
		>>"$T/dnsmasq.out" 2>&1 &
	DNSMASQ_PID=$!
	if ! wait_for 10 "dnsmasq started" \
		eval "[[ \$(grep -c 'DHCP, IP range' '$T/dnsmasq.log' 2>/dev/null) -gt ${n:-0} ]]" ||
		! kill -0 $DNSMASQ_PID 2>/dev/null; then
		cat "$T/dnsmasq.out" "$T/dnsmasq.log" 2>/dev/null
		return 1
	fi
}
dnsmasq_stop() {
	[[ -n $DNSMASQ_PID ]] || return 0
	kill -TERM "$DNSMASQ_PID" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$DNSMASQ_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$DNSMASQ_PID" 2>/dev/null
	wait "$DNSMASQ_PID" 2>/dev/null
	DNSMASQ_PID=
}
vsw_on_cleanup dnsmasq_stop

lan_link_add || exit 1
LAN_MAC=$(if_mac $NS $LANIF)
dnsmasq_start || exit 1
vsw_log "LAN host $LAN_IP, MAC $LAN_MAC, dnsmasq pid $DNSMASQ_PID"

# ---- guest script (busybox ash; g_* helpers from tests/integration/guest/guest-lib.sh)
{
	printf 'LAN_IP=%s FALLBACK_IP=%s LIFETIME=%s\n' $LAN_IP $FALLBACK_IP "$GUEST_LIFETIME"
	cat <<'EOF'
g_wait_link eth0 30 || exit 1
rc=0
if g_dhcp eth0 60; then
	. /run/udhcpc.eth0
	g_log "LEASE ip=$ip mask=$mask router=$router"
else
	# Fails the test (rc 2 at the end), but lets the host check everything else.
	g_log "DHCP: no lease; going on with the static address $FALLBACK_IP"
	ip=$FALLBACK_IP
	ip addr add "$ip/24" dev eth0 || exit 10
	rc=2
fi
g_log "ADDR ip=$ip"
g_ping "$LAN_IP" 60 || exit 3
base=$(g_icmp_in_echos)
end=$(($(g_now) + LIFETIME))
n=0
while [ "$(g_icmp_in_echos)" -lt $((base + 3)) ]; do
	n=$((n + 1))
	if ping -c 1 -W 1 "$LAN_IP" >/dev/null 2>&1; then
		g_log "LANPING ok $n"
	else
		g_log "LANPING lost $n"
	fi
	[ "$(g_now)" -lt "$end" ] || { g_log "not pinged by the LAN within ${LIFETIME}s"; exit 4; }
	sleep 0.5
done
g_log "PINGED-BY-LAN: $(($(g_icmp_in_echos) - base)) echo requests"
exit $rc
EOF
} >"$T/g.sh"

# ---- switch
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"
vsw_start || exit 1
# If a refused host-only net-add below were accepted after all, its interface must go too.
vsw_on_cleanup "ip link del vsw-vsbrx5"

check "net-add lan --mode bridged --uplink $UP" q ctl net-add lan --mode bridged --uplink $UP
ctl net-add iso >/dev/null || exit 1
ctl port-add g --net lan --type vhost-user --path "$T/run/g.sock" >/dev/null || exit 1
ctl port-add iso0 --net iso --type vhost-user --path "$T/run/iso0.sock" >/dev/null || exit 1

# jq_ok FILTER ARGS...: the JSON answer of "vswctl ARGS" satisfies the jq FILTER
jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
uplink_state() { ctlj net-show lan | jq -r .uplink.state; }
uplink_is() { [[ $(uplink_state) == "$1" ]]; }

check "net-show lan: mode bridged, mtu 1500, uplink {vsbr-up, af_packet, port $UPORT}" \
	jq_ok ".mode == \"bridged\" and .mtu == 1500 and .uplink.name == \"$UP\" and
	       .uplink.type == \"af_packet\" and .uplink.port == \"$UPORT\"" net-show lan
check "uplink state up (got $(uplink_state))" wait_for 10 "uplink up" uplink_is up
check "port $UPORT: type af_packet, managed by lan" \
	jq_ok '.type == "af_packet" and .managed_by == "lan"' port-show $UPORT
check "port-list shows $UPORT" jq_ok "any(.ports[]; .name == \"$UPORT\")" port-list
check "net-show iso: mode isolated, uplink null" \
	jq_ok '.mode == "isolated" and .uplink == null' net-show iso
expect_fail "port-del $UPORT (managed by lan) is refused" q ctl port-del $UPORT
check "... and $UPORT is still there" q ctl port-show $UPORT

# ---- refused net-add calls: non-zero exit, a message, nothing changed
# Configuration as the daemon reports it (without counters), the state file, host interfaces
# that vswitchd or this test could have created.
snapshot() {
	ctlj net-list | jq -S '.networks | map(del(.fdb_entries, .fdb_moves))' &&
		ctlj port-list | jq -S '.ports | map(del(.stats, .macs_learned))' &&
		sha256sum <"$T/state/state.json" &&
		ip -o link show | awk -F': ' '$2 ~ /^(vsw|vsbr)/ { print $2 }' | sort
}
# same_snapshot: nothing changed since $T/snap.before (else show what did)
same_snapshot() {
	snapshot >"$T/snap.now"
	cmp -s "$T/snap.before" "$T/snap.now" && return 0
	diff "$T/snap.before" "$T/snap.now" | head -n 20 | sed 's/^/# /'
	return 1
}
# refused DESC ARGS...: "vswctl ARGS" exits non-zero with a message; nothing changed
refused() {
	local desc=$1 rc
	shift
	snapshot >"$T/snap.before" || return 1
	ctl "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
	check "$desc: refused (exit $rc: $(head -c 160 "$T/ctl.err" | tr '\n' ' '))" \
		test "$rc" -ne 0 -a -s "$T/ctl.err"
	check "$desc: nothing changed" same_snapshot
}
refused "bridged over a nonexistent interface" net-add vsbrx1 --mode bridged --uplink vsbr-nx
refused "bridged without --uplink" net-add vsbrx2 --mode bridged
refused "a second untagged bridged network on $UP" net-add vsbrx3 --mode bridged --uplink $UP
refused "--uplink on an isolated network" net-add vsbrx4 --uplink $UP
refused "--uplink on a host-only network" \
	net-add vsbrx5 --mode host-only --subnet 10.78.0.0/24 --uplink $UP

# ---- the isolated network's peer: counts every frame that reaches it
tp_start iso0 "$T/run/iso0.sock" $ISOMAC || exit 1
check "iso0's link comes up" wait_for 30 "port iso0 up" link_is iso0 up
tp_cmd iso0 start

# ---- the guest
vsw_on_cleanup guest_cleanup_all	# runs before vswitchd is killed (last registered first)
tb=$SECONDS
guest_start g "$T/run/g.sock" $GMAC "$T/g.sh" || exit 1
CON=$(guest_console g)
check "guest g's link comes up" wait_for "$GUEST_TMO" "port g up" link_is g up
# guest_over: the guest's script has ended (no use waiting for more from it)
guest_over() { grep -aq 'GUEST-RESULT' "$CON"; }
lease_line() { grep -a -o 'LEASE ip=[0-9.]* mask=[0-9]* router=[0-9.]*' "$CON" | head -n 1; }
addr_line() { grep -a -o 'ADDR ip=[0-9.]*' "$CON" | head -n 1; }
wait_for "$GUEST_TMO" "guest address" eval 'addr_line || guest_over'
check "guest g got a DHCP lease" lease_line
vsw_log "guest: $(lease_line) $(addr_line) after $((SECONDS - tb))s"
GIP=$(lease_line | sed -n 's/.*ip=\([0-9.]*\).*/\1/p')
GIP=${GIP:-none}
# the guest's address for the rest of the test (the static fallback if DHCP failed)
GADDR=$(addr_line | sed -n 's/.*ip=\([0-9.]*\).*/\1/p')
GADDR=${GADDR:-none}
in_range() {	# in_range A.B.C.D: 10.77.0.100 .. 10.77.0.150
	[[ $1 =~ ^10\.77\.0\.([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 100 && BASH_REMATCH[1] <= 150))
}
check "the guest's address $GIP is in dnsmasq's range" in_range "$GIP"
check "the lease is a /24 with router $LAN_IP ($(lease_line))" \
	bash -c "[[ '$(lease_line)' == *' mask=24 router=$LAN_IP' ]]"
lease_of() { awk -v m="$1" 'tolower($2) == m { print $3 }' "$T/dnsmasq.leases" 2>/dev/null; }
check "dnsmasq's lease file: $GMAC -> $GIP (got '$(lease_of $GMAC)')" \
	wait_for 10 "lease in file" eval "[[ \$(lease_of $GMAC) == '$GIP' ]]"

n_ok() { grep -a -c 'LANPING ok' "$CON"; }
# pings_resume N: wait until the guest's console shows N more answered pings than now
pings_resume() {
	local want=$(($(n_ok) + $1))
	wait_for "$2" "$1 more answered guest pings" eval "[[ \$(n_ok) -ge $want ]] || guest_over"
	[[ $(n_ok) -ge $want ]]
}
check "guest g pings the LAN host $LAN_IP" pings_resume 3 "$GUEST_TMO"
check "fdb lan: LAN host's MAC $LAN_MAC on $UPORT" \
	wait_for 10 "LAN MAC learned" fdb_has lan "$LAN_MAC" $UPORT dynamic
check "fdb lan: the guest's MAC on g" fdb_has lan $GMAC g dynamic
check "fdb iso holds no entry" jq_ok '.entries == []' fdb-show iso

# ---- uplink carrier: link down / up
ip link set $UP down
check "ip link set $UP down: uplink state down" wait_for 10 "uplink down" uplink_is down
check "vswitchd alive" vsw_alive
ip link set $UP up
check "ip link set $UP up: uplink state up" wait_for 10 "uplink up" uplink_is up
check "the guest's pings are answered again" pings_resume 3 60

# ---- uplink carrier: the interface disappears and comes back
ip link del $UP
check "ip link del $UP: uplink state absent" \
	wait_for 10 "uplink absent" uplink_is absent
check "vswitchd alive without its uplink interface" vsw_alive
check "net-show lan still names uplink $UP, port $UPORT" \
	jq_ok ".uplink.name == \"$UP\" and .uplink.port == \"$UPORT\"" net-show lan
check "the guest's port g is still up" link_is g up
dnsmasq_stop
check "veth pair re-created" lan_link_add
LAN_MAC2=$(if_mac $NS $LANIF)
check "dnsmasq restarted" dnsmasq_start
check "uplink re-attached: state up" wait_for 10 "uplink up again" uplink_is up
check "the guest's pings are answered again after the re-attach" pings_resume 3 60
check "fdb lan: the new LAN MAC $LAN_MAC2 on $UPORT" \
	wait_for 10 "new LAN MAC learned" fdb_has lan "$LAN_MAC2" $UPORT dynamic

# ---- the LAN host pings the guest (3 echo requests: the guest's signal to finish)
lan_ping3() {
	local out
	out=$(ip netns exec "$NS" ping -c 3 -i 0.5 -W 3 "$1" 2>&1)
	echo "$out" | tail -n 2 | sed 's/^/# /'
	[[ $out == *" 3 received"* ]]
}
pinged=0
# shellcheck disable=SC2016 # expanded by eval
check "the LAN host pings the guest $GADDR (3/3 answered)" eval 'lan_ping3 "$GADDR" && pinged=1'
rc=0
if ((pinged)); then guest_wait g "$GUEST_TMO" || rc=$?; else guest_wait g 10 || rc=$?; fi
check "guest g: lease, LAN pings, pinged back by the LAN (rc=$rc)" test $rc -eq 0
vsw_log "guest done after $((SECONDS - tb))s;" \
	"$(n_ok) answered and $(grep -a -c 'LANPING lost' "$CON") lost guest pings"

# ---- nothing reached the isolated network
tp_expect_rx "iso0 received no frame during all of that" iso0=0
check "port iso0 transmitted nothing (tx=$(port_stat iso0 .tx_packets))" \
	test "$(port_stat iso0 .tx_packets)" = 0

for p in g $UPORT iso0; do
	vsw_log "port $p: rx $(port_stat "$p" .rx_packets) tx $(port_stat "$p" .tx_packets) drops" \
		"$(ctlj port-show "$p" | jq -c '.stats.drops | with_entries(select(.value != 0))')"
done
check "vswitchd still running" vsw_alive
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

vsw_log "test took $((SECONDS - T0))s"
vsw_finish
