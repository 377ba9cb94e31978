"""A microsip.ini as MicroSIP writes it starts the phone with its accounts (`reg` lists them,
the default marked), and stderr holds exactly one line per setting that is not built — here
none — and nothing else. Run on the file as it is and as MicroSIP stores it on Windows
(UTF-16LE with a byte order mark, CRLF). Then the DND button toggled on the console is written
back as MicroSIP writes it: exactly one line of the UTF-16 file changes (DND=0 becomes DND=1),
every other byte stays, and toggling it again gives back the file byte for byte."""
import pathlib
import socket
import subprocess
import sys
import tempfile

source, binary = pathlib.Path(sys.argv[1]), sys.argv[2]
NOT_BUILT = []


def phone(config, console):
    """Runs the phone on `config` with `console` typed in; the finished process."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return subprocess.run([binary, "--config", str(config), "--listen", f"127.0.0.1:{port}",
                           "--audio", "null"],
                          input=console, capture_output=True, text=True, timeout=30)


with tempfile.TemporaryDirectory(prefix="sipline-microsip-ini.") as directory:
    utf16 = pathlib.Path(directory) / "microsip.ini"
    utf16.write_bytes(b"\xff\xfe" + source.read_text().replace("\n", "\r\n").encode("utf-16-le"))
    for config in (source, utf16):
        done = phone(config, "reg\nquit\n")
        want = [f"sipline: {config}:{line}: {text} is not built yet (ignored)"
                for line, text in NOT_BUILT]
        if done.returncode != 0 or done.stderr.splitlines() != want:
            sys.exit(f"{config}: exit {done.returncode}; stderr {done.stderr!r}; want {want!r}")
        if "\n1* Office: " not in done.stdout or "\n2 Lab: " not in done.stdout:
            sys.exit(f"{config}: reg does not list both accounts: {done.stdout!r}")

    def toggle_dnd():
        done = phone(utf16, "dnd\nquit\n")
        if done.returncode != 0 or done.stderr:
            sys.exit(f"dnd: exit {done.returncode}; stderr {done.stderr!r}")
        return done.stdout

    original = utf16.read_bytes()
    if "do not disturb: on" not in toggle_dnd():
        sys.exit("dnd did not turn do not disturb on")
    toggled = utf16.read_bytes()
    before, after = original.split(b"\n\x00"), toggled.split(b"\n\x00")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    want = [("DND=0\r".encode("utf-16-le"), "DND=1\r".encode("utf-16-le"))]
    if len(before) != len(after) or changed != want or not toggled.startswith(b"\xff\xfe"):
        sys.exit(f"toggling DND changed {changed!r} ({len(before)} lines, then {len(after)})")
    if "do not disturb: off" not in toggle_dnd() or utf16.read_bytes() != original:
        sys.exit("toggling DND back did not give the file back byte for byte")
print("ok: a microsip.ini as MicroSIP writes it loads, names what is not built, and takes the "
      "DND toggle back changing one line")
