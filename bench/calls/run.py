#!/usr/bin/env python3
"""bench/calls: the call rate a phone holds, SIPp's built-in uac against it on 127.0.0.1.

For each target — sipline without media (--no-media), sipline with media (PCMU, null audio) and
baresip 1.0 auto-answering (the baseline, in the same run) — the rate climbs a ladder until a
step fails; each step runs --duration seconds (-r RATE -m RATE·duration, BYE right after the
ACK) against a freshly started target. A step passes with 0 failed calls and 0 retransmissions.
Reported per step: SIPp's counts, the target's CPU (utime+stime over wall time, from /proc) and
its Private_Dirty memory (smaps_rollup) sampled every second: at the end and the largest seen.

    bench/calls/run.py [--duration 30] [--rates 1000,2000,5000,7000,10000]
                       [--baresip-rates 10,20,40,80] [--soak 90]
                       [--targets sipline-nomedia,sipline-media,baresip] [--sipline PATH]

Needs the bench build (cmake --preset bench && cmake --build --preset bench --target sipline).
"""
import argparse
import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "interop"))
import peers  # noqa: E402  (free ports, stop)

SIPLINE = ROOT / "build" / "bench" / "app" / "cli" / "sipline"
TICKS = os.sysconf("SC_CLK_TCK")
# SIPp's own socket buffers (its default is 64 KiB): a burst of answers must not overflow the
# load generator's receive queue and count as the target's retransmissions.
UDP_BUFFER = 4 * 1024 * 1024


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def private_dirty_kb(pid):
    for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Private_Dirty:"):
            return int(line.split()[1])
    return 0


@contextlib.contextmanager
def sipline_target(media):
    port = peers.free_port()
    args = [str(SIPLINE), "--listen", f"127.0.0.1:{port}", "--auto-answer", "--audio", "null"]
    if not media:
        args.append("--no-media")
    # Its own control socket: a phone the user runs is not handed the benchmark's start.
    with tempfile.TemporaryDirectory(prefix="sipline-bench-run.") as runtime:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL,
                                   env={**os.environ, "XDG_RUNTIME_DIR": runtime})
        try:
            peers.wait_for_port(port, "udp")
            yield process.pid, port
        finally:
            peers.stop(process)


@contextlib.contextmanager
def baresip_target(directory):
    silence = directory / "silence.wav"
    if not silence.exists():
        import audio  # noqa: E402
        audio.write_tone(silence, 0, seconds=600, rate=8000, amplitude=0)
    # call_max_calls: baresip refuses a fifth concurrent call by default.
    with peers.baresip(directory, "bench", silence, "pcmu", answer=True, seconds=3600,
                       extra_config=("call_max_calls 100000",)) as (
            process, port, _):
        yield process.pid, port


