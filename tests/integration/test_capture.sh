#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_capture.sh - packet capture (issue 7) with real peers and real readers.
#
#   n1: pa (TAP vscp0 in namespace vscp-a, 10.77.0.1, MAC_A), pb (TAP vscp1 in vscp-b,
#       10.77.0.2, MAC_B); static ARP entries, IPv6 off: the namespaces send only the
#       frames the test makes them send (pings, UDP datagrams).
#   v10 (VLAN 10): vt (vhost-user trunk), va (vhost-user access); their peers are testpmds
#       injecting crafted frames (lib/pcapgen.py) through net_pcap, as in test_vlan.
#   n3: fs (flood source, testpmd txonly), fk (sink, testpmd rxonly).
# Checks:
#  - rx, tx and both captures on pa and a both capture on pb at once, while a pings b:
#    tcpdump reads each file; byte for byte they hold the frames a tcpdump inside vscp-a saw
#    leave (rx) and arrive (tx) on vscp0 (sizes 142 and 1442, echo requests from MAC_A on
#    rx, replies from MAC_B on tx, alternating on both); pb's tx = pa's rx; nanosecond pcap,
#    timestamps strictly increasing within the test's wall clock; capture list's packets and
#    bytes match the files; --snaplen 64 truncates (orig length kept)
#  - three captures on pa with --filter 'udp port 9', --filter icmp and none: each file
#    holds only the matching frames, `filtered` counts exactly the others; the
#    filters run JIT-compiled on the PMD (capture list's filter_engine)
#  - `capture start pa -w - | tcpdump -nn -l -r -`: tcpdump prints the pings while they
#    flow; killing tcpdump ends the capture with a write error and vswctl exits; SIGINT to
#    vswctl ends another one ("connection closed"), vswctl exits and tcpdump sees EOF;
#    capture stop of a stream capture lets its vswctl exit
#  - trunk vt: rx and tx captures show 802.1Q VLAN 10 (tcpdump -e), the access port's are
#    untagged, a --net v10 capture holds every frame once, untagged, 60 bytes
#  - --count 5, --duration 2, --max-bytes 1000 end the capture with their reason
#  - eight captures at once, a ninth refused
#  - a flood from fs with a capture on fk streaming into a pipe nobody reads: the capture
#    drops copies (dropped > 0), fk's peer received every frame the switch sent it, no
#    tx-full / no-mbuf drops, every frame fs sent is accounted for
#  - bad requests refused with a clear message, capture list and the output directory
#    unchanged (an existing file is not truncated)
#  - port-del ends the port's captures ("port deleted"); every mbuf back; a restart drops
#    running captures (none listed), the file it left is a readable pcap
# Needs root, jq, tcpdump, socat, python3, dpdk-testpmd (tshark is used if installed).
# shellcheck disable=SC2119,SC2317,SC2016 # vsw_start takes no args; helpers run via check; bash -c scripts
set -uo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

for b in jq tcpdump socat python3 "$TESTPMD" setpriv; do
	command -v "$b" >/dev/null || { echo "test_capture: $b missing, skipping" >&2; exit 77; }
done
vsw_test_init capture
T0=$SECONDS
# the interpreter itself, not a wrapper (pyenv's shim costs ~0.5 s a call)
PY=$(python3 -c 'import sys; print(sys.executable)')
PCAPGEN=("$PY" "$VSW_SOURCE_DIR/tests/integration/lib/pcapgen.py")

NSA=vscp-a NSB=vscp-b IFA=vscp0 IFB=vscp1
MAC_A=02:77:00:00:00:0a MAC_B=02:77:00:00:00:0b
IPA=10.77.0.1 IPB=10.77.0.2
MAC_T=02:77:00:00:01:1a MAC_V=02:77:00:00:01:0a
MAC_S=02:77:00:00:02:01 MAC_K=02:77:00:00:02:02
OUT=$T/out		# capture files
mkdir -p "$OUT"
chmod 755 "$OUT"

# ---- helpers ---------------------------------------------------------------------

