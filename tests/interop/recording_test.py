"""Call recording with a real peer on 127.0.0.1: sipline calls baresip 1.0 (sipline plays
1000 Hz, baresip 440 Hz); `record 1 on` mid-call, or autoRecording=1 from the answer, writes
MicroSIP's file name into recordingPath, and the file holds our tone on the left and baresip's
on the right, as WAV and as MP3 (decoded back by libsndfile's sndfile-convert)."""
import re
import struct
import subprocess
import unittest
import wave

import audio
import peers


def loudest(samples, frequency, rate):
    windows = audio.tone_windows(samples, frequency, rate)
    return max((level for _, level in windows), default=0.0)


def channels_of(path):
    """(rate, left, right) of a stereo WAV file."""
    with wave.open(str(path), "rb") as source:
        rate, frames = source.getframerate(), source.getnframes()
        assert source.getnchannels() == 2, path
        data = struct.unpack(f"<{2 * frames}h", source.readframes(frames))
    return rate, data[0::2], data[1::2]


class Recording(unittest.TestCase):
    def record_a_call(self, settings, check, command=None):
        """Records a call as `settings` say, then calls check(file, directory) in the work
        directory (gone afterwards)."""
        with peers.workdir("sipline-rec.") as directory:
            audio.write_tone(directory / "1k.wav", 1000, seconds=60)
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            folder = directory / "recordings"
            ini = directory / "microsip.ini"
            ini.write_text(f"[Settings]\nrecordingPath={folder}\n{settings}")
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu",
                               answer=True) as (_, bob_port, _), \
                    peers.sipline("--config", str(ini), "--audio",
                                  f"file:{directory / '1k.wav'}:{directory / 'heard.wav'}",
                                  "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                if command:
                    phone.stdin.write(command + "\n")
                    phone.stdin.flush()
                peers.wait_for_log(log, "call 1 recording to ", phone)
                path = re.search(r"call 1 recording to (\S+)", log.read_text()).group(1)
                peers.wait_for_recording(directory / "heard.wav", 3.0)
                phone.stdin.write("hangup\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "call 1 ended 200", phone)
            # sipline has quit: its writers finished the file first.
            files = sorted(folder.iterdir())
            self.assertEqual([str(f) for f in files], [path])
            check(files[0], directory)

    def check_sides(self, path):
        rate, left, right = channels_of(path)
        self.assertGreater(len(left), rate * 2, f"{path}: {len(left) / rate:.1f} s")
        self.assertGreater(loudest(left, 1000, rate), 3000, "our tone is not on the left")
        self.assertGreater(loudest(right, 440, rate), 3000, "baresip's tone is not on the right")
        self.assertLess(loudest(left, 440, rate), 500, "baresip's tone leaked to the left")
        self.assertLess(loudest(right, 1000, rate), 500, "our tone leaked to the right")

    def test_record_on_writes_both_sides_to_a_wav_file(self):
        def check(path, _):
            self.assertRegex(path.name, r"^\d{8}-\d{6}-bob-outgoing-sipline\.wav$")
            self.check_sides(path)
        self.record_a_call("", check, command="record 1 on")

    def test_auto_recording_as_mp3(self):
        self.record_a_call("autoRecording=1\nrecordingFormat=mp3\n", self.check_mp3)

    def check_mp3(self, path, directory):
        self.assertRegex(path.name, r"^\d{8}-\d{6}-bob-outgoing-sipline\.mp3$")
        head = path.read_bytes()[:3]
        # An ID3 tag, or an MPEG audio frame's sync word (11 bits set).
        self.assertTrue(head.startswith(b"ID3") or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
                        f"not an MP3 stream: {head!r}")
        decoded = directory / "decoded.wav"
        done = subprocess.run(["sndfile-convert", "-pcm16", str(path), str(decoded)],
                              capture_output=True, text=True, check=False, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.check_sides(decoded)


if __name__ == "__main__":
    unittest.main()
