#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_vlan_guests.sh - 802.1Q VLANs with real Linux guests (QEMU TCG, busybox initramfs,
# virtio-net over vhost-user) on vswitchd.
#
#   networks v10 (--vlan 10) and v20 (--vlan 20)
#   gt  on a trunk port (--trunk v10,v20, no native network). Inside the guest, Linux 8021q
#       sub-interfaces: eth0.10 10.0.10.1/24 and eth0.20 10.0.20.1/24 (eth0 itself has no
#       address), so every frame gt sends is tagged and it understands only tags 10 and 20.
#   g10 on an access port in v10: 10.0.10.2/24 and, as bait, 10.0.20.3/24 (g20's subnet)
#   g20 on an access port in v20: 10.0.20.2/24 and, as bait, 10.0.10.3/24 (g10's subnet)
# With the bait addresses g10 and g20 share both subnets: only the switch's VLAN separation
# keeps them apart. Each guest first does a mutual ping with its partner(s) (gt pings both
# access guests, over eth0.10 and eth0.20; they ping it back), which needs the switch to pop
# the tag towards the access ports and push the right one towards the trunk. Then all three
# probe, concurrently, the addresses that must stay unreachable for PROBE_S seconds:
#   g10 -> 10.0.10.3, 10.0.20.2 (g20's)      g20 -> 10.0.20.3, 10.0.10.2 (g10's)
#   gt  -> 10.0.10.3 on eth0.10, 10.0.20.3 on eth0.20 (the bait across VLANs)
# and stay up LINGER_S seconds longer, so that every probe window is covered by the other
# guests being up (the host checks this from console timestamps). No probe may get a reply
# and each guest's ARP table may hold resolved entries for its partner(s) only (a leaked ARP
# request for a guest's own address would create an entry for the sender too). gt also
# counts the frames its eth0 received that its sub-interfaces did not (logged), and the
# host checks on a capture of port gt's tx that every frame sent to it was tagged 10 or 20.
# Switch side: the VLAN configuration as vswctl reports it; FDB v10 = {gt, g10} and
# v20 = {gt, g20} at the end and in every 1 s sample while the guests ran (gt's MAC in both
# networks on port gt); no drops but no-link (a guest not connected yet or powered off
# already) and tx-full before every guest's eth0 was up (its RX ring empty) - in particular
# vlan-violation 0 on the access ports and unknown-vlan/no-native 0 on the trunk,
# rx_other_tpid 0; frames sent to an access port all came in on the trunk and vice versa;
# no mbuf leaked (tag push/pop must not leak).
# IPv6 is disabled in the guests so the wire carries only ARP and ICMP.
# Needs root, qemu-system-x86_64, busybox-static, cpio, jq; ~40 s on the 2-core test bed.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/guest.sh
. "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"

