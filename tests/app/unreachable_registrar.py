"""sipline registering at 192.0.2.1 (TEST-NET-1) while bound to 127.0.0.1: the kernel refuses
the datagram, and the registration must say so within seconds ("waiting to retry (503)": it
retries after a backoff), not after Timer F's 32 s."""
import queue
import subprocess
import sys
import threading
import time

binary = sys.argv[1]
phone = subprocess.Popen([binary, "--listen", "127.0.0.1", "--audio", "null", "--account",
                          "sip:alice@192.0.2.1", "--password", "pw"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(line.rstrip()) for line in phone.stdout],
                 daemon=True).start()
seen = []
deadline = time.monotonic() + 5
try:
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            sys.exit(f"no 'waiting to retry (503)' within 5 s; saw {seen!r}")
        seen.append(line)
        if line == "registration sip:alice@192.0.2.1: waiting to retry (503)":
            print("ok:", line)
            sys.exit(0)
finally:
    phone.kill()
    phone.wait()
