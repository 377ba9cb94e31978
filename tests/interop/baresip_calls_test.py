"""sipline and baresip 1.0 calling each other for real on 127.0.0.1, with G.711 and with Opus.
Each side sends its own tone from a WAV file (sipline 1 kHz, baresip 440 Hz) and records what it
receives (sipline through its file device, baresip through sndfile's dump); each recording must
hold the other side's tone — audio crossed both ways — and the call ends cleanly on both sides."""
import subprocess
import time
import unittest

import audio
import peers

CODECS = {"pcmu": ("pcmu", "PCMU/8000"), "opus": ("opus/48000/2", "opus/48000")}


class BaresipCalls(unittest.TestCase):
    def check_audio(self, directory, name):
        rate, heard = audio.read(directory / "sipline-heard.wav")
        middle = heard[int(1.5 * rate):int(2.5 * rate)]
        self.assertGreater(audio.tone_rms(middle, 440, rate), 2000, "sipline did not hear 440 Hz")
        self.assertLess(audio.tone_rms(middle, 1000, rate), 150, "sipline heard itself")
        dumps = sorted((directory / name).glob("dump-*-dec.wav"))
        self.assertTrue(dumps, f"baresip wrote no received-audio dump in {directory / name}")
        rate, received = audio.read(dumps[-1])
        middle = received[len(received) // 3:len(received) // 3 + rate // 2]
        self.assertGreater(audio.tone_rms(middle, 1000, rate), 2000, "baresip did not hear 1 kHz")

    def test_sipline_calls_baresip(self):
        for codec, (baresip_codec, negotiated) in CODECS.items():
            with self.subTest(codec=codec), peers.workdir("sipline-baresip.") as directory:
                audio.write_tone(directory / "1k.wav", 1000, seconds=20)
                audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
                with peers.baresip(directory, "bob", directory / "440.wav", baresip_codec,
                                   answer=True) as (_, bob_port, bob_log):
                    with peers.sipline("--audio",
                                       f"file:{directory / '1k.wav'}:{directory / 'sipline-heard.wav'}",
                                       "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                       stdin=subprocess.PIPE) as (phone, _, log):
                        peers.wait_for_log(log, f"confirmed {negotiated}")
                        time.sleep(3)
                        phone.stdin.write("hangup\nquit\n")
                        phone.stdin.flush()
                        phone.wait(10)
                        self.assertIn("call 1 ended 200", log.read_text())
                    peers.wait_for_log(bob_log, "terminated")
                self.check_audio(directory, "bob")

    def test_baresip_calls_sipline(self):
        for codec, (baresip_codec, negotiated) in CODECS.items():
            with self.subTest(codec=codec), peers.workdir("sipline-baresip.") as directory:
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
                    self.assertIn(f"confirmed {negotiated}", log.read_text())
                self.check_audio(directory, "alice")


if __name__ == "__main__":
    unittest.main()
