#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# capture.sh - what packet capture costs the PVP loop.
#
# Rounds of three bench/pvp.sh calls (order rotated every round), each the reference
# harness with its own testpmd-io ceiling, untagged ports a and b:
#   off:      no capture
#   filtered: a capture on port a with --filter 'udp port 9999', which no frame of the
#             loop matches (testpmd's frames are UDP port 9); a port filter runs on the
#             PMD in libpcap's interpreter (see capture.c), nothing is copied
#   pmdfiltered: --filter 'ip proto 47' (matches nothing, fixed offsets): runs on the
#             PMD as BPF, nothing is copied
#   all:      a capture of everything on port a to a file in /dev/shm: every frame copied
#             and handed to the writer (dropped and counted when it falls behind)
# and prints per round the ratios to testpmd io and filtered/off, all/off, then medians,
# with each capture's written/dropped counts.
#
# Usage: bench/capture.sh [--no-huge] [--rounds N] [--runs N] [--secs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 runs=1 secs=10
pargs=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--no-huge) pargs+=(--no-huge) ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	*) echo "usage: $0 [--no-huge] [--rounds N] [--runs N] [--secs N]" >&2; exit 1 ;;
	esac
	shift
done
pargs+=(--runs "$runs" --secs "$secs")
log=$(mktemp -d /tmp/capture-bench.XXXXXX)
echo "capture-bench: rounds=$rounds pvp.sh ${pargs[*]}; logs in $log"
# shellcheck source=lib.sh
. "$here/lib.sh"

call() {
	local kind=$1 r=$2 out=$log/r$2.$1 opt=() f
	[[ $kind != off ]] && opt=(--capture "$kind")
	if ! bash "$here/pvp.sh" "${opt[@]}" "${pargs[@]}" --stats-dir "$out.stats" >"$out.log" 2>&1; then
		tail -n 30 "$out.log" >&2
		echo "capture-bench: round $r $kind: pvp.sh failed" >&2
		return 1
	fi
	TP=$(field testpmd-io agg_mpps "$out.log")
	VS=$(field custom agg_mpps "$out.log")
	[[ -n $TP && -n $VS ]] || { echo "capture-bench: no RESULT lines in $out.log" >&2; return 1; }
	RATIO=$(awk -v v="$VS" -v t="$TP" 'BEGIN { printf "%.3f", v / t }')
	for f in "$out.stats"/capture.*.list; do
		[[ -e $f ]] || continue
		jq -r '.captures[] | "    capture \(.id) \(.state) \(.reason): written \(.packets), filtered \(.filtered), dropped \(.dropped), \(.bytes) bytes"' "$f"
	done
}

declare -a RO=() RF=() RP=() RA=() RFO=() RPO=() RAO=()
rows=()
kinds=(off filtered pmdfiltered all)
for r in $(seq "$rounds"); do
	order=("${kinds[@]:$(( (r - 1) % 4 ))}" "${kinds[@]:0:$(( (r - 1) % 4 ))}")
	for k in "${order[@]}"; do
		echo "capture-bench: round $r $k"
		call "$k" "$r"
		declare "TP_$k=$TP" "VS_$k=$VS" "RATIO_$k=$RATIO"
	done
	fo=$(awk -v a="$RATIO_filtered" -v b="$RATIO_off" 'BEGIN { printf "%.3f", a / b }')
	po=$(awk -v a="$RATIO_pmdfiltered" -v b="$RATIO_off" 'BEGIN { printf "%.3f", a / b }')
	ao=$(awk -v a="$RATIO_all" -v b="$RATIO_off" 'BEGIN { printf "%.3f", a / b }')
	RO+=("$RATIO_off"); RF+=("$RATIO_filtered"); RP+=("$RATIO_pmdfiltered"); RA+=("$RATIO_all")
	RFO+=("$fo"); RPO+=("$po"); RAO+=("$ao")
	rows+=("$(printf '%5d %8s %8s %11s %8s %13s %12s %15s %8s' "$r" "$RATIO_off" \
		"$RATIO_filtered" "$RATIO_pmdfiltered" "$RATIO_all" "$fo" "$po" "$ao" "$TP_off")")
done
echo
printf '%5s %8s %8s %11s %8s %13s %12s %15s %8s\n' round "off" "filtered" "pmdfiltered" "all" \
	"filtered/off" "pmdfilt/off" "all/off" "tpio Mpps"
printf '%s\n' "${rows[@]}"
echo "RESULT capture_pvp off_ratio=$(median "${RO[@]}") filtered_ratio=$(median "${RF[@]}") pmdfiltered_ratio=$(median "${RP[@]}") all_ratio=$(median "${RA[@]}") filtered_vs_off=$(median "${RFO[@]}") pmdfiltered_vs_off=$(median "${RPO[@]}") all_vs_off=$(median "${RAO[@]}")"
