"""SRTP in calls (SDES, RFC 4568) with baresip's srtp module (mediaenc=srtp-mand): sipline
calls baresip through a relay the test controls (media_relay), and each hears the other's tone.
The relay keeps every RTP packet that crossed: decoded as the PCMU they carry, the plain call's
hold the tones (the check can see them), the SRTP call's hold noise. A phone that requires SRTP
refuses a plain offer with 488, before it rings; baresip offering SRTP to a phone with SRTP
off is refused the same way."""
import math
import subprocess
import unittest

import audio
import peers
from media_relay import MediaRelay

TONE_SECONDS = 5


def mulaw(octet):
    """One G.711 μ-law octet as a 16-bit sample (ITU-T G.711)."""
    octet = ~octet & 0xFF
    magnitude = ((((octet & 0x0F) << 3) + 0x84) << ((octet >> 4) & 0x07)) - 0x84
    return -magnitude if octet & 0x80 else magnitude


def tone_share(packets, frequency):
    """How much of the audio in `packets` (RTP, PCMU, 20 ms each; any SRTP tag past the 160
    payload octets left out) is the tone at `frequency`: near 1 for the tone in clear, near 0
    for noise — which is what encrypted payloads read as."""
    middle = packets[len(packets) // 4:3 * len(packets) // 4]
    samples = [mulaw(octet) for packet in middle for octet in packet[12:12 + 160]]
    total = math.sqrt(sum(x * x for x in samples) / max(len(samples), 1))
    return audio.tone_rms(samples, frequency, 8000) / max(total, 1e-9)


class Srtp(unittest.TestCase):
    def call_through_relay(self, srtp):
        """sipline (1 kHz) calls baresip (440 Hz) through a relay; both use SRTP when `srtp`.
        Returns (caller's packets, callee's packets) as they crossed the relay."""
        with peers.workdir("sipline-srtp.") as directory, audio.cpus_kept_awake():
            audio.write_tone(directory / "1k.wav", 1000, seconds=TONE_SECONDS)
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True,
                               extra_config=["module srtp.so"],
                               account_params=";mediaenc=srtp-mand" if srtp else "") as (
                                   _, bob_port, bob_log), MediaRelay(bob_port) as relay:
                with peers.sipline("--srtp", "mandatory" if srtp else "off", "--codecs", "PCMU",
                                   "--audio",
                                   f"file:{directory / '1k.wav'}:{directory / 'heard.wav'}",
                                   "--dial", f"sip:bob@127.0.0.1:{relay.sip_port}",
                                   "--sip-trace", stdin=subprocess.PIPE) as (phone, _, log):
                    peers.wait_for_log(log, "confirmed PCMU/8000")
                    peers.wait_for_log(log, "audio: the input file played to its end",
                                       timeout=30)
                    phone.stdin.write("hangup\n")
                    phone.stdin.flush()
                    peers.wait_for_log(log, "ended")
                    trace = log.read_text()
                peers.wait_for_log(bob_log, "terminated")
                caller, callee = relay.payloads("caller"), relay.payloads("callee")
            rate, heard = audio.read(directory / "heard.wav")
            middle = heard[len(heard) // 4:3 * len(heard) // 4]
            self.assertGreater(audio.tone_rms(middle, 440, rate), 3500, "sipline heard baresip")
            dumps = sorted((directory / "bob").glob("dump-*-dec.wav"))
            self.assertTrue(dumps, "baresip wrote no received-audio dump")
            rate, heard = audio.read(dumps[-1])
            middle = heard[len(heard) // 4:3 * len(heard) // 4]
            self.assertTrue(middle, "baresip decoded nothing of sipline's audio")
            self.assertGreater(audio.tone_rms(middle, 1000, rate), 3500, "baresip heard sipline")
            if srtp:
                self.assertIn("RTP/SAVP", trace)
                self.assertIn("inline:[redacted]", trace)  # keys never in the trace
                self.assertNotRegex(trace, r"inline:(?!\[redacted\])")
        self.assertGreater(len(caller), 100)
        self.assertGreater(len(callee), 100)
        return caller, callee

    def test_a_plain_call_crosses_in_clear(self):
        # The control: the relay's check sees each tone in clear RTP.
        caller, callee = self.call_through_relay(srtp=False)
        self.assertGreater(tone_share(caller, 1000), 0.8)
        self.assertGreater(tone_share(callee, 440), 0.8)

    def test_an_srtp_call_with_baresip_crosses_encrypted(self):
        caller, callee = self.call_through_relay(srtp=True)
        self.assertLess(tone_share(caller, 1000), 0.1)
        self.assertLess(tone_share(callee, 440), 0.1)

    def test_a_phone_that_requires_srtp_refuses_a_plain_call_with_488(self):
        with peers.workdir("sipline-srtp-488.") as directory, \
                peers.sipline("--srtp", "mandatory", "--audio", "null", "--sip-trace") as (
                    _, port, log):
            audio.write_tone(directory / "440.wav", 440, seconds=10, rate=8000)
            with peers.baresip(directory, "carol", directory / "440.wav", "pcmu",
                               dial=f"sip:x@127.0.0.1:{port}") as (_, _, carol_log):
                peers.wait_for_log(log, "rejected 488")
                peers.wait_for_log(carol_log, "488")
            self.assertNotIn("SIP/2.0 180", log.read_text())  # refused before it rang


if __name__ == "__main__":
    unittest.main()
