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
# Option kinds (RFC 9293, RFC 7323, RFC 2018)
OPT_MSS, OPT_WS, OPT_SACK_PERM, OPT_SACK, OPT_TS = 2, 3, 4, 5, 8
# Linux's tcp_invalid_ratelimit: one out-of-window or challenge ACK per
# connection per 500 ms. Probes that each want an answer wait this long.
OOW_GAP = 0.6


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


def opt_mss(mss):
    return struct.pack("!BBH", OPT_MSS, 4, mss)


def opt_ts(tsval, tsecr):
    """NOP, NOP, timestamps: the 12 aligned bytes Linux sends."""
    return struct.pack("!BBBBII", 1, 1, OPT_TS, 10, tsval & M32, tsecr)


def parse_opts(raw):
    """The options of a segment, by kind: the MSS, the shift, True for
    SACK-permitted, (TSval, TSecr), the raw bytes of any other."""
    sizes = {OPT_MSS: 2, OPT_WS: 1, OPT_SACK_PERM: 0, OPT_TS: 8}
    out, i = {}, 0
    while i < len(raw) and raw[i] != 0:
        kind = raw[i]
        if kind == 1:
            i += 1
            continue
        if i + 2 > len(raw) or raw[i + 1] < 2 or i + raw[i + 1] > len(raw):
            raise CaseFailed("malformed TCP options from xtcp: %s" %
                             raw.hex())
        body = raw[i + 2:i + raw[i + 1]]
        i += raw[i + 1]
        if kind in sizes and len(body) != sizes[kind]:
            raise CaseFailed("option %d of length %d from xtcp" %
                             (kind, len(body) + 2))
        if kind in out:
            raise CaseFailed("option %d twice from xtcp" % kind)
        if kind == OPT_MSS:
            out[kind] = struct.unpack("!H", body)[0]
        elif kind == OPT_WS:
            out[kind] = body[0]
        elif kind == OPT_SACK_PERM:
            out[kind] = True
        elif kind == OPT_TS:
            out[kind] = struct.unpack("!II", body)
        else:
            out[kind] = body
    return out


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
        # With timestamps on, send() adds them: TSval counts up from here.
        self.ts_on = False
        self.tsval = random.getrandbits(31)
        self.ts_recent = 0
        # Every segment recv() returned: (flags, seq, payload length,
        # options by kind); and the window of the last.
        self.log = []
        self.last_win = 0

    def send(self, flags, seq, payload=b"", opts=b"", win=65535, ack=None):
        """One segment; its ACK field is RCV.NXT unless @ack says."""
        if self.ts_on and not opts:
            self.tsval = (self.tsval + 1) & M32
            opts = opt_ts(self.tsval, self.ts_recent)
        off = (20 + len(opts)) // 4
        if ack is None:
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
            opts = parse_opts(seg[20:(off >> 4) * 4])
            if OPT_TS in opts:
                self.ts_recent = opts[OPT_TS][0]
            payload = seg[(off >> 4) * 4:]
            if flags & ACK:
                self.acked_max = max(self.acked_max,
                                     (ack - self.iss - 1) & M32)
            self.log.append((flags, seq, len(payload), opts))
            self.last_win = win
            return flags, seq, ack, win, payload

    def expect(self, what, timeout=1.0):
        """The next segment, which must come within @timeout."""
        got = self.recv(timeout)
        if not got:
            raise CaseFailed("no answer to %s in %.1f s" % (what, timeout))
        return got

    def expect_ack(self, what, ack, timeout=1.0):
        """The next segment must be a pure ACK <SEQ=SND.NXT><ACK=@ack>
        (SND.NXT is this peer's RCV.NXT)."""
        flags, seq, got, _, payload = self.expect(what, timeout)
        if (flags, seq, got, len(payload)) != (ACK, self.rcv_nxt, ack & M32,
                                               0):
            raise CaseFailed(
                "%s answered by flags %#x seq %+d ack %+d, %d bytes; want "
                "a pure ACK seq +0 ack %+d" %
                (what, flags, (seq - self.rcv_nxt) & M32,
                 (got - self.iss - 1) & M32, len(payload),
                 (ack - self.iss - 1) & M32))

    def expect_silence(self, what, timeout):
        """Nothing may come for @timeout seconds."""
        got = self.recv(timeout)
        if got:
            raise CaseFailed("%s answered by flags %#x seq %+d ack %+d, %d "
                             "bytes; want no answer" %
                             (what, got[0], (got[1] - self.rcv_nxt) & M32,
                              (got[2] - self.iss - 1) & M32, len(got[4])))

    def quiet(self, timeout=0.3):
        """Read what xtcp sends until it is quiet for @timeout seconds."""
        while self.recv(timeout):
            pass

    def open(self, opts=None):
        """The handshake, up to xtcp's SYN-ACK, whose options are then in
        self.log[-1]; returns its window. The SYN carries @opts, MSS 1460
        if None. The third segment is the caller's: a pure ACK, or data."""
        if opts is None:
            opts = opt_mss(1460)
        for _ in range(3):
            self.send(SYN, self.iss, opts=opts)
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

    def failed(self, errname):
        """Check that the server failed on its socket with @errname."""
        try:
            out, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise CaseFailed("the server did not fail (it still reads)") \
                from None
        if not self.proc.returncode or errname not in err:
            raise CaseFailed("server exit %d, %r %r; want an %s" %
                             (self.proc.returncode, out.strip(),
                              err.strip(), errname))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def synchronized(conn, data, size=1000):
    """Complete the handshake and send the first @size bytes of @data;
    returns xtcp's window once it has acknowledged them and gone quiet.
    No options but MSS 1460: windows are not scaled."""
    win = conn.open()
    conn.send(ACK, conn.snd_nxt)
    conn.send(ACK | PSH, conn.snd_nxt, data[:size])
    end = time.monotonic() + 3.0
    while conn.acked_max < size:
        if time.monotonic() > end:
            raise CaseFailed("the first %d bytes were acknowledged to %d" %
                             (size, conn.acked_max))
        conn.acked(0.3)
    conn.quiet()
    conn.snd_nxt += size
    return win