# pcap.py MODE FILE...: what a pcap file holds, read with python's struct (a reader of
# our own besides tcpdump):
#   hdr FILE       "MAGIC SNAPLEN LINKTYPE"
#   recs FILE      one line per frame: TS_NS CAPLEN ORIGLEN SRC DST HEXDATA
#   ts FILE LO HI  timestamps strictly increasing, within [LO, HI] ns, nanosecond
#                  resolution (not all multiples of 1000); exit 1 with a reason if not
cat >"$T/pcap.py" <<'EOF'
import struct, sys
def read(path):
    with open(path, "rb") as f:
        d = f.read()
    if len(d) < 24:
        raise SystemExit("%s: %d bytes, no pcap header" % (path, len(d)))
    magic = struct.unpack("<I", d[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        e = "<"
    else:
        e = ">"
        magic = struct.unpack(">I", d[:4])[0]
    nano = magic == 0xa1b23c4d
    _, _, _, _, snap, lt = struct.unpack(e + "HHiIII", d[4:24])
    recs, off = [], 24
    while off + 16 <= len(d):
        s, frac, cl, ol = struct.unpack(e + "IIII", d[off:off + 16])
        data = d[off + 16:off + 16 + cl]
        if len(data) != cl:
            raise SystemExit("%s: truncated record at %d" % (path, off))
        recs.append((s * 10**9 + (frac if nano else frac * 1000), cl, ol, data))
        off += 16 + cl
    if off != len(d):
        raise SystemExit("%s: %d stray bytes at the end" % (path, len(d) - off))
    return "%08x" % magic, snap, lt, recs
mac = lambda b: ":".join("%02x" % x for x in b)
mode, path = sys.argv[1], sys.argv[2]
magic, snap, lt, recs = read(path)
if mode == "hdr":
    print(magic, snap, lt)
elif mode == "recs":
    for ts, cl, ol, data in recs:
        print(ts, cl, ol, mac(data[6:12]), mac(data[0:6]), data.hex())
elif mode == "ts":
    lo, hi = int(sys.argv[3]), int(sys.argv[4])
    ts = [r[0] for r in recs]
    if not ts:
        raise SystemExit("no frames")
    if any(b <= a for a, b in zip(ts, ts[1:])):
        raise SystemExit("timestamps not strictly increasing: %s" % ts)
    if ts[0] < lo or ts[-1] > hi:
        raise SystemExit("timestamps %d..%d outside %d..%d" % (ts[0], ts[-1], lo, hi))
    if all(t % 1000 == 0 for t in ts):
        raise SystemExit("no sub-microsecond digits: %s" % ts)
EOF
pcapx() { "$PY" "$T/pcap.py" "$@"; }
now_ns() { date +%s%N; }

# td FILE [ARGS...]: tcpdump's decoding of FILE (-nn -e)
td() { tcpdump -nn -e -r "$1" "${@:2}" 2>/dev/null; }
# n_frames FILE [FILTER...]: frames tcpdump reads from FILE (matching FILTER): its lines
# that start with a timestamp (it dumps unknown EtherTypes' payload on more lines)
n_frames() { tcpdump -nn -r "$1" "${@:2}" 2>/dev/null | grep -c '^[0-9]'; }
# data_of FILE: hex of every frame, one a line (ordered as in the file)
data_of() { pcapx recs "$1" | awk '{ print $6 }'; }
# origlens FILE: original lengths, space separated
origlens() { pcapx recs "$1" | awk '{ printf "%s%s", s, $3; s = " " } END { print "" }'; }
# srcs FILE: "A"/"B"/"?" for each frame's source MAC
srcs() {
	pcapx recs "$1" | awk -v a="$MAC_A" -v b="$MAC_B" \
		'{ printf "%s", $4 == a ? "A" : $4 == b ? "B" : "?" } END { print "" }'
}

# cap ARGS...: "vswctl capture start ARGS", prints the capture id (from "capture ID: ...")
cap() {
	local out
	out=$(ctl capture start "$@") || return 1
	sed -n 's/^capture \([0-9][0-9]*\):.*/\1/p' <<<"$out" | head -n 1
}
# capj ID: the capture's object from capture list --json
capj() { ctlj capture list | jq -c --argjson i "$1" '.captures[] | select(.id == $i)'; }
cap_field() { capj "$1" | jq -r ".$2"; }
cap_state_is() { [[ $(cap_field "$1" state) == "$2" ]]; }
cap_stop() { ctl capture stop "$1" >/dev/null; }
n_running() { ctlj capture list | jq '[.captures[] | select(.state == "running")] | length'; }
# cap_is ID JQ-EXPR: the capture's object satisfies the expression
cap_is() { capj "$1" | jq -e "$2" >/dev/null; }
# cap_counts_match ID FILE: capture list's packets and bytes are FILE's frames and size
cap_counts_match() {
	local p b n s
	p=$(cap_field "$1" packets) b=$(cap_field "$1" bytes)
	n=$(pcapx recs "$2" | wc -l) s=$(stat -c %s "$2")
	[[ $p == "$n" && $b == "$s" ]] && return 0
	vsw_log "capture $1: packets $p bytes $b, file $2: $n frames, $s bytes"
	return 1
}

ping_a() { ip netns exec $NSA ping -q -n -W 2 "$@" $IPB >/dev/null 2>&1; }

# stream NAME [vswctl capture start ARGS...]: background pipeline
#   vswctl ... capture start ARGS -w - | tcpdump -nn -l -r -
# vswctl with SIGINT at its default (as in a terminal), pids in $T/NAME.{ctl,td}.pid,
# tcpdump's output in $T/NAME.td.out, vswctl's stderr in $T/NAME.ctl.err.
stream() {
	local name=$1
	shift
	vsw_bg "$name" bash -c '
		( echo $BASHPID >"$1.ctl.pid"; exec env --default-signal=INT "${@:3}" -w - \
			2>"$1.ctl.err"; ) |
		( echo $BASHPID >"$1.td.pid"; exec tcpdump -nn -l -r - >"$1.td.out" 2>"$1.td.err"; )
		echo "${PIPESTATUS[*]}" >"$1.rc"' _ "$T/$name" "$T/run" \
		"$VSWCTL" --run-dir "$T/run" capture start "$@"
	vsw_on_cleanup "stream_kill $name"
	wait_for 10 "$name started" eval "[[ -s $T/$name.ctl.pid && -s $T/$name.td.pid ]]"
}
stream_kill() {
	local p
	for p in ctl td; do
		[[ -s $T/$1.$p.pid ]] && kill -KILL "$(cat "$T/$1.$p.pid")" 2>/dev/null
	done
	vsw_bg_kill "$1"
}
pid_gone() { ! kill -0 "$1" 2>/dev/null; }
# stream_id NAME: the running stream capture's id (the one vswctl printed on stderr)
stream_id() { sed -n 's/^capture \([0-9][0-9]*\):.*/\1/p' "$T/$1.ctl.err" | head -n 1; }

# snap: what a refused request must leave alone
snap() {
	ctlj capture list | jq -S .
	(cd "$OUT" && find . -printf '%p %y %s %m\n' | LC_ALL=C sort && md5sum keep.pcap)
}
# bad DESC REGEX ARGS...: "vswctl ARGS" fails (within 10 s) with a one-line message on
# stderr matching REGEX (grep -Ei), and snap is unchanged
bad() { bad_cmd "$1" "$2" "$VSWCTL" --run-dir "$T/run" "${@:3}"; }
# bad_cmd DESC REGEX CMD...: the same for any command line
bad_cmd() {
	local desc=$1 re=$2 rc msg
	shift 2
	snap >"$T/snap.a" 2>&1
	timeout 10 "$@" >"$T/bad.out" 2>"$T/bad.err" </dev/null
	rc=$?
	snap >"$T/snap.b" 2>&1
	msg=$(head -c 200 "$T/bad.err" | tr '\n' ' ')
	check "refused: $desc (exit $rc: $msg)" eval "[[ $rc -ne 0 && $rc -ne 124 ]] &&
		grep -Eqi -- '$re' '$T/bad.err' && diff -u '$T/snap.a' '$T/snap.b'"
}

# ---- namespaces, switch, TAP ports -------------------------------------------------
netns_fresh $NSA || exit 1
netns_fresh $NSB || exit 1
vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"
vsw_start || exit 1
ctl net-add n1 >/dev/null && ctl net-add v10 --vlan 10 >/dev/null && ctl net-add n3 >/dev/null ||
	exit 1
ctl port-add pa --net n1 --type tap --ifname $IFA --netns $NSA --mac $MAC_A >/dev/null &&
	ctl port-add pb --net n1 --type tap --ifname $IFB --netns $NSB --mac $MAC_B >/dev/null ||
	exit 1
ip -n $NSA addr add $IPA/24 dev $IFA && ip -n $NSB addr add $IPB/24 dev $IFB || exit 1
ip -n $NSA neigh replace $IPB lladdr $MAC_B dev $IFA nud permanent &&
	ip -n $NSB neigh replace $IPA lladdr $MAC_A dev $IFB nud permanent || exit 1
check "premise: $NSA pings $NSB through the switch" first_ping $NSA $IPB
check "premise: capture list is empty" test "$(ctlj capture list | jq -c .captures)" == "[]"

# ---- 1. rx / tx / both on pa, both on pb, at once; a reference tcpdump in vscp-a --------
vsw_bg ref ip netns exec $NSA tcpdump -i $IFA -nn -U --immediate-mode -Z root -w "$T/ref.pcap"
wait_for 10 "reference tcpdump listening" grep -q 'listening on' "$T/ref.log" || exit 1
TS_LO=$(now_ns)
C_RX=$(cap pa --dir rx -w "$OUT/rx.pcap")
C_TX=$(cap pa --dir tx -w "$OUT/tx.pcap")
C_BOTH=$(cap pa -w "$OUT/both.pcap")
C_PB=$(cap pb --dir both -w "$OUT/pb.pcap")
C_SNAP=$(cap pa --dir rx --snaplen 64 -w "$OUT/snap.pcap")
check "five captures started (ids $C_RX $C_TX $C_BOTH $C_PB $C_SNAP), all running" \
	eval "[[ -n '$C_RX' && -n '$C_TX' && -n '$C_BOTH' && -n '$C_PB' && -n '$C_SNAP' ]] &&
	      [[ \$(n_running) -eq 5 ]]"
check "capture list --json: pa rx capture as requested" cap_is "$C_RX" \
	".port == \"pa\" and .dir == \"rx\" and .filter == \"\" and .path == \"$OUT/rx.pcap\" and
	 .stream == false and .state == \"running\" and .reason == \"\" and .snaplen > 0 and
	 .count == 0 and .duration == 0 and .max_bytes == 0 and .started > 0"
check "capture list (table) names them" eval "ctl capture list | grep -q '$OUT/both.pcap'"
check "$NSA: 3 pings of 100 bytes" ping_a -c 3 -i 0.2 -s 100
check "$NSA: 2 pings of 1400 bytes" ping_a -c 2 -i 0.2 -s 1400
sleep 0.5
for c in $C_RX $C_TX $C_BOTH $C_PB $C_SNAP; do cap_stop "$c"; done
TS_HI=$(now_ns)
vsw_bg_kill ref
check "capture stop: all five finished, reason stopped" eval "[[ \$(ctlj capture list |
	jq '[.captures[] | select(.state == \"finished\" and .reason == \"stopped\")] | length') -eq 5 ]]"
