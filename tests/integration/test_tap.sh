#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_tap.sh - TAP ports: kernel interfaces vswitchd creates, in network namespaces or on
# the host, as ports of a network.
#
#   n1: ta (vstap0 in namespace vstap-a, 10.66.0.1/24)
#       tb (vstap1 in namespace vstap-b, 10.66.0.2/24, --mac 02:66:00:00:00:0b)
#   n2: tc (vstap2 in namespace vstap-c, 10.66.0.3/24: the same subnet on purpose, only the
#       switch's network isolation keeps it apart)
#   n3 (--mtu 1400): vstap3 (no --ifname: the interface takes the port name) and tr (--ifname
#       vstap-r), both without --netns, so on the host.
# Checks: each interface is born in its namespace (not on the host), up, with the network's
# MTU (and tb's MAC); port JSON (type, ifname, netns, link, managed_by); a and b ping each
# other and move 1 MiB over TCP intact; n1's FDB holds exactly their MACs on ta and tb; c
# reaches neither (no reply, no ARP entry, not one of its frames seen on vstap0 while b's
# pings to a were, no FDB entry in n1), nor gets a DHCP lease from a's dnsmasq; the link
# state follows the interface (ip link set down/up in the namespace); net-set --mtu changes
# the interfaces' MTU live, a frame of exactly the MTU passes and larger ones (vstap1's own
# MTU raised by the test) are dropped and counted as drops["oversize"] on tb; a real DHCP
# exchange (dnsmasq in vstap-a behind port ta, --dhcp-trusted, busybox udhcpc in vstap-b)
# through the switch; bad port-add requests (existing ifname in the target namespace or on
# the host, unknown or malformed namespace, --netns/--ifname on vhost-user, bad ifname) fail
# and change nothing; port-del
# removes the interface (and the port's FDB entries); SIGTERM (and SIGKILL) removes every
# interface, a restart re-creates them in their namespaces with the same MTU and MAC; traffic
# resumes.
# IPv6 is off in the namespaces so their interfaces send only what the test makes them send.
# Needs root, jq, busybox (ping, udhcpc), dnsmasq, tcpdump, socat.
# shellcheck disable=SC2119,SC2317 # vsw_start takes no args here; helpers run via check
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