def case_closed_port(conn, _tool):
    """No socket on the port (RFC 9293 3.10.7.1, tcp_v4_send_reset()):
    a SYN gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, its data counted
    in SEG.LEN; a segment with an ACK gets <SEQ=SEG.ACK><CTL=RST>, no ACK
    bit; an RST gets nothing. Each RST's window is 0, and each counts in
    TcpOutRsts, each segment in XtcpDrop TcpNoSocket."""
    before = counters()
    iss = conn.iss
    for what, payload in (("a SYN", b""), ("a SYN with 20 bytes", b"s" * 20)):
        conn.send(SYN, iss, payload, opts=opt_mss(1460))
        flags, seq, ack, win, got = conn.expect(what + " to a closed port")
        if (flags, seq, ack, win, got) != (RST | ACK, 0,
                                           (iss + 1 + len(payload)) & M32,
                                           0, b""):
            raise CaseFailed("%s answered by flags %#x seq %u ack %+d win %d,"
                             " %d bytes; want RST|ACK seq 0 ack %+d win 0" %
                             (what, flags, seq, (ack - iss) & M32, win,
                              len(got), 1 + len(payload)))
    conn.rcv_nxt = random.getrandbits(32)
    conn.send(ACK | PSH, iss + 1, b"a" * 10)
    flags, seq, _, win, got = conn.expect("data with an ACK to a closed port")
    if (flags, seq, win, got) != (RST, conn.rcv_nxt, 0, b""):
        raise CaseFailed("an ACK <ACK=%u> answered by flags %#x seq %u win "
                         "%d; want RST (no ACK bit) seq %u win 0" %
                         (conn.rcv_nxt, flags, seq, win, conn.rcv_nxt))
    conn.send(RST, iss + 1)
    conn.send(RST | ACK, iss + 1)
    conn.expect_silence("an RST to a closed port", 0.5)
    after = counters()
    for name, want in (("TcpOutRsts", 3), ("TcpNoSocket", 5)):
        if after[name] - before[name] != want:
            raise CaseFailed("%s +%d, want +%d" %
                             (name, after[name] - before[name], want))


