#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_ctl_bad_input.sh - every invalid control request is refused and changes
# nothing: through vswctl (exit 1 daemon error, 2 usage error) and as raw
# socket traffic ({"ok":false,"error":...}); slow and idle clients never block
# the daemon.
#
# Networks n1 (VLAN 10; ports a, b), n2 (untagged; port x) and n3 (VLAN 30), a
# trunk port t carrying n1 and n3 with native network n2, a static FDB entry in n1.
# Local helpers (the rest are in lib/common.sh): snapshot, ctl_rc, raw_big,
# raw_err, one_err, oks, ms.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init ctlbad

vsw_on_cleanup "rm -rf $(vsw_dpdk_dir "$T/run")"

SOCK=$T/run/vswitchd.sock
STATIC_MAC=02:00:00:00:01:01
vsw_start || exit 1
ctl net-add n1 --vlan 10 && ctl net-add n2 && ctl net-add n3 --vlan 30 || exit 1
ctl port-add a --net n1 --type vhost-user || exit 1
ctl port-add b --net n1 --type vhost-user || exit 1
ctl port-add x --net n2 --type vhost-user || exit 1
ctl port-add t --trunk n1,n3 --native n2 --type vhost-user || exit 1
ctl fdb-add n1 $STATIC_MAC a >/dev/null || exit 1
touch "$T/regular-file"

# Configuration as the daemon reports it, without counters or ages.
snapshot() {
	ctlj net-list | jq -S . &&
		ctlj port-list | jq -S '.ports | map(del(.stats))' &&
		ctlj fdb-show | jq -S '.entries | map(select(.static) | del(.age_s))' &&
		sha256sum <"$T/state/state.json" &&
		ls -A "$T/run"
}
snapshot >"$T/snap.before" || exit 1
check "snapshot premise: 3 networks, 4 ports, 1 static entry" bash -c \
	"[[ \$($VSWCTL --run-dir $T/run --json net-list | jq '.networks | length') == 3 &&
	   \$($VSWCTL --run-dir $T/run --json port-list | jq '.ports | length') == 4 &&
	   \$($VSWCTL --run-dir $T/run --json fdb-show | jq '[.entries[] | select(.static)] | length') == 1 ]]"

# ctl_rc WANT DESC ARGS...: vswctl must exit WANT and explain on stderr
ctl_rc() {
	local want=$1 desc=$2 rc
	shift 2
	ctl "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
	check "vswctl $desc: exit $want (got $rc: $(head -c 150 "$T/ctl.err"))" \
		test "$rc" -eq "$want" -a -s "$T/ctl.err"
}