tcpdump -r "$T/ref.pcap" -w "$T/ref.out.pcap" ether src $MAC_A 2>/dev/null
tcpdump -r "$T/ref.pcap" -w "$T/ref.in.pcap" ether src $MAC_B 2>/dev/null
check "premise: reference tcpdump saw 5 out and 5 in ($(n_frames "$T/ref.out.pcap")/$(n_frames "$T/ref.in.pcap"))" \
	eval "[[ $(n_frames "$T/ref.out.pcap") -eq 5 && $(n_frames "$T/ref.in.pcap") -eq 5 &&
	         $(n_frames "$T/ref.pcap") -eq 10 ]]"
check "tcpdump reads rx.pcap: 5 ICMP echo requests $IPA > $IPB" \
	eval "[[ \$(n_frames $OUT/rx.pcap) -eq 5 &&
	         \$(td $OUT/rx.pcap | grep -c '$MAC_A > $MAC_B.*$IPA > $IPB: ICMP echo request') -eq 5 ]]"
check "tcpdump reads tx.pcap: 5 ICMP echo replies $IPB > $IPA" \
	eval "[[ \$(n_frames $OUT/tx.pcap) -eq 5 &&
	         \$(td $OUT/tx.pcap | grep -c '$MAC_B > $MAC_A.*$IPB > $IPA: ICMP echo reply') -eq 5 ]]"
check "rx sizes 142 142 142 1442 1442 (got $(origlens "$OUT/rx.pcap"))" \
	test "$(origlens "$OUT/rx.pcap")" == "142 142 142 1442 1442"
