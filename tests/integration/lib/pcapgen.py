#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""pcapgen.py - write pcap files of crafted Ethernet frames and summarise
the frames of a pcap file (python3 standard library only, no scapy).

  pcapgen.py gen FILE [SPEC...]   write FILE (classic pcap, Ethernet) holding
                                  the frames of each SPEC, in order; no SPEC:
                                  an empty capture
  pcapgen.py show FILE            one line per frame:
                                  LABEL#SEQ SRC>DST TAGS TYPE LEN ok|bad
  pcapgen.py summary FILE         frames grouped, sorted, one line per group:
                                  COUNT LABEL SRC>DST TAGS TYPE seq=RANGES [bad]
  pcapgen.py count FILE...        number of frames in each FILE, one a line

SPEC is comma separated KEY=VALUE:
  label=TEXT    ASCII label carried in the payload (default "x")
  src=MAC       source MAC (default 02:00:00:00:00:01)
  dst=MAC       destination MAC (default ff:ff:ff:ff:ff:ff)
  tags=LIST     tag stack, outermost first, '/' separated, each TPID:VID:PCP
                in hex:dec:dec (e.g. 8100:10:5/8100:20:0, 88a8:10:0/8100:20:3);
                a 4th field 1 sets DEI; "-" or absent: untagged
  type=HEX      EtherType after the tags (default 88b5, local experimental)
  n=COUNT       number of frames (default 1), payload sequence numbers 0..n-1
  len=BYTES     payload length after the EtherType, >= label + 5 (default 46:
                an untagged frame is then 60 bytes)

Payload: LABEL, NUL, sequence number (16 bits), payload length (16 bits),
then filler bytes that are a function of label, sequence number and offset.
"show" and "summary" check every payload byte and the length against that
("bad" when they differ), so a frame whose payload or inner tags a switch
altered, truncated or padded cannot pass for a good one. TAGS print as in
SPEC ("-" when untagged); TYPE is the EtherType after the last tag.
"""

import struct
import sys
import zlib

TPIDS = (0x8100, 0x88A8, 0x9100)


def parse_mac(s):
    parts = s.split(":")
    if len(parts) != 6:
        raise ValueError("bad MAC " + s)
    return bytes(int(p, 16) for p in parts)


def fmt_mac(b):
    return ":".join("%02x" % x for x in b)


def filler(label, seq, i):
    return (zlib.crc32(label) + seq * 31 + i * 7) & 0xFF


def make_payload(label, seq, plen):
    head = label + b"\0" + struct.pack(">HH", seq, plen)
    if plen < len(head):
        raise ValueError("len %d too short for label %r" % (plen, label))
    return head + bytes(filler(label, seq, i) for i in range(len(head), plen))


def parse_tags(s):
    tags = []
    if s in ("", "-"):
        return tags
    for t in s.split("/"):
        f = t.split(":")
        if len(f) not in (3, 4):
            raise ValueError("bad tag " + t)
        tpid, vid, pcp = int(f[0], 16), int(f[1]), int(f[2])
        dei = int(f[3]) if len(f) == 4 else 0
        if not (0 <= vid <= 4095 and 0 <= pcp <= 7 and dei in (0, 1)):
            raise ValueError("bad tag " + t)
        tags.append((tpid, vid, pcp, dei))
    return tags


def frames_of(spec):
    kv = {}
    for item in spec.split(","):
        if not item:
            continue
        k, sep, v = item.partition("=")
        if not sep or k not in ("label", "src", "dst", "tags", "type", "n",
                                "len"):
            raise ValueError("bad SPEC item %r" % item)
        kv[k] = v
    label = kv.get("label", "x").encode("ascii")
    src = parse_mac(kv.get("src", "02:00:00:00:00:01"))
    dst = parse_mac(kv.get("dst", "ff:ff:ff:ff:ff:ff"))
    tags = parse_tags(kv.get("tags", "-"))
    etype = int(kv.get("type", "88b5"), 16)
    n = int(kv.get("n", "1"))
    plen = int(kv.get("len", "46"))
    hdr = dst + src
    for tpid, vid, pcp, dei in tags:
        hdr += struct.pack(">HH", tpid, pcp << 13 | dei << 12 | vid)
    hdr += struct.pack(">H", etype)
    return [hdr + make_payload(label, seq, plen) for seq in range(n)]


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)))
            f.write(fr)


def read_pcap(path):
    """Frames of a classic pcap file (either byte order, usec or nsec); a
    truncated last record (file still being written) is ignored."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        e = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        e = ">"
    else:
        raise ValueError("%s: not a pcap file" % path)
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != 1:
        raise ValueError("%s: link type %d, not Ethernet" % (path, linktype))
    frames, off = [], 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(e + "IIII", data[off:off + 16])
        if off + 16 + caplen > len(data):
            break
        frames.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return frames


