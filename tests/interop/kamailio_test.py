"""sipline with Kamailio as registrar and proxy with digest auth (MD5, then SHA-256): it registers,
and unregisters when it quits; two sipline phones registered there call each other through it by
user name, with audio both ways."""
import subprocess
import time
import unittest

import audio
import peers


class Kamailio(unittest.TestCase):
    def test_register_and_unregister_with_md5_and_sha256(self):
        for algorithm in ("MD5", "SHA-256"):
            with self.subTest(algorithm=algorithm), peers.kamailio(algorithm) as (port, klog):
                with peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                                   "alicepw", stdin=subprocess.PIPE) as (phone, _, log):
                    peers.wait_for_log(log, "registration sip:alice@127.0.0.1:%d: registered" % port)
                    phone.stdin.write("quit\n")
                    phone.stdin.flush()
                    phone.wait(10)
                    peers.wait_for_log(log, "unregistered (200)")
                self.assertGreaterEqual(klog.read_text().count("REQ REGISTER"), 3)  # 401, 200, 0

    def test_the_registration_is_refreshed_before_it_expires(self):
        # Kamailio's shortest lifetime is 60 s (min_expires); sipline refreshes halfway.
        with peers.kamailio() as (port, klog):
            with peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                               "alicepw", "--register-expires", "60",
                               stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "registered (60 s)")
                start = log.read_text().count("registered (60 s)")
                peers.wait_for_log_count(log, "registered (60 s)", start + 1, timeout=40)
                phone.stdin.write("reg\n")
                phone.stdin.flush()
                peers.wait_for_log(log, f"sip:alice@127.0.0.1:{port}: registered (60 s)")
            # the first REGISTER, its answer to the challenge, and the refresh (answered at once
            # with the nonce it already had, or challenged again)
            self.assertGreaterEqual(klog.read_text().count("REQ REGISTER"), 3)

    def test_a_wrong_password_fails_without_a_loop(self):
        with peers.kamailio() as (port, klog):
            with peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                               "wrong") as (_, _, log):
                peers.wait_for_log(log, "failed (401)")
                time.sleep(1)
            self.assertEqual(klog.read_text().count("REQ REGISTER"), 2)

    def test_two_phones_call_each_other_through_kamailio(self):
        self.call_through_kamailio(invite_auth=False)

    def test_calls_through_kamailio_that_authenticates_invites(self):
        # Kamailio answers the INVITE with 407 in the realm it registered us in: answered.
        self.call_through_kamailio(invite_auth=True)

    def call_through_kamailio(self, invite_auth):
        with peers.kamailio(invite_auth=invite_auth) as (port, klog), \
                peers.workdir("sipline-kamailio-call.") as directory:
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            with peers.sipline("--account", f"sip:bob@127.0.0.1:{port}", "--password", "bobpw",
                               "--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, _, bob_log):
                peers.wait_for_log(bob_log, "registered")
                with peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                                   "alicepw", "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "bob", stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, " media ")
                    time.sleep(3)
                    alice.stdin.write("hangup\nquit\n")
                    alice.stdin.flush()
                    alice.wait(10)
                peers.wait_for_log(bob_log, "ended 200 by peer")
            for heard, expected in (("a-heard.wav", 600), ("b-heard.wav", 1000)):
                rate, samples = audio.read(directory / heard)
                middle = samples[int(1.5 * rate):int(2.5 * rate)]
                self.assertGreater(audio.tone_rms(middle, expected, rate), 4500, heard)
            if invite_auth:  # the first INVITE was challenged, the second carried credentials
                self.assertGreaterEqual(klog.read_text().count("REQ INVITE"), 2)


if __name__ == "__main__":
    unittest.main()
