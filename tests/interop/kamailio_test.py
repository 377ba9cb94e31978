"""sipline with Kamailio as registrar and proxy with digest auth (MD5, then SHA-256): it registers,
and unregisters when it quits; two sipline phones registered there call each other through it by
user name, with audio both ways — also with Kamailio named as their outbound proxy for a domain
the DNS does not know."""
import re
import subprocess
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
        # sipline's own trace counts what it sent: the REGISTER and its answer to the challenge,
        # then nothing for the second 401 (a retry would leave in the same turn of its loop as
        # the failure line; the console's reply to `calls` comes in a later one).
        with peers.kamailio() as (port, klog):
            with peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                               "wrong", "--sip-trace", stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "failed (401)")
                phone.stdin.write("calls\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "no calls")
                sent = re.findall(r"^>>> [^\n]*\n(\S+) ", log.read_text(), re.M)
                self.assertEqual(sent, ["REGISTER", "REGISTER"], log.read_text()[-3000:])
            peers.wait_for_log_count(klog, "REQ REGISTER", 2)

    def test_two_phones_call_each_other_through_kamailio(self):
        self.call_through_kamailio(invite_auth=False)

    def test_calls_through_kamailio_that_authenticates_invites(self):
        # Kamailio answers the INVITE with 407 in the realm it registered us in: answered.
        self.call_through_kamailio(invite_auth=True)

    def test_accounts_from_a_microsip_ini_file(self):
        # A MicroSIP-style ini (window keys included, ignored): Account1 has a wrong password and
        # fails; Account2 registers and is the default (accountId=2), so "dial bob" goes from it,
        # through Kamailio, which authenticates the INVITE in Account2's realm.
        with peers.kamailio(invite_auth=True) as (port, _), \
                peers.workdir("sipline-kamailio-ini.") as directory:
            config = directory / "microsip.ini"
            config.write_text(
                "[Settings]\r\naccountId=2\r\nmainX=965\r\nmainY=383\r\nautoAnswer=0\r\n"
                "cmdCallStart=\r\n[Account1]\r\nlabel=Alice desk\r\n"
                f"server=127.0.0.1:{port}\r\ndomain=127.0.0.1:{port}\r\nusername=alice\r\n"
                "password=wrong\r\ntransport=udp\r\nSRTP=\r\nICE=0\r\n[Account2]\r\n"
                f"server=127.0.0.1:{port}\r\nusername=sipp\r\npassword=sipppw\r\n"
                "displayName=Load \"Test\"\r\ninstanceId=urn:uuid:00000000-0000-1000-8000-"
                "000000000002\r\n")
            with peers.sipline("--account", f"sip:bob@127.0.0.1:{port}", "--password", "bobpw",
                               "--auto-answer") as (_, _, bob_log):
                peers.wait_for_log(bob_log, "registered")
                with peers.sipline("--config", str(config), stdin=subprocess.PIPE) as (
                        phone, _, log):
                    peers.wait_for_log(log, "registration Alice desk: failed (401)")
                    peers.wait_for_log(log, f"registration sip:sipp@127.0.0.1:{port}: registered")
                    phone.stdin.write("reg\ndial bob\n")
                    phone.stdin.flush()
                    peers.wait_for_log(log, f"2* sip:sipp@127.0.0.1:{port}: registered")
                    peers.wait_for_log(log, "1 Alice desk: failed")
                    peers.wait_for_log(log, " confirmed ")
                    phone.stdin.write("hangup\nquit\n")
                    phone.stdin.flush()
                    phone.wait(10)
                    peers.wait_for_log(log, "unregistered (200)")
                peers.wait_for_log(bob_log, "ended 200 by peer")
                incoming = [line for line in bob_log.read_text().splitlines()
                            if " incoming from " in line]
                self.assertEqual(len(incoming), 1, incoming)
                self.assertIn(f'"Load \\"Test\\"" <sip:sipp@127.0.0.1:{port}>', incoming[0])

    def test_a_bad_ini_value_is_one_line_naming_file_line_and_key(self):
        with peers.workdir("sipline-ini.") as directory:
            config = directory / "bad.ini"
            config.write_text("[Settings]\nautoAnswer=1\n\n[Account1]\nserver=127.0.0.1\n"
                              "username=alice\nSRTP=sometimes\n")
            binary = peers.sipline_binary()
            result = subprocess.run([str(binary), "--config", str(config)], capture_output=True,
                                    text=True, timeout=10, stdin=subprocess.DEVNULL)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr, f"sipline: {config}:7: [Account1] SRTP: needs off (or "
                                             "empty), optional or mandatory, got 'sometimes'\n")

    def test_two_phones_call_through_kamailio_as_their_outbound_proxy(self):
        # The accounts' domain is not in the DNS (pbx.invalid): every request goes to Kamailio
        # named as the outbound proxy, with a loose Route to it.
        self.call_through_kamailio(invite_auth=False, proxy=True)

    def call_through_kamailio(self, invite_auth, proxy=False):
        with peers.kamailio(invite_auth=invite_auth) as (port, klog), \
                peers.workdir("sipline-kamailio-call.") as directory:
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            domain = "pbx.invalid" if proxy else f"127.0.0.1:{port}"
            through = ["--proxy", f"127.0.0.1:{port}"] if proxy else []
            with peers.sipline("--account", f"sip:bob@{domain}", *through, "--password", "bobpw",
                               "--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, _, bob_log):
                peers.wait_for_log(bob_log, "registered")
                with peers.sipline("--account", f"sip:alice@{domain}", *through, "--password",
                                   "alicepw", "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "bob", stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, " media ")
                    audio.talk_then_hang_up(directory, alice, bob_log)
            audio.assert_each_heard_the_other(self, directory)
            if proxy:  # the requests named the domain; Kamailio was only the next hop
                self.assertIn("REQ REGISTER sip:pbx.invalid from", klog.read_text())
                self.assertIn("REQ INVITE sip:bob@pbx.invalid from", klog.read_text())
            if invite_auth:  # the first INVITE was challenged, the second carried credentials
                self.assertGreaterEqual(klog.read_text().count("REQ INVITE"), 2)


if __name__ == "__main__":
    unittest.main()