for b in qemu-system-x86_64 busybox cpio jq tcpdump; do
	command -v "$b" >/dev/null || { echo "test_vlan_guests: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init vlan_guests
T0=$SECONDS

GUESTS=(gt g10 g20)
MT=52:54:00:00:0a:01 M10=52:54:00:00:0a:10 M20=52:54:00:00:0a:20
declare -A MAC=([gt]=$MT [g10]=$M10 [g20]=$M20)
# shellcheck disable=SC2034 # GUEST_DIR and GUEST_APPEND are read by guest.sh
GUEST_DIR=$T/guests
GUEST_APPEND="ipv6.disable=1 ${GUEST_APPEND:-}"
GUEST_TMO=${GUEST_TMO:-150}
PROBE_S=${PROBE_S:-10}
LINGER_S=${LINGER_S:-5}

guest_build_base || exit 1
vsw_log "guest kernel $GUEST_KERNEL, initramfs $GUEST_BASE_INITRD"
grep -qx 8021q <(cpio -i --quiet --to-stdout etc/guest-modules <"$GUEST_BASE_INITRD") ||
	{ echo "test_vlan_guests: no 8021q module in the guest initramfs, skipping" >&2; exit 77; }

# ---- guest scripts (busybox ash; g_* helpers from tests/integration/guest/guest-lib.sh)
# Common part: constants and two helpers.
#   probe SECS ADDR...  ping each ADDR in turn (1 s timeout each) for SECS seconds; sets
#                       PROBE_REPLIES to the number of replies; logs PROBE-START/PROBE-END
#                       (the host reads their times from the console)
#   arp_resolved        "ADDR MAC DEV" of every ARP entry that has a MAC, sorted
{
	printf 'MT=%s M10=%s M20=%s PROBE_S=%s LINGER_S=%s\n' $MT $M10 $M20 "$PROBE_S" "$LINGER_S"
	cat <<'EOF'
probe() {
	local end n=0 a
	end=$(($(g_now) + $1))
	shift
	PROBE_REPLIES=0
	g_log "PROBE-START $*"
	while [ "$(g_now)" -lt "$end" ]; do
		for a in "$@"; do
			n=$((n + 1))
			if ping -c 1 -W 1 "$a" >/dev/null 2>&1; then
				g_log "LEAK: reply from $a"
				PROBE_REPLIES=$((PROBE_REPLIES + 1))
			fi
		done
	done
	g_log "PROBE-END $n pings to $*, $PROBE_REPLIES replies"
}
arp_resolved() {
	awk 'NR > 1 && $4 != "00:00:00:00:00:00" { print $1, $4, $6 }' /proc/net/arp | sort
}
EOF
} >"$T/common.sh"

# Access guests: MY_IP, BAIT_IP (an address in the other VLAN's subnet), GT_IP (gt's address
# in this VLAN), PROBES (the other access guest's two addresses).
access_script() {	# FILE MY_IP BAIT_IP GT_IP PROBES
	{
		printf 'MY_IP=%s BAIT_IP=%s GT_IP=%s PROBES="%s"\n' "$2" "$3" "$4" "$5"
		cat "$T/common.sh"
		cat <<'EOF'
ip addr add "$MY_IP/24" dev eth0 || exit 10
ip addr add "$BAIT_IP/24" dev eth0 || exit 10
g_wait_link eth0 20 || exit 1
g_ping_peer "$GT_IP" 90 || exit 1
# shellcheck disable=SC2086 # PROBES is a list
probe "$PROBE_S" $PROBES
sleep "$LINGER_S"
cat /proc/net/arp
[ "$PROBE_REPLIES" -eq 0 ] || { g_log "LEAK: $PROBE_REPLIES replies from $PROBES"; exit 2; }
want="$GT_IP $MT eth0"
got=$(arp_resolved)
[ "$got" = "$want" ] || { g_log "LEAK: resolved ARP entries [$got], want only [$want]"; exit 3; }
g_log "eth0 rx_packets=$(cat /sys/class/net/eth0/statistics/rx_packets)" \
	"tx_packets=$(cat /sys/class/net/eth0/statistics/tx_packets)"
exit 0
EOF
	} >"$1"
}
access_script "$T/g10.sh" 10.0.10.2 10.0.20.3 10.0.10.1 "10.0.10.3 10.0.20.2"
access_script "$T/g20.sh" 10.0.20.2 10.0.10.3 10.0.20.1 "10.0.20.3 10.0.10.2"

# Trunk guest: VLAN sub-interfaces; pings both access guests (only after both answered does
# it send the 3+3 pings that let their g_ping_peer finish: so when an access guest starts
# probing, the other one is up and configured), waits for their 4+4 pings, probes the bait.
{
	cat "$T/common.sh"
	cat <<'EOF'
for v in 10 20; do
	ip link add link eth0 name "eth0.$v" type vlan id "$v" ||
		{ g_log "cannot create eth0.$v (8021q)"; exit 10; }
	ip addr add "10.0.$v.1/24" dev "eth0.$v" || exit 10
	ip link set "eth0.$v" up || exit 10
done
# frames eth0 took before both sub-interfaces existed (e.g. an access guest's broadcast,
# tagged, flooded while this guest was still setting up) are counted on eth0 only: the
# check at the end counts from here
sn=/sys/class/net
b0=$(cat $sn/eth0/statistics/rx_packets) b10=$(cat $sn/eth0.10/statistics/rx_packets)
b20=$(cat $sn/eth0.20/statistics/rx_packets)
base=$((b0 - b10 - b20))
g_wait_link eth0 20 || exit 1
g_ping 10.0.10.2 90 || exit 1
g_ping 10.0.20.2 90 || exit 1
for a in 10.0.10.2 10.0.20.2; do
	out=$(ping -c 3 -W 2 "$a" 2>&1)
	echo "$out" | tail -n 2
	case "$out" in
	*" 3 packets received"*) ;;
	*) g_log "lost replies from $a"; exit 1 ;;
	esac