for b in jq busybox dnsmasq tcpdump socat; do
	command -v "$b" >/dev/null || { echo "test_tap: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init tap
T0=$SECONDS

NSA=vstap-a NSB=vstap-b NSC=vstap-c
IFA=vstap0 IFB=vstap1 IFC=vstap2 IF3=vstap3 IFR=vstap-r DUM=vstap-dum
MACB=02:66:00:00:00:0b
IPA=10.66.0.1 IPB=10.66.0.2 IPC=10.66.0.3

# ---- helpers
# if_ok NS IF MTU: IF exists in NS (and only there, not on the host), is up and has MTU
if_ok() {
	local ns=$1 ifc=$2 mtu=$3
	if_exists "$ns" "$ifc" || { vsw_log "$ifc not in namespace $ns"; return 1; }
	if [[ $ns != - ]] && if_exists - "$ifc"; then vsw_log "$ifc also on the host"; return 1; fi
	if_up "$ns" "$ifc" || { vsw_log "$ifc in $ns not up: $(nsip "$ns" -o link show dev "$ifc")"; return 1; }
	[[ $(if_mtu "$ns" "$ifc") == "$mtu" ]] ||
		{ vsw_log "$ifc in $ns: mtu $(if_mtu "$ns" "$ifc"), want $mtu"; return 1; }
}
# ping_none NS ADDR N [PING_ARGS...]: N echo requests from NS to ADDR, no reply at all
ping_none() {
	local ns=$1 a=$2 n=$3 out rc
	shift 3
	out=$(nsexec "$ns" busybox ping -c "$n" -W 2 "$@" "$a" 2>&1)
	rc=$?
	[[ $rc -ne 0 && $out != *"bytes from"* ]] && return 0
	vsw_log "ping $* $a from ${ns/#-/host} got replies: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	return 1
}
# neigh_resolved NS ADDR: NS has a neighbour entry for ADDR with a MAC
neigh_resolved() { nsip "$1" neigh show "$2" | grep -q lladdr; }
jq_ok() {
	local f=$1
	shift
	ctlj "$@" | jq -e "$f" >/dev/null
}
fdb_count() { ctlj fdb-show "$1" | jq '.entries | length'; }
# fdb_has_mac NET MAC: NET's FDB has an entry for MAC (any port)
fdb_has_mac() { ctlj fdb-show "$1" | jq -e --arg m "$2" 'any(.entries[]; .mac == $m)' >/dev/null; }
oversize() { port_stat "$1" '.drops["oversize"]'; }
# cap_start NS IF NAME: capture everything on IF in NS into $T/NAME.pcap
cap_start() {
	# not through nsexec: $! must be tcpdump itself (ip netns exec execs it), not a subshell
	ip netns exec "$1" tcpdump -i "$2" -n -U --immediate-mode -Z root -w "$T/$3.pcap" >/dev/null \
		2>"$T/$3.tcpdump.log" &
	CAP_PID[$3]=$!
	vsw_on_cleanup "kill ${CAP_PID[$3]}"
	wait_for 10 "tcpdump $3 listening" grep -q 'listening on' "$T/$3.tcpdump.log"
}
cap_stop() {
	sleep 1
	kill -TERM "${CAP_PID[$1]}" 2>/dev/null
	wait "${CAP_PID[$1]}" 2>/dev/null
}
# cap_count NAME [FILTER]: frames in $T/NAME.pcap (matching FILTER)
cap_count() { tcpdump -n -r "$T/$1.pcap" "${@:2}" 2>/dev/null | wc -l; }
declare -A CAP_PID=()

# Configuration as reported plus every interface in the namespaces and on the host.
snap() {
	ctlj net-list | jq -S '.networks | map(del(.fdb_entries, .fdb_moves))'
	ctlj port-list | jq -S '.ports | map(del(.stats))'
	for ns in - $NSA $NSB $NSC; do	# on the host: only our names (vstap*)
		echo "== $ns"
		nsip "$ns" -o link show | awk -F': ' '{ print $2 }' | sort |
			{ if [[ $ns == - ]]; then grep '^vstap' || true; else cat; fi; }
	done
	ls -A "$T/run"
}

# ---- namespaces (names of an earlier run that died are removed first)
for ns in $NSA $NSB $NSC; do ip netns del "$ns" 2>/dev/null; done
ip link del "$DUM" 2>/dev/null
for ns in $NSA $NSB $NSC; do
	ip netns add "$ns" || exit 1
	vsw_on_cleanup "ip netns del $ns"
	nsexec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || exit 1
	ip -n "$ns" link set lo up
done
# (a veth pair: this kernel may have no dummy driver)
ip link add "$DUM" type veth peer name "${DUM}p" || exit 1
vsw_on_cleanup "ip link del $DUM"

# ---- switch (the namespaces are removed after vswitchd: registered before it)
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"
vsw_start || exit 1
ctl net-add n1 >/dev/null && ctl net-add n2 >/dev/null || exit 1
# (--dhcp-trusted: the DHCP exchange below has dnsmasq in vstap-a serve vstap-b; server
# messages from untrusted ports are dropped as dhcp-rogue on every network)
check "port-add ta: tap $IFA in $NSA, trusted to run a DHCP server" \
	ctl port-add ta --net n1 --type tap --ifname $IFA --netns $NSA --dhcp-trusted
check "port-add tb: tap $IFB in $NSB with MAC $MACB" \
	ctl port-add tb --net n1 --type tap --ifname $IFB --netns $NSB --mac $MACB
check "port-add tc: tap $IFC in $NSC (network n2)" \
	ctl port-add tc --net n2 --type tap --ifname $IFC --netns $NSC
check "$IFA is in $NSA only, up, mtu 1500" if_ok $NSA $IFA 1500
check "$IFB is in $NSB only, up, mtu 1500" if_ok $NSB $IFB 1500
check "$IFC is in $NSC only, up, mtu 1500" if_ok $NSC $IFC 1500
check "$IFB has the MAC given with --mac ($(if_mac $NSB $IFB))" test "$(if_mac $NSB $IFB)" == $MACB
check "port-show ta: type tap, ifname $IFA, netns $NSA, not managed, link up" \
	jq_ok ".type == \"tap\" and .ifname == \"$IFA\" and .netns == \"$NSA\" and
	       .managed_by == null and .link == \"up\" and .net == \"n1\"" port-show ta
check "port-show tc: type tap, ifname $IFC, netns $NSC, link up" \
	jq_ok ".type == \"tap\" and .ifname == \"$IFC\" and .netns == \"$NSC\" and
	       .link == \"up\" and .net == \"n2\"" port-show tc
check "net n1: ports ta and tb" jq_ok '(.ports | sort) == ["ta", "tb"]' net-show n1
MACA=$(if_mac $NSA $IFA) MACC=$(if_mac $NSC $IFC)
vsw_log "MACs: $IFA $MACA, $IFB $(if_mac $NSB $IFB), $IFC $MACC"

# ---- a <-> b through the switch
ip -n $NSA addr add $IPA/24 dev $IFA && ip -n $NSB addr add $IPB/24 dev $IFB &&
	ip -n $NSC addr add $IPC/24 dev $IFC || exit 1
check "$NSA pings $NSB ($IPB) through the switch" first_ping $NSA $IPB
check "$NSB pings $NSA ($IPA)" ping_n $NSB $IPA 3
check "fdb n1: $IFA's MAC on port ta" fdb_has n1 "$MACA" ta dynamic
check "fdb n1: $IFB's MAC on port tb" fdb_has n1 $MACB tb dynamic
check "fdb n1 holds exactly those 2 entries (got $(fdb_count n1))" test "$(fdb_count n1)" -eq 2

head -c 1048576 /dev/urandom >"$T/data"
ip netns exec $NSB timeout 120 socat -u TCP-LISTEN:7777,bind=$IPB,reuseaddr "OPEN:$T/recv,creat,trunc" \
	2>"$T/socat.log" &
SOCAT_PID=$!
vsw_on_cleanup "kill $SOCAT_PID"
wait_for 10 "socat listening in $NSB" eval "nsexec $NSB ss -ltn | grep -q '$IPB:7777'"
check "1 MiB over TCP $NSA -> $NSB" \
	timeout 60 ip netns exec $NSA socat -u "OPEN:$T/data" TCP:$IPB:7777,connect-timeout=10
wait "$SOCAT_PID"
check "... arrived intact" cmp -s "$T/data" "$T/recv"

# ---- c (n2, same subnet) reaches neither; nothing of it shows up on vstap0 meanwhile
cap_start $NSA $IFA capa || exit 1
check "$NSC ($IPC, network n2) gets no reply from $IPA" ping_none $NSC $IPA 4
check "$NSC gets no reply from $IPB" ping_none $NSC $IPB 3
check "$NSA gets no reply from $IPC" ping_none $NSA $IPC 3
check "$NSB pings $NSA during the capture" ping_n $NSB $IPA 3
cap_stop capa
check "capture on $IFA: b's pings seen ($(cap_count capa icmp) ICMP frames), premise" \
	test "$(cap_count capa icmp)" -ge 6
check "capture on $IFA: not one frame from or to c's MAC (got $(cap_count capa ether host "$MACC"))" \
	test "$(cap_count capa ether host "$MACC")" -eq 0
check "$NSC has no resolved ARP entry for $IPA or $IPB" \
	eval "! neigh_resolved $NSC $IPA && ! neigh_resolved $NSC $IPB"
check "$NSA and $NSB have no resolved ARP entry for $IPC" \
	eval "! neigh_resolved $NSA $IPC && ! neigh_resolved $NSB $IPC"
check "fdb n1 never got c's MAC" eval "! fdb_has_mac n1 $MACC"
check "fdb n2: c's MAC on tc" fdb_has n2 "$MACC" tc dynamic
check "port tc transmitted nothing (n2 has no other port; tx $(port_stat tc .tx_packets))" \
	test "$(port_stat tc .tx_packets)" -eq 0

# ---- link state follows the interface
ip -n $NSA link set $IFA down
check "ip link set $IFA down in $NSA: port ta link down" wait_for 10 "ta down" link_is ta down
ip -n $NSA link set $IFA up
check "ip link set $IFA up: port ta link up again" wait_for 10 "ta up" link_is ta up
check "$NSA pings $NSB again after down/up" first_ping $NSA $IPB

# ---- MTU: live changes and enforcement on TAP ingress
check "net-set n1 --mtu 1400" ctl net-set n1 --mtu 1400
check "net-show n1: mtu 1400" jq_ok '.mtu == 1400' net-show n1
check "$IFA mtu 1400 (live)" wait_for 5 "$IFA mtu 1400" eval "[[ \$(if_mtu $NSA $IFA) == 1400 ]]"
check "$IFB mtu 1400 (live)" wait_for 5 "$IFB mtu 1400" eval "[[ \$(if_mtu $NSB $IFB) == 1400 ]]"
check "$IFC (network n2) keeps mtu 1500" test "$(if_mtu $NSC $IFC)" == 1500
check "1400-byte IP packets pass $NSB -> $NSA (ping -s 1372)" ping_n $NSB $IPA 3 -s 1372
# vstap1 itself may send bigger frames than the network allows: the switch drops them.
ip -n $NSB link set $IFB mtu 9000 || exit 1
OV0=$(oversize tb)
check "1401-byte IP packets from $NSB (its $IFB at mtu 9000) get no reply" ping_none $NSB $IPA 3 -s 1373
check "... counted as oversize on tb (was $OV0, now $(oversize tb))" \
	test "$(oversize tb)" -ge $((OV0 + 3))
OV0=$(oversize tb)
check "4028-byte IP packets from $NSB get no reply" ping_none $NSB $IPA 3 -s 4000
check "... counted as oversize on tb (was $OV0, now $(oversize tb))" \
	test "$(oversize tb)" -ge $((OV0 + 3))
check "oversize not counted on ta (got $(oversize ta))" test "$(oversize ta)" -eq 0
check "$NSB still pings $NSA with small packets" ping_n $NSB $IPA 3
check "net-set n1 --mtu 1500" ctl net-set n1 --mtu 1500
check "$IFA back at mtu 1500" wait_for 5 "$IFA mtu 1500" eval "[[ \$(if_mtu $NSA $IFA) == 1500 ]]"
check "$IFB set to mtu 1500 (from the 9000 the test gave it)" \
	wait_for 5 "$IFB mtu 1500" eval "[[ \$(if_mtu $NSB $IFB) == 1500 ]]"
check "1500-byte IP packets pass $NSA -> $NSB (ping -s 1472)" ping_n $NSA $IPB 3 -s 1472
refused "net-set n1 --mtu 9001" net-set n1 --mtu 9001
refused "net-set n1 --mtu 67" net-set n1 --mtu 67
check "$IFA still at mtu 1500" test "$(if_mtu $NSA $IFA)" == 1500

# ---- DHCP: dnsmasq in vstap-a (port ta, --dhcp-trusted), busybox udhcpc in vstap-b (and in
# vstap-c: no lease)
cat >"$T/udhcpc.sh" <<EOF
#!/bin/sh
# udhcpc event script: record the lease, touch nothing
case "\$1" in
bound|renew)
	{ echo "ip=\$ip"; echo "mask=\$mask"; echo "serverid=\$serverid"; echo "lease=\$lease"
	  echo "router=\$router"; } >"$T/lease.\$interface"
	;;
