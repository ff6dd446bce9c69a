# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# guest.sh - boot real Linux guests (QEMU TCG + busybox initramfs) on vhost-user sockets.
#
# Source this file from a bash test script; it sets no shell options for the caller. Needs
# root, qemu-system-x86_64, cpio, busybox-static and a Debian kernel in /boot (see
# /work/shared/TESTBED.md for why every QEMU option below is what it is).
#
#   . "$VSW_SOURCE_DIR/tests/integration/lib/guest.sh"
#   T=$(mktemp -d); GUEST_DIR=$T
#   trap 'guest_cleanup_all; rm -rf "$T"' EXIT
#   cat >"$T/a.sh" <<'EOF'
#   ip addr add 10.0.0.1/24 dev eth0
#   g_ping_peer 10.0.0.2 60           # helpers: tests/integration/guest/guest-lib.sh
#   EOF
#   ...same for b.sh with the addresses swapped...
#   guest_start a "$T/s0" 52:54:00:00:00:01 "$T/a.sh"          # QEMU is vhost-user client
#   guest_start b "$T/s1" 52:54:00:00:00:02 "$T/b.sh" server   # QEMU creates $T/s1
#   guest_wait a 120 && guest_wait b 120
#
# Functions (all return 0 on success, non-zero with a message on stderr on failure):
#   guest_build_base
#       Build the base initramfs once per kernel + guest files and cache it; sets
#       GUEST_BASE_INITRD, GUEST_KERNEL, GUEST_KVER. Called by guest_start; call it early to
#       fail fast or to time boots without the build.
#   guest_start NAME SOCK MAC SCRIPT [server]
#       Boot guest NAME in the background: one virtio-net NIC (MAC) on vhost-user socket SOCK.
#       QEMU is the vhost-user client (reconnect=1: it retries every second until SOCK is
#       listening, and reconnects when the switch restarts); with "server" QEMU listens on SOCK
#       (creating it) and the switch must connect as a client. Either way QEMU does not start
#       the guest CPU until the vhost-user connection is up. SCRIPT (a file, or - for stdin)
#       becomes /test.sh in the guest, sourced by /init after guest-lib.sh; its exit status is
#       the guest's result. Console: $GUEST_DIR/NAME.console; QEMU's own output:
#       $GUEST_DIR/NAME.qemu.log; QMP socket: $GUEST_DIR/NAME.qmp.
#   guest_wait NAME TIMEOUT
#       Wait up to TIMEOUT seconds for the guest's result marker. Returns the script's exit
#       status (0-255); 124 on timeout (the guest keeps running), 125 when QEMU exited without
#       a result, 126 for an unknown guest. On any non-zero result it prints the console tail.
#       May be called again after a timeout.
#   guest_stop NAME        kill one guest (TERM, then KILL after 5 s); its files stay.
#   guest_pid NAME         print the QEMU pid.       guest_console NAME   print the log path.
#   guest_qmp NAME JSON    send one QMP command (e.g. '{"execute":"set_link","arguments":
#                          {"name":"n0","up":false}}'; the netdev id is n0) and print replies.
#   guest_nic_args N SOCK MAC [server]
#       Print the QEMU arguments of one more virtio-net NIC (ids cN/nN, N >= 1; same TCG
#       workaround as the first NIC) on vhost-user socket SOCK, for GUEST_QEMU_ARGS:
#         GUEST_QEMU_ARGS="$(guest_nic_args 1 "$T/b1.sock" 52:54:00:00:00:12)" guest_start b ...
#       SOCK must not contain spaces or commas (GUEST_QEMU_ARGS is word-split). The NIC is
#       eth1 (eth2 ...) in the guest, in the order given, but a script should find it by MAC
#       (/sys/class/net/*/address) and bring it up itself (/init only brings up eth0). QEMU
#       starts the guest CPU only when every NIC's vhost-user connection is up. With "server"
#       QEMU listens on SOCK (guest_cleanup_all does not remove that socket: the test does).
#   guest_cleanup_all
#       Kill every QEMU started here (TERM, then KILL), remove the files guest_start created
#       (and GUEST_DIR itself if this library created it); safe to call twice and from traps.
#
# Environment:
#   GUEST_DIR       directory for per-guest files (default: a mktemp dir owned by the library)
#   VSW_CACHE_DIR   base initramfs cache (default $VSW_SOURCE_DIR/tests/integration/.cache)
#   VSW_SOURCE_DIR  source tree (default: derived from this file's location)
#   GUEST_KERNEL    kernel to boot (default: newest /boot/vmlinuz-*; modules from
#                   /lib/modules/<its version>)
#   GUEST_MEM       guest memory (default 256M)     GUEST_QEMU   QEMU binary
#   GUEST_APPEND    extra kernel command line words (e.g. ipv6.disable=1 to keep the wire quiet)
#   GUEST_QEMU_ARGS extra QEMU arguments (word-split)
#   GUEST_KEEP=1    guest_cleanup_all kills QEMU but keeps the files (for debugging)
#   GUEST_TAIL_LINES console lines printed on failure (default 40)
#
# Guest side: /init prints "GUEST-READY ..." when eth0 is up and "GUEST-RESULT token=T rc=N"
# after /test.sh, then powers off. T is a random per-boot token from the kernel command line,
# so nothing the script prints can fake a result. Under TCG a guest boots in ~5-10 s; two
# guests boot in parallel fine. Do not run more than two at once on a 2-core machine.

