"""Test audio without numpy: write a tone WAV, read a WAV back, measure a tone's level (Goertzel),
and check that a received tone is continuous: every 100 ms window of the call within 1 dB of the
tone's steady level."""
import contextlib
import math
import os
import pathlib
import statistics
import struct
import subprocess
import sys
import wave

WINDOW_SECONDS = 0.1
SETTLE_SECONDS = 0.5  # after the first received audio: the jitter buffer's start
TAIL_SECONDS = 0.2    # before the received audio ends: the hang-up
ONSET_LEVEL = 300     # a sample this loud is the first received audio (the tones are 8000 peak)


# One spinner per CPU at SCHED_IDLE: it runs only when nothing else wants the CPU.
_SPIN = "import os\nos.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))\nwhile True: pass"


@contextlib.contextmanager
def cpus_kept_awake():
    """Keeps every virtual CPU busy with an idle-priority spinner while audio is checked.

    The VMs these tests run on (Firecracker under a PVM host) deschedule an idle vCPU and wake it
    late: two SCHED_FIFO threads, one per vCPU, sleeping 0.5 ms at a time saw ~230 wake-ups over
    3 ms late in 30 s (up to 33 ms), and interop calls saw a phone and its peer frozen together
    for 100–185 ms — a gap no phone can play through, whatever its jitter buffer. With these
    spinners the same measurement saw 6 (up to 8 ms). A spinner yields to every other thread
    (SCHED_IDLE), and the phones' media and pacing threads are SCHED_FIFO, so the phones still
    get the CPU when they want it: what the recordings then show is the phones, not the host."""
    spinners = [subprocess.Popen([sys.executable, "-c", _SPIN])
                for _ in range(os.cpu_count() or 1)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def write_tone(path, frequency, seconds=6.0, rate=16000, amplitude=8000):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(amplitude * math.sin(2 * math.pi * frequency * i / rate)))
            for i in range(int(seconds * rate))))


def read(path):
    """(rate, samples of the first channel)."""
    with wave.open(str(path), "rb") as source:
        rate, frames, channels = source.getframerate(), source.getnframes(), source.getnchannels()
        data = struct.unpack(f"<{frames * channels}h", source.readframes(frames))
        return rate, data[::channels]


def read_growing(path):
    """(rate, samples of the first channel) of a 16-bit WAV file still being written: its
    header's sizes are not final yet, so the data chunk is taken to the end of the file."""
    data = pathlib.Path(path).read_bytes()
    offset, rate, channels = 12, 0, 1
    while offset + 8 <= len(data):
        kind, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "little")
        if kind == b"fmt " and offset + 16 <= len(data):
            channels = int.from_bytes(data[offset + 10:offset + 12], "little")
            rate = int.from_bytes(data[offset + 12:offset + 16], "little")
        if kind == b"data":
            body = data[offset + 8:]
            body = body[:len(body) - len(body) % (2 * channels)]
            return rate, struct.unpack(f"<{len(body) // 2}h", body)[::channels]
        offset += 8 + size + (size & 1)
    raise AssertionError(f"{path}: no data chunk")


def tone_rms(samples, frequency, rate):
    """The RMS the samples hold at `frequency` (a full-scale sine of amplitude A gives A/√2)."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coefficient * s1 - s2, s1
    power = (s1 * s1 + s2 * s2 - coefficient * s1 * s2) * 2 / (len(samples) ** 2)
    return math.sqrt(max(power, 0.0))


def tone_windows(samples, frequency, rate):
    """The tone's level in each 100 ms window from SETTLE_SECONDS after the first received audio
    to TAIL_SECONDS before it ends, as [(start second, rms)]. The tones used (440, 600, 1000 Hz)
    fit a whole number of periods into a window, so a steady tone reads the same in every one."""
    loud = [k for k, x in enumerate(samples) if abs(x) >= ONSET_LEVEL]
    if not loud:
        return []
    first, last = loud[0], loud[-1]
    window = int(WINDOW_SECONDS * rate)
    start, end = first + int(SETTLE_SECONDS * rate), last - int(TAIL_SECONDS * rate)
    return [(at / rate, tone_rms(samples[at:at + window], frequency, rate))
            for at in range(start, end - window + 1, window)]


def discontinuities(samples, frequency, rate, tolerance_db=1.0, minimum_windows=10):
    """Why the tone in `samples` is not continuous ("" when it is): fewer than `minimum_windows`
    windows, or windows more than `tolerance_db` from the median window's level."""
    windows = tone_windows(samples, frequency, rate)
    if len(windows) < minimum_windows:
        return f"only {len(windows)} windows of 100 ms with the tone (at least {minimum_windows})"
    steady = statistics.median(level for _, level in windows)
    if steady <= 0:
        return f"no {frequency} Hz tone at all"
    bad = [(at, level) for at, level in windows
           if abs(20 * math.log10(max(level, 1e-9) / steady)) > tolerance_db]
    if not bad:
        return ""
    shown = ", ".join(f"{at:.1f} s: {20 * math.log10(max(level, 1e-9) / steady):+.1f} dB"
                      for at, level in bad[:8])
    return (f"{len(bad)} of {len(windows)} windows off the steady {steady:.0f} rms by more than "
            f"{tolerance_db} dB ({shown})")


def audio_summary(log_text, call=1):
    """The `call N audio: …` line of a phone's log (app/core/call_audio_summary), or None."""
    prefix = f"call {call} audio: "
    return next((line for line in log_text.splitlines() if line.startswith(prefix)), None)


def talk_then_hang_up(directory, caller, callee_log):
    """A call is up between a caller playing a.wav and recording a-heard.wav, and a callee
    playing b.wav and recording b-heard.wav: after three seconds each way the caller hangs up
    and quits, and the callee sees the end."""
    import peers  # noqa: E402  (peers does not import audio: no cycle)
    for heard in ("a-heard.wav", "b-heard.wav"):
        peers.wait_for_recording(directory / heard, 3.0)
    caller.stdin.write("hangup\nquit\n")
    caller.stdin.flush()
    caller.wait(10)
    peers.wait_for_log(callee_log, "ended 200 by peer")


def assert_each_heard_the_other(test, directory):
    """After talk_then_hang_up, both phones closed: a.wav's 1000 Hz in b-heard.wav and b.wav's
    600 Hz in a-heard.wav, each loud and clear in the middle of the call."""
    for heard, expected in (("a-heard.wav", 600), ("b-heard.wav", 1000)):
        rate, samples = read(directory / heard)
        middle = samples[int(1.5 * rate):int(2.5 * rate)]
        test.assertGreater(tone_rms(middle, expected, rate), 4500, heard)