esac
exit 0
EOF
chmod 755 "$T/udhcpc.sh"
ip -n $NSB addr flush dev $IFB
ip netns exec $NSA dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
	--interface=$IFA --bind-interfaces --except-interface=lo \
	--dhcp-range=10.66.0.100,10.66.0.150,255.255.255.0,10m --dhcp-authoritative \
	--dhcp-leasefile="$T/dnsmasq.leases" --pid-file="$T/dnsmasq.pid" \
	--log-facility="$T/dnsmasq.log" --log-dhcp --user=root --group=root \
	2>"$T/dnsmasq.err" &
DNSMASQ_PID=$!
vsw_on_cleanup "kill $DNSMASQ_PID; wait $DNSMASQ_PID"
check "dnsmasq runs in $NSA" wait_for 10 "dnsmasq up" \
	eval "nsexec $NSA ss -lun | grep -q ':67 '"
check "udhcpc in $NSC (network n2) gets no lease" eval "! timeout 30 ip netns exec $NSC \
	busybox udhcpc -i $IFC -f -q -n -t 3 -T 1 -A 1 -s $T/udhcpc.sh >$T/udhcpc.c.log 2>&1"
check "udhcpc in $NSB gets a lease through the switch" eval "timeout 60 ip netns exec $NSB \
	busybox udhcpc -i $IFB -f -q -n -t 10 -T 2 -A 1 -s $T/udhcpc.sh >$T/udhcpc.b.log 2>&1"
