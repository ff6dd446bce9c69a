#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bridged.sh - guest -> bridged uplink throughput (issue 5), af_packet vs af_xdp uplink,
# against the kernel's own veth path in the same invocation. A benchmark, not a test.
#
#   kernel     ns vsbb-a [vsbb-ka 10.88.1.1] ===veth=== [vsbb-kb 10.88.1.2] ns vsbb-b
#   kernel-mtu the same over a second pair (vsbb-na 10.88.3.1 / vsbb-nb 10.88.3.2) with
#              TSO, GSO and GRO off on both ends: every TCP segment crosses the veth as one
#              MTU-sized frame, as on a real wire and as on the switch path (vswitchd's TAP has
#              no offloads, so A's kernel hands it 1500-byte frames one by one); "kernel" moves
#              64 KiB TSO super-frames through the veth without ever cutting them up
#   af_packet  ns vsbb-a [vsbb-ta 10.88.2.1] = TAP port ta of vswitchd (port-add --type tap
#              --netns vsbb-a) - network br (--mode bridged --uplink vsbb-up
#              --uplink-type af_packet) - vsbb-up ===veth=== [vsbb-ub 10.88.2.2] ns vsbb-b
#   af_xdp     the same with --uplink-type af_xdp (if it cannot attach, the error is printed
#              in the table and the script goes on)
# TX checksum offload stays on (the veth default) on vsbb-ub (B's end of the uplink pair):
# its TCP/UDP frames reach the uplink with unfinished checksums (CHECKSUM_PARTIAL), which
# vswitchd finishes on uplink RX (vswitch/csum.c). --csum-off turns it off there, so that
# B's frames arrive complete (as from a real wire) and the cost of that work can be compared.
# Each run of each path: iperf3 TCP A -> B for --secs seconds, then (unless --no-udp) UDP with
# --udp-len byte payloads at full speed (-b 0), also A -> B. Paths are interleaved run by run
# (run 1 of each, run 2 of each, ...) so a noisy phase of the host hits every path alike;
# vswitchd is started fresh for each switch run and stopped (SIGTERM) after it. The table
# shows medians, each run's figure, and the ratio to the kernel veth path of the same
# invocation (the only comparison that means anything on this noisy 2-core host).
# CPUs: iperf3 client and server both on APP_CPU (default 0) in every path, vswitchd's one
# PMD on SW_CPU (default 1): the switch paths get a core of their own, the kernel path does
# its veth work on the iperf3 core (softirq of the sender).
#
# Usage: bench/bridged.sh [--runs N] [--secs N] [--no-huge] [--no-udp] [--udp-len N]
#                         [--csum-off]
#        defaults: --runs 3 --secs 10 --udp-len 64; vswitchd --hugepages auto (hugepages if
#        mounted and free), --no-huge: --hugepages off. Run it as root, from anywhere, one at
#        a time under the integration-test lock:
#            flock /tmp/vswitch-itest.lock bench/bridged.sh
# Env:   VSW_BUILD_DIR (default ./build), APP_CPU=0, SW_CPU=1, BRIDGED_KEEP=1 (keep the temp
#        dir with the iperf3 JSON and vswitchd logs)
# Everything it creates (namespaces vsbb-a/vsbb-b, the veth pairs, vswitchd, iperf3, the
# temp dir) is removed on exit, also on failure or Ctrl-C.
# shellcheck disable=SC2317,SC2086,SC2059 # cleanup runs from the trap; names are constants
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VSW_BUILD_DIR:-$here/build}
# the tests' helpers: vsw_dpdk_dir (vswitchd's DPDK runtime dir); what this script
# defines below (vsw_stop, ...) replaces theirs
# shellcheck source=../tests/integration/lib/common.sh
VSW_BUILD_DIR=$build . "$here/tests/integration/lib/common.sh"
VSWITCHD=$build/vswitch/vswitchd
VSWCTL=$build/tools/vswctl
APP_CPU=${APP_CPU:-0}
SW_CPU=${SW_CPU:-1}
cmdline="$0 $*"