# --- daemon errors (exit 1) ---------------------------------------------
ctl_rc 1 "net-del of an unknown network" net-del nx
ctl_rc 1 "net-set of an unknown network" net-set nx --fdb-aging 60
ctl_rc 1 "net-show of an unknown network" net-show nx
ctl_rc 1 "port-add to an unknown network" port-add p9 --net nx --type vhost-user
ctl_rc 1 "fdb-show of an unknown network" fdb-show nx
ctl_rc 1 "fdb-add in an unknown network" fdb-add nx 02:00:00:00:09:01 a
ctl_rc 1 "fdb-del in an unknown network" fdb-del nx $STATIC_MAC
ctl_rc 1 "port-del of an unknown port" port-del px
ctl_rc 1 "port-show of an unknown port" port-show px
ctl_rc 1 "stats of an unknown port" stats px
ctl_rc 1 "fdb-add to an unknown port" fdb-add n1 02:00:00:00:09:01 px
ctl_rc 1 "fdb-del of a MAC not in the table" fdb-del n1 02:00:00:00:09:02
ctl_rc 1 "net-add of an existing network" net-add n1
ctl_rc 1 "net-add of an existing network with other settings" net-add n2 --fdb-aging 60
ctl_rc 1 "port-add of an existing port name" port-add a --net n1 --type vhost-user
ctl_rc 1 "port-add of an existing port name in another network" port-add a --net n2 --type vhost-user --path "$T/run/other.sock"
ctl_rc 1 "net-del of a network with ports" net-del n1
ctl_rc 1 "port-add with the path of port a" port-add p9 --net n1 --type vhost-user --path "$T/run/a.sock"
ctl_rc 1 "port-add (client) with the path of port a" port-add p9 --net n1 --type vhost-user-client --path "$T/run/a.sock"
ctl_rc 1 "port-add with the path of port x (other network)" port-add p9 --net n1 --type vhost-user --path "$T/run/x.sock"
ctl_rc 1 "port-add on a path that is a regular file" port-add p9 --net n1 --type vhost-user --path "$T/regular-file"
ctl_rc 1 "port-add with an unknown owner" port-add p9 --net n1 --type vhost-user --owner nosuchuser-vsw
ctl_rc 1 "port-add with an unknown group" port-add p9 --net n1 --type vhost-user --group nosuchgroup-vsw
ctl_rc 1 "fdb-add to a port in another network" fdb-add n1 02:00:00:00:09:01 x
ctl_rc 1 "fdb-add of a multicast MAC" fdb-add n1 01:00:5e:00:00:01 a
ctl_rc 1 "fdb-add of the broadcast MAC" fdb-add n1 ff:ff:ff:ff:ff:ff a
ctl_rc 1 "fdb-add of an existing static entry" fdb-add n1 $STATIC_MAC a
ctl_rc 1 "fdb-add of an existing static MAC to another port" fdb-add n1 $STATIC_MAC b
check "regular file untouched" test -f "$T/regular-file" -a ! -s "$T/regular-file"
# VLANs
ctl_rc 1 "net-add with a VLAN id another network has" net-add n9 --vlan 10
ctl_rc 1 "net-set to a VLAN id another network has" net-set n2 --vlan 30
ctl_rc 1 "net-set of the VLAN id of a network a trunk carries" net-set n1 --vlan 11
ctl_rc 1 "net-set clearing the VLAN id of a network a trunk carries" net-set n3 --vlan none
ctl_rc 1 "net-set of VLAN id and aging, VLAN refused" net-set n1 --vlan 11 --fdb-aging 60
ctl_rc 1 "net-del of a network only a trunk carries" net-del n3
ctl_rc 1 "port-add trunk with an unknown network" port-add p9 --trunk n1,nx --type vhost-user
ctl_rc 1 "port-add trunk with a network without VLAN id" port-add p9 --trunk n1,n2 --type vhost-user
ctl_rc 1 "port-add trunk with an unknown native network" port-add p9 --trunk n1 --native nx --type vhost-user
ctl_rc 1 "port-set of an unknown port" port-set px --net n1
ctl_rc 1 "port-set to an unknown network" port-set x --net nx
ctl_rc 1 "port-set trunk with a network without VLAN id" port-set t --trunk n1,n2
ctl_rc 1 "port-set leaving a network with a static entry" port-set a --net n2
ctl_rc 1 "port-set to a trunk without the static entry's network" port-set a --trunk n3
ctl_rc 1 "fdb-add in a network the port is not in" fdb-add n3 02:00:00:00:09:01 a

