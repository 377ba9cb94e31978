"""Runs a command and checks its exit status, that stdout begins with the given text and that
stderr is empty (a pass regex in CMake would ignore the exit status)."""
import subprocess
import sys

want_status, want_start, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
done = subprocess.run(command, capture_output=True, text=True, timeout=30)
if done.returncode != want_status:
    sys.exit(f"exit status {done.returncode}, want {want_status}; stderr: {done.stderr!r}")
if not done.stdout.startswith(want_start):
    sys.exit(f"stdout {done.stdout!r}, want it to begin with {want_start!r}")
if done.stderr:
    sys.exit(f"stderr {done.stderr!r}, want none")
print(f"ok: exit {done.returncode}, stdout begins {want_start!r}")
