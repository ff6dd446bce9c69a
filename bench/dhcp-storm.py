#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""dhcp-storm.py - send DHCPDISCOVERs with forged source MACs at a fixed rate.

    dhcp-storm.py [--junk] IFNAME PPS [SECONDS]

Builds 4096 broadcast DISCOVERs (UDP 68 -> 67, each from its own locally
administered MAC, complete IPv4/UDP checksums) and sends them round-robin on
an AF_PACKET socket bound to IFNAME, in 10 ms slices of PPS/100 frames, until
SECONDS pass (default: until killed). Prints frames sent at exit. Standard
library only, so it runs anywhere python3 does.

--junk: the same frames with a multicast source MAC, which the switch drops
while parsing (bad-src-mac) before any DHCP handling: the control for what
the port and the sender cost without DHCP.
"""
import signal
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def discover(n, junk=False):
    mac = bytes([0x03 if junk else 0x02, 0x5A, (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF])
    bootp = struct.pack("!BBBBIHHIIII", 1, 1, 6, 0, 0x5A5A0000 | n, 0, 0x8000, 0, 0, 0, 0)
    bootp += mac + b"\0" * 10 + b"\0" * 192 + bytes([0x63, 0x82, 0x53, 0x63])
    bootp += bytes([53, 1, 1, 55, 3, 1, 3, 6, 255])
    bootp += b"\0" * (300 - len(bootp))
    udp_len = 8 + len(bootp)
    src, dst = b"\0\0\0\0", b"\xff\xff\xff\xff"
    pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", 68, 67, udp_len, 0) + bootp
    ucs = csum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", ucs) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\xff" * 6 + mac + b"\x08\x00" + ip + udp


def main():
    args = sys.argv[1:]
    junk = args[:1] == ["--junk"]
    if junk:
        args = args[1:]
    ifname, pps = args[0], int(args[1])
    secs = float(args[2]) if len(args) > 2 else 0
    frames = [discover(i, junk) for i in range(4096)]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    sent = 0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    per_slice = max(1, pps // 100)
    t0 = time.monotonic()
    nxt = t0
    try:
        while not stop and (secs == 0 or time.monotonic() - t0 < secs):
            for _ in range(per_slice):
                try:
                    s.send(frames[sent % 4096])
                except OSError:
                    pass
                sent += 1
            nxt += 0.01
            d = nxt - time.monotonic()
            if d > 0:
                time.sleep(d)
    except KeyboardInterrupt:
        pass
    el = time.monotonic() - t0
    print("dhcp-storm: %d frames in %.1f s (%.0f/s)" % (sent, el, sent / el if el else 0))


main()
