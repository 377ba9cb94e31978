"""The README's example ini file is one sipline loads: the ```ini block is cut out of README.md
and the program started on it; `reg` must list its account as the default one (in whatever
state: 192.0.2.1 is not reached from 127.0.0.1), and nothing is said on stderr: the example asks
for nothing that is not built."""
import pathlib
import socket
import subprocess
import sys
import tempfile

readme, binary = pathlib.Path(sys.argv[1]), sys.argv[2]
text = readme.read_text()
start = text.index("```ini\n") + len("```ini\n")
example = text[start:text.index("```", start)]
with tempfile.TemporaryDirectory(prefix="sipline-readme-ini.") as directory:
    config = pathlib.Path(directory) / "microsip.ini"
    config.write_text(example)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # the example's port may be taken
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run([binary, "--config", str(config), "--listen", f"127.0.0.1:{port}"],
                          input="reg\nquit\n", capture_output=True, text=True, timeout=30)
if done.returncode != 0 or "\n1* Office: " not in done.stdout or done.stderr:
    sys.exit(f"exit {done.returncode}; stdout {done.stdout!r}; stderr {done.stderr!r}")
print("ok: the README's ini example loads")
