"""Audio both ways between two sipline processes over real UDP on 127.0.0.1: each plays its own
tone from a WAV file as the microphone and records what it hears; each recording must hold the
other side's tone at its level, and not its own — so audio really crossed, through the codec,
RTP, the jitter buffer and the playout."""
import subprocess
import time
import unittest

import audio
import peers


class AudioCalls(unittest.TestCase):
    def test_each_side_hears_the_other_sides_tone(self):
        with peers.workdir("sipline-audio.") as directory:
            audio.write_tone(directory / "a.wav", 1000)
            audio.write_tone(directory / "b.wav", 600)
            with peers.sipline("--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, b_port, b_log):
                with peers.sipline("--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", f"sip:b@{peers.LOOPBACK}:{b_port}",
                                   stdin=subprocess.PIPE) as (a, _, a_log):
                    peers.wait_for_log(a_log, " media ")
                    self.assertIn(" media opus/48000", a_log.read_text())
                    time.sleep(3)  # three seconds of talk
                    a.stdin.write("hangup\nquit\n")
                    a.stdin.flush()
                    a.wait(10)
                time.sleep(0.3)
                self.assertIn("ended 200 by peer", b_log.read_text())
            for heard, expected, own in (("a-heard.wav", 600, 1000), ("b-heard.wav", 1000, 600)):
                rate, samples = audio.read(directory / heard)
                self.assertEqual(rate, 48000)
                # One second from the middle of the call: the call's audio starts a moment
                # after the recording does.
                middle = samples[int(1.5 * rate):int(2.5 * rate)]
                level = audio.tone_rms(middle, expected, rate)
                self.assertAlmostEqual(level, 8000 / 2 ** 0.5, delta=8000 / 2 ** 0.5 * 0.12,
                                       msg=f"{heard}: {expected} Hz at {level:.0f} rms")
                self.assertLess(audio.tone_rms(middle, own, rate), 100, heard)

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
