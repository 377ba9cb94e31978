"""Reliable provisional responses (RFC 3262) against SIPp, for real on 127.0.0.1: sipline calls
a callee whose 180 requires 100rel and PRACKs it (RAck matching its RSeq) before the answer; a
caller that requires 100rel gets a reliable 180 from sipline, PRACKs it and gets 200, then the
call is answered from sipline's console and ends by BYE. In the first, the tone sipline sends is
heard at the callee's media address (rtp.Sink): the PRACKed call carries media. A caller that
supports 100rel gets early media (console `early`): a reliable 183 with sipline's answer, PRACKed,
and sipline's tone heard before the call is answered."""
import subprocess
import unittest

import audio
import peers
import rtp

TONE = 1000


class Prack(unittest.TestCase):
    def test_sipline_pracks_a_reliable_180(self):
        with peers.workdir("sipline-prack.") as directory, rtp.Sink() as sink:
            audio.write_tone(directory / "1k.wav", TONE, seconds=30)
            with peers.sipp_uas("prack_uas.xml", {"rtp_port": sink.port}) as (uas, uas_port):
                with peers.sipline("--audio", f"file:{directory / '1k.wav'}:{directory / 'o.wav'}",
                                   "--dial", f"sip:service@{peers.LOOPBACK}:{uas_port}",
                                   stdin=subprocess.PIPE) as (phone, _, log):
                    peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                    self.assertIn("call 1 ringing (180)", log.read_text())
                    sink.wait_for(50)
                    phone.stdin.write("hangup\n")
                    phone.stdin.flush()
                    peers.wait_for_log(log, "call 1 ended 200", phone)
                    output, _ = uas.communicate(timeout=30)
                    self.assertEqual(uas.returncode, 0, output[-3000:])
            level = audio.tone_rms(sink.pcmu(10, 50), TONE, 8000)
            self.assertGreater(level, 4000, f"{TONE} Hz at {level:.0f} rms")

    @staticmethod
    def sipp_caller(scenario, port, sink):
        """SIPp placing one call to sipline at `port` with `scenario`, its media at `sink`."""
        local, control = peers.free_port(), peers.free_port()
        return subprocess.Popen(
            ["sipp", f"{peers.LOOPBACK}:{port}", "-sf", str(peers.PEER_FILES / scenario), "-s",
             "bob", "-i", peers.LOOPBACK, "-p", str(local), "-cp", str(control), "-m", "1",
             "-key", "rtp_port", str(sink.port), "-nostdin", "-timeout", "30s",
             "-timeout_error"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    @staticmethod
    def say(phone, line):
        phone.stdin.write(line + "\n")
        phone.stdin.flush()

    def answer_and_finish(self, phone, log, uac):
        """Answers the call on sipline's console; SIPp hangs up and must have passed."""
        self.say(phone, "answer")
        peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
        output, _ = uac.communicate(timeout=30)
        self.assertEqual(uac.returncode, 0, output[-3000:])

    def test_a_caller_supporting_100rel_gets_early_media_in_a_reliable_183(self):
        with peers.workdir("sipline-early.") as directory, rtp.Sink() as sink:
            audio.write_tone(directory / "1k.wav", TONE, seconds=30)
            with peers.sipline("--sip-trace", "--audio",
                               f"file:{directory / '1k.wav'}:{directory / 'o.wav'}",
                               stdin=subprocess.PIPE) as (phone, port, log):
                uac = self.sipp_caller("early_media_uac.xml", port, sink)
                try:
                    peers.wait_for_log(log, "call 1 incoming", phone)
                    self.say(phone, "early")
                    peers.wait_for_log(log, "call 1 early media PCMU/8000", phone)
                    peers.wait_for_log_count(log, "CSeq: 2 PRACK", 2, process=phone)
                    sink.wait_for(50)  # heard before `answer`: no 200 can have gone yet
                    self.answer_and_finish(phone, log, uac)
                finally:
                    peers.stop(uac)
            level = audio.tone_rms(sink.pcmu(10, 50), TONE, 8000)
            self.assertGreater(level, 4000, f"early media: {TONE} Hz at {level:.0f} rms")

    def test_a_caller_requiring_100rel_gets_a_reliable_180(self):
        with rtp.Sink() as sink:
            with peers.sipline("--sip-trace", stdin=subprocess.PIPE) as (phone, port, log):
                uac = self.sipp_caller("prack_uac.xml", port, sink)
                try:
                    # Its PRACK came and was answered (both traced), then we answer the call.
                    peers.wait_for_log_count(log, "CSeq: 2 PRACK", 2, process=phone)
                    self.answer_and_finish(phone, log, uac)
                finally:
                    peers.stop(uac)
                self.assertIn("call 1 confirmed PCMU/8000", log.read_text())
                self.assertIn("RSeq: ", log.read_text())


if __name__ == "__main__":
    unittest.main()
