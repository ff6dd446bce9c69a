#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# install-deps.sh - install every Debian package vswitch needs to build, run and test.
# Idempotent: packages already present are skipped by apt; needs root.
set -euo pipefail

PKGS=(
	# build
	build-essential pkg-config meson ninja-build
	# DPDK 22.11 and the PMDs we load (vhost-user backend, virtio_user test peer)
	dpdk dpdk-dev libdpdk-dev librte-net-vhost23 librte-net-virtio23
	librte-net-tap23 librte-net-af-packet23 librte-net-af-xdp23 librte-mempool-ring23
	# fuzzing (tools/run-fuzz.sh): clang with libFuzzer and sanitizer runtimes
	clang libclang-rt-14-dev
	# libraries
	libjansson-dev libcmocka-dev libpcap-dev libnl-3-dev libnl-route-3-dev
	# real peers for the integration tests
	qemu-system-x86 linux-image-amd64 busybox-static cpio
	iproute2 procps psmisc util-linux socat tcpdump jq python3
	dnsmasq-base iperf3 iputils-ping
	# DHCP clients and crafted frames for the DHCP tests
	isc-dhcp-client python3-scapy
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: must run as root (apt-get)" >&2
	exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps.sh: all ${#PKGS[@]} packages present"
	exit 0
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
