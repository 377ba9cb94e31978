"""DTMF between sipline and real peers on 127.0.0.1, each key reported once and in order:
- RFC 4733 events both ways with baresip 1.0 (its menu's `sndcode`; its ctrl_tcp events), post-dial
  digits of a dial string among them;
- SIP INFO both ways: to baresip (it logs each key), from a SIPp caller (application/dtmf-relay
  and application/dtmf);
- in-band tones: to SIPp's RTP echo (no telephone-event in its SDP), which plays them back for
  sipline's own detector to hear, and between two siplines."""
import subprocess
import unittest

import audio
import peers

KEYS = "1#5*09"


def say(phone, line):
    phone.stdin.write(line + "\n")
    phone.stdin.flush()


def keys_reported(log, call=1):
    """The keys sipline reported in `call`, in order, and how (" (in-band)", " (SIP INFO)" or
    "" for RFC 4733 events)."""
    prefix = f"call {call} dtmf "
    lines = [line[len(prefix):] for line in log.read_text().splitlines()
             if line.startswith(prefix) and "not sent" not in line]
    return "".join(line[0] for line in lines), {line[1:] for line in lines}


class Dtmf(unittest.TestCase):
    def hang_up(self, phone, log):
        say(phone, "hangup")
        peers.wait_for_log(log, "call 1 ended", phone)

    def test_keys_baresip_presses_are_reported_once_each_in_order(self):
        with peers.workdir("sipline-dtmf.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, _), \
                    peers.sipline("--dial", f"sip:bob@127.0.0.1:{bob_port}", "--sip-trace",
                                  stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 media PCMU/8000", phone)
                self.assertIn("telephone-event/8000", log.read_text())  # negotiated both ways
                for count, key in enumerate(KEYS, start=1):
                    # One key a command: baresip sends a key's start, its growing durations
                    # and its end packets before the next command comes.
                    peers.baresip_command(directory, "bob", "sndcode", key)
                    peers.wait_for_log_count(log, "call 1 dtmf ", count, process=phone)
                self.hang_up(phone, log)
                self.assertEqual(keys_reported(log), (KEYS, {""}))

    def test_keys_sipline_presses_reach_baresip_as_rtp_events(self):
        # "bob,12": the post-dial digits go a second after the answer; then keys typed.
        with peers.workdir("sipline-dtmf-send.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, _), \
                    peers.baresip_events(directory, "bob") as events, \
                    peers.sipline("--dial", f"sip:bob@127.0.0.1:{bob_port},12",
                                  stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 media PCMU/8000", phone)
                self.assertEqual(events.wait("CALL_DTMF_START", 2), ["1", "2"])
                say(phone, "dtmf 1 " + KEYS)
                self.assertEqual("".join(events.wait("CALL_DTMF_START", 2 + len(KEYS))),
                                 "12" + KEYS)
                self.hang_up(phone, log)
                self.assertNotIn("not sent", log.read_text())

    def test_keys_sipline_presses_reach_baresip_by_sip_info(self):
        with peers.workdir("sipline-dtmf-info.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, bob_log), \
                    peers.sipline("--dial", f"sip:bob@127.0.0.1:{bob_port}", "--dtmf-method",
                                  "info", stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 confirmed", phone)
                say(phone, "dtmf " + KEYS)
                peers.wait_for_log_count(bob_log, "received DTMF", len(KEYS), process=phone)
                heard = [line.split("received DTMF: '")[1][0]
                         for line in bob_log.read_text().splitlines() if "received DTMF" in line]
                self.assertEqual("".join(heard), KEYS)
                self.hang_up(phone, log)
                self.assertNotIn("not sent", log.read_text())

    def test_keys_a_sipp_caller_sends_by_sip_info_are_reported(self):
        with peers.sipline("--auto-answer") as (phone, port, log):
            local, control = peers.free_port(), peers.free_port()
            uac = subprocess.run(
                ["sipp", f"{peers.LOOPBACK}:{port}", "-sf",
                 str(peers.PEER_FILES / "dtmf_info_uac.xml"), "-s", "bob", "-i", peers.LOOPBACK,
                 "-p", str(local), "-cp", str(control), "-m", "1", "-nostdin", "-timeout", "30s",
                 "-timeout_error"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                check=False, timeout=60)
            self.assertEqual(uac.returncode, 0, uac.stdout[-3000:])
            peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
            self.assertEqual(keys_reported(log), ("5#7B", {" (SIP INFO)"}))

    def test_in_band_keys_come_back_from_sipp_echo_and_are_heard(self):
        # SIPp's uas answers PCMU without telephone-event: the keys go as tones (DTMFMethod
        # auto), its -rtp_echo plays them back, and sipline's detector hears its own keys.
        keys = "159#*0D"
        uas_port, control, echo = peers.free_port(), peers.free_port(), peers.free_port()
        uas = subprocess.Popen(["sipp", "-sn", "uas", "-i", peers.LOOPBACK, "-p", str(uas_port),
                                "-cp", str(control), "-m", "1", "-nostdin", "-rtp_echo", "-mp",
                                str(echo), "-timeout", "30s", "-timeout_error"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            peers.wait_for_port(uas_port, "udp")
            with peers.sipline("--dial", f"sip:service@{peers.LOOPBACK}:{uas_port}",
                               stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 media PCMU/8000", phone)
                say(phone, "dtmf " + keys)
                peers.wait_for_log_count(log, "call 1 dtmf ", len(keys), process=phone)
                self.hang_up(phone, log)
                self.assertEqual(keys_reported(log), (keys, {" (in-band)"}))
            output, _ = uas.communicate(timeout=30)
            self.assertEqual(uas.returncode, 0, output[-3000:])
        finally:
            peers.stop(uas)

    def test_two_siplines_press_keys_by_each_method(self):
        # Bob's phone hears alice's keys as RFC 4733 events, as tones, and by SIP INFO.
        for method, how in (("auto", ""), ("inband", " (in-band)"), ("info", " (SIP INFO)")):
            with self.subTest(method=method), \
                    peers.sipline("--auto-answer") as (bob, bob_port, bob_log), \
                    peers.sipline("--dial", f"sip:bob@127.0.0.1:{bob_port}", "--dtmf-method",
                                  method, stdin=subprocess.PIPE) as (alice, _, log):
                # opus/48000 (both phones' first choice) with telephone-event/8000.
                peers.wait_for_log(log, "call 1 media opus/48000", alice)
                peers.wait_for_log(bob_log, "call 1 media opus/48000", bob)
                say(alice, "dtmf " + KEYS + "A")
                peers.wait_for_log_count(bob_log, "call 1 dtmf ", len(KEYS) + 1, process=bob)
                self.hang_up(alice, log)
                self.assertEqual(keys_reported(bob_log), (KEYS + "A", {how}))


if __name__ == "__main__":
    unittest.main()
