#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pvp.sh - PVP loop benchmark of vswitchd against the testpmd io-forwarding ceiling.
#
# Runs ../shared/bench/pvp-loop.sh (the reference harness) with two configs
# interleaved in one invocation: testpmd-io (zero-logic ceiling) and vswitchd
# ("custom": one network, two vhost-user ports, MAC learning on, one PMD on
# SW_CPU). The generator is testpmd with two virtio_user ports in io mode with
# --eth-peer, so each side has a stable source MAC. Prints the harness's table
# and RESULT lines (ratio_vs_testpmd_io).
#
# --vlan: the VLAN variant (issue 4). Network pvp gets --vlan 10, port a is an
# access port in it, port b a trunk carrying it tagged (no native network), so
# vswitchd pushes a tag on every frame A->B and pops one on every frame B->A.
# The generator's port facing b then has to send and accept tagged frames: its
# testpmd is started with bench/pvp-gen-vlan.c preloaded (compiled here), which
# strips 802.1Q tags on RX of both generator ports and tags every frame port 1
# sends with VID 10, in software on the generator core (DPDK 22.11 virtio_user
# only inserts tags in tx_prepare, which testpmd's io engine never calls, so
# testpmd's own "tx_vlan set" leaves frames untagged there). The testpmd-io
# ceiling of a --vlan call runs with the same generator, so the loop it
# measures carries the tagged B->A traffic too and the generator's tag work
# is in both figures of that call: compare ratio_vs_testpmd_io with the one of
# an untagged call (bench/pvp-vlan.sh does, round after round).
#
# --dhcp: network pvp gets --subnet 10.200.0.0/16, so its DHCP server is on and
# every frame also passes the DHCP classification (the PVP frames are UDP, not
# DHCP). --dhcp-storm PPS (implies --dhcp): a third port, a TAP in namespace
# vswbench-storm, sends PPS DHCPDISCOVERs per second with 4096 forged MACs
# (bench/dhcp-storm.py on STORM_CPU, default the generator's cpu 1) during every
# vswitchd run; its counters are saved with --stats-dir as port "storm".
# --junk-storm PPS: the same port and sender, but frames with a multicast source
# MAC, dropped while parsing (bad-src-mac) before any DHCP handling: the control.
#
# --capture filtered|pmdfiltered|all: during every vswitchd run, a capture on port a
# (both directions): "filtered" with --filter 'udp port 9999', which none of the loop's
# frames match (testpmd's frames are UDP port 9); a port filter reads past the IPv4
# header, which DPDK 22.11's BPF conversion gets wrong, so it runs in libpcap's
# interpreter on the PMD; "pmdfiltered" with 'ip proto 47' (fixed offsets: DPDK BPF,
# JIT); neither copies a frame; "all" without a filter, to a file in /dev/shm (at most 2 GB,
# removed after the run), so every frame is copied and written (or dropped when the
# writer falls behind). `capture list` of each run goes to --stats-dir as capture.TIME.list (JSON).
#
# Usage: bench/pvp.sh [--vlan] [--dhcp] [--dhcp-storm PPS] [--capture MODE] [--no-huge]
#                     [--runs N] [--secs N] [--stats-dir DIR]
#                     [extra configs, e.g. ovs-normal]
#        (ovs-* configs install Debian's openvswitch-switch-dpdk if it is missing;
#        with --vlan they would get the tagging generator but no VLAN setup: not allowed)
#        --stats-dir DIR: after each vswitchd run (before it is stopped) save
#        `vswctl --json port-show` of ports a and b as DIR/run<N>.<port>.json
# Env:   VSW_BUILD_DIR (default ./build), PVP_HARNESS (default ../shared/bench/pvp-loop.sh),
#        TESTPMD (default dpdk-testpmd), PVP_VLAN_ID (default 10)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VSW_BUILD_DIR:-$here/build}
harness=${PVP_HARNESS:-$here/../shared/bench/pvp-loop.sh}
[[ -x $build/vswitch/vswitchd ]] || { echo "pvp.sh: build first (meson/ninja)" >&2; exit 1; }
[[ -f $harness ]] || { echo "pvp.sh: harness $harness not found" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || "$here/tools/install-deps.sh"

configs=testpmd-io,custom
args=()
vlan=0
dhcp=0
storm=0
junk=
capture=
stats_dir=
while [[ $# -gt 0 ]]; do
	case $1 in
	--vlan) vlan=1 ;;
	--dhcp) dhcp=1 ;;
	--dhcp-storm) dhcp=1; storm=$2; shift ;;
	--junk-storm) dhcp=1; storm=$2; junk=--junk; shift ;;
	--capture) capture=$2; shift
		[[ $capture == filtered || $capture == pmdfiltered || $capture == all ]] ||
			{ echo "pvp.sh: --capture filtered|pmdfiltered|all" >&2; exit 1; } ;;
	--stats-dir) stats_dir=$2; shift ;;
	--no-huge) args+=(--no-huge) ;;
	--runs|--secs|--warmup) args+=("$1" "$2"); shift ;;
	-*) args+=("$1") ;;
	*) configs+=",$1" ;;
	esac
	shift
done