def check_sender(conn, data, server, mss, tsval0):
    """Take the stream a send:N server writes, then FIN; every segment
    xtcp sent after its SYN-ACK carries at most @mss bytes, and at least
    one @mss exactly. With @tsval0, our SYN's TSval, each carries
    timestamps echoing one of ours, and its TSval never goes back;
    without, none carries timestamps."""
    first = len(conn.log)
    conn.send(ACK, conn.snd_nxt)
    got = conn.receive_all()
    if got != data:
        raise CaseFailed("received %d bytes, not the %d sent" %
                         (len(got), len(data)))
    sizes = [n for _, _, n, _ in conn.log[first:]]
    if max(sizes) != mss:
        raise CaseFailed("xtcp's largest segment carries %d bytes, not %d" %
                         (max(sizes), mss))
    last = None
    for flags, _, size, opts in conn.log[first:]:
        if tsval0 is None:
            if OPT_TS in opts:
                raise CaseFailed("timestamps on a segment of a connection "
                                 "without them")
            continue
        if OPT_TS not in opts:
            raise CaseFailed("a segment (flags %#x, %d bytes) without the "
                             "negotiated timestamps" % (flags, size))
        tsval, tsecr = opts[OPT_TS]
        if last is not None and (tsval - last) & M32 >= 1 << 31:
            raise CaseFailed("xtcp's TSval went back, %u after %u" %
                             (tsval, last))
        last = tsval
        if not tsval0 <= tsecr <= conn.tsval:
            raise CaseFailed("TSecr %u echoes no TSval of ours (%u..%u)" %
                             (tsecr, tsval0, conn.tsval))
    # Linux 6.1 takes a segment without timestamps on a connection with
    # them (tcp_validate_incoming() applies PAWS only to those that carry
    # one); so does xtcp: the server finishes only if this FIN counts.
    conn.ts_on = False
    conn.send(ACK | FIN, conn.snd_nxt)
    conn.snd_nxt += 1
    server.result(data, "sent")


def case_options_all(conn, tool):
    """A SYN with MSS 1000, SACK-permitted, timestamps and window scale 3,
    as Linux lays them out: the SYN-ACK carries MSS 1460 (a 1500-byte tun),
    SACK-permitted, window scale 7 (Linux's for its default tcp_rmem) and
    timestamps whose TSecr is our TSval (tcp_synack_options()); its window
    is 65160, Linux's (64 KB of a 128 KB buffer, rounded down to whole
    segments of 1460 less 12 bytes of timestamps). xtcp's data then comes
    in segments of 1000 less the 12 bytes of timestamps, 988, each
    carrying timestamps."""
    data = pattern(20000)
    server = Server(tool, conn.dport, "send:%d" % len(data))
    try:
        tsval = conn.tsval
        syn = (opt_mss(1000) + struct.pack("!BB", OPT_SACK_PERM, 2) +
               struct.pack("!BBII", OPT_TS, 10, tsval, 0) +
               struct.pack("!BBBB", 1, OPT_WS, 3, 3))
        win = conn.open(syn)
        opts = conn.log[-1][3]
        want = {OPT_MSS: 1460, OPT_SACK_PERM: True, OPT_WS: 7}
        for kind, val in want.items():
            if opts.get(kind) != val:
                raise CaseFailed("SYN-ACK option %d is %r, not %r (options "
                                 "%r)" % (kind, opts.get(kind), val, opts))
        if OPT_TS not in opts or opts[OPT_TS][1] != tsval:
            raise CaseFailed("SYN-ACK timestamps %r do not echo TSval %u" %
                             (opts.get(OPT_TS), tsval))
        if len(opts) != 4:
            raise CaseFailed("SYN-ACK options %r, want exactly MSS, SACK-"
                             "permitted, timestamps and window scale" % opts)
        if win != 65160:
            raise CaseFailed("SYN-ACK window %d, not Linux's 65160" % win)
        conn.ts_on = True
        check_sender(conn, data, server, 988, tsval)
    finally:
        server.kill()


