# SPDX-License-Identifier: BSD-3-Clause
# lib.sh - helpers shared by the bench/*.sh scripts that wrap pvp.sh (sourced).
#
#   field CONFIG KEY LOG   the KEY= value of the harness's "RESULT config=CONFIG" line
#   median V...            median of the numbers, 3 decimals
#   pvp_run TAG OUT [VAR=VALUE...] -- PVP-ARGS...
#                          bench/pvp.sh PVP-ARGS --stats-dir OUT.stats > OUT.log (with the
#                          environment VARs), then TP, VS (aggregate Mpps of testpmd io and
#                          of vswitchd) and RATIO = VS/TP; on failure the log's tail and
#                          "TAG: ..." on stderr, return 1

field() { sed -n "s/^RESULT config=$1 .*[ ]$2=\([^ ]*\).*/\1/p" "$3"; }

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
		else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

pvp_run() {
	local tag=$1 out=$2 env=()

	shift 2
	while [[ $1 != -- ]]; do env+=("$1"); shift; done
	shift
	if ! env "${env[@]}" bash "$(dirname "${BASH_SOURCE[0]}")/pvp.sh" "$@" \
		--stats-dir "$out.stats" >"$out.log" 2>&1; then
		tail -n 30 "$out.log" >&2
		echo "$tag: pvp.sh failed" >&2
		return 1
	fi
	TP=$(field testpmd-io agg_mpps "$out.log")
	VS=$(field custom agg_mpps "$out.log")
	[[ -n $TP && -n $VS ]] || { echo "$tag: no RESULT lines in $out.log" >&2; return 1; }
	RATIO=$(awk -v v="$VS" -v t="$TP" 'BEGIN { printf "%.3f", v / t }')
}
