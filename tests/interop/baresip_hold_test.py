"""Hold with baresip 1.0, for real on 127.0.0.1 (PCMU): sipline calls baresip; sipline holds it
and resumes, then baresip holds sipline (through its ctrl_tcp) and resumes. Each side sends its
own tone (sipline 1 kHz, baresip 440 Hz) and records what it hears; sipline's recording is cut
at the moments each change was reported (its length then) and checked phase by phase: baresip's
tone before, silence while sipline holds (it plays nothing from a held call), the tone after the
resume, silence while baresip holds (baresip sends nothing then), the tone after baresip
resumes; the SDP each way is mirrored (RFC 3264 §8.4), or sipline would not report the hold."""
import subprocess
import unittest

import audio
import peers

FULL_SCALE_RMS = 8000 / 2 ** 0.5  # the tones' level (8000 peak)
PHASE_SECONDS = 1.5
SETTLE = 0.4  # seconds after a change before its phase is checked (packets in flight, buffers)
LEAD = 0.2  # seconds before the next change was seen: it may have taken effect a little earlier


class BaresipHold(unittest.TestCase):
    def level(self, path, frequency, start, end):
        rate, samples = audio.read(path)
        part = samples[int(start * rate):int(end * rate)]
        self.assertGreater(len(part), rate * (end - start) * 0.9,
                           f"{path.name} holds {len(samples) / rate:.2f} s, not up to {end:.2f} s")
        return audio.tone_rms(part, frequency, rate)

    def assert_tone(self, path, frequency, start, end, what):
        level = self.level(path, frequency, start, end)
        self.assertGreater(level, FULL_SCALE_RMS * 0.6,
                           f"{what}: {path.name} has {frequency} Hz at {level:.0f} rms "
                           f"({start:.2f}–{end:.2f} s)")

    def assert_silence(self, path, frequency, start, end, what):
        level = self.level(path, frequency, start, end)
        self.assertLess(level, 50, f"{what}: {path.name} has {frequency} Hz at {level:.0f} rms "
                                   f"({start:.2f}–{end:.2f} s)")

    def test_hold_and_resume_both_ways(self):
        with peers.workdir("sipline-baresip-hold.") as directory:
            audio.write_tone(directory / "1k.wav", 1000, seconds=40)
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            heard = directory / "sipline-heard.wav"
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, bob_log), \
                    peers.sipline("--audio", f"file:{directory / '1k.wav'}:{heard}",
                                  "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                dump = None
                marks = {}  # phase → (sipline's recording, baresip's dump) lengths, in seconds

                def mark(name):
                    nonlocal dump
                    if dump is None:
                        dumps = sorted((directory / "bob").glob("dump-*-dec.wav"))
                        self.assertTrue(dumps, "baresip wrote no received-audio dump")
                        dump = dumps[-1]
                    marks[name] = (peers.recorded_seconds(heard), peers.recorded_seconds(dump))
                    peers.wait_for_recording(heard, marks[name][0] + PHASE_SECONDS)

                def sipline_does(line, event, name):
                    phone.stdin.write(line + "\n")
                    phone.stdin.flush()
                    peers.wait_for_log(log, event, phone)
                    mark(name)

                def baresip_does(command, event, name):
                    peers.baresip_command(directory, "bob", command)
                    peers.wait_for_log(log, event, phone)
                    mark(name)

                peers.wait_for_recording(heard, 2.0)
                mark("start")
                sipline_does("hold", "call 1 on hold", "held")
                sipline_does("resume", "call 1 resumed", "resumed")
                baresip_does("hold", "call 1 held by peer", "held by peer")
                baresip_does("resume", "call 1 resumed by peer", "resumed by peer")
                phone.stdin.write("hangup\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "call 1 ended 200", phone)
                peers.wait_for_log(bob_log, "terminated")

            def phase(name, side):  # (start, end) of a phase in one recording
                names = list(marks)
                at = marks[name][side]
                following = names.index(name) + 1
                end = marks[names[following]][side] if following < len(names) else None
                return at + SETTLE, (end - LEAD if end is not None else at + PHASE_SECONDS)

            # What sipline heard: baresip's 440 Hz, except while either side held the call (it
            # plays nothing while it holds; baresip sends nothing while it holds).
            for name in ("start", "resumed", "resumed by peer"):
                self.assert_tone(heard, 440, *phase(name, 0), f"sipline, {name}")
            for name in ("held", "held by peer"):
                self.assert_silence(heard, 440, *phase(name, 0), f"sipline, {name}")
            # What baresip heard before the first re-INVITE: sipline's 1 kHz. baresip 1.0 stops
            # writing its decode dump at the first re-INVITE (its player restarts on a stream
            # update and the dump stops with it, though RTP still arrives: its own rate line
            # shows 64 kbit/s both ways), so what a held peer gets from sipline — silence in a
            # running stream, then the tone again — is checked at the RTP level against SIPp
            # (renegotiation_test).
            self.assert_tone(dump, 1000, *phase("start", 1), "baresip, before the hold")

if __name__ == "__main__":
    unittest.main()
