"""The codecs a user chooses (`--codecs`, or `audioCodecs` in the ini file) between two sipline
processes over real UDP on 127.0.0.1: the offer lists exactly the chosen codecs in the chosen
order, the answer accepts only the chosen ones and puts the answerer's choice first, the call runs
on the codec both chose, and without a shared codec the call is refused with 488. (The audio
of chosen codecs crossing both ways: audio_calls_test.)"""
import re
import subprocess
import unittest

import peers


def traced(log_text, direction, start):
    """The first message traced (--sip-trace) as sent (`>>>`) or received (`<<<`) whose first
    line starts with `start` ("INVITE ", "SIP/2.0 200"), up to the next traced message."""
    parts = re.split(r"^(>>>|<<<) [^\n]*\n", log_text, flags=re.MULTILINE)
    for marker, message in zip(parts[1::2], parts[2::2]):
        if marker == direction and message.startswith(start):
            return message
    raise AssertionError(f"no {direction} {start!r} in:\n{log_text[-3000:]}")


def sdp_media(log_text, direction, start):
    """The payload types on that message's m=audio line."""
    message = traced(log_text, direction, start)
    found = re.search(r"^m=audio \d+ RTP/AVP ([\d ]+)\r?$", message, re.MULTILINE)
    if found is None:
        raise AssertionError(f"no m=audio in:\n{message}")
    return found.group(1).split()


def rtpmaps(log_text, direction, start):
    """That message's a=rtpmap values, in order: ["0 PCMU/8000", …]."""
    return re.findall(r"^a=rtpmap:(\d+ [^\r\n]+)\r?$", traced(log_text, direction, start),
                      re.MULTILINE)


class CodecChoice(unittest.TestCase):
    def call(self, caller_args, callee_args, confirmed=None, refused=None):
        """Dials from a sipline with `caller_args` (SIP traced) to an auto-answering one with
        `callee_args`; waits until both say `call 1 confirmed CODEC` or the caller `call 1 ended
        STATUS`. Returns both logs' text."""
        with peers.sipline("--auto-answer", *callee_args) as (callee, port, callee_log):
            with peers.sipline("--sip-trace", *caller_args, "--dial",
                               f"sip:b@{peers.LOOPBACK}:{port}",
                               stdin=subprocess.PIPE) as (caller, _, caller_log):
                if confirmed is not None:
                    peers.wait_for_log(caller_log, f"call 1 confirmed {confirmed}\n", caller)
                    peers.wait_for_log(callee_log, f"call 1 confirmed {confirmed}\n", callee)
                else:
                    peers.wait_for_log(caller_log, f"call 1 ended {refused}", caller)
                caller.stdin.write("quit\n")
                caller.stdin.flush()
                self.assertEqual(caller.wait(peers.QUIT_DEADLINE), 0)
                return caller_log.read_text(), callee_log.read_text()

    def test_a_callee_choosing_pcmu_gets_pcmu_on_both_sides(self):
        caller, _ = self.call([], ["--codecs", "PCMU"], confirmed="PCMU/8000")
        # Our default offer (opus, G722, PCMU, PCMA, telephone-event) …
        self.assertEqual(sdp_media(caller, ">>>", "INVITE "), ["111", "9", "0", "8", "101"])
        # … answered with PCMU and events only: the callee accepts nothing it did not choose.
        self.assertEqual(sdp_media(caller, "<<<", "SIP/2.0 200"), ["0", "101"])

    def test_the_callers_choice_and_order_is_its_offer(self):
        caller, _ = self.call(["--codecs", "PCMA,G722/16000/1"], [], confirmed="PCMA/8000")
        self.assertEqual(sdp_media(caller, ">>>", "INVITE "), ["8", "9", "101"])
        self.assertEqual(rtpmaps(caller, ">>>", "INVITE "),
                         ["8 PCMA/8000", "9 G722/8000", "101 telephone-event/8000"])

    def test_the_answerer_puts_its_own_first_choice_first(self):
        # The caller prefers opus; a callee that chose "G722 opus" answers G722 first, and the
        # call runs on G722 (RFC 3264 §6.1: the answer's order is the answerer's preference).
        caller, _ = self.call([], ["--codecs", "G722 opus"], confirmed="G722/8000")
        self.assertEqual(sdp_media(caller, "<<<", "SIP/2.0 200"), ["9", "111", "101"])

    def test_no_shared_codec_is_refused_with_488(self):
        caller, callee = self.call(["--codecs", "PCMU"], ["--codecs", "PCMA"], refused=488)
        self.assertNotIn(" confirmed", caller + callee)

    def test_audio_codecs_from_the_ini_file_and_the_command_line_over_it(self):
        with peers.workdir("sipline-codecs.") as directory:
            ini = directory / "phone.ini"
            ini.write_text("[Settings]\naudio=null\n"
                           "audioCodecs=GSM/8000/1 PCMA/8000/1 G729/8000/1\n")
            _, callee = self.call([], ["--config", str(ini)], confirmed="PCMA/8000")
            self.assertIn(f"sipline: {ini}:3: [Settings] audioCodecs=GSM/8000/1 PCMA/8000/1 "
                          "G729/8000/1: each of the codecs GSM/8000/1, G729/8000/1 is not built "
                          "yet (ignored)\n", callee)
            # The command line wins; what it names that is not built is said the same way.
            _, callee = self.call([], ["--config", str(ini), "--codecs", "PCMU,G729"],
                                  confirmed="PCMU/8000")
            self.assertIn("sipline: --codecs G729: not built yet (ignored)\n", callee)


if __name__ == "__main__":
    unittest.main()
