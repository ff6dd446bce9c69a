#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_vlan.sh - 802.1Q access and trunk ports seen by real virtio front ends:
# tag push/pop, VLAN separation on a trunk, native VLAN, anti-hopping drops,
# PCP preservation, live trunk changes; every frame each peer received is
# checked exactly (addresses, tag stack, payload bytes, count).
#
# Each switch port's peer is a testpmd with two ports in io forwarding mode:
# port 0 is net_pcap (rx_pcap = frames crafted by lib/pcapgen.py, tx_pcap =
# what the peer received), port 1 is virtio_user on the switch's vhost-user
# socket. "start" injects the rx_pcap frames into the switch once (pcap rx
# stops at the end of the file) and from then on every frame the switch
# delivers is written to the tx_pcap file. "port stop 0" closes both files
# and "port start 0" reopens them (rx from the beginning, tx truncated), so
# the same four testpmds serve every round:
#   pp_load NAME SPEC...     frames NAME injects in the next round
#   pp_round DESC NAME...    one round: peers not named start first (they
#                            only receive), then each NAME injects in turn
#                            (the next one starts once the switch counted
#                            every frame of the previous one); ends when
#                            every peer's capture holds what the switch says
#                            it sent to that port
#   want NAME LABEL:TAGS...  NAME received exactly the frames of these labels
#                            (each as sent, all of them, once), with TAGS
#   drops_delta PORT R=N...  in the round PORT's drop counters (and
#                            rx_other_tpid) changed by exactly these
#
# Ports: a (access), b (access), t (trunk), u (access or trunk, by case).
# Rounds: 1 access <-> trunk, two VLANs on one trunk, one MAC in two VLANs;
# 2 native network (no VLAN id); 3 no native: no-native drops; 4 anti-hopping
# (QinQ, S-tag, tagged on access: vlan-violation; unknown VID); 5 PCP kept,
# inner tag and payload untouched trunk to trunk, known unicast to a trunk,
# checked with tcpdump too; 6 port-set drops a VLAN from a trunk; 7 native
# network that has a VLAN id; 8 jumbo frames. Then: every mbuf back.
# SC2317: helpers run through check/poll/wait_for; SC2119: vsw_start takes
# no arguments here
# shellcheck disable=SC2317,SC2119
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init vlan
# the interpreter itself, not a wrapper (pyenv's shim costs ~0.5 s a call)
PCAPGEN=("$(python3 -c 'import sys; print(sys.executable)')" \
	"$VSW_SOURCE_DIR/tests/integration/lib/pcapgen.py")

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b
MAC_T=02:00:00:00:00:1a MAC_U=02:00:00:00:00:1b
MAC_X=02:00:00:00:00:99	# sent from two ports, in two VLANs
PEERS=(a b t u)
ROUND=0
declare -A SENT=()

# --- pcap peers ----------------------------------------------------------------

# poll SECS DESC CMD...: wait_for, polling every 0.05 s
poll() { WAIT_FOR_MS=50 wait_for "$@"; }

# pp_start NAME MAC: testpmd peer of switch port NAME (io: pcap <-> virtio).
# --no-flush-rx: else "start" drains (and drops) the whole rx_pcap file
# before forwarding; big mbufs: net_pcap cannot scatter a jumbo frame.
pp_start() {
	local name=$1 mac=$2
	"${PCAPGEN[@]}" gen "$T/pp.$name.in.pcap" || return 1
	tp_launch "$name" \
		--vdev "net_pcap0,rx_pcap=$T/pp.$name.in.pcap,tx_pcap=$T/pp.$name.out.pcap" \
		--vdev "net_virtio_user1,path=$T/run/$name.sock,queues=1,queue_size=256,mac=$mac" \
		-- --forward-mode=io --no-flush-rx --max-pkt-len=9600 --mbuf-size=10240
	tp_wait_prompt "$name" || { tail -n 20 "$T/tp.$name.log"; return 1; }
	# rounds start the pcap port with their own files
	tp_cmd "$name" "port stop 0"
	pp_barrier "$name"
}

# pp_barrier NAME: wait until testpmd NAME has run every command sent so far
# (it runs them in order: wait for the answer of one more).
pp_barrier() {
	WAIT_FOR_MS=50 tp_cmd_wait "$1" "show port summary all" \
		'Number of available ports' answers
}