check "tx sizes 142 142 142 1442 1442 (got $(origlens "$OUT/tx.pcap"))" \
	test "$(origlens "$OUT/tx.pcap")" == "142 142 142 1442 1442"
check "rx.pcap holds byte for byte what $IFA sent (reference tcpdump in $NSA)" \
	eval "[[ \"\$(data_of $OUT/rx.pcap)\" == \"\$(data_of $T/ref.out.pcap)\" ]]"
check "tx.pcap holds byte for byte what $IFA received" \
	eval "[[ \"\$(data_of $OUT/tx.pcap)\" == \"\$(data_of $T/ref.in.pcap)\" ]]"
check "both.pcap: 10 frames alternating request/reply (got $(srcs "$OUT/both.pcap"))" \
	test "$(srcs "$OUT/both.pcap")" == "ABABABABAB"
check "both.pcap holds byte for byte the reference capture, in order" \
	eval "[[ \"\$(data_of $OUT/both.pcap)\" == \"\$(data_of $T/ref.pcap)\" ]]"
check "pb's capture: the same 10 frames (pa's rx is pb's tx)" \
	eval "[[ \"\$(data_of $OUT/pb.pcap)\" == \"\$(data_of $T/ref.pcap)\" ]]"
for f in rx tx both pb snap; do
	check "$f.pcap: nanosecond pcap, Ethernet ($(pcapx hdr "$OUT/$f.pcap"))" \
		eval "[[ \"\$(pcapx hdr $OUT/$f.pcap)\" =~ ^a1b23c4d\ [0-9]+\ 1$ ]]"
done
for f in rx tx both pb; do
	check "$f.pcap: timestamps strictly increasing, ns, within the test's clock" \
		pcapx ts "$OUT/$f.pcap" "$TS_LO" "$TS_HI"
done
check "both.pcap: each reply after its request and >= 1 us later" \
	eval "pcapx recs $OUT/both.pcap | awk 'NR % 2 == 1 { t = \$1; next }
		{ if (\$1 - t < 1000) exit 1 } END { exit NR != 10 }'"
check "capture list: packets/bytes of rx match rx.pcap" cap_counts_match "$C_RX" "$OUT/rx.pcap"
check "capture list: packets/bytes of both match both.pcap" cap_counts_match "$C_BOTH" "$OUT/both.pcap"
check "capture list: filtered 0 and dropped 0 on rx" cap_is "$C_RX" '.filtered == 0 and .dropped == 0'
check "--snaplen 64: 5 frames of 64 bytes, original lengths kept" \
	eval "[[ \$(pcapx recs $OUT/snap.pcap | awk '\$2 == 64 { n++ } END { print n + 0 }') -eq 5 &&
	         \"\$(origlens $OUT/snap.pcap)\" == '142 142 142 1442 1442' ]]"
check "--snaplen 64: the 64 bytes are the frames' first 64" \
	eval "[[ \"\$(data_of $OUT/snap.pcap)\" == \"\$(data_of $T/ref.out.pcap | cut -c1-128)\" ]]"
check "--snaplen 64: tcpdump reads it (5 echo requests, length 1442 twice)" \
	eval "[[ \$(td $OUT/snap.pcap | grep -c 'echo request') -eq 5 &&
	         \$(td $OUT/snap.pcap | grep -c 'length 1442') -eq 2 ]]"
if command -v tshark >/dev/null; then
	check "tshark reads both.pcap: 10 ICMP frames" \
		eval "[[ \$(tshark -r $OUT/both.pcap -Y icmp 2>/dev/null | wc -l) -eq 10 ]]"
fi

# ---- 2. filters: three captures on pa at once -----------------------------------------
vsw_bg udp9 ip netns exec $NSB socat -u UDP-RECV:9,bind=$IPB OPEN:/dev/null
wait_for 10 "udp 9 listener in $NSB" eval "ip netns exec $NSB ss -lun | grep -q '$IPB:9 '"
C_UDP=$(cap pa --filter 'udp port 9' -w "$OUT/udp.pcap")
C_ICMP=$(cap pa --filter icmp -w "$OUT/icmp.pcap")
C_ALL=$(cap pa -w "$OUT/all.pcap")
C_ECHO=$(cap pa --filter 'icmp[icmptype] = icmp-echo' -w "$OUT/echo.pcap")
check "four captures on pa with different filters running" test "$(n_running)" -eq 4
check "capture list shows the filter" cap_is "$C_UDP" '.filter == "udp port 9"'
check "port and icmp-type filters run JIT-compiled on the PMD" \
	cap_is "$C_UDP" '.filter_engine == "jit"'
check "  (icmp[icmptype])" cap_is "$C_ECHO" '.filter_engine == "jit"'
check "no filter: engine none" cap_is "$C_ALL" '.filter_engine == "none"'
check "$NSA: 4 pings" ping_a -c 4 -i 0.1
for i in 1 2 3; do
	ip netns exec $NSA bash -c "echo capture-test-$i >/dev/udp/$IPB/9"
done
ip netns exec $NSA bash -c "echo capture-test-10 >/dev/udp/$IPB/10"
sleep 0.5
for c in $C_UDP $C_ICMP $C_ALL $C_ECHO; do cap_stop "$c"; done
vsw_bg_kill udp9
# (the datagram to port 10, where nobody listens, is answered by an ICMP port unreachable)
check "no filter: 13 frames (9 ICMP, 4 UDP)" \
	eval "[[ \$(n_frames $OUT/all.pcap) -eq 13 && \$(n_frames $OUT/all.pcap udp) -eq 4 ]]"
