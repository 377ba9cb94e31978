"""Audio both ways between two sipline processes over real UDP on 127.0.0.1, with Opus, PCMU and
wideband Speex: each plays its own
tone from a WAV file as the microphone and records what it hears. Each recording must hold the
other side's tone, continuous — every 100 ms window of the call within 1 dB of its steady level —
at the level it was sent, and not its own; no packet may be lost or late. So audio really
crossed, through the codec, RTP, the jitter buffer and the playout, without a skip. What each
jitter buffer repaired after the settling (its received-audio line) is shown on a failure, not
held to zero: this machine's virtual CPUs stall for tens of milliseconds now and then, and a
phone that has 10 ms of audio in hand conceals or stretches a little then — inaudibly, which the
windows check. The calls run with the CPUs kept awake (audio.cpus_kept_awake says why)."""
import subprocess
import unittest

import audio
import peers

TONE_SECONDS = 5  # each side's input file: the caller hangs up when its own has played


class AudioCalls(unittest.TestCase):
    def check_heard(self, path, expected, own, summary):
        # `summary`: the hearing phone's received-audio line, which says what its jitter buffer
        # repaired and when, shown if the recording fails.
        rate, samples = audio.read(path)
        self.assertEqual(rate, 48000)
        self.assertEqual(audio.discontinuities(samples, expected, rate), "",
                         f"{path.name}: the {expected} Hz tone is not continuous; {summary}")
        windows = audio.tone_windows(samples, expected, rate)
        steady = sorted(level for _, level in windows)[len(windows) // 2]
        self.assertAlmostEqual(steady, 8000 / 2 ** 0.5, delta=8000 / 2 ** 0.5 * 0.12,
                               msg=f"{path.name}: {expected} Hz at {steady:.0f} rms")
        start, end = int(windows[0][0] * rate), int(windows[-1][0] * rate)
        self.assertLess(audio.tone_rms(samples[start:end], own, rate), 100,
                        f"{path.name} holds its own {own} Hz")

    def check_clean(self, log_text):
        summary = audio.audio_summary(log_text)
        self.assertIsNotNone(summary, log_text[-2000:])
        self.assertIn(" 0 lost, 0 late", summary)

    def test_each_side_hears_the_other_sides_tone_without_a_skip(self):
        # Opus (both sides' first choice by default), PCMU and wideband Speex (chosen with
        # --codecs: speex only when asked for).
        for negotiated, caller_codecs, callee_codecs in (
                ("opus/48000", (), ()),
                ("PCMU/8000", (), ("--codecs", "PCMU")),
                ("speex/16000", ("--codecs", "speex PCMU"), ("--codecs", "speex/16000/1"))):
            with self.subTest(codec=negotiated):
                self.call_both_ways(negotiated, caller_codecs, callee_codecs)

    def call_both_ways(self, negotiated, caller_codecs, callee_codecs):
        with peers.workdir("sipline-audio.") as directory, audio.cpus_kept_awake():
            audio.write_tone(directory / "a.wav", 1000, seconds=TONE_SECONDS)
            audio.write_tone(directory / "b.wav", 600, seconds=TONE_SECONDS + 2)
            with peers.sipline("--auto-answer", *callee_codecs, "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, b_port, b_log):
                with peers.sipline(*caller_codecs, "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", f"sip:b@{peers.LOOPBACK}:{b_port}",
                                   stdin=subprocess.PIPE) as (a, _, a_log):
                    peers.wait_for_log(a_log, f" media {negotiated} ")
                    peers.wait_for_log(b_log, f"call 1 confirmed {negotiated}\n")
                    peers.wait_for_log(a_log, "audio: the input file played to its end",
                                       timeout=30)
                    a.stdin.write("hangup\n")
                    a.stdin.flush()
                    peers.wait_for_log(a_log, "call 1 audio: ")
                    peers.wait_for_log(b_log, "call 1 audio: ")
                    a.stdin.write("quit\n")
                    a.stdin.flush()
                    self.assertEqual(a.wait(10), 0)
                    self.assertIn("ended 200 by peer", b_log.read_text())
                    logs = a_log.read_text(), b_log.read_text()
            # The recordings are whole once both phones have stopped.
            self.check_heard(directory / "a-heard.wav", 600, 1000, audio.audio_summary(logs[0]))
            self.check_heard(directory / "b-heard.wav", 1000, 600, audio.audio_summary(logs[1]))
            for text in logs:
                self.check_clean(text)

    def test_a_ringing_call_is_declined_with_603_or_refused_busy_with_486(self):
        # The callee's console: `reject` declines (603), `hangup` on a ringing call is busy (486).
        with peers.sipline(stdin=subprocess.PIPE) as (callee, port, callee_log), \
                peers.sipline(stdin=subprocess.PIPE) as (caller, _, caller_log):
            for number, command, status in ((1, "reject", 603), (2, "hangup", 486)):
                caller.stdin.write(f"dial sip:b@{peers.LOOPBACK}:{port}\n")
                caller.stdin.flush()
                peers.wait_for_log(callee_log, f"call {number} incoming")
                callee.stdin.write(f"{command} {number}\n")
                callee.stdin.flush()
                peers.wait_for_log(caller_log, f"call {number} ended {status}")
            self.assertNotIn(" confirmed", caller_log.read_text())
            self.assertNotIn("failed", callee_log.read_text())


if __name__ == "__main__":
    unittest.main()
