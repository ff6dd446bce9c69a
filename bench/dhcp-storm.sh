#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# dhcp-storm.sh - does DHCP handling dent forwarding? And how many leases per second?
#
# Rounds of three bench/pvp.sh calls (order rotated every round), each the reference
# harness with its own testpmd-io ceiling:
#   quiet: network pvp with a subnet (DHCP server on), ports a and b, no DHCP traffic
#   junk:  the same, plus a TAP port "storm" whose sender (bench/dhcp-storm.py --junk)
#          sends PPS frames per second that the switch drops while parsing (multicast
#          source MAC): what the third port and the sender cost without any DHCP
#   storm: the same port and sender, now PPS real DHCPDISCOVERs with 4096 forged MACs
#          (the port's rate limit drops most of them on the PMD, the rest reach the
#          DHCP service)
# and prints per round the ratios to testpmd io, storm/junk (the DHCP handling's own
# cost) and storm/quiet (everything the storm costs), then the medians.
# Then bench/dhcp-leases (built with the project): leases per second the DHCP service's
# code grants, with the lease file written per batch of 32 and per lease, and in memory.
#
# Usage: bench/dhcp-storm.sh [--no-huge] [--rounds N] [--runs N] [--secs N] [--pps N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${VSW_BUILD_DIR:-$here/../build}
rounds=3 runs=1 secs=10 pps=2000
pargs=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--no-huge) pargs+=(--no-huge) ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--pps) pps=$2; shift ;;
	*) echo "usage: $0 [--no-huge] [--rounds N] [--runs N] [--secs N] [--pps N]" >&2; exit 1 ;;
	esac
	shift
done
pargs+=(--runs "$runs" --secs "$secs")
log=$(mktemp -d /tmp/dhcp-storm.XXXXXX)
echo "dhcp-storm: rounds=$rounds pps=$pps pvp.sh ${pargs[*]}; logs in $log"
# shellcheck source=lib.sh
. "$here/lib.sh"

call() {
	local kind=$1 r=$2 out=$log/r$2.$1 opt=(--dhcp) f
	[[ $kind == storm ]] && opt=(--dhcp-storm "$pps")
	[[ $kind == junk ]] && opt=(--junk-storm "$pps")
	pvp_run "dhcp-storm: round $r $kind" "$out" -- "${opt[@]}" "${pargs[@]}" || return 1
	for f in "$out.stats"/run*.storm.json; do
		[[ -e $f ]] || continue
		jq -r --arg k "$kind" '"    \($k) port: rx \(.stats.rx_packets), handed to DHCP \(.stats.dhcp_punts), dhcp-rate \(.stats.drops["dhcp-rate"]), dhcp-busy \(.stats.drops["dhcp-busy"]), bad-src-mac \(.stats.drops["bad-src-mac"])"' "$f"
	done
}

declare -a RQ=() RJ=() RS=() RSJ=() RSQ=()
rows=()
kinds=(quiet junk storm)
for r in $(seq "$rounds"); do
	order=("${kinds[@]:$(( (r - 1) % 3 ))}" "${kinds[@]:0:$(( (r - 1) % 3 ))}")
	for k in "${order[@]}"; do
		echo "dhcp-storm: round $r $k"
		call "$k" "$r"
		declare "TP_$k=$TP" "VS_$k=$VS" "RATIO_$k=$RATIO"
	done
	sj=$(awk -v s="$RATIO_storm" -v j="$RATIO_junk" 'BEGIN { printf "%.3f", s / j }')
	sq=$(awk -v s="$RATIO_storm" -v q="$RATIO_quiet" 'BEGIN { printf "%.3f", s / q }')
	RQ+=("$RATIO_quiet"); RJ+=("$RATIO_junk"); RS+=("$RATIO_storm"); RSJ+=("$sj"); RSQ+=("$sq")
	rows+=("$(printf '%5d %8s %8s %8s %8s %8s %8s %8s %8s %8s %10s %11s' "$r" \
		"$TP_quiet" "$VS_quiet" "$RATIO_quiet" "$TP_junk" "$VS_junk" "$RATIO_junk" \
		"$TP_storm" "$VS_storm" "$RATIO_storm" "$sj" "$sq")")
done
echo
printf '%5s %8s %8s %8s %8s %8s %8s %8s %8s %8s %10s %11s\n' round "Q tpio" "Q vsw" "Q ratio" \
	"J tpio" "J vsw" "J ratio" "S tpio" "S vsw" "S ratio" "storm/junk" "storm/quiet"
printf '%s\n' "${rows[@]}"
echo "RESULT dhcp_pvp quiet_ratio=$(median "${RQ[@]}") junk_ratio=$(median "${RJ[@]}") storm_ratio=$(median "${RS[@]}") storm_vs_junk=$(median "${RSJ[@]}") storm_vs_quiet=$(median "${RSQ[@]}") pps=$pps"
"$build/bench/dhcp-leases" 4000 32
"$build/bench/dhcp-leases" 1000 1