def case_options_none(conn, tool):
    """A SYN without options: the SYN-ACK carries MSS 1460 and nothing
    else (no window scale, SACK or timestamps without the SYN's), its
    window 64240 (Linux's: 64 KB rounded down to segments of 1460), and
    xtcp's data comes in segments of RFC 9293's default MSS, 536, without
    timestamps."""
    data = pattern(10000)
    server = Server(tool, conn.dport, "send:%d" % len(data))
    try:
        win = conn.open(b"")
        opts = conn.log[-1][3]
        if opts != {OPT_MSS: 1460}:
            raise CaseFailed("SYN-ACK options %r, want only MSS 1460" % opts)
        if win != 64240:
            raise CaseFailed("SYN-ACK window %d, not Linux's 64240" % win)
        check_sender(conn, data, server, 536, None)
    finally:
        server.kill()


def finish_stream(conn, server, data, start, win):
    """The rest of @data from @start, FIN, and the server's sha256: the
    connection survived, and nothing a probe sent got into the stream."""
    conn.stream(data, start, win)
    server.result(data)
    conn.finish(len(data))


def case_out_of_window_data(conn, tool):
    """In ESTABLISHED (RFC 9293 3.10.7.4 first check, tcp_sequence(),
    tcp_send_dupack()): data past RCV.NXT + RCV.WND, and data wholly below
    RCV.NXT (an old duplicate), are each answered at once by a pure ACK of
    RCV.NXT; such data is not rate limited, so two in a row get two ACKs.
    A segment partly below RCV.NXT has its new part taken. A pure ACK out
    of the window is answered once per 500 ms (tcp_oow_rate_limited()):
    a second at once gets nothing, a third 0.6 s later an ACK. The probes'
    bytes differ from the stream's, so the server's sha256 shows none of
    them got in."""
    data = pattern(20000)
    server = Server(tool, conn.dport)
    try:
        win = synchronized(conn, data)
        nxt = conn.snd_nxt
        for i in range(2):
            # The window of xtcp's last ACK, which sets RCV.WND.
            conn.send(ACK | PSH, nxt + conn.last_win + 1000 * i, b"w" * 500)
            conn.expect_ack("data past the window (%d)" % (i + 1), nxt)
        for i in range(2):
            conn.send(ACK | PSH, nxt - 1000, b"o" * 1000)
            conn.expect_ack("an old duplicate (%d)" % (i + 1), nxt)
        conn.send(ACK | PSH, nxt - 500, b"o" * 500 + data[1000:1500])
        if conn.acked(1.0) != 1500:
            raise CaseFailed("a segment half old was acknowledged to %d, "
                             "not 1500" % conn.acked_max)
        conn.quiet()
        nxt = conn.snd_nxt = nxt + 500
        edge = nxt + conn.last_win
        time.sleep(OOW_GAP)
        conn.send(ACK, edge + 100)
        conn.expect_ack("a pure ACK past the window", nxt)
        conn.send(ACK, edge + 100)
        conn.expect_silence("a second pure ACK past the window at once",
                            0.3)
        time.sleep(OOW_GAP)
        conn.send(ACK, edge + 100)
        conn.expect_ack("a pure ACK past the window 0.6 s later", nxt)
        finish_stream(conn, server, data, 1500, win)
    finally:
        server.kill()


def case_rst_in_window(conn, tool):
    """In ESTABLISHED (RFC 5961 3.2, tcp_validate_incoming()): an RST in
    the window but not at RCV.NXT gets a challenge ACK <SEQ=SND.NXT>
    <ACK=RCV.NXT>; so does one at the window's right edge, RCV.NXT +
    RCV.WND, which Linux's tcp_sequence() still takes for a segment
    without text (TcpExtTCPChallengeACK +2). An RST past that edge, or
    below RCV.NXT, gets nothing. Each probe comes 0.6 s after the last,
    so that no rate limit hides an answer. The connection stays up: the
    stream completes byte-exact, and no reset is counted."""
    data = pattern(20000)
    server = Server(tool, conn.dport)
    try:
        win = synchronized(conn, data)
        nxt = conn.snd_nxt
        before = counters()
        for what, at_edge, off, challenged in (
                ("in the window, not at RCV.NXT", False, 100, True),
                ("at the window's right edge", True, 0, True),
                ("just past the window's right edge", True, 1, False),
                ("far past the window", True, 100000, False),
                ("below RCV.NXT", False, -1, False)):
            # The edge of the window xtcp last advertised, RCV.WND's.
            conn.send(RST, nxt + off + (conn.last_win if at_edge else 0))
            if challenged:
                conn.expect_ack("an RST " + what, nxt)
            else:
                conn.expect_silence("an RST " + what, 0.3)
            time.sleep(OOW_GAP)
        after = counters()
        for name, want in (("TcpExtTCPChallengeACK", 2),
                           ("TcpEstabResets", 0)):
            if after[name] - before[name] != want:
                raise CaseFailed("%s +%d, want +%d" %
                                 (name, after[name] - before[name], want))
        finish_stream(conn, server, data, 1000, win)
    finally:
        server.kill()


