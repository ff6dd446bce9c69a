# SPDX-License-Identifier: BSD-3-Clause
# common.sh - shared helpers for vswitch integration tests (sourced, not run).
#
# Test skeleton and vswitchd:
#   vsw_test_init NAME     temp dir $T, EXIT trap that undoes everything
#   vsw_on_cleanup CMD     run CMD (eval) at exit, last registered first
#   vsw_start [ARGS]       start vswitchd (foreground, $T/run, $T/state) and wait
#   vsw_stop / vsw_kill9   SIGTERM (returns exit status) / SIGKILL
#   vsw_alive              vswitchd still runs and answers "status"
#   vsw_eal_prefix RUN_DIR   EAL file prefix vswitchd uses for RUN_DIR (vsw<FNV-1a>)
#   vsw_dpdk_dir RUN_DIR   its DPDK runtime dir, /var/run/dpdk/<prefix>
#   ctl ARGS / ctlj ARGS   vswctl on our run dir (ctlj adds --json)
#   ctl_raw [LINE]         LINE (or stdin) as is on the control socket; prints replies
#   check DESC CMD...      run CMD; count and print "ok"/"FAIL"; never exits
#   expect_fail DESC CMD.. CMD must exit non-zero
#   vsw_finish             print "N passed, N failed", exit 1 if any failed
#   wait_for SECS DESC CMD...  poll CMD every 0.2 s ($WAIT_FOR_MS ms) until it succeeds
#   q CMD...               run CMD with stdout and stderr discarded
#
# Switch state:
#   port_stat PORT KEY     a counter of PORT (KEY like .rx_packets, '.drops["no-link"]')
#   mbufs_in_use / mbufs_zero   mbufs in use / whether that is 0
#   link_is PORT up|down   PORT's link state
#   links_up PORT...       every PORT's link is up
#   n_links_up N           exactly N ports (of all) have their link up
#   fdb_has NET MAC PORT [static|dynamic]   NET's FDB maps MAC to PORT (NET "-": any)
#   fdb_sample_start NET...  append NET's FDB ({mac, port} list) to $T/fdb-NET.samples
#                          once a second in the background, until fdb_sample_stop
#
# testpmd peers (one virtio_user port each, log in $T/tp.NAME.log):
#   tp_start NAME SOCK MAC [server]   testpmd with one virtio_user port (rxonly)
#   tp_launch NAME EAL_ARGS... -- APP_ARGS...   any other testpmd peer (same settings)
#   tp_wait_prompt NAME    wait until testpmd NAME shows its prompt
#   tp_restart NAME SOCK MAC [server]  (re)start NAME, wait for its link, start it
#   tp_kill NAME           stop testpmd NAME and remove what it left
#   tp_cmd NAME CMD        send an interactive command to testpmd NAME
#   tp_cmd_wait NAME CMD REGEX DESC  send CMD, wait for one more log line matching REGEX
#   tp_stop NAME           "stop" and wait for testpmd's stop report
#   tp_stats NAME          "RX TX" packet counters of its port 0 (waits for the answer)
#   tp_rx NAME / tp_tx NAME  RX/TX packet counter of its port 0 (-1 if no answer)
#   tp_send NAME DST BURSTS  NAME sends BURSTS x 32 frames to DST (tx_first)
#   tp_stream NAME DST     NAME transmits to DST continuously (txonly)
#   tp_rxonly NAME         NAME back to counting what it receives (rxonly)
#   tp_mark NAME...        remember RX counters: tp_expect_rx then counts from there
#   tp_expect_rx DESC NAME=N...  check that each NAME received exactly N frames
#
# Host interfaces and namespaces ("-" for NS: the host's own namespace):
#   nsexec NS CMD...       run CMD in namespace NS
#   nsip NS ARGS...        ip ARGS in namespace NS
#   if_exists NS IF / if_gone NS IF   interface IF exists / does not exist in NS
#   if_mtu NS IF / if_mac NS IF       its MTU / MAC
#   if_up NS IF            IF is administratively up and has carrier (UP, LOWER_UP)
#   ping_n NS ADDR N [ARGS]  N echo requests (busybox ping) from NS to ADDR, all answered
#   first_ping NS ADDR     wait (30 s) for a first reply, then 3 of 3
#   refused DESC ARGS...   "vswctl ARGS" fails with a message and changes nothing: the
#                          test's own snap() prints the same before and after
#   netns_fresh NS [VETH]  (re)create namespace NS (a leftover, and VETH on the host, are
#                          removed first; both again at exit), IPv6 off, lo up
#
# Background peers (DHCP clients and servers, captures):
#   vsw_bg NAME CMD...     CMD in the background, output in $T/NAME.log, stopped at exit
#   vsw_bg_wait NAME       wait for NAME; its exit status
#   vsw_bg_kill NAME       stop NAME now (TERM, 5 s, KILL)
#   vsw_bg_running NAME    NAME still runs
#   pcap_start NS IF NAME  tcpdump on IF in NS ("-": host) into $T/NAME.pcap, once listening
#   pcap_stop NAME         stop it (after 1 s)
#
# Env: VSW_BUILD_DIR (default <repo>/build), VSW_PMD_CORES (default 1),
#      VSW_TP_CPU (testpmd cpu, default 0).

