#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one kind of malformed frame at xtcp, with scapy.

    malformed.py IFACE DST_MAC SRC_IP DST_IP CASE
    malformed.py IFACE DST_MAC SRC_IP DST_IP serve

Cases: bad_csum, short_header, bad_ihl, long_totlen, bogus_arp,
frag_overlap, frag_bomb. With "serve" it prints "ready", then reads one
case a line on stdin and answers each with one line (scapy takes seconds
to start under emulation: one process serves a whole test).
"""
import logging
import socket
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, get_if_hwaddr, sendp  # noqa: E402


def ipv4_csum(hdr):
    total = sum(struct.unpack("!%dH" % (len(hdr) // 2), hdr))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def send_case(iface, dmac, src, dst, case):
    """Send CASE's frames; return the line that reports it."""
    smac = get_if_hwaddr(iface)
    eth = Ether(src=smac, dst=dmac)
    frames = []
    if case == "bad_csum":
        frames.append(eth / IP(src=src, dst=dst, chksum=0x1234) / ICMP())
    elif case == "short_header":
        # An IPv4 ethertype with 10 bytes of header.
        frames.append(Ether(src=smac, dst=dmac, type=0x0800) / Raw(b"\x45" + b"\x00" * 9))
    elif case == "bad_ihl":
        frames.append(eth / IP(src=src, dst=dst, ihl=4) / ICMP())
        frames.append(eth / IP(src=src, dst=dst, ihl=15) / ICMP())
    elif case == "long_totlen":
        frames.append(eth / IP(src=src, dst=dst, len=1400) / ICMP() / Raw(b"x" * 8))
    elif case == "bogus_arp":
        frames.append(Ether(src=smac, dst="ff:ff:ff:ff:ff:ff") /
                      ARP(hwtype=6, op=1, hwsrc=smac, psrc=src, pdst=dst))
    elif case == "frag_overlap":
        payload = bytes(range(32))
        frames.append(eth / IP(src=src, dst=dst, id=4242, flags="MF", frag=0, proto=1) /
                      Raw(payload[:16]))
        frames.append(eth / IP(src=src, dst=dst, id=4242, flags="MF", frag=1, proto=1) /
                      Raw(payload[8:24]))
        frames.append(eth / IP(src=src, dst=dst, id=4242, frag=3, proto=1) /
                      Raw(payload[24:32]))
    elif case == "frag_bomb":
        # Thousands of first fragments that never complete. scapy is too
        # slow to build them one by one under emulation: patch the id and
        # header checksum of one template and send on a raw socket.
        tmpl = bytearray(bytes(eth / IP(src=src, dst=dst, id=0, flags="MF", frag=0,
                                        proto=17) / Raw(b"B" * 1400)))
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((iface, 0))
        for i in range(1, 2001):
            struct.pack_into("!H", tmpl, 14 + 4, i)
            struct.pack_into("!H", tmpl, 14 + 10, 0)
            struct.pack_into("!H", tmpl, 14 + 10, ipv4_csum(bytes(tmpl[14:34])))
            s.send(tmpl)
        s.close()
        return "sent 2000 frame(s): frag_bomb"
    else:
        return "unknown case " + case
    sendp(frames, iface=iface)
    return "sent %d frame(s): %s" % (len(frames), case)


def main():
    iface, dmac, src, dst, case = sys.argv[1:6]
    conf.verb = 0
    if case != "serve":
        line = send_case(iface, dmac, src, dst, case)
        if line.startswith("unknown"):
            sys.exit(line)
        print(line)
        return
    print("ready", flush=True)
    for line in sys.stdin:
        case = line.strip()
        try:
            out = send_case(iface, dmac, src, dst, case)
        except Exception as e:  # pylint: disable=broad-except
            out = "error: %s: %s" % (type(e).__name__, e)
        print(out, flush=True)


if __name__ == "__main__":
    main()
