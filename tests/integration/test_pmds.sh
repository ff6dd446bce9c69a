#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_pmds.sh - two PMD threads (--pmd-cores 0,1) switching between each
# other's ports, with exact counts, then a quick single-PMD (--pmd-cores 1) run.
#
# Network n1 with ports p1..p4 (testpmd peers, rxonly). Every port broadcasts,
# sends unknown unicast, and sends known unicast to every other port; each
# peer must receive exactly what L2 switching says. Then two ports on
# different PMDs stream (testpmd txonly) into a third one at the same time;
# after the sources stop, every frame they sent must be accounted for:
# received by the sink or counted as a drop by the switch.
set -uo pipefail
VSW_PMD_CORES=0,1
. "$(dirname "$0")/lib/common.sh"
vsw_test_init pmds

PORTS=(p1 p2 p3 p4)
declare -A MAC=([p1]=02:00:00:00:01:01 [p2]=02:00:00:00:01:02
		[p3]=02:00:00:00:01:03 [p4]=02:00:00:00:01:04)
declare -A EXP=([p1]=0 [p2]=0 [p3]=0 [p4]=0)

# --- local helpers (the rest are in lib/common.sh) -------------------------
expect_rx() {	# expect_rx DESC: every peer has exactly EXP[peer] frames
	local p kv=()
	for p in "${PORTS[@]}"; do kv+=("$p=${EXP[$p]}"); done
	tp_expect_rx "$1" "${kv[@]}"
}
flood_exp() {	# flood_exp SRC N: every port but SRC expects N more
	local p
	for p in "${PORTS[@]}"; do
		[[ $p == "$1" ]] || EXP[$p]=$((EXP[$p] + $2))
	done
}
pmd_of() { ctlj port-show "$1" | jq -r .pmd; }
drops_total() { ctlj stats | jq '[.ports[].stats.drops[]] | add'; }

# --- two PMDs -------------------------------------------------------------------
vsw_start || exit 1
check "status lists 2 PMD cores (0 and 1)" \
	test "$(ctlj status | jq -c .pmd_cores)" == "[0,1]"
ctl net-add n1 >/dev/null || exit 1
for p in "${PORTS[@]}"; do ctl port-add $p --net n1 --type vhost-user >/dev/null || exit 1; done
check "4 ports spread over both PMDs (pmd field has 0 and 1)" \
	test "$(ctlj port-list | jq -c '[.ports[].pmd] | unique')" == "[0,1]"
# spread the peers over both CPUs as well
i=0
for p in "${PORTS[@]}"; do
	VSW_TP_CPU=$((i++ % 2)) tp_start $p "$T/run/$p.sock" ${MAC[$p]} || exit 1
done
wait_for 30 "all links up" links_up "${PORTS[@]}" || exit 1
for p in "${PORTS[@]}"; do tp_cmd $p start; done
vsw_log "pmd of p1..p4: $(for p in "${PORTS[@]}"; do echo -n "$p=$(pmd_of $p) "; done)"

# broadcast from every port: flooded to the three others, learned on its port
for p in "${PORTS[@]}"; do
	tp_send $p ff:ff:ff:ff:ff:ff 1
	flood_exp $p 32
	expect_rx "broadcast from $p (pmd $(pmd_of $p)) floods to the 3 others"
	check "$p's MAC learned on $p" fdb_has - ${MAC[$p]} $p dynamic
done
# unknown unicast from every port: flooded too, and nothing learned for it
for p in "${PORTS[@]}"; do
	tp_send $p 02:00:00:00:01:ff 1
	flood_exp $p 32
	expect_rx "unknown unicast from $p floods to the 3 others"
done
check "the unknown destination was never learned" \
	test "$(ctlj fdb-show n1 | jq '[.entries[] | select(.mac == "02:00:00:00:01:ff")] | length')" == 0
# known unicast for every ordered pair: only the destination receives
for s in "${PORTS[@]}"; do
	for d in "${PORTS[@]}"; do
		[[ $s == "$d" ]] && continue
		tp_send $s ${MAC[$d]} 1
		EXP[$d]=$((EXP[$d] + 32))
		expect_rx "unicast $s (pmd $(pmd_of $s)) -> $d (pmd $(pmd_of $d)) reaches $d only"
	done
done
check "per-port switch counters match (rx 160, tx 288 each, no drops)" bash -c "
	$VSWCTL --run-dir $T/run --json stats | jq -e '
	  [.ports[] | .stats.rx_packets == 160 and .stats.tx_packets == 288 and
	   ([.stats.drops[]] | add) == 0] | length == 4 and all' >/dev/null"
check "no mbufs in use after the exact-count phase" wait_for 10 "mbufs back" mbufs_zero

# --- concurrent streams from both PMDs into one port ---------------------------------
S1="" S2="" SINK=""
for p in "${PORTS[@]}"; do
	if [[ -z $S1 && $(pmd_of $p) == 0 ]]; then S1=$p
	elif [[ -z $S2 && $(pmd_of $p) == 1 ]]; then S2=$p
	fi
done
for p in "${PORTS[@]}"; do
	[[ $p != "$S1" && $p != "$S2" ]] && { SINK=$p; break; }