die() { echo "bridged.sh: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || die "must run as root (namespaces, vswitchd)"
[[ -x $VSWITCHD && -x $VSWCTL ]] || die "build first: $VSWITCHD missing"
for b in iperf3 jq taskset; do command -v $b >/dev/null || die "$b missing"; done

runs=3 secs=10 huge=auto udp=1 udp_len=64 csum_offload=1
while [[ $# -gt 0 ]]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--no-huge) huge=off ;;
	--no-udp) udp=0 ;;
	--udp-len) udp_len=$2; shift ;;
	--csum-off) csum_offload=0 ;;
	-h|--help) sed -n '3,/^# shellcheck/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
	shift
done
[[ $runs =~ ^[1-9][0-9]*$ && $secs =~ ^[1-9][0-9]*$ && $udp_len =~ ^[1-9][0-9]*$ ]] ||
	die "--runs, --secs and --udp-len take positive integers"

A=vsbb-a B=vsbb-b UP=vsbb-up
tmp=$(mktemp -d /tmp/bridged-bench.XXXXXX)
chmod 755 "$tmp"
VSW_PID='' IPERF_PID=''

vsw_stop() {
	[[ -n $VSW_PID ]] || return 0
	kill -TERM "$VSW_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$VSW_PID" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$VSW_PID" 2>/dev/null; then
		kill -KILL "$VSW_PID" 2>/dev/null
		wait "$VSW_PID" 2>/dev/null
		# a SIGKILLed vswitchd leaves its EAL runtime dir behind
		rm -rf "$(vsw_dpdk_dir "$tmp/run")"
	fi
	wait "$VSW_PID" 2>/dev/null
	VSW_PID=
}
cleanup() {
	set +e
	vsw_stop
	if [[ -n $IPERF_PID ]]; then
		kill -TERM "$IPERF_PID" 2>/dev/null
		wait "$IPERF_PID" 2>/dev/null
	fi
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	ip link del $UP 2>/dev/null
	if [[ -n ${BRIDGED_KEEP:-} ]]; then echo "bridged.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ctl() { "$VSWCTL" --run-dir "$tmp/run" "$@"; }

# ---- namespaces and veth pairs (leftovers of an interrupted run removed first)
ip netns del $A 2>/dev/null
ip netns del $B 2>/dev/null
ip link del $UP 2>/dev/null
# offload_off NS IF FEATURE...: turn the ethtool features (tx = TX checksumming, tso, gso,
# gro) off on IF in NS: ethtool -K, or the same legacy ioctls from python3 without ethtool.
offload_off() {
	local ns=$1 ifc=$2 f args=()
	shift 2
	if command -v ethtool >/dev/null; then
		for f; do args+=("$f" off); done
		ip netns exec "$ns" ethtool -K "$ifc" "${args[@]}" >/dev/null
		return
	fi
	ip netns exec "$ns" python3 - "$ifc" "$@" <<-'EOF'
	import array, fcntl, socket, struct, sys
	# ETHTOOL_STXCSUM, ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO
	cmds = {'tx': 0x17, 'tso': 0x1f, 'gso': 0x24, 'gro': 0x2c}
	sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	for f in sys.argv[2:]:
	    ev = array.array('B', struct.pack('II', cmds[f], 0))
	    ifr = struct.pack('16sP', sys.argv[1].encode(), ev.buffer_info()[0])
	    fcntl.ioctl(sock, 0x8946, ifr)	# SIOCETHTOOL
	EOF
}
setup() {
	local ns
	for ns in $A $B; do
		ip netns add $ns && ip -n $ns link set lo up &&
			ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
	# kernel path
	ip -n $A link add vsbb-ka type veth peer name vsbb-kb netns $B &&
		ip -n $A addr add 10.88.1.1/24 dev vsbb-ka && ip -n $A link set vsbb-ka up &&
		ip -n $B addr add 10.88.1.2/24 dev vsbb-kb && ip -n $B link set vsbb-kb up || return 1
	# kernel path with MTU-sized frames
	ip -n $A link add vsbb-na type veth peer name vsbb-nb netns $B &&
		ip -n $A addr add 10.88.3.1/24 dev vsbb-na && ip -n $A link set vsbb-na up &&
		ip -n $B addr add 10.88.3.2/24 dev vsbb-nb && ip -n $B link set vsbb-nb up &&
		offload_off $A vsbb-na tso gso gro && offload_off $B vsbb-nb tso gso gro || return 1
	# the switch's uplink: vsbb-up here, its peer in B
	ip link add $UP type veth peer name vsbb-ub netns $B &&
		sysctl -qw "net.ipv6.conf.$UP.disable_ipv6=1" && ip link set $UP up &&
		ip -n $B addr add 10.88.2.2/24 dev vsbb-ub && ip -n $B link set vsbb-ub up || return 1
	((csum_offload)) || offload_off $B vsbb-ub tx || return 1
	# one iperf3 server in B for every path
	ip netns exec $B taskset -c "$APP_CPU" iperf3 -s >"$tmp/iperf3-server.log" 2>&1 &
	IPERF_PID=$!
	for _ in $(seq 50); do
		ip netns exec $B ss -ltn | grep -q ':5201 ' && return 0
		sleep 0.1
	done
	return 1
}
setup || die "setup failed"

# ---- vswitchd with the TAP port in A and the bridged network over vsbb-up
# sw_start TYPE: fresh vswitchd, network br over vsbb-up with uplink TYPE, TAP port ta in A
# (10.88.2.1/24), B reachable by ping. On failure: the reason in $tmp/err, return 1.
sw_start() {
	local type=$1
	rm -rf "$tmp/run" "$tmp/state"
	"$VSWITCHD" --foreground --run-dir "$tmp/run" --state-dir "$tmp/state" \
		--pmd-cores "$SW_CPU" --hugepages "$huge" >>"$tmp/vswitchd.$type.log" 2>&1 &
	VSW_PID=$!
	for _ in $(seq 150); do ctl status >/dev/null 2>&1 && break; sleep 0.2; done
	if ! ctl status >/dev/null 2>&1; then
		echo "vswitchd did not start: $(tail -n 3 "$tmp/vswitchd.$type.log" | tr '\n' ' ')" \
			>"$tmp/err"
		return 1
	fi
	if ! ctl net-add br --mode bridged --uplink $UP --uplink-type "$type" \
		>/dev/null 2>"$tmp/err"; then
		sed -i '1s/^/net-add br --uplink-type '"$type"': /' "$tmp/err"
		return 1
	fi
	if ! ctl port-add ta --net br --type tap --ifname vsbb-ta --netns $A \
		>/dev/null 2>"$tmp/err"; then
		sed -i '1s/^/port-add ta --type tap: /' "$tmp/err"
		return 1
	fi
	ip -n $A addr add 10.88.2.1/24 dev vsbb-ta 2>"$tmp/err" || return 1
	for _ in $(seq 30); do
		ip netns exec $A ping -c 1 -W 1 10.88.2.2 >/dev/null 2>&1 && return 0
	done
	echo "no ping from A to B through vswitchd ($type uplink) in 30 s" >"$tmp/err"
	return 1
}

# drops summary of the switch's ports (informational)
sw_drops() {
	"$VSWCTL" --run-dir "$tmp/run" --json port-list 2>/dev/null | jq -r '[.ports[] |
		"\(.name): rx \(.stats.rx_packets) tx \(.stats.tx_packets) drops \(.stats.drops |
		with_entries(select(.value != 0)))"] | join("; ")'
}