sed 's/^/# udhcpc: /' "$T/udhcpc.b.log"
ip=none serverid=none mask=none
# shellcheck disable=SC1090
[[ -f $T/lease.$IFB ]] && . "$T/lease.$IFB"
vsw_log "lease: ip=$ip mask=$mask serverid=$serverid"
check "lease $ip from 10.66.0.100-150, /24, server $IPA" eval \
	"[[ $ip =~ ^10\.66\.0\.([0-9]+)$ ]] && (( BASH_REMATCH[1] >= 100 && BASH_REMATCH[1] <= 150 )) &&
	 [[ $mask == 24 && $serverid == $IPA ]]"
check "dnsmasq's lease file has $IFB's MAC with $ip" grep -qi "$MACB $ip " "$T/dnsmasq.leases"
check "dnsmasq never heard from c's MAC" eval "! grep -qi '$MACC' '$T/dnsmasq.log'"
check "no lease file for $IFC" test ! -e "$T/lease.$IFC"
ip -n $NSB addr add "$ip/24" dev $IFB 2>/dev/null
check "$NSB pings $NSA from its leased address $ip" first_ping $NSB $IPA
kill "$DNSMASQ_PID"
wait "$DNSMASQ_PID" 2>/dev/null
check "dnsmasq stopped" eval "! kill -0 $DNSMASQ_PID 2>/dev/null"
ip -n $NSB addr flush dev $IFB
ip -n $NSB addr add $IPB/24 dev $IFB