def case_rst_exact(conn, tool):
    """In ESTABLISHED, an RST at exactly RCV.NXT resets the connection
    (RFC 5961 3.2), silently: the reading server fails with ECONNRESET,
    TcpEstabResets counts it, and the next segment of the connection is
    answered as one for no socket, <SEQ=SEG.ACK><CTL=RST>."""
    data = pattern(5000)
    server = Server(tool, conn.dport)
    try:
        synchronized(conn, data)
        before = counters()
        conn.send(RST, conn.snd_nxt)
        conn.expect_silence("an RST at RCV.NXT", 0.3)
        server.failed("ECONNRESET")
        resets = counters()["TcpEstabResets"] - before["TcpEstabResets"]
        if resets != 1:
            raise CaseFailed("TcpEstabResets +%d, want +1" % resets)
        conn.send(ACK | PSH, conn.snd_nxt, data[1000:2000])
        flags, seq, _, _, _ = conn.expect("data after the reset")
        if (flags, seq) != (RST, conn.rcv_nxt):
            raise CaseFailed("data after the reset answered by flags %#x "
                             "seq %+d; want RST seq +0" %
                             (flags, (seq - conn.rcv_nxt) & M32))
    finally:
        server.kill()


def case_syn_challenge(conn, tool):
    """In ESTABLISHED, a SYN gets a challenge ACK whatever its sequence
    number (RFC 5961 4.2, tcp_validate_incoming()'s syn_challenge): one at
    RCV.NXT, one at the peer's old ISS, out of the window. Challenge ACKs
    share the per-connection 500 ms limit: of two SYNs at once the second
    gets nothing. TcpExtTCPChallengeACK +3, and the stream completes."""
    data = pattern(20000)
    server = Server(tool, conn.dport)
    try:
        win = synchronized(conn, data)
        nxt = conn.snd_nxt
        before = counters()
        conn.send(SYN, nxt, opts=opt_mss(1460))
        conn.expect_ack("a SYN at RCV.NXT", nxt)
        time.sleep(OOW_GAP)
        conn.send(SYN, conn.iss, opts=opt_mss(1460))
        conn.expect_ack("a SYN at the old ISS", nxt)
        time.sleep(OOW_GAP)
        conn.send(SYN, nxt + 10, opts=opt_mss(1460))
        conn.send(SYN, nxt + 20, opts=opt_mss(1460))
        conn.expect_ack("two SYNs at once", nxt)
        conn.expect_silence("the second of two SYNs at once", 0.3)
        n = counters()["TcpExtTCPChallengeACK"] - \
            before["TcpExtTCPChallengeACK"]
        if n != 3:
            raise CaseFailed("TcpExtTCPChallengeACK +%d, want +3" % n)
        time.sleep(OOW_GAP)
        finish_stream(conn, server, data, 1000, win)
    finally:
        server.kill()


