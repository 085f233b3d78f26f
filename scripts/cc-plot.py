#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot xtcp's congestion window from a trace capture.

    scripts/cc-plot.py -o OUT.png TRACE [TRACE ...]

Each TRACE is the output of scripts/guest/cc-trace.sh: lines "TIME
xtcp_tcp_probe: ... cwnd=N ssthresh=N ... ca=STATE" (one per ACK) and
"TIME xtcp_tcp_retransmit: ... reason=rto|fast|sack". Each becomes one panel:
cwnd and ssthresh (in segments) over time, with fast retransmits and
timeouts marked. Several traces stack into one picture, one panel each,
on the same time axis. gnuplot (apt: gnuplot-nox) draws the PNG.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROBE = re.compile(r"^([0-9.]+) xtcp_tcp_probe: .* cwnd=(\d+) ssthresh=(\d+) "
                   r".* ca=(\w+)")
RETRANS = re.compile(r"^([0-9.]+) xtcp_tcp_retransmit: .* reason=(\w+)")
HEADER = re.compile(r"^# algorithm (\S+), netem (.*)$")
INFINITE = 0x7fffffff


def parse(path):
    """The samples, retransmissions and title of one capture."""
    probes, rtx, title = [], [], os.path.basename(path)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                title = f"{m.group(1)} (netem {m.group(2)})"
                continue
            m = PROBE.match(line)
            if m:
                probes.append((float(m.group(1)), int(m.group(2)),
                               int(m.group(3)), m.group(4)))
                continue
            m = RETRANS.match(line)
            if m:
                rtx.append((float(m.group(1)), m.group(2)))
    if not probes:
        sys.exit(f"cc-plot: {path}: no xtcp_tcp_probe events")
    return probes, rtx, title


def cwnd_at(probes, t):
    """The window just before time t."""
    w = probes[0][1]
    for pt, cwnd, _, _ in probes:
        if pt > t:
            break
        w = cwnd
    return w


def write_data(tmp, i, probes, rtx, t0):
    """Three data files per panel: samples, fast retransmits, timeouts."""
    names = []
    with open(os.path.join(tmp, f"p{i}.dat"), "w", encoding="utf-8") as f:
        for t, cwnd, ssthresh, _ in probes:
            ss = "NaN" if ssthresh >= INFINITE else ssthresh
            f.write(f"{t - t0:.6f} {cwnd} {ss}\n")
    names.append(f"p{i}.dat")
    for reason in ("fast", "rto"):
        name = f"r{i}{reason}.dat"
        last = None
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            for t, why in rtx:
                # One mark per event, not per segment a go-back resends.
                # A SACK-driven resend (RFC 6675) is a fast one too.
                why = "fast" if why == "sack" else why
                if why != reason or (last is not None and t - last < 0.01):
                    continue
                last = t
                f.write(f"{t - t0:.6f} {cwnd_at(probes, t)}\n")
            f.write("NaN NaN\n")
        names.append(name)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True, help="PNG to write")
    ap.add_argument("--width", type=int, default=900)
    ap.add_argument("traces", nargs="+")
    args = ap.parse_args()
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        sys.exit("cc-plot: gnuplot not found (apt install gnuplot-nox)")

    panels = [parse(p) for p in args.traces]
    span = max(p[0][-1][0] - p[0][0][0] for p in panels)
    ymax = max(max(s[1] for s in p[0]) for p in panels) * 1.15
    height = 260 * len(panels) + 40
    with tempfile.TemporaryDirectory() as tmp:
        script = [
            f"set terminal pngcairo size {args.width},{height} font 'sans,9'",
            f"set output '{os.path.abspath(args.output)}'",
            f"set multiplot layout {len(panels)},1",
            f"set xrange [0:{span:.3f}]",
            f"set yrange [0:{ymax:.0f}]",
            "set ylabel 'segments'",
            "set key top left",
            "set grid",
        ]
        for i, (probes, rtx, title) in enumerate(panels):
            t0 = probes[0][0]
            dat, fast, rto = write_data(tmp, i, probes, rtx, t0)
            script += [
                f"set title '{title}'",
                "set xlabel 'seconds'" if i == len(panels) - 1
                else "unset xlabel",
                f"plot '{tmp}/{dat}' using 1:2 with steps lw 1.5 "
                "lc rgb '#1f77b4' title 'cwnd', "
                f"'{tmp}/{dat}' using 1:3 with steps lw 1 dt 2 "
                "lc rgb '#2ca02c' title 'ssthresh', "
                f"'{tmp}/{fast}' using 1:2 with points pt 9 ps 1.2 "
                "lc rgb '#ff7f0e' title 'fast retransmit', "
                f"'{tmp}/{rto}' using 1:2 with points pt 2 ps 1.5 "
                "lc rgb '#d62728' title 'timeout'",
            ]
        script.append("unset multiplot")
        res = subprocess.run([gnuplot], input="\n".join(script) + "\n",
                             text=True, capture_output=True, check=False)
        if res.returncode:
            sys.exit(f"cc-plot: gnuplot failed: {res.stderr.strip()}")
    print(f"cc-plot: wrote {args.output} ({len(panels)} panels)")


if __name__ == "__main__":
    main()
