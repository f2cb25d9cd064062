#!/usr/bin/env python3
"""Measures a terminal program the way a user meets it: in a pseudo-terminal.

  first-frame   time from exec to the first screen write that holds the
                frame (the marker text), median over N runs (targets P1)
  idle          CPU of the process over a quiet window, from /proc/PID/stat,
                as a percentage of one core, and the bytes it wrote to the
                terminal meanwhile (targets P6 and P7)

Examples (from the repository root):

  go build -o /tmp/virga ./cmd/virga
  bench/ttybench.py first-frame --runs 30 -- /tmp/virga --demo
  bench/ttybench.py idle --seconds 60 -- /tmp/virga --demo --demo-functions 10000

Only the Python standard library is used. Linux only (/proc).
"""

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time


def open_pty(cols, rows):
    """Returns a (master, slave) pair whose window is cols x rows."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return master, slave


def spawn(cmd, cols, rows, env):
    """Starts cmd on a new pseudo-terminal; returns (process, master fd)."""
    master, slave = open_pty(cols, rows)
    proc = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return proc, master


def stop(proc, master):
    """Ends the process group it started and closes the terminal."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    os.close(master)


def read_until(master, marker, deadline):
    """Reads the terminal until marker appears; returns (first byte, marker)
    times from perf_counter, or None for one that did not come by deadline."""
    buf = b""
    first_byte = None
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            return first_byte, None
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return first_byte, None
        now = time.perf_counter()
        if not chunk:
            return first_byte, None
        if first_byte is None:
            first_byte = now
        buf += chunk
        if marker in buf:
            return first_byte, now


def terminal_env(cols, rows):
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
    return env


def first_frame(args, cmd):
    cols, rows = args.size
    env = terminal_env(cols, rows)
    marker = args.marker.encode()
    frames, bytes_ = [], []
    for i in range(args.warmup + args.runs):
        start = time.perf_counter()
        proc, master = spawn(cmd, cols, rows, env)
        try:
            fb, frame = read_until(master, marker, start + args.timeout)
        finally:
            stop(proc, master)
        if frame is None:
            sys.exit(f"run {i + 1}: no frame holding {args.marker!r} within {args.timeout}s")
        if i < args.warmup:
            continue
        frames.append((frame - start) * 1000)
        bytes_.append((fb - start) * 1000)
        time.sleep(args.pause)
    q = statistics.quantiles(frames, n=10) if len(frames) >= 2 else frames
    print(f"first frame: median {statistics.median(frames):.1f} ms, "
          f"min {min(frames):.1f}, p90 {q[-1]:.1f}, max {max(frames):.1f} "
          f"over {len(frames)} runs at {cols}x{rows}")
    print(f"first byte:  median {statistics.median(bytes_):.1f} ms")


def cpu_seconds(pid):
    """utime + stime of pid in seconds (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def drain(master, until):
    """Reads and counts terminal output until the perf_counter time until."""
    n = 0
    while True:
        left = until - time.perf_counter()
        if left <= 0:
            return n
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return n
            if not chunk:
                return n
            n += len(chunk)


def idle(args, cmd):
    cols, rows = args.size
    proc, master = spawn(cmd, cols, rows, terminal_env(cols, rows))
    try:
        drain(master, time.perf_counter() + args.settle)
        if proc.poll() is not None:
            sys.exit(f"the program exited during the settle time (status {proc.returncode})")
        c0, t0 = cpu_seconds(proc.pid), time.perf_counter()
        written = drain(master, t0 + args.seconds)
        c1, t1 = cpu_seconds(proc.pid), time.perf_counter()
    finally:
        stop(proc, master)
    wall = t1 - t0
    print(f"idle CPU: {100 * (c1 - c0) / wall:.2f}% of one core "
          f"({c1 - c0:.2f} s CPU in {wall:.0f} s, after {args.settle:.0f} s to settle) at {cols}x{rows}")
    print(f"terminal output while idle: {written} bytes ({written / wall:.1f} B/s)")


def size(s):
    cols, rows = s.lower().split("x")
    return int(cols), int(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    ff = sub.add_parser("first-frame", help="exec to first frame, median over runs")
    ff.add_argument("--runs", type=int, default=20)
    ff.add_argument("--warmup", type=int, default=2, help="runs not counted (page cache)")
    ff.add_argument("--marker", default="virga", help="text the first frame holds")
    ff.add_argument("--timeout", type=float, default=10.0)
    ff.add_argument("--pause", type=float, default=0.2, help="seconds between runs")
    ff.add_argument("--size", type=size, default=(80, 24))
    ff.add_argument("cmd", nargs=argparse.REMAINDER)
    il = sub.add_parser("idle", help="CPU and output of a quiet process")
    il.add_argument("--seconds", type=float, default=60.0)
    il.add_argument("--settle", type=float, default=10.0, help="seconds to wait before measuring")
    il.add_argument("--size", type=size, default=(80, 24))
    il.add_argument("cmd", nargs=argparse.REMAINDER)
    args = p.parse_args()
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    if not cmd:
        p.error("give the command after --")
    if args.what == "first-frame":
        first_frame(args, cmd)
    else:
        idle(args, cmd)


if __name__ == "__main__":
    main()
