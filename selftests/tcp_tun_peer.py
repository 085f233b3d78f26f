#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A hand-driven TCP peer on a tun device that xtcp owns, for segments a
Linux peer cannot be made to send on cue.

Run inside xtcp's namespace, after xtcp has the device and an address:

    tcp_tun_peer.py DEV PEER_ADDR XTCP_ADDR XTCP_TCP

XTCP_TCP is the selftests' TCP tool; each case starts it as an AF_XTCP
server (a sink, or a sender), talks to it segment by segment from here,
and checks the bytes by sha256 against the tool's pattern. Segments are built
and parsed here by hand (tun_peer.py's helpers), independently of xtcp.

Prints one line per case: "ok NAME" or "not ok NAME: REASON".
"""
import collections
import hashlib
import os
import random
import select
import socket
import struct
import subprocess
import sys
import time

from tun_peer import CaseFailed, csum, ipv4, open_tun, parse_ipv4

PROTO_TCP = 6
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def pattern(size, seed=1):
    """The first @size bytes of xtcp_tcp's stream (see its header)."""
    base = seed * 0x9E3779B97F4A7C15
    words = (splitmix64((base + i) & M64).to_bytes(8, "little")
             for i in range((size + 7) // 8))
    return b"".join(words)[:size]


def counters():
    """Every counter of /proc/net/xtcp_snmp, by name; 0 for a name it
    lacks."""
    out, lines = {}, open("/proc/net/xtcp_snmp").read().split("\n")
    for names, values in zip(lines[::2], lines[1::2]):
        out.update(zip(names.split()[1:], map(int, values.split()[1:])))
    return collections.defaultdict(int, out)


class Conn:
    """One connection from PEER:sport to xtcp's server at XTCP:dport."""

    def __init__(self, fd, peer, me, sport, dport):
        self.fd, self.peer, self.me = fd, peer, me
        self.sport, self.dport = sport, dport
        self.iss = random.getrandbits(32)
        self.snd_nxt = self.iss
        self.rcv_nxt = 0
        self.acked_max = 0
        self.peer_fin = False
        self.ident = 1

    def send(self, flags, seq, payload=b"", opts=b"", win=65535):
        off = (20 + len(opts)) // 4
        ack = self.rcv_nxt if flags & ACK else 0
        hdr = struct.pack("!HHIIBBHHH", self.sport, self.dport, seq & M32,
                          ack, off << 4, flags, win, 0, 0) + opts
        seg = hdr + payload
        pseudo = struct.pack("!4s4sBBH", self.peer, self.me, 0, PROTO_TCP,
                             len(seg))
        seg = seg[:16] + struct.pack("!H", csum(pseudo + seg)) + seg[18:]
        self.ident += 1
        os.write(self.fd, ipv4(self.peer, self.me, PROTO_TCP, seg,
                               self.ident & 0xFFFF))

    def recv(self, timeout):
        """The next segment of this connection, or None after @timeout:
        (flags, seq, ack, window, payload)."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            if not select.select([self.fd], [], [], left)[0]:
                continue
            parsed = parse_ipv4(os.read(self.fd, 65536))
            if not parsed or parsed[2] != PROTO_TCP:
                continue
            src, dst, _, seg = parsed
            pseudo = struct.pack("!4s4sBBH", src, dst, 0, PROTO_TCP, len(seg))
            if csum(pseudo + seg):
                raise CaseFailed("bad TCP checksum from xtcp")
            sport, dport, seq, ack, off, flags, win = struct.unpack(
                "!HHIIBBH", seg[:16])
            if (sport, dport) != (self.dport, self.sport):
                continue
            return flags, seq, ack, win, seg[(off >> 4) * 4:]

    def open(self):
        """The handshake, up to xtcp's SYN-ACK; returns its window. The
        third segment is the caller's: a pure ACK, or data."""
        mss = struct.pack("!BBH", 2, 4, 1460)
        for _ in range(3):
            self.send(SYN, self.iss, opts=mss)
            got = self.recv(3.0)
            if got:
                break
        else:
            raise CaseFailed("no SYN-ACK to three SYNs")
        flags, seq, ack, win, _ = got
        if flags & (SYN | ACK | RST) != SYN | ACK or ack != (self.iss + 1) & M32:
            raise CaseFailed("SYN answered by flags %#x ack %u" % (flags, ack))
        self.rcv_nxt = (seq + 1) & M32
        self.snd_nxt = self.iss + 1
        return win

    def acked(self, timeout):
        """Bytes of our stream xtcp has acknowledged, after reading what
        it sends for @timeout seconds (at least one segment); None if
        nothing came."""
        best, end = None, time.monotonic() + timeout
        while True:
            got = self.recv(max(end - time.monotonic(), 0.0))
            if not got:
                return best
            flags, seq, ack, _, payload = got
            if flags & RST:
                raise CaseFailed("xtcp reset the connection")
            if flags & FIN and seq == self.rcv_nxt:
                self.rcv_nxt = (self.rcv_nxt + len(payload) + 1) & M32
                self.peer_fin = True
            if flags & ACK:
                n = (ack - self.iss - 1) & M32
                best = n if best is None else max(best, n)
                self.acked_max = max(self.acked_max, n)
            end = min(end, time.monotonic() + 0.05)

    def stream(self, data, start, win):
        """Send data[start:] in order, go-back-N, and FIN; returns when
        xtcp has acknowledged all of it and the FIN."""
        una, nxt, idle = start, start, 0
        while una < len(data) + 1:
            while nxt < min(len(data), una + win):
                seg = data[nxt:nxt + 1000]
                self.send(ACK | PSH, self.iss + 1 + nxt, seg)
                nxt += len(seg)
            if nxt == len(data) and una == len(data):
                self.send(ACK | FIN, self.iss + 1 + nxt)
            got = self.acked(0.5)
            if got is not None and got > una:
                una, idle = got, 0
                nxt = max(nxt, una)
                continue
            idle += 1
            if idle > 20:
                raise CaseFailed("xtcp acknowledged %d of %d bytes, then "
                                 "nothing for 10 s" % (una, len(data)))
            nxt = una  # go back N

    def finish(self, size):
        """After our FIN (following @size bytes) is acknowledged: wait for
        xtcp's FIN and acknowledge it, so no connection is left behind."""
        end = time.monotonic() + 10
        while not self.peer_fin:
            got = self.recv(end - time.monotonic())
            if not got:
                raise CaseFailed("xtcp sent no FIN after the server closed")
            if got[0] & FIN:
                self.rcv_nxt = (got[1] + len(got[4]) + 1) & M32
                self.peer_fin = True
        self.send(ACK, self.iss + 2 + size)


    def receive_all(self, data=b""):
        """Take what xtcp sends, in order, acknowledging it with a full
        window, until its FIN; returns @data with it appended."""
        end = time.monotonic() + 20
        while True:
            got = self.recv(end - time.monotonic())
            if not got:
                raise CaseFailed("xtcp stopped sending after %d bytes" %
                                 len(data))
            flags, seq, _, _, payload = got
            if flags & RST:
                raise CaseFailed("xtcp reset the connection")
            old = (self.rcv_nxt - seq) & M32
            if old < len(payload):
                # In order, or a resend that reaches past what came.
                payload = payload[old:]
                seq = self.rcv_nxt
            if seq == self.rcv_nxt:
                data += payload
                self.rcv_nxt = (self.rcv_nxt + len(payload)) & M32
                if flags & FIN:
                    self.rcv_nxt = (self.rcv_nxt + 1) & M32
                    self.peer_fin = True
            # Every segment, a window probe too, gets the ACK and window.
            self.send(ACK, self.snd_nxt)
            if self.peer_fin:
                return data

    def abort(self):
        """Reset the connection after a failed case, so that nothing of it
        stays behind in xtcp."""
        self.send(RST, self.iss + 1 + self.acked_max)


class Server:
    """xtcp_tcp as an AF_XTCP server on @port, in @mode."""

    def __init__(self, tool, port, mode="sink"):
        self.proc = subprocess.Popen(
            [tool, "-t", "30", "server", str(port), "-m", mode],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        if not line.startswith("listening on"):
            self.proc.kill()
            raise CaseFailed("xtcp_tcp server: %s" % line.strip())

    def result(self, data, word="recv"):
        """Check that the server read (or, with @word "sent", sent)
        exactly @data."""
        try:
            out, err = self.proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise CaseFailed("the server did not finish") from None
        want = "%s %d sha256 %s" % (word, len(data),
                                      hashlib.sha256(data).hexdigest())
        if self.proc.returncode or want not in out:
            raise CaseFailed("server read %r (exit %d, %s); want %r" %
                             (out.strip(), self.proc.returncode,
                              err.strip().replace("\n", "; "), want))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def case_data_completes_open(conn, tool):
    """The handshake's last ACK is lost and the first data segment, which
    carries the same ACK, completes the passive open. Its data must be
    the first bytes the reader gets (a defect once started the reader
    after it)."""
    data = pattern(30000)
    server = Server(tool, conn.dport)
    try:
        win = conn.open()
        conn.send(ACK | PSH, conn.snd_nxt, data[:1000])
        got = conn.acked(3.0)
        if got != 1000:
            raise CaseFailed("the data on the opening ACK was acknowledged "
                             "to %s, not 1000" % got)
        conn.stream(data, 1000, win)
        server.result(data)
        conn.finish(len(data))
    finally:
        server.kill()


def case_hole_after_full_ofo(conn, tool):
    """Out-of-order data fills the receive buffer behind a hole. The
    segment that fills the hole must still get in (the out-of-order tail
    is pruned, as Linux's tcp_prune_ofo_queue() does); refusing it left
    the connection stuck forever, the reader having nothing to read."""
    data = pattern(200000)
    server = Server(tool, conn.dport)
    try:
        win = conn.open()
        conn.send(ACK, conn.snd_nxt)
        before = counters()
        # 100-byte segments cost far more buffer than their data: the
        # buffer fills well before the window does.
        for off in range(100, win - 100, 100):
            conn.send(ACK, conn.snd_nxt + off, data[off:off + 100])
            if off % 3000 == 0:
                conn.acked(0.01)
        conn.acked(0.5)
        mid = counters()
        refused = sum(mid[n] - before[n] for n in ("TcpExtTCPOFODrop",
                                                   "TcpExtTCPRcvQDrop"))
        if not refused:
            raise CaseFailed("no out-of-order data was refused (TCPOFODrop "
                             "and TCPRcvQDrop +0): the buffer never filled")
        for _ in range(3):
            conn.send(ACK | PSH, conn.snd_nxt, data[:100])
            got = conn.acked(1.0)
            if got is not None and got >= 100:
                break
        else:
            after = counters()
            raise CaseFailed(
                "the segment filling the hole was refused three times "
                "(ACK stays at %s; TCPRcvQDrop +%d, OfoPruned +%d)" %
                (got, after["TcpExtTCPRcvQDrop"] - mid["TcpExtTCPRcvQDrop"],
                 after["TcpExtOfoPruned"] - mid["TcpExtOfoPruned"]))
        after = counters()
        for name in ("TcpExtPruneCalled", "TcpExtOfoPruned"):
            if after[name] <= mid[name]:
                raise CaseFailed("%s +0" % name)
        conn.stream(data, got, win)
        server.result(data)
        conn.finish(len(data))
    finally:
        server.kill()


def case_window_closes_after_hole(conn, tool):
    """xtcp sends; this peer acknowledges part of it with out-of-order
    data of its own (SND.WL1 moves past a hole), then fills the hole with
    a segment that acknowledges a little more and closes its window.
    That window must be taken though the segment's SEQ is older
    (tcp_may_update_window()): xtcp sends nothing more. And the ACK of
    this peer's data must carry a SEQ inside the closed window, the
    window's edge, not SND.NXT past it (tcp_acceptable_seq()): a peer
    that finds it outside drops it with its ACK. Both defects together
    once stalled an echo through Linux for good."""
    data = pattern(20000)
    server = Server(tool, conn.dport, "send:%d" % len(data))
    try:
        conn.open()
        irs1 = conn.rcv_nxt
        conn.send(ACK, conn.snd_nxt, win=4000)
        got = b""
        end = time.monotonic() + 1.0
        while len(got) < 4000 and time.monotonic() < end:
            seg = conn.recv(end - time.monotonic())
            if seg and seg[1] == conn.rcv_nxt and seg[4]:
                got += seg[4]
                conn.rcv_nxt = (conn.rcv_nxt + len(seg[4])) & M32
        if len(got) < 2000:
            raise CaseFailed("xtcp sent %d bytes into a 4000-byte window" %
                             len(got))
        sent = len(got)
        # Ours after a 100-byte hole, acking 500 of xtcp's; window 8000.
        conn.rcv_nxt = (irs1 + 500) & M32
        conn.send(ACK | PSH, conn.snd_nxt + 100, b"o" * 50, win=8000)
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            seg = conn.recv(end - time.monotonic())
            if seg and seg[4]:
                sent = max(sent, (seg[1] - irs1 + len(seg[4])) & M32)
        # The hole filled, 1000 of xtcp's acked, window closed.
        conn.rcv_nxt = (irs1 + 1000) & M32
        conn.send(ACK | PSH, conn.snd_nxt, b"i" * 100, win=0)
        edge = (irs1 + 1000) & M32
        ack_seq, end = None, time.monotonic() + 0.6
        while time.monotonic() < end:
            seg = conn.recv(end - time.monotonic())
            if not seg:
                continue
            flags, seq, ack, _, payload = seg
            # A retransmission may probe a shrunk window, as Linux's
            # does; new data may not go.
            if payload and ((seq - irs1) & M32) + len(payload) > sent:
                raise CaseFailed("xtcp sent new data (%d bytes at %d, "
                                 "after %d) into a closed window" %
                                 (len(payload), (seq - irs1) & M32, sent))
            if flags & ACK and ack == (conn.snd_nxt + 150) & M32:
                ack_seq = seq
        if ack_seq is None:
            raise CaseFailed("no ACK of the 150 bytes that filled the hole")
        if ack_seq != edge:
            raise CaseFailed("the ACK carries SEQ %d, outside the closed "
                             "window (edge %d, xtcp sent up to %d)" %
                             ((ack_seq - irs1) & M32, 1000, sent))
        # Open the window again: the whole stream must still arrive.
        conn.snd_nxt += 150
        conn.rcv_nxt = (irs1 + 1000) & M32
        conn.send(ACK, conn.snd_nxt)
        rest = conn.receive_all()
        if data[:1000] + rest != data:
            raise CaseFailed("the stream differs after the window opened "
                             "(%d bytes)" % (1000 + len(rest)))
        conn.send(ACK | FIN, conn.snd_nxt)
        conn.snd_nxt += 1
        server.result(data, "sent")
    finally:
        server.kill()


def main():
    dev, peer, me, tool = sys.argv[1:5]
    peer, me = socket.inet_aton(peer), socket.inet_aton(me)
    fd = open_tun(dev)
    cases = [
        ("TCP over tun, data on the ACK that completes a passive open is "
         "read first, 30 KB by sha256", case_data_completes_open),
        ("TCP over tun, a hole is filled after out-of-order data fills the "
         "buffer (OfoPruned), 200 KB by sha256", case_hole_after_full_ofo),
        ("TCP over tun, a window closed by the segment that fills a hole "
         "is taken, and xtcp's ACK stays inside it, 20 KB by sha256",
         case_window_closes_after_hole),
    ]
    failed = 0
    for i, (name, run) in enumerate(cases):
        conn = Conn(fd, peer, me, 40000 + i, 7300 + i)
        try:
            run(conn, tool)
            print("ok %s" % name, flush=True)
        except Exception as exc:  # pylint: disable=broad-except
            failed += 1
            print("not ok %s: %s: %s" % (name, type(exc).__name__, exc),
                  flush=True)
            conn.abort()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