done
g_wait_pinged 8 60 || exit 1
probe "$PROBE_S" 10.0.10.3 10.0.20.3
sleep "$LINGER_S"
cat /proc/net/arp
[ "$PROBE_REPLIES" -eq 0 ] || { g_log "LEAK: $PROBE_REPLIES replies from the bait"; exit 2; }
want=$(printf '%s\n' "10.0.10.2 $M10 eth0.10" "10.0.20.2 $M20 eth0.20")
got=$(arp_resolved)
[ "$got" = "$want" ] || { g_log "LEAK: resolved ARP entries [$got], want [$want]"; exit 3; }
# Every frame eth0 received must have been tagged 10 or 20 (counted again on eth0.10 or
# eth0.20); an untagged one or one with another VID is counted on eth0 only. One vCPU: when
# the sub-interface sums read before and after eth0 agree, no frame came in between.
s=/sys/class/net
i=0
while :; do
	r10=$(cat $s/eth0.10/statistics/rx_packets) r20=$(cat $s/eth0.20/statistics/rx_packets)
	r=$(cat $s/eth0/statistics/rx_packets)
	a10=$(cat $s/eth0.10/statistics/rx_packets) a20=$(cat $s/eth0.20/statistics/rx_packets)
	[ "$a10:$a20" = "$r10:$r20" ] && break
	i=$((i + 1))
	[ $i -lt 20 ] || { g_log "rx counters never settled"; exit 4; }
	sleep 0.2
done
g_log "COUNTERS eth0 rx=$r eth0.10 rx=$r10 tx=$(cat $s/eth0.10/statistics/tx_packets)" \
	"eth0.20 rx=$r20 tx=$(cat $s/eth0.20/statistics/tx_packets)"
if [ "$r10" -eq 0 ] || [ "$r20" -eq 0 ]; then g_log "a VLAN interface received nothing"; exit 5; fi
# informational: the Linux count can miss a frame (it happened once in ~10 runs with every
# frame tagged); the host checks the tags on a capture of what the switch sent (below)
[ "$r" -eq $((r10 + r20 + base)) ] ||
	g_log "NOTE eth0 received $((r - r10 - r20 - base)) frames not counted on eth0.10 or" \
		"eth0.20 (and $base before the sub-interfaces were up)"
exit 0
EOF
} >"$T/gt.sh"