# --- usage errors (exit 2) ----------------------------------------------
ctl_rc 2 "fdb-add with a non-hex MAC" fdb-add n1 zz:zz:zz:zz:zz:zz a
ctl_rc 2 "fdb-add with a short MAC" fdb-add n1 02:00:00:00:00 a
ctl_rc 2 "fdb-add with a long MAC" fdb-add n1 02:00:00:00:00:01:02 a
ctl_rc 2 "fdb-add with a MAC with a bad digit" fdb-add n1 02:00:00:00:00:0g a
ctl_rc 2 "fdb-add with an empty MAC" fdb-add n1 "" a
ctl_rc 2 "fdb-del with a bad MAC" fdb-del n1 bogus
ctl_rc 2 "port-add with a bad MAC" port-add p9 --net n1 --type vhost-user --mac 1234
ctl_rc 2 "net-add with fdb-aging below range" net-add n9 --fdb-aging 9
ctl_rc 2 "net-add with fdb-aging above range" net-add n9 --fdb-aging 86401
ctl_rc 2 "net-add with negative fdb-aging" net-add n9 --fdb-aging -5
ctl_rc 2 "net-add with huge fdb-aging" net-add n9 --fdb-aging 99999999999999999999
ctl_rc 2 "net-set with fdb-aging 0" net-set n1 --fdb-aging 0
ctl_rc 2 "net-set with non-numeric fdb-aging" net-set n1 --fdb-aging abc
ctl_rc 2 "net-set with fdb-aging 60s" net-set n1 --fdb-aging 60s
ctl_rc 2 "net-add with fdb-max below range" net-add n9 --fdb-max 15
ctl_rc 2 "net-set with nothing to set" net-set n1
ctl_rc 2 "net-add with an unknown mode" net-add n9 --mode shared
ctl_rc 2 "net-add with a name holding a space" net-add "n 9"
ctl_rc 2 "net-add with a 32-character name" net-add "$(printf 'n%.0s' {1..32})"
ctl_rc 2 "net-add with a name starting with a dot" net-add .n9
ctl_rc 2 "port-add with a bad type" port-add p9 --net n1 --type vhost
ctl_rc 2 "port-add without --net" port-add p9 --type vhost-user
ctl_rc 2 "port-add with mac-limit 0" port-add p9 --net n1 --type vhost-user --mac-limit 0
ctl_rc 2 "port-add with a bad mode" port-add p9 --net n1 --type vhost-user --mode 999
ctl_rc 2 "fdb-add with a missing port" fdb-add n1 02:00:00:00:09:01
ctl_rc 2 "net-add with VLAN 0" net-add n9 --vlan 0
ctl_rc 2 "net-add with VLAN 4095" net-add n9 --vlan 4095
ctl_rc 2 "net-add with VLAN 'ten'" net-add n9 --vlan ten
ctl_rc 2 "net-set with an empty VLAN" net-set n2 --vlan ""
ctl_rc 2 "port-add with --net and --trunk" port-add p9 --net n1 --trunk n3 --type vhost-user
ctl_rc 2 "port-add with --native but no --trunk" port-add p9 --net n1 --native n2 --type vhost-user
ctl_rc 2 "port-add with an empty trunk entry" port-add p9 --trunk n1,,n3 --type vhost-user
ctl_rc 2 "port-add with a network twice in --trunk" port-add p9 --trunk n1,n3,n1 --type vhost-user
ctl_rc 2 "port-add with an empty --trunk" port-add p9 --trunk "" --type vhost-user
ctl_rc 2 "port-set without membership" port-set t
ctl_rc 2 "port-set with --type" port-set t --type vhost-user --net n1
ctl_rc 2 "unknown command" frobnicate
ctl_rc 2 "unknown option" net-list --colour
ctl_rc 2 "extra argument" net-show n1 n2

snapshot >"$T/snap.mid"
check "after the vswctl errors: configuration, state file and run dir unchanged" \
	diff -u "$T/snap.before" "$T/snap.mid"

# --- raw socket ----------------------------------------------------------
# raw_err DESC PAYLOAD: PAYLOAD (printf format, a newline is added) must get
# exactly one reply, {"ok":false,"error":"<non-empty>"}
one_err() {	# one_err TEXT: exactly one line, an error envelope
	[[ -n $1 && $1 != *$'\n'* ]] && jq -e >/dev/null \
		'(.ok == false) and (.error | type == "string" and length > 0) and (keys == ["error", "ok"])' <<<"$1"
}
oks() { [[ $(jq -c .ok <<<"$1" | tr '\n' ' ') == "$2" ]]; }	# oks TEXT "false true "
raw_err() {
	local resp
	resp=$(printf "$2\n" | ctl_raw)
	check "raw $1: one error reply (got: ${resp:0:150})" one_err "$resp"
}
check "raw: a valid request works (premise)" bash -c \
	"printf '{\"cmd\":\"status\"}\n' | timeout 15 socat -t 5 - UNIX-CONNECT:$SOCK | jq -e '.ok == true' >/dev/null"

