#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_dhcp.sh - the built-in DHCPv4 server, against real clients (busybox udhcpc, ISC
# dhclient) in network namespaces behind TAP ports, a real rogue server (dnsmasq) and a
# DISCOVER flood (scapy).
#
#   dhA 10.77.1.0/24 gw .1, range .10-.199, 2 DNS, domain, lease 1800, a static route:
#       pa (udhcpc, vsdha), pc (udhcpc, vsdhc), pf (scapy flood, vsdhf),
#       pr (dnsmasq 10.77.1.2, vsdhr, untrusted)
#   dhB 10.77.4.0/24, no gateway, lease 60: pb (dhclient, vsdhb)
#   dhE 10.77.2.0/24, range .10-.11: x1 x2 x3 (udhcpc, vsdhx1-3)
#   dhT 10.77.3.0/24 --dhcp off: tt (dnsmasq 10.77.3.2, vsdht; untrusted, then trusted),
#       tu (udhcpc, vsdhu)
#   dhN no subnet (no DHCP)
# Checks: udhcpc's lease (range, mask, router, DNS, domain, lease time, classless routes,
# server id .254) and its interface; the server answers ARP from 02:56:...; dhcp-leases
# (bound, port, hostname, client id) and leases.json; dhclient's lease, its renew at T1
# unicast to the server's IP and MAC (capture), ACKed, rx.request up; dhclient -r:
# rx.release up, lease ended, the same address again afterwards; a live reservation served
# on the next DISCOVER, dhcp-host-del; a rogue dnsmasq on an untrusted port: its OFFER (to
# a unicast DISCOVER) never reaches the client, dhcp-rogue counted, the client's lease from
# .254; on a --dhcp off network an untrusted dnsmasq serves nobody, a --dhcp-trusted one
# serves normally; exhaustion of a 2-address range (third client: nothing,
# results.exhausted, no address twice); INIT-REBOOT (crafted): ACK for a free address, NAK
# for another client's, one outside the subnet and a declined one; DECLINE quarantines
# (600 s); bad requests refused and changing nothing; dhcp-lease-del frees an address; a
# DISCOVER flood with 800 forged MACs: the port holds at most 16 leases, dhcp-rate drops
# on it, another client is served meanwhile; kill -9 and restart with the same state dir:
# bound leases listed as before, every client gets its address again, reservations kept
# (and served); no mbuf leaked.
# Needs root, jq, busybox, dhclient (isc-dhcp-client), dnsmasq, tcpdump, python3-scapy.
# shellcheck disable=SC2119,SC2317,SC2016,SC2034 # vsw_start: no args; helpers via check/eval
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

PY=/usr/bin/python3
for b in jq busybox dhclient dnsmasq tcpdump; do
	command -v "$b" >/dev/null || { echo "test_dhcp: $b missing, skipping" >&2; exit 77; }
done
"$PY" -c 'import scapy.all' 2>/dev/null || { echo "test_dhcp: python3-scapy missing, skipping" >&2; exit 77; }
vsw_test_init dhcp
T0=$SECONDS

MAC_A=02:77:00:00:01:0a MAC_B=02:77:00:00:01:0b MAC_C=02:77:00:00:01:0c
MAC_F=02:77:00:00:01:0f MAC_R=02:77:00:00:01:1e
MAC_X1=02:77:00:00:01:21 MAC_X2=02:77:00:00:01:22 MAC_X3=02:77:00:00:01:23
MAC_TT=02:77:00:00:01:31 MAC_TU=02:77:00:00:01:32
SRV_A=10.77.1.254 SRV_B=10.77.4.254
IP_R=10.77.1.2 IP_TT=10.77.3.2

# ---- helpers
# udhcpc event script: configure the interface and record the lease in $T/udhcpc.IF.env
cat >"$T/udhcpc.sh" <<EOF
#!/bin/sh
case "\$1" in
deconfig) ip addr flush dev "\$interface"; ip link set "\$interface" up ;;
bound|renew)
	ip addr flush dev "\$interface"
	ip addr add "\$ip/\$mask" dev "\$interface"
	for v in ip mask subnet router dns domain lease serverid staticroutes hostname; do
		eval "printf '%s=%s\n' \$v \"\\\$\$v\""
	done >"$T/udhcpc.\$interface.env"
	;;
esac
exit 0
EOF
chmod 755 "$T/udhcpc.sh"