# ---- switch
# DPDK leaves vswitchd's runtime dir /var/run/dpdk/<EAL prefix> behind when the process is
# killed, so remove it after vswitchd is gone.
vsw_on_cleanup "rm -rf /var/run/dpdk/$(vsw_eal_prefix "$T/run")"
vsw_start || exit 1
ctl net-add v10 --vlan 10 >/dev/null && ctl net-add v20 --vlan 20 >/dev/null || exit 1
ctl port-add gt --type vhost-user --path "$T/run/gt.sock" --trunk v10,v20 >/dev/null || exit 1
ctl port-add g10 --type vhost-user --path "$T/run/g10.sock" --net v10 >/dev/null || exit 1
ctl port-add g20 --type vhost-user --path "$T/run/g20.sock" --net v20 >/dev/null || exit 1
vsw_on_cleanup guest_cleanup_all	# runs before vswitchd is killed (last registered first)
# everything the switch sends to the trunk guest, as the guest receives it
ctl capture start gt --dir tx -w "$T/gt_tx.pcap" >/dev/null || exit 1

# jq_ok FILTER ARGS...: the JSON answer of "vswctl ARGS" satisfies the jq FILTER
jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
check "net v10: vlan 10, ports gt and g10" \
	jq_ok '.vlan == 10 and (.ports | sort) == ["g10", "gt"]' net-show v10
check "net v20: vlan 20, ports gt and g20" \
	jq_ok '.vlan == 20 and (.ports | sort) == ["g20", "gt"]' net-show v20
check "port gt: trunk of v10,v20, no native, no access net" \
	jq_ok '.vlan_mode == "trunk" and (.trunk | sort) == ["v10", "v20"] and
	       .native == null and .net == null' port-show gt
for p in g10 g20; do
	check "port $p: access port of v${p#g}" \
		jq_ok ".vlan_mode == \"access\" and .net == \"v${p#g}\" and .trunk == [] and
		       .native == null" port-show $p
done

# Sample both FDBs once a second while the guests run.
fdb_sample_start v10 v20

# ---- guests, booted in parallel
tb=$SECONDS
for g in "${GUESTS[@]}"; do
	guest_start "$g" "$T/run/$g.sock" "${MAC[$g]}" "$T/$g.sh" || exit 1
done
check "all three guests' links come up" wait_for "$GUEST_TMO" "3 links up" n_links_up 3
vsw_log "links up after $((SECONDS - tb))s"

