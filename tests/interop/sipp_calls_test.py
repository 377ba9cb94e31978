"""sipline against SIPp, for real on 127.0.0.1: SIPp's built-in uac places 100 calls to sipline
answering automatically (all must succeed, and sipline must see each one end by the peer's BYE);
sipline dials SIPp's built-in uas and hangs up from its console; sipline hears early media from a
callee that sends 183 with SDP and never answers; a caller that sends INVITE and CANCEL back to
back either cancels the call (487) or, when the answer came first, keeps it (ACK, BYE 200)."""
import subprocess
import unittest

import audio
import peers


class SippCalls(unittest.TestCase):
    def test_sipp_uac_places_100_calls_to_sipline_auto_answering(self):
        with peers.sipline("--auto-answer") as (_, port, log):
            result = peers.sipp([f"{peers.LOOPBACK}:{port}", "-sn", "uac", "-m", "100", "-r", "25",
                                 "-timeout", "60s", "-timeout_error"], timeout=120)
            self.assertEqual(result.returncode, 0, result.stdout[-3000:])
            # SIPp has its last 200 for BYE; sipline prints the end just after sending it.
            peers.wait_for_log_count(log, " ended 200 by peer", 100)
            text = log.read_text()
            self.assertEqual(text.count(" confirmed PCMU/8000"), 100, text[-2000:])
            self.assertEqual(text.count(" ended 200 by peer"), 100, text[-2000:])

    def test_invite_and_cancel_back_to_back_cancel_the_call_or_leave_it_up(self):
        # RFC 3261 §9.2. Auto-answering, sipline has sent its 200 before the CANCEL arrives: the
        # CANCEL gets 200 and changes nothing, the call goes on to SIPp's ACK and BYE. Ringing
        # only, the CANCEL ends the call with 487. The scenario takes either outcome, with the
        # responses in any order; sipline's log says which one each call took.
        for args, outcome in ((("--auto-answer",), "ended 200 by peer"), ((), "ended 487 by peer")):
            with self.subTest(outcome=outcome), peers.sipline(*args) as (_, port, log):
                result = peers.sipp([f"{peers.LOOPBACK}:{port}", "-sf",
                                     str(peers.PEER_FILES / "cancel_race_uac.xml"), "-s", "bob",
                                     "-m", "20", "-r", "10", "-recv_timeout", "20000",
                                     "-timeout", "60s", "-timeout_error"], timeout=120)
                self.assertEqual(result.returncode, 0, result.stdout[-3000:])
                peers.wait_for_log_count(log, outcome, 20)
                text = log.read_text()
                self.assertEqual(text.count(" ended "), 20, text[-2000:])
                self.assertEqual(text.count(outcome), 20, text[-2000:])

    def test_sipline_dials_sipp_uas_and_hangs_up(self):
        uas_port = peers.free_port()
        control = peers.free_port()
        uas = subprocess.Popen(["sipp", "-sn", "uas", "-i", peers.LOOPBACK, "-p", str(uas_port),
                                "-cp", str(control), "-m", "1", "-nostdin", "-timeout", "30s",
                                "-timeout_error"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        try:
            peers.wait_for_port(uas_port, "udp")
            with peers.sipline("--dial", f"sip:service@{peers.LOOPBACK}:{uas_port}",
                               stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, " confirmed ")
                self.assertIn("ringing (180)", log.read_text())
                self.assertIn(" confirmed PCMU/8000", log.read_text())
                phone.stdin.write("hangup\n")
                phone.stdin.flush()
                output, _ = uas.communicate(timeout=30)
                self.assertEqual(uas.returncode, 0, output[-3000:])
                self.assertIn("call 1 ended 200", log.read_text())
        finally:
            peers.stop(uas)

    def test_early_media_is_heard_before_and_without_an_answer(self):
        # SIPp answers 183 with SDP for its RTP echo port and never 200: everything sipline
        # hears is its own tone coming back during early media, then the call ends 486.
        uas_port, control, echo = peers.free_port(), peers.free_port(), peers.free_port()
        with peers.workdir("sipline-early-media.") as directory:
            audio.write_tone(directory / "tone.wav", 1000, seconds=20)
            uas = subprocess.Popen(
                ["sipp", "-sf", str(peers.PEER_FILES / "early_media_uas.xml"), "-i",
                 peers.LOOPBACK, "-p", str(uas_port), "-cp", str(control), "-m", "1", "-nostdin",
                 "-rtp_echo", "-mp", str(echo), "-timeout", "30s", "-timeout_error"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            try:
                peers.wait_for_port(uas_port, "udp")
                with peers.sipline("--dial", f"sip:service@{peers.LOOPBACK}:{uas_port}", "--audio",
                                   f"file:{directory / 'tone.wav'}:{directory / 'heard.wav'}",
                                   stdin=subprocess.PIPE) as (phone, _, log):
                    peers.wait_for_log(log, "call 1 early media PCMU/8000")
                    peers.wait_for_log(log, "call 1 ended 486", timeout=15)
                    phone.stdin.write("quit\n")
                    phone.stdin.flush()
                    phone.wait(10)
                    self.assertNotIn(" confirmed", log.read_text())
                output, _ = uas.communicate(timeout=30)
                self.assertEqual(uas.returncode, 0, output[-3000:])
            finally:
                peers.stop(uas)
            rate, samples = audio.read(directory / "heard.wav")
            loudest = max(audio.tone_rms(samples[i:i + rate // 2], 1000, rate)
                          for i in range(0, len(samples) - rate // 2, rate // 4))
            self.assertGreater(loudest, 4500, "no 1000 Hz tone came back during early media")


if __name__ == "__main__":
    unittest.main()
