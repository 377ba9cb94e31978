"""MicroSIP's rules for incoming calls, and following a 3xx, with real peers on 127.0.0.1: SIPp
callers asking for an automatic answer (X-AUTOANSWER, Call-Info answer-after) of a phone set to
autoAnswer=header; denyIncoming=user refusing a call for another user with 486 and letting the
phone's own user in; forwarding=all answering 302 with Contact and Diversion (RFC 5806) checked
by SIPp; autoHangUpTime hanging up a call; and a sipline caller following a SIPp redirect
server's 302 to another sipline, which answers, the tone it plays heard by the caller."""
import re
import subprocess
import unittest

import audio
import peers


def sipp_caller(port, scenario, service="sipline", keys=None, scenario_text=None, directory=None):
    """SIPp placing one call to sipline at `port` with `scenario` from peers/ (or
    `scenario_text`, written in `directory`). Returns (return code, output)."""
    local, control = peers.free_port(), peers.free_port()
    path = peers.PEER_FILES / scenario
    if scenario_text is not None:
        path = directory / scenario
        path.write_text(scenario_text)
    command = ["sipp", f"{peers.LOOPBACK}:{port}", "-sf", str(path), "-s", service, "-i",
               peers.LOOPBACK, "-p", str(local), "-cp", str(control), "-m", "1", "-nostdin",
               "-timeout", "30s", "-timeout_error"]
    for name, value in (keys or {}).items():
        command += ["-key", name, value]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False, timeout=60)
    return done.returncode, done.stdout[-3000:]


def contact_pattern(uri, params=""):
    """A regular expression for `<uri>params` in a header value, fit for an XML attribute (no
    '<': any one character stands for it)."""
    return "." + re.escape(uri) + ">" + re.escape(params)


def forwarded_scenario(diversion_pattern):
    """forwarded_uac.xml checking for a 302 to sip:dave@192.0.2.7:5080 with a Diversion that
    matches `diversion_pattern`."""
    scenario = (peers.PEER_FILES / "forwarded_uac.xml").read_text()
    scenario = scenario.replace("@CONTACT@", contact_pattern("sip:dave@192.0.2.7:5080"))
    return scenario.replace("@DIVERSION@", diversion_pattern)


def phone_with(directory, settings):
    ini = directory / "microsip.ini"
    ini.write_text("[Settings]\naudio=null\n" + settings)
    return peers.sipline("--config", str(ini), stdin=subprocess.PIPE)