# measure PATH RUN SERVER_ADDR: iperf3 TCP (and UDP) A -> SERVER_ADDR; appends
# "PATH RUN tcp GBITS" and "PATH RUN udp KPPS GBITS LOSS%" to $tmp/results
measure() {
	local path=$1 run=$2 addr=$3 j
	j=$tmp/$path.$run.tcp.json
	ip netns exec $A taskset -c "$APP_CPU" iperf3 -c "$addr" --connect-timeout 10000 -t "$secs" -J >"$j" 2>&1
	jq -r --arg p "$path" --arg r "$run" \
		'"\($p) \($r) tcp \(.end.sum_received.bits_per_second / 1e9)"' "$j" \
		>>"$tmp/results" 2>/dev/null ||
		echo "$path $run tcp error $(jq -r '.error // empty' "$j" 2>/dev/null | head -c 80)" \
			>>"$tmp/results"
	((udp)) || return 0
	sleep 1
	j=$tmp/$path.$run.udp.json
	ip netns exec $A taskset -c "$APP_CPU" iperf3 -c "$addr" --connect-timeout 10000 -u -b 0 -l "$udp_len" \
		-t "$secs" -J >"$j" 2>&1
	# received = sent - lost (the server's count, reported back to the client)
	jq -r --arg p "$path" --arg r "$run" '.end.sum as $s |
		(($s.packets - $s.lost_packets) / $s.seconds) as $pps |
		"\($p) \($r) udp \($pps / 1e3) \($pps * ($s.bytes / $s.packets) * 8 / 1e9)" +
		" \($s.lost_percent)"' "$j" >>"$tmp/results" 2>/dev/null ||
		echo "$path $run udp error $(jq -r '.error // empty' "$j" 2>/dev/null | head -c 80)" \
			>>"$tmp/results"
}