export SWITCH_MODE=server
export SWITCH_CMD="$build/vswitch/vswitchd --run-dir @TMP@/vsw-run --state-dir @TMP@/vsw-state --foreground --pmd-cores @CPU@ --hugepages $( [[ " ${args[*]:-} " == *" --no-huge "* ]] && echo off || echo on)"
# Idempotent: runs after the first restore the state saved by the previous run.
if [[ $configs == *ovs-* && ! -x /usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk ]]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		openvswitch-switch-dpdk	# benchmark-only peer
fi

c="$build/tools/vswctl --run-dir \$PVP_TMP/vsw-run"
vid=${PVP_VLAN_ID:-10}
if [[ $vlan -eq 1 ]]; then
	[[ $configs == testpmd-io,custom ]] || { echo "pvp.sh: --vlan takes no extra configs" >&2; exit 1; }
	net_opt="--vlan $vid" b_opt="--trunk pvp"
else
	net_opt="" b_opt="--net pvp"
fi
[[ $dhcp -eq 1 ]] && net_opt+=" --subnet 10.200.0.0/16"
stormns=vswbench-storm
storm_setup=""
ports="a b"
if [[ $storm -gt 0 ]]; then
	ip netns del $stormns 2>/dev/null || true
	ip netns add $stormns
	storm_setup=" && { $c port-show storm >/dev/null 2>&1 || $c port-add storm --net pvp --type tap --ifname vswb-storm --netns $stormns; } && \
for i in \$(seq 50); do ip netns exec $stormns ip link show vswb-storm 2>/dev/null | grep -q LOWER_UP && break; sleep 0.1; done && \
{ ip netns exec $stormns taskset -c ${STORM_CPU:-1} python3 $here/bench/dhcp-storm.py $junk vswb-storm $storm >>\$PVP_TMP/storm.log 2>&1 & }"
	ports="a b storm"
fi
cap_setup=""
capfile=/dev/shm/pvp-capture.$$.pcap
case $capture in
filtered) cap_setup=" && $c capture start a --filter 'udp port 9999' -w \$PVP_TMP/capture.pcap" ;;
pmdfiltered) cap_setup=" && $c capture start a --filter 'ip proto 47' -w \$PVP_TMP/capture.pcap" ;;
all) cap_setup=" && $c capture start a --max-bytes 2000000000 -w $capfile" ;;
esac
export SWITCH_SETUP="for i in \$(seq 100); do $c status >/dev/null 2>&1 && break; sleep 0.1; done; \
{ $c net-show pvp >/dev/null 2>&1 || $c net-add pvp $net_opt; } && \
{ $c port-show a >/dev/null 2>&1 || $c port-add a --net pvp --type vhost-user --path \$SOCK0; } && \
{ $c port-show b >/dev/null 2>&1 || $c port-add b $b_opt --type vhost-user --path \$SOCK1; }$storm_setup$cap_setup"
export SWITCH_READY='test -S $SOCK1'
if [[ -n $stats_dir ]]; then
	mkdir -p "$stats_dir"
	stats_dir=$(cd "$stats_dir" && pwd)
	# run number = files so far / 2; the generator has quit when this runs
	np=$(wc -w <<<"$ports")
	export SWITCH_STOP="n=\$(( \$(ls '$stats_dir' | grep -c '\.json\$') / $np + 1 )); \
for p in $ports; do $c --json port-show \$p > '$stats_dir'/run\$n.\$p.json; done"
fi
if [[ $storm -gt 0 ]]; then
	export SWITCH_STOP="pkill -f 'dhcp-storm.py.*vswb-storm' ; ${SWITCH_STOP:-true}"
fi
if [[ -n $capture ]]; then
	cap_stop="rm -f $capfile"
	[[ -n $stats_dir ]] && cap_stop="$c --json capture list > '$stats_dir'/capture.\$(date +%s%N).list; $cap_stop"
	export SWITCH_STOP="${SWITCH_STOP:-true}; $cap_stop"
fi

tmp=$(mktemp -d /tmp/pvp-sh.XXXXXX)
cleanup() {
	rm -rf "$tmp" "$capfile"
	if [[ $storm -gt 0 ]]; then
		pkill -f "dhcp-storm.py.*vswb-storm" || true
		ip netns del $stormns 2>/dev/null || true
	fi
}
trap cleanup EXIT
if [[ $vlan -eq 1 ]]; then
	testpmd=$(command -v "${TESTPMD:-dpdk-testpmd}")
	cc -O2 -fPIC -shared $(pkg-config --cflags libdpdk) "$here/bench/pvp-gen-vlan.c" \
		-o "$tmp/pvp-gen-vlan.so" -ldl
	# generator only (its ports are net_virtio_user); stdbuf's LD_PRELOAD is kept
	cat > "$tmp/testpmd" <<-EOF
	#!/usr/bin/env bash
	case " \$* " in
	*net_virtio_user*) export LD_PRELOAD="\${LD_PRELOAD:+\$LD_PRELOAD:}$tmp/pvp-gen-vlan.so"
		export PVP_GEN_VLAN_PORT=1 PVP_GEN_VLAN_ID=$vid ;;
	esac
	exec "$testpmd" "\$@"
	EOF
	chmod +x "$tmp/testpmd"
	export TESTPMD=$tmp/testpmd
fi
bash "$harness" "$configs" "${args[@]}"
