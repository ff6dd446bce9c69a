#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# quickstart.sh - from a fresh clone: install dependencies, build, and run
# vswitchd in the foreground with a default isolated network and one
# vhost-user port, printing how to attach a QEMU or libvirt VM to it.
#
#   sudo tools/quickstart.sh [--run-dir DIR] [--state-dir DIR]
#
# No hugepages needed (vswitchd falls back to --no-huge memfd memory).
# Ctrl-C stops the switch; the configuration persists in the state dir.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR=/run/vswitch
STATE_DIR=/var/lib/vswitch
while [[ $# -gt 0 ]]; do
	case $1 in
	--run-dir) RUN_DIR=$2; shift ;;
	--state-dir) STATE_DIR=$2; shift ;;
	*) echo "usage: $0 [--run-dir DIR] [--state-dir DIR]" >&2; exit 2 ;;
	esac
	shift
done

tools/install-deps.sh
[[ -f build/build.ninja ]] || meson setup build
ninja -C build

VSWCTL="build/tools/vswctl --run-dir $RUN_DIR"
build/vswitch/vswitchd --foreground --run-dir "$RUN_DIR" --state-dir "$STATE_DIR" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid' INT TERM
for _ in $(seq 100); do $VSWCTL status >/dev/null 2>&1 && break; sleep 0.1; done
$VSWCTL status >/dev/null || { echo "vswitchd did not start" >&2; exit 1; }
$VSWCTL net-show default >/dev/null 2>&1 || $VSWCTL net-add default
$VSWCTL port-show vm1 >/dev/null 2>&1 ||
	$VSWCTL port-add vm1 --net default --type vhost-user --mode 0666
SOCK=$($VSWCTL --json port-show vm1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')

cat <<MSG

vswitchd is running (pid $pid). Network "default" (isolated) has port "vm1".
Attach a QEMU VM to it (guest memory must be shared with the switch):

  -object memory-backend-memfd,id=mem,size=1G,share=on -machine memory-backend=mem \\
  -chardev socket,id=vm1,path=$SOCK \\
  -netdev vhost-user,id=net0,chardev=vm1 \\
  -device virtio-net-pci,netdev=net0,mac=52:54:00:00:00:01

or in a libvirt domain (plus <memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>):

  <interface type='vhostuser'>
    <mac address='52:54:00:00:00:01'/>
    <source type='unix' path='$SOCK' mode='client'/>
    <model type='virtio'/>
  </interface>

More ports: $VSWCTL port-add vm2 --net default --type vhost-user
Status:     $VSWCTL port-list     Stop: Ctrl-C
MSG
wait $pid
