# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=dash
# /lib/guest-lib.sh: helpers for per-test guest scripts (busybox ash). The guest /init sources
# this file before it sources /test.sh, so a test script can call these directly. All
# timeouts are in seconds; every helper returns 0 on success and non-zero on failure.
#
#   g_log MSG...                  print "[guest uptime] MSG" on the console
#   g_now                         seconds since boot (integer)
#   g_wait_link [IF] [TIMEOUT]    wait until IF (eth0) has carrier (default 10 s)
#   g_ping ADDR [TIMEOUT]         ping ADDR once a second until one reply (default 60 s):
#                                 peers boot at different speeds, never fail on the first loss
#   g_icmp_in_echos               echo requests this guest has received since boot
#   g_wait_pinged [N] [TIMEOUT]   wait until >= N echo requests were received (default 1, 60 s)
#   g_ping_peer ADDR [TIMEOUT]    mutual ping: g_ping ADDR, then "ping -c 3" that must get all 3
#                                 replies, then g_wait_pinged 4 (the peer's successful g_ping
#                                 and its 3 pings reached us), then linger 1 s. Use it in BOTH
#                                 guests: the one that succeeds first stays up for its peer
#   g_dhcp [IF] [TIMEOUT]         run udhcpc on IF (default eth0, 30 s); the lease is applied by
#                                 /usr/share/udhcpc/default.script and saved in /run/udhcpc.IF
#
# Example /test.sh:
#   ip addr add 10.0.0.1/24 dev eth0
#   g_ping_peer 10.0.0.2 60 || exit 1
#   ping -c 3 -W 2 10.0.0.2

g_now() {
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

g_log() {
	local up
	read -r up _ </proc/uptime
	echo "[$(hostname) ${up}s] $*"
}

g_wait_link() {
	local ifc="${1:-eth0}" timeout="${2:-10}" end
	end=$(($(g_now) + timeout))
	while [ "$(cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" != 1 ]; do
		if [ "$(g_now)" -ge "$end" ]; then
			g_log "g_wait_link: $ifc has no carrier after ${timeout}s"
			return 1
		fi
		sleep 0.2
	done
	return 0
}

g_ping() {
	local addr="$1" timeout="${2:-60}" end n=0
	end=$(($(g_now) + timeout))
	while :; do
		n=$((n + 1))
		if ping -c 1 -W 1 "$addr" >/dev/null 2>&1; then
			g_log "g_ping: $addr answered (attempt $n)"
			return 0
		fi
		if [ "$(g_now)" -ge "$end" ]; then
			g_log "g_ping: no reply from $addr after $n attempts (${timeout}s)"
			return 1
		fi
		sleep 0.5
	done
}

g_icmp_in_echos() {
	awk '/^Icmp:/ {
		if (!hdr) { for (i = 2; i <= NF; i++) if ($i == "InEchos") col = i; hdr = 1 }
		else { print $col + 0; exit }
	}' /proc/net/snmp
}

g_wait_pinged() {
	local want="${1:-1}" timeout="${2:-60}" end
	end=$(($(g_now) + timeout))
	while [ "$(g_icmp_in_echos)" -lt "$want" ]; do
		if [ "$(g_now)" -ge "$end" ]; then
			g_log "g_wait_pinged: got $(g_icmp_in_echos) of $want echo requests in ${timeout}s"
			return 1
		fi
		sleep 0.2
	done
	return 0
}

g_ping_peer() {
	local out
	g_ping "$1" "${2:-60}" || return 1
	out=$(ping -c 3 -W 2 "$1" 2>&1)
	echo "$out" | tail -n 2
	case "$out" in
	*" 3 packets received"*) ;;
	*) g_log "g_ping_peer: lost replies from $1"; return 1 ;;
	esac
	g_wait_pinged 4 "${2:-60}" || return 1
	sleep 1
	return 0
}

g_dhcp() {
	local ifc="${1:-eth0}" timeout="${2:-30}"
	udhcpc -i "$ifc" -f -q -n -t "$timeout" -T 1 -A 1 \
		-s /usr/share/udhcpc/default.script
}