# pp_load NAME SPEC...: the frames NAME injects in the next round.
pp_load() {
	local name=$1 line label
	shift
	"${PCAPGEN[@]}" gen "$T/pp.$name.next.pcap" "$@" || return 1
	while read -r line; do
		label=$(awk '{ print $2 }' <<<"$line")
		SENT[$label]=$line
	done < <("${PCAPGEN[@]}" summary "$T/pp.$name.next.pcap")
}

port_json() { ctlj port-show "$1"; }
pkt_stat() { port_json "$1" | jq -r ".stats.$2"; }

# round_rx_is NAME N: the switch has counted N frames received on port NAME
# since the round began.
round_rx_is() { [[ $(($(pkt_stat "$1" rx_packets) - $(jq .stats.rx_packets "$T/base.$1.json"))) -eq $2 ]]; }

# captured_all: every peer's capture holds as many frames as the switch sent
# to its port in this round, twice 0.3 s apart (a burst the switch counted as
# received may still be on its way).
captured_all_once() {
	local p sent="" got files=()
	for p in "${PEERS[@]}"; do
		sent+="$(($(pkt_stat "$p" tx_packets) - $(jq .stats.tx_packets "$T/base.$p.json"))) "
		files+=("$T/pp.$p.out.pcap")
	done
	got=$("${PCAPGEN[@]}" count "${files[@]}" | paste -sd' ')
	[[ $sent == "$got " ]]
}
captured_all() { captured_all_once && sleep 0.3 && captured_all_once; }

# pp_round DESC NAME...: run one round (see the header).
pp_round() {
	local desc=$1 p n
	shift
	ROUND=$((ROUND + 1))
	vsw_log "round $ROUND: $desc"
	for p in "${PEERS[@]}"; do
		if [[ -f $T/pp.$p.next.pcap ]]; then
			mv -f "$T/pp.$p.next.pcap" "$T/pp.$p.in.pcap"
		else
			"${PCAPGEN[@]}" gen "$T/pp.$p.in.pcap"
		fi
		port_json "$p" >"$T/base.$p.json"
		tp_cmd "$p" "port start 0"
	done
	for p in "${PEERS[@]}"; do
		[[ " $* " == *" $p "* ]] && continue
		tp_cmd "$p" "start"
		pp_barrier "$p"
	done
	for p in "$@"; do
		n=$("${PCAPGEN[@]}" count "$T/pp.$p.in.pcap")
		pp_barrier "$p"
		tp_cmd "$p" "start"
		poll 10 "switch received $n frames from $p" round_rx_is "$p" "$n"
	done
	poll 10 "every peer captured what the switch sent it" captured_all
	for p in "${PEERS[@]}"; do
		tp_cmd "$p" "stop"
		tp_cmd "$p" "port stop 0"
	done
	for p in "${PEERS[@]}"; do
		pp_barrier "$p"
		cp "$T/pp.$p.out.pcap" "$T/r$ROUND.$p.pcap"
		"${PCAPGEN[@]}" summary "$T/r$ROUND.$p.pcap" | LC_ALL=C sort >"$T/r$ROUND.$p.txt"
	done
}

