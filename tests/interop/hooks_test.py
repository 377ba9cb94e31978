"""MicroSIP's event hooks with real calls on 127.0.0.1: each cmd… key runs a recorder that keeps
its argv and SIPLINE_* environment, and the test checks which hooks ran for each call, and with
what — SIPp calling the phone (answered; refused 486), the phone calling SIPp (answered and hung
up; answered 486), a URL hook opened with its values percent-encoded, a caller id built to run
a command arriving whole and running nothing, a hook that never ends neither holding up the
call (the 200 is out before the hook is killed) nor living past hookTimeout, and 1000 calls
with hooks leaving no zombie."""
import contextlib
import json
import os
import pathlib
import select
import subprocess
import time
import unittest

import control
import incoming_rules_test
import peers

# Writes one JSON line (argv, SIPLINE_* environment) into the FIFO argv[1], in one write: a
# line under PIPE_BUF is never mixed with another hook's.
RECORDER = """import json, os, sys
record = {"argv": sys.argv[2:],
          "env": {k: v for k, v in os.environ.items() if k.startswith("SIPLINE_")}}
line = (json.dumps(record) + "\\n").encode()
assert len(line) <= 4096
fifo = os.open(sys.argv[1], os.O_WRONLY)
os.write(fifo, line)
"""

KEYS = ("cmdOutgoingCall", "cmdIncomingCall", "cmdCallRing", "cmdCallAnswer", "cmdCallStart",
        "cmdCallBusy", "cmdCallEnd")