# dhcp_get NS IF HOSTNAME [TRIES]: busybox udhcpc on IF in NS until it has a lease (or gives
# up after TRIES DISCOVERs 2 s apart, default 6); its lease in $T/udhcpc.IF.env
dhcp_get() {
	rm -f "$T/udhcpc.$2.env"
	vsw_bg "udhcpc.$2" timeout 40 ip netns exec "$1" busybox udhcpc -i "$2" -f -q -n \
		-t "${4:-6}" -T 2 -A 1 -s "$T/udhcpc.sh" -x "hostname:$3" -O staticroutes
	vsw_bg_wait "udhcpc.$2"
}
# env_of IF KEY: KEY of the last lease udhcpc recorded for IF
env_of() { sed -n "s/^$2=//p" "$T/udhcpc.$1.env" 2>/dev/null; }
# in_range IP A B: IP lies in A..B (last octet, same /24)
in_range() {
	local a=${1##*.} p=${1%.*}
	[[ $p == "${2%.*}" ]] && ((a >= ${2##*.} && a <= ${3##*.}))
}
has_addr() { nsip "$1" -j addr show dev "$2" | jq -e --arg a "$3" 'any(.[0].addr_info[]; .local == $a)' >/dev/null; }
# lease_of NET MAC: "ip state port hostname" of MAC's lease (the bound one first)
lease_of() {
	ctlj dhcp-leases "$1" | jq -r --arg m "$2" '[.leases[] | select(.mac == $m)] |
		sort_by(.state != "bound") | .[0] // empty | "\(.ip) \(.state) \(.port) \(.hostname // "-")"'
}
n_leases() { ctlj dhcp-leases "$1" | jq --arg m "$2" '[.leases[] | select(.mac == $m)] | length'; }
port_leases() { ctlj dhcp-leases "$1" | jq --arg p "$2" '[.leases[] | select(.port == $p)] | length'; }
dstat() { ctlj net-show "$1" | jq -r ".dhcp.stats$2 // 0"; }
drop_of() { port_stat "$1" ".drops[\"$2\"]"; }
jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
# leasefile_has NET MAC IP: $T/state/leases.json holds a bound lease MAC -> IP in NET
leasefile_has() {
	jq -e --arg n "$1" --arg m "$2" --arg i "$3" \
		'any(.networks[$n][]?; .mac == $m and .ip == $i and .state == "bound")' \
		"$T/state/leases.json" >/dev/null 2>&1
}
# frames PCAP: one line per DHCP/ARP frame: "esrc edst ipsrc ipdst sport dport TYPE ciaddr yiaddr"
cat >"$T/frames.py" <<'EOF'
import sys
from scapy.all import rdpcap, Ether, IP, UDP, BOOTP, DHCP, ARP
names = {1: "discover", 2: "offer", 3: "request", 4: "decline", 5: "ack", 6: "nak",
         7: "release", 8: "inform"}
for p in rdpcap(sys.argv[1]):
    if DHCP in p:
        mt = "?"
        for o in p[DHCP].options:
            if isinstance(o, tuple) and o[0] == "message-type":
                mt = names.get(o[1], str(o[1]))
        print(p[Ether].src, p[Ether].dst, p[IP].src, p[IP].dst, p[UDP].sport, p[UDP].dport,
              mt, p[BOOTP].ciaddr, p[BOOTP].yiaddr)
    elif ARP in p:
        print(p[Ether].src, p[Ether].dst, p[ARP].psrc, p[ARP].pdst, 0, 0,
              "arp-" + ("req" if p[ARP].op == 1 else "reply"), "-", p[ARP].hwsrc)
EOF
frames() { "$PY" "$T/frames.py" "$T/$1.pcap" 2>/dev/null; }
# dnsmasq_start NS IF IP RANGE_FIRST RANGE_LAST NAME: dnsmasq DHCP server on IF (log $T/NAME.log)
dnsmasq_start() {
	rm -f "$T/$6.dlog" "$T/$6.leases"
	vsw_bg "$6" ip netns exec "$1" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
		--interface="$2" --bind-interfaces --except-interface=lo \
		--dhcp-range="$4,$5,255.255.255.0,10m" --dhcp-authoritative \
		--dhcp-leasefile="$T/$6.leases" --pid-file="$T/$6.pid" \
		--log-facility="$T/$6.dlog" --log-dhcp --user=root --group=root
	wait_for 10 "dnsmasq $6 up" eval "nsexec $1 ss -lun | grep -q ':67 '"
}

# ---- namespaces and the switch
for ns in vsdha vsdhb vsdhc vsdhf vsdhr vsdhx1 vsdhx2 vsdhx3 vsdht vsdhu; do
	netns_fresh $ns || exit 1
done
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"
vsw_start || exit 1

check "net-add dhA (subnet, gateway, range, dns, domain, lease time, route)" \
	ctl net-add dhA --subnet 10.77.1.0/24 --gateway 10.77.1.1 --dhcp-range 10.77.1.10-10.77.1.199 \
	--dns 10.77.1.53,10.77.1.54 --domain vsdh.test --lease-time 1800 --route 10.99.0.0/16@10.77.1.1
check "net-add dhB (lease time 60, no gateway)" ctl net-add dhB --subnet 10.77.4.0/24 --lease-time 60
check "net-add dhE (range of 2 addresses)" \
	ctl net-add dhE --subnet 10.77.2.0/24 --gateway 10.77.2.1 --dhcp-range 10.77.2.10-10.77.2.11
check "net-add dhT --dhcp off" ctl net-add dhT --subnet 10.77.3.0/24 --dhcp off
check "net-add dhN (no subnet)" ctl net-add dhN
check "net-show dhA: dhcp on, server $SRV_A (default), range, dns, domain, lease 1800, route" \
	jq_ok ".dhcp.enabled == true and .dhcp.server == \"$SRV_A\" and
	       .dhcp.range == \"10.77.1.10-10.77.1.199\" and .dhcp.dns == [\"10.77.1.53\", \"10.77.1.54\"] and
	       .dhcp.domain == \"vsdh.test\" and .dhcp.lease_time == 1800 and
	       (.dhcp.routes | tostring | test(\"10.99.0.0/16\"))" net-show dhA
check "net-show dhB: dhcp on by default, server $SRV_B" \
	jq_ok ".dhcp.enabled == true and .dhcp.server == \"$SRV_B\" and .dhcp.lease_time == 60" net-show dhB
check "net-show dhT: dhcp off" jq_ok '.dhcp.enabled == false' net-show dhT
check "net-show dhN: no DHCP server" jq_ok '(.dhcp == null) or (.dhcp.enabled == false)' net-show dhN

addport() {	# NAME NET NS MAC [ARGS...]
	local n=$1 net=$2 ns=$3 mac=$4
	shift 4
	ctl port-add "$n" --net "$net" --type tap --ifname "${ns}0" --netns "$ns" --mac "$mac" "$@" >/dev/null
}
check "port-add pa pc pf pr (dhA), pb (dhB), x1-x3 (dhE), tt tu (dhT)" eval '
	addport pa dhA vsdha $MAC_A && addport pc dhA vsdhc $MAC_C && addport pf dhA vsdhf $MAC_F &&
	addport pr dhA vsdhr $MAC_R && addport pb dhB vsdhb $MAC_B &&
	addport x1 dhE vsdhx1 $MAC_X1 && addport x2 dhE vsdhx2 $MAC_X2 && addport x3 dhE vsdhx3 $MAC_X3 &&
	addport tt dhT vsdht $MAC_TT && addport tu dhT vsdhu $MAC_TU'
check "port-show pa: dhcp_trusted false, dhcp_max_leases 16" \
	jq_ok '.dhcp_trusted == false and .dhcp_max_leases == 16' port-show pa
check "TAP interfaces up in their namespaces" wait_for 10 "taps up" \
	eval 'if_up vsdha vsdha0 && if_up vsdhb vsdhb0 && if_up vsdhx3 vsdhx30 && if_up vsdhu vsdhu0'

# ---- udhcpc on pa
pcap_start vsdha vsdha0 capa || exit 1
check "udhcpc in vsdha gets a lease" dhcp_get vsdha vsdha0 vsdh-a
sed 's/^/# lease vsdha0: /' "$T/udhcpc.vsdha0.env" 2>/dev/null
IP_A=$(env_of vsdha0 ip)
check "ip $IP_A in the range 10.77.1.10-199" in_range "$IP_A" 10.77.1.10 10.77.1.199
check "mask 24, router 10.77.1.1" eval '[[ $(env_of vsdha0 mask) == 24 && $(env_of vsdha0 router) == 10.77.1.1 ]]'
check "dns '10.77.1.53 10.77.1.54', domain vsdh.test" \
	eval '[[ $(env_of vsdha0 dns) == "10.77.1.53 10.77.1.54" && $(env_of vsdha0 domain) == vsdh.test ]]'
check "lease time 1800, server id $SRV_A" \
	eval '[[ $(env_of vsdha0 lease) == 1800 && $(env_of vsdha0 serverid) == $SRV_A ]]'
# (RFC 3442: with option 121 the client ignores option 3, so the router is a 0.0.0.0/0 route)
check "classless static routes: 10.99.0.0/16 and default via 10.77.1.1 (got '$(env_of vsdha0 staticroutes)')" \
	eval '[[ $(env_of vsdha0 staticroutes) == "10.99.0.0/16 10.77.1.1 0.0.0.0/0 10.77.1.1" ]]'
check "vsdha0 has $IP_A" has_addr vsdha vsdha0 "$IP_A"
check "dhcp-leases: $MAC_A bound to $IP_A on port pa, hostname vsdh-a (got '$(lease_of dhA $MAC_A)')" \
	test "$(lease_of dhA $MAC_A)" == "$IP_A bound pa vsdh-a"
check "dhcp-leases --json: net dhA, client_id 01+MAC, expires_in 1700-1800" \
	eval "ctlj dhcp-leases dhA | jq -e --arg m $MAC_A '.leases[] | select(.mac == \$m) |
		.net == \"dhA\" and (.client_id | ascii_downcase | gsub(\":\"; \"\")) == \"01\" + (\$m | gsub(\":\"; \"\")) and
		.expires_in > 1700 and .expires_in <= 1800 and .expires > 0' >/dev/null"
check "leases.json has $MAC_A -> $IP_A bound" leasefile_has dhA $MAC_A "$IP_A"
ARP0=$(dstat dhA .tx.arp)
ARPOUT=$(nsexec vsdha busybox arping -I vsdha0 -c 2 -w 4 $SRV_A 2>&1)
SRVMAC_A=$(grep -oiE '\[[0-9a-f:]{17}\]' <<<"$ARPOUT" | head -n1 | tr -d '[]' | tr A-F a-f)
check "server $SRV_A answers ARP from 02:56:xx:xx:xx:xx (got '$SRVMAC_A')" \
	eval '[[ $SRVMAC_A == 02:56:* ]]'
check "tx.arp rose (was $ARP0, now $(dstat dhA .tx.arp))" test "$(dstat dhA .tx.arp)" -gt "$ARP0"
pcap_stop capa
frames capa >"$T/capa.txt"
check "the OFFER and ACK came from $SRV_A / $SRVMAC_A" \
	eval "grep -q '^$SRVMAC_A .* $SRV_A .* 67 68 offer ' $T/capa.txt &&
	      grep -q '^$SRVMAC_A .* $SRV_A .* 67 68 ack ' $T/capa.txt"
check "port pa: dhcp_punts >= 2" test "$(port_stat pa .dhcp_punts)" -ge 2

# ---- dhclient on pb (dhB, lease 60: renews at T1 = 30 s, by unicast)
cat >"$T/dhclient.conf" <<EOF
send host-name "vsdh-b";
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers,
	dhcp-lease-time, dhcp-renewal-time, dhcp-rebinding-time;
timeout 20;
initial-interval 1;
EOF
cat >"$T/dhclient.sh" <<EOF
#!/bin/sh
echo "reason=\$reason ip=\$new_ip_address mask=\$new_subnet_mask server=\$new_dhcp_server_identifier lease=\$new_dhcp_lease_time" >>"$T/dhclient.events"
case "\$reason" in
PREINIT) ip link set dev "\$interface" up ;;
BOUND|REBOOT) ip addr flush dev "\$interface"; ip addr add "\$new_ip_address/\$new_subnet_mask" dev "\$interface" ;;
RENEW|REBIND) ip addr replace "\$new_ip_address/\$new_subnet_mask" dev "\$interface" ;;
EXPIRE|FAIL|RELEASE|STOP) ip addr flush dev "\$interface" ;;
esac
exit 0
EOF
chmod 755 "$T/dhclient.sh"
DHC=(dhclient -v -cf "$T/dhclient.conf" -pf "$T/dhclient.pid" -lf "$T/dhclient.leases" -sf "$T/dhclient.sh")
# dhclient_start: dhclient -1 -d in vsdhb (kept running in the foreground, renewing)
dhclient_start() {
	vsw_bg dhclient ip netns exec vsdhb "${DHC[@]}" -d -1 vsdhb0
}
# dh_events N REASON: the dhclient script saw REASON at least N times
dh_events() { [[ $(grep -c "^reason=$2 " "$T/dhclient.events" 2>/dev/null) -ge $1 ]]; }
pcap_start vsdhb vsdhb0 capb || exit 1
dhclient_start
check "dhclient in vsdhb gets a lease (BOUND)" wait_for 25 "dhclient bound" dh_events 1 BOUND
IP_B=$(sed -n 's/^reason=BOUND ip=\([^ ]*\) .*/\1/p' "$T/dhclient.events" | tail -n1)
T_B=$SECONDS
RQ0=$(dstat dhB .rx.request)
ACK0=$(dstat dhB .tx.ack)
check "dhclient lease $IP_B from 10.77.4.0/24, server $SRV_B, lease 60" \
	eval "grep -q '^reason=BOUND ip=10\.77\.4\.[0-9]* mask=255.255.255.0 server=$SRV_B lease=60$' $T/dhclient.events"
check "vsdhb0 has $IP_B" wait_for 5 "vsdhb0 address" has_addr vsdhb vsdhb0 "$IP_B"
check "dhcp-leases: $MAC_B bound to $IP_B on port pb, hostname vsdh-b (got '$(lease_of dhB $MAC_B)')" \
	test "$(lease_of dhB $MAC_B)" == "$IP_B bound pb vsdh-b"
check "leases.json has $MAC_B -> $IP_B" leasefile_has dhB $MAC_B "$IP_B"

# ---- a reservation added live is served on the client's next DISCOVER
check "dhcp-host-add dhA $MAC_A 10.77.1.77 --hostname vsdh-res" \
	ctl dhcp-host-add dhA $MAC_A 10.77.1.77 --hostname vsdh-res
check "dhcp-host-list dhA: $MAC_A -> 10.77.1.77 (vsdh-res)" \
	eval "ctlj dhcp-host-list dhA | jq -e '[.. | objects | select(.mac? == \"$MAC_A\" and .ip == \"10.77.1.77\" and .hostname == \"vsdh-res\")] | length == 1' >/dev/null"
check "state.json has the reservation" grep -q 10.77.1.77 "$T/state/state.json"
check "udhcpc in vsdha again gets a lease" dhcp_get vsdha vsdha0 vsdh-a
check "... the reserved 10.77.1.77 (got $(env_of vsdha0 ip))" test "$(env_of vsdha0 ip)" == 10.77.1.77
check "vsdha0 has 10.77.1.77" has_addr vsdha vsdha0 10.77.1.77
check "dhcp-leases: $MAC_A bound to 10.77.1.77 on pa, and only one lease for it (got $(n_leases dhA $MAC_A))" \
	eval "[[ \$(lease_of dhA $MAC_A) == '10.77.1.77 bound pa '* && \$(n_leases dhA $MAC_A) -eq 1 ]]"
check "dhcp-host-del dhA $MAC_A" ctl dhcp-host-del dhA $MAC_A
check "dhcp-host-list dhA: empty now" \
	eval "ctlj dhcp-host-list dhA | jq -e '[.. | objects | select(.mac? == \"$MAC_A\")] | length == 0' >/dev/null"
check "state.json: reservation gone" eval "! grep -q '\"10.77.1.77\"' $T/state/state.json"

# ---- rogue dnsmasq (10.77.1.2) on the untrusted port pr of dhA
ip -n vsdhr addr add $IP_R/24 dev vsdhr0 && ip -n vsdha link set vsdha0 up
check "rogue dnsmasq runs in vsdhr" dnsmasq_start vsdhr vsdhr0 $IP_R 10.77.1.200 10.77.1.210 rogue
pcap_start vsdha vsdha0 caprogue || exit 1
ROGUE0=$(drop_of pr dhcp-rogue)
# a DISCOVER unicast to the rogue (not for the switch's server: switched, not punted), from
# vsdha's address (the rogue's kernel drops unicast from 0.0.0.0 as martian)
cat >"$T/unidisc.py" <<EOF
from scapy.all import Ether, IP, UDP, BOOTP, DHCP, sendp
mac = "02:66:ee:00:00:01"
p = (Ether(src="$MAC_A", dst="$MAC_R") / IP(src="10.77.1.77", dst="$IP_R") / UDP(sport=68, dport=67) /
     BOOTP(chaddr=bytes.fromhex(mac.replace(":", "")), xid=0x1234, flags=0x8000) /
     DHCP(options=[("message-type", "discover"), "end"]))
sendp([p] * 3, iface="vsdha0", verbose=False, inter=0.3)
EOF
vsw_bg unidisc ip netns exec vsdha "$PY" "$T/unidisc.py"
vsw_bg_wait unidisc
check "premise: dnsmasq got the unicast DISCOVER and sent an OFFER" \
	wait_for 5 "dnsmasq offer" grep -q 'DHCPOFFER.*02:66:ee:00:00:01' "$T/rogue.dlog"
check "dhcp-rogue drops on pr (was $ROGUE0, now $(drop_of pr dhcp-rogue))" \
	wait_for 5 "rogue drops" eval "[[ \$(drop_of pr dhcp-rogue) -gt $ROGUE0 ]]"
check "udhcpc in vsdha gets a lease while the rogue runs" dhcp_get vsdha vsdha0 vsdh-a
check "... from the switch's server $SRV_A (got $(env_of vsdha0 serverid)), address 10.77.1.77" \
	eval '[[ $(env_of vsdha0 serverid) == $SRV_A && $(env_of vsdha0 ip) == 10.77.1.77 ]]'
pcap_stop caprogue
frames caprogue >"$T/caprogue.txt"
check "not one DHCP server frame from the rogue reached vsdha0 (but the switch's: $(grep -c " 67 68 " "$T/caprogue.txt") server frames seen)" \
	eval "[[ \$(grep -c ' $SRV_A [^ ]* 67 68 ' $T/caprogue.txt) -ge 2 ]] && ! awk '\$5 == 67 && \$6 == 68 && (\$1 == \"$MAC_R\" || \$3 == \"$IP_R\") { f = 1 } END { exit !f }' $T/caprogue.txt"
check "dnsmasq's lease file names no client" eval "! grep -q . $T/rogue.leases 2>/dev/null"
vsw_bg_kill rogue

# ---- dhT (--dhcp off): an untrusted dnsmasq serves nobody, a trusted one does
ip -n vsdht addr add $IP_TT/24 dev vsdht0
check "dnsmasq on untrusted tt (dhT) runs" dnsmasq_start vsdht vsdht0 $IP_TT 10.77.3.100 10.77.3.150 dnst
check "udhcpc in vsdhu gets no lease from it" eval "! dhcp_get vsdhu vsdhu0 vsdh-u 3"
check "premise: dnsmasq heard the DISCOVERs and sent OFFERs" grep -q 'DHCPOFFER.*'$MAC_TU "$T/dnst.dlog"
check "dhcp-rogue drops on tt: $(drop_of tt dhcp-rogue)" test "$(drop_of tt dhcp-rogue)" -ge 1
check "no lease file for vsdhu0" test ! -e "$T/udhcpc.vsdhu0.env"
vsw_bg_kill dnst
check "port-del tt; port-add tt --dhcp-trusted" \
	eval "ctl port-del tt >/dev/null && wait_for 5 'vsdht0 gone' if_gone vsdht vsdht0 &&
	      addport tt dhT vsdht $MAC_TT --dhcp-trusted"
check "port-show tt: dhcp_trusted true" jq_ok '.dhcp_trusted == true' port-show tt
wait_for 10 "vsdht0 up" if_up vsdht vsdht0
ip -n vsdht addr add $IP_TT/24 dev vsdht0
check "dnsmasq on trusted tt runs" dnsmasq_start vsdht vsdht0 $IP_TT 10.77.3.100 10.77.3.150 dnst
check "udhcpc in vsdhu gets a lease from the trusted dnsmasq" dhcp_get vsdhu vsdhu0 vsdh-u
check "... server id $IP_TT, address in 10.77.3.100-150 (got $(env_of vsdhu0 serverid) $(env_of vsdhu0 ip))" \
	eval '[[ $(env_of vsdhu0 serverid) == $IP_TT ]] && in_range "$(env_of vsdhu0 ip)" 10.77.3.100 10.77.3.150'
check "dnsmasq's lease file has $MAC_TU" grep -qi "$MAC_TU" "$T/dnst.leases"
check "no dhcp-rogue drops on trusted tt" test "$(drop_of tt dhcp-rogue)" -eq 0
vsw_bg_kill dnst

# ---- exhaustion: dhE's range holds 2 addresses, 3 clients
check "x1 gets a lease on dhE" dhcp_get vsdhx1 vsdhx10 vsdh-x1
IP_X1=$(env_of vsdhx10 ip)
check "x2 gets a lease on dhE" dhcp_get vsdhx2 vsdhx20 vsdh-x2
IP_X2=$(env_of vsdhx20 ip)
EXH0=$(dstat dhE '.results.exhausted')
check "x3 gets no lease (range exhausted)" eval "! dhcp_get vsdhx3 vsdhx30 vsdh-x3 3"
check "x1 $IP_X1 and x2 $IP_X2 both in 10.77.2.10-11, different" \
	eval 'in_range "$IP_X1" 10.77.2.10 10.77.2.11 && in_range "$IP_X2" 10.77.2.10 10.77.2.11 && [[ $IP_X1 != "$IP_X2" ]]'
check "results.exhausted rose (was $EXH0, now $(dstat dhE '.results.exhausted'))" \
	test "$(dstat dhE '.results.exhausted')" -gt "$EXH0"
check "dhcp-leases dhE: 2 leases, 2 distinct addresses, none for x3" \
	eval "ctlj dhcp-leases dhE | jq -e '(.leases | length) == 2 and ([.leases[].ip] | unique | length) == 2 and
		all(.leases[]; .mac != \"$MAC_X3\")' >/dev/null"
check "no lease file for vsdhx30" test ! -e "$T/udhcpc.vsdhx30.env"

# ---- INIT-REBOOT (authoritative) and DECLINE, crafted with scapy from vsdhf (port pf)
cat >"$T/dhcpx.py" <<'EOF'
# dhcpx.py IF MAC initreboot IP | decline IP SERVER: print "TYPE YIADDR" of the reply, or "none"
import random, sys
from scapy.all import Ether, IP, UDP, BOOTP, DHCP, srp1, sendp, conf
conf.checkIPaddr = False
iface, mac, mode, ip = sys.argv[1:5]
mb = bytes.fromhex(mac.replace(":", ""))
opts = [("message-type", "request" if mode == "initreboot" else "decline"),
        ("client_id", b"\x01" + mb), ("requested_addr", ip)]
if mode == "decline":
    opts.append(("server_id", sys.argv[5]))
p = (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") /
     UDP(sport=68, dport=67) / BOOTP(chaddr=mb, xid=random.getrandbits(32), flags=0x8000) /
     DHCP(options=opts + ["end"]))
if mode == "decline":
    sendp(p, iface=iface, verbose=False)
    print("sent")
    sys.exit(0)
a = srp1(p, iface=iface, timeout=4, verbose=False)
if a is None or DHCP not in a:
    print("none")
else:
    t = [o[1] for o in a[DHCP].options if isinstance(o, tuple) and o[0] == "message-type"]
    print({5: "ack", 6: "nak"}.get(t[0] if t else 0, "other"), a[BOOTP].yiaddr)
EOF
dhcpx() {
	vsw_bg dhcpx ip netns exec vsdhf "$PY" "$T/dhcpx.py" vsdhf0 "$@"
	vsw_bg_wait dhcpx
	tail -n 1 "$T/dhcpx.log"
}
R=$(dhcpx 02:66:dd:00:00:01 initreboot 10.77.1.77)
check "INIT-REBOOT for 10.77.1.77 (pa's) from another client: NAK (got '$R')" test "$R" == "nak 0.0.0.0"
R=$(dhcpx 02:66:dd:00:00:01 initreboot 10.99.1.5)
check "INIT-REBOOT for an address outside the subnet: NAK (got '$R')" test "$R" == "nak 0.0.0.0"
R=$(dhcpx 02:66:dd:00:00:02 initreboot 10.77.1.160)
check "INIT-REBOOT for the free 10.77.1.160: ACK (authoritative; got '$R')" test "$R" == "ack 10.77.1.160"
check "... dhcp-leases: 02:66:dd:00:00:02 bound to 10.77.1.160 on pf (got '$(lease_of dhA 02:66:dd:00:00:02)')" \
	eval "[[ \$(lease_of dhA 02:66:dd:00:00:02) == '10.77.1.160 bound pf '* ]]"
check "DECLINE of 10.77.1.160 sent" eval "[[ \$(dhcpx 02:66:dd:00:00:02 decline 10.77.1.160 $SRV_A) == sent ]]"
check "... dhcp-leases: 10.77.1.160 declined" wait_for 5 "declined" \
	eval "ctlj dhcp-leases dhA | jq -e 'any(.leases[]; .ip == \"10.77.1.160\" and .state == \"declined\")' >/dev/null"
check "... quarantined for 600 s (expires_in 590-600)" \
	eval "ctlj dhcp-leases dhA | jq -e 'any(.leases[]; .ip == \"10.77.1.160\" and .expires_in >= 590 and .expires_in <= 600)' >/dev/null"
R=$(dhcpx 02:66:dd:00:00:03 initreboot 10.77.1.160)
check "INIT-REBOOT for the declined 10.77.1.160 from a third client: NAK (got '$R')" test "$R" == "nak 0.0.0.0"
check "rx.decline counted ($(dstat dhA .rx.decline))" test "$(dstat dhA .rx.decline)" -ge 1

# ---- dhclient renews at T1 by unicast to the server, is ACKed
vsw_log "waiting for dhclient's renew (T1 = 30 s after $((SECONDS - T_B)) s)"
check "dhclient renewed (RENEW event)" wait_for 45 "dhclient renew" dh_events 1 RENEW
pcap_stop capb
frames capb >"$T/capb.txt"
sed 's/^/# vsdhb0: /' "$T/capb.txt"
SRVMAC_B=$(awk -v s=$SRV_B '$3 == s && $7 == "offer" { print $1; exit }' "$T/capb.txt")
check "dhB's server MAC from its OFFER is 02:56:... (got '$SRVMAC_B')" eval '[[ $SRVMAC_B == 02:56:* ]]'
check "renew REQUEST: unicast $MAC_B -> $SRVMAC_B, $IP_B -> $SRV_B, ciaddr $IP_B" \
	eval "grep -q '^$MAC_B $SRVMAC_B $IP_B $SRV_B 68 67 request $IP_B ' $T/capb.txt"
check "... and the server's ACK to $IP_B came after it" \
	eval "awk '/ 68 67 request $IP_B / { r = 1 } r && \$1 == \"$SRVMAC_B\" && \$3 == \"$SRV_B\" && \$7 == \"ack\" { a = 1 } END { exit !a }' $T/capb.txt"
check "rx.request rose (was $RQ0, now $(dstat dhB .rx.request)), tx.ack too" \
	eval "[[ \$(dstat dhB .rx.request) -gt $RQ0 && \$(dstat dhB .tx.ack) -gt $ACK0 ]]"
check "still bound to $IP_B on pb" test "$(lease_of dhB $MAC_B)" == "$IP_B bound pb vsdh-b"

# ---- dhclient -r releases
REL0=$(dstat dhB .rx.release)
EXP0=$(ctlj dhcp-leases dhB | jq --arg m $MAC_B '.leases[] | select(.mac == $m) | .expires')
check "dhclient -r" timeout 20 ip netns exec vsdhb "${DHC[@]}" -r vsdhb0
check "the running dhclient stopped" wait_for 10 "dhclient gone" eval '! vsw_bg_running dhclient'
vsw_bg_kill dhclient
check "rx.release rose (was $REL0, now $(dstat dhB .rx.release))" \
	wait_for 5 "release counted" eval "[[ \$(dstat dhB .rx.release) -gt $REL0 ]]"
# a released lease stays listed for its client (kept for it), ended: expires_in <= 0
check "dhcp-leases: $MAC_B's lease ended (state expired, expires_in <= 0, expires <= now)" \
	eval "ctlj dhcp-leases dhB | jq -e --arg m $MAC_B --argjson now \$(date +%s) \
		'[.leases[] | select(.mac == \$m)] | length == 1 and
		 (.[0] | .state == \"expired\" and .expires_in <= 0 and .expires <= \$now and
		  .ip == \"$IP_B\")' >/dev/null"
vsw_log "after release: $(ctlj dhcp-leases dhB | jq -c '.leases') (expires before: $EXP0)"
rm -f "$T/dhclient.events"
dhclient_start
check "dhclient again: the same $IP_B (released addresses are kept for their client)" \
	wait_for 25 "dhclient bound again" eval "grep -Eq '^reason=(BOUND|REBOOT) ip=$IP_B ' $T/dhclient.events"
timeout 20 ip netns exec vsdhb "${DHC[@]}" -r vsdhb0 >/dev/null 2>&1
vsw_bg_kill dhclient

# ---- bad requests: refused, nothing changes
snap() {
	local n
	for n in dhA dhB dhE dhT dhN; do
		ctlj net-show $n | jq -S 'del(.dhcp.stats, .fdb_entries, .fdb_moves)'
	done
	ctlj dhcp-host-list | jq -S .
	ctlj dhcp-leases | jq -S '.leases | map(del(.expires_in))'
	jq -S . "$T/state/state.json"
	jq -S . "$T/state/leases.json"
}
ctl dhcp-host-add dhA 02:77:00:00:0a:01 10.77.1.150 >/dev/null  # one to collide with
refused "net-add: range outside the subnet" net-add dhX --subnet 10.77.9.0/24 --dhcp-range 10.77.8.10-10.77.8.20
refused "net-add: range partly outside the subnet" net-add dhX --subnet 10.77.9.0/24 --dhcp-range 10.77.9.10-10.77.10.5
refused "net-set: range first > last" net-set dhA --dhcp-range 10.77.1.50-10.77.1.40
refused "net-set: range of bad IPs" net-set dhA --dhcp-range 10.77.1.10-10.77.1.300
refused "net-set: --dns 10.77.1.300" net-set dhA --dns 10.77.1.300
refused "net-set: --dns not-an-ip" net-set dhA --dns 10.77.1.53,nope
refused "net-set: --lease-time 5" net-set dhA --lease-time 5
refused "net-set: --lease-time 59" net-set dhA --lease-time 59
refused "net-add: --lease-time 5" net-add dhX --subnet 10.77.9.0/24 --lease-time 5
refused "net-set: --dhcp-server = network address 10.77.1.0" net-set dhA --dhcp-server 10.77.1.0
refused "net-set: --dhcp-server = broadcast 10.77.1.255" net-set dhA --dhcp-server 10.77.1.255
refused "net-set: --dhcp-server outside the subnet" net-set dhA --dhcp-server 10.77.9.254
refused "net-set: --route with a gateway outside the subnet" net-set dhA --route 10.98.0.0/16@10.77.9.1
refused "net-set: --route with host bits" net-set dhA --route 10.98.0.1/16@10.77.1.1
refused "net-set: --dhcp maybe" net-set dhA --dhcp maybe
refused "net-set: unknown network" net-set dhZ --dhcp off
refused "net-set: --dhcp on on a network without subnet" net-set dhN --dhcp on
refused "net-set: --dhcp-range on a network without subnet" net-set dhN --dhcp-range 10.0.0.1-10.0.0.5
refused "net-add: --dhcp on without subnet" net-add dhX --dhcp on
refused "dhcp-host-add: address outside the subnet" dhcp-host-add dhA 02:77:00:00:0a:02 10.77.9.9
refused "dhcp-host-add: bad IP" dhcp-host-add dhA 02:77:00:00:0a:02 10.77.1.300
refused "dhcp-host-add: bad MAC" dhcp-host-add dhA 02:77:00:00:0a 10.77.1.151
refused "dhcp-host-add: multicast MAC" dhcp-host-add dhA 03:77:00:00:0a:02 10.77.1.151
refused "dhcp-host-add: the server's address" dhcp-host-add dhA 02:77:00:00:0a:02 $SRV_A
refused "dhcp-host-add: the gateway" dhcp-host-add dhA 02:77:00:00:0a:02 10.77.1.1
refused "dhcp-host-add: the network address" dhcp-host-add dhA 02:77:00:00:0a:02 10.77.1.0
refused "dhcp-host-add: an address reserved for another MAC" dhcp-host-add dhA 02:77:00:00:0a:02 10.77.1.150
refused "dhcp-host-add: an address leased to another client ($IP_X1, x1's)" \
	dhcp-host-add dhE 02:77:00:00:0a:02 "$IP_X1"
refused "net-set: --dhcp-server = the gateway 10.77.1.1 (isolated: ARP would take the router's)" \
	net-set dhA --dhcp-server 10.77.1.1
refused "dhcp-host-add: unknown network" dhcp-host-add dhZ 02:77:00:00:0a:02 10.77.1.151
refused "dhcp-host-add: network without DHCP (no subnet)" dhcp-host-add dhN 02:77:00:00:0a:02 10.0.0.5
refused "dhcp-host-del: unknown network" dhcp-host-del dhZ 02:77:00:00:0a:01
refused "dhcp-host-del: bad MAC" dhcp-host-del dhA 02:77:00:00:0a
refused "dhcp-lease-del: bad IP" dhcp-lease-del dhA 10.77.1.300
refused "dhcp-lease-del: unknown network" dhcp-lease-del dhZ 10.77.1.77
refused "dhcp-lease-del: address outside the subnet" dhcp-lease-del dhA 10.77.9.9
refused "dhcp-lease-del: an address without a lease" dhcp-lease-del dhA 10.77.1.198
refused "port-add: --dhcp-max-leases -1" port-add vsdhq --net dhA --type tap --ifname vsdhq0 --dhcp-max-leases -1
refused "port-add: --dhcp-max-leases 70000" port-add vsdhq --net dhA --type tap --ifname vsdhq0 --dhcp-max-leases 70000
check "vswitchd alive after the bad requests" vsw_alive
ctl dhcp-host-del dhA 02:77:00:00:0a:01 >/dev/null
# dhcp-lease-del works on a real lease (x2's), and x2 gets an address again
check "dhcp-lease-del dhE $IP_X2" ctl dhcp-lease-del dhE "$IP_X2"
check "... gone from dhcp-leases" eval "ctlj dhcp-leases dhE | jq -e 'all(.leases[]; .ip != \"$IP_X2\")' >/dev/null"
check "... and from leases.json" \
	jq -e --arg i "$IP_X2" 'all(.networks.dhE[]?; .ip != $i)' "$T/state/leases.json"
check "x2 gets a lease again: $IP_X2 is free once more" dhcp_get vsdhx2 vsdhx20 vsdh-x2
check "... $IP_X2 (the only free one; got $(env_of vsdhx20 ip))" test "$(env_of vsdhx20 ip)" == "$IP_X2"

# ---- starvation: 800 DISCOVERs from forged MACs on pf; pc is served meanwhile
cat >"$T/flood.py" <<'EOF'
import random, sys
from scapy.all import Ether, IP, UDP, BOOTP, DHCP, sendp
pkts = []
for i in range(int(sys.argv[2])):
    mac = bytes([0x02, 0x66, 0xf1, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff])
    smac = ":".join("%02x" % b for b in mac)
    pkts.append(Ether(src=smac, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") /
                UDP(sport=68, dport=67) / BOOTP(chaddr=mac, xid=random.getrandbits(32)) /
                DHCP(options=[("message-type", "discover"), ("client_id", b"\x01" + mac), "end"]))
sendp(pkts, iface=sys.argv[1], verbose=False, inter=0.006)
EOF
CAP0=$(dstat dhA '.results["port-cap"]')
vsw_bg flood ip netns exec vsdhf "$PY" "$T/flood.py" vsdhf0 800
wait_for 20 "flood under way" eval '[[ $(port_stat pf .rx_packets) -ge 50 ]]'
check "udhcpc in vsdhc (port pc) gets a lease during the flood" dhcp_get vsdhc vsdhc0 vsdh-c
check "... the flood still ran meanwhile (premise)" vsw_bg_running flood
IP_C=$(env_of vsdhc0 ip)
check "... $IP_C from $SRV_A in the range" \
	eval 'in_range "$IP_C" 10.77.1.10 10.77.1.199 && [[ $(env_of vsdhc0 serverid) == $SRV_A ]]'
check "the flood ran" eval "vsw_bg_wait flood || true; [[ \$(port_stat pf .rx_packets) -ge 800 ]]"
NPF=$(port_leases dhA pf)
check "port pf holds at most its cap of 16 leases (has $NPF)" eval "[[ $NPF -ge 1 && $NPF -le 16 ]]"
check "results.port-cap rose (was $CAP0, now $(dstat dhA '.results["port-cap"]'))" \
	test "$(dstat dhA '.results["port-cap"]')" -gt "$CAP0"
check "dhcp-rate drops on pf: $(drop_of pf dhcp-rate)" test "$(drop_of pf dhcp-rate)" -gt 0
check "no dhcp-rate drops on pc" test "$(drop_of pc dhcp-rate)" -eq 0
check "dhcp-leases: $MAC_C bound to $IP_C on pc" eval "[[ \$(lease_of dhA $MAC_C) == '$IP_C bound pc '* ]]"
check "no address of dhA is leased twice" \
	eval "ctlj dhcp-leases dhA | jq -e '[.leases[].ip] | length == (unique | length)' >/dev/null"
vsw_log "pf: punts $(port_stat pf .dhcp_punts), dhcp-rate $(drop_of pf dhcp-rate), dhcp-busy $(drop_of pf dhcp-busy); results $(ctlj net-show dhA | jq -c .dhcp.stats.results)"

# ---- kill -9 and restart with the same state dir
check "dhcp-host-add dhE $MAC_X3 10.77.2.50 (outside the dynamic range)" \
	ctl dhcp-host-add dhE $MAC_X3 10.77.2.50 --hostname vsdh-x3
bound_leases() { ctlj dhcp-leases | jq -S '[.leases[] | select(.state == "bound") | {net, ip, mac, port}] | sort_by(.net, .ip)'; }
bound_leases >"$T/leases.before"
HOSTS0=$(ctlj dhcp-host-list | jq -S -c .)
vsw_kill9
vsw_start || exit 1
bound_leases >"$T/leases.after"
check "after kill -9: the same bound leases listed ($(jq length "$T/leases.before") of them)" \
	eval "[[ \$(jq length $T/leases.before) -ge 5 ]] && diff -u $T/leases.before $T/leases.after"
check "after kill -9: reservations kept" test "$(ctlj dhcp-host-list | jq -S -c .)" == "$HOSTS0"
wait_for 10 "taps back" eval 'if_up vsdha vsdha0 && if_up vsdhx3 vsdhx30 && if_up vsdhb vsdhb0'
check "pa: 10.77.1.77 again" eval 'dhcp_get vsdha vsdha0 vsdh-a && [[ $(env_of vsdha0 ip) == 10.77.1.77 ]]'
check "pc: $IP_C again" eval 'dhcp_get vsdhc vsdhc0 vsdh-c && [[ $(env_of vsdhc0 ip) == "$IP_C" ]]'
check "x1: $IP_X1 again" eval 'dhcp_get vsdhx1 vsdhx10 vsdh-x1 && [[ $(env_of vsdhx10 ip) == "$IP_X1" ]]'
check "x2: $IP_X2 again" eval 'dhcp_get vsdhx2 vsdhx20 vsdh-x2 && [[ $(env_of vsdhx20 ip) == "$IP_X2" ]]'
check "x3 (no lease before) gets one now" dhcp_get vsdhx3 vsdhx30 vsdh-x3
check "... its reservation 10.77.2.50 (got $(env_of vsdhx30 ip))" test "$(env_of vsdhx30 ip)" == 10.77.2.50
rm -f "$T/dhclient.events"
dhclient_start
check "dhclient (same lease file): $IP_B again" \
	wait_for 25 "dhclient bound" eval "grep -Eq '^reason=(BOUND|REBOOT) ip=$IP_B ' $T/dhclient.events"
vsw_bg_kill dhclient

check "vswitchd still running" vsw_alive
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero
vsw_log "test took $((SECONDS - T0))s"
vsw_finish