_GUEST_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Modules loaded in the guest, in this order (TESTBED.md); the VLAN ones are optional.
_GUEST_MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
		failover net_failover virtio_net)
_GUEST_MODULES_OPT=(llc stp garp mrp 8021q)
if [[ ! -v _GUEST_NAMES ]]; then
	declare -ga _GUEST_NAMES=()
	declare -gA _GUEST_PID=() _GUEST_TOKEN=() _GUEST_SOCK=() _GUEST_MODE=() _GUEST_T0=()
	declare -g _GUEST_OWN_DIR=
fi

_guest_err() { echo "guest.sh: $*" >&2; }

_guest_source_dir() {
	if [[ -n ${VSW_SOURCE_DIR:-} ]]; then
		echo "$VSW_SOURCE_DIR"
	else
		(cd "$_GUEST_LIB_DIR/../../.." && pwd)
	fi
}

_guest_dir() {
	if [[ -z ${GUEST_DIR:-} ]]; then
		GUEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vsw-guest.XXXXXX") || return 1
		_GUEST_OWN_DIR=$GUEST_DIR
	fi
	mkdir -p "$GUEST_DIR"
}

# Copy module $1 (searched under $2) to $3/$1.ko, decompressing .ko.{xz,zst,gz}.
_guest_copy_module() {
	local m=$1 moddir=$2 dst=$3 f
	f=$(find "$moddir/kernel" \( -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \
		-o -name "$m.ko.gz" \) -print -quit 2>/dev/null)
	[[ -n $f ]] || return 2
	case "$f" in
	*.ko.xz) xz -dc "$f" >"$dst/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$dst/$m.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$dst/$m.ko" ;;
	*) cp "$f" "$dst/$m.ko" ;;
	esac
}

