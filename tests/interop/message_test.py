"""SIP MESSAGE (RFC 3428) between sipline and real peers on 127.0.0.1: a text to baresip 1.0 (it
prints what it got), texts from a SIPp sender (a typing notice taken and not shown, an image
refused 415), a text from baresip 1.0 (its contact module's `message` command, to the contact
set to sipline), and two phones registered at Kamailio texting each other through it while it
challenges every MESSAGE for a digest."""
import subprocess
import unittest

import audio
import peers


def say(phone, line):
    phone.stdin.write(line + "\n")
    phone.stdin.flush()


class Messages(unittest.TestCase):
    def test_a_text_reaches_baresip(self):
        with peers.workdir("sipline-message.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=30, rate=8000)
            # The stdio UI: baresip's menu prints a text it gets there ('sip:…: "text"').
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                               extra_config=("module stdio.so",), stdin=subprocess.PIPE) as (
                    _, bob_port, bob_log), \
                    peers.sipline(stdin=subprocess.PIPE) as (phone, _, log):
                say(phone, f"message sip:bob@127.0.0.1:{bob_port} héllo, bob: 1 + 1 = 2")
                peers.wait_for_log(log, f"message 1 to sip:bob@127.0.0.1:{bob_port}: delivered "
                                        "(200)", phone)
                peers.wait_for_log(bob_log, '"héllo, bob: 1 + 1 = 2"')
                # MicroSIP's dial string "NUMBER TEXT" sends a text too, not a call.
                say(phone, f"dial sip:bob@127.0.0.1:{bob_port} second one")
                peers.wait_for_log(log, "message 2 to ", phone)
                peers.wait_for_log(bob_log, '"second one"')
                self.assertNotIn("calling", log.read_text())

    def test_a_text_from_baresip(self):
        with peers.workdir("sipline-message-in.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=30, rate=8000)
            with peers.sipline() as (phone, port, log):
                # baresip's contact module messages its current contact: sipline, the only one.
                (directory / "bob").mkdir(parents=True, exist_ok=True)
                (directory / "bob" / "contacts").write_text(
                    f'"sipline" <sip:sipline@127.0.0.1:{port}>\n')
                with peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                                   extra_config=("module_app contact.so",)):
                    reply = peers.baresip_command(directory, "bob", "message", "héllo, sipline")
                    self.assertIn('"ok":true', reply)
                    peers.wait_for_log(log, "message from ", phone)
                lines = [line for line in log.read_text().splitlines()
                         if line.startswith("message")]
                self.assertEqual(len(lines), 1, lines)
                self.assertRegex(lines[0], r"^message from <sip:bob@127\.0\.0\.1>;tag=[^:]+: "
                                           r"héllo, sipline$")

    def test_texts_from_a_sipp_sender(self):
        with peers.sipline() as (phone, port, log):
            local, control = peers.free_port(), peers.free_port()
            uac = subprocess.run(
                ["sipp", f"{peers.LOOPBACK}:{port}", "-sf",
                 str(peers.PEER_FILES / "message_uac.xml"), "-s", "sipline", "-i",
                 peers.LOOPBACK, "-p", str(local), "-cp", str(control), "-m", "1", "-nostdin",
                 "-timeout", "30s", "-timeout_error"], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, check=False, timeout=60)
            self.assertEqual(uac.returncode, 0, uac.stdout[-3000:])
            peers.wait_for_log(log, "message from ", phone)
            lines = [line for line in log.read_text().splitlines() if line.startswith("message")]
            self.assertEqual(len(lines), 1, lines)
            self.assertRegex(lines[0], f'^message from "SIPp Tester" <sip:sipp@{peers.LOOPBACK}:'
                                       f'{local}>;tag=[^:]+: hello from sipp$')

    def test_two_phones_text_each_other_through_kamailio_with_digest(self):
        with peers.kamailio(invite_auth=True) as (port, klog):
            with peers.sipline("--account", f"sip:bob@127.0.0.1:{port}", "--password", "bobpw",
                               stdin=subprocess.PIPE) as (bob, _, bob_log), \
                    peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                                  "alicepw", "--sip-trace", stdin=subprocess.PIPE) as (
                                      alice, _, log):
                peers.wait_for_log(bob_log, "registered", bob)
                peers.wait_for_log(log, "registered", alice)
                say(alice, "message bob are you free at 3?")
                peers.wait_for_log(bob_log, "are you free at 3?", bob)
                peers.wait_for_log(log, "message 1 to sip:bob@", alice)
                self.assertIn(": delivered (200)", log.read_text())
                say(bob, "message alice yes")
                peers.wait_for_log(log, "message from ", alice)
                self.assertIn(": yes", log.read_text())
                peers.wait_for_log(bob_log, "message 1 to sip:alice@", bob)
                self.assertIn("Proxy-Authorization: Digest", log.read_text())
            # Kamailio challenged the first MESSAGE (407) and took the second with credentials.
            self.assertGreaterEqual(klog.read_text().count("REQ MESSAGE sip:bob@"), 2)


if __name__ == "__main__":
    unittest.main()