class IncomingRules(unittest.TestCase):
    def test_a_caller_asking_for_it_is_answered_automatically(self):
        with peers.workdir("sipline-aa-header.") as directory, \
                phone_with(directory, "autoAnswer=header\n") as (phone, port, log):
            code, output = sipp_caller(port, "autoanswer_uac.xml",
                                       keys={"ask": "X-AUTOANSWER: true"})
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
            code, output = sipp_caller(port, "autoanswer_uac.xml",
                                       keys={"ask": "Call-Info: <sip:pbx>;answer-after=1"})
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 2 ended 200 by peer", phone)
            text = log.read_text()
            self.assertIn("call 2 will be answered automatically in 1000 ms", text)
            self.assertNotIn("call 1 will be answered", text)  # X-AUTOANSWER: at once

    def test_deny_user_refuses_a_call_for_another_user_only(self):
        with peers.workdir("sipline-deny.") as directory, \
                phone_with(directory, "denyIncoming=user\nautoAnswer=all\n") as (phone, port, log):
            code, output = sipp_caller(port, "busy_uac.xml", service="eve")
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 1 rejected 486: the call is for another user", phone)
            code, output = sipp_caller(port, "autoanswer_uac.xml", keys={"ask": "Subject: hi"})
            self.assertEqual(code, 0, output)  # for sipline, the phone's user: answered
            peers.wait_for_log(log, "call 2 ended 200 by peer", phone)

    def test_forwarding_answers_302_with_contact_and_diversion(self):
        with peers.workdir("sipline-fwd.") as directory, \
                phone_with(directory, "forwarding=all\nforwardingNumber=sip:dave@192.0.2.7:5080\n"
                           ) as (phone, port, log):
            scenario = forwarded_scenario(contact_pattern(
                f"sip:sipline@{peers.LOOPBACK}:{port}", ";reason=unconditional;counter=1"))
            code, output = sipp_caller(port, "forwarded_uac.xml", scenario_text=scenario,
                                       directory=directory)
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 1 forwarded to sip:dave@192.0.2.7:5080 (302)", phone)
            # The FWD button off: the next call rings here (and is answered from the console).
            phone.stdin.write("fwd off\n")
            phone.stdin.flush()
            peers.wait_for_log(log, "forwarding: off", phone)
            phone.stdin.write("aa on\n")
            phone.stdin.flush()
            peers.wait_for_log(log, "auto-answer: on", phone)
            code, output = sipp_caller(port, "autoanswer_uac.xml", keys={"ask": "Subject: hi"})
            self.assertEqual(code, 0, output)

    def test_the_wrong_diversion_fails_sipp(self):
        """The check above can fail: SIPp refuses a 302 whose Diversion is not the one asked."""
        with peers.workdir("sipline-fwd-check.") as directory, \
                phone_with(directory, "forwarding=all\nforwardingNumber=sip:dave@192.0.2.7:5080\n"
                           ) as (phone, port, log):
            scenario = forwarded_scenario("reason=no-answer")
            code, _ = sipp_caller(port, "forwarded_uac.xml", scenario_text=scenario,
                                  directory=directory)
            self.assertNotEqual(code, 0)
            peers.wait_for_log(log, "call 1 forwarded", phone)

    def test_auto_hang_up_time_ends_the_call(self):
        with peers.workdir("sipline-ahu.") as directory, \
                phone_with(directory, "autoAnswer=all\nautoHangUpTime=1\n") as (phone, port, log):
            code, output = sipp_caller(port, "hung_up_uac.xml")
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 1 hung up after 1 s up (autoHangUpTime)", phone)
            peers.wait_for_log(log, "call 1 ended 200", phone)


class Redirects(unittest.TestCase):
    def test_a_302_is_followed_to_the_phone_it_names_and_its_audio_heard(self):
        with peers.workdir("sipline-redirect.") as directory:
            audio.write_tone(directory / "tone.wav", 1000, seconds=30)
            heard = directory / "heard.wav"
            with peers.sipline("--auto-answer", "--codecs", "PCMU", "--audio",
                               f"file:{directory / 'tone.wav'}:{directory / 'dave.wav'}") \
                    as (dave, dave_port, dave_log), \
                    peers.sipp_uas("redirect_uas.xml",
                                   {"target": f"sip:dave@{peers.LOOPBACK}:{dave_port}"}) \
                    as (server, server_port):
                silence = directory / "silence.wav"
                audio.write_tone(silence, 1000, seconds=30, amplitude=0)
                with peers.sipline("--codecs", "PCMU", "--audio", f"file:{silence}:{heard}",
                                   "--dial", f"sip:bob@{peers.LOOPBACK}:{server_port}",
                                   stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(
                        log, f"call 1 redirected (302) to sip:dave@{peers.LOOPBACK}:{dave_port}: "
                        "now call 2", alice)
                    peers.wait_for_log(log, "call 2 confirmed PCMU/8000", alice)
                    peers.wait_for_recording(heard, 1.5)
                    alice.stdin.write("hangup\n")
                    alice.stdin.flush()
                    peers.wait_for_log(dave_log, "call 1 ended 200 by peer", dave)
                output, _ = server.communicate(timeout=30)
                self.assertEqual(server.returncode, 0, output[-3000:])
            rate, samples = audio.read(heard)
            middle = samples[int(0.5 * rate):int(1.5 * rate)]
            self.assertGreater(audio.tone_rms(middle, 1000, rate), 4500,
                               "dave's tone was not heard through the redirect")


if __name__ == "__main__":
    unittest.main()
