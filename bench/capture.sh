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
# and prints per round the ratios to testpmd io and filtered/off, all/off, then medians
# (also of the same comparisons on vswitchd's own Mpps, mpps_*), with each capture's
# written/dropped counts.
#
# Usage: bench/capture.sh [--no-huge] [--rounds N] [--runs N] [--secs N] [--base BUILD]
#                         [--kinds "off filtered ..."]   (default: all four; off is required)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 runs=1 secs=10 base="" kinds=(off filtered pmdfiltered all)
pargs=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--no-huge) pargs+=(--no-huge) ;;
	--rounds) rounds=$2; shift ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--base) base=$(cd "$2" && pwd); shift ;;
	--kinds) read -r -a kinds <<<"$2"; shift ;;
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
	pvp_run "capture-bench: round $r $kind" "$out" "${env[@]}" -- "${opt[@]}" "${pargs[@]}" ||
		return 1
	for f in "$out.stats"/capture.*.list; do
		[[ -e $f ]] || continue
		jq -r '.captures[] | "    capture \(.id) \(.state) \(.reason): written \(.packets), filtered \(.filtered), dropped \(.dropped), \(.bytes) bytes"' "$f"
	done
}

# vs A B: A/B, or "-" when A was not measured
vs() {
	[[ $1 == - ]] && { echo -; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
}

declare -a XF=() XA=() XB=() RO=() RF=() RP=() RA=() RFO=() RPO=() RAO=() RB=() ROB=()
rows=()
[[ -n $base ]] && kinds+=(base)
RATIO_filtered=- RATIO_pmdfiltered=- RATIO_all=- VS_filtered=- VS_all=- VS_base=-
RATIO_base=- ob=-
nk=${#kinds[@]}
for r in $(seq "$rounds"); do
	order=("${kinds[@]:$(( (r - 1) % nk ))}" "${kinds[@]:0:$(( (r - 1) % nk ))}")
	for k in "${order[@]}"; do
		echo "capture-bench: round $r $k"
		call "$k" "$r"
		declare "TP_$k=$TP" "VS_$k=$VS" "RATIO_$k=$RATIO"
	done
	fo=$(vs "$RATIO_filtered" "$RATIO_off")
	po=$(vs "$RATIO_pmdfiltered" "$RATIO_off")
	ao=$(vs "$RATIO_all" "$RATIO_off")
	RO+=("$RATIO_off")
	# the same comparisons on vswitchd's own rates (no ceiling in between)
	x=$(vs "$VS_filtered" "$VS_off"); [[ $x != - ]] && XF+=("$x")
	x=$(vs "$VS_all" "$VS_off"); [[ $x != - ]] && XA+=("$x")
	if [[ -n $base ]]; then x=$(vs "$VS_off" "$VS_base"); XB+=("$x"); fi
	[[ $fo != - ]] && RF+=("$RATIO_filtered") && RFO+=("$fo")
	[[ $po != - ]] && RP+=("$RATIO_pmdfiltered") && RPO+=("$po")
	[[ $ao != - ]] && RA+=("$RATIO_all") && RAO+=("$ao")
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
med() { [[ $# -gt 0 ]] && median "$@" || echo -; }
res="RESULT capture_pvp off_ratio=$(med "${RO[@]}") filtered_ratio=$(med "${RF[@]}") pmdfiltered_ratio=$(med "${RP[@]}") all_ratio=$(med "${RA[@]}") filtered_vs_off=$(med "${RFO[@]}") pmdfiltered_vs_off=$(med "${RPO[@]}") all_vs_off=$(med "${RAO[@]}")"
[[ -n $base ]] && res+=" base_ratio=$(med "${RB[@]}") off_vs_base=$(med "${ROB[@]}")"
res+=" mpps_filtered_vs_off=$(med "${XF[@]}") mpps_all_vs_off=$(med "${XA[@]}") mpps_off_vs_base=$(med "${XB[@]}")"
echo "$res"