paths=(kernel kernel-mtu af_packet af_xdp)
declare -A ERR=() HUGE=()
: >"$tmp/results"
echo "bridged.sh: $runs run(s) x ${secs}s per path and protocol; paths: ${paths[*]}"
for ((run = 1; run <= runs; run++)); do
	for p in "${paths[@]}"; do
		[[ -v ERR[$p] ]] && continue	# a path that failed once is not retried
		case $p in
		kernel) measure $p $run 10.88.1.2 ;;
		kernel-mtu) measure $p $run 10.88.3.2 ;;
		*)
			if sw_start "$p"; then
				HUGE[$p]=$(ctl --json status | jq -r .hugepages)
				measure "$p" $run 10.88.2.2
				echo "  run $run $p: $(sw_drops)"
			else
				ERR[$p]=$(head -c 300 "$tmp/err" | tr '\n' ' ')
				echo "  run $run $p: FAILED: ${ERR[$p]}"
			fi
			vsw_stop
			;;
		esac
		grep "^$p $run " "$tmp/results" | sed 's/^/  /'
	done
done

# ---- table
# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "";
	else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v p="$1" -v k="$2" -v f="$3" '$1 == p && $3 == k && $4 != "error" { print $f }' \
	"$tmp/results"; }
fmt() { if [[ -n $1 ]]; then printf '%.2f' "$1"; else printf 'n/a'; fi; }
ktcp=$(col kernel tcp 4 | median) kudp=$(col kernel udp 4 | median)
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'; }
echo
echo "command: $cmdline"
echo "host: $(nproc) CPUs, kernel $(uname -r); iperf3 client+server on cpu $APP_CPU," \
	"vswitchd PMD on cpu $SW_CPU, --hugepages $huge" \
	"(vswitchd used hugepages: $(for p in af_packet af_xdp; do
		printf '%s=%s ' $p "${HUGE[$p]:-n/a}"; done | sed 's/ $//'))"
echo "vsbb-ub (B's end of the uplink veth): TX checksum offload" \
	"$( ((csum_offload)) && echo "on (vswitchd finishes the checksums)" || echo "off (--csum-off)")"
echo "TCP: iperf3 -c -t $secs (receiver's rate); UDP: iperf3 -u -b 0 -l $udp_len -t $secs" \
	"(datagrams received per second, Gbit/s of UDP payload not shown)"
echo
hdr="| path | TCP Gbit/s (median) | TCP runs | TCP ratio to kernel |"
sep="|---|---|---|---|"
if ((udp)); then
	hdr+=" UDP kpps (median) | UDP runs | UDP ratio to kernel | UDP loss % (median) |"
	sep+="---|---|---|---|"
fi
echo "$hdr"
echo "$sep"
runs_of() { col "$1" "$2" 4 | while read -r v; do printf "$3 " "$v"; done | sed 's/ $//'; }
for p in "${paths[@]}"; do
	if [[ -v ERR[$p] ]]; then
		echo "| $p | n/a: ${ERR[$p]} |"
		continue
	fi
	t=$(col "$p" tcp 4 | median)
	line="| $p | $(fmt "$t") | $(runs_of "$p" tcp %.2f) | $(ratio "$t" "$ktcp") |"
	if ((udp)); then
		u=$(col "$p" udp 4 | median)
		line+=" $(fmt "$u") | $(runs_of "$p" udp %.0f) | $(ratio "$u" "$kudp") |"
		line+=" $(fmt "$(col "$p" udp 6 | median)") |"
	fi
	echo "$line"
done
errs=$(awk '$4 == "error"' "$tmp/results")
[[ -z $errs ]] || { echo; echo "iperf3 errors:"; echo "$errs"; }
exit 0
