#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pvp-vlan.sh - cost of 802.1Q push/pop in the PVP loop (issue 4).
#
# Runs bench/pvp.sh (testpmd-io ceiling + vswitchd, interleaved) alternately
# untagged (ports a and b access ports of network pvp) and with --vlan (pvp has
# VLAN 10, a is an access port, b a trunk carrying pvp tagged: a tag pushed on
# every frame A->B, popped on every frame B->A), ROUNDS times, order swapped
# every round (U V, V U, U V, ...). Each call's figure is vswitchd's median
# aggregate over the call's testpmd-io median (pvp-loop's ratio_vs_testpmd_io,
# recomputed here with 3 decimals); a round's figure is
#   vlan = ratio(--vlan call) / ratio(untagged call)
# and the result is the median over the rounds. In a --vlan call the generator
# tags/strips in software in both of its configs (see bench/pvp.sh), so its own
# extra work is in numerator and denominator alike; the plain vswitchd
# aggregate ratio (vlan Mpps / untagged Mpps of adjacent calls) is printed too.
#
# After every vswitchd run the port counters of a and b are saved (pvp.sh
# --stats-dir) and checked: no frame dropped as vlan-violation, unknown-vlan
# or no-native (the loop would shrink and the rate fall), and every frame
# 64 bytes on a, 68 on b in a --vlan call (b's byte counters show that each
# frame left b tagged and each one it received carried a tag that a no longer
# sends: push and pop on every frame), 64 everywhere otherwise. Every nonzero
# drop counter is printed (a few no-link drops when the generator quits are
# normal).
#
# Usage: bench/pvp-vlan.sh [--no-huge] [--rounds N] [--runs N] [--secs N] [--warmup N]
#        defaults: --rounds 3 --runs 3 --secs 10 (pvp-loop's --warmup 3)
# Env:   as bench/pvp.sh; PVP_VLAN_LOG (directory for the calls' output and
#        counters; default a new /tmp/pvp-vlan.XXXXXX, kept)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 runs=3 secs=10 warmup=3
mem=hugepages
while [[ $# -gt 0 ]]; do
	case $1 in
	--no-huge) mem=no-huge ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	*) echo "usage: $0 [--no-huge] [--rounds N] [--runs N] [--secs N] [--warmup N]" >&2; exit 1 ;;
	esac
	shift
done
pargs=(--runs "$runs" --secs "$secs" --warmup "$warmup")
[[ $mem == no-huge ]] && pargs=(--no-huge "${pargs[@]}")
log=${PVP_VLAN_LOG:-$(mktemp -d /tmp/pvp-vlan.XXXXXX)}
mkdir -p "$log"
echo "pvp-vlan: mem=$mem rounds=$rounds pvp.sh ${pargs[*]}; output and counters in $log"

# shellcheck source=lib.sh
. "$here/lib.sh"

