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
# Usage: bench/pvp.sh [--no-huge] [--runs N] [--secs N] [extra configs, e.g. ovs-normal]
#        (ovs-* configs install Debian's openvswitch-switch-dpdk if it is missing)
# Env:   VSW_BUILD_DIR (default ./build), PVP_HARNESS (default ../shared/bench/pvp-loop.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VSW_BUILD_DIR:-$here/build}
harness=${PVP_HARNESS:-$here/../shared/bench/pvp-loop.sh}
[[ -x $build/vswitch/vswitchd ]] || { echo "pvp.sh: build first (meson/ninja)" >&2; exit 1; }
[[ -f $harness ]] || { echo "pvp.sh: harness $harness not found" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || "$here/tools/install-deps.sh"

configs=testpmd-io,custom
args=()
while [[ $# -gt 0 ]]; do
	case $1 in
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
export SWITCH_SETUP="for i in \$(seq 100); do $c status >/dev/null 2>&1 && break; sleep 0.1; done; \
{ $c net-show pvp >/dev/null 2>&1 || $c net-add pvp; } && \
{ $c port-show a >/dev/null 2>&1 || $c port-add a --net pvp --type vhost-user --path \$SOCK0; } && \
{ $c port-show b >/dev/null 2>&1 || $c port-add b --net pvp --type vhost-user --path \$SOCK1; }"
export SWITCH_READY='test -S $SOCK1'
exec bash "$harness" "$configs" "${args[@]}"
