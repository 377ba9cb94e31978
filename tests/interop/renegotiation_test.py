"""Offers inside calls against SIPp, for real on 127.0.0.1, with the audio sipline sends heard
at sockets the test reads (rtp.Sink) rather than counted: sipline holds a callee and resumes it
(its 1 kHz tone, then silence in a stream that goes on, then the tone again: RFC 3264 §8.4), by
re-INVITE and by UPDATE (RFC 3311); a
caller moves its media to another port by re-INVITE and the tone follows at once; a caller with
no SDP in its INVITE gets sipline's offer in the 200 and is heard from the answer in its ACK.
(Session timers are session_timer_test: its 45 s wait is not worth repeating under ASan.)"""
import subprocess
import unittest

import audio
import peers
import rtp

TONE = 1000
FULL_SCALE_RMS = 8000 / 2 ** 0.5  # the input tone's level (8000 peak)
PACKETS_PER_PHASE = 50  # 1 s of 20 ms packets
SKIP = 10  # packets around a change still in flight, or sent before the change took effect


class Renegotiation(unittest.TestCase):
    def assert_tone(self, sink, first, last, what):
        level = audio.tone_rms(sink.pcmu(first, last), TONE, 8000)
        self.assertGreater(level, FULL_SCALE_RMS * 0.7, f"{what}: {TONE} Hz at {level:.0f} rms")

    def assert_silence(self, sink, first, last, what):
        samples = sink.pcmu(first, last)
        self.assertGreater(len(samples), 8000 * 0.5, f"{what}: the stream stopped")
        level = audio.tone_rms(samples, TONE, 8000)
        self.assertLess(level, 50, f"{what}: {TONE} Hz at {level:.0f} rms, not silence")

    def test_sipline_holds_and_resumes_a_sipp_callee(self):
        self.hold_and_resume("hold_resume_uas.xml")

    def test_sipline_holds_and_resumes_by_update_when_asked(self):
        # RFC 3311: the callee allows UPDATE; the scenario fails on a re-INVITE.
        self.hold_and_resume("hold_resume_update_uas.xml", "--mid-call-offers", "update")

    def hold_and_resume(self, scenario, *options):
        """sipline calls SIPp's `scenario`, holds it and resumes it; SIPp checks the offers, the
        test what sipline sent: its tone, silence while held, then the tone again."""
        with peers.workdir("sipline-hold.") as directory, rtp.Sink() as sink:
            audio.write_tone(directory / "1k.wav", TONE, seconds=30)
            with peers.sipp_uas(scenario, {"rtp_port": sink.port}) as (uas, uas_port):
                with peers.sipline("--audio", f"file:{directory / '1k.wav'}:{directory / 'out.wav'}",
                                   "--dial", f"sip:service@{peers.LOOPBACK}:{uas_port}", *options,
                                   stdin=subprocess.PIPE) as (phone, _, log):
                    def command(line, event):
                        phone.stdin.write(line + "\n")
                        phone.stdin.flush()
                        peers.wait_for_log(log, event, phone)
                        return len(sink.packets)

                    peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                    sink.wait_for(PACKETS_PER_PHASE)
                    held = command("hold", "call 1 on hold")
                    sink.wait_for(held + PACKETS_PER_PHASE)
                    resumed = command("resume", "call 1 resumed")
                    sink.wait_for(resumed + PACKETS_PER_PHASE)
                    command("hangup", "call 1 ended 200")
                    output, _ = uas.communicate(timeout=30)
                    self.assertEqual(uas.returncode, 0, output[-3000:])
            self.assert_tone(sink, SKIP, held, "before the hold")
            # The resume's first packets may come before its line is seen: leave them out.
            self.assert_silence(sink, held + SKIP, resumed - SKIP, "on hold")
            self.assert_tone(sink, resumed + SKIP, resumed + PACKETS_PER_PHASE, "resumed")

    def run_sipp_caller(self, scenario, keys):
        """sipline answering automatically with its tone; SIPp's `scenario` calls it with
        `keys` (-key name value); returns sipline's log text once SIPp has hung up."""
        with peers.workdir("sipline-reoffer.") as directory:
            audio.write_tone(directory / "1k.wav", TONE, seconds=30)
            with peers.sipline("--auto-answer", "--audio",
                               f"file:{directory / '1k.wav'}:{directory / 'out.wav'}") as (
                                   _, port, log):
                args = [f"{peers.LOOPBACK}:{port}", "-sf", str(peers.PEER_FILES / scenario),
                        "-s", "bob", "-m", "1", "-timeout", "30s", "-timeout_error"]
                for name, value in keys.items():
                    args += ["-key", name, str(value)]
                result = peers.sipp(args, timeout=60)
                self.assertEqual(result.returncode, 0, result.stdout[-3000:])
                peers.wait_for_log(log, "call 1 ended 200 by peer")
                return log.read_text()

    def test_a_reinvite_moves_the_media_to_the_new_port_at_once(self):
        with rtp.Sink() as first, rtp.Sink() as second:
            text = self.run_sipp_caller("reinvite_move_uac.xml",
                                        {"rtp_port": first.port, "rtp_port2": second.port})
            self.assertIn(f"call 1 media moved to 127.0.0.1:{second.port} PCMU/8000", text)
            self.assertGreater(len(first.packets), PACKETS_PER_PHASE, text[-2000:])
            self.assertGreater(len(second.packets), PACKETS_PER_PHASE, text[-2000:])
            self.assert_tone(first, SKIP, None, "at the first port")
            self.assert_tone(second, SKIP, None, "at the port moved to")
            # At once: the old port got nothing from 100 ms after the new one's first packet.
            moved = second.packets[0][2]
            late = [at - moved for _, _, at in first.packets if at > moved + 0.1]
            self.assertEqual(late, [], "packets still sent to the old port")

    def test_an_invite_without_sdp_gets_our_offer_and_the_ack_answers(self):
        with rtp.Sink() as sink:
            text = self.run_sipp_caller("late_offer_uac.xml", {"rtp_port": sink.port})
            self.assertIn("call 1 confirmed PCMU/8000", text)
            self.assertGreater(len(sink.packets), PACKETS_PER_PHASE, text[-2000:])
            self.assert_tone(sink, SKIP, None, "from the answer in the ACK")


if __name__ == "__main__":
    unittest.main()
