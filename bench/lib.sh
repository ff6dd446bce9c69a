# SPDX-License-Identifier: BSD-3-Clause
# lib.sh - helpers shared by the bench/*.sh scripts that wrap pvp.sh (sourced).
#
#   field CONFIG KEY LOG   the KEY= value of the harness's "RESULT config=CONFIG" line
#   median V...            median of the numbers, 3 decimals

field() { sed -n "s/^RESULT config=$1 .*[ ]$2=\([^ ]*\).*/\1/p" "$3"; }

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
		else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
