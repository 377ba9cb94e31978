"""Runs a command and checks its exit status and that stderr is exactly one given line."""
import subprocess
import sys

want_status, want_line, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
done = subprocess.run(command, capture_output=True, text=True, timeout=30)
lines = done.stderr.splitlines()
if done.returncode != want_status:
    sys.exit(f"exit status {done.returncode}, want {want_status}; stderr: {done.stderr!r}")
if lines != [want_line]:
    sys.exit(f"stderr {lines!r}, want exactly [{want_line!r}]")
print(f"ok: exit {done.returncode}, stderr {want_line!r}")