def run_step(target, rate, duration, directory):
    calls = rate * duration
    with target() as (pid, port):
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.wait(1.0):
                with contextlib.suppress(OSError):
                    samples.append((time.monotonic() - started, private_dirty_kb(pid)))

        sampler = threading.Thread(target=sample)
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        sampler.start()
        local, control = peers.free_port(), peers.free_port()
        result = subprocess.run(
            ["sipp", f"127.0.0.1:{port}", "-sn", "uac", "-s", "bench", "-r", str(rate),
             "-m", str(calls),
             "-l", str(max(rate * 40, 1000)), "-i", "127.0.0.1", "-p", str(local), "-cp",
             str(control), "-nostdin", "-timeout", f"{duration * 3}s", "-timeout_error",
             "-max_socket", "1", "-buff_size", str(UDP_BUFFER)],
            capture_output=True, text=True, timeout=duration * 4, cwd=directory)
        wall = time.monotonic() - started
        cpu = cpu_seconds(pid) - cpu_before
        stop.set()
        sampler.join()
        end_kb = private_dirty_kb(pid)
    out = result.stdout
    successful = int(re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", out).group(1))
    failed = int(re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", out).group(1))
    retransmissions = sum(int(m.group(1)) for m in re.finditer(
        r"^\s+\S+\s+(?:<-+|-+>)\s+(?:E-RTD1\s+)?\d+\s+(\d+)", out, re.M))
    return {"rate": rate, "calls": calls, "successful": successful, "failed": failed,
            "retransmissions": retransmissions, "sipp_rc": result.returncode,
            "cpu_percent": round(100 * cpu / wall, 1), "cpu_us_per_call": round(1e6 * cpu / calls, 1),
            "private_dirty_mb_end": round(end_kb / 1024, 1),
            "private_dirty_mb_max": round(max([kb for _, kb in samples] + [end_kb]) / 1024, 1),
            # What is left after the RFC 3261 retention window (Timers J and L, 32 s) filled up:
            # growth from then to the end is what memory does once the run is steady.
            "private_dirty_mb_at_40s": next(
                (round(kb / 1024, 1) for t, kb in samples if t >= 40), None),
            "passed": failed == 0 and retransmissions == 0 and successful == calls}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--rates", default="1000,2000,5000,7000,10000",
                        help="the ladder of call rates, climbed until a step fails")
    parser.add_argument("--baresip-rates", default="10,20,40,80",
                        help="baresip, a softphone with a media thread per call, starts lower")
    parser.add_argument("--soak", type=int, default=0,
                        help="then run sipline this many seconds at its highest held rate and "
                             "report memory at 40 s and at the end (flat once Timer J/L's 32 s "
                             "window is full)")
    parser.add_argument("--targets", default="sipline-nomedia,sipline-media,baresip")
    parser.add_argument("--sipline", default=None,
                        help="the sipline binary (another commit's build, to compare in one run)")
    options = parser.parse_args()
    if options.sipline:
        global SIPLINE  # noqa: PLW0603  (the targets start it)
        SIPLINE = pathlib.Path(options.sipline)
    results = {}
    with tempfile.TemporaryDirectory(prefix="sipline-bench-calls.") as scratch:
        directory = pathlib.Path(scratch)
        targets = {
            "sipline-nomedia": lambda: sipline_target(False),
            "sipline-media": lambda: sipline_target(True),
            "baresip": lambda: baresip_target(directory),
        }
        for name in options.targets.split(","):
            steps = []
            ladder = options.baresip_rates if name == "baresip" else options.rates
            for rate in (int(r) for r in ladder.split(",")):
                step = run_step(targets[name], rate, options.duration, directory)
                steps.append(step)
                print(json.dumps({"target": name, **step}), flush=True)
                if not step["passed"]:
                    break
            held = [s for s in steps if s["passed"]]
            results[name] = {"steps": steps, "held_rate": held[-1]["rate"] if held else 0}
            if options.soak and held and name != "baresip":
                soak = run_step(targets[name], held[-1]["rate"], options.soak, directory)
                results[name]["soak"] = soak
                print(json.dumps({"target": name, "soak": True, **soak}), flush=True)
    for name, result in results.items():
        if "soak" in result:
            s = result["soak"]
            print(f"soak {name}: {s['rate']} cps for {s['calls'] // s['rate']} s, "
                  f"passed={s['passed']}, Private_Dirty at 40 s {s['private_dirty_mb_at_40s']} MB, "
                  f"at the end {s['private_dirty_mb_end']} MB, max {s['private_dirty_mb_max']} MB")
    print("\n| target | highest rate held | CPU at it | CPU per call | Private_Dirty end / max |")
    print("|---|---|---|---|---|")
    for name, result in results.items():
        held = [s for s in result["steps"] if s["passed"]]
        if held:
            s = held[-1]
            print(f"| {name} | {s['rate']} cps | {s['cpu_percent']} % | {s['cpu_us_per_call']} µs |"
                  f" {s['private_dirty_mb_end']} / {s['private_dirty_mb_max']} MB |")
        else:
            print(f"| {name} | none | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