check "'udp port 9': exactly the 3 datagrams to port 9" \
	eval "[[ \$(n_frames $OUT/udp.pcap) -eq 3 &&
	         \$(td $OUT/udp.pcap | grep -c '$IPA\.[0-9]* > $IPB\.9: UDP') -eq 3 ]]"
check "'udp port 9': filtered 10 (got $(cap_field "$C_UDP" filtered)), packets 3" \
	cap_is "$C_UDP" '.filtered == 10 and .packets == 3'
check "'icmp': exactly the 9 ICMP frames (one a port unreachable)" \
	eval "[[ \$(n_frames $OUT/icmp.pcap) -eq 9 && \$(n_frames $OUT/icmp.pcap icmp) -eq 9 &&
	         \$(td $OUT/icmp.pcap | grep -c 'udp port 10 unreachable') -eq 1 ]]"
check "'icmp': filtered 4 (got $(cap_field "$C_ICMP" filtered)), packets 9" \
	cap_is "$C_ICMP" '.filtered == 4 and .packets == 9'
check "no filter: filtered 0" cap_is "$C_ALL" '.filtered == 0 and .packets == 13'
check "'icmp[icmptype] = icmp-echo': the 4 echo requests (got $(n_frames "$OUT/echo.pcap"), filtered $(cap_field "$C_ECHO" filtered))" \
	eval "[[ \$(td $OUT/echo.pcap | grep -c 'ICMP echo request') -eq 4 && \$(n_frames $OUT/echo.pcap) -eq 4 ]] &&
	      cap_is $C_ECHO '.filtered == 9'"

# ---- 3. live stream --------------------------------------------------------------------
stream live1 pa || exit 1
check "stream: vswctl printed 'capture ID: ...' on stderr" \
	wait_for 5 "capture id" eval "[[ -n \$(stream_id live1) ]]"
S1=$(stream_id live1)
check "stream $S1 listed running, path -, stream true" \
	cap_is "${S1:-0}" '.state == "running" and .stream == true and .path == "-"'
ip netns exec $NSA ping -q -n -i 0.2 -c 60 $IPB >/dev/null 2>&1 &
PING_PID=$!
vsw_on_cleanup "kill $PING_PID"
check "tcpdump -r - prints the pings while they flow" wait_for 10 "live echo requests" \
	eval "[[ \$(grep -c 'ICMP echo request' $T/live1.td.out) -ge 3 ]]"
check "... while ping and the capture still run" \
	eval "kill -0 $PING_PID && cap_state_is ${S1:-0} running"
check "... each line a frame: $IPA > $IPB requests and replies" \
	eval "grep -q '$IPA > $IPB: ICMP echo request' $T/live1.td.out &&
	      grep -q '$IPB > $IPA: ICMP echo reply' $T/live1.td.out"
kill -TERM "$(cat "$T/live1.td.pid")"
check "tcpdump killed: vswctl exits" wait_for 10 "vswctl exits" pid_gone "$(cat "$T/live1.ctl.pid")"
check "... the capture finished with a write error (reason: $(cap_field "${S1:-0}" reason))" \
	wait_for 5 "finished" eval "cap_is ${S1:-0} '.state == \"finished\" and (.reason | startswith(\"write error\"))'"
vsw_bg_wait live1
vsw_log "pipeline exit statuses (vswctl tcpdump): $(cat "$T/live1.rc" 2>/dev/null)"

stream live2 pa --filter icmp || exit 1
wait_for 5 "capture id" eval "[[ -n \$(stream_id live2) ]]"
S2=$(stream_id live2)
check "second stream: tcpdump sees pings" wait_for 10 "live2 pings" \
	eval "[[ \$(grep -c 'ICMP echo' $T/live2.td.out) -ge 2 ]]"
kill -INT "$(cat "$T/live2.ctl.pid")"
check "SIGINT: vswctl exits" wait_for 10 "vswctl exits" pid_gone "$(cat "$T/live2.ctl.pid")"
check "... the capture finished, reason 'connection closed' (got $(cap_field "${S2:-0}" reason))" \
	wait_for 5 "finished" eval "cap_is ${S2:-0} '.state == \"finished\" and .reason == \"connection closed\"'"
check "... tcpdump sees the end of the stream and exits" \
	wait_for 10 "tcpdump exits" pid_gone "$(cat "$T/live2.td.pid")"
vsw_bg_wait live2

stream live3 pa || exit 1
wait_for 5 "capture id" eval "[[ -n \$(stream_id live3) ]]"
S3=$(stream_id live3)
check "third stream running" wait_for 5 "live3" eval "cap_is ${S3:-0} '.state == \"running\"'"
check "capture stop of a stream capture" ctl capture stop "${S3:-0}"
check "... its vswctl exits" wait_for 10 "vswctl exits" pid_gone "$(cat "$T/live3.ctl.pid")"
check "... and tcpdump sees the end of the stream" \
	wait_for 5 "tcpdump exits" pid_gone "$(cat "$T/live3.td.pid")"
stream_kill live3
kill "$PING_PID" 2>/dev/null
wait "$PING_PID" 2>/dev/null

# ---- 4. VLAN trunk: tags on the trunk port, a --net capture untagged and once -----------
ctl port-add vt --type vhost-user --trunk v10 >/dev/null &&
	ctl port-add va --type vhost-user --net v10 >/dev/null || exit 1
