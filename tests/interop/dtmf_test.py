"""DTMF with baresip 1.0 on 127.0.0.1 (PCMU, telephone-event negotiated): baresip presses keys
in the call (its menu's `sndcode`, RFC 4733 events in its RTP), and sipline reports each key
once and in order, `call 1 dtmf K`, whatever the packets (baresip sends three end packets per
key)."""
import subprocess
import unittest

import audio
import peers

KEYS = "1#5*09"


class Dtmf(unittest.TestCase):
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
                phone.stdin.write("hangup\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "call 1 ended", phone)
                reported = [line.split()[3] for line in log.read_text().splitlines()
                            if line.startswith("call 1 dtmf ")]
                self.assertEqual("".join(reported), KEYS)


if __name__ == "__main__":
    unittest.main()