# ---- TAP ports on the host (no --netns)
check "net-add n3 --mtu 1400" ctl net-add n3 --mtu 1400
check "port-add $IF3 --type tap (no --ifname: the port name)" ctl port-add $IF3 --net n3 --type tap
check "port-add tr --type tap --ifname $IFR" ctl port-add tr --net n3 --type tap --ifname $IFR
check "$IF3 on the host, up, mtu 1400 (the network's)" if_ok - $IF3 1400
check "$IFR on the host, up, mtu 1400" if_ok - $IFR 1400
check "port-show $IF3: type tap, ifname $IF3, netns null, link up" \
	jq_ok ".type == \"tap\" and .ifname == \"$IF3\" and .netns == null and .link == \"up\"" \
	port-show $IF3
check "port-show tr: ifname $IFR" jq_ok ".ifname == \"$IFR\" and .netns == null" port-show tr
check "net-set n3 --mtu 1280" ctl net-set n3 --mtu 1280
check "$IF3 and $IFR at mtu 1280 (live)" wait_for 5 "mtu 1280" \
	eval "[[ \$(if_mtu - $IF3):\$(if_mtu - $IFR) == 1280:1280 ]]"
check "net-show n3: mtu 1280" jq_ok '.mtu == 1280' net-show n3

# ---- bad requests: refused, nothing changes
refused "tap whose ifname exists in the target namespace ($IFA in $NSA)" \
	port-add tx --net n1 --type tap --ifname $IFA --netns $NSA
refused "tap whose ifname exists on the host ($DUM)" port-add tx --net n1 --type tap --ifname $DUM
refused "tap named like an existing host interface, no --ifname" port-add $DUM --net n1 --type tap
refused "tap whose ifname is lo" port-add tx --net n1 --type tap --ifname lo
refused "tap with the ifname of another tap port on the host ($IF3)" \
	port-add tx --net n1 --type tap --ifname $IF3
refused "tap in a namespace that does not exist" \
	port-add tx --net n1 --type tap --ifname vstap9 --netns vstap-nope
refused "tap with --netns ../$NSA" port-add tx --net n1 --type tap --ifname vstap9 --netns ../$NSA
refused "tap with --netns /var/run/netns/$NSA" \
	port-add tx --net n1 --type tap --ifname vstap9 --netns /var/run/netns/$NSA
refused "tap with an ifname of 16 characters" port-add tx --net n1 --type tap --ifname vstap-0123456789
refused "tap with a / in the ifname" port-add tx --net n1 --type tap --ifname vs/tap9
refused "tap port named 16+ characters without --ifname" port-add vstap-0123456789 --net n1 --type tap
refused "--netns on a vhost-user port" \
	port-add tx --net n1 --type vhost-user --path "$T/run/tx.sock" --netns $NSA
