"""MicroSIP's command line, handed to the sipline already running (the launcher exits at once,
its status saying whether the phone took the command), against real peers on 127.0.0.1: dialling
by URI in every spelling MicroSIP takes (sip:, callto://…/, any case), by number and tel: through
the account's registrar (a SIPp registrar and callee checking the Request-URI and From), a
number given at start or handed over while the account is still registering carried out once it
is registered, /account:2, /password: (Kamailio takes the new one), /answer, /hangupall leaving
a ringing incoming call alone, /hangupincoming, /dtmf: (baresip hears the keys), msip:hold (a
toggle), the mute toggles (the tone stops in what each side hears, then comes back), /transfer:
(baresip goes to another), a text as NUMBER TEXT, and /answer with no phone running, which
starts nothing."""
import contextlib
import math
import subprocess
import unittest

import audio
import control
import peers


@contextlib.contextmanager
def registrar(directory, ruri, sender=".*", pause_ms=0, registrations=1):
    """SIPp as registrar and callee (peers/registrar_uas.xml): REGISTERs answered 200 after
    `pause_ms`, then one INVITE whose request line must match `ruri` and whose From `sender`.
    Yields (process, port)."""
    text = (peers.PEER_FILES / "registrar_uas.xml").read_text()
    scenario = directory / "registrar_uas.xml"
    scenario.write_text(text.replace("@RURI@", ruri).replace("@FROM@", sender)
                        .replace("@PAUSE@", str(pause_ms)))
    port = peers.free_port()
    process = subprocess.Popen(
        ["sipp", "-sf", str(scenario), "-i", peers.LOOPBACK, "-p", str(port), "-cp",
         str(peers.free_port()), "-m", str(registrations + 1), "-nostdin", "-timeout", "60s",
         "-timeout_error"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        peers.wait_for_port(port, "udp")
        yield process, port
    finally:
        peers.stop(process)


def silent_stretch(path, frequency):
    """The longest run (seconds) of 100 ms windows without the tone between windows with it, in
    the WAV at `path`: where a mute silenced it."""
    rate, samples = audio.read_growing(path)
    windows = [level for _, level in audio.tone_windows(samples, frequency, rate)]
    if not windows:
        return 0.0
    steady = max(windows)
    loud = [level > steady / 10 for level in windows]  # within 20 dB of the tone
    if True not in loud:
        return 0.0
    first, last = loud.index(True), len(loud) - 1 - loud[::-1].index(True)
    longest = run = 0
    for is_loud in loud[first:last + 1]:
        run = 0 if is_loud else run + 1
        longest = max(longest, run)
    return longest * audio.WINDOW_SECONDS


class MicrosipCommandLine(unittest.TestCase):
    def assert_took(self, done):
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""))

    def test_uri_spellings_dial_from_the_running_phone(self):
        with peers.workdir("sipline-msip-uri.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, _), peers.sipline("--codecs", "PCMU") as (phone, _, log):
                spellings = [f"sip:bob@127.0.0.1:{bob_port}", f"callto://bob@127.0.0.1:{bob_port}/",
                             f"SIP:bob@127.0.0.1:{bob_port}", f"sip://bob@127.0.0.1:{bob_port}/",
                             f"Dialpad:bob@127.0.0.1:{bob_port}"]
                for call, spelling in enumerate(spellings, start=1):
                    self.assert_took(control.launch(log, spelling))
                    peers.wait_for_log(log, f"call {call} confirmed PCMU/8000", phone)
                    self.assertIn(f"call {call} calling sip:bob@127.0.0.1:{bob_port}\n",
                                  log.read_text())
                    self.assert_took(control.launch(log, "/hangupall"))
                    peers.wait_for_log(log, f"call {call} ended 200", phone)

    def test_a_number_given_at_start_is_dialled_once_registered(self):
        with peers.workdir("sipline-msip-start.") as directory, \
                registrar(directory, "^INVITE sip:1002@127\\.0\\.0\\.1", pause_ms=1000) as (
                    sipp, port), \
                peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "1002") as (
                    phone, _, log):
            peers.wait_for_log(log, "dial 1002: waiting for the registration of", phone)
            peers.wait_for_log(log, "call 1 confirmed", phone)
            self.assert_took(control.launch(log, "-hangup"))
            output, _ = sipp.communicate(timeout=30)
            self.assertEqual(sipp.returncode, 0, output)

    def test_tel_handed_over_while_registering_waits_for_the_registration(self):
        # The registrar holds its 200 for 5 s: the number arrives while the account registers.
        with peers.workdir("sipline-msip-tel.") as directory, \
                registrar(directory, "^INVITE sip:\\+15550100199@127\\.0\\.0\\.1",
                          pause_ms=5000) as (sipp, port), \
                peers.sipline("--account", f"sip:alice@127.0.0.1:{port}") as (phone, _, log):
            self.assert_took(control.launch(log, "tel:+1-555-010-0199"))
            peers.wait_for_log(log, "dial +15550100199: waiting for the registration of", phone)
            self.assertNotIn("registered", log.read_text())
            peers.wait_for_log(log, "call 1 confirmed", phone, timeout=20)
            self.assert_took(control.launch(log, "/hangupall"))
            output, _ = sipp.communicate(timeout=30)
            self.assertEqual(sipp.returncode, 0, output)

    def test_account_2_becomes_the_default_then_dials(self):
        with peers.workdir("sipline-msip-account.") as directory, \
                registrar(directory, "^INVITE sip:1002@127\\.0\\.0\\.1", "sip:carol@",
                          registrations=2) as (sipp, port):
            config = directory / "two.ini"
            # forceCodec is not built: the phone says so once, the launcher not at all.
            config.write_text(f"[Settings]\nforceCodec=1\n\n"
                              f"[Account1]\nserver=127.0.0.1:{port}\nusername=alice\n\n"
                              f"[Account2]\nserver=127.0.0.1:{port}\nusername=carol\n")
            with peers.sipline("--config", str(config), "--audio", "null") as (phone, _, log):
                peers.wait_for_log_count(log, ": registered", 2, process=phone)
                self.assert_took(control.launch(log, "--config", str(config), "/account:2",
                                                "1002"))
                peers.wait_for_log(log, "call 1 confirmed", phone)
                self.assertEqual(log.read_text().count("forceCodec"), 1, log.read_text())
                self.assert_took(control.launch(log, "--config", str(config), "/hangupall"))
                output, _ = sipp.communicate(timeout=30)
                self.assertEqual(sipp.returncode, 0, output)

    def test_password_registers_again_with_the_new_one(self):
        # Kamailio refuses the wrong password (its second 401); /password: registers again.
        with peers.kamailio() as (port, _), \
                peers.sipline("--account", f"sip:alice@127.0.0.1:{port}", "--password",
                              "wrong") as (phone, _, log):
            peers.wait_for_log(log, "failed (401)", phone)
            self.assert_took(control.launch(log, "/password:alicepw"))
            peers.wait_for_log(log, "registered (", phone)

    def test_answer_hangupall_spares_a_ringing_call_hangupincoming(self):
        with peers.workdir("sipline-msip-answer.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.sipline("--codecs", "PCMU") as (phone, port, log), \
                    peers.baresip(directory, "alice", directory / "440.wav", "pcmu",
                                  dial=f"sip:phone@127.0.0.1:{port}"):
                peers.wait_for_log(log, "call 1 incoming from", phone)
                self.assert_took(control.launch(log, "/answer"))
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                with peers.baresip(directory, "carol", directory / "440.wav", "pcmu",
                                   dial=f"sip:phone@127.0.0.1:{port}"):
                    peers.wait_for_log(log, "call 2 incoming from", phone)
                    self.assert_took(control.launch(log, "/hangupall"))
                    peers.wait_for_log(log, "call 1 ended 200", phone)
                    with control.Client(control.socket_path(log)) as client:
                        calls = client.ask("calls")["data"]
                    self.assertEqual([(c["id"], c["direction"]) for c in calls],
                                     [(2, "incoming")], calls)
                    self.assertNotIn("call 2 ended", log.read_text())
                    self.assert_took(control.launch(log, "/hangupincoming"))
                    peers.wait_for_log(log, "call 2 ended", phone)

    def test_dtmf_hold_mutes_and_transfer_in_a_call_with_baresip(self):
        with peers.workdir("sipline-msip-call.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            audio.write_tone(directory / "700.wav", 700, seconds=60, rate=8000)
            audio.write_tone(directory / "1k.wav", 1000, seconds=60)
            heard = directory / "heard.wav"
            with peers.baresip(directory, "carol", directory / "700.wav", "pcmu",
                               answer=True) as (_, carol_port, _), \
                    peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                                  answer=True) as (_, bob_port, _), \
                    peers.baresip_events(directory, "bob") as events, \
                    peers.sipline("--codecs", "PCMU", "--audio",
                                  f"file:{directory / '1k.wav'}:{heard}") as (phone, _, log):
                self.assert_took(control.launch(log, f"sip:bob@127.0.0.1:{bob_port}"))
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                # Both ways muted for a while, then not: what bob hears and what we hear each
                # have the tone, a silence, the tone again.
                dump = peers.baresip_dump(directory / "bob")
                peers.wait_for_recording(heard, 2.0)
                peers.wait_for_recording(dump, 2.0)
                self.assert_took(control.launch(log, "msip:micmuteclick"))
                self.assert_took(control.launch(log, "msip:speakmute"))
                mark = peers.recorded_seconds(heard)
                peers.wait_for_recording(heard, mark + 1.5)
                self.assert_took(control.launch(log, "msip:micmuteclick"))
                self.assert_took(control.launch(log, "msip:speakunmute"))
                mark = peers.recorded_seconds(heard)
                peers.wait_for_recording(heard, mark + 1.5)
                peers.wait_for_recording(dump, peers.recorded_seconds(dump) + 1.5)
                self.assertGreater(silent_stretch(heard, 440), 1.0, "the speaker was not muted")
                self.assertGreater(silent_stretch(dump, 1000), 1.0,
                                   "the microphone was not muted")
                self.assert_took(control.launch(log, "/dtmf:12#"))
                self.assertEqual(events.wait("CALL_DTMF_START", 3), ["1", "2", "#"])
                self.assert_took(control.launch(log, "msip:hold"))
                peers.wait_for_log(log, "call 1 on hold", phone)
                self.assert_took(control.launch(log, "msip:hold"))
                peers.wait_for_log(log, "call 1 resumed", phone)
                target = f"sip:carol@127.0.0.1:{carol_port}"
                self.assert_took(control.launch(log, f"/transfer:{target}"))
                peers.wait_for_log(log, f"call 1 transferring to {target}", phone)
                peers.wait_for_log(log, "call 1 transferred (200)", phone)
                peers.wait_for_log(log, "call 1 ended 200", phone)

    def test_number_text_sends_a_message(self):
        with peers.workdir("sipline-msip-text.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=30, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                               extra_config=("module stdio.so",), stdin=subprocess.PIPE) as (
                    _, bob_port, bob_log), peers.sipline() as (phone, _, log):
                self.assert_took(control.launch(log, f"sip:bob@127.0.0.1:{bob_port}", "see",
                                                "you", "at", "5"))
                peers.wait_for_log(log, f"message 1 to sip:bob@127.0.0.1:{bob_port}: delivered",
                                   phone)
                peers.wait_for_log(bob_log, '"see you at 5"')
                self.assertNotIn("calling", log.read_text())

    def test_answer_with_no_phone_running_starts_nothing(self):
        with peers.workdir("sipline-msip-none.") as runtime:
            done = subprocess.run([str(peers.sipline_binary()), "/answer"], capture_output=True,
                                  text=True, timeout=30, stdin=subprocess.DEVNULL,
                                  env=peers.sanitizer_environment(runtime))
            socket = runtime / "sipline" / "sipline.sock"
            self.assertEqual((done.returncode, done.stdout, done.stderr),
                             (3, "", f"sipline: no sipline is running (control socket {socket}): "
                                     "nothing started\n"))
            self.assertFalse(socket.exists())
            # A bad command line is refused before anything is looked at.
            done = subprocess.run([str(peers.sipline_binary()), "/frobnicate"],
                                  capture_output=True, text=True, timeout=30,
                                  stdin=subprocess.DEVNULL,
                                  env=peers.sanitizer_environment(runtime))
            self.assertEqual(done.returncode, 2)
            self.assertIn("/frobnicate", done.stderr)


if __name__ == "__main__":
    unittest.main()
