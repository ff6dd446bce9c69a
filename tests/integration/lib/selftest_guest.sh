#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# selftest_guest.sh - end-to-end self-check of lib/guest.sh with dpdk-testpmd (io forwarding
# between two net_vhost ports) standing in for the switch. Needs root; takes ~1.5-2 min.
#
#   1. client mode: testpmd listens on s0/s1, guests a (10.0.0.1) and b (10.0.0.2) are QEMU
#      vhost-user clients and ping each other: both scripts must return 0.
#   2. negative: guest n on s0 pings 10.0.0.99 (nobody) and exits 7 when that fails; the
#      library must report 7, so it cannot report a false pass.
#   3. server mode: guests c and d are QEMU vhost-user servers (they create s2/s3); before
#      anything connects guest_wait must time out (124); then testpmd connects with
#      net_vhost...,client=1 and c and d ping each other over VLAN 10 (eth0.10): both must
#      return 0.
#   4. DHCP: testpmd forwards between guest e and a TAP moved into a netns where busybox
#      udhcpd serves 10.0.99.50-60: e's g_dhcp must configure address, route and resolv.conf.
# Everything (QEMU, testpmd, fifos, sockets, /var/run/dpdk/PREFIX*) goes in the EXIT trap.
# Usage: tests/integration/lib/selftest_guest.sh   (GUEST_KEEP=1 keeps the guest logs)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=guest.sh
. "$HERE/guest.sh"

[[ $(id -u) -eq 0 ]] || { echo "selftest_guest: needs root" >&2; exit 77; }
for b in qemu-system-x86_64 dpdk-testpmd cpio busybox; do
	command -v "$b" >/dev/null || { echo "selftest_guest: $b missing, skipping" >&2; exit 77; }
done

T=$(mktemp -d /tmp/vsw-selftest-guest.XXXXXX)
# shellcheck disable=SC2034 # read by guest.sh
GUEST_DIR=$T
PREFIX=vswgt$$
declare -A TP_PID=() TP_FD=()
T0=$SECONDS
UDHCPD_PID='' NS_MADE='' NS=''

log() { echo "[selftest_guest $((SECONDS - T0))s] $*" >&2; }

# tp_start TAG VDEV...: testpmd io "switch"; stdin is a fifo held open on TP_FD[TAG].
tp_start() {
	local tag=$1 fd a
	local -a vdevs=()
	shift
	for a in "$@"; do vdevs+=(--vdev "$a"); done
	mkfifo "$T/tp-$tag.in"
	exec {fd}<>"$T/tp-$tag.in"
	TP_FD[$tag]=$fd
	dpdk-testpmd --no-huge -m 1024 --no-pci --file-prefix "$PREFIX-$tag" \
		--lcores '0@0,1@0' "${vdevs[@]}" -- -i --forward-mode=io --auto-start \
		<"$T/tp-$tag.in" >"$T/tp-$tag.log" 2>&1 &
	TP_PID[$tag]=$!
	log "testpmd $tag started (pid ${TP_PID[$tag]}): $*"
}

tp_wait_ready() {
	local tag=$1 i
	for ((i = 0; i < 300; i++)); do
		grep -q 'Start automatic packet forwarding\|testpmd> ' "$T/tp-$tag.log" 2>/dev/null &&
			return 0
		kill -0 "${TP_PID[$tag]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "selftest_guest: testpmd $tag did not come up:" >&2
	tail -n 30 "$T/tp-$tag.log" >&2
	return 1
}

tp_stop() {
	local tag=$1 pid=${TP_PID[$1]} fd=${TP_FD[$1]} i
	if kill -0 "$pid" 2>/dev/null; then
		{ echo quit >&"$fd"; } 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 30; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null || true
	exec {fd}>&- || true
	rm -f "$T/tp-$tag.in"
	rm -rf "/var/run/dpdk/$PREFIX-$tag"
	unset "TP_PID[$tag]" "TP_FD[$tag]"
}

