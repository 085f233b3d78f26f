#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The Linux peer's side of icmp_test.sh: crafted ICMP and IPv4 with scapy.

    icmp_peer.py IFACE XTCP_MAC

Reads one command a line on stdin (scapy takes seconds to start under
emulation, so it starts once) and answers each with one line:

  echo SRC DST        an echo request from SRC (spoofed) to DST; the
                      Ethernet destination is broadcast for a broadcast
                      DST, else xtcp's MAC. Sniffs IFACE for 1.5 s and
                      answers "replies N": echo replies with our id seen
                      from xtcp's MAC.
  unreach DST SPORT DPORT QUOTE
                      a port unreachable to DST about a UDP datagram
                      10.0.0.2:SPORT -> 10.0.0.1:DPORT; QUOTE "long"
                      quotes 548 bytes of a 1400-byte datagram, as Linux
                      does, "whole" all of a 36-byte one (whose header
                      even a full IPv4 parser accepts); answers "sent"
  fragneeded SPORT DPORT QUOTE
                      a "fragmentation needed" (MTU 1200) to 10.0.0.2
                      about the same; "sent"
  timeexceeded DST SPORT DPORT QUOTE
                      a time exceeded to DST about the same; "sent"
  protounreach PROTO  an IPv4 datagram of protocol PROTO to xtcp; sniffs
                      1.5 s and answers "unreach N": protocol
                      unreachables from xtcp's MAC quoting it
  burst N PORT        N UDP datagrams from a plain socket to 10.0.0.2,
                      ports PORT.., then counts the port unreachables
                      from 10.0.0.2 until 3 s pass without one; answers
                      "got M span S" (S: seconds between the kernel's
                      receive times of the first and the last)
"""
import logging
import socket
import struct
import sys
import threading
import time

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (ICMP, IP, UDP, AsyncSniffer, Ether, IPerror, Raw, conf,  # noqa: E402
                       get_if_hwaddr, sendp)

# Python 3.11 lacks the name; 35 is SO_TIMESTAMPNS(_OLD) on x86_64.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
XTCP = "10.0.0.2"
PEER = "10.0.0.1"
BCAST = "ff:ff:ff:ff:ff:ff"


def eth_dst(dst, xmac):
    if dst in ("255.255.255.255", "10.0.0.255"):
        return BCAST
    return xmac


def quote(sport, dport, kind):
    """A datagram xtcp could have sent: 548 bytes of 1400, or all of 36."""
    size = 1400 if kind == "long" else 36
    dgram = IP(src=XTCP, dst=PEER, id=0x4242) / UDP(sport=sport, dport=dport) / \
        Raw(b"q" * (size - 28))
    return bytes(dgram)[:548]


def cmd_echo(iface, smac, xmac, src, dst, ident):
    started = threading.Event()

    def is_reply(p):
        return (p.haslayer(Ether) and p[Ether].src.lower() == xmac and p.haslayer(ICMP)
                and p[ICMP].type == 0 and p[ICMP].id == ident)

    sn = AsyncSniffer(iface=iface, lfilter=is_reply, store=True,
                      started_callback=started.set)
    sn.start()
    started.wait(10)
    sendp(Ether(src=smac, dst=eth_dst(dst, xmac)) /
          IP(src=src, dst=dst, ttl=64) / ICMP(type=8, id=ident, seq=1) / Raw(b"m" * 32),
          iface=iface)
    time.sleep(1.5)
    got = sn.stop()
    return "replies %d" % len(got or [])


def cmd_protounreach(iface, smac, xmac, proto, ident):
    started = threading.Event()

    def is_unreach(p):
        return (p.haslayer(Ether) and p[Ether].src.lower() == xmac and p.haslayer(ICMP)
                and p[ICMP].type == 3 and p[ICMP].code == 2
                and p[ICMP].haslayer(IPerror) and p[IPerror].id == ident
                and p[IPerror].proto == proto)

    sn = AsyncSniffer(iface=iface, lfilter=is_unreach, store=True,
                      started_callback=started.set)
    sn.start()
    started.wait(10)
    sendp(Ether(src=smac, dst=xmac) / IP(src=PEER, dst=XTCP, proto=proto, id=ident) /
          Raw(b"p" * 20), iface=iface)
    time.sleep(1.5)
    got = sn.stop()
    return "unreach %d" % len(got or [])


def cmd_error(iface, smac, xmac, dst, icmp, sport, dport, kind):
    sendp(Ether(src=smac, dst=eth_dst(dst, xmac)) / IP(src=PEER, dst=dst) / icmp /
          Raw(quote(sport, dport, kind)), iface=iface)
    return "sent"


def cmd_burst(n, port):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    # Arrival times from the kernel: python may read them much later.
    raw.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    raw.settimeout(0.2)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(n):
        udp.sendto(b"b", (XTCP, port + i))
    stamps = []
    last = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pkt, anc, _, _ = raw.recvmsg(2048, 64)
        except socket.timeout:
            # 3 s of silence after the first reply ends the count.
            if last and time.monotonic() - last > 3:
                break
            continue
        last = time.monotonic()
        ihl = (pkt[0] & 0x0f) * 4
        if socket.inet_ntoa(pkt[12:16]) != XTCP or pkt[ihl] != 3 or pkt[ihl + 1] != 3:
            continue
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", data[:16])
                stamps.append(sec + nsec / 1e9)
    span = max(stamps) - min(stamps) if stamps else 0.0
    return "got %d span %.4f" % (len(stamps), span)


def main():
    iface, xmac = sys.argv[1], sys.argv[2].lower()
    conf.verb = 0
    smac = get_if_hwaddr(iface)
    ident = 0x7100
    print("ready", flush=True)
    for line in sys.stdin:
        a = line.split()
        if not a:
            continue
        try:
            if a[0] == "echo":
                ident += 1
                out = cmd_echo(iface, smac, xmac, a[1], a[2], ident)
            elif a[0] == "fragneeded":
                out = cmd_error(iface, smac, xmac, XTCP,
                                ICMP(type=3, code=4, nexthopmtu=1200),
                                int(a[1]), int(a[2]), a[3])
            elif a[0] == "unreach":
                out = cmd_error(iface, smac, xmac, a[1], ICMP(type=3, code=3),
                                int(a[2]), int(a[3]), a[4])
            elif a[0] == "timeexceeded":
                out = cmd_error(iface, smac, xmac, a[1], ICMP(type=11, code=0),
                                int(a[2]), int(a[3]), a[4])
            elif a[0] == "protounreach":
                ident += 1
                out = cmd_protounreach(iface, smac, xmac, int(a[1]), ident)
            elif a[0] == "burst":
                out = cmd_burst(int(a[1]), int(a[2]))
            else:
                out = "error unknown command " + a[0]
        except Exception as e:  # noqa: BLE001 -- reported to the test
            out = "error %s" % e
        print(out, flush=True)


if __name__ == "__main__":
    main()