def decode(fr):
    """(label, seq, src>dst, tags, type, len, good) of one frame."""
    if len(fr) < 14:
        return ("?", -1, "runt", "-", "-", len(fr), False)
    macs = "%s>%s" % (fmt_mac(fr[6:12]), fmt_mac(fr[0:6]))
    off, tags = 12, []
    etype = struct.unpack(">H", fr[12:14])[0]
    while etype in TPIDS and off + 8 <= len(fr):
        tci = struct.unpack(">H", fr[off + 2:off + 4])[0]
        t = "%04x:%d:%d" % (etype, tci & 0xFFF, tci >> 13)
        if tci & 0x1000:
            t += ":1"
        tags.append(t)
        off += 4
        etype = struct.unpack(">H", fr[off:off + 2])[0]
    payload = fr[off + 2:]
    label, seq, good = "?", -1, False
    nul = payload.find(b"\0")
    if nul > 0 and len(payload) >= nul + 5:
        lab = payload[:nul]
        try:
            label = lab.decode("ascii")
        except UnicodeDecodeError:
            label = "?"
        seq, plen = struct.unpack(">HH", payload[nul + 1:nul + 5])
        good = payload == make_payload(lab, seq, plen) if plen >= nul + 5 \
            else False
    return (label, seq, macs, "/".join(tags) or "-", "%04x" % etype, len(fr),
            good)


def ranges(seqs):
    seqs = sorted(seqs)
    out, i = [], 0
    while i < len(seqs):
        j = i
        while j + 1 < len(seqs) and seqs[j + 1] == seqs[j] + 1:
            j += 1
        out.append(str(seqs[i]) if i == j else "%d-%d" % (seqs[i], seqs[j]))
        i = j + 1
    return ",".join(out)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("gen", "show", "summary", "count"):
        sys.stderr.write(__doc__)
        return 2
    cmd, path = argv[1], argv[2]
    try:
        if cmd == "gen":
            frames = []
            for spec in argv[3:]:
                frames += frames_of(spec)
            write_pcap(path, frames)
            return 0
        if cmd == "count":
            for p in argv[2:]:
                print(len(read_pcap(p)))
            return 0
        frames = read_pcap(path)
    except (OSError, ValueError) as ex:
        sys.stderr.write("pcapgen.py: %s\n" % ex)
        return 1
    if cmd == "show":
        for fr in frames:
            label, seq, macs, tags, etype, n, good = decode(fr)
            print("%s#%d %s %s %s %d %s" % (label, seq, macs, tags, etype, n,
                                           "ok" if good else "bad"))
    else:
        groups = {}
        for fr in frames:
            label, seq, macs, tags, etype, _, good = decode(fr)
            key = (label, macs, tags, etype, good)
            groups.setdefault(key, []).append(seq)
        lines = []
        for (label, macs, tags, etype, good), seqs in groups.items():
            line = "%d %s %s %s %s seq=%s" % (len(seqs), label, macs, tags,
                                              etype, ranges(seqs))
            if len(set(seqs)) != len(seqs):
                line += " dup"
            if not good:
                line += " bad"
            lines.append(line)
        for line in sorted(lines, key=lambda s: s.split(" ", 1)[1]):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
