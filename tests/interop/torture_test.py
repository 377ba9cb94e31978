"""The RFC 4475 torture messages sent over UDP to a running sipline, byte for byte from
../shared/corpora: each request gets exactly the answer its INDEX.tsv verdict allows (400 for the
malformed, 505, 416, 420, 415 … for the rest, and where the RFC lets a liberal element read past
the fault, the answer that reading gives), responses are dropped in silence, and sipline still
answers after every one of them.

Replies to a parsed request follow its top Via (RFC 3261 §18.2.2: the source address with the
Via's port), so each message is sent from the port its Via names (5060 unless given), on an
address of 127.0.0.0/8 chosen so that all those ports are free: the reply comes back to the
sending socket without touching the message.

No answer is judged by the clock: after each message an OPTIONS probe goes out from the same
socket. sipline takes datagrams in order on one thread and answers at once, so when the probe's
200 is in, every answer to the message before it is in too."""
import ipaddress
import os
import pathlib
import random
import re
import socket
import time
import unittest

import peers

CORPUS = pathlib.Path(os.environ.get("SIPLINE_SHARED", "../../../shared")) / "corpora" / "rfc4475"

SILENT = frozenset()  # a response: dropped, nothing sent back
# The statuses each request may earn (INDEX.tsv, RFC 4475 §3). sipline is a UA, not a registrar
# or proxy: REGISTER gets 405 (RFC 3261 §8.2.1), a MESSAGE (RFC 3428) in a multipart body 415
# (text/plain only, §8.2.3), an INVITE it can take rings (180),
# one with a To tag but no dialog gets 481 (§12.2.2). Two statuses where the RFC lets a liberal
# element read past the fault: 400, or what the message earns when read that way.
EXPECTED = {
    # §3.1.1 valid
    "wsinv.dat": {481},  # To has a tag: a re-INVITE for a dialog that does not exist
    "intmeth.dat": {501}, "esc01.dat": {180}, "escnull.dat": {405}, "esc02.dat": {501},
    "lwsdisp.dat": {200}, "longreq.dat": {180}, "dblreq.dat": {405}, "semiuri.dat": {200},
    "transports.dat": {200}, "mpart01.dat": {415}, "unreason.dat": SILENT,
    "noreason.dat": SILENT,
    # §3.1.2 invalid
    "badinv01.dat": {400}, "clerr.dat": {400}, "ncl.dat": {400}, "scalar02.dat": {400},
    "scalarlg.dat": SILENT, "quotbal.dat": {400}, "ltgtruri.dat": {400}, "lwsruri.dat": {400},
    "lwsstart.dat": {400, 180}, "trws.dat": {400, 200}, "escruri.dat": {400, 180},
    "baddate.dat": {400, 180}, "regbadct.dat": {400, 405}, "badaspec.dat": {400, 200},
    "baddn.dat": {400, 200}, "badvers.dat": {505}, "mismatch01.dat": {400},
    "mismatch02.dat": {501, 400}, "bigcode.dat": SILENT,
    # §3.2 transaction layer
    "badbranch.dat": {400, 200},
    # §3.3 application layer
    "insuf.dat": {400}, "unkscm.dat": {416}, "novelsc.dat": {416},
    "unksm2.dat": {400, 405},  # a registrar answers 400; we are none
    "bext01.dat": {420}, "invut.dat": {415}, "regaut01.dat": {405}, "multi01.dat": {400},
    "mcl01.dat": {400}, "bcast.dat": SILENT, "zeromf.dat": {200}, "cparam01.dat": {405},
    "cparam02.dat": {405}, "regescrt.dat": {405}, "sdp01.dat": {406, 400},
    # §3.4 backward compatibility
    "inv2543.dat": {180},
}
ANSWER_DEADLINE = 30.0  # seconds; generous for a sanitized build on a busy machine


def via_port(message):
    """The port of the top Via's sent-by (5060 when absent), read from the unfolded text."""
    text = re.sub(r"\r\n[ \t]+", " ", message.decode("latin-1"))
    match = re.search(r"^(?:via|v)[ \t]*:[ \t]*SIP[ \t]*/[ \t]*2\.0[ \t]*/[ \t]*\w+[ \t]+"
                      r"(\[[^\]]*\]|[^;,\s:]+)(?::(\d+))?", text, re.M | re.I)
    return int(match.group(2)) if match and match.group(2) else 5060


def call_id(message):
    match = re.search(rb"^(?:call-id|i)[ \t]*:[ \t]*(\S+)", message, re.M | re.I)
    return match.group(1) if match else None


def status_of(datagram):
    match = re.match(rb"SIP/2\.0 (\d{3}) ", datagram)
    return int(match.group(1)) if match else None


