#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one kind of malformed frame at xtcp, with scapy.

    malformed.py IFACE DST_MAC SRC_IP DST_IP CASE

Cases: bad_csum, short_header, bad_ihl, long_totlen, bogus_arp,
frag_overlap, frag_bomb.
"""
import sys
import logging

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, get_if_hwaddr, sendp  # noqa: E402


def main():
    iface, dmac, src, dst, case = sys.argv[1:6]
    conf.verb = 0
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
        # Thousands of first fragments that never complete.
        for i in range(3000):
            frames.append(eth / IP(src=src, dst=dst, id=i, flags="MF", frag=0, proto=17) /
                          Raw(b"B" * 1024))
    else:
        sys.exit("unknown case " + case)
    sendp(frames, iface=iface)
    print("sent %d frame(s): %s" % (len(frames), case))


if __name__ == "__main__":
    main()