VSW_SOURCE_DIR=${VSW_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
VSW_BUILD_DIR=${VSW_BUILD_DIR:-$VSW_SOURCE_DIR/build}
VSWITCHD=$VSW_BUILD_DIR/vswitch/vswitchd
VSWCTL=$VSW_BUILD_DIR/tools/vswctl
VSW_PMD_CORES=${VSW_PMD_CORES:-1}
VSW_TP_CPU=${VSW_TP_CPU:-0}
TESTPMD=${TESTPMD:-dpdk-testpmd}

VSW_PASS=0
VSW_FAIL=0
VSW_CLEANUP=()
declare -A TP_PID=() TP_FD=() TP_PREFIX=() TP_RX_BASE=()

vsw_log() { echo "# $*"; }

vsw_on_cleanup() { VSW_CLEANUP+=("$1"); }

vsw_cleanup() {
	local i rc=$?
	set +e
	for ((i = ${#VSW_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${VSW_CLEANUP[$i]}" >/dev/null 2>&1
	done
	VSW_CLEANUP=()
	if [[ -n ${T:-} && -d $T && -z ${VSW_KEEP:-} ]]; then rm -rf "$T"; fi
	return $rc
}

vsw_test_init() {
	[[ $EUID -eq 0 ]] || { echo "integration tests need root" >&2; exit 1; }
	[[ -x $VSWITCHD && -x $VSWCTL ]] || { echo "build first: $VSWITCHD missing" >&2; exit 1; }
	T=$(mktemp -d "/tmp/vswtest.$1.XXXXXX")
	chmod 755 "$T"
	ls -d /var/run/dpdk/vsw* >"$T/.dpdk-before" 2>/dev/null
	trap vsw_cleanup EXIT
	trap 'exit 130' INT TERM
	vsw_log "test $1, temp dir $T"
}

wait_for() {
	local secs=$1 desc=$2 i ms=${WAIT_FOR_MS:-200}
	shift 2
	for ((i = 0; i < secs * 1000 / ms; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	done
	vsw_log "timeout (${secs}s) waiting for: $desc"
	return 1
}

# q CMD...: run CMD quietly (stdout and stderr discarded), keep its status.
q() { "$@" >/dev/null 2>&1; }

ctl() { "$VSWCTL" --run-dir "$T/run" "$@"; }
ctlj() { "$VSWCTL" --run-dir "$T/run" --json "$@"; }

# ctl_raw [LINE]: send LINE plus a newline (without LINE: stdin as is) on one
# connection to the control socket, half-closing when done; print the replies.
ctl_raw() {
	if [[ $# -gt 0 ]]; then
		printf '%s\n' "$1" | ctl_raw
		return
	fi
	timeout -k 2 15 socat -t 5 - "UNIX-CONNECT:$T/run/vswitchd.sock" 2>/dev/null
}

vsw_start() {
	"$VSWITCHD" --foreground --run-dir "$T/run" --state-dir "$T/state" \
		--pmd-cores "$VSW_PMD_CORES" "$@" >>"$T/vswitchd.log" 2>&1 &
	VSW_PID=$!
	vsw_on_cleanup "kill -KILL $VSW_PID; wait $VSW_PID; vsw_rm_runtime_dirs"
	if ! wait_for 30 "vswitchd ready" ctl status; then
		tail -n 20 "$T/vswitchd.log"
		return 1
	fi
}

# vsw_eal_prefix RUN_DIR: the EAL file prefix vswitchd uses for RUN_DIR:
# "vsw" + the 32-bit FNV-1a hash of the run dir's bytes (opts_hash() in
# vswitch/opts.c).
vsw_eal_prefix() {
	local LC_ALL=C s=$1 h=2166136261 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$((((h ^ (c & 0xff)) * 16777619) & 0xffffffff))
	done
	printf 'vsw%08x\n' "$h"
}

# vsw_dpdk_dir RUN_DIR: DPDK runtime dir of the vswitchd on RUN_DIR.
vsw_dpdk_dir() { echo "/var/run/dpdk/$(vsw_eal_prefix "$1")"; }

# EAL runtime dirs of vswitchd instances this test started (prefix: vsw + hash
# of the run dir); a SIGKILLed vswitchd cannot remove its own.
vsw_rm_runtime_dirs() {
	local d
	for d in /var/run/dpdk/vsw*; do
		[[ -d $d ]] || continue
		grep -qxF "$d" "$T/.dpdk-before" 2>/dev/null || rmdir "$d" 2>/dev/null
	done
	return 0
}

vsw_stop() {
	local rc
	kill -TERM "$VSW_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$VSW_PID" 2>/dev/null || break; sleep 0.1; done
	wait "$VSW_PID"
	rc=$?
	return $rc
}

vsw_kill9() {
	kill -KILL "$VSW_PID" 2>/dev/null
	wait "$VSW_PID" 2>/dev/null
	return 0
}

# vsw_alive: the vswitchd we started still runs and answers "status".
vsw_alive() { kill -0 "$VSW_PID" 2>/dev/null && ctl status >/dev/null; }

check() {
	local desc=$1
	shift
	if "$@"; then
		echo "ok - $desc"
		VSW_PASS=$((VSW_PASS + 1))
	else
		echo "FAIL - $desc"
		VSW_FAIL=$((VSW_FAIL + 1))
	fi
}

expect_fail() {
	local desc=$1
	shift
	if "$@"; then
		echo "FAIL - $desc (succeeded, should have failed)"
		VSW_FAIL=$((VSW_FAIL + 1))
	else
		echo "ok - $desc"
		VSW_PASS=$((VSW_PASS + 1))
	fi
}

vsw_finish() {
	echo "$VSW_PASS passed, $VSW_FAIL failed"
	if [[ $VSW_FAIL -ne 0 || $VSW_PASS -eq 0 ]]; then
		[[ -f $T/vswitchd.log ]] && { echo "--- vswitchd.log (tail)"; tail -n 30 "$T/vswitchd.log"; }
		exit 1
	fi
	exit 0
}

# tp_start NAME SOCK MAC [server]: testpmd with one virtio_user port, rxonly
# (counts what it receives; "start tx_first N" sends N bursts of 32 frames
# from MAC to its eth-peer, default broadcast).
tp_start() {
	local name=$1 sock=$2 mac=$3 srv=""
	[[ ${4:-} == server ]] && srv=",server=1"
	tp_launch "$name" --vdev "net_virtio_user0,path=$sock,queues=1,queue_size=256,mac=$mac$srv" \
		-- --forward-mode=rxonly --eth-peer=0,ff:ff:ff:ff:ff:ff
	if [[ -z $srv ]]; then
		tp_wait_prompt "$name" || { tail -n 20 "$T/tp.$name.log"; return 1; }
	fi
}
# tp_launch NAME EAL_ARGS... -- APP_ARGS...: start testpmd NAME in the
# background (interactive, commands from a fifo, log in $T/tp.NAME.log) with
# the peers' common EAL and application settings plus the given ones.
tp_launch() {
	local name=$1 prefix="vswtp$$${1}" fd eal=()
	shift
	while [[ $# -gt 0 && $1 != -- ]]; do eal+=("$1"); shift; done
	shift
	mkfifo "$T/tp.$name.in"
	exec {fd}<>"$T/tp.$name.in"
	TP_FD[$name]=$fd
	TP_PREFIX[$name]=$prefix
	stdbuf -oL -eL "$TESTPMD" --lcores "0@$VSW_TP_CPU,1@$VSW_TP_CPU" --no-pci --no-huge -m 512 \
		--file-prefix "$prefix" --log-level='*:error' "${eal[@]}" \
		-- -i --total-num-mbufs=8192 --nb-cores=1 "$@" \
		<"$T/tp.$name.in" >"$T/tp.$name.log" 2>&1 &
	TP_PID[$name]=$!
	vsw_on_cleanup "tp_kill $name"
}
tp_wait_prompt() { wait_for 30 "testpmd $1 prompt" grep -q 'testpmd>' "$T/tp.$1.log"; }

# tp_restart NAME SOCK MAC [server]: a fresh testpmd NAME (tp_start's
# arguments), connected (port NAME's link up) and forwarding (rxonly).
tp_restart() {
	tp_kill "$1"
	tp_start "$@" || return 1
	if [[ ${4:-} == server ]]; then
		tp_wait_prompt "$1" || return 1
	fi
	wait_for 30 "port $1 up" link_is "$1" up || return 1
	tp_cmd "$1" "start"
}


tp_kill() {
	local name=$1 pid=${TP_PID[$1]:-}
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	exec {TP_FD[$name]}>&- 2>/dev/null
	rm -rf "/var/run/dpdk/${TP_PREFIX[$name]}" "$T/tp.$name.in"
	unset "TP_PID[$name]"
}

tp_cmd() { echo "$2" >&"${TP_FD[$1]}"; }

# tp_cmd_wait NAME CMD REGEX DESC: send CMD to testpmd NAME and wait up to
# 20 s (polling every $WAIT_FOR_MS ms) until its log holds one more line
# matching REGEX (grep -E) than before: the answer to CMD.
tp_cmd_wait() {
	local log=$T/tp.$1.log n
	n=$(grep -cE "$3" "$log")
	tp_cmd "$1" "$2"
	wait_for 20 "testpmd $1 $4" \
		eval "[[ \$(grep -cE '$3' '$log') -gt $n ]]"
}

# tp_stop NAME: stop forwarding and wait up to 20 s for testpmd's stop report
# ("Done." or "Packet forwarding not started"), so that the commands that
# follow see a stopped testpmd.
tp_stop() { tp_cmd_wait "$1" stop '^Done\.|not started' stopped; }

# tp_stats NAME: print "RX TX", the packet counters of testpmd NAME's port 0.
# Waits up to 20 s for the answer (a busy forwarding lcore can starve the
# main lcore); prints "-1 -1" and fails if none comes. The answer is told
# apart by its "NIC statistics for port" header, which only "show port stats"
# prints: the RX-/TX-packets lines of a "stop" report (forward statistics)
# can never be mistaken for it.
tp_stats() {
	local log=$T/tp.$1.log before i out
	before=$(grep -c 'NIC statistics for port' "$log")
	tp_cmd "$1" "show port stats 0"
	for ((i = 0; i < 400; i++)); do
		out=$(awk -v n="$before" '
			/NIC statistics for port/ { if (++k == n + 1) blk = 1; next }
			blk && /RX-packets:/ { rx = $2 }
			blk && /TX-packets:/ { print rx + 0, $2 + 0; exit }' "$log")
		if [[ -n $out ]]; then
			echo "$out"
			return 0
		fi
		sleep 0.05
	done
	echo "-1 -1"
	return 1
}
# tp_rx NAME / tp_tx NAME: one counter of tp_stats (-1 and failure if no answer)
tp_rx() {
	local s rc
	s=$(tp_stats "$1")
	rc=$?
	echo "${s% *}"
	return $rc
}
tp_tx() {
	local s rc
	s=$(tp_stats "$1")
	rc=$?
	echo "${s#* }"
	return $rc
}

# tp_send NAME DST BURSTS: NAME (rxonly) sends BURSTS x 32 frames to DST with
# "start tx_first", then goes on counting; waits 1 s for them to arrive.
tp_send() {
	tp_stop "$1"
	tp_cmd "$1" "set eth-peer 0 $2"
	tp_cmd "$1" "start tx_first $3"
	sleep 1
}

# tp_stream NAME DST: NAME transmits to DST continuously (txonly) until tp_stop.
tp_stream() {
	tp_stop "$1"
	tp_cmd "$1" "set eth-peer 0 $2"
	tp_cmd "$1" "set fwd txonly"
	tp_cmd "$1" "start"
}

# tp_rxonly NAME: NAME back to counting what arrives (rxonly, started).
tp_rxonly() {
	tp_stop "$1"
	tp_cmd "$1" "set fwd rxonly"
	tp_cmd "$1" "start"
}

# tp_mark NAME...: remember each NAME's RX counter; tp_expect_rx counts from it.
tp_mark() {
	local n
	for n; do TP_RX_BASE[$n]=$(tp_rx "$n"); done
}

# tp_expect_rx DESC NAME=N...: check (one check) that each testpmd NAME has
# received exactly N frames (since tp_mark NAME, else in all), polling for up
# to ~5 s plus answer times. The check reads "DESC (want NAME=N..., got ...)".
tp_expect_rx() {
	local desc=$1 kv n want have ok=0 got=""
	shift
	for _ in $(seq 25); do
		ok=1 got=""
		for kv in "$@"; do
			n=${kv%%=*} want=${kv#*=}
			have=$(($(tp_rx "$n") - ${TP_RX_BASE[$n]:-0}))
			got+=" $n=$have"
			[[ $have -eq $want ]] || ok=0
		done
		[[ $ok -eq 1 ]] && break
		sleep 0.2
	done
	check "$desc (want $*, got$got)" test $ok -eq 1
}

# --- switch state, as vswctl reports it ---------------------------------------

# port_stat PORT KEY: counter KEY of PORT's stats, e.g. port_stat a .rx_packets,
# port_stat a '.drops["no-link"]'
port_stat() { ctlj port-show "$1" | jq -r ".stats$2"; }
mbufs_in_use() { ctlj status | jq -r .mbufs_in_use; }
# mbufs_zero: no mbuf in use (every mbuf back in the pool)
mbufs_zero() { [[ $(mbufs_in_use) == 0 ]]; }

# link_is PORT up|down: PORT's link state is that
link_is() { [[ $(ctlj port-show "$1" | jq -r .link) == "$2" ]]; }
# links_up PORT...: every PORT's link is up
links_up() {
	local p
	for p; do link_is "$p" up || return 1; done
}
# n_links_up N: exactly N ports (all networks) have their link up
n_links_up() { [[ $(ctlj port-list | jq '[.ports[] | select(.link == "up")] | length') -eq $1 ]]; }

# fdb_has NET MAC PORT [static|dynamic]: NET's FDB ("-": any network's) has an
# entry MAC -> PORT (of that kind, if given)
fdb_has() {
	local kind=any
	[[ -n ${4:-} ]] && kind=$4
	if [[ $1 == - ]]; then ctlj fdb-show; else ctlj fdb-show "$1"; fi |
		jq -e --arg m "$2" --arg p "$3" --arg k "$kind" \
			'any(.entries[]; .mac == $m and .port == $p and
			     ($k == "any" or .static == ($k == "static")))' >/dev/null
}

# fdb_sample_start NET...: once a second, append each NET's FDB as one JSON
# line [{mac, port}...] to $T/fdb-NET.samples (background; fdb_sample_stop,
# also run at exit, ends it).
fdb_sample_start() {
	(
		while :; do
			for n in "$@"; do
				{ ctlj fdb-show "$n" | jq -c '[.entries[] | {mac, port}]'; } \
					>>"$T/fdb-$n.samples" 2>/dev/null
			done
			sleep 1
		done
	) &
	FDB_SAMPLER_PID=$!
	vsw_on_cleanup fdb_sample_stop
}
fdb_sample_stop() {
	[[ -n ${FDB_SAMPLER_PID:-} ]] || return 0
	kill "$FDB_SAMPLER_PID" 2>/dev/null
	wait "$FDB_SAMPLER_PID" 2>/dev/null
	FDB_SAMPLER_PID=
}

# ---- host interfaces and namespaces
nsexec() {
	local ns=$1
	shift
	if [[ $ns == - ]]; then "$@"; else ip netns exec "$ns" "$@"; fi
}
nsip() {
	local ns=$1
	shift
	if [[ $ns == - ]]; then ip "$@"; else ip -n "$ns" "$@"; fi
}
if_exists() { nsip "$1" link show dev "$2" >/dev/null 2>&1; }
if_gone() { ! if_exists "$@"; }
if_mtu() { nsip "$1" -j link show dev "$2" 2>/dev/null | jq -r '.[0].mtu'; }
if_mac() { nsip "$1" -j link show dev "$2" 2>/dev/null | jq -r '.[0].address'; }
if_up() {
	nsip "$1" -j link show dev "$2" 2>/dev/null |
		jq -e '.[0].flags | index(["UP"]) != null and index(["LOWER_UP"]) != null' >/dev/null
}
ping_n() {
	local ns=$1 a=$2 n=$3 out
	shift 3
	out=$(nsexec "$ns" busybox ping -c "$n" -W 2 "$@" "$a" 2>&1)
	[[ $out == *" $n packets received"* ]] && return 0
	vsw_log "ping $* $a from ${ns/#-/host}: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	return 1
}
first_ping() {
	wait_for 30 "$1 -> $2 first reply" ping_n "$1" "$2" 1 && ping_n "$1" "$2" 3
}
netns_fresh() {
	local ns=$1 veth=${2:-}
	ip netns del "$ns" 2>/dev/null
	[[ -n $veth ]] && ip link del "$veth" 2>/dev/null
	vsw_on_cleanup "${veth:+ip link del $veth; }ip netns del $ns"
	ip netns add "$ns" || return 1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	ip -n "$ns" link set lo up
}
refused() {
	local desc=$1 rc
	shift
	snap >"$T/snap.a" 2>&1
	ctl "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
	snap >"$T/snap.b" 2>&1
	check "refused: $desc (exit $rc: $(head -c 150 "$T/ctl.err" | tr '\n' ' '))" \
		eval "[[ $rc -ne 0 && -s $T/ctl.err ]] && diff -u $T/snap.a $T/snap.b"
}

# ---- background helpers (appended; see the header)
declare -A VSW_BG=()
# vsw_bg NAME CMD...: run CMD (a command, not a shell function) in the background,
# stdout and stderr in $T/NAME.log, pid in VSW_BG[NAME]; stopped at exit if still running.
vsw_bg() {
	local name=$1
	shift
	"$@" >"$T/$name.log" 2>&1 &
	VSW_BG[$name]=$!
	vsw_on_cleanup "vsw_bg_kill $name"
}
# vsw_bg_wait NAME: wait until NAME ends; its exit status (127 if none runs)
vsw_bg_wait() {
	local pid=${VSW_BG[$1]:-} rc
	[[ -n $pid ]] || return 127
	wait "$pid"
	rc=$?
	unset "VSW_BG[$1]"
	return $rc
}
# vsw_bg_kill NAME: stop NAME now (SIGTERM, after 5 s SIGKILL) and reap it
vsw_bg_kill() {
	local pid=${VSW_BG[$1]:-}
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "VSW_BG[$1]"
	return 0
}
# vsw_bg_running NAME: NAME was started with vsw_bg and still runs
vsw_bg_running() { [[ -n ${VSW_BG[$1]:-} ]] && kill -0 "${VSW_BG[$1]}" 2>/dev/null; }
# pcap_start NS IF NAME: tcpdump captures everything on IF in NS ("-": the host)
# into $T/NAME.pcap (vsw_bg job pcap.NAME); returns once it listens.
pcap_start() {
	local ns=()
	[[ $1 != - ]] && ns=(ip netns exec "$1")
	vsw_bg "pcap.$3" "${ns[@]}" tcpdump -i "$2" -n -U --immediate-mode -Z root -w "$T/$3.pcap"
	wait_for 10 "tcpdump $3 listening" grep -q 'listening on' "$T/pcap.$3.log"
}
# pcap_stop NAME: stop capture NAME (after 1 s, for frames still on their way)
pcap_stop() { sleep 1; vsw_bg_kill "pcap.$1"; }