# Watch the consoles: host time (ms) at which each guest's PROBE-END and result showed up;
# and the ports' tx-full drops once every guest has its eth0 up (GUEST-READY: its RX ring is
# filled; a frame flooded to a guest between driver load and that moment counts tx-full).
declare -A T_PEND=() T_RES=() TXFULL0=()
tx_full() { port_stat "$1" '.drops["tx-full"]'; }
all_ready() {
	local g
	for g in "${GUESTS[@]}"; do grep -aq 'GUEST-READY' "$(guest_console "$g")" || return 1; done
}
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
end=$((SECONDS + GUEST_TMO))
while ((SECONDS < end)); do
	left=0
	for g in "${GUESTS[@]}"; do
		c=$(guest_console "$g")
		[[ -v T_PEND[$g] ]] || ! grep -aq 'PROBE-END' "$c" || T_PEND[$g]=$(now_ms)
		if [[ ! -v T_RES[$g] ]]; then
			if grep -aq 'GUEST-RESULT' "$c"; then
				T_RES[$g]=$(now_ms)
			elif kill -0 "$(guest_pid "$g")" 2>/dev/null; then
				left=1
			fi
		fi
	done
	if [[ ${#TXFULL0[@]} -eq 0 ]] && all_ready; then
		for g in "${GUESTS[@]}"; do TXFULL0[$g]=$(tx_full "$g"); done
		vsw_log "all guests ready after $((SECONDS - tb))s"
	fi
	((left)) || break
	vsw_alive || { vsw_log "vswitchd died"; break; }
	sleep 0.2
done
declare -A RC=()
for g in "${GUESTS[@]}"; do
	RC[$g]=0
	guest_wait "$g" 10 || RC[$g]=$?
done
vsw_log "all guests done after $((SECONDS - tb))s"
fdb_sample_stop

check "gt (trunk) pinged g10 over eth0.10 and g20 over eth0.20, and was pinged back;\
 no reply from the bait, ARP holds only g10@eth0.10 and g20@eth0.20, eth0 got only\
 frames tagged 10/20 (rc=${RC[gt]})" test "${RC[gt]}" -eq 0
check "g10 (access v10) pinged gt and was pinged back; g20's addresses never answered,\
 ARP holds only gt (rc=${RC[g10]})" test "${RC[g10]}" -eq 0
check "g20 (access v20) pinged gt and was pinged back; g10's addresses never answered,\
 ARP holds only gt (rc=${RC[g20]})" test "${RC[g20]}" -eq 0
grep -ah 'COUNTERS' "$(guest_console gt)" | tr -d '\r' | sed 's/^/# gt: /'

# Every probe window must lie while all other guests were up: the first result (a guest
# powers off right after it) came no earlier than the last PROBE-END.
probes_covered() {
	local g first_res=-1 last_pend=0
	for g in "${GUESTS[@]}"; do
		[[ -v T_PEND[$g] && -v T_RES[$g] ]] || return 1
		((T_PEND[$g] > last_pend)) && last_pend=${T_PEND[$g]}
		((first_res < 0 || T_RES[$g] < first_res)) && first_res=${T_RES[$g]}
	done
	vsw_log "last probe ended at +$((last_pend - first_res))ms relative to the first result"
	((first_res >= last_pend))
}
check "the three probe windows overlapped with all guests up" probes_covered

# ---- switch-side state and counters
fdb_count() { ctlj fdb-show "$1" | jq '.entries | length'; }
check "fdb v10: gt's MAC on port gt" fdb_has v10 $MT gt dynamic
check "fdb v20: gt's MAC on port gt" fdb_has v20 $MT gt dynamic
check "fdb v10: g10's MAC on port g10" fdb_has v10 $M10 g10 dynamic
check "fdb v20: g20's MAC on port g20" fdb_has v20 $M20 g20 dynamic
check "fdb v10 holds exactly 2 entries (got $(fdb_count v10))" test "$(fdb_count v10)" -eq 2
check "fdb v20 holds exactly 2 entries (got $(fdb_count v20))" test "$(fdb_count v20)" -eq 2
# samples_only NET MAC:PORT...: every sampled entry of NET is one of the given pairs
samples_only() {
	local f=$T/fdb-$1.samples
	shift
	[[ $(wc -l <"$f") -ge 5 ]] || { vsw_log "only $(wc -l <"$f") samples in $f"; return 1; }
	jq -e -s --arg ok "$*" '($ok | split(" ")) as $ok |
		all(.[][]; (.mac + ":" + .port) as $e | any($ok[]; . == $e))' "$f" >/dev/null
}
check "fdb v10 in every sample ($(wc -l <"$T/fdb-v10.samples")): only gt@gt, g10@g10" \
	samples_only v10 "$MT:gt" "$M10:g10"
check "fdb v20 in every sample ($(wc -l <"$T/fdb-v20.samples")): only gt@gt, g20@g20" \
	samples_only v20 "$MT:gt" "$M20:g20"

declare -A RX TX
for p in "${GUESTS[@]}"; do
	js=$(ctlj port-show "$p")
	RX[$p]=$(jq -r .stats.rx_packets <<<"$js")
	TX[$p]=$(jq -r .stats.tx_packets <<<"$js")
	vsw_log "port $p: rx ${RX[$p]} tx ${TX[$p]} rx_other_tpid" \
		"$(jq -r .stats.rx_other_tpid <<<"$js") drops" \
		"$(jq -c '.stats.drops | with_entries(select(.value != 0))' <<<"$js")"
done
vv="$(port_stat g10 '.drops["vlan-violation"]'):$(port_stat g20 '.drops["vlan-violation"]')"
check "access ports g10:g20: vlan-violation 0 (got $vv)" test "$vv" = 0:0
tv="$(port_stat gt '.drops["unknown-vlan"]'):$(port_stat gt '.drops["no-native"]')"
check "trunk gt: unknown-vlan:no-native 0:0 (got $tv)" test "$tv" = 0:0
ot="$(port_stat gt .rx_other_tpid):$(port_stat g10 .rx_other_tpid):$(port_stat g20 .rx_other_tpid)"
check "rx_other_tpid gt:g10:g20 0:0:0 (got $ot)" test "$ot" = 0:0:0
# no-link is expected: the guests power off one after the other while ARP retries still flood.
no_other_drops() {
	local p
	for p in "${GUESTS[@]}"; do
		ctlj port-show "$p" | jq -e '.stats.drops | (length > 0) and
			all(to_entries[]; .key == "no-link" or .key == "tx-full" or .value == 0)' \
			>/dev/null || return 1
	done
}
check "no drops on any port for any reason but no-link and tx-full" no_other_drops
no_tx_full_after_ready() {
	local p
	for p in "${GUESTS[@]}"; do
		[[ -v TXFULL0[$p] && $(tx_full "$p") == "${TXFULL0[$p]}" ]] || return 1
	done
}
check "no tx-full drop once all guests were up (at ready: $(for p in "${GUESTS[@]}"; do
	printf '%s=%s ' "$p" "${TXFULL0[$p]:-?}"; done)now: $(for p in "${GUESTS[@]}"; do
	printf '%s=%s ' "$p" "$(tx_full "$p")"; done | sed 's/ $//'))" no_tx_full_after_ready
# v10 = {gt, g10}, v20 = {gt, g20}: whatever an access port transmitted came in on the trunk
# (each frame from gt goes to one network, so to at most one access port), and whatever the
# trunk transmitted came in on an access port.
check "access ports transmitted only frames from gt (tx g10 ${TX[g10]} + tx g20 ${TX[g20]}\
 <= rx gt ${RX[gt]})" test $((TX[g10] + TX[g20])) -le "${RX[gt]}"
check "gt transmitted only frames from the access ports (tx gt ${TX[gt]} <= rx g10\
 ${RX[g10]} + rx g20 ${RX[g20]})" test "${TX[gt]}" -le $((RX[g10] + RX[g20]))
check "traffic flowed both ways on every port" \
	test "$((TX[gt] > 0 && TX[g10] > 0 && TX[g20] > 0 && RX[gt] > 0 && RX[g10] > 0 &&
		RX[g20] > 0))" = 1
