"""A stranger who sprays RTP at a phone's media port mid-call (the RTPbleed class) does not take
the call's audio: alice calls bob (PCMU, both sipline), and while they talk a third party on
127.0.0.1 sends bob three seconds of its own 1800 Hz tone, as RTP with a source port of its own.
Bob's recording must hold alice's 1 kHz tone without a skip and nothing of the stranger's."""
import math
import random
import re
import socket
import struct
import subprocess
import unittest

import audio
import peers

STRANGER_HZ = 1800


def mulaw_encode(sample):
    """A 16-bit sample as one G.711 μ-law octet."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = 7
    while exponent > 0 and not magnitude & (0x4000 >> (7 - exponent)):
        exponent -= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def spray(port, seconds, recording):
    """RTP (PCMU, 20 ms packets) of the stranger's tone to 127.0.0.1:`port`, from a socket of
    its own, paced by the call itself: packet k goes once bob's `recording` has grown by k·20 ms
    (the helper waits for that, as for any event)."""
    ssrc, sequence, timestamp = random.getrandbits(32), random.getrandbits(16), 0
    start = peers.recorded_seconds(recording)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for packet in range(int(seconds * 50)):
            peers.wait_for_recording(recording, start + packet * 0.02)
            payload = bytes(mulaw_encode(int(8000 * math.sin(
                2 * math.pi * STRANGER_HZ * (timestamp + i) / 8000))) for i in range(160))
            header = struct.pack("!BBHII", 0x80, 0, (sequence + packet) & 0xFFFF, timestamp, ssrc)
            sock.sendto(header + payload, (peers.LOOPBACK, port))
            timestamp += 160


class RtpStranger(unittest.TestCase):
    def test_a_stranger_s_rtp_mid_call_is_not_heard(self):
        with peers.workdir("sipline-stranger.") as directory, audio.cpus_kept_awake():
            audio.write_tone(directory / "a.wav", 1000, seconds=8)
            audio.write_tone(directory / "b.wav", 600, seconds=10)
            with peers.sipline("--auto-answer", "--codecs", "PCMU", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, b_port, b_log):
                with peers.sipline("--codecs", "PCMU", "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", f"sip:b@{peers.LOOPBACK}:{b_port}",
                                   stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, " media ")
                    bob_rtp = int(re.search(r" media PCMU/8000 to 127\.0\.0\.1:(\d+)",
                                            log.read_text()).group(1))
                    peers.wait_for_recording(directory / "b-heard.wav", 1.5)
                    spray(bob_rtp, 3, directory / "b-heard.wav")
                    peers.wait_for_recording(directory / "b-heard.wav", 6)
                    alice.stdin.write("hangup\nquit\n")
                    alice.stdin.flush()
                    alice.wait(10)
                peers.wait_for_log(b_log, "ended 200 by peer")
                peers.wait_for_log(b_log, "call 1 audio: ")
                summary = audio.audio_summary(b_log.read_text())
            rate, heard = audio.read(directory / "b-heard.wav")
            self.assertEqual(audio.discontinuities(heard, 1000, rate), "",
                             f"alice's tone is not continuous; {summary}")
            windows = audio.tone_windows(heard, 1000, rate)
            start, end = int(windows[0][0] * rate), int(windows[-1][0] * rate)
            self.assertLess(audio.tone_rms(heard[start:end], STRANGER_HZ, rate), 100,
                            "bob heard the stranger")


if __name__ == "__main__":
    unittest.main()
