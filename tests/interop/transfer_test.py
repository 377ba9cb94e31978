"""Call transfer (RFC 3515) on 127.0.0.1, both roles, audio checked: baresip 1.0 transfers a call
with sipline to another baresip (sipline follows the REFER, its NOTIFYs tell baresip, and sipline
then hears the new callee's tone); sipline transfers a baresip to another (blind, `transfer`; the
target hears the transferee's tone); an attended transfer (`atransfer`) between three siplines
(the target takes the INVITE with Replaces, RFC 3891, in place of its call with the
transferor); and SIPp in both roles: a transferor checking our three NOTIFYs, and a transferee
checking our Refer-To (blind, and attended with its escaped Replaces)."""
import subprocess
import unittest

import audio
import peers


def loudest(path, frequency):
    """The strongest 20 ms level of `frequency` in the WAV file at `path`."""
    rate, samples = audio.read(path)
    windows = audio.tone_windows(samples, frequency, rate)
    return max((level for _, level in windows), default=0.0)


class Transfer(unittest.TestCase):
    def test_baresip_transfers_sipline_to_another_baresip(self):
        with peers.workdir("sipline-xfer-in.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            audio.write_tone(directory / "700.wav", 700, seconds=60, rate=8000)
            audio.write_tone(directory / "quiet.wav", 1000, seconds=60, amplitude=0)
            heard = directory / "heard.wav"
            with peers.baresip(directory, "carol", directory / "700.wav", "pcmu",
                               answer=True) as (_, carol_port, _), \
                    peers.sipline("--auto-answer", "--codecs", "PCMU", "--audio",
                                  f"file:{directory / 'quiet.wav'}:{heard}",
                                  stdin=subprocess.PIPE) as (bob, bob_port, log), \
                    peers.baresip(directory, "alice", directory / "440.wav", "pcmu",
                                  dial=f"sip:bob@127.0.0.1:{bob_port}"):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", bob)
                target = f"sip:carol@127.0.0.1:{carol_port}"
                peers.baresip_command(directory, "alice", "transfer", target)
                peers.wait_for_log(log, f"call 1: the peer transfers us to {target}: now call 2",
                                   bob)
                peers.wait_for_log(log, "call 2 confirmed PCMU/8000", bob)
                peers.wait_for_log(log, "call 1 ended 200 by peer", bob)  # baresip hung up
                peers.wait_for_recording(heard, peers.recorded_seconds(heard) + 2.0)
                peers.ask(bob, "hangup")
                peers.wait_for_log(log, "call 2 ended 200", bob)
            self.assertGreater(loudest(heard, 700), 4500, "carol's tone was not heard")

    def test_sipline_transfers_baresip_to_another_baresip(self):
        with peers.workdir("sipline-xfer-out.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            audio.write_tone(directory / "700.wav", 700, seconds=60, rate=8000)
            with peers.baresip(directory, "carol", directory / "700.wav", "pcmu",
                               answer=True) as (_, carol_port, _), \
                    peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                                  answer=True) as (_, bob_port, _), \
                    peers.sipline("--codecs", "PCMU", "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (alice, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", alice)
                peers.ask(alice, f"transfer 1 sip:carol@127.0.0.1:{carol_port}")
                peers.wait_for_log(log, f"call 1 transferring to sip:carol@127.0.0.1:{carol_port}",
                                   alice)
                peers.wait_for_log(log, "call 1 transferred (200)", alice)
                peers.wait_for_log(log, "call 1 ended 200", alice)
                # Carol talks to Bob now: two seconds of what she received, from its start; Bob's
                # newest dump is of his call with her.
                dump = peers.baresip_dump(directory / "carol")
                peers.wait_for_recording(dump, 2.0)
                bob_dump = sorted((directory / "bob").glob("dump-*-dec.wav"))[-1]
                peers.wait_for_recording(bob_dump, 2.0)
            self.assertGreater(loudest(dump, 440), 4500, "carol did not hear bob's tone")
            self.assertGreater(loudest(bob_dump, 700), 4500, "bob did not hear carol's tone")

    def test_attended_transfer_puts_the_transferee_through_to_the_target(self):
        """baresip 1.0 cannot take part in an attended transfer (it dials the Refer-To URI with
        its Replaces left in the Request-URI, and sends no Replaces header): three siplines
        here, Bob put through to Carol in place of Alice, who talked to both."""
        with peers.workdir("sipline-xfer-att.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60)
            audio.write_tone(directory / "quiet.wav", 1000, seconds=60, amplitude=0)
            heard = directory / "carol-heard.wav"
            with peers.sipline("--auto-answer", "--codecs", "PCMU", "--audio",
                               f"file:{directory / 'quiet.wav'}:{heard}",
                               stdin=subprocess.PIPE) as (carol, carol_port, carol_log), \
                    peers.sipline("--auto-answer", "--codecs", "PCMU", "--audio",
                                  f"file:{directory / '440.wav'}:{directory / 'bob-heard.wav'}",
                                  stdin=subprocess.PIPE) as (bob, bob_port, bob_log), \
                    peers.sipline("--codecs", "PCMU", "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (alice, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", alice)
                peers.ask(alice, "hold 1")
                peers.wait_for_log(log, "call 1 on hold", alice)
                peers.ask(alice, f"dial sip:carol@127.0.0.1:{carol_port}")
                peers.wait_for_log(log, "call 2 confirmed PCMU/8000", alice)
                peers.ask(alice, "atransfer 1 2")
                peers.wait_for_log(log, "call 1 transferred (200)", alice)
                peers.wait_for_log(log, "call 2 ended 200 by peer", alice)  # carol replaced it
                peers.wait_for_log(log, "call 1 ended 200", alice)
                peers.wait_for_log(bob_log, "call 1: the peer transfers us to sip:carol@", bob)
                peers.wait_for_log(carol_log, "call 2 replaces call 1", carol)
                peers.wait_for_log(carol_log, "call 1 ended 200", carol)
                peers.wait_for_recording(heard, peers.recorded_seconds(heard) + 2.0)
                peers.ask(carol, "hangup")
                peers.wait_for_log(carol_log, "call 2 ended 200", carol)
            self.assertGreater(loudest(heard, 440), 4500, "carol did not hear bob's tone")


class SippTransfer(unittest.TestCase):
    def test_a_sipp_transferor_hears_each_step_in_notifies(self):
        with peers.workdir("sipline-xfer-sipp-in.") as directory, \
                peers.sipline("--auto-answer") as (carol, carol_port, carol_log), \
                peers.sipline("--auto-answer") as (bob, bob_port, log):
            target = f"sip:carol@127.0.0.1:{carol_port}"
            done = peers.sipp([f"127.0.0.1:{bob_port}", "-sf", str(peers.PEER_FILES /
                                                                  "refer_uac.xml"),
                               "-key", "target", target, "-s", "bob", "-m", "1", "-timeout",
                               "30s", "-timeout_error"], cwd=directory)
            self.assertEqual(done.returncode, 0, done.stdout[-3000:] + done.stderr[-2000:])
            peers.wait_for_log(log, f"call 1: the peer transfers us to {target}: now call 2", bob)
            peers.wait_for_log(log, "call 1 ended 200 by peer", bob)
            peers.wait_for_log(carol_log, "call 1 confirmed", carol)
            self.assertIn("call 2 confirmed", log.read_text())

    def refer_to_sipp(self, refer_to_pattern, attended):
        with peers.workdir("sipline-xfer-sipp-out.") as directory:
            scenario = (peers.PEER_FILES / "refer_uas.xml").read_text().replace(
                "@TARGET@", refer_to_pattern)
            (directory / "refer_uas.xml").write_text(scenario)
            with peers.sipline("--auto-answer") as (_, carol_port, _), \
                    peers.sipp_uas(str(directory / "refer_uas.xml"), {}) as (uas, uas_port), \
                    peers.sipline("--dial", f"sip:bob@127.0.0.1:{uas_port}",
                                  stdin=subprocess.PIPE) as (alice, _, log):
                peers.wait_for_log(log, "call 1 confirmed", alice)
                if attended:
                    peers.ask(alice, f"dial sip:carol@127.0.0.1:{carol_port}")
                    peers.wait_for_log(log, "call 2 confirmed", alice)
                    peers.ask(alice, "atransfer 1 2")
                else:
                    peers.ask(alice, "transfer sip:carol@192.0.2.9:5080")
                peers.wait_for_log(log, "call 1 transferred (200)", alice)
                peers.wait_for_log(log, "call 1 ended 200", alice)
                output, _ = uas.communicate(timeout=30)
                self.assertEqual(uas.returncode, 0, output[-3000:])

    def test_sipline_refers_a_sipp_transferee(self):
        self.refer_to_sipp(r"sip:carol@192\.0\.2\.9:5080>$", attended=False)

    def test_an_attended_refer_carries_an_escaped_replaces(self):
        self.refer_to_sipp(r"sip:carol@127\.0\.0\.1:[0-9]+\?Replaces=[^;?&%]+%3Bto-tag%3D"
                           r"[^;?&%]+%3Bfrom-tag%3D[^;?&%]+>$", attended=True)

    def test_a_wrong_refer_to_fails_sipp(self):
        """The checks above can fail: SIPp refuses a Refer-To that is not the one asked for."""
        with self.assertRaises(AssertionError):
            self.refer_to_sipp(r"sip:dave@", attended=False)


if __name__ == "__main__":
    unittest.main()
