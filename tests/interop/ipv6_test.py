"""sipline over IPv6 on ::1: two phones call each other directly (sip:b@[::1]:PORT), and
through Kamailio listening on ::1 after registering there (sip:alice@[::1]:PORT), each hearing
the other's tone. Via, Contact and the Request-URI carry the address in brackets (RFC 3261
§25.1), the SDP says c=IN IP6 (RFC 4566 §5.7)."""
import subprocess
import unittest

import audio
import peers


class Ipv6(unittest.TestCase):
    def check_trace(self, trace):
        self.assertIn("Via: SIP/2.0/UDP [::1]:", trace)
        self.assertIn("@[::1]:", trace)
        self.assertIn("c=IN IP6 ::1", trace)
        self.assertNotIn("IN IP4", trace)

    def test_two_phones_call_each_other_on_ipv6(self):
        with peers.workdir("sipline-ipv6.") as directory:
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            with peers.sipline("--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}",
                               address="::1") as (_, b_port, b_log):
                with peers.sipline("--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", f"sip:b@[::1]:{b_port}", "--sip-trace",
                                   stdin=subprocess.PIPE, address="::1") as (alice, _, log):
                    peers.wait_for_log(log, " media ")
                    self.check_trace(log.read_text())
                    audio.talk_then_hang_up(directory, alice, b_log)
            audio.assert_each_heard_the_other(self, directory)

    def test_two_phones_call_through_kamailio_on_ipv6(self):
        with peers.kamailio(address="::1") as (port, klog), \
                peers.workdir("sipline-ipv6-kamailio.") as directory:
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            with peers.sipline("--account", f"sip:bob@[::1]:{port}", "--password", "bobpw",
                               "--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}",
                               address="::1") as (_, _, bob_log):
                peers.wait_for_log(bob_log, "registered (")
                with peers.sipline("--account", f"sip:alice@[::1]:{port}", "--password",
                                   "alicepw", "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "bob", "--sip-trace", stdin=subprocess.PIPE,
                                   address="::1") as (alice, _, log):
                    peers.wait_for_log(log, " media ")
                    self.check_trace(log.read_text())
                    audio.talk_then_hang_up(directory, alice, bob_log)
            audio.assert_each_heard_the_other(self, directory)
            self.assertIn("REQ INVITE sip:bob@[::1]", klog.read_text())


if __name__ == "__main__":
    unittest.main()