def case_ack_unacceptable(conn, tool):
    """In ESTABLISHED, data whose ACK is outside [SND.UNA - bytes acked,
    SND.NXT] (RFC 5961 5.2, as Linux bounds MAX.SND.WND by the bytes the
    peer has acked) is dropped with a challenge ACK, counted in
    TcpExtTCPChallengeACK: one acknowledging a byte never sent, and one
    below SND.UNA of a server that has sent nothing (Linux 6.1's
    tcp_ack(): "do not accept ACK for bytes we never sent"). 6.1 sends
    nothing for the first (SKB_DROP_REASON_TCP_ACK_UNSENT_DATA); Linux
    7.1 (42726ec644cb) and RFC 9293 send the ACK, and so does xtcp. The
    server's sha256 shows neither segment's data got in."""
    data = pattern(20000)
    server = Server(tool, conn.dport)
    try:
        win = synchronized(conn, data)
        nxt = conn.snd_nxt
        before = counters()
        conn.send(ACK | PSH, nxt, b"u" * 500, ack=conn.rcv_nxt + 1)
        conn.expect_ack("data acknowledging a byte never sent", nxt)
        time.sleep(OOW_GAP)
        conn.send(ACK | PSH, nxt, b"b" * 500, ack=conn.rcv_nxt - 1000)
        conn.expect_ack("data acknowledging below SND.UNA", nxt)
        n = counters()["TcpExtTCPChallengeACK"] - \
            before["TcpExtTCPChallengeACK"]
        if n != 2:
            raise CaseFailed("TcpExtTCPChallengeACK +%d, want +2" % n)
        finish_stream(conn, server, data, 1000, win)
    finally:
        server.kill()


def case_no_ack_bit(conn, tool):
    """In ESTABLISHED, a segment with neither ACK, SYN nor RST is dropped
    without an answer or a change (RFC 9293 fifth check): data at RCV.NXT
    is not taken, a FIN does not close. Linux drops it before its other
    checks (SKB_DROP_REASON_TCP_FLAGS), so data past the window gets no
    duplicate ACK either. The next data, at the same RCV.NXT, is
    acknowledged exactly, and the stream completes byte-exact."""
    data = pattern(20000)
    server = Server(tool, conn.dport)
    try:
        win = synchronized(conn, data)
        nxt = conn.snd_nxt
        conn.send(PSH, nxt, b"n" * 500)
        conn.expect_silence("data without an ACK", 0.5)
        conn.send(FIN, nxt)
        conn.expect_silence("a FIN without an ACK", 0.5)
        conn.send(PSH, nxt + 100000, b"p" * 500)
        conn.expect_silence("data without an ACK past the window", 0.5)
        conn.send(ACK | PSH, nxt, data[1000:2000])
        if conn.acked(1.0) != 2000:
            raise CaseFailed("the data after was acknowledged to %d, not "
                             "2000" % conn.acked_max)
        finish_stream(conn, server, data, 2000, win)
    finally:
        server.kill()


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
        ("TCP over tun, no socket: a SYN gets RST|ACK <SEQ=0><ACK=SEG.SEQ+"
         "SEG.LEN>, an ACK gets RST <SEQ=SEG.ACK>, an RST nothing",
         case_closed_port),
        ("TCP over tun, a SYN with MSS, SACK, TS, WS: the SYN-ACK's options "
         "and window, 988-byte segments with TS, 20 KB by sha256",
         case_options_all),
        ("TCP over tun, a SYN without options: MSS only in the SYN-ACK, "
         "536-byte segments, 10 KB by sha256", case_options_none),
        ("TCP over tun, data past the window and old duplicates get a "
         "dup ACK of RCV.NXT, pure ACKs rate limited, 20 KB by sha256",
         case_out_of_window_data),
        ("TCP over tun, an RST in the window gets a challenge ACK, one "
         "outside nothing; the connection stays, 20 KB by sha256",
         case_rst_in_window),
        ("TCP over tun, an RST at RCV.NXT resets: ECONNRESET, "
         "TcpEstabResets, then RST for its segments", case_rst_exact),
        ("TCP over tun, a SYN in ESTABLISHED gets a rate-limited challenge "
         "ACK, the connection stays, 20 KB by sha256", case_syn_challenge),
        ("TCP over tun, data acking unsent data, or below SND.UNA of "
         "nothing sent, gets a challenge ACK, 20 KB by sha256",
         case_ack_unacceptable),
        ("TCP over tun, data and FIN without the ACK bit are dropped "
         "silently, nothing changes, 20 KB by sha256", case_no_ack_bit),
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
