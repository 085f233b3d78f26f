#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Many frames at xtcp from one process, for arp_test.sh.

    arp_flood.py requests IFACE TARGET_IP FIRST+N ...
        ARP requests for TARGET_IP, one from each of N senders counted up
        from FIRST (x.y.z.0 and x.y.z.255 are skipped), each sender with
        its own MAC address.
    arp_flood.py echo IFACE DST_MAC DST_IP FIRST+N ...
        one ICMP echo request to DST_IP from each of N source addresses.

Frames are built with struct and sent on an AF_PACKET socket: scapy takes
minutes for thousands of frames under emulation.
"""
import ipaddress
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def addresses(specs):
    for spec in specs:
        first, count = spec.split("+")
        ip = int(ipaddress.IPv4Address(first))
        n = 0
        while n < int(count):
            if ip & 0xff not in (0, 255):
                yield ip
                n += 1
            ip += 1


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def arp_request(ip, target):
    sha = b"\x02\x5a" + struct.pack("!I", ip)
    eth = b"\xff" * 6 + sha + b"\x08\x06"
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, sha,
                      struct.pack("!I", ip), b"\0" * 6, target)
    return eth + arp


def echo_request(smac, dmac, ip, dst, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4242, seq & 0xffff) + b"xtcp-arp"
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq & 0xffff,
                      0, 64, 1, 0, struct.pack("!I", ip), dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return dmac + smac + b"\x08\x00" + hdr + icmp


def main():
    mode, iface = sys.argv[1:3]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    smac = s.getsockname()[4]
    if mode == "requests":
        target = socket.inet_aton(sys.argv[3])
        frames = (arp_request(ip, target) for ip in addresses(sys.argv[4:]))
    elif mode == "echo":
        dmac = mac_bytes(sys.argv[3])
        dst = socket.inet_aton(sys.argv[4])
        frames = (echo_request(smac, dmac, ip, dst, i)
                  for i, ip in enumerate(addresses(sys.argv[5:])))
    else:
        sys.exit("unknown mode " + mode)
    sent = 0
    for frame in frames:
        s.send(frame)
        sent += 1
        # The receiver's backlog holds 1000 frames: let it drain.
        if sent % 50 == 0:
            time.sleep(0.02)
    print("sent %d %s" % (sent, mode))


if __name__ == "__main__":
    main()
