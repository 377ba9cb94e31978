"""sipline and baresip 1.0 calling each other for real on 127.0.0.1, with G.711 and with Opus.
Each side sends its own tone from a WAV file (sipline 1 kHz, baresip 440 Hz) and records what it
receives (sipline through its file device, baresip through sndfile's dump). Each recording must
hold the other side's tone, continuous — every 100 ms window of the call within 1 dB of its
steady level — and not its own; sipline lost no packet and had none late (what its jitter buffer
repaired is shown on a failure: see audio_calls_test); and the call ends cleanly on both sides.
The calls run with the CPUs kept awake (audio.cpus_kept_awake says why)."""
import subprocess
import unittest

import audio
import peers

CODECS = {"pcmu": ("pcmu", "PCMU/8000"), "opus": ("opus/48000/2", "opus/48000")}
TONE_SECONDS = 5  # sipline's input file when it calls: it hangs up when the file has played
FULL_SCALE_RMS = 8000 / 2 ** 0.5  # the tones' level (8000 peak)


class BaresipCalls(unittest.TestCase):
    def check_heard(self, path, expected, own, summary):
        """`path` holds the `expected` tone without a skip, loud enough, and not the `own` one;
        `summary` (sipline's received-audio line, or a note) is shown when it does not."""
        rate, samples = audio.read(path)
        self.assertEqual(audio.discontinuities(samples, expected, rate), "",
                         f"{path.name}: the {expected} Hz tone is not continuous; {summary}")
        windows = audio.tone_windows(samples, expected, rate)
        steady = sorted(level for _, level in windows)[len(windows) // 2]
        # G.711 keeps the level; Opus at a telephone bit rate loses up to about 1.5 dB of a tone.
        self.assertGreater(steady, FULL_SCALE_RMS * 0.75, f"{path.name}: {expected} Hz at "
                           f"{steady:.0f} rms")
        start, end = int(windows[0][0] * rate), int(windows[-1][0] * rate)
        self.assertLess(audio.tone_rms(samples[start:end], own, rate), 150,
                        f"{path.name} holds its own {own} Hz")

    def check_call(self, directory, name, log_text):
        summary = audio.audio_summary(log_text)
        self.assertIsNotNone(summary, log_text[-2000:])
        self.check_heard(directory / "sipline-heard.wav", 440, 1000, summary)
        dumps = sorted((directory / name).glob("dump-*-dec.wav"))
        self.assertTrue(dumps, f"baresip wrote no received-audio dump in {directory / name}")
        self.check_heard(dumps[-1], 1000, 440, "baresip's decoded audio")
        self.assertIn(" 0 lost, 0 late", summary)

    def test_sipline_calls_baresip(self):
        for codec, (baresip_codec, negotiated) in CODECS.items():
            with self.subTest(codec=codec), peers.workdir("sipline-baresip.") as directory, \
                    audio.cpus_kept_awake():
                audio.write_tone(directory / "1k.wav", 1000, seconds=TONE_SECONDS)
                audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
                with peers.baresip(directory, "bob", directory / "440.wav", baresip_codec,
                                   answer=True) as (_, bob_port, bob_log):
                    with peers.sipline("--audio",
                                       f"file:{directory / '1k.wav'}:{directory / 'sipline-heard.wav'}",
                                       "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                       stdin=subprocess.PIPE) as (phone, _, log):
                        peers.wait_for_log(log, f"confirmed {negotiated}")
                        peers.wait_for_log(log, "audio: the input file played to its end",
                                           timeout=30)
                        phone.stdin.write("hangup\n")
                        phone.stdin.flush()
                        peers.wait_for_log(log, "call 1 audio: ")
                        phone.stdin.write("quit\n")
                        phone.stdin.flush()
                        self.assertEqual(phone.wait(10), 0)
                        log_text = log.read_text()
                        self.assertIn("call 1 ended 200", log_text)
                    peers.wait_for_log(bob_log, "terminated")
                self.check_call(directory, "bob", log_text)

    def test_baresip_calls_sipline(self):
        for codec, (baresip_codec, negotiated) in CODECS.items():
            with self.subTest(codec=codec), peers.workdir("sipline-baresip.") as directory, \
                    audio.cpus_kept_awake():
                audio.write_tone(directory / "1k.wav", 1000, seconds=20)
                audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
                with peers.sipline("--auto-answer", "--audio",
                                   f"file:{directory / '1k.wav'}:{directory / 'sipline-heard.wav'}") as (
                                       _, port, log):
                    with peers.baresip(directory, "alice", directory / "440.wav", baresip_codec,
                                       dial=f"sip:sipline@127.0.0.1:{port}", seconds=5) as (
                                           alice, _, alice_log):
                        alice.wait(20)  # -t 5: it hangs up and quits by itself
                    peers.wait_for_log(log, "ended 200 by peer")
                    peers.wait_for_log(log, "call 1 audio: ")
                    log_text = log.read_text()
                    self.assertIn(f"confirmed {negotiated}", log_text)
                self.check_call(directory, "alice", log_text)


if __name__ == "__main__":
    unittest.main()
