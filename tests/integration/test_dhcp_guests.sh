#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_dhcp_guests.sh - vswitchd's built-in DHCPv4 server with real Linux guests (QEMU TCG,
# busybox initramfs, virtio-net over vhost-user) running busybox udhcpc, a real client that
# nobody here wrote.
#
#   na   isolated, --subnet 10.79.0.0/24 --gateway 10.79.0.1 --dns 10.79.0.53
#        --domain guests.test --lease-time 60 --route 172.16.0.0/12@10.79.0.1 --mtu 1400
#        (DHCP on by default; server .254), reservation gb1's MAC -> 10.79.0.77
#   v10  isolated, --vlan 10 --subnet 10.80.10.0/24       v20  the same with 20
#   ga   guest A, access port of na: udhcpc (-O mtu -O staticroutes, hostname vsdg-a) stays
#        running; the lease must carry router, DNS, domain, lease 60, MTU 1400, the classless
#        route and server id .254, and is applied on eth0 (address, MTU, route). A pings B's
#        reserved address 10.79.0.77 (guest to guest with leased addresses), then waits for
#        udhcpc's renewal at T1 (30 s): a unicast REQUEST to the server ("sending renew to
#        server 10.79.0.254", never "broadcasting renew", which would be the T2 rebind after
#        an unanswered unicast), ACKed with the same address (script event "renew"); the
#        server's ARP reply (needed for the unicast) is in A's ARP table with the server's MAC.
#   gb   guest B, eth0 on trunk port gb (v10, v20, no native): 802.1Q sub-interfaces
#        eth0.10 and eth0.20 each get a lease from their VLAN's network; eth1 on access port
#        gb1 of na gets its reservation. udhcpc -q on all three at once.
# Switch side: net-show's DHCP settings; dhcp-leases per network: one bound lease per client
# with the address the guest got, its MAC, hostname and ingress port (gb for both VLAN
# leases: one MAC, two networks); A's address inside na's range; during the run, sampled
# once a second: A's lease is renewed (expires moves on by about the elapsed time,
# expires_in back near 60 after it had fallen below 35) and .dhcp.stats.rx.request grows by
# the renewal; tx.arp > 0; no malformed frames, reply drops or persistence errors. After the
# guests: vswitchd alive, no mbuf in use, STATE_DIR/leases.json holds the four leases, and
# after a restart (SIGTERM, exit 0) dhcp-leases still shows them.
# Both guests boot in parallel; IPv6 is off in them. ~60 s on the 2-core test bed.
# Needs root, qemu-system-x86_64, busybox-static (udhcpc), cpio, jq.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/guest.sh
. "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"

for b in qemu-system-x86_64 busybox cpio jq; do
	command -v "$b" >/dev/null || { echo "test_dhcp_guests: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init dhcp_guests
T0=$SECONDS

MA=52:54:00:79:00:0a MB=52:54:00:80:00:0b MB1=52:54:00:79:00:1b
RES_IP=10.79.0.77 SRV=10.79.0.254 LEASE=60 NA_MTU=1400
# shellcheck disable=SC2034 # GUEST_DIR and GUEST_APPEND are read by guest.sh
GUEST_DIR=$T/guests
GUEST_APPEND="ipv6.disable=1 ${GUEST_APPEND:-}"
GUEST_TMO=${GUEST_TMO:-150}

guest_build_base || exit 1
vsw_log "guest kernel $GUEST_KERNEL, initramfs $GUEST_BASE_INITRD"
grep -qx 8021q <(cpio -i --quiet --to-stdout etc/guest-modules <"$GUEST_BASE_INITRD") ||
	{ echo "test_dhcp_guests: no 8021q module in the guest initramfs, skipping" >&2; exit 77; }

# ---- guest scripts (busybox ash; g_* helpers from tests/integration/guest/guest-lib.sh)
# Common part: the udhcpc script /tmp/dh.script. For every event it prints one console line
#   DHCP-EV if='IF' ev='EVENT' t='UPTIME' ip='..' mask='..' ... (every lease variable)
# and applies bound/renew: address, MTU, default route via the router, each classless
# static route ($staticroutes: "CIDR GW CIDR GW ..."). dh_applied IF prints
#   DHCP-APPLIED if='IF' addr='A/P ...' mtu='N' routes='ROUTE;ROUTE'
# ifc_by_mac MAC prints the interface with that MAC.
cat >"$T/common.sh" <<'EOF'
cat >/tmp/dh.script <<'EOS'
#!/bin/sh
line="DHCP-EV if='$interface' ev='$1' t='$(cut -d' ' -f1 /proc/uptime)'"
for k in ip mask subnet broadcast router dns domain lease mtu serverid staticroutes hostname \
	message; do
	eval "v=\${$k:-}"
	line="$line $k='$v'"
done
echo "$line" >/dev/console
echo "$line" >>"/tmp/dh.$interface.events"
case "$1" in
deconfig)
	ip -4 addr flush dev "$interface"
	ip link set "$interface" up
	;;