raw_err "not JSON" 'hello world'
raw_err "truncated JSON" '{"cmd":"net-add","args":{"name":"n9"}'
raw_err "JSON array" '[1, 2, 3]'
raw_err "JSON string" '"status"'
raw_err "JSON number" '42'
raw_err "JSON null" 'null'
raw_err "JSON with trailing garbage" '{"cmd":"net-add","args":{"name":"n9"}} x'
raw_err "JSON with a NUL byte" '{"cmd":"net-add","args":{"name":"n9"}\000}'
raw_err "invalid UTF-8" '{"cmd":"net-add","args":{"name":"n\377"}}'
raw_err "net-add with VLAN 4095" '{"cmd":"net-add","args":{"name":"n9","vlan":4095}}'
raw_err "net-add with a VLAN string" '{"cmd":"net-add","args":{"name":"n9","vlan":"10"}}'
raw_err "net-add with VLAN -1" '{"cmd":"net-add","args":{"name":"n9","vlan":-1}}'
raw_err "port-add with trunk as a string" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","trunk":"n1,n3"}}'
raw_err "port-add with an empty trunk" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","trunk":[]}}'
raw_err "port-add with trunk null" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","trunk":null}}'
raw_err "port-add with a number in trunk" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","trunk":["n1",3]}}'
raw_err "port-add with net and trunk" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","net":"n1","trunk":["n3"]}}'
raw_err "port-add with native only" '{"cmd":"port-add","args":{"name":"p9","type":"vhost-user","native":"n2"}}'
raw_err "port-set with mac_limit" '{"cmd":"port-set","args":{"name":"t","net":"n1","mac_limit":5}}'
raw_err "port-set of a trunk listing a network twice" '{"cmd":"port-set","args":{"name":"t","trunk":["n1","n1"]}}'
raw_err "duplicate keys" '{"cmd":"status","cmd":"net-add","args":{"name":"n9"}}'
raw_err "missing cmd" '{"args":{"name":"n9"}}'
raw_err "empty object" '{}'
raw_err "cmd not a string" '{"cmd":42}'
raw_err "unknown cmd" '{"cmd":"frobnicate"}'
raw_err "unknown cmd that is a prefix" '{"cmd":"net"}'
raw_err "extra top-level key" '{"cmd":"net-add","args":{"name":"n9"},"force":true}'
raw_err "args an array" '{"cmd":"net-add","args":["n9"]}'
raw_err "args a string" '{"cmd":"net-add","args":"n9"}'
raw_err "args null" '{"cmd":"net-add","args":null}'
raw_err "unknown arg key" '{"cmd":"net-add","args":{"name":"n9","colour":"red"}}'
raw_err "unknown arg key on a read command" '{"cmd":"status","args":{"verbose":true}}'
raw_err "unknown arg key on fdb-add" '{"cmd":"fdb-add","args":{"net":"n1","mac":"02:00:00:00:09:01","port":"a","static":true}}'
raw_err "name not a string" '{"cmd":"net-add","args":{"name":9}}'
raw_err "empty name" '{"cmd":"net-add","args":{"name":""}}'
raw_err "name with a slash" '{"cmd":"net-add","args":{"name":"n/9"}}'
raw_err "32-character name" '{"cmd":"net-add","args":{"name":"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"}}'
raw_err "fdb_aging a string" '{"cmd":"net-add","args":{"name":"n9","fdb_aging":"60"}}'
raw_err "fdb_aging a float" '{"cmd":"net-add","args":{"name":"n9","fdb_aging":60.5}}'
raw_err "fdb_aging 9" '{"cmd":"net-add","args":{"name":"n9","fdb_aging":9}}'
raw_err "fdb_aging 86401" '{"cmd":"net-add","args":{"name":"n9","fdb_aging":86401}}'
raw_err "fdb_aging 2^32+60" '{"cmd":"net-add","args":{"name":"n9","fdb_aging":4294967356}}'
raw_err "fdb_aging -1 on net-set" '{"cmd":"net-set","args":{"name":"n1","fdb_aging":-1}}'
raw_err "fdb_max 65537 on net-set" '{"cmd":"net-set","args":{"name":"n1","fdb_max":65537}}'
raw_err "net-set with nothing to set" '{"cmd":"net-set","args":{"name":"n1"}}'
raw_err "unknown mode" '{"cmd":"net-add","args":{"name":"n9","mode":"shared"}}'
raw_err "duplicate network" '{"cmd":"net-add","args":{"name":"n1"}}'
raw_err "net-del of a network with ports" '{"cmd":"net-del","args":{"name":"n2"}}'
raw_err "duplicate port" '{"cmd":"port-add","args":{"name":"b","net":"n1","type":"vhost-user"}}'
raw_err "port type missing" '{"cmd":"port-add","args":{"name":"p9","net":"n1"}}'
raw_err "unknown port type" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost"}}'
raw_err "uplinks" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"af_packet"}}'
raw_err "relative path" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user","path":"p9.sock"}}'
raw_err "client port without path" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user-client"}}'
raw_err "path of another port" "{\"cmd\":\"port-add\",\"args\":{\"name\":\"p9\",\"net\":\"n2\",\"type\":\"vhost-user\",\"path\":\"$T/run/b.sock\"}}"
raw_err "port bad MAC" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user","mac":"02:00:00:00:00"}}'
raw_err "port bad mode" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user","mode":"0999"}}'
raw_err "port mode an integer" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user","mode":438}}'
raw_err "mac_limit 0" '{"cmd":"port-add","args":{"name":"p9","net":"n1","type":"vhost-user","mac_limit":0}}'
raw_err "owner on a client port" "{\"cmd\":\"port-add\",\"args\":{\"name\":\"p9\",\"net\":\"n1\",\"type\":\"vhost-user-client\",\"path\":\"$T/run/p9.sock\",\"owner\":\"root\"}}"
raw_err "fdb-add bad MAC" '{"cmd":"fdb-add","args":{"net":"n1","mac":"zz:00:00:00:00:01","port":"a"}}'
raw_err "fdb-add MAC with dashes" '{"cmd":"fdb-add","args":{"net":"n1","mac":"02-00-00-00-09-01","port":"a"}}'
raw_err "fdb-add multicast MAC" '{"cmd":"fdb-add","args":{"net":"n1","mac":"01:00:5e:00:00:01","port":"a"}}'
raw_err "fdb-add MAC missing" '{"cmd":"fdb-add","args":{"net":"n1","port":"a"}}'
raw_err "fdb-add MAC not a string" '{"cmd":"fdb-add","args":{"net":"n1","mac":2,"port":"a"}}'
raw_err "fdb-add to a port of another network" '{"cmd":"fdb-add","args":{"net":"n2","mac":"02:00:00:00:09:01","port":"a"}}'
raw_err "fdb-del of a missing entry" '{"cmd":"fdb-del","args":{"net":"n1","mac":"02:00:00:00:09:01"}}'
raw_err "port-del of an unknown port" '{"cmd":"port-del","args":{"name":"px"}}'
raw_err "deeply nested JSON" "$(printf '%.0s[' {1..20000})"