cleanup() {
	local rc=$? tag
	set +e
	trap - EXIT INT TERM
	guest_cleanup_all
	for tag in "${!TP_PID[@]}"; do tp_stop "$tag"; done
	if [[ -n $UDHCPD_PID ]]; then
		kill "$UDHCPD_PID" 2>/dev/null
		wait "$UDHCPD_PID" 2>/dev/null
	fi
	[[ -n $NS_MADE ]] && ip netns del "$NS"
	rm -rf /var/run/dpdk/"$PREFIX"-*
	if [[ $rc -ne 0 ]]; then
		for f in "$T"/tp-*.log; do
			[[ -f $f ]] && { echo "---- $f ----"; tail -n 20 "$f"; } >&2
		done
	fi
	if [[ ${GUEST_KEEP:-0} == 1 ]]; then
		echo "selftest_guest: files kept in $T" >&2
	else
		rm -rf "$T"
	fi
	if [[ $rc -eq 0 ]]; then
		log "PASS"
	else
		log "FAIL (rc=$rc)"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "selftest_guest: FAIL: $*" >&2; exit 1; }

# Mutual ping: both scripts are identical except for the addresses.
peer_script() {
	cat >"$1" <<EOF
ip addr add $2/24 dev eth0
g_wait_link eth0 10 || exit 1
g_ping_peer $3 60
EOF
}
peer_script "$T/a.sh" 10.0.0.1 10.0.0.2
peer_script "$T/b.sh" 10.0.0.2 10.0.0.1
# Same over VLAN 10 (proves the 8021q module set loads; testpmd io forwards tagged frames).
vlan_script() {
	cat >"$1" <<EOF
ip link add link eth0 name eth0.10 type vlan id 10 || exit 2
ip addr add $2/24 dev eth0.10
ip link set eth0.10 up
g_wait_link eth0 10 || exit 1
g_ping_peer $3 60
EOF
}
vlan_script "$T/c.sh" 10.0.10.1 10.0.10.2
vlan_script "$T/d.sh" 10.0.10.2 10.0.10.1
cat >"$T/n.sh" <<'EOF'
ip addr add 10.0.0.1/24 dev eth0
g_ping 10.0.0.99 8 && exit 0
exit 7
EOF

ts=$SECONDS
guest_build_base || fail "guest_build_base"
log "base initramfs: $GUEST_BASE_INITRD ($((SECONDS - ts))s), kernel $GUEST_KERNEL"

# 1. QEMU as vhost-user client, testpmd as server.
log "phase 1: client mode, a <-> b"
tp_start cli "net_vhost0,iface=$T/s0" "net_vhost1,iface=$T/s1"
tp_wait_ready cli
ts=$SECONDS
guest_start a "$T/s0" 52:54:00:00:00:0a "$T/a.sh"
guest_start b "$T/s1" 52:54:00:00:00:0b "$T/b.sh"
# Bare calls on purpose: the library must work under the caller's set -euo pipefail.
guest_wait a 180
guest_wait b 180
log "phase 1 passed in $((SECONDS - ts))s"

# 2. Negative: nobody has 10.0.0.99, so the script must fail and the library must say so.
log "phase 2: negative, n pings 10.0.0.99"
ts=$SECONDS
guest_start n "$T/s0" 52:54:00:00:00:0c "$T/n.sh"
rc_n=0
guest_wait n 120 2>"$T/n.err" || rc_n=$?
[[ $rc_n -eq 7 ]] || { cat "$T/n.err" >&2; fail "phase 2: expected rc=7, got rc=$rc_n"; }
grep -q 'g_ping: no reply from 10.0.0.99' "$T/n.err" || fail "phase 2: no console tail on failure"
log "phase 2 passed in $((SECONDS - ts))s (rc=7 reported, console tail printed)"
tp_stop cli

