#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_l2_forwarding.sh - learning, flooding, known unicast and isolation
# between networks, seen by real virtio front ends (testpmd virtio_user).
#
# Networks n1 (ports a, b, c) and n2 (port d). Each peer sends bursts of 32
# frames with "start tx_first"; we count what every other peer receives.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
vsw_test_init l2fwd

MAC_A=02:00:00:00:00:0a MAC_B=02:00:00:00:00:0b MAC_C=02:00:00:00:00:0c
MAC_D=02:00:00:00:00:0d

vsw_start || exit 1
ctl net-add n1 && ctl net-add n2 || exit 1
for p in a b c; do ctl port-add $p --net n1 --type vhost-user || exit 1; done
ctl port-add d --net n2 --type vhost-user || exit 1
tp_start a "$T/run/a.sock" $MAC_A || exit 1
tp_start b "$T/run/b.sock" $MAC_B || exit 1
tp_start c "$T/run/c.sock" $MAC_C || exit 1
tp_start d "$T/run/d.sock" $MAC_D || exit 1
wait_for 30 "all links up" n_links_up 4 || exit 1
for p in a b c d; do tp_cmd $p "start"; done

tp_send a ff:ff:ff:ff:ff:ff 1
tp_expect_rx "broadcast from a floods to b and c only" a=0 b=32 c=32 d=0
check "a's MAC learned on port a" fdb_has n1 $MAC_A a dynamic

tp_send b $MAC_A 1
tp_expect_rx "known unicast b->a reaches a only" a=32 b=32 c=32 d=0

tp_send c 02:00:00:00:00:ff 1
tp_expect_rx "unknown unicast from c floods to a and b" a=64 b=64 c=32 d=0

tp_send d ff:ff:ff:ff:ff:ff 2
tp_expect_rx "broadcast in n2 never reaches n1" a=64 b=64 c=32 d=0
check "d's MAC learned in n2, not n1" bash -c \
	"$VSWCTL --run-dir $T/run --json fdb-show | jq -e >/dev/null '[.entries[] | select(.mac == \"$MAC_D\")] | length == 1 and .[0].net == \"n2\"'"

tp_send a $MAC_D 1
tp_expect_rx "unicast to a MAC of another network is flooded in n1 only" a=64 b=96 c=64 d=0

check "port a counters: rx 64, tx 64" bash -c \
	"[[ \$($VSWCTL --run-dir $T/run --json port-show a | jq '.stats.rx_packets, .stats.tx_packets' | tr '\n' ' ') == '64 64 ' ]]"
check "port d transmitted nothing" bash -c \
	"[[ \$($VSWCTL --run-dir $T/run --json port-show d | jq .stats.tx_packets) == 0 ]]"
check "no mbufs leaked" wait_for 10 "mbufs back" mbufs_zero

# a MAC move: the guest behind a reappears behind b (b's peer restarts with a's MAC)
tp_kill b
tp_start b "$T/run/b.sock" $MAC_A || exit 1
wait_for 30 "b reconnected" n_links_up 4 || exit 1
tp_cmd b "start"
tp_send b ff:ff:ff:ff:ff:ff 1
check "MAC move: a's MAC now on port b" fdb_has n1 $MAC_A b
check "MAC move counted" bash -c \
	"[[ \$($VSWCTL --run-dir $T/run --json net-show n1 | jq .fdb_moves) -ge 1 ]]"
vsw_finish
