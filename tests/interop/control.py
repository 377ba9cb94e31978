"""The control socket of a sipline that peers.sipline started, from a test: the socket's path,
a JSON client (newline-delimited requests, responses and pushed events), and the launcher (the
sipline program given MicroSIP's command line, handing it to the running phone)."""
import json
import os
import resource
import selectors
import socket
import subprocess
import time

import peers


def socket_path(log, config_stem="sipline"):
    """The control socket of the phone whose log is `log` (peers.sipline gives each phone its
    own XDG_RUNTIME_DIR: the log's directory)."""
    return log.parent / "sipline" / f"{config_stem}.sock"


def launch(log, *args, timeout=30):
    """Runs `sipline ARGS` as a second process beside the phone of `log` (the same runtime
    directory, so the same control socket); returns the CompletedProcess."""
    return subprocess.run([str(peers.sipline_binary()), *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL,
                          env=peers.sanitizer_environment(log.parent))


class Client:
    """One connection to a phone's control socket. Responses and events are read as they come;
    events are kept in order in `events`."""

    def __init__(self, path=None, connection=None):
        if connection is None:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.connect(str(path))
        self.connection = connection
        self.buffer = b""
        self.events = []  # every event read, in order
        self.taken = set()  # the indices of those wait_event returned

    @classmethod
    def over(cls, connection):
        """A client on a connection made already (TCP)."""
        return cls(connection=connection)

    def close(self):
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_raw(self, data):
        self.connection.sendall(data)

    def send(self, command, token=None, **params):
        request = {"command": command}
        if params:
            request["params"] = params
        if token is not None:
            request["token"] = token
        self.send_raw(json.dumps(request).encode() + b"\n")

    def line(self, timeout=15.0):
        """The next line, decoded from JSON; None when the phone closed the connection."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line from the phone in {timeout} s: {self.buffer!r}")
            with selectors.DefaultSelector() as selector:
                selector.register(self.connection, selectors.EVENT_READ)
                if not selector.select(left):
                    continue
            chunk = self.connection.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def response(self, timeout=15.0):
        """The next response; the events before it go to `events`."""
        while True:
            message = self.line(timeout)
            if message is None:
                raise AssertionError("the phone closed the connection before answering")
            if message.get("response"):
                return message
            self.events.append(message)

    def ask(self, command, **params):
        self.send(command, **params)
        return self.response()

    def wait_event(self, kind, timeout=15.0, **fields):
        """The first event of type `kind` (with `fields`) that no wait_event returned yet (all
        stay in `events`)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self.events):
                if index not in self.taken and event.get("type") == kind and \
                        all(event.get(k) == v for k, v in fields.items()):
                    self.taken.add(index)
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind} event in {timeout} s; events: {self.events}")
            message = self.line(left)
            if message is None:
                raise AssertionError(f"the phone closed the connection; events: {self.events}")
            if not message.get("response"):
                self.events.append(message)


def rss_kib(pid):
    """The resident memory of process `pid`, KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def raise_file_limit(wanted):
    """Lets this process hold `wanted` descriptors (up to the hard limit); returns the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = min(max(soft, wanted), hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    return limit


def run_as_nobody_connect(path):
    """Connects to `path` as the user nobody, in a child process; returns what it read (the
    phone's refusal line) or the error it met."""
    script = ("import socket,sys\n"
              "s=socket.socket(socket.AF_UNIX)\n"
              "try:\n"
              f"  s.connect({str(path)!r})\n"
              "  s.settimeout(10)\n"
              "  data=b''\n"
              "  while True:\n"
              "    chunk=s.recv(4096)\n"
              "    if not chunk: break\n"
              "    data+=chunk\n"
              "  print('READ', data.decode(errors='replace').strip())\n"
              "except OSError as e:\n"
              "  print('ERROR', e.errno)\n")
    done = subprocess.run(["python3", "-c", script], capture_output=True, text=True, timeout=30,
                          user="nobody", group="nogroup", extra_groups=[])
    return done.stdout.strip() + done.stderr.strip()


def is_root():
    return os.geteuid() == 0
