#!/usr/bin/env python3
"""bench/calls/instructions.py: instructions per call, counted by callgrind — the CPU-per-call
figure that does not move with the VM's noise (BENCH.md §1.7, §2.5).

Each binary (the bench build's sipline, and any other builds given with --baseline, e.g. an
older commit's, measured in the same run) answers SIPp's built-in uac under callgrind, without
and with media: once N calls at R cps, once 2N calls at 2R cps, each process living the same
--seconds (long enough for Timers J and L, 32 s, to reap every call). Startup, shutdown and
the media thread's idle ticks cost both runs the same, so the difference over N is what one
call costs: parsing, answering, sending, the RTP/RTCP sockets, reaping.

    bench/calls/instructions.py [--calls 375] [--rate 25] [--seconds 52]
                                [--baseline PATH ...] [--modes nomedia,media]

Needs the bench build (cmake --preset bench && cmake --build --preset bench --target sipline)
and valgrind.
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "interop"))
import peers  # noqa: E402  (free ports, waiting for a port, stop)

SIPLINE = ROOT / "build" / "bench" / "app" / "cli" / "sipline"


def counted_run(binary, media, calls, rate, seconds, directory):
    """Instructions the whole process executed while answering `calls` calls at `rate`."""
    port = peers.free_port()
    out = directory / f"callgrind.{port}"
    args = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(binary),
            "--listen", f"127.0.0.1:{port}", "--auto-answer", "--audio", "null"]
    if not media:
        args.append("--no-media")
    # Its own control socket: a phone the user runs is not handed the benchmark's start.
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env={**os.environ,
                                                              "XDG_RUNTIME_DIR": str(directory)})
    try:
        peers.wait_for_port(port, "udp", timeout=60)
        started = time.monotonic()
        result = subprocess.run(
            ["sipp", f"127.0.0.1:{port}", "-sn", "uac", "-r", str(rate), "-m", str(calls),
             "-i", "127.0.0.1", "-p", str(peers.free_port()), "-cp", str(peers.free_port()),
             "-nostdin", "-timeout", f"{seconds}s", "-timeout_error", "-max_socket", "1"],
            capture_output=True, text=True, timeout=seconds * 2, cwd=directory)
        successful = int(re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", result.stdout)[1])
        if successful != calls:
            raise RuntimeError(f"{binary}: {successful} of {calls} calls succeeded")
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))  # the same life for both
    finally:
        peers.stop(process, timeout=60)
    totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)
    return int(totals[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=375)
    parser.add_argument("--rate", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=52,
                        help="each process's life: the calls, then Timers J/L (32 s) reaping them")
    parser.add_argument("--baseline", action="append", default=[],
                        help="another sipline binary to count in the same run (an older build)")
    parser.add_argument("--modes", default="nomedia,media")
    options = parser.parse_args()
    binaries = [SIPLINE] + [pathlib.Path(b) for b in options.baseline]
    rows = []
    with tempfile.TemporaryDirectory(prefix="sipline-bench-instructions.") as scratch:
        directory = pathlib.Path(scratch)
        for mode in options.modes.split(","):
            for binary in binaries:
                one = counted_run(binary, mode == "media", options.calls, options.rate,
                                  options.seconds, directory)
                two = counted_run(binary, mode == "media", 2 * options.calls, 2 * options.rate,
                                  options.seconds, directory)
                per_call = (two - one) / options.calls
                rows.append((mode, binary, per_call))
                print(f"{mode} {binary}: {one} / {two} instructions, {per_call:.0f} per call",
                      flush=True)
    print("\n| target | instructions per call | vs the first binary |")
    print("|---|---|---|")
    first = {mode: per_call for mode, binary, per_call in rows if binary == SIPLINE}
    for mode, binary, per_call in rows:
        print(f"| {binary} {mode} | {per_call:,.0f} | {per_call / first[mode]:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
