"""sipline under a flood of INVITEs, each with a Call-ID of its own: up to its call limit
(UserAgentConfig::max_calls, 1024) they ring; beyond it every one gets 486 without leaving state
behind, so ten times more INVITEs cost no more memory (a memory bound, read from
/proc/PID/status, not a time bound); the call it had answered before the flood survives it, and
OPTIONS is still answered."""
import collections
import pathlib
import re
import socket
import subprocess
import unittest

import peers

MAX_CALLS = 1024  # sip/ua/user_agent.hpp
EXCESS = 1000  # INVITEs beyond the limit in the first wave; the second wave sends ten times more
# Growth of the peak resident size allowed between the waves. State kept per refused INVITE
# (a transaction holding its 486 for 32 s, a call never freed) costs over 1 KB each: more than
# 10 MB for the second wave. Allocator noise stays well under this.
GROWTH_BOUND_KB = 2048
DEADLINE = 30.0  # seconds for any one answer


def memory_kb(pid):
    """VmRSS and VmHWM (the peak) of process `pid`, in kB."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return {name: int(re.search(rf"^{name}:\s+(\d+) kB", status, re.M).group(1))
            for name in ("VmRSS", "VmHWM")}


class Caller:
    """A SIP caller on one UDP socket that sends a request and waits for its answer."""

    SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
           "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")

    def __init__(self, target):
        self.target = target
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((peers.LOOPBACK, 0))
        self.sock.settimeout(DEADLINE)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()

    def request(self, method, call_id, cseq=1, to_tag="", branch=None):
        to = f"<sip:sipline@127.0.0.1:{self.target}>" + (f";tag={to_tag}" if to_tag else "")
        body = self.SDP if method == "INVITE" else ""
        branch = f"z9hG4bK{branch or call_id}{cseq}"
        text = (f"{method} sip:sipline@127.0.0.1:{self.target} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch}\r\n"
                f"Max-Forwards: 70\r\nFrom: <sip:flood@127.0.0.1>;tag=f\r\nTo: {to}\r\n"
                f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\n"
                f"Contact: <sip:flood@127.0.0.1:{self.port}>\r\n"
                + ("Content-Type: application/sdp\r\n" if body else "")
                + f"Content-Length: {len(body)}\r\n\r\n{body}")
        self.sock.sendto(text.encode(), (peers.LOOPBACK, self.target))

    def answer(self, call_id, method):
        """The next response to `method` of `call_id` other than 100: (status, To header)."""
        while True:
            try:
                data = self.sock.recv(65536).decode("latin-1")
            except socket.timeout:
                raise AssertionError(f"no answer to {method} {call_id} within {DEADLINE} s") \
                    from None
            ours = (f"\r\nCall-ID: {call_id}\r\n" in data
                    and re.search(rf"\r\nCSeq: \d+ {method}\r\n", data) is not None)
            if ours and not data.startswith("SIP/2.0 100 "):
                return int(data[8:11]), re.search(r"\r\nTo: ([^\r]*)", data).group(1)

    def invites(self, names):
        """One INVITE per Call-ID in `names`, each sent once the last was answered: statuses."""
        counts = collections.Counter()
        for name in names:
            self.request("INVITE", name)
            counts[self.answer(name, "INVITE")[0]] += 1
        return counts


class Flood(unittest.TestCase):
    def test_invites_beyond_the_call_limit_get_486_and_cost_no_memory(self):
        with peers.sipline("--no-media", stdin=subprocess.PIPE) as (phone, port, log):
            caller = Caller(port)
            try:
                # A call answered by hand before the flood: it must survive it.
                caller.request("INVITE", "kept")
                status, to = caller.answer("kept", "INVITE")
                self.assertEqual(status, 180)
                phone.stdin.write("answer\n")
                phone.stdin.flush()
                status, to = caller.answer("kept", "INVITE")
                self.assertEqual(status, 200)
                caller.request("ACK", "kept", to_tag=to.split("tag=")[1], branch="ack")
                peers.wait_for_log(log, "call 1 confirmed", phone)

                first = caller.invites(f"flood-{i}" for i in range(MAX_CALLS - 1 + EXCESS))
                self.assertEqual(first, {180: MAX_CALLS - 1, 486: EXCESS})
                before = memory_kb(phone.pid)
                second = caller.invites(f"more-{i}" for i in range(10 * EXCESS))
                self.assertEqual(second, {486: 10 * EXCESS})
                after = memory_kb(phone.pid)
                self.assertLess(after["VmHWM"] - before["VmHWM"], GROWTH_BOUND_KB,
                                f"memory before the second wave {before}, after {after}")

                caller.request("OPTIONS", "still-there")
                self.assertEqual(caller.answer("still-there", "OPTIONS")[0], 200)
                caller.request("BYE", "kept", cseq=2, to_tag=to.split("tag=")[1])
                self.assertEqual(caller.answer("kept", "BYE")[0], 200)
                peers.wait_for_log(log, "call 1 ended 200 by peer", phone)
            finally:
                caller.close()


if __name__ == "__main__":
    unittest.main()