guest_build_base() {
	local kernel kver moddir cache key stage out tmp m rc bb p
	local -a mods=()
	if [[ -n ${GUEST_KERNEL:-} ]]; then
		kernel=$GUEST_KERNEL
	else
		kernel=$(printf '%s\n' /boot/vmlinuz-* | grep -v '\*$' | sort -V | tail -n 1) || true
	fi
	if [[ -z $kernel || ! -r $kernel ]]; then
		_guest_err "no readable kernel (/boot/vmlinuz-*; install linux-image-amd64)"
		return 1
	fi
	kver=${kernel##*/vmlinuz-}
	moddir=/lib/modules/$kver
	if [[ ! -d $moddir ]]; then
		_guest_err "no modules for $kernel in $moddir"
		return 1
	fi
	bb=${GUEST_BUSYBOX:-$(command -v busybox || true)}
	if [[ -z $bb ]] || ! "$bb" --list-full >/dev/null 2>&1; then
		_guest_err "busybox not found (install busybox-static)"
		return 1
	fi
	if ldd "$bb" >/dev/null 2>&1; then
		_guest_err "$bb is dynamically linked; install busybox-static"
		return 1
	fi
	command -v cpio >/dev/null || { _guest_err "cpio not found"; return 1; }

	cache=${VSW_CACHE_DIR:-$(_guest_source_dir)/tests/integration/.cache}
	mkdir -p "$cache" || return 1
	# Key: kernel version + everything that goes into the image.
	key=$({
		cat "$_GUEST_LIB_DIR/../guest/"* "${BASH_SOURCE[0]}"
		"$bb" 2>&1 | head -n 1
		echo "${_GUEST_MODULES[*]} ${_GUEST_MODULES_OPT[*]}"
	} | sha256sum | cut -c1-12)
	out=$cache/guest-base-$kver-$key.cpio
	# shellcheck disable=SC2034 # GUEST_KVER is for callers
	GUEST_KERNEL=$kernel GUEST_KVER=$kver
	if [[ -s $out ]]; then
		GUEST_BASE_INITRD=$out
		return 0
	fi

	stage=$(mktemp -d "$cache/.stage.XXXXXX") || return 1
	rc=0
	(
		set -e
		cd "$stage"
		mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run etc root var lib/modules \
			usr/share/udhcpc
		ln -s ../run var/run
		cp "$bb" bin/busybox
		chmod 755 bin/busybox
		for p in $("$bb" --list-full); do
			[[ -e $p || -L $p ]] || ln -s /bin/busybox "$p"
		done
		[[ -e bin/sh ]] || ln -s busybox bin/sh
		mknod -m 600 dev/console c 5 1 2>/dev/null || true
		mknod -m 666 dev/null c 1 3 2>/dev/null || true
		cp "$_GUEST_LIB_DIR/../guest/init" init
		cp "$_GUEST_LIB_DIR/../guest/guest-lib.sh" lib/guest-lib.sh
		cp "$_GUEST_LIB_DIR/../guest/udhcpc.script" usr/share/udhcpc/default.script
		chmod 755 init usr/share/udhcpc/default.script
	) || rc=1
	if ((rc == 0)); then
		for m in "${_GUEST_MODULES[@]}" "${_GUEST_MODULES_OPT[@]}"; do
			if _guest_copy_module "$m" "$moddir" "$stage/lib/modules"; then
				mods+=("$m")
			elif grep -q "/$m\.ko" "$moddir/modules.builtin" 2>/dev/null; then
				: # built into this kernel
			elif [[ " ${_GUEST_MODULES_OPT[*]} " == *" $m "* ]]; then
				_guest_err "warning: optional module $m not found in $moddir"
			else
				_guest_err "module $m not found in $moddir"
				rc=1
			fi
		done
		printf '%s\n' "${mods[@]}" >"$stage/etc/guest-modules"
	fi
	if ((rc == 0)); then
		tmp=$(mktemp "$cache/.base.XXXXXX")
		if (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
			cpio -o -H newc -R 0:0 --quiet) >"$tmp"; then
			chmod 644 "$tmp" && mv -f "$tmp" "$out"
			# Drop images of older guest files / kernels (not ones a parallel run just made).
			find "$cache" -maxdepth 1 -name 'guest-base-*.cpio' ! -name "${out##*/}" \
				-mmin +10 -delete 2>/dev/null
		else
			_guest_err "cpio failed"
			rm -f "$tmp"
			rc=1
		fi
	fi
	rm -rf "$stage"
	((rc == 0)) || return 1
	GUEST_BASE_INITRD=$out
}

guest_start() {
	local name=${1:-} sock=${2:-} mac=${3:-} script=${4:-} mode=${5:-client}
	local dir qemu token chardev append pid stage
	if [[ -z $name || -z $sock || -z $mac || -z $script ]] ||
	   [[ $mode != client && $mode != server ]]; then
		_guest_err "usage: guest_start NAME SOCK MAC SCRIPT [server]"
		return 1
	fi
	if [[ ! $mac =~ ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$ ]]; then
		_guest_err "guest $name: bad MAC '$mac'"
		return 1
	fi
	if [[ ! $name =~ ^[A-Za-z0-9_.-]+$ ]]; then
		_guest_err "guest name '$name' must be [A-Za-z0-9_.-]+"
		return 1
	fi
	if [[ -v _GUEST_PID[$name] ]]; then
		_guest_err "guest $name already started"
		return 1
	fi
	if [[ $script != - && ! -r $script ]]; then
		_guest_err "guest $name: script $script not readable"
		return 1
	fi
	qemu=${GUEST_QEMU:-qemu-system-x86_64}
	command -v "$qemu" >/dev/null || { _guest_err "$qemu not found"; return 1; }
	guest_build_base || return 1
	_guest_dir || return 1
	dir=$GUEST_DIR

	# Per-test archive with /test.sh, appended to the base one (the kernel unpacks both).
	stage=$dir/$name.stage
	rm -rf "$stage" && mkdir -p "$stage" || return 1
	if [[ $script == - ]]; then
		cat >"$stage/test.sh"
	else
		cp "$script" "$stage/test.sh"
	fi || return 1
	chmod 755 "$stage/test.sh"
	(cd "$stage" && echo test.sh | cpio -o -H newc -R 0:0 --quiet) >"$dir/$name.test.cpio" ||
		{ _guest_err "cpio failed"; return 1; }
	cat "$GUEST_BASE_INITRD" "$dir/$name.test.cpio" >"$dir/$name.initrd" || return 1
	rm -rf "$stage"

	token=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	if [[ $mode == server ]]; then
		chardev="socket,id=c0,path=$sock,server=on"
	else
		chardev="socket,id=c0,path=$sock,reconnect=1"
	fi
	append="console=ttyS0 quiet panic=-1 vsw.name=$name vsw.token=$token ${GUEST_APPEND:-}"
	: >"$dir/$name.console"
	rm -f "$dir/$name.qmp"
	# shellcheck disable=SC2086 # GUEST_QEMU_ARGS is word-split on purpose
	"$qemu" -name "$name" -nodefaults -no-user-config \
		-accel tcg -cpu max -smp 1 -m "${GUEST_MEM:-256M}" \
		-object "memory-backend-memfd,id=mem,size=${GUEST_MEM:-256M},share=on" \
		-machine memory-backend=mem \
		-kernel "$GUEST_KERNEL" -initrd "$dir/$name.initrd" -append "$append" \
		-chardev "$chardev" -netdev vhost-user,id=n0,chardev=c0 \
		-device "virtio-net-pci,netdev=n0,mac=$mac,romfile=,vectors=0" \
		-display none -serial "file:$dir/$name.console" -monitor none \
		-qmp "unix:$dir/$name.qmp,server=on,wait=off" \
		-no-reboot ${GUEST_QEMU_ARGS:-} \
		</dev/null >"$dir/$name.qemu.log" 2>&1 &
	pid=$!
	# Not a job: bash would print "Killed" / "Terminated" when we stop it. Bash still reaps it.
	disown "$pid"
	_GUEST_NAMES+=("$name")
	_GUEST_PID[$name]=$pid
	_GUEST_TOKEN[$name]=$token
	_GUEST_SOCK[$name]=$sock
	_GUEST_MODE[$name]=$mode
	_GUEST_T0[$name]=$SECONDS
	echo "$pid" >"$dir/$name.pid"
	# Catch bad arguments / missing files right away.
	sleep 0.3
	if ! kill -0 "$pid" 2>/dev/null; then
		_guest_err "guest $name: QEMU exited at startup:"
		sed 's/^/    /' "$dir/$name.qemu.log" >&2
		return 1
	fi
	return 0
}

_guest_tail() {
	local name=$1 dir=$GUEST_DIR
	{
		echo "---- $name: last ${GUEST_TAIL_LINES:-40} console lines ($dir/$name.console) ----"
		tr -d '\r' <"$dir/$name.console" | tail -n "${GUEST_TAIL_LINES:-40}"
		if [[ -s $dir/$name.qemu.log ]]; then
			echo "---- $name: QEMU output ($dir/$name.qemu.log) ----"
			tail -n 20 "$dir/$name.qemu.log"
		fi
		echo "---- end of $name ----"
	} >&2
}

_guest_alive() {
	local pid=$1 st
	kill -0 "$pid" 2>/dev/null || return 1
	# A child that exited but was not reaped yet is a zombie: treat it as dead.
	read -r st < <(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
	[[ $st != Z ]]
}

guest_wait() {
	local name=${1:-} timeout=${2:-} pid token line rc=-1 end i
	if [[ -z $name || ! $timeout =~ ^[0-9]+$ ]]; then
		_guest_err "usage: guest_wait NAME TIMEOUT_SECONDS"
		return 126
	fi
	if [[ ! -v _GUEST_PID[$name] ]]; then
		_guest_err "guest_wait: unknown guest $name"
		return 126
	fi
	pid=${_GUEST_PID[$name]} token=${_GUEST_TOKEN[$name]}
	end=$((SECONDS + timeout))
	while :; do
		line=$(grep -a -o "GUEST-RESULT token=$token rc=[0-9]*" \
			"$GUEST_DIR/$name.console" 2>/dev/null | tail -n 1) || true
		if [[ -n $line ]]; then
			rc=${line##*rc=}
			break
		fi
		if ! _guest_alive "$pid"; then
			# Re-read once: the marker may have landed just before QEMU exited.
			grep -a -q "GUEST-RESULT token=$token rc=" "$GUEST_DIR/$name.console" && continue
			_guest_err "guest $name: QEMU (pid $pid) exited without a result after $((SECONDS - _GUEST_T0[$name]))s"
			_guest_tail "$name"
			return 125
		fi
		if ((SECONDS >= end)); then
			_guest_err "guest $name: no result within ${timeout}s (QEMU pid $pid still running)"
			[[ -s $GUEST_DIR/$name.console ]] ||
				_guest_err "guest $name: console empty: QEMU is probably still waiting for the vhost-user connection on ${_GUEST_SOCK[$name]} (${_GUEST_MODE[$name]} mode)"
			_guest_tail "$name"
			return 124
		fi
		sleep 0.5
	done
	# The guest powers off right after the marker: give QEMU a moment, then reap it.
	for ((i = 0; i < 100; i++)); do
		_guest_alive "$pid" || break
		sleep 0.1
	done
	_guest_alive "$pid" && guest_stop "$name"
	if ((rc != 0)); then
		_guest_err "guest $name: test script failed, rc=$rc ($((SECONDS - _GUEST_T0[$name]))s)"
		_guest_tail "$name"
	else
		echo "guest $name: test script passed ($((SECONDS - _GUEST_T0[$name]))s)" >&2
	fi
	return "$rc"
}

guest_stop() {
	local name=${1:-} pid i
	[[ -n $name && -v _GUEST_PID[$name] ]] || { _guest_err "guest_stop: unknown guest $name"; return 1; }
	pid=${_GUEST_PID[$name]}
	if _guest_alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			_guest_alive "$pid" || break
			sleep 0.1
		done
		_guest_alive "$pid" && kill -KILL "$pid" 2>/dev/null
	fi
	return 0
}

guest_pid() {
	[[ -n ${1:-} && -v _GUEST_PID[$1] ]] || return 1
	echo "${_GUEST_PID[$1]}"
}

guest_console() {
	[[ -n ${1:-} && -v _GUEST_PID[$1] ]] || return 1
	echo "$GUEST_DIR/$1.console"
}

guest_qmp() {
	local name=${1:-} cmd=${2:-}
	[[ -n $name && -v _GUEST_PID[$name] && -n $cmd ]] || { _guest_err "usage: guest_qmp NAME JSON"; return 1; }
	command -v socat >/dev/null || { _guest_err "guest_qmp needs socat"; return 1; }
	printf '{"execute":"qmp_capabilities"}\n%s\n' "$cmd" |
		socat -t 2 - "UNIX-CONNECT:$GUEST_DIR/$name.qmp"
}

guest_cleanup_all() {
	local name pid i alive f
	# TERM everything first so the guests die in parallel, then KILL stragglers.
	for name in "${_GUEST_NAMES[@]}"; do
		pid=${_GUEST_PID[$name]}
		_guest_alive "$pid" && kill -TERM "$pid" 2>/dev/null
	done
	for ((i = 0; i < 50; i++)); do
		alive=0
		for name in "${_GUEST_NAMES[@]}"; do
			_guest_alive "${_GUEST_PID[$name]}" && alive=1
		done
		((alive)) || break
		sleep 0.1
	done
	for name in "${_GUEST_NAMES[@]}"; do
		pid=${_GUEST_PID[$name]}
		if _guest_alive "$pid"; then
			_guest_err "guest $name: QEMU pid $pid ignored SIGTERM, sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null
		fi
		if [[ ${GUEST_KEEP:-0} == 1 ]]; then
			continue
		fi
		for f in initrd test.cpio console qemu.log qmp pid; do
			rm -f "$GUEST_DIR/$name.$f"
		done
		rm -rf "$GUEST_DIR/$name.stage"
		if [[ ${_GUEST_MODE[$name]} == server ]]; then
			rm -f "${_GUEST_SOCK[$name]}"
		fi
	done
	if [[ ${GUEST_KEEP:-0} == 1 && ${#_GUEST_NAMES[@]} -gt 0 ]]; then
		_guest_err "GUEST_KEEP=1: guest files kept in $GUEST_DIR"
	elif [[ -n $_GUEST_OWN_DIR ]]; then
		rm -rf "$_GUEST_OWN_DIR"
		[[ ${GUEST_DIR:-} == "$_GUEST_OWN_DIR" ]] && GUEST_DIR=
		_GUEST_OWN_DIR=
	fi
	_GUEST_NAMES=()
	_GUEST_PID=() _GUEST_TOKEN=() _GUEST_SOCK=() _GUEST_MODE=() _GUEST_T0=()
	return 0
}

guest_nic_args() {
	local n=${1:-} sock=${2:-} mac=${3:-} mode=${4:-client} chardev
	if [[ ! $n =~ ^[1-9][0-9]*$ || -z $sock || $sock == *[[:space:],]* ]] ||
	   [[ ! $mac =~ ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$ ]] ||
	   [[ $mode != client && $mode != server ]]; then
		_guest_err "usage: guest_nic_args N SOCK MAC [server] (N >= 1, SOCK without spaces/commas)"
		return 1
	fi
	if [[ $mode == server ]]; then
		chardev="socket,id=c$n,path=$sock,server=on"
	else
		chardev="socket,id=c$n,path=$sock,reconnect=1"
	fi
	echo "-chardev $chardev -netdev vhost-user,id=n$n,chardev=c$n" \
		"-device virtio-net-pci,netdev=n$n,mac=$mac,romfile=,vectors=0"
}
