#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_guests.sh - real Linux guests (QEMU TCG, busybox initramfs, virtio-net) on vswitchd.
#
#   n1: g1 (10.0.0.1) on a vhost-user port (vswitchd is the server, QEMU connects)
#       g2 (10.0.0.2) on a vhost-user-client port (QEMU is the server, server=on, and
#       vswitchd connects: the mode libvirt recommends)
#   n2: g3 (10.0.0.3) on a vhost-user port, alone in its network.
# All three are in 10.0.0.0/24 on purpose: only the switch's network isolation keeps g3 apart.
# g1 and g2 must ping each other; g3 pings both for 20 s and must never get a reply, never
# learn their MACs (ARP) and never receive a single frame. Meanwhile the switch must show g3's
# ARP broadcasts arriving on port g3 and going nowhere (n2 has no other port), n1's FDB must
# never contain g3's MAC, and every frame sent to g1 (g2) must have come in on g2 (g1).
# IPv6 is disabled in the guests so the wire carries only ARP and ICMP and counters are exact.
# Guests boot in parallel (3 QEMUs); needs root, qemu-system-x86_64, busybox-static, cpio.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/guest.sh
. "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"

for b in qemu-system-x86_64 busybox cpio jq; do
	command -v "$b" >/dev/null || { echo "test_guests: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init guests
T0=$SECONDS

MAC1=52:54:00:00:01:01 MAC2=52:54:00:00:01:02 MAC3=52:54:00:00:02:03
# shellcheck disable=SC2034 # GUEST_DIR and GUEST_APPEND are read by guest.sh
GUEST_DIR=$T/guests
GUEST_APPEND="ipv6.disable=1 ${GUEST_APPEND:-}"
GUEST_TMO=${GUEST_TMO:-150}

guest_build_base || exit 1
vsw_log "guest kernel $GUEST_KERNEL, initramfs $GUEST_BASE_INITRD"

# ---- guest scripts (busybox ash; helpers from tests/integration/guest/guest-lib.sh)
# g1/g2: mutual ping, then the peer's ARP entry must carry the peer's MAC and there must be
# no entry for 10.0.0.3 (g3's ARP requests would have created one had they leaked).
peer_script() {	# FILE MYADDR PEERADDR PEERMAC
	cat >"$1" <<EOF
ip addr add $2/24 dev eth0
g_wait_link eth0 20 || exit 1
g_ping_peer $3 100 || exit 1
cat /proc/net/arp
grep -q '^$3 .* 0x2 *$4 ' /proc/net/arp || { g_log "no complete ARP entry $3 -> $4"; exit 2; }
if grep -q '^10\.0\.0\.3 ' /proc/net/arp; then g_log "LEAK: ARP entry for 10.0.0.3"; exit 3; fi
exit 0
EOF
}
peer_script "$T/g1.sh" 10.0.0.1 10.0.0.2 $MAC2
peer_script "$T/g2.sh" 10.0.0.2 10.0.0.1 $MAC1

# g3: exit 0 only if no reply ever came, no ARP entry got resolved and eth0 received nothing.
cat >"$T/g3.sh" <<'EOF'
ip addr add 10.0.0.3/24 dev eth0
g_wait_link eth0 20 || exit 1
end=$(($(g_now) + 20)) n=0 replies=0
while [ "$(g_now)" -lt "$end" ]; do
	for a in 10.0.0.1 10.0.0.2; do
		n=$((n + 1))
		if ping -c 1 -W 1 "$a" >/dev/null 2>&1; then
			g_log "LEAK: reply from $a"
			replies=$((replies + 1))
		fi
	done
	sleep 0.5
done
rx=$(cat /sys/class/net/eth0/statistics/rx_packets)
tx=$(cat /sys/class/net/eth0/statistics/tx_packets)
g_log "g3: $n pings in 20 s, $replies replies; eth0 rx_packets=$rx tx_packets=$tx"
cat /proc/net/arp
[ "$replies" -eq 0 ] || exit 2
# Unresolved entries show flags 0x0 and a zero MAC; anything else means an ARP reply came.
awk '$1 == "10.0.0.1" || $1 == "10.0.0.2" {
	if ($3 != "0x0" || $4 != "00:00:00:00:00:00") bad = 1 } END { exit bad }' /proc/net/arp ||
	{ g_log "LEAK: resolved ARP entry for a guest of n1"; exit 3; }
[ "$rx" -eq 0 ] || { g_log "LEAK: eth0 received $rx frames"; exit 4; }
[ "$tx" -gt 0 ] || { g_log "g3 sent nothing"; exit 5; }
exit 0
EOF

# ---- switch
# DPDK leaves vswitchd's runtime dir /var/run/dpdk/<EAL prefix> behind when the process is
# killed, so remove it after vswitchd is gone.
vsw_on_cleanup "rm -rf /var/run/dpdk/$(vsw_eal_prefix "$T/run")"
vsw_start || exit 1
ctl net-add n1 >/dev/null && ctl net-add n2 >/dev/null || exit 1
# Ports first, guests later (as a cloud does it): for g2 vswitchd must keep retrying until
# QEMU creates the socket.
ctl port-add g1 --net n1 --type vhost-user --path "$T/run/g1.sock" >/dev/null || exit 1
ctl port-add g2 --net n1 --type vhost-user-client --path "$T/g2.sock" >/dev/null || exit 1
ctl port-add g3 --net n2 --type vhost-user --path "$T/run/g3.sock" >/dev/null || exit 1
vsw_on_cleanup guest_cleanup_all	# runs before vswitchd is killed (last registered first)