bound|renew)
	ip addr replace "$ip/${mask:-24}" broadcast "${broadcast:-+}" dev "$interface"
	[ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"
	[ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
	set -- $staticroutes
	while [ $# -ge 2 ]; do
		ip route replace "$1" via "$2" dev "$interface"
		shift 2
	done
	;;
esac
exit 0
EOS
chmod 755 /tmp/dh.script
dh_applied() {
	echo "DHCP-APPLIED if='$1'" \
		"addr='$(ip -4 -o addr show dev "$1" | awk '{ print $4 }' | tr '\n' ' ' | sed 's/ $//')'" \
		"mtu='$(cat "/sys/class/net/$1/mtu")'" \
		"routes='$(ip -4 route show dev "$1" | tr '\n' ';' | sed 's/ *;$//; s/ *; */;/g')'"
}
ifc_by_mac() {
	local f
	for f in /sys/class/net/*/address; do
		[ "$(cat "$f")" = "$1" ] && { f=${f%/address}; echo "${f##*/}"; return 0; }
	done
	return 1
}
# dh_wait IF EVENT TIMEOUT: wait until the script saw EVENT on IF
dh_wait() {
	local end
	end=$(($(g_now) + $3))
	while ! grep -q "ev='$2'" "/tmp/dh.$1.events" 2>/dev/null; do
		[ "$(g_now)" -lt "$end" ] || { g_log "no $2 event on $1 in $3 s"; return 1; }
		sleep 0.2
	done
}
EOF

# Guest A: udhcpc stays in the background; after the lease, ping B's reservation, then wait
# for the renewal (T1 = 30 s after bound).
{
	printf 'SRV=%s RES_IP=%s\n' $SRV $RES_IP
	cat "$T/common.sh"
	cat <<'EOF'
g_wait_link eth0 20 || exit 1
udhcpc -i eth0 -f -t 20 -T 3 -A 3 -s /tmp/dh.script -O mtu -O staticroutes \
	-x hostname:vsdg-a >/tmp/udhcpc.log 2>&1 &
UPID=$!
dh_wait eth0 bound 60 || { cat /tmp/udhcpc.log; exit 2; }
dh_applied eth0
rc=0
if g_ping "$RES_IP" 60 && ping -c 3 -W 2 "$RES_IP" | grep -q ' 3 packets received'; then
	echo "PEER-PING ok"
else
	echo "PEER-PING failed"
	rc=3
fi
dh_wait eth0 renew 45 || rc=4
dh_applied eth0
echo "SERVER-ARP '$(awk -v a="$SRV" '$1 == a && $3 == "0x2" { print $4 }' /proc/net/arp)'"
kill "$UPID"
wait "$UPID" 2>/dev/null
sed 's/^/UDHCPC-LOG /' /tmp/udhcpc.log
exit $rc
EOF
} >"$T/ga.sh"

# Guest B: VLAN sub-interfaces on eth0 (trunk), eth1 (found by MAC) on na; one udhcpc -q per
# interface, all at once; then stay up until A has pinged the reservation (4 echo requests).
{
	printf 'MB1=%s\n' $MB1
	cat "$T/common.sh"
	cat <<'EOF'
for v in 10 20; do
	ip link add link eth0 name "eth0.$v" type vlan id "$v" ||
		{ g_log "cannot create eth0.$v (8021q)"; exit 10; }
	ip link set "eth0.$v" up || exit 10
done
i=0
while ! E1=$(ifc_by_mac "$MB1"); do
	i=$((i + 1))
	[ $i -lt 50 ] || { g_log "no interface with MAC $MB1"; ls /sys/class/net; exit 10; }
	sleep 0.1
done
ip link set "$E1" up || exit 10
g_wait_link eth0 20 || exit 1
g_wait_link "$E1" 20 || exit 1
pids=
for ifc in eth0.10 eth0.20 "$E1"; do
	udhcpc -i "$ifc" -f -q -n -t 20 -T 3 -A 3 -s /tmp/dh.script -O mtu -O staticroutes \
		-x "hostname:vsdg-b-${ifc#eth0.}" >"/tmp/udhcpc.$ifc.log" 2>&1 &
	pids="$pids $!"
done
rc=0
for p in $pids; do wait "$p" || rc=2; done
for ifc in eth0.10 eth0.20 "$E1"; do
	dh_applied "$ifc"
	sed "s/^/UDHCPC-LOG $ifc: /" "/tmp/udhcpc.$ifc.log"
done
echo "ETH1-IS '$E1'"
[ $rc -eq 0 ] || exit $rc
g_wait_pinged 4 90 || exit 3
sleep 1
exit 0
EOF
} >"$T/gb.sh"

# ---- switch
vsw_on_cleanup "rm -rf /var/run/dpdk/$(vsw_eal_prefix "$T/run")"
vsw_start || exit 1
ctl net-add na --subnet 10.79.0.0/24 --gateway 10.79.0.1 --dns 10.79.0.53 \
	--domain guests.test --lease-time $LEASE --route 172.16.0.0/12@10.79.0.1 \
	--mtu $NA_MTU >/dev/null || exit 1
ctl net-add v10 --vlan 10 --subnet 10.80.10.0/24 >/dev/null || exit 1
ctl net-add v20 --vlan 20 --subnet 10.80.20.0/24 >/dev/null || exit 1
ctl port-add ga --type vhost-user --path "$T/run/ga.sock" --net na >/dev/null || exit 1
ctl port-add gb --type vhost-user --path "$T/run/gb.sock" --trunk v10,v20 >/dev/null || exit 1
ctl port-add gb1 --type vhost-user --path "$T/run/gb1.sock" --net na >/dev/null || exit 1
ctl dhcp-host-add na $MB1 $RES_IP >/dev/null || exit 1
vsw_on_cleanup guest_cleanup_all	# runs before vswitchd is killed (last registered first)

jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
ctlj net-show na | jq -c .dhcp | sed 's/^/# net-show na .dhcp: /'
check "net na: DHCP on by default, server $SRV, dns, domain, lease $LEASE, route" \
	jq_ok ".dhcp.enabled == true and .dhcp.server == \"$SRV\" and
	       .dhcp.dns == [\"10.79.0.53\"] and .dhcp.domain == \"guests.test\" and
	       .dhcp.lease_time == $LEASE and .dhcp.routes == [\"172.16.0.0/12@10.79.0.1\"]" \
	net-show na
for v in 10 20; do
	check "net v$v: DHCP on by default, server 10.80.$v.254" \
		jq_ok ".dhcp.enabled == true and .dhcp.server == \"10.80.$v.254\"" net-show v$v
done
RANGE=$(ctlj net-show na | jq -r .dhcp.range)

# ---- guests, booted in parallel
tb=$SECONDS
guest_start ga "$T/run/ga.sock" $MA "$T/ga.sh" || exit 1
GUEST_QEMU_ARGS="$(guest_nic_args 1 "$T/run/gb1.sock" $MB1) ${GUEST_QEMU_ARGS:-}" \
	guest_start gb "$T/run/gb.sock" $MB "$T/gb.sh" || exit 1

# While they run: once a second, A's lease on na (expires, expires_in) and na's request
# counter, with the host time, to $T/samples (one JSON line each).
sample() {
	local l n
	l=$(ctlj dhcp-leases na) || return
	n=$(ctlj net-show na) || return
	jq -nc --argjson l "$l" --argjson n "$n" --arg ma $MA --arg mb1 $MB1 \
		--argjson t "$(date +%s)" '{t: $t,
		a: ([$l.leases[] | select(.mac == $ma)][0] // null),
		b1: ([$l.leases[] | select(.mac == $mb1)][0] // null),
		req: ($n.dhcp.stats.rx.request // 0)}' >>"$T/samples"
}
end=$((SECONDS + GUEST_TMO))
while ((SECONDS < end)); do
	sample
	left=0
	for g in ga gb; do
		grep -aq 'GUEST-RESULT' "$(guest_console $g)" && continue
		kill -0 "$(guest_pid $g)" 2>/dev/null && left=1
	done
	((left)) || break
	vsw_alive || { vsw_log "vswitchd died"; break; }
	sleep 1
done
declare -A RC=()
for g in ga gb; do
	RC[$g]=0
	guest_wait $g 10 || RC[$g]=$?
done
vsw_log "guests done after $((SECONDS - tb))s"

# ---- what the guests saw
# evline GUEST IF EVENT: the guest's first DHCP-EV line for IF and EVENT
evline() { tr -d '\r' <"$(guest_console "$1")" | grep -a "^DHCP-EV if='$2' ev='$3'" | head -n 1; }
# applied GUEST IF [N]: its Nth (default 1st) DHCP-APPLIED line for IF
applied() { tr -d '\r' <"$(guest_console "$1")" | grep -a "^DHCP-APPLIED if='$2'" | sed -n "${3:-1}p"; }
# field LINE KEY: the value of KEY='...' in LINE
field() { sed -n "s/.* $2='\([^']*\)'.*/\1/p" <<<"$1"; }
tr -d '\r' <"$(guest_console ga)" | grep -a -E '^(DHCP-|PEER-|SERVER-|UDHCPC-)' | sed 's/^/# ga: /'
tr -d '\r' <"$(guest_console gb)" | grep -a -E '^(DHCP-|ETH1-|UDHCPC-)' | sed 's/^/# gb: /'
check "guest ga finished its script (rc=${RC[ga]})" test "${RC[ga]}" -eq 0
check "guest gb finished its script (rc=${RC[gb]})" test "${RC[gb]}" -eq 0

# in_range IP A-B: IP lies in the range A-B (inclusive)
# shellcheck disable=SC2086 # split on dots
ip2n() { local IFS=.; set -- $1; echo $((($1 << 24) + ($2 << 16) + ($3 << 8) + $4)); }
in_range() { [[ -n $1 ]] && (($(ip2n "$1") >= $(ip2n "${2%-*}") && $(ip2n "$1") <= $(ip2n "${2#*-}"))); }
is_eq() { [[ $1 == "$2" ]] || { vsw_log "got [$1], want [$2]"; return 1; }; }

EA=$(evline ga eth0 bound)
IPA=$(field "$EA" ip)
check "ga: udhcpc bound on eth0: $IPA in na's range $RANGE" in_range "$IPA" "$RANGE"
check "ga: $IPA is neither the gateway nor the server" \
	test "$IPA" != 10.79.0.1 -a "$IPA" != $SRV -a "$IPA" != $RES_IP
for kv in "mask=24" "subnet=255.255.255.0" "broadcast=10.79.0.255" "router=10.79.0.1" \
	"dns=10.79.0.53" "domain=guests.test" "lease=$LEASE" "mtu=$NA_MTU" "serverid=$SRV"; do
	k=${kv%%=*}
	check "ga: lease option $k = '${kv#*=}'" is_eq "$(field "$EA" "$k")" "${kv#*=}"
done
check "ga: classless static route 172.16.0.0/12 via 10.79.0.1 (\$staticroutes =\
 '$(field "$EA" staticroutes)')" grep -qE '(^| )172\.16\.0\.0/12 10\.79\.0\.1( |$)' \
	<<<"$(field "$EA" staticroutes)"
AP=$(applied ga eth0)
check "ga: eth0 has $IPA/24 and only that" is_eq "$(field "$AP" addr)" "$IPA/24"
check "ga: eth0's MTU is $NA_MTU" is_eq "$(field "$AP" mtu)" $NA_MTU
check "ga: route 172.16.0.0/12 via 10.79.0.1 on eth0" \
	grep -q '172.16.0.0/12 via 10.79.0.1' <<<"$(field "$AP" routes)"
check "ga: default route via 10.79.0.1 on eth0" \
	grep -q 'default via 10.79.0.1' <<<"$(field "$AP" routes)"
check "ga pinged gb's reserved address $RES_IP (leased on gb's eth1)" \
	grep -aq '^PEER-PING ok' <(tr -d '\r' <"$(guest_console ga)")

# The renewal, as udhcpc logged it: unicast to the server, answered before any broadcast.
ER=$(evline ga eth0 renew)
ulog=$(tr -d '\r' <"$(guest_console ga)" | sed -n 's/^UDHCPC-LOG //p')
check "ga: udhcpc called its script with 'renew' for the same address ($(field "$ER" ip))" \
	is_eq "$(field "$ER" ip)" "$IPA"
tb_=$(field "$EA" t) tr_=$(field "$ER" t)
check "ga: renewed $(awk -v a="$tb_" -v b="$tr_" 'BEGIN { printf "%.1f", b - a }') s after\
 bound (T1 = $((LEASE / 2)) s)" awk -v a="$tb_" -v b="$tr_" -v t1=$((LEASE / 2)) \
	'BEGIN { exit !(b != "" && b - a >= t1 - 2 && b - a <= t1 + 10) }'
unicast_renewed() {
	grep -q "sending renew to server $SRV" <<<"$ulog" &&
		! grep -q 'broadcasting renew' <<<"$ulog" &&
		[[ $(grep -c "lease of $IPA obtained from $SRV, lease time $LEASE" <<<"$ulog") -ge 2 ]]
}
check "ga: the renewal was unicast to $SRV and answered (no broadcast rebind)" unicast_renewed
check "ga: after the renewal eth0 still has $IPA/24, MTU $NA_MTU" \
	eval "[[ \$(field \"\$(applied ga eth0 2)\" addr) == $IPA/24 &&
	         \$(field \"\$(applied ga eth0 2)\" mtu) == $NA_MTU ]]"
h=$(vsw_eal_prefix na)
SRV_MAC=02:56:${h:3:2}:${h:5:2}:${h:7:2}:${h:9:2}
SARP=$(tr -d '\r' <"$(guest_console ga)" | sed -n "s/^SERVER-ARP '\(.*\)'/\1/p")
check "ga: ARP entry for $SRV is the server's MAC $SRV_MAC (got '$SARP')" is_eq "$SARP" "$SRV_MAC"

declare -A IPB=()
for ifc in eth0.10 eth0.20; do
	v=${ifc#eth0.}
	E=$(evline gb "$ifc" bound)
	IPB[$v]=$(field "$E" ip)
	check "gb: $ifc bound to ${IPB[$v]} in 10.80.$v.0/24 from 10.80.$v.254, mtu 1500" \
		eval "[[ '${IPB[$v]}' == 10.80.$v.* && '$(field "$E" serverid)' == 10.80.$v.254 &&
		         '$(field "$E" mask)' == 24 && '$(field "$E" mtu)' == 1500 ]]"
	check "gb: $ifc has ${IPB[$v]}/24" is_eq "$(field "$(applied gb "$ifc")" addr)" "${IPB[$v]}/24"
done
E1=$(tr -d '\r' <"$(guest_console gb)" | sed -n "s/^ETH1-IS '\(.*\)'/\1/p")
E=$(evline gb "${E1:-eth1}" bound)
check "gb: ${E1:-eth1} (on na) got its reservation $RES_IP, mtu $NA_MTU, router 10.79.0.1" \
	eval "[[ '$(field "$E" ip)' == $RES_IP && '$(field "$E" mtu)' == $NA_MTU &&
	         '$(field "$E" router)' == 10.79.0.1 ]]"

# ---- the switch's view
# lease_is NET MAC IP PORT HOSTNAME: dhcp-leases NET holds exactly one lease for MAC, bound,
# on IP, port PORT, hostname HOSTNAME
lease_is() {
	ctlj dhcp-leases "$1" | jq -e --arg n "$1" --arg m "$2" --arg ip "$3" --arg p "$4" \
		--arg h "$5" '[.leases[] | select(.mac == $m)] |
		length == 1 and .[0].net == $n and .[0].ip == $ip and .[0].port == $p and
		.[0].hostname == $h and .[0].state == "bound"' >/dev/null ||
		{ vsw_log "dhcp-leases $1: $(ctlj dhcp-leases "$1" | jq -c .leases)"; return 1; }
}
ctlj dhcp-leases | jq -c '.leases[]' | sed 's/^/# lease: /'
check "dhcp-leases na: ga's MAC on $IPA, port ga, hostname vsdg-a, bound" \
	lease_is na $MA "$IPA" ga vsdg-a
check "dhcp-leases na: gb1's MAC on the reservation $RES_IP, port gb1" \
	lease_is na $MB1 $RES_IP gb1 "vsdg-b-${E1:-eth1}"
for v in 10 20; do
	check "dhcp-leases v$v: gb's MAC on ${IPB[$v]} (what eth0.$v got), port gb (trunk)" \
		lease_is v$v $MB "${IPB[$v]}" gb "vsdg-b-$v"
	check "dhcp-leases v$v: exactly one lease" \
		jq_ok '.leases | length == 1' dhcp-leases v$v
done
check "dhcp-leases na: exactly two leases" jq_ok '.leases | length == 2' dhcp-leases na

# The renewal in the samples: the first sample where A's expires moved on by >= 15 s
# (renewed) must have expires_in near the lease time, the one before it below 35, and the
# request counter must have grown between them.
vsw_log "$(wc -l <"$T/samples") samples of A's lease; around the renewal:"
jq -sc 'def e: .a.expires // 0; map(select(.a.state == "bound")) | (.[0] | e) as $e0 |
	(map(e) | index(map(select(. >= $e0 + 15))[0])) as $i |
	if $i == null then ["no renewal seen"] else .[([$i - 2, 0] | max):($i + 1)][] |
	{t, expires: .a.expires, expires_in: .a.expires_in, req} end' "$T/samples" |
	sed 's/^/#   /'
check "switch: A's lease renewed: expires_in refreshed (< 35 before, >= $((LEASE - 10))\
 after) and rx.request grew" jq -se --argjson L $LEASE '
	map(select(.a.state == "bound")) | (.[0].a.expires) as $e0 |
	(map(.a.expires >= $e0 + 15) | index(true)) as $i |
	$i != null and $i > 0 and .[$i - 1].b1 != null and
	.[$i - 1].a.expires_in < 35 and .[$i].a.expires_in >= $L - 10 and
	.[$i].a.expires_in <= $L and .[$i].req > .[$i - 1].req' "$T/samples" >/dev/null
ctlj net-show na | jq -c .dhcp.stats | sed 's/^/# na .dhcp.stats: /'
for n in na v10 v20; do
	check "net $n: no malformed frames, reply drops or persistence errors" \
		jq_ok '.dhcp.stats | .results.malformed == 0 and .reply_drops == 0 and
		       .persist_errors == 0' net-show $n
done
check "net na: the server answered ARP (tx.arp > 0)" jq_ok '.dhcp.stats.tx.arp > 0' net-show na

for p in ga gb gb1; do
	vsw_log "port $p: $(ctlj port-show $p | jq -c '{rx: .stats.rx_packets, tx:
		.stats.tx_packets, drops: (.stats.drops | with_entries(select(.value != 0)))}')"
done
check "vswitchd still running" vsw_alive
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

# ---- persistence
# file_leases / ctl_leases: "net ip mac" of every bound lease in leases.json / dhcp-leases, sorted
file_leases() {
	jq -r '.networks | to_entries[] | .key as $n | .value[] |
		select(.state == "bound") | "\($n) \(.ip) \(.mac)"' "$T/state/leases.json" | sort
}
ctl_leases() { ctlj dhcp-leases | jq -r '.leases[] | select(.state == "bound") |
	"\(.net) \(.ip) \(.mac)"' | sort; }
WANT=$(printf '%s\n' "na $IPA $MA" "na $RES_IP $MB1" "v10 ${IPB[10]} $MB" \
	"v20 ${IPB[20]} $MB" | sort)
check "leases.json holds the four bound leases" is_eq "$(file_leases 2>&1)" "$WANT"
check "vswitchd stops on SIGTERM with exit 0" vsw_stop
vsw_start || exit 1
check "after a restart dhcp-leases shows the same four leases" is_eq "$(ctl_leases)" "$WANT"

vsw_log "test took $((SECONDS - T0))s"
vsw_finish
