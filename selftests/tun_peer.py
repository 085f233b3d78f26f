#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The far end of a tun device (IFF_TUN, no link header) that xtcp owns.

Run inside xtcp's namespace, after xtcp has the device and an address:

    tun_peer.py DEV PEER_ADDR XTCP_ADDR XUDP

It attaches to DEV as its user-space end, so every IPv4 packet xtcp sends
out of DEV is read here and every packet written here is received by xtcp,
with no Ethernet header and no ARP on the way. Headers and checksums are
built and checked here by hand, independently of xtcp's code. XUDP is the
selftests' AF_XTCP UDP tool, for the socket side.

Prints one line per case: "ok NAME" or "not ok NAME: REASON".
"""
import fcntl
import hashlib
import os
import select
import socket
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
PROTO_ICMP = 1
PROTO_UDP = 17


class CaseFailed(Exception):
    """A case's check did not hold; the message says which."""


def csum(data):
    """RFC 1071 Internet checksum."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      0, 64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(src, dst, sport, dport, payload):
    ulen = 8 + len(payload)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, PROTO_UDP, ulen)
    hdr = struct.pack("!HHHH", sport, dport, ulen, 0)
    check = csum(pseudo + hdr + payload) or 0xFFFF
    return struct.pack("!HHHH", sport, dport, ulen, check) + payload


def parse_ipv4(pkt):
    """(src, dst, proto, payload) of a well-formed IPv4 packet, else None
    for a packet that is not IPv4 (Linux's own IPv6 on the device)."""
    if not pkt or pkt[0] >> 4 != 4:
        return None
    ihl = (pkt[0] & 0x0F) * 4
    tot = struct.unpack("!H", pkt[2:4])[0]
    if ihl < 20 or tot != len(pkt) or tot < ihl:
        raise CaseFailed("bad IPv4 lengths: ihl %d tot %d read %d" %
                         (ihl, tot, len(pkt)))
    if csum(pkt[:ihl]):
        raise CaseFailed("bad IPv4 header checksum")
    return pkt[12:16], pkt[16:20], pkt[9], pkt[ihl:tot]


def read_ipv4(fd, want_proto, timeout=20.0):
    """The next IPv4 packet of want_proto read from the tun, skipping
    anything else (IPv6 from Linux's own addrconf)."""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            raise CaseFailed("nothing of protocol %d came out in %.0fs" %
                             (want_proto, timeout))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        parsed = parse_ipv4(os.read(fd, 65536))
        if parsed and parsed[2] == want_proto:
            return parsed


def case_ping(fd, peer, me):
    ident, payload = 0x7854, bytes(range(56))
    for seq in (1, 2, 3):
        echo = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
        echo = echo[:2] + struct.pack("!H", csum(echo)) + echo[4:]
        os.write(fd, ipv4(peer, me, PROTO_ICMP, echo, seq))
        src, dst, _, icmp = read_ipv4(fd, PROTO_ICMP)
        if (src, dst) != (me, peer):
            raise CaseFailed("reply %s -> %s" % (socket.inet_ntoa(src),
                                                 socket.inet_ntoa(dst)))
        if csum(icmp):
            raise CaseFailed("bad ICMP checksum on reply %d" % seq)
        typ, code, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
        if (typ, code, rid, rseq, icmp[8:]) != (0, 0, ident, seq, payload):
            raise CaseFailed("reply %d is type %d code %d id %#x seq %d, "
                             "%d payload bytes" % (seq, typ, code, rid, rseq,
                                                   len(icmp) - 8))


def case_udp_out(fd, peer, me, xudp):
    data = os.urandom(1000)
    res = subprocess.run([xudp, "send", socket.inet_ntoa(peer), "7001",
                          "7100"], input=data, capture_output=True,
                         timeout=60, check=False)
    if res.returncode:
        raise CaseFailed("xudp send: %s" % res.stderr.decode().strip())
    src, dst, _, dgram = read_ipv4(fd, PROTO_UDP)
    if (src, dst) != (me, peer):
        raise CaseFailed("datagram %s -> %s" % (socket.inet_ntoa(src),
                                                socket.inet_ntoa(dst)))
    sport, dport, ulen, check = struct.unpack("!HHHH", dgram[:8])
    if (sport, dport, ulen) != (7100, 7001, len(dgram)):
        raise CaseFailed("ports %d -> %d, length %d of %d" %
                         (sport, dport, ulen, len(dgram)))
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, PROTO_UDP, ulen)
    if not check or csum(pseudo + dgram):
        raise CaseFailed("bad UDP checksum %#06x" % check)
    if hashlib.sha256(dgram[8:]).digest() != hashlib.sha256(data).digest():
        raise CaseFailed("payload differs")


def case_udp_in(fd, peer, me, xudp):
    data = os.urandom(1200)
    recv = subprocess.Popen([xudp, "recv", "7002", "30000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Resend until the receiver is bound: the tool takes a moment to start
    # under emulation, and a datagram before that is answered with ICMP.
    for _ in range(100):
        os.write(fd, ipv4(peer, me, PROTO_UDP,
                          udp(peer, me, 7200, 7002, data), 0x100))
        try:
            out, err = recv.communicate(timeout=0.3)
            break
        except subprocess.TimeoutExpired:
            continue
    else:
        recv.kill()
        raise CaseFailed("xudp recv got nothing in 30 s")
    if recv.returncode:
        raise CaseFailed("xudp recv: %s" % err.decode().strip())
    if out != data:
        raise CaseFailed("got %d bytes, not the %d sent" % (len(out),
                                                            len(data)))
    want = "from %s:7200" % socket.inet_ntoa(peer)
    if want not in err.decode():
        raise CaseFailed("sender reported as %r" % err.decode().strip())


def open_tun(dev):
    """The user-space end of tun device DEV (IFF_TUN, no packet info)."""
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF,
                struct.pack("16sH", dev.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    dev, peer, me, xudp = sys.argv[1:5]
    peer, me = socket.inet_aton(peer), socket.inet_aton(me)
    fd = open_tun(dev)
    cases = [
        ("ping over tun: 3 echo replies, checksums and payload intact",
         lambda: case_ping(fd, peer, me)),
        ("xtcp UDP out of tun: header, checksum and sha256 checked",
         lambda: case_udp_out(fd, peer, me, xudp)),
        ("UDP into tun reaches an AF_XTCP socket, sha256 checked",
         lambda: case_udp_in(fd, peer, me, xudp)),
    ]
    failed = 0
    for name, run in cases:
        try:
            run()
            print("ok %s" % name, flush=True)
        except (CaseFailed, OSError, subprocess.SubprocessError) as exc:
            failed += 1
            print("not ok %s: %s" % (name, exc), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
