"""A microsip.ini as MicroSIP writes it starts the phone with its accounts (`reg` lists them,
the default marked), and stderr holds exactly one line per setting that is not built — here
none — and nothing else. Run on the file as it is and as MicroSIP stores it on Windows
(UTF-16LE with a byte order mark, CRLF)."""
import pathlib
import socket
import subprocess
import sys
import tempfile

source, binary = pathlib.Path(sys.argv[1]), sys.argv[2]
NOT_BUILT = []
with tempfile.TemporaryDirectory(prefix="sipline-microsip-ini.") as directory:
    utf16 = pathlib.Path(directory) / "microsip.ini"
    utf16.write_bytes(b"\xff\xfe" + source.read_text().replace("\n", "\r\n").encode("utf-16-le"))
    for config in (source, utf16):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        done = subprocess.run([binary, "--config", str(config), "--listen", f"127.0.0.1:{port}",
                               "--audio", "null"],
                              input="reg\nquit\n", capture_output=True, text=True, timeout=30)
        want = [f"sipline: {config}:{line}: {text} is not built yet (ignored)"
                for line, text in NOT_BUILT]
        if done.returncode != 0 or done.stderr.splitlines() != want:
            sys.exit(f"{config}: exit {done.returncode}; stderr {done.stderr!r}; want {want!r}")
        if "\n1* Office: " not in done.stdout or "\n2 Lab: " not in done.stdout:
            sys.exit(f"{config}: reg does not list both accounts: {done.stdout!r}")
print("ok: a microsip.ini as MicroSIP writes it loads and names what is not built")