# Sample n1's FDB once a second while the guests run.
fdb_sample_start n1

# ---- guests, booted in parallel
tb=$SECONDS
guest_start g1 "$T/run/g1.sock" $MAC1 "$T/g1.sh" || exit 1
guest_start g2 "$T/g2.sock" $MAC2 "$T/g2.sh" server || exit 1
guest_start g3 "$T/run/g3.sock" $MAC3 "$T/g3.sh" || exit 1

check "all three guests' links come up" wait_for "$GUEST_TMO" "3 links up" n_links_up 3
vsw_log "links up after $((SECONDS - tb))s"

rc1=0 rc2=0 rc3=0
guest_wait g1 "$GUEST_TMO" || rc1=$?
guest_wait g2 "$GUEST_TMO" || rc2=$?
# While g3 is (normally) still probing: the switch's view of its traffic.
g3_done=0
grep -aq 'GUEST-RESULT' "$(guest_console g3)" && g3_done=1
g3_rx_mid=$(port_stat g3 .rx_packets)
g3_tx_mid=$(port_stat g3 .tx_packets)
vsw_log "g1 and g2 done after $((SECONDS - tb))s; g3 finished already: $g3_done;" \
	"port g3 rx=$g3_rx_mid tx=$g3_tx_mid"
guest_wait g3 "$GUEST_TMO" || rc3=$?
vsw_log "all guests done after $((SECONDS - tb))s"
fdb_sample_stop

check "g1 (vhost-user) pinged g2 and was pinged back (rc=$rc1)" test $rc1 -eq 0
check "g2 (vhost-user-client, QEMU server=on) pinged g1 and was pinged back (rc=$rc2)" \
	test $rc2 -eq 0
check "g3 got no reply, resolved no ARP entry, received no frame (rc=$rc3)" test $rc3 -eq 0
check "g3 was still probing while g1 and g2 ran (overlap)" test $g3_done -eq 0
check "port g3 had received g3's broadcasts by then (rx=$g3_rx_mid)" test "$g3_rx_mid" -gt 0

# ---- switch-side state and counters
fdb_count() { ctlj fdb-show "$1" | jq '.entries | length'; }
check "fdb n1: g1's MAC learned on port g1" fdb_has n1 $MAC1 g1 dynamic
check "fdb n1: g2's MAC learned on port g2" fdb_has n1 $MAC2 g2 dynamic
check "fdb n1 holds exactly those 2 entries (got $(fdb_count n1))" test "$(fdb_count n1)" -eq 2
check "fdb n2: g3's MAC learned on port g3" fdb_has n2 $MAC3 g3 dynamic
check "fdb n2 holds exactly 1 entry (got $(fdb_count n2))" test "$(fdb_count n2)" -eq 1
nsamp=$(wc -l <"$T/fdb-n1.samples" 2>/dev/null || echo 0)
check "fdb n1 sampled ($nsamp times) while guests ran" test "$nsamp" -ge 5
check "fdb n1 never contained g3's MAC in any sample" bash -c "! grep -qi '$MAC3' '$T/fdb-n1.samples'"
check "n2's only port is g3" bash -c \
	"[[ \$($VSWCTL --run-dir $T/run --json net-show n2 | jq -c .ports) == '[\"g3\"]' ]]"

declare -A RX TX
for p in g1 g2 g3; do
	RX[$p]=$(port_stat $p .rx_packets)
	TX[$p]=$(port_stat $p .tx_packets)
	vsw_log "port $p: rx ${RX[$p]} tx ${TX[$p]} drops $(ctlj port-show $p |
		jq -c '.stats.drops | with_entries(select(.value != 0))')"
done
check "port g3 received g3's ARP broadcasts (rx=${RX[g3]} >= 5)" test "${RX[g3]}" -ge 5
check "port g3 transmitted nothing (tx=${TX[g3]})" test "${TX[g3]}" -eq 0
# n1 has two ports, so whatever g1's port transmitted must have entered on g2's and vice versa.
check "port g1 transmitted only frames from g2 (tx g1 ${TX[g1]} <= rx g2 ${RX[g2]})" \
	test "${TX[g1]}" -le "${RX[g2]}"
check "port g2 transmitted only frames from g1 (tx g2 ${TX[g2]} <= rx g1 ${RX[g1]})" \
	test "${TX[g2]}" -le "${RX[g1]}"
check "g1 and g2 exchanged traffic (tx g1 ${TX[g1]}, tx g2 ${TX[g2]})" \
	test "${TX[g1]}" -gt 0 -a "${TX[g2]}" -gt 0
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

vsw_log "test took $((SECONDS - T0))s"
vsw_finish