# pp_start NAME MAC SPEC...: testpmd peer of port NAME injecting the frames of SPEC once
# at "start" (net_pcap rx) and writing what it receives (net_pcap tx)
pp_start() {
	local name=$1 mac=$2
	shift 2
	"${PCAPGEN[@]}" gen "$T/pp.$name.in.pcap" "$@" || return 1
	tp_launch "$name" \
		--vdev "net_pcap0,rx_pcap=$T/pp.$name.in.pcap,tx_pcap=$T/pp.$name.out.pcap" \
		--vdev "net_virtio_user1,path=$T/run/$name.sock,queues=1,queue_size=256,mac=$mac" \
		-- --forward-mode=io --no-flush-rx
	tp_wait_prompt "$name" || { tail -n 20 "$T/tp.$name.log"; return 1; }
}
pp_start vt $MAC_T label=t10,src=$MAC_T,tags=8100:10:0,n=6 || exit 1
pp_start va $MAC_V label=a10,src=$MAC_V,n=4 || exit 1
wait_for 30 "vt and va links up" links_up vt va || exit 1
C_VT=$(cap vt -w "$OUT/vt.pcap")
C_VTRX=$(cap vt --dir rx -w "$OUT/vtrx.pcap")
C_VTTX=$(cap vt --dir tx -w "$OUT/vttx.pcap")
C_VA=$(cap va -w "$OUT/va.pcap")
C_NET=$(cap --net v10 -w "$OUT/net.pcap")
check "--net v10 capture listed with net v10, dir both" cap_is "${C_NET:-0}" \
	'.net == "v10" and .dir == "both" and (has("port") | not) and .state == "running"'
tp_cmd va start
tp_cmd vt start
check "switch received 6 frames on vt and 4 on va" wait_for 10 "frames in" \
	eval "[[ \$(port_stat vt .rx_packets) -eq 6 && \$(port_stat va .rx_packets) -eq 4 &&
	         \$(port_stat vt .tx_packets) -eq 4 && \$(port_stat va .tx_packets) -eq 6 ]]"
sleep 0.3
for c in $C_VT $C_VTRX $C_VTTX $C_VA $C_NET; do cap_stop "$c"; done
check "trunk vt, rx: 6 frames, each 'vlan 10', 64 bytes, from $MAC_T" \
	eval "[[ \$(td $OUT/vtrx.pcap | grep -c '^.* $MAC_T > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 64: vlan 10, p 0') -eq 6 &&
	         \$(n_frames $OUT/vtrx.pcap) -eq 6 ]]"
check "trunk vt, tx: 4 frames of va, tagged on the trunk: 'vlan 10', 64 bytes" \
	eval "[[ \$(td $OUT/vttx.pcap | grep -c '^.* $MAC_V > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 64: vlan 10, p 0') -eq 4 &&
	         \$(n_frames $OUT/vttx.pcap) -eq 4 ]]"
check "trunk vt, both: 10 frames, all 'vlan 10'" \
	eval "[[ \$(n_frames $OUT/vt.pcap) -eq 10 && \$(td $OUT/vt.pcap | grep -c 'vlan 10') -eq 10 ]]"
check "tcpdump filter 'vlan 10' on vt.pcap matches all 10" test "$(n_frames "$OUT/vt.pcap" vlan 10)" -eq 10
check "access va: 10 frames, untagged, 60 bytes" \
	eval "[[ \$(n_frames $OUT/va.pcap) -eq 10 && \$(td $OUT/va.pcap | grep -c vlan) -eq 0 &&
	         \$(origlens $OUT/va.pcap | tr ' ' '\n' | grep -cx 60) -eq 10 ]]"
check "--net v10: every frame once (10: 6 from vt, 4 from va), untagged, 60 bytes" \
	eval "[[ \$(n_frames $OUT/net.pcap) -eq 10 && \$(td $OUT/net.pcap | grep -c vlan) -eq 0 &&
	         \$(n_frames $OUT/net.pcap ether src $MAC_T) -eq 6 &&
	         \$(n_frames $OUT/net.pcap ether src $MAC_V) -eq 4 &&
	         \$(origlens $OUT/net.pcap | tr ' ' '\n' | grep -cx 60) -eq 10 ]]"
check "--net v10: nothing from n1 in it" test "$(n_frames "$OUT/net.pcap" ether host $MAC_A)" -eq 0
tp_kill vt
tp_kill va
check "--net v10: the frames va received (as va's peer got them) are in it byte for byte" \
	eval "[[ \"\$(data_of $T/pp.va.out.pcap 2>/dev/null | sort)\" == \
	         \"\$(pcapx recs $OUT/net.pcap | awk '\$4 == \"$MAC_T\" { print \$6 }' | sort)\" ]]"

# ---- 5. limits -------------------------------------------------------------------------
C=$(cap pa --dir rx --count 5 -w "$OUT/count.pcap")
ping_a -c 8 -i 0.1
check "--count 5: finished, reason 'count reached' (got $(cap_field "${C:-0}" reason))" \
	wait_for 5 "count reached" eval "cap_is ${C:-0} '.state == \"finished\" and .reason == \"count reached\" and .packets == 5'"
check "--count 5: the file holds 5 frames" test "$(n_frames "$OUT/count.pcap")" -eq 5
check "--count 5: listed with count 5" cap_is "${C:-0}" '.count == 5'
t1=$(now_ns)
C=$(cap pa --duration 2 -w "$OUT/dur.pcap")
wait_for 10 "duration reached" cap_state_is "${C:-0}" finished
DUR_MS=$((($(now_ns) - t1) / 1000000))
check "--duration 2: finished after ${DUR_MS} ms (1800-3500), reason 'duration reached'" \
	eval "[[ $DUR_MS -ge 1800 && $DUR_MS -le 3500 ]] && cap_is ${C:-0} '.reason == \"duration reached\" and .duration == 2'"
check "--duration 2: an empty but valid pcap" \
	eval "[[ \$(stat -c %s $OUT/dur.pcap) -eq 24 && \$(pcapx hdr $OUT/dur.pcap | cut -d' ' -f1) == a1b23c4d ]]"
