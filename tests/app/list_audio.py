"""`sipline --list-audio` exits 0 and lists what PortAudio sees, one well-formed line a device.

Run twice, each with a HOME of its own so the user's ALSA settings play no part:
- with ALSA's null PCM named sipline_null in HOME's .asoundrc (every machine with ALSA has it):
  the list must name sipline_null on the ALSA host API with inputs and outputs;
- with an empty HOME: either the same kind of list (a machine with a sound card) or exactly the
  line that says there is none.
Any other exit status, anything on stderr, or any other text fails."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

binary = sys.argv[1]
HEADER = "audio devices (name, host API, inputs/outputs, default rate):"
NONE = "no audio devices (calls can still run with --audio null or a WAV file)"
DEVICE = re.compile(r"  (?P<name>.+?)( \(default input\))?( \(default output\))?"
                    r"  \[(?P<api>[^\]]*)\] (?P<inputs>\d+)/(?P<outputs>\d+) \d+ Hz")


def environment(home):
    """This process's environment (sanitizer options included) with ALSA's user files in home."""
    env = {k: v for k, v in os.environ.items() if k != "ALSA_CONFIG_PATH"}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    return env


def list_audio(asoundrc):
    """The devices listed, as (name, api, inputs, outputs), or None for the no-device line."""
    with tempfile.TemporaryDirectory(prefix="sipline-list-audio.") as home:
        if asoundrc:
            (pathlib.Path(home) / ".asoundrc").write_text(asoundrc)
        done = subprocess.run([binary, "--list-audio"], capture_output=True, text=True,
                              timeout=60, env=environment(home))
    if done.returncode != 0 or done.stderr:
        sys.exit(f"exit {done.returncode}, want 0; stderr {done.stderr!r}; stdout {done.stdout!r}")
    lines = done.stdout.splitlines()
    if lines == [NONE]:
        return None
    if len(lines) < 2 or lines[0] != HEADER:
        sys.exit(f"stdout {lines!r}: want {NONE!r} or {HEADER!r} and one line a device")
    devices = []
    for line in lines[1:]:
        match = DEVICE.fullmatch(line)
        if not match:
            sys.exit(f"not a device line: {line!r} (stdout {lines!r})")
        devices.append((match["name"], match["api"], int(match["inputs"]), int(match["outputs"])))
    return devices


null_pcm = 'pcm.sipline_null { type null hint { show on description "sipline test" } }\n'
devices = list_audio(null_pcm)
if devices is None or not any(name == "sipline_null" and api == "ALSA" and inputs >= 1
                              and outputs >= 1 for name, api, inputs, outputs in devices):
    sys.exit(f"ALSA's null PCM sipline_null is not listed with inputs and outputs: {devices!r}")
machine = list_audio("")
print(f"ok: sipline_null listed among {len(devices)}; with no ALSA settings: "
      f"{'no audio devices' if machine is None else f'{len(machine)} devices'}")