done
check "found sources on pmd 0 ($S1) and pmd 1 ($S2), sink $SINK" \
	test -n "$S1" -a -n "$S2" -a -n "$SINK"
read -r _ TX1_0 < <(tp_stats $S1)
read -r _ TX2_0 < <(tp_stats $S2)
SINK_0=$(tp_rx $SINK)
VRX1_0=$(port_stat $S1 .rx_packets) VRX2_0=$(port_stat $S2 .rx_packets)
VTX_0=$(port_stat $SINK .tx_packets) DROPS_0=$(drops_total)
FULL_0=$(port_stat $SINK '.drops["tx-full"]')

tp_stream $S1 ${MAC[$SINK]}
tp_stream $S2 ${MAC[$SINK]}
sleep 2
R1=$(tp_rx $SINK); sleep 1; R2=$(tp_rx $SINK)
check "sink $SINK receives while both stream ($SINK_0 -> $R1 -> $R2)" \
	test "$R1" -gt "$SINK_0" -a "$R2" -gt "$R1"
check "both PMDs polled a busy source (rx of $S1 and $S2 grew)" \
	test "$(port_stat $S1 .rx_packets)" -gt "$VRX1_0" -a "$(port_stat $S2 .rx_packets)" -gt "$VRX2_0"
tp_stop $S1
tp_stop $S2
sleep 1
settled() {	# the sink's count and the switch's counters no longer move
	local a b
	a="$(tp_rx $SINK) $(ctlj stats | jq -c '[.ports[].stats]')"
	sleep 1
	b="$(tp_rx $SINK) $(ctlj stats | jq -c '[.ports[].stats]')"
	[[ $a == "$b" ]]
}
wait_for 30 "traffic settled" settled || vsw_log "counters still moving"
read -r _ TX1 < <(tp_stats $S1)
read -r _ TX2 < <(tp_stats $S2)
SINK_RX=$(tp_rx $SINK)
SENT=$(((TX1 - TX1_0) + (TX2 - TX2_0)))
GOT=$((SINK_RX - SINK_0))
DROPS=$(($(drops_total) - DROPS_0))
FULL=$(($(port_stat $SINK '.drops["tx-full"]') - FULL_0))
vsw_log "sent $S1 $((TX1 - TX1_0)) + $S2 $((TX2 - TX2_0)) = $SENT; $SINK got $GOT; switch drops $DROPS (tx-full at $SINK $FULL)"
check "the sources sent something" test "$SENT" -gt 0
check "switch rx on $S1 == frames $S1's peer sent" \
	test "$(($(port_stat $S1 .rx_packets) - VRX1_0))" -eq "$((TX1 - TX1_0))"
check "switch rx on $S2 == frames $S2's peer sent" \
	test "$(($(port_stat $S2 .rx_packets) - VRX2_0))" -eq "$((TX2 - TX2_0))"
check "switch tx on $SINK == frames $SINK's peer received" \
	test "$(($(port_stat $SINK .tx_packets) - VTX_0))" -eq "$GOT"
check "sent ($SENT) == received by $SINK ($GOT) + switch drops ($DROPS)" \
	test "$SENT" -eq "$((GOT + DROPS))"
check "every drop is tx-full at the sink ($FULL of $DROPS)" test "$DROPS" -eq "$FULL"
check "the other port received nothing from the streams" bash -c "
	for p in ${PORTS[*]}; do
		[[ \$p == $S1 || \$p == $S2 || \$p == $SINK ]] && continue
		[[ \$($VSWCTL --run-dir $T/run --json port-show \$p | jq .stats.tx_packets) == 288 ]] || exit 1
	done"
check "no mbufs in use after the streams" wait_for 10 "mbufs back" mbufs_zero
check "vswitchd alive" vsw_alive

# --- a single PMD still works ---------------------------------------------------------
for p in "${PORTS[@]}"; do tp_kill $p; done
check "vswitchd exits 0 on SIGTERM" vsw_stop
VSW_PMD_CORES=1
vsw_start || exit 1
check "--pmd-cores 1: status lists PMD core 1 only" \
	test "$(ctlj status | jq -c .pmd_cores)" == "[1]"
check "--pmd-cores 1: the 4 ports came back, all on pmd 0" \
	test "$(ctlj port-list | jq -c '[.ports[] | .name + "=" + (.pmd | tostring)] | sort')" == \
	'["p1=0","p2=0","p3=0","p4=0"]'
for p in "${PORTS[@]}"; do
	VSW_TP_CPU=0 tp_start $p "$T/run/$p.sock" ${MAC[$p]} || exit 1
done
wait_for 30 "all links up" links_up "${PORTS[@]}" || exit 1
for p in "${PORTS[@]}"; do tp_cmd $p start; EXP[$p]=0; done
tp_send p1 ff:ff:ff:ff:ff:ff 1
flood_exp p1 32
expect_rx "--pmd-cores 1: broadcast from p1 floods to the 3 others"
tp_send p3 ${MAC[p1]} 2
EXP[p1]=$((EXP[p1] + 64))
expect_rx "--pmd-cores 1: unicast p3 -> p1 reaches p1 only"
check "--pmd-cores 1: no mbufs in use" wait_for 10 "mbufs back" mbufs_zero
check "--pmd-cores 1: vswitchd alive" vsw_alive
vsw_finish
