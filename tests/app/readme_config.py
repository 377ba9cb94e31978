"""The README's example ini files are ones sipline loads: each ```ini block is cut out of
README.md and the program started on it; for the one with accounts, `reg` must list its account
as the default one (in whatever state: 192.0.2.1 is not reached from 127.0.0.1), and nothing is
said on stderr: the examples ask for nothing that is not built."""
import pathlib
import socket
import subprocess
import sys
import tempfile

readme, binary = pathlib.Path(sys.argv[1]), sys.argv[2]
text = readme.read_text()
examples = []
at = text.find("```ini\n")
while at != -1:
    start = at + len("```ini\n")
    examples.append(text[start:text.index("```", start)])
    at = text.find("```ini\n", start)
if not any("[Account1]" in example for example in examples):
    sys.exit("no ini example with an account in the README")
for example in examples:
    with tempfile.TemporaryDirectory(prefix="sipline-readme-ini.") as directory:
        config = pathlib.Path(directory) / "microsip.ini"
        config.write_text(example)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # the port may be taken
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        done = subprocess.run([binary, "--config", str(config), "--listen", f"127.0.0.1:{port}",
                               "--audio", "null"],
                              input="reg\nquit\n", capture_output=True, text=True, timeout=30)
    with_account = "[Account1]" in example
    if done.returncode != 0 or done.stderr or (with_account and "\n1* Office: " not in done.stdout):
        sys.exit(f"{example[:60]!r}…: exit {done.returncode}; stdout {done.stdout!r}; "
                 f"stderr {done.stderr!r}")
print(f"ok: the README's {len(examples)} ini examples load")