# several requests on one connection: each answered in order
resp=$(printf '{"cmd":"frobnicate"}\n{"cmd":"status"}\n{"cmd":"net-add","args":{"name":"n1"}}\n' | ctl_raw)
check "raw: three requests on one connection get error, ok, error" oks "$resp" "false true false "
# docs/CONTROL.md: an unparsable line gets an error and the connection stays usable
resp=$(printf 'garbage\n{"cmd":"status"}\n' | ctl_raw)
check "raw: an unparsable line gets an error, the next request on the connection is served (got: $(tr '\n' '|' <<<"$resp" | head -c 150))" oks "$resp" "false true "

# a 70000-byte line. The daemon replies and closes with our excess bytes
# unread, so our writes may fail (EPIPE) before we read the reply: socat then
# gives up without reading, hence this client that reads after a failed send.
raw_big() {
	timeout -k 2 15 python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
try:
    s.sendall(sys.stdin.buffer.read())
    s.shutdown(socket.SHUT_WR)
except OSError:
    pass
out = b""
while True:
    try:
        b = s.recv(65536)
    except OSError:
        break
    if not b:
        break
    out += b
sys.stdout.buffer.write(out)
' "$SOCK"
}
resp=$({ printf '{"cmd":"net-add","args":{"name":"n9","x":"'; head -c 70000 /dev/zero | tr '\0' a; printf '"}}\n'; } | raw_big)
check "raw: 70000-byte line gets one error reply (got: ${resp:0:150})" one_err "$resp"
resp=$({ head -c 70000 /dev/zero | tr '\0' ' '; printf '{"cmd":"status"}\n'; } | raw_big)
check "raw: 70000 bytes of blanks before a request: refused as too large (got: ${resp:0:150})" one_err "$resp"