def can_bind(address, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def source_address(ports):
    """An address of 127.0.0.0/8 on which every port in `ports` is free for UDP."""
    rng = random.Random()
    for _ in range(200):
        address = str(ipaddress.IPv4Address(0x7F000000 + rng.randrange(0x10000, 0xFFFFFF)))
        if all(can_bind(address, port) for port in ports):
            return address
    raise AssertionError(f"no address of 127.0.0.0/8 has UDP ports {sorted(ports)} free: the "
                         "torture messages' Via ports (replies go there) are taken")


class Prober:
    """Sends from `address`:`port` and tells what came back before an OPTIONS probe's 200."""

    def __init__(self, process, target, address, port):
        self.process, self.target, self.address, self.port = process, target, address, port
        self.probes = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, port))
        self.sock.settimeout(0.2)  # a slice of the deadline, to notice a phone that died

    def close(self):
        self.sock.close()

    def probe(self):
        self.probes += 1
        name = f"probe-{self.probes}-{random.getrandbits(48):x}"
        text = (f"OPTIONS sip:sipline@127.0.0.1:{self.target} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP {self.address}:{self.port};branch=z9hG4bK{name}\r\n"
                "Max-Forwards: 70\r\nFrom: <sip:torture@127.0.0.1>;tag=1\r\n"
                f"To: <sip:sipline@127.0.0.1:{self.target}>\r\nCall-ID: {name}\r\n"
                "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
        return name.encode(), text.encode()

    def exchange(self, message):
        """Sends `message`, then a probe; returns the distinct replies carrying the message's
        Call-ID (any Call-ID if it has none) that came before the probe's answer, which must be
        200. Replies of earlier messages (retransmitted 4xx of INVITEs) are skipped."""
        wanted = call_id(message)
        probe_id, probe = self.probe()
        self.sock.sendto(message, (peers.LOOPBACK, self.target))
        self.sock.sendto(probe, (peers.LOOPBACK, self.target))
        replies = []
        deadline = time.monotonic() + ANSWER_DEADLINE
        while True:
            try:
                data, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                if self.process.poll() is not None:
                    raise AssertionError(f"sipline exited ({self.process.returncode}) instead of "
                                         "answering") from None
                if time.monotonic() > deadline:
                    raise AssertionError(f"no answer to the OPTIONS probe within "
                                         f"{ANSWER_DEADLINE} s (replies: {replies})") from None
                continue
            got = call_id(data)
            if got == probe_id:
                if status_of(data) == 100:
                    continue
                if status_of(data) != 200:
                    raise AssertionError(f"the OPTIONS probe got {data[:60]!r}")
                return replies
            if (wanted is None or got == wanted) and data not in replies:
                replies.append(data)


def finals(replies):
    """The statuses of the replies, 100 Trying left out."""
    return [status_of(reply) for reply in replies if status_of(reply) != 100]


def corpus():
    files = sorted(CORPUS.glob("*.dat"))
    if len(files) != 49 or set(EXPECTED) != {f.name for f in files}:
        raise AssertionError(f"the 49 RFC 4475 files are not at {CORPUS}")
    return files


class Torture(unittest.TestCase):
    def setUp(self):
        self.files = corpus()
        self.address = source_address({via_port(path.read_bytes()) for path in self.files})

    def test_each_message_gets_the_answer_its_verdict_asks_for(self):
        # A fresh phone for each: the corpus reuses Via branches across files, and a reused
        # branch is (rightly) a retransmission of the earlier request's transaction.
        for path in self.files:
            message = path.read_bytes()
            expected = EXPECTED[path.name]
            with self.subTest(message=path.name), peers.sipline() as (process, port, log):
                prober = Prober(process, port, self.address, via_port(message))
                try:
                    got = finals(prober.exchange(message))
                finally:
                    prober.close()
                self.assertIsNone(process.poll(), log.read_text()[-2000:])
                if expected == SILENT:
                    self.assertEqual(got, [], f"{path.name} is a response: no answer")
                    continue
                self.assertEqual(len(got), 1, f"{path.name}: one answer, got {got}")
                self.assertIn(got[0], expected, path.name)

    def test_all_of_them_in_a_row_and_each_leaves_sipline_answering(self):
        with peers.sipline() as (process, port, log):
            probers = {}
            try:
                for path in self.files:
                    message = path.read_bytes()
                    source = via_port(message)
                    if source not in probers:
                        probers[source] = Prober(process, port, self.address, source)
                    with self.subTest(message=path.name):
                        # The probe after it is answered. Answers themselves may differ from a
                        # fresh phone's: files reuse branches, so some are retransmissions
                        # answered with an earlier file's response (its Call-ID); silence may not.
                        got = finals(probers[source].exchange(message))
                        if EXPECTED[path.name] == SILENT:
                            self.assertEqual(got, [], path.name)
            finally:
                for prober in probers.values():
                    prober.close()
            self.assertIsNone(process.poll(), log.read_text()[-2000:])


if __name__ == "__main__":
    unittest.main()