C=$(cap pa --max-bytes 1000 -w "$OUT/size.pcap")
ping_a -c 8 -i 0.05 -s 100
SZ=$(stat -c %s "$OUT/size.pcap" 2>/dev/null)
check "--max-bytes 1000: finished, reason 'size reached' (got $(cap_field "${C:-0}" reason))" \
	wait_for 5 "size reached" eval "cap_is ${C:-0} '.state == \"finished\" and .reason == \"size reached\"'"
SZ=$(stat -c %s "$OUT/size.pcap" 2>/dev/null)
check "--max-bytes 1000: file $SZ bytes, at most 1000 and no room for another frame (158)" \
	eval "[[ $SZ -le 1000 && $SZ -gt $((1000 - 158)) ]]"
check "--max-bytes 1000: tcpdump reads $(n_frames "$OUT/size.pcap") whole frames" \
	eval "[[ \$(n_frames $OUT/size.pcap) -eq $(((SZ - 24) / 158)) ]] && cap_counts_match ${C:-0} $OUT/size.pcap"

# ---- 6. eight captures at once, a ninth refused ------------------------------------------
IDS=()
for i in 1 2 3 4 5 6 7 8; do IDS+=("$(cap pa --filter "icmp or port $i" -w "$OUT/m$i.pcap")"); done
check "eight captures running on pa" test "$(n_running)" -eq 8
printf 'do not truncate me\n' >"$OUT/keep.pcap"
bad "a ninth capture" 'captures|maximum|running' capture start pb -w "$OUT/m9.pcap"
check "$NSA pings with eight captures on" ping_a -c 2 -i 0.1
sleep 0.3
for c in "${IDS[@]}"; do cap_stop "$c"; done
each_has_4() {
	local i
	for i in 1 2 3 4 5 6 7 8; do [[ $(n_frames "$OUT/m$i.pcap") -eq 4 ]] || return 1; done
}
check "each of the eight got the 4 ICMP frames" each_has_4

# ---- 7. full ring: captures dropped, forwarded frames not --------------------------------
ctl port-add fs --type vhost-user --net n3 >/dev/null &&
	ctl port-add fk --type vhost-user --net n3 >/dev/null || exit 1
tp_start fs "$T/run/fs.sock" $MAC_S || exit 1
tp_start fk "$T/run/fk.sock" $MAC_K || exit 1
wait_for 30 "fs and fk links up" links_up fs fk || exit 1
tp_cmd fk start
tp_cmd fs start
sleep 0.5
tp_mark fk
# a slow consumer: a pipe nobody reads
vsw_bg slow bash -c 'exec "$@" -w - | sleep 600' _ "$VSWCTL" --run-dir "$T/run" \
	capture start fk --dir tx
wait_for 10 "flood capture running" eval "[[ \$(n_running) -eq 1 ]]"
CF=$(ctlj capture list | jq '.captures[] | select(.state == "running") | .id')
port_json_base() { ctlj port-show "$1" >"$T/base.$1.json"; }
port_json_base fs
port_json_base fk
read -r _ FS_TX0 < <(tp_stats fs)
# bursts the sink can take (8 x 32 frames each), 48 times: 12288 frames, more than the
# capture ring (4096) and the pipe hold
for _ in $(seq 48); do
	tp_cmd fs stop
	tp_cmd fs "start tx_first 8"
	sleep 0.02
done
tp_stop fs
sleep 1
read -r _ FS_TX1 < <(tp_stats fs)
SENT=$((FS_TX1 - FS_TX0))
delta() { echo $(($(port_stat "$1" "$2") - $(jq -r ".stats$2" "$T/base.$1.json"))); }
IN=$(delta fs .rx_packets) FWD=$(delta fk .tx_packets)
TXFULL=$(delta fk '.drops["tx-full"]') NOMBUF=$(delta fs '.drops["no-mbuf"]')
DROPPED=$(cap_field "${CF:-0}" dropped)
vsw_log "flood: peer sent $SENT, switch rx $IN, forwarded to fk $FWD, tx-full $TXFULL, capture dropped $DROPPED"
check "flood: the switch received every frame fs sent ($SENT)" test "$IN" -eq "$SENT"
check "flood: the capture dropped copies (dropped $DROPPED > 0) while still running" \
	eval "[[ $DROPPED -gt 0 ]] && cap_state_is ${CF:-0} running"
tp_expect_rx "flood: fk's peer received every frame the switch sent it" fk="$FWD"
check "flood: every frame received was forwarded to fk ($FWD of $IN)" test "$FWD" -eq "$IN"
check "flood: no tx-full drops on fk ($TXFULL), no no-mbuf drops ($NOMBUF)" \
	eval "[[ $TXFULL -eq 0 && $NOMBUF -eq 0 ]]"
check "capture stop ends the stalled capture" ctl capture stop "${CF:-0}"
check "... final dropped > 0, packets + dropped <= frames forwarded" \
	cap_is "${CF:-0}" ".state == \"finished\" and .dropped > 0 and .packets + .dropped <= $FWD"
check "... reason 'stopped' (got $(cap_field "${CF:-0}" reason))" \
	cap_is "${CF:-0}" '.reason == "stopped"'
vsw_bg_kill slow
for p in fs fk; do tp_cmd "$p" quit; done
for p in fs fk; do
	wait_for 10 "testpmd $p quits" eval "! kill -0 ${TP_PID[$p]}"
	tp_kill "$p"
done