# half a line, then our side closes for writing: error; then a full close
resp=$(printf '{"cmd":"net-add","args":{"name":"n9"' | ctl_raw)
check "raw: half a line then EOF gets an error (got: ${resp:0:150})" one_err "$resp"
printf '{"cmd":"net-add","args":{"name":"n9"' | timeout 15 socat -u - "UNIX-CONNECT:$SOCK"
printf '{"cmd":"net-add","args":{"name":"n9"}}' | timeout 15 socat -u - "UNIX-CONNECT:$SOCK"
check "raw: a full request without its newline, then close: not executed" \
	bash -c "! $VSWCTL --run-dir $T/run net-show n9 >/dev/null 2>&1"
check "daemon alive after the raw garbage" q ctl status

# a client that sends nothing gets a timeout error in ~5 s; others are served
ms() { echo $(($(date +%s%N) / 1000000)); }
IDLE_START=$(ms)
(timeout -k 2 20 socat -u "UNIX-CONNECT:$SOCK" - >"$T/idle.out" 2>/dev/null; ms >"$T/idle.end") &
IDLE_PID=$!
vsw_on_cleanup "kill $IDLE_PID"
sleep 0.5
T0=$(ms)
check "another client is served while one idles" q ctl status
check "  ... promptly ($(($(ms) - T0)) ms)" test $(($(ms) - T0)) -lt 2000
check "  ... and can change things meanwhile" q ctl net-set n2 --fdb-aging 300
wait "$IDLE_PID"
IDLE_MS=$(($(cat "$T/idle.end" 2>/dev/null || echo 999999) - IDLE_START))
check "idle client got a timeout error (got: $(head -c 150 "$T/idle.out"))" \
	q jq -e '.ok == false and (.error | test("timeout"))' "$T/idle.out"
check "  ... and was disconnected after ${IDLE_MS} ms (4000-7000)" test "$IDLE_MS" -ge 4000 -a "$IDLE_MS" -le 7000

# 40 simultaneous idle connections, then a normal vswctl call
IDLE_PIDS=()
for i in $(seq 40); do
	timeout -k 2 20 socat -u "UNIX-CONNECT:$SOCK" - >"$T/idle40.$i.out" 2>/dev/null &
	IDLE_PIDS+=($!)
	vsw_on_cleanup "kill $!"
done
sleep 1
ctl status >"$T/status40.out" 2>&1
RC=$?
check "vswctl works while 40 idle connections are open (rc $RC: $(head -n 1 "$T/status40.out"))" test "$RC" -eq 0
wait "${IDLE_PIDS[@]}"
N_ERR=0
for i in $(seq 40); do
	jq -e '.ok == false and (.error | length > 0)' "$T/idle40.$i.out" >/dev/null 2>&1 && N_ERR=$((N_ERR + 1))
done
check "each of the 40 idle connections got an error reply ($N_ERR/40)" test "$N_ERR" -eq 40
check "vswctl works after the 40 idle connections" q ctl status

snapshot >"$T/snap.after"
check "after everything: configuration, state file and run dir unchanged" \
	diff -u "$T/snap.before" "$T/snap.after"
check "daemon still alive, same pid" test "$(ctlj status | jq .pid)" = "$VSW_PID"
check "no port p9 or network n9 was created" bash -c \
	"! $VSWCTL --run-dir $T/run port-show p9 >/dev/null 2>&1 && ! $VSWCTL --run-dir $T/run net-show n9 >/dev/null 2>&1"
vsw_finish
