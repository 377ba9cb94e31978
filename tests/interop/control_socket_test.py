"""The control socket of a running sipline (a Unix socket of its own, JSON a line): a client sees
every event of a whole call with baresip, in order, and so does a second client; a client that
never reads is dropped while the phone's memory stays bounded; and hostile input, each a test —
a 1 MiB line, a partial line then a disconnect, 1000 clients, NUL bytes, invalid UTF-8, a newline
smuggling a second command, a client of another uid, a socket path left by a dead phone and one
held by a live phone. After each, the phone still answers. On TCP (--control-tcp), a client must
give the token first, and a client written for baresip's ctrl_tcp (netstrings, params as one
string) dials and hangs up."""
import json
import os
import pathlib
import re
import socket
import stat
import subprocess
import unittest

import audio
import control
import peers


class ControlSocket(unittest.TestCase):
    def test_two_clients_see_a_whole_call_in_order(self):
        with peers.workdir("sipline-ctl-call.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=30, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, _), peers.sipline("--codecs", "PCMU") as (phone, _, log):
                path = control.socket_path(log)
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
                self.assertEqual(stat.S_IMODE(os.stat(path.parent).st_mode), 0o700)
                with control.Client(path) as first, control.Client(path) as second:
                    self.assertEqual(first.ask("calls")["data"], [])  # both are connected now
                    self.assertEqual(second.ask("calls")["data"], [])
                    first.send("dial", token="t-1", uri=f"sip:bob@127.0.0.1:{bob_port}")
                    answer = first.response()
                    self.assertEqual(answer, {"response": True, "ok": True, "data": {"id": 1},
                                              "token": "t-1"})
                    first.wait_event("CALL_ESTABLISHED", id=1)
                    reply = first.ask("hangup", id=1)
                    self.assertTrue(reply["ok"], reply)
                    first.wait_event("CALL_SUMMARY", id=1)
                    second.wait_event("CALL_SUMMARY", id=1)
                    for client in (first, second):
                        calls = [e for e in client.events if e.get("class") == "call"]
                        types = [e["type"] for e in calls]
                        self.assertEqual(types, ["CALL_OUTGOING", "CALL_RINGING",
                                                 "CALL_ESTABLISHED", "CALL_CLOSED",
                                                 "CALL_SUMMARY"], client.events)
                        self.assertEqual(calls[-1]["summary"]["codec"], "PCMU/8000")
                        closed = calls[-2]
                        self.assertEqual((closed["direction"], closed["peeruri"],
                                          closed["status"], closed["ended_by"]),
                                         ("outgoing", f"sip:bob@127.0.0.1:{bob_port}", 200, "us"))

    def test_a_client_that_never_reads_is_dropped_and_memory_stays_bounded(self):
        with peers.sipline() as (phone, _, log):
            path = control.socket_path(log)
            with control.Client(path) as probe:
                probe.ask("calls")
                before = control.rss_kib(phone.pid)
            # Requests without end, never a response read: once a megabyte of answers waits
            # for it, the phone drops it (the write fails).
            reader = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            reader.connect(str(path))
            reader.settimeout(60)
            request = b'{"command":"calls"}\n' * 1000
            dropped = False
            sent = 0
            while sent < 400 * 1024 * 1024:
                try:
                    reader.sendall(request)
                except OSError:
                    dropped = True
                    break
                sent += len(request)
            reader.close()
            self.assertTrue(dropped, f"{sent} bytes of requests taken from a client that never "
                                     "reads: it was not dropped")
            after = control.rss_kib(phone.pid)
            self.assertLess(after - before, 32 * 1024, f"{before} KiB before, {after} KiB after")
            with control.Client(path) as client:
                self.assertTrue(client.ask("calls")["ok"])

    def test_a_line_of_a_mebibyte_is_refused_and_the_connection_goes_on(self):
        with peers.sipline() as (phone, _, log), control.Client(control.socket_path(log)) as client:
            client.send_raw(b'{"command":"dial","params":{"uri":"' + b"a" * (1 << 20) + b'"}}\n')
            refused = client.response()
            self.assertEqual(refused["ok"], False)
            self.assertEqual(refused["reason"], "line longer than 65536 bytes: skipped")
            self.assertEqual(client.ask("calls"), {"response": True, "ok": True, "data": []})
            self.assertEqual(phone.poll(), None)

    def test_a_partial_line_then_a_disconnect_does_nothing(self):
        with peers.sipline() as (phone, _, log):
            path = control.socket_path(log)
            with control.Client(path) as client:
                client.send_raw(b'{"command":"quit"}')  # no newline: never a whole request
            with control.Client(path) as client:
                self.assertTrue(client.ask("calls")["ok"])
            self.assertEqual(phone.poll(), None)

    def test_a_thousand_clients(self):
        control.raise_file_limit(1200)
        with peers.sipline() as (phone, _, log):
            path = control.socket_path(log)
            clients = []
            try:
                for _ in range(1000):
                    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    connection.connect(str(path))
                    clients.append(connection)
                refused = 0
                for connection in clients:
                    connection.settimeout(10)
                    try:  # a refused one is closed already: its line waits to be read
                        connection.sendall(b'{"command":"calls"}\n')
                    except OSError:
                        pass
                    answer = connection.recv(4096)
                    if b'"reason":"refused: 64 clients already"' in answer:
                        refused += 1
                    else:
                        self.assertIn(b'"ok":true', answer)
                self.assertEqual(refused, 1000 - 64)
            finally:
                for connection in clients:
                    connection.close()
            with control.Client(path) as client:  # the places are free again
                self.assertTrue(client.ask("calls")["ok"])
            self.assertEqual(phone.poll(), None)

    def test_nul_bytes_invalid_utf8_and_control_characters_are_refused(self):
        with peers.sipline() as (phone, _, log), control.Client(control.socket_path(log)) as client:
            client.send_raw(b'{"command":"calls"\x00}\n')
            self.assertFalse(client.response()["ok"])
            client.send_raw(b'{"command":"dial","params":{"uri":"sip:\xff\xfe@127.0.0.1:9"}}\n')
            refused = client.response()
            self.assertFalse(refused["ok"])
            self.assertIn("UTF-8", refused["reason"])
            client.send_raw(b'{"command":"dial","params":{"uri":"sip:a\\u0000b@127.0.0.1:9"}}\n')
            self.assertEqual(client.response()["reason"], "params.uri holds a control character")
            self.assertEqual(client.ask("calls")["data"], [])

    def test_a_newline_cannot_smuggle_a_second_command(self):
        with peers.sipline() as (phone, _, log), control.Client(control.socket_path(log)) as client:
            # Escaped inside the string: one request, whose URI holds a newline: refused whole.
            client.send_raw(b'{"command":"dial","params":{"uri":"sip:a@127.0.0.1:9\\nquit"}}\n')
            self.assertEqual(client.response()["reason"], "params.uri holds a control character")
            # Raw inside the string: two broken lines, neither carried out.
            client.send_raw(b'{"command":"dial","params":{"uri":"sip:a@127.0.0.1:9\n'
                            b'{"command":"quit"}"}}\n')
            self.assertFalse(client.response()["ok"])
            self.assertFalse(client.response()["ok"])
            self.assertEqual(client.ask("calls")["data"], [])
            self.assertEqual(phone.poll(), None)

    def test_a_client_of_another_uid_is_refused(self):
        if not control.is_root():
            self.skipTest("only root can run a client as another user")
        with peers.sipline() as (phone, _, log):
            path = control.socket_path(log)
            # The directory (0700) keeps nobody out before the phone is even asked.
            self.assertEqual(control.run_as_nobody_connect(path), "ERROR 13")
            # Opened up by hand, the phone still refuses: SO_PEERCRED names uid 65534.
            os.chmod(log.parent, 0o755)
            os.chmod(path.parent, 0o755)
            os.chmod(path, 0o666)
            said = control.run_as_nobody_connect(path)
            self.assertIn('"reason":"refused: uid 65534 is not this phone\'s"', said)
            with control.Client(path) as client:
                self.assertTrue(client.ask("calls")["ok"])

    def test_a_dead_phones_socket_is_taken_and_a_live_ones_refused(self):
        with peers.workdir("sipline-ctl-dead.") as runtime:
            directory = runtime / "sipline"
            directory.mkdir(mode=0o700)
            # A phone that died left its socket: bound, listened on, never removed.
            leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            leftover.bind(str(directory / "sipline.sock"))
            leftover.listen()
            leftover.close()
            port = peers.free_port()
            env = peers.sanitizer_environment(runtime)
            phone = subprocess.Popen([str(peers.sipline_binary()), "--listen",
                                      f"127.0.0.1:{port}", "--audio", "null"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     stdin=subprocess.DEVNULL, env=env)
            try:
                self.assertIn("listening on", phone.stdout.readline())
                with control.Client(directory / "sipline.sock") as client:
                    self.assertTrue(client.ask("calls")["ok"])
                # A second phone with the same config finds the first alive: one clear line.
                second = subprocess.run([str(peers.sipline_binary()), "--listen", "127.0.0.1",
                                         "--audio", "null"], capture_output=True, text=True,
                                        timeout=30, stdin=subprocess.DEVNULL, env=env)
                self.assertEqual(second.returncode, 1)
                self.assertEqual(second.stdout, "")
                self.assertEqual(
                    second.stderr,
                    "sipline: a sipline is already running with this config (control socket "
                    f"{directory / 'sipline.sock'}): give it commands (sipline NUMBER, sipline "
                    "/answer, sipline ctl …), or start this one with another --config or "
                    "--control-socket\n")
                with control.Client(directory / "sipline.sock") as client:
                    self.assertTrue(client.ask("quit")["ok"])
                self.assertEqual(phone.wait(30), 0)
                self.assertFalse((directory / "sipline.sock").exists())
            finally:
                peers.stop(phone)
                phone.stdout.close()

    def test_tcp_asks_for_the_token_first(self):
        with peers.sipline("--control-tcp", "127.0.0.1:0") as (phone, _, log):
            port, token_file = tcp_control(log, phone)
            self.assertEqual(token_file, control.socket_path(log).with_suffix(".token"))
            self.assertEqual(stat.S_IMODE(os.stat(token_file).st_mode), 0o600)
            token = token_file.read_text().strip()
            self.assertRegex(token, r"^[0-9a-f]{32}$")
            with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
                client = control.Client.over(connection)
                refused = client.ask("calls")
                self.assertEqual(refused["ok"], False)
                self.assertTrue(refused["reason"].startswith("authenticate first"), refused)
                self.assertEqual(auth(client, "0" * 32)["reason"], "wrong token")
                self.assertTrue(auth(client, token)["ok"])
                self.assertEqual(client.ask("calls")["data"], [])
            # Three wrong tokens and the phone stops listening to that client.
            with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
                client = control.Client.over(connection)
                for _ in range(3):
                    self.assertEqual(auth(client, "x")["reason"], "wrong token")
                self.assertIsNone(client.line())
        self.assertFalse(token_file.exists())  # gone with the phone

    def test_a_baresip_ctrl_tcp_client_works_unchanged_but_for_the_token(self):
        # baresip's ctrl_tcp framing: netstrings of JSON whose "params" is the argument line.
        with peers.workdir("sipline-ctl-netstring.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=30, rate=8000)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True) as (
                    _, bob_port, _), \
                    peers.sipline("--codecs", "PCMU", "--control-tcp", "127.0.0.1:0") as (
                        phone, _, log):
                port, token_file = tcp_control(log, phone)
                token = token_file.read_text().strip()
                with socket.create_connection(("127.0.0.1", port), timeout=15) as tcp:
                    strings = Netstrings(tcp)
                    self.assertTrue(strings.ask({"command": "auth", "params": token})["ok"])
                    answer = strings.ask({"command": "dial",
                                          "params": f"sip:bob@127.0.0.1:{bob_port}",
                                          "token": "cmd-1"})
                    self.assertEqual(answer, {"response": True, "ok": True, "data": {"id": 1},
                                              "token": "cmd-1"})
                    strings.wait_event("CALL_ESTABLISHED")
                    self.assertTrue(strings.ask({"command": "hangup", "params": "1"})["ok"])
                    strings.wait_event("CALL_CLOSED")
                    # A broken frame ends the connection, after saying why.
                    tcp.sendall(b"12:not a netstring at all")
                    said = strings.next()
                    while not said.get("response"):  # the call's last events first
                        said = strings.next()
                    self.assertEqual(said["reason"], "a netstring must end with ','")
                    self.assertIsNone(strings.next())


def tcp_control(log, phone):
    """(port, token file) of the TCP control a phone started with --control-tcp said it opened."""
    peers.wait_for_log(log, "control on tcp 127.0.0.1:", phone)
    note = re.search(r"control on tcp 127\.0\.0\.1:(\d+), token in (\S+)\n", log.read_text())
    return int(note[1]), pathlib.Path(note[2])


def auth(client, token):
    """The phone's answer to {"command":"auth","params":{"token":token}}."""
    client.send_raw(json.dumps({"command": "auth", "params": {"token": token}}).encode() + b"\n")
    return client.response()


class Netstrings:
    """baresip's ctrl_tcp framing, "LENGTH:JSON," each way."""

    def __init__(self, connection):
        self.connection = connection
        self.buffer = b""
        self.events = []

    def next(self):
        while True:
            payload, self.buffer = peers.split_netstring(self.buffer)
            if payload is not None:
                return json.loads(payload)
            chunk = self.connection.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk

    def ask(self, request):
        self.connection.sendall(peers.netstring(json.dumps(request).encode()))
        while True:
            message = self.next()
            if message.get("response"):
                return message
            self.events.append(message)

    def wait_event(self, kind):
        while not any(event.get("type") == kind for event in self.events):
            message = self.next()
            if message is None:
                raise AssertionError(f"closed before {kind}: {self.events}")
            if not message.get("response"):
                self.events.append(message)

if __name__ == "__main__":
    unittest.main()