# Every frame the switch sent to the trunk guest carried tag 10 or 20 (the capture sees
# the frames as they leave, tags pushed, also those then dropped for no link), and the
# capture holds at least all that were sent. (Two tcpdump runs: in "vlan 10 or vlan 20"
# the second "vlan" would test an inner tag.)
ctl capture stop 1 >/dev/null
CAP_N=$(tcpdump -nn -r "$T/gt_tx.pcap" 2>/dev/null | wc -l)
CAP_10=$(tcpdump -nn -r "$T/gt_tx.pcap" 'vlan 10' 2>/dev/null | wc -l)
CAP_20=$(tcpdump -nn -r "$T/gt_tx.pcap" 'vlan 20' 2>/dev/null | wc -l)
check "capture of gt tx: the ${TX[gt]} frames sent at least (got $CAP_N)" \
	test "$CAP_N" -ge "${TX[gt]}"
check "capture of gt tx: every frame tagged 10 or 20 ($CAP_10 + $CAP_20 of $CAP_N)" \
	test $((CAP_10 + CAP_20)) -eq "$CAP_N"
check "capture of gt tx: both VLANs present" test "$((CAP_10 > 0 && CAP_20 > 0))" = 1
grep -ah 'NOTE eth0' "$(guest_console gt)" | tr -d '\r' | sed 's/^/# gt: /'
check "vswitchd still running" vsw_alive
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

vsw_log "test took $((SECONDS - T0))s"
vsw_finish