BUSY_UAS = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="busy callee">
  <recv request="INVITE" />
  <send><![CDATA[
      SIP/2.0 486 Busy Here
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>
  <recv request="ACK" />
</scenario>
"""


class Fifo:
    """A FIFO the hooks write to, held open by the test for reading and writing (so a hook's open
    never waits for a reader): what they write is read as it comes, waiting in select."""

    def __init__(self, directory):
        self.path = directory / "hooks.fifo"
        os.mkfifo(self.path)
        self.fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK)
        self.buffer = b""

    def close(self):
        os.close(self.fd)

    def read_until(self, done, timeout=20.0):
        """Reads until done(buffer) holds; fails with what came when it does not in time."""
        deadline = time.monotonic() + timeout
        while not done(self.buffer):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                raise AssertionError(f"the hooks wrote only {self.buffer[-3000:]!r}")
            self.buffer += os.read(self.fd, 65536)

    def pending(self):
        """What was written and not read yet, without waiting."""
        try:
            return os.read(self.fd, 65536)
        except BlockingIOError:
            return b""

    def records(self, count):
        """The next `count` records of the recorder (in the order they were written)."""
        self.read_until(lambda buffer: buffer.count(b"\n") >= count)
        lines = self.buffer.split(b"\n")
        self.buffer = b"\n".join(lines[count:])
        return [json.loads(line) for line in lines[:count]]


def events(recorded):
    """{call id: set of SIPLINE_EVENT} from the records."""
    out = {}
    for record in recorded:
        out.setdefault(record["env"]["SIPLINE_CALL_ID"], set()).add(record["env"]["SIPLINE_EVENT"])
    return out


def recording_phone(directory, fifo, settings=""):
    """A phone whose every hook runs the recorder into `fifo`."""
    (directory / "record.py").write_text(RECORDER)
    hooks = "".join(f"{key}=python3 {directory}/record.py {fifo.path}\n" for key in KEYS)
    return incoming_rules_test.phone_with(directory, hooks + settings)


def uas(scenario=None, name=None, directory=None):
    """SIPp as the callee of one call: the built-in uas, or `scenario` text."""
    port = peers.free_port()
    if scenario is None:
        source = ["-sn", "uas"]
    else:
        (directory / name).write_text(scenario)
        source = ["-sf", str(directory / name)]
    process = subprocess.Popen(["sipp", *source, "-i", peers.LOOPBACK, "-p", str(port), "-cp",
                                str(peers.free_port()), "-m", "1", "-nostdin", "-timeout", "30s",
                                "-timeout_error"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peers.wait_for_port(port, "udp")
    return process, port


def wait_for_no_children(phone, log, timeout=30.0):
    """Waits until the phone has no child, running or a zombie; returns those it still has. A
    running child is waited for by its pidfd; once only zombies are left, two requests on the
    phone's control socket make its loop go round twice, so any SIGCHLD pending has been taken:
    a zombie still there then is one the phone did not reap."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = children(phone.pid)
        pidfds = []
        for pid, state in kids:
            if state != "Z":
                try:
                    pidfds.append(os.pidfd_open(pid))
                except ProcessLookupError:
                    pass  # gone meanwhile
        if pidfds:
            select.select(pidfds, [], [], max(0.0, deadline - time.monotonic()))
            for fd in pidfds:
                os.close(fd)
            continue
        if not kids:
            return []
        with control.Client(control.socket_path(log, "microsip")) as client:
            client.ask("calls")
            client.ask("calls")
        if all(state == "Z" for _, state in children(phone.pid)):
            return children(phone.pid)
    return children(phone.pid)


def children(pid):
    """[(pid, state)] of the processes whose parent is `pid`."""
    out = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        if int(fields[1]) == pid:
            out.append((int(stat.parent.name), fields[0]))
    return out


class Hooks(unittest.TestCase):
    def test_each_hook_fires_as_microsip_says_for_calls_both_ways(self):
        with peers.workdir("sipline-hooks.") as directory, \
                contextlib.closing(Fifo(directory)) as fifo, \
                recording_phone(directory, fifo, "autoAnswer=all\ndenyIncoming=user\n") as (
                    phone, port, log):
            code, output = incoming_rules_test.sipp_caller(port, "autoanswer_uac.xml",
                                                           keys={"ask": "Subject: hi"})
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
            code, output = incoming_rules_test.sipp_caller(port, "busy_uac.xml", service="eve")
            self.assertEqual(code, 0, output)
            peers.wait_for_log(log, "call 2 rejected 486", phone)
            answering, answering_port = uas()
            peers.ask(phone, f"dial sip:bob@{peers.LOOPBACK}:{answering_port}")
            peers.wait_for_log(log, "call 3 confirmed", phone)
            peers.ask(phone, "hangup")
            self.assertEqual(answering.wait(30), 0, answering.stdout.read()[-3000:])
            busy, busy_port = uas(BUSY_UAS, "busy_uas.xml", directory)
            peers.ask(phone, f"dial sip:carol@{peers.LOOPBACK}:{busy_port}")
            self.assertEqual(busy.wait(30), 0, busy.stdout.read()[-3000:])
            peers.wait_for_log(log, "call 4 ended 486", phone)
            recorded = fifo.records(5 + 2 + 3 + 2)
            self.assertEqual(wait_for_no_children(phone, log), [])
            late = fifo.pending()  # every hook has ended: none ran late, or twice
        self.assertEqual(events(recorded), {
            "1": {"cmdIncomingCall", "cmdCallRing", "cmdCallAnswer", "cmdCallStart", "cmdCallEnd"},
            "2": {"cmdIncomingCall", "cmdCallBusy"},  # refused before it rang
            "3": {"cmdOutgoingCall", "cmdCallStart", "cmdCallEnd"},
            "4": {"cmdOutgoingCall", "cmdCallBusy"},
        })
        self.assertEqual(late, b"")  # none twice
        by_event = {(r["env"]["SIPLINE_CALL_ID"], r["env"]["SIPLINE_EVENT"]): r for r in recorded}
        first = by_event[("1", "cmdCallEnd")]
        self.assertEqual(first["argv"], ["intercom"])  # MicroSIP's argument: the user part
        self.assertEqual(first["env"]["SIPLINE_DIRECTION"], "incoming")
        self.assertEqual(first["env"]["SIPLINE_STATUS"], "200")
        self.assertEqual(first["env"]["SIPLINE_REMOTE_URI"][:14], "sip:intercom@1")
        self.assertEqual(by_event[("1", "cmdCallRing")]["env"]["SIPLINE_STATUS"], "")
        self.assertEqual(by_event[("2", "cmdCallBusy")]["env"]["SIPLINE_STATUS"], "486")
        outgoing = by_event[("3", "cmdOutgoingCall")]
        self.assertEqual(outgoing["argv"], ["bob"])
        self.assertEqual(outgoing["env"]["SIPLINE_DIRECTION"], "outgoing")
        self.assertEqual(by_event[("4", "cmdCallBusy")]["argv"], ["carol"])
        # (Their order is CallHooks' (call_hooks_test): hooks run side by side, so the order
        # their records are written in is not the order they were started in.)

    def test_a_url_hook_is_opened_with_its_values_encoded(self):
        with peers.workdir("sipline-hook-url.") as directory, \
                contextlib.closing(Fifo(directory)) as fifo:
            # The phone's xdg-open is ours: it records the URL it was asked to open.
            bin_dir = directory / "bin"
            bin_dir.mkdir()
            (directory / "record.py").write_text(RECORDER)
            opener = bin_dir / "xdg-open"
            opener.write_text(f"#!/bin/sh\nexec python3 {directory}/record.py "
                              f"{fifo.path} \"$@\"\n")
            opener.chmod(0o755)
            os.environ["PATH"] = f"{bin_dir}:{os.environ['PATH']}"
            try:
                with incoming_rules_test.phone_with(
                        directory, "autoAnswer=all\ncmdIncomingCall=https://crm.example.com/pop?"
                        "n={number}&who={name}&id={callid}&dir={direction}\n") as (
                            phone, port, log):
                    text = (peers.PEER_FILES / "autoanswer_uac.xml").read_text().replace(
                        "From: <sip:intercom@", 'From: "Zoë & Co" <sip:+1555@')
                    code, output = incoming_rules_test.sipp_caller(
                        port, "named_uac.xml", keys={"ask": "Subject: hi"}, scenario_text=text,
                        directory=directory)
                    self.assertEqual(code, 0, output)
                    recorded = fifo.records(1)
            finally:
                os.environ["PATH"] = os.environ["PATH"].split(":", 1)[1]
        self.assertEqual(recorded[0]["argv"], [
            "https://crm.example.com/pop?n=%2B1555&who=Zo%C3%AB%20%26%20Co&id=1&dir=incoming"])

    def test_a_caller_id_built_to_run_commands_arrives_whole_and_runs_nothing(self):
        with peers.workdir("sipline-hook-inject.") as directory, \
                contextlib.closing(Fifo(directory)) as fifo:
            canary = directory / "canary"
            name = f"$(touch {canary}) `touch {canary}`;touch {canary}|touch {canary}&touch {canary}"
            with recording_phone(directory, fifo, "autoAnswer=all\n") as (phone, port, log):
                text = (peers.PEER_FILES / "autoanswer_uac.xml").read_text().replace(
                    "From: <sip:intercom@", f'From: "{name}" <sip:-rf@')
                code, output = incoming_rules_test.sipp_caller(
                    port, "hostile_uac.xml", keys={"ask": "Subject: hi"}, scenario_text=text,
                    directory=directory)
                self.assertEqual(code, 0, output)
                peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
                recorded = fifo.records(5)
                self.assertEqual(wait_for_no_children(phone, log), [])  # all five have ended
            self.assertFalse(canary.exists())
        for record in recorded:
            self.assertEqual(record["argv"], ["-rf"])
            self.assertEqual(record["env"]["SIPLINE_DISPLAY_NAME"], name)

    def test_a_hook_that_never_ends_holds_up_no_call_and_is_killed(self):
        with peers.workdir("sipline-hook-hang.") as directory, \
                incoming_rules_test.phone_with(
                    directory, "autoAnswer=all\nhookTimeout=8\n"
                    "cmdIncomingCall=/bin/sh -c 'sleep 1000 & sleep 1000'\n"
                    "cmdCallRing=/bin/sh -c 'sleep 1000'\n") as (phone, port, log):
            code, output = incoming_rules_test.sipp_caller(port, "autoanswer_uac.xml",
                                                           keys={"ask": "Subject: hi"})
            self.assertEqual(code, 0, output)  # 180 and 200 came while both hooks slept
            peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
            peers.wait_for_log_count(log, ") killed: still running after 8 s", 2, process=phone)
            text = log.read_text()
            # The call was answered and over before the hooks' time was up.
            self.assertLess(text.index("call 1 confirmed"), text.index(") killed"))
            self.assertLess(text.index("call 1 ended"), text.index(") killed"))
            self.assertEqual(wait_for_no_children(phone, log), [])

    def test_a_thousand_calls_with_hooks_leave_no_zombie(self):
        with peers.workdir("sipline-hook-many.") as directory, \
                contextlib.closing(Fifo(directory)) as fifo:
            # Each hook writes a byte into the FIFO (one write: none is lost to another).
            hook = f"/bin/sh -c 'printf x > {fifo.path}'"
            with incoming_rules_test.phone_with(
                    directory, f"autoAnswer=all\ncmdIncomingCall={hook}\ncmdCallEnd={hook}\n") as (
                        phone, port, log):
                result = peers.sipp([f"{peers.LOOPBACK}:{port}", "-sn", "uac", "-m", "1000",
                                     "-r", "100", "-l", "20", "-timeout", "120s",
                                     "-timeout_error"], timeout=180)
                self.assertEqual(result.returncode, 0, result.stdout[-3000:])
                peers.wait_for_log_count(log, " ended 200", 1000, process=phone)
                fifo.read_until(lambda written: len(written) >= 2000, timeout=60)
                # None running, none a zombie; and every hook ran once.
                self.assertEqual(wait_for_no_children(phone, log, timeout=60), [])
                self.assertEqual(len(fifo.buffer + fifo.pending()), 2000)
                self.assertNotIn("not run", log.read_text())

if __name__ == "__main__":
    unittest.main()
