#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# capture.sh - what packet capture costs the PVP loop.
#
# Rounds of bench/pvp.sh calls (order rotated every round), each the reference harness
# with its own testpmd-io ceiling, untagged ports a and b:
#   off:      no capture
#   filtered: a capture on port a with --filter 'udp port 9999', which no frame of the
#             loop matches (testpmd's frames are UDP port 9); it runs on the PMD as
#             JIT-compiled BPF (cap_bpf.c), nothing is copied
#   pmdfiltered: --filter 'ip proto 47' (matches nothing, fixed offsets only): the same
#             way, a shorter program
#   all:      a capture of everything on port a to a file in /dev/shm: every frame copied
#             and handed to the writer (dropped and counted when it falls behind)
#   base:     (with --base BUILD) no capture, with vswitchd from another build, e.g. the
#             commit before capture existed: off/base is what capture-off costs
# and prints per round the ratios to testpmd io and filtered/off, all/off, then medians,
# with each capture's written/dropped counts.
#
# Usage: bench/capture.sh [--no-huge] [--rounds N] [--runs N] [--secs N] [--base BUILD]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 runs=1 secs=10 base=""
pargs=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--no-huge) pargs+=(--no-huge) ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--base) base=$(cd "$2" && pwd); shift ;;
	*) echo "usage: $0 [--no-huge] [--rounds N] [--runs N] [--secs N] [--base BUILD]" >&2; exit 1 ;;
	esac
	shift
done
pargs+=(--runs "$runs" --secs "$secs")
log=$(mktemp -d /tmp/capture-bench.XXXXXX)
echo "capture-bench: rounds=$rounds pvp.sh ${pargs[*]}; logs in $log"
# shellcheck source=lib.sh
. "$here/lib.sh"

call() {
	local kind=$1 r=$2 out=$log/r$2.$1 opt=() env=() f
	case $kind in
	off) ;;
	base) env=("VSW_BUILD_DIR=$base") ;;
	*) opt=(--capture "$kind") ;;
	esac
	if ! env "${env[@]}" bash "$here/pvp.sh" "${opt[@]}" "${pargs[@]}" --stats-dir "$out.stats" >"$out.log" 2>&1; then
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

declare -a RO=() RF=() RP=() RA=() RFO=() RPO=() RAO=() RB=() ROB=()
rows=()
kinds=(off filtered pmdfiltered all)
[[ -n $base ]] && kinds+=(base)
RATIO_base=- ob=-
nk=${#kinds[@]}
for r in $(seq "$rounds"); do
	order=("${kinds[@]:$(( (r - 1) % nk ))}" "${kinds[@]:0:$(( (r - 1) % nk ))}")
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
	if [[ -n $base ]]; then
		ob=$(awk -v a="$RATIO_off" -v b="$RATIO_base" 'BEGIN { printf "%.3f", a / b }')
		RB+=("$RATIO_base"); ROB+=("$ob")
	fi
	rows+=("$(printf '%5d %8s %8s %11s %8s %8s %13s %12s %9s %9s %8s' "$r" "$RATIO_off" \
		"$RATIO_filtered" "$RATIO_pmdfiltered" "$RATIO_all" "$RATIO_base" "$fo" "$po" "$ao" \
		"$ob" "$TP_off")")
done
echo
printf '%5s %8s %8s %11s %8s %8s %13s %12s %9s %9s %8s\n' round "off" "filtered" "pmdfiltered" \
	"all" "base" "filtered/off" "pmdfilt/off" "all/off" "off/base" "tpio Mpps"
printf '%s\n' "${rows[@]}"
res="RESULT capture_pvp off_ratio=$(median "${RO[@]}") filtered_ratio=$(median "${RF[@]}") pmdfiltered_ratio=$(median "${RP[@]}") all_ratio=$(median "${RA[@]}") filtered_vs_off=$(median "${RFO[@]}") pmdfiltered_vs_off=$(median "${RPO[@]}") all_vs_off=$(median "${RAO[@]}")"
[[ -n $base ]] && res+=" base_ratio=$(median "${RB[@]}") off_vs_base=$(median "${ROB[@]}")"
echo "$res"