# call KIND ROUND: one pvp.sh call; sets TP VS (medians, Mpps) and RATIO
call() {
	local kind=$1 r=$2 out=$log/r$2.$1 opt=() f p b reason n bad=0
	[[ $kind == vlan ]] && opt=(--vlan)
	echo "pvp-vlan: round $r $kind: bench/pvp.sh ${opt[*]} ${pargs[*]}"
	if ! bash "$here/pvp.sh" "${opt[@]}" "${pargs[@]}" --stats-dir "$out.stats" >"$out.log" 2>&1; then
		tail -n 30 "$out.log" >&2
		echo "pvp-vlan: round $r $kind: pvp.sh failed" >&2
		return 1
	fi
	grep -E '^run |^RESULT' "$out.log" | sed 's/^/    /'
	TP=$(field testpmd-io agg_mpps "$out.log")
	VS=$(field custom agg_mpps "$out.log")
	[[ -n $TP && -n $VS ]] || { echo "pvp-vlan: no RESULT lines in $out.log" >&2; return 1; }
	RATIO=$(awk -v v="$VS" -v t="$TP" 'BEGIN { printf "%.3f", v / t }')
	# counters of each vswitchd run: all nonzero drops; VLAN drops are fatal
	for f in "$out.stats"/run*.json; do
		[[ -e $f ]] || { echo "pvp-vlan: no port counters saved" >&2; return 1; }
		p=$(jq -r .name "$f"); b=$(basename "$f")
		printf '    %s port %s (%s%s): rx %s tx %s, bytes/frame rx %s tx %s' "${b%%.*}" "$p" \
			"$(jq -r .vlan_mode "$f")" "$(jq -r 'if .vlan_mode == "trunk" then " " + (.trunk | join(",")) else "" end' "$f")" \
			"$(jq -r .stats.rx_packets "$f")" "$(jq -r .stats.tx_packets "$f")" \
			"$(jq -r '.stats.rx_bytes / ([.stats.rx_packets, 1] | max)' "$f")" \
			"$(jq -r '.stats.tx_bytes / ([.stats.tx_packets, 1] | max)' "$f")"
		jq -r '.stats.drops | to_entries[] | select(.value != 0) | "  drop \(.key)=\(.value)"' "$f" | tr -d '\n'
		echo
		for reason in vlan-violation unknown-vlan no-native; do
			n=$(jq -r --arg r "$reason" '.stats.drops[$r] // 0' "$f")
			[[ $n -eq 0 ]] || { echo "pvp-vlan: $f: $reason drops" >&2; bad=1; }
		done
		# every 64-byte frame crosses b tagged (68 bytes) in a --vlan call, untagged otherwise
		n=64; [[ $kind == vlan && $p == b ]] && n=68
		jq -e --argjson n "$n" '.stats.rx_packets > 0 and .stats.rx_bytes == $n * .stats.rx_packets
			and .stats.tx_bytes == $n * .stats.tx_packets' "$f" >/dev/null ||
			{ echo "pvp-vlan: $f: frames of port $p are not all $n bytes" >&2; bad=1; }
	done
	[[ $bad -eq 0 ]] || { echo "pvp-vlan: round $r $kind: switch counters show frames not pushed/popped as expected" >&2; return 1; }
}

declare -a RU=() RV=() RR=() RM=()
rows=()
for r in $(seq "$rounds"); do
	if (( r % 2 )); then order=(untagged vlan); else order=(vlan untagged); fi
	for k in "${order[@]}"; do
		call "$k" "$r"
		declare "TP_$k=$TP" "VS_$k=$VS" "RATIO_$k=$RATIO"
	done
	rr=$(awk -v v="$RATIO_vlan" -v u="$RATIO_untagged" 'BEGIN { printf "%.3f", v / u }')
	rm=$(awk -v v="$VS_vlan" -v u="$VS_untagged" 'BEGIN { printf "%.3f", v / u }')
	RU+=("$RATIO_untagged"); RV+=("$RATIO_vlan"); RR+=("$rr"); RM+=("$rm")
	rows+=("$(printf '%5d %8s %10s %10s %9s %10s %10s %9s %11s %11s' "$r" "$mem" \
		"$TP_untagged" "$VS_untagged" "$RATIO_untagged" "$TP_vlan" "$VS_vlan" "$RATIO_vlan" "$rr" "$rm")")
done

echo
printf '%5s %8s %10s %10s %9s %10s %10s %9s %11s %11s\n' round mem "U tpmd-io" "U vswitchd" "U ratio" \
	"V tpmd-io" "V vswitchd" "V ratio" "vlan/untag" "V/U Mpps"
printf '%s\n' "${rows[@]}"
mr=$(median "${RR[@]}")
echo "RESULT mem=$mem rounds=$rounds untagged_ratio=$(median "${RU[@]}") vlan_ratio=$(median "${RV[@]}")" \
	"vlan_vs_untagged=$mr vlan_vs_untagged_all=$(IFS=,; echo "${RR[*]}")" \
	"vswitchd_mpps_vlan_vs_untagged=$(median "${RM[@]}") target=0.95" \
	"met=$(awk -v m="$mr" 'BEGIN { print (m >= 0.95) ? "yes" : "no" }')"