# ---- 8. bad requests: refused, nothing changed -----------------------------------------
C_FIN=$(ctlj capture list | jq '[.captures[] | select(.state == "finished") | .id] | max')
mkdir "$OUT/dir"
mkfifo "$OUT/fifo"
ln -s keep.pcap "$OUT/link"
mkdir -m 755 "$OUT/rodir"
mkdir "$OUT/rofs"
mount -t tmpfs -o ro,size=1m tmpfs "$OUT/rofs" && vsw_on_cleanup "umount $OUT/rofs"
bad "unknown port" "port.*nope|nope.*port" capture start nope -w "$OUT/keep.pcap"
bad "unknown network" "network.*nonet|nonet" capture start --net nonet -w "$OUT/x.pcap"
bad "bad filter (libpcap's message)" "filter.*(syntax|unknown|parse|error)" \
	capture start pa --filter 'ip proto nonsense or' -w "$OUT/x.pcap"
bad "bad filter 'tcp port 99999'" "filter|port" capture start pa --filter 'tcp port 99999' -w "$OUT/x.pcap"
bad "-w an existing directory" "regular file" capture start pa -w "$OUT/dir"
bad "-w a FIFO" "regular file" capture start pa -w "$OUT/fifo"
bad "-w a device (/dev/null)" "regular file" capture start pa -w /dev/null
bad "-w a symlink" "regular file|symlink|link" capture start pa -w "$OUT/link"
bad "-w in a missing directory" "no such file|cannot" capture start pa -w "$OUT/nodir/x.pcap"
bad "-w on a read-only file system" "read-only|cannot" capture start pa -w "$OUT/rofs/x.pcap"
bad_cmd "-w where the user (nobody) may not write" "permission denied" \
	setpriv --reuid nobody --regid 0 --clear-groups "$VSWCTL" --run-dir "$T/run" \
	capture start pa -w "$OUT/rodir/x.pcap"
bad "no -w" "-w|output|file" capture start pa
bad "-w - to a terminal-less but --json stream" "json" --json capture start pa -w -
bad "port and --net together" "net|port|one" capture start pa --net n1 -w "$OUT/x.pcap"
bad "--dir rx with --net" "dir|both|net" capture start --net n1 --dir rx -w "$OUT/x.pcap"
bad "--dir sideways" "dir|direction" capture start pa --dir sideways -w "$OUT/x.pcap"
bad "--snaplen 0" "snap" capture start pa --snaplen 0 -w "$OUT/x.pcap"
bad "--snaplen abc" "snap" capture start pa --snaplen abc -w "$OUT/x.pcap"
bad "--snaplen 10000000" "snap" capture start pa --snaplen 10000000 -w "$OUT/x.pcap"
bad "--count 0" "count" capture start pa --count 0 -w "$OUT/x.pcap"
bad "--count -1" "count" capture start pa --count -1 -w "$OUT/x.pcap"
bad "--count x" "count" capture start pa --count x -w "$OUT/x.pcap"
bad "--duration 0" "duration" capture start pa --duration 0 -w "$OUT/x.pcap"
bad "--max-bytes 0" "size|bytes" capture start pa --max-bytes 0 -w "$OUT/x.pcap"
bad "capture stop of a finished capture ($C_FIN)" "already finished" capture stop "$C_FIN"
bad "capture stop of an unknown id" "no capture|unknown" capture stop 99999
bad "capture stop without id" "id" capture stop
bad "capture stop abc" "id" capture stop abc
check "nobody's refused request created nothing in $OUT/rodir" test -z "$(ls -A "$OUT/rodir")"
check "the existing file named by a refused request is intact" \
	eval "[[ \$(cat $OUT/keep.pcap) == 'do not truncate me' ]]"

# ---- 9. port-del ends the port's captures ------------------------------------------------
ctl port-add pz --type vhost-user --net n1 >/dev/null || exit 1
CZ=$(cap pz -w "$OUT/pz.pcap")
stream livez pz || exit 1
wait_for 5 "capture id" eval "[[ -n \$(stream_id livez) ]]"
SZID=$(stream_id livez)
check "two captures on pz running" eval "cap_state_is ${CZ:-0} running && cap_state_is ${SZID:-0} running"
check "port-del pz" ctl port-del pz
check "... its file capture finished, reason 'port deleted'" \
	cap_is "${CZ:-0}" '.state == "finished" and .reason == "port deleted"'
check "... its stream capture finished, reason 'port deleted'" \
	cap_is "${SZID:-0}" '.state == "finished" and .reason == "port deleted"'
check "... the stream's vswctl exits" wait_for 10 "vswctl exits" pid_gone "$(cat "$T/livez.ctl.pid")"
check "... pz.pcap is a valid empty pcap" test "$(pcapx hdr "$OUT/pz.pcap" | cut -d' ' -f1)" == a1b23c4d
stream_kill livez

# ---- 10. no leak, restart drops running captures -----------------------------------------
check "no capture running" test "$(n_running)" -eq 0
check "no mbufs in use" wait_for 10 "mbufs back" mbufs_zero
check "vswitchd alive" vsw_alive
C=$(cap pa -w "$OUT/restart.pcap")
ping_a -c 2 -i 0.1
check "a capture runs before the restart" cap_state_is "${C:-0}" running
vsw_stop
RC=$?
check "SIGTERM with a running capture: exit 0 (got $RC)" test "$RC" -eq 0
check "... the file it wrote is a readable pcap with the 4 ICMP frames" \
	test "$(n_frames "$OUT/restart.pcap" icmp)" -eq 4
vsw_start || exit 1
check "after the restart no capture is listed" test "$(ctlj capture list | jq -c .captures)" == "[]"
check "capture stop of the old id: unknown" eval "! ctl capture stop ${C:-0} 2>/dev/null"
check "vswitchd alive at the end" vsw_alive
check "no mbufs in use at the end" wait_for 10 "mbufs back" mbufs_zero
vsw_log "test took $((SECONDS - T0))s"
vsw_finish