refused "--ifname on a vhost-user port" \
	port-add tx --net n1 --type vhost-user --path "$T/run/tx.sock" --ifname vstap9
refused "tap on an unknown network" port-add tx --net n9 --type tap --ifname vstap9
refused "tap with the name of an existing port" port-add ta --net n1 --type tap --ifname vstap9
check "vstap9 was created nowhere" eval "if_gone - vstap9 && if_gone $NSA vstap9 && if_gone $NSB vstap9"

# ---- port-del removes the interface (and what the FDB learned on it)
check "port-del tb" ctl port-del tb
check "$IFB gone from $NSB" wait_for 5 "$IFB gone" if_gone $NSB $IFB
check "$IFB not on the host either" if_gone - $IFB
check "no FDB entry points at tb" eval "! ctlj fdb-show n1 | jq -e 'any(.entries[]; .port == \"tb\")' >/dev/null"
check "port-del tr: $IFR gone from the host" eval "ctl port-del tr && wait_for 5 '$IFR gone' if_gone - $IFR"
check "port-add tb again" \
	ctl port-add tb --net n1 --type tap --ifname $IFB --netns $NSB --mac $MACB
check "$IFB back in $NSB, up, mtu 1500, MAC $MACB" \
	eval "if_ok $NSB $IFB 1500 && [[ \$(if_mac $NSB $IFB) == $MACB ]]"
ip -n $NSB addr add $IPB/24 dev $IFB
check "$NSA pings $NSB on the re-created $IFB" first_ping $NSA $IPB

# ---- restart: SIGTERM removes every interface, a start re-creates them where they were
vsw_stop
RC=$?
check "SIGTERM: exit status 0 (got $RC)" test "$RC" -eq 0
check "after SIGTERM: $IFA, $IFB, $IFC gone from their namespaces" \
	eval "if_gone $NSA $IFA && if_gone $NSB $IFB && if_gone $NSC $IFC"
check "after SIGTERM: $IF3 gone from the host" if_gone - $IF3
check "after SIGTERM: none of them on the host" eval "if_gone - $IFA && if_gone - $IFB && if_gone - $IFC"
vsw_start || exit 1
check "restart: $IFA in $NSA, up, mtu 1500" if_ok $NSA $IFA 1500
check "restart: $IFB in $NSB, up, mtu 1500, MAC $MACB" \
	eval "if_ok $NSB $IFB 1500 && [[ \$(if_mac $NSB $IFB) == $MACB ]]"
check "restart: $IFC in $NSC, up, mtu 1500" if_ok $NSC $IFC 1500
check "restart: $IF3 on the host, up, mtu 1280" if_ok - $IF3 1280
check "restart: $IFR not re-created (port deleted)" if_gone - $IFR
check "restart: port-show ta as before" \
	jq_ok ".type == \"tap\" and .ifname == \"$IFA\" and .netns == \"$NSA\" and .link == \"up\"" \
	port-show ta
ip -n $NSA addr add $IPA/24 dev $IFA && ip -n $NSB addr add $IPB/24 dev $IFB || exit 1
check "restart: $NSA pings $NSB" first_ping $NSA $IPB
check "restart: $NSB pings $NSA" ping_n $NSB $IPA 3

# ---- crash: SIGKILL closes the TAP fds (the kernel removes the interfaces), a start re-creates them
vsw_kill9
check "after SIGKILL: $IFA, $IFB, $IFC and $IF3 gone" wait_for 5 "interfaces gone" \
	eval "if_gone $NSA $IFA && if_gone $NSB $IFB && if_gone $NSC $IFC && if_gone - $IF3"
vsw_start || exit 1
check "after SIGKILL restart: $IFA, $IFB, $IFC back in their namespaces, $IF3 on the host" \
	eval "if_ok $NSA $IFA 1500 && if_ok $NSB $IFB 1500 && if_ok $NSC $IFC 1500 && if_ok - $IF3 1280"
ip -n $NSA addr add $IPA/24 dev $IFA && ip -n $NSB addr add $IPB/24 dev $IFB || exit 1
check "after SIGKILL restart: $NSA pings $NSB" first_ping $NSA $IPB

check "vswitchd still running" vsw_alive
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero
vsw_log "test took $((SECONDS - T0))s"
vsw_finish
