"""A local conference with real peers on 127.0.0.1: sipline (playing 1000 Hz) calls two baresip
1.0 phones (Bob plays 440 Hz, Carol 700 Hz) and joins the calls with `conference 1 2`: each
baresip then hears the other's tone and ours; `hold 2` keeps Carol out of Bob's audio while the
conference goes on for the rest."""
import subprocess
import unittest

import audio
import peers


def levels(path, frequency, start, seconds):
    """The 20 ms levels of `frequency` in `seconds` of the WAV file from `start` s."""
    rate, samples = audio.read(path)
    window = samples[int(start * rate):int((start + seconds) * rate)]
    return [level for _, level in audio.tone_windows(window, frequency, rate)]


class Conference(unittest.TestCase):
    def test_two_baresips_hear_each_other_and_us(self):
        with peers.workdir("sipline-conf.") as directory:
            audio.write_tone(directory / "1k.wav", 1000, seconds=60)
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            audio.write_tone(directory / "700.wav", 700, seconds=60, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                               answer=True) as (_, bob_port, _), \
                    peers.baresip(directory, "carol", directory / "700.wav", "pcmu",
                                  answer=True) as (_, carol_port, _), \
                    peers.sipline("--codecs", "PCMU", "--audio",
                                  f"file:{directory / '1k.wav'}:{directory / 'heard.wav'}",
                                  "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (alice, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", alice)
                peers.ask(alice, f"dial sip:carol@127.0.0.1:{carol_port}")
                peers.wait_for_log(log, "call 2 confirmed PCMU/8000", alice)
                bob_dump = peers.baresip_dump(directory / "bob")
                carol_dump = peers.baresip_dump(directory / "carol")
                peers.ask(alice, "conference 1 2")
                peers.wait_for_log(log, "conference: calls 1, 2", alice)
                joined = peers.recorded_seconds(bob_dump)
                peers.wait_for_recording(bob_dump, joined + 2.0)
                peers.wait_for_recording(carol_dump, peers.recorded_seconds(carol_dump) + 0.5)
                peers.ask(alice, "hold 2")
                peers.wait_for_log(log, "call 2 on hold", alice)
                held = peers.recorded_seconds(bob_dump)
                peers.wait_for_recording(bob_dump, held + 2.0)
                peers.ask(alice, "hangupall")
                peers.wait_for_log(log, "call 2 ended 200", alice)
                peers.wait_for_log(log, "call 1 ended 200", alice)
            # Before the conference Bob heard only us; in it, Carol too (and we still); with
            # Carol held, only us again.
            before = levels(bob_dump, 700, max(0.0, joined - 1.0), 0.8)
            during = levels(bob_dump, 700, joined + 0.5, 1.0)
            self.assertLess(max(before, default=0), 300, "bob heard carol before the conference")
            self.assertGreater(min(during), 2500, "bob did not hear carol in the conference")
            self.assertGreater(min(levels(bob_dump, 1000, joined + 0.5, 1.0)), 2500,
                               "bob did not hear us in the conference")
            self.assertLess(max(levels(bob_dump, 700, held + 0.8, 1.0)), 300,
                            "bob heard carol while she was held")
            # Carol heard Bob and us; we heard both of them.
            self.assertGreater(max(levels(carol_dump, 440, 0.0, 60.0)), 2500,
                               "carol never heard bob")
            self.assertGreater(max(levels(carol_dump, 1000, 0.0, 60.0)), 2500,
                               "carol never heard us")
            heard = directory / "heard.wav"
            self.assertGreater(max(levels(heard, 440, 0.0, 60.0)), 2500, "we never heard bob")
            self.assertGreater(max(levels(heard, 700, 0.0, 60.0)), 2500, "we never heard carol")


if __name__ == "__main__":
    unittest.main()