# want NAME [LABEL:TAGS]...: in this round peer NAME received exactly the
# frames sent with these labels (each group whole, each frame once, payload
# intact), carrying TAGS ("-": untagged, else as pcapgen.py prints them).
want() {
	local name=$1 item label tags exp desc
	shift
	exp=$(for item in "$@"; do
		label=${item%%:*} tags=${item#*:}
		awk -v t="$tags" '{ $4 = t; print }' <<<"${SENT[$label]}"
	done | LC_ALL=C sort)
	desc="round $ROUND: $name received exactly: ${*:-nothing}"
	if [[ $exp == "$(cat "$T/r$ROUND.$name.txt")" ]]; then
		check "$desc" true
	else
		check "$desc" false
		echo "#   want:"
		printf '%s' "$exp" | awk '{ print "#     " $0 } END { if (!NR) print "#     (nothing)" }'
		echo "#   got:"
		awk '{ print "#     " $0 } END { if (!NR) print "#     (nothing)" }' "$T/r$ROUND.$name.txt"
	fi
}

# drops_delta PORT [REASON=N]...: in this round PORT's drop counters and
# rx_other_tpid changed by exactly these (every other one by 0).
drops_delta() {
	local port=$1 got exp
	shift
	got=$(port_json "$port" | jq -r --slurpfile b "$T/base.$port.json" '
		[(.stats.drops | to_entries[] |
		  {k: .key, d: (.value - ($b[0].stats.drops[.key] // 0))}),
		 {k: "rx_other_tpid",
		  d: ((.stats.rx_other_tpid // 0) - ($b[0].stats.rx_other_tpid // 0))}]
		| map(select(.d != 0) | "\(.k)=\(.d)") | sort | join(" ")')
	exp=$(printf '%s\n' "$@" | LC_ALL=C sort | paste -sd' ')
	check "round $ROUND: port $port drops ${exp:-none} (got ${got:-none})" test "$got" == "$exp"
}

# tcpdump_count NAME REGEX: frames of this round's capture of NAME whose
# tcpdump -en line matches REGEX (an independent decoder of the tags)
tcpdump_count() { tcpdump -enr "$T/r$ROUND.$1.pcap" 2>/dev/null | grep -cE "$2"; }

# fdb_macs_of MAC: "NET/PORT" of every FDB entry of MAC, sorted, one line
fdb_macs_of() { ctlj fdb-show | jq -r --arg m "$1" "[.entries[] | select(.mac == \$m) | \"\\(.net)/\\(.port)\"] | sort | join(\" \")"; }
# port_has_no_fdb PORT: no FDB entry points to PORT
port_has_no_fdb() { ctlj fdb-show | jq -e --arg p "$1" 'all(.entries[]; .port != $p)' >/dev/null; }
# jq_is FILTER VALUE CMD...: jq -c FILTER of vswctl --json CMD... is VALUE
jq_is() { [[ $(ctlj "${@:3}" | jq -c "$1") == "$2" ]]; }

# --- setup ---------------------------------------------------------------------

vsw_start || exit 1
ctl net-add v10 --vlan 10 && ctl net-add v20 --vlan 20 && ctl net-add v30 || exit 1
ctl port-add a --type vhost-user --net v10 || exit 1
ctl port-add b --type vhost-user --net v20 || exit 1
ctl port-add t --type vhost-user --trunk v10,v20 || exit 1
ctl port-add u --type vhost-user --net v30 || exit 1
pp_start a $MAC_A || exit 1
pp_start b $MAC_B || exit 1
pp_start t $MAC_T || exit 1
pp_start u $MAC_U || exit 1
wait_for 30 "all links up" n_links_up 4 || exit 1

check "t is a trunk of v10,v20 without native" jq_is '[.vlan_mode, .net, .trunk, .native]' '["trunk",null,["v10","v20"],null]' port-show t
check "a is an access port of v10" jq_is '[.vlan_mode, .net, .trunk, .native]' '["access","v10",[],null]' port-show a
check "v10 has VLAN 10 and ports a, t" jq_is '[.vlan, (.ports | sort)]' '[10,["a","t"]]' net-show v10
check "v30 has no VLAN id" jq_is '.vlan' 'null' net-show v30
expect_fail "a second network with VLAN 10 is refused" q ctl net-add v10b --vlan 10
expect_fail "net-set v10 --vlan none refused while trunk t carries it" q ctl net-set v10 --vlan none
expect_fail "a trunk cannot carry a network without VLAN id tagged" q ctl port-set t --trunk v10,v30
check "t unchanged by the refused port-set" jq_is '.trunk' '["v10","v20"]' port-show t

# --- 1+2: access <-> trunk, two VLANs on one trunk, one MAC in two VLANs ------

pp_load b label=b-hello,src=$MAC_B
pp_load a label=a-bc,src=$MAC_A,n=8 label=a-x,src=$MAC_X,n=2
pp_load t label=t-to-a,src=$MAC_T,dst=$MAC_A,tags=8100:10:0,n=8 \
	label=t-bc10,src=$MAC_T,tags=8100:10:0,n=5 \
	label=t-to-b,src=$MAC_T,dst=$MAC_B,tags=8100:20:0,n=6 \
	label=t-bc20,src=$MAC_T,tags=8100:20:0,n=3 \
	label=t-x,src=$MAC_X,tags=8100:20:0,n=2
pp_round "access <-> trunk, VLANs 10 and 20 on one trunk" b a t
want t b-hello:8100:20:0 a-bc:8100:10:0 a-x:8100:10:0
want a t-to-a:- t-bc10:-
want b t-to-b:- t-bc20:- t-x:-
want u
for p in a b t u; do drops_delta $p; done
check "FDB: MAC_X learned in v10 on a and in v20 on t" \
	test "$(fdb_macs_of $MAC_X)" == "v10/a v20/t"
check "FDB: t's MAC learned in v10 and v20 on t" \
	test "$(fdb_macs_of $MAC_T)" == "v10/t v20/t"
check "FDB: a's MAC in v10 on a, b's in v20 on b" \
	test "$(fdb_macs_of $MAC_A) $(fdb_macs_of $MAC_B)" == "v10/a v20/b"

# --- 3: native VLAN -------------------------------------------------------------

check "port-set t --native v30" q ctl port-set t --trunk v10,v20 --native v30
check "t: trunk v10,v20, native v30" jq_is '[.vlan_mode, .trunk, .native]' '["trunk",["v10","v20"],"v30"]' port-show t
check "v30's ports: t and u" jq_is '.ports | sort' '["t","u"]' net-show v30
check "port-set flushed t's learned MACs" port_has_no_fdb t
pp_load u label=u-hello,src=$MAC_U label=u-to-t,src=$MAC_U,dst=$MAC_T,n=5
pp_load t label=t-nat,src=$MAC_T,dst=$MAC_U,n=7 \
	label=t-natbc,src=$MAC_T,n=2 \
	label=t-prio,src=$MAC_T,dst=$MAC_U,tags=8100:0:4,n=3 \
	label=t-qinq,src=$MAC_T,dst=$MAC_U,tags=88a8:10:0,n=2
pp_round "native VLAN v30 on trunk t" u t
want u t-nat:- t-natbc:- t-prio:- t-qinq:88a8:10:0
want t u-hello:- u-to-t:-
want a
want b
drops_delta t rx_other_tpid=2
for p in a b u; do drops_delta $p; done
check "FDB: u and t learned in v30 only" \
	test "$(fdb_macs_of $MAC_U) $(fdb_macs_of $MAC_T)" == "v30/u v30/t"

check "port-set t without native" q ctl port-set t --trunk v10,v20
check "t: no native" jq_is '[.trunk, .native]' '[["v10","v20"],null]' port-show t
pp_load t label=t-untag,src=$MAC_T,dst=$MAC_U,n=4 \
	label=t-prio2,src=$MAC_T,tags=8100:0:2,n=2 \
	label=t-qinq2,src=$MAC_T,dst=$MAC_U,tags=88a8:20:0
pp_round "untagged frames on a trunk without native network" t
for p in a b t u; do want $p; done
drops_delta t no-native=7 rx_other_tpid=1
for p in a b u; do drops_delta $p; done

# --- 4: anti-hopping ------------------------------------------------------------

check "port-set u --net v10" q ctl port-set u --net v10
pp_load a label=a-dbl,src=$MAC_A,dst=$MAC_B,tags=8100:10:0/8100:20:0,n=3 \
	label=a-qinq,src=$MAC_A,tags=88a8:10:0/8100:20:0,n=3 \
	label=a-prio-dbl,src=$MAC_A,dst=$MAC_B,tags=8100:0:0/8100:20:0 \
	label=a-tag20,src=$MAC_A,dst=$MAC_B,tags=8100:20:0,n=2 \
	label=a-tag10,src=$MAC_A,tags=8100:10:0,n=2 \
	label=a-9100,src=$MAC_A,tags=9100:20:0 \
	label=a-ok,src=$MAC_A,n=2 \
	label=a-prio4,src=$MAC_A,tags=8100:0:1,n=2
pp_load t label=t-vid99,src=$MAC_T,tags=8100:99:0,n=4 \
	label=t-vid30,src=$MAC_T,dst=$MAC_U,tags=8100:30:0
pp_round "tagged frames on an access port, unknown VLAN on a trunk" a t
want t a-ok:8100:10:0 a-prio4:8100:10:1
want u a-ok:- a-prio4:-
want a
want b
drops_delta a vlan-violation=12
drops_delta t unknown-vlan=5
for p in b u; do drops_delta $p; done

# --- 5: PCP ---------------------------------------------------------------------

check "port-set u --trunk v10" q ctl port-set u --trunk v10
pp_load u label=u-hello10,src=$MAC_U,tags=8100:10:7
pp_load a label=a-prio,src=$MAC_A,tags=8100:0:3,n=3 label=a-plain,src=$MAC_A,n=2 \
	label=a-to-u,src=$MAC_A,dst=$MAC_U,n=4 \
	label=a-to-u-p,src=$MAC_A,dst=$MAC_U,tags=8100:0:2,n=2 \
	label=a-big,src=$MAC_A,n=2,len=1500
pp_load t label=t-pcp5,src=$MAC_T,tags=8100:10:5,n=4 \
	label=t-dbl,src=$MAC_T,dst=$MAC_U,tags=8100:10:6/8100:20:2,n=3,len=100 \
	label=t-big,src=$MAC_T,dst=$MAC_A,tags=8100:10:4,n=2,len=1500
pp_round "PCP kept, inner tags untouched, known unicast to a trunk" u a t
want a u-hello10:- t-pcp5:- t-big:-
want t u-hello10:8100:10:7 a-prio:8100:10:3 a-plain:8100:10:0 a-big:8100:10:0
want u a-prio:8100:10:3 a-plain:8100:10:0 a-to-u:8100:10:0 a-to-u-p:8100:10:2 \
	a-big:8100:10:0 t-pcp5:8100:10:5 t-dbl:8100:10:6/8100:20:2
want b
for p in a b t u; do drops_delta $p; done
check "round $ROUND: tcpdump sees 'vlan 10, p 5' 4 times on u" \
	test "$(tcpdump_count u 'length 64: vlan 10, p 5, ethertype Unknown')" -eq 4
check "round $ROUND: tcpdump sees 'vlan 10, p 6 ... vlan 20, p 2' 3 times on u" \
	test "$(tcpdump_count u 'length 122: vlan 10, p 6, ethertype 802.1Q[^,]*, vlan 20, p 2, ethertype Unknown')" -eq 3
check "round $ROUND: tcpdump sees 'vlan 10, p 3' 3 times on t" \
	test "$(tcpdump_count t 'vlan 10, p 3, ethertype Unknown')" -eq 3

# --- 6: port-set removes a VLAN from a trunk ------------------------------------

check "port-set t --trunk v10" q ctl port-set t --trunk v10
check "v20's ports: b only" jq_is '.ports' '["b"]' net-show v20
pp_load t label=t-gone20,src=$MAC_T,dst=$MAC_B,tags=8100:20:0,n=5 \
	label=t-still10,src=$MAC_T,tags=8100:10:0,n=2
pp_round "VLAN 20 removed from trunk t" t
want a t-still10:-
want u t-still10:8100:10:0
want b
want t
drops_delta t unknown-vlan=5
for p in a b u; do drops_delta $p; done

# --- 3b: native network that has a VLAN id (untagged here, tagged on u) --------

check "port-set t --trunk v20 --native v10" q ctl port-set t --trunk v20 --native v10
check "t: trunk v20, native v10" jq_is '[.trunk, .native]' '[["v20"],"v10"]' port-show t
check "v10's ports: a, t, u" jq_is '.ports | sort' '["a","t","u"]' net-show v10
pp_load a label=a-n10,src=$MAC_A,n=2 label=a-n10p,src=$MAC_A,tags=8100:0:5
pp_load b label=b-20,src=$MAC_B,n=2
pp_load t label=t-n10,src=$MAC_T,n=3 label=t-n10p,src=$MAC_T,tags=8100:0:6
pp_round "native network v10 (VLAN 10) on t, tagged on trunk u" a b t
want t a-n10:- a-n10p:- b-20:8100:20:0
want a t-n10:- t-n10p:-
want u a-n10:8100:10:0 a-n10p:8100:10:5 t-n10:8100:10:0 t-n10p:8100:10:6
want b
for p in a b t u; do drops_delta $p; done

# --- 8: jumbo frames: chained mbufs in the switch (its mbufs hold 2 KiB) -------
# (networks default to MTU 1500: these two allow jumbo frames)
check "net-set v10 and v20 --mtu 9000" eval "ctl net-set v10 --mtu 9000 >/dev/null &&
	ctl net-set v20 --mtu 9000 >/dev/null"

pp_load u label=u-j,src=$MAC_U,tags=8100:10:3,n=2,len=8000
pp_load a label=a-j,src=$MAC_A,n=2,len=8000 label=a-ju,src=$MAC_A,dst=$MAC_U,len=4000 \
	label=a-2k,src=$MAC_A,len=2100
pp_load t label=t-j20,src=$MAC_T,tags=8100:20:5,n=2,len=8000
pp_round "jumbo frames" u a t
want a u-j:-
want t u-j:- a-j:- a-2k:-
want u a-j:8100:10:0 a-ju:8100:10:0 a-2k:8100:10:0
want b t-j20:-
for p in a b t u; do drops_delta $p; done

# --- 7: no mbuf left behind -----------------------------------------------------

for p in "${PEERS[@]}"; do tp_cmd "$p" "quit"; done
for p in "${PEERS[@]}"; do
	wait_for 10 "testpmd $p quits" eval "! kill -0 ${TP_PID[$p]}"
	tp_kill "$p"
done
check "every mbuf back in the pool once the peers are gone" wait_for 10 "mbufs back" mbufs_zero
check "vswitchd still answers" vsw_alive
vsw_finish