# 3. QEMU as vhost-user server, testpmd connects as client.
log "phase 3: server mode, c <-> d over VLAN 10"
ts=$SECONDS
guest_start c "$T/s2" 52:54:00:00:00:0d "$T/c.sh" server
guest_start d "$T/s3" 52:54:00:00:00:0e "$T/d.sh" server
for i in $(seq 100); do [[ -S $T/s2 && -S $T/s3 ]] && break; sleep 0.1; done
[[ -S $T/s2 && -S $T/s3 ]] || fail "phase 3: QEMU did not create s2/s3"
rc_c=0
guest_wait c 3 2>/dev/null || rc_c=$?
[[ $rc_c -eq 124 ]] || fail "phase 3: guest_wait before the switch connected: expected 124, got $rc_c"
log "phase 3: guest_wait timed out (124) while no switch was connected, as it must"
tp_start srv "net_vhost0,iface=$T/s2,client=1" "net_vhost1,iface=$T/s3,client=1"
tp_wait_ready srv
rc_c=0 rc_d=0
guest_wait c 180 || rc_c=$?
guest_wait d 180 || rc_d=$?
[[ $rc_c -eq 0 && $rc_d -eq 0 ]] || fail "phase 3: c rc=$rc_c d rc=$rc_d"
log "phase 3 passed in $((SECONDS - ts))s"
tp_stop srv

# 4. DHCP: the guest's udhcpc + default.script against busybox udhcpd in a netns, reached
#    through testpmd (net_vhost <-> net_tap; the tap is moved into the netns).
log "phase 4: DHCP, e gets a lease from udhcpd behind a tap"
ts=$SECONDS
TAP=vswgt$$
NS=vswgt$$
tp_start dhcp "net_vhost0,iface=$T/s4" "net_tap0,iface=$TAP"
tp_wait_ready dhcp
ip netns add "$NS"
NS_MADE=1
ip link set "$TAP" netns "$NS"
ip -n "$NS" addr add 10.0.99.1/24 dev "$TAP"
ip -n "$NS" link set "$TAP" up
cat >"$T/udhcpd.conf" <<EOF
start 10.0.99.50
end 10.0.99.60
interface $TAP
lease_file $T/udhcpd.leases
pidfile $T/udhcpd.pid
option subnet 255.255.255.0
option router 10.0.99.1
option dns 10.0.99.1
option lease 600
EOF
: >"$T/udhcpd.leases"
ip netns exec "$NS" busybox udhcpd -f "$T/udhcpd.conf" >"$T/udhcpd.log" 2>&1 &
UDHCPD_PID=$!
cat >"$T/e.sh" <<'EOF'
g_dhcp eth0 30 || exit 1
. /run/udhcpc.eth0
g_log "lease ip=$ip mask=$mask router=$router dns=$dns lease=$lease"
case "$ip" in 10.0.99.5?|10.0.99.60) ;; *) exit 2 ;; esac
ip -4 addr show eth0 | grep -q "inet $ip/24" || exit 3
ip route | grep -q 'default via 10.0.99.1 dev eth0' || exit 4
grep -q 'nameserver 10.0.99.1' /etc/resolv.conf || exit 5
g_ping 10.0.99.1 20
EOF
guest_start e "$T/s4" 52:54:00:00:00:0f "$T/e.sh"
guest_wait e 120
log "phase 4 passed in $((SECONDS - ts))s"
tp_stop dhcp
kill "$UDHCPD_PID"
wait "$UDHCPD_PID" || true
UDHCPD_PID=''
ip netns del "$NS"
NS_MADE=''

# Cleanup must leave nothing behind.
pids=$(for n in a b c d n e; do guest_pid "$n"; done)
guest_cleanup_all
guest_cleanup_all
for p in $pids; do kill -0 "$p" 2>/dev/null && fail "QEMU pid $p survived guest_cleanup_all"; done
if [[ ${GUEST_KEEP:-0} != 1 ]]; then
	[[ ! -e $T/s2 && ! -e $T/s3 ]] || fail "server sockets left behind"
	ls "$T"/*.console "$T"/*.initrd >/dev/null 2>&1 && fail "guest files left behind"
fi
ls -d /var/run/dpdk/"$PREFIX"-* >/dev/null 2>&1 && fail "DPDK runtime dir left behind"
ip netns list | grep -qw "$NS" && fail "netns $NS left behind"
pgrep -x dpdk-testpmd -P $$ >/dev/null && fail "testpmd left behind"
log "all phases passed in $((SECONDS - T0))s"
