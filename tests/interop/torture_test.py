"""The RFC 4475 torture messages sent over UDP to a running sipline, byte for byte from
../shared/corpora: each request gets the answer its INDEX.tsv verdict asks for (400 for the
malformed, 505, 416, 420, 415 … for the rest), responses are dropped in silence, and afterwards
sipline still answers an OPTIONS with 200.

Replies to a parsed request follow its top Via (RFC 3261 §18.2.2: the source address with the
Via's port), so each message is sent from 127.0.0.1 and the port its Via names (5060 unless
given): the reply then comes back to the sending socket without touching the message."""
import os
import pathlib
import re
import socket
import unittest

import peers

CORPUS = pathlib.Path(os.environ.get("SIPLINE_SHARED", "../../../shared")) / "corpora" / "rfc4475"

ANY = None  # some answer, not 400: the request is well formed
SILENT = "silent"
# Our reading of INDEX.tsv: the statuses each request may earn (a set), or ANY, or SILENT.
EXPECTED = {
    "wsinv.dat": ANY, "intmeth.dat": {501}, "esc01.dat": ANY, "escnull.dat": ANY,
    "esc02.dat": {501}, "lwsdisp.dat": ANY, "longreq.dat": ANY, "dblreq.dat": ANY,
    "semiuri.dat": ANY, "transports.dat": ANY, "mpart01.dat": ANY, "unreason.dat": SILENT,
    "noreason.dat": SILENT, "badinv01.dat": {400}, "clerr.dat": {400}, "ncl.dat": {400},
    "scalar02.dat": {400}, "scalarlg.dat": SILENT, "quotbal.dat": {400}, "ltgtruri.dat": {400},
    "lwsruri.dat": {400}, "lwsstart.dat": {400, ANY}, "trws.dat": {400, ANY},
    "escruri.dat": {400, ANY}, "baddate.dat": {400, ANY}, "regbadct.dat": {400, ANY},
    "badaspec.dat": {400, ANY}, "baddn.dat": {400, ANY}, "badvers.dat": {505},
    "mismatch01.dat": {400}, "mismatch02.dat": {501, 400}, "bigcode.dat": SILENT,
    "badbranch.dat": {400, ANY}, "insuf.dat": {400}, "unkscm.dat": {416}, "novelsc.dat": {416},
    "unksm2.dat": {400, 405}, "bext01.dat": {420}, "invut.dat": {415}, "regaut01.dat": ANY,
    "multi01.dat": {400}, "mcl01.dat": {400}, "bcast.dat": SILENT, "zeromf.dat": {200},
    "cparam01.dat": ANY, "cparam02.dat": ANY, "regescrt.dat": ANY, "sdp01.dat": {406, 400},
    "inv2543.dat": ANY,
}


def via_port(message):
    """The port of the top Via's sent-by (5060 when absent), read from the unfolded text."""
    text = re.sub(r"\r\n[ \t]+", " ", message.decode("latin-1"))
    match = re.search(r"^(?:via|v)[ \t]*:[ \t]*SIP[ \t]*/[ \t]*2\.0[ \t]*/[ \t]*\w+[ \t]+"
                      r"(\[[^\]]*\]|[^;,\s:]+)(?::(\d+))?", text, re.M | re.I)
    return int(match.group(2)) if match and match.group(2) else 5060


def call_id(message):
    match = re.search(rb"^(?:call-id|i)[ \t]*:[ \t]*(\S+)", message, re.M | re.I)
    return match.group(1) if match else None


def exchange(target, source_port, message, wait=0.4):
    """Sends from 127.0.0.1:source_port; returns [the final status] (or [100]), or []. Only
    replies with the request's Call-ID count: the 4xx of earlier INVITEs are still being
    retransmitted to the same ports (no ACK ever comes for them)."""
    expected_call_id = call_id(message)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((peers.LOOPBACK, source_port))
        sock.settimeout(wait)
        sock.sendto(message, (peers.LOOPBACK, target))
        codes = []
        try:
            while True:
                data, _ = sock.recvfrom(65536)
                if expected_call_id is not None and call_id(data) != expected_call_id:
                    continue
                match = re.match(rb"SIP/2\.0 (\d{3}) ", data)
                if match and int(match.group(1)) >= 100:
                    codes.append(int(match.group(1)))
                    if codes[-1] != 100:
                        break
        except socket.timeout:
            pass
        return [c for c in codes if c != 100][:1] or codes[:1]


def options_from(port, source):
    return (f"OPTIONS sip:sipline@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{source};branch=z9hG4bKafter;rport\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\n"
            f"To: <sip:sipline@127.0.0.1:{port}>\r\nCall-ID: after-torture\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()


class Torture(unittest.TestCase):
    def files(self):
        files = sorted(CORPUS.glob("*.dat"))
        self.assertEqual(len(files), 49, f"corpus not found at {CORPUS}")
        self.assertEqual(set(EXPECTED), {f.name for f in files})
        for path in files:
            if not peers.port_is_free(via_port(path.read_bytes())):
                self.skipTest(f"port {via_port(path.read_bytes())} of {path.name}'s Via is taken")
        return files

    def test_each_message_gets_the_answer_its_verdict_asks_for(self):
        # A fresh phone for each: the corpus reuses Via branches across files, and a reused
        # branch is (rightly) a retransmission of the earlier request's transaction.
        for path in self.files():
            message = path.read_bytes()
            expected = EXPECTED[path.name]
            with self.subTest(message=path.name), peers.sipline() as (process, port, log):
                got = exchange(port, via_port(message), message)
                self.assertIsNone(process.poll(), log.read_text()[-2000:])
                if expected == SILENT:
                    self.assertEqual(got, [], f"{path.name} is a response: no answer")
                    continue
                self.assertEqual(len(got), 1, f"{path.name}: no answer")
                if expected is ANY:
                    self.assertNotEqual(got[0], 400, path.name)
                elif ANY in expected:
                    self.assertTrue(got[0] in expected or got[0] != 400, path.name)
                else:
                    self.assertIn(got[0], expected, path.name)

    def test_all_of_them_in_a_row_then_options_is_still_answered(self):
        files = self.files()
        with peers.sipline() as (process, port, log):
            for path in files:
                message = path.read_bytes()
                exchange(port, via_port(message), message, wait=0.05)
            self.assertIsNone(process.poll(), log.read_text()[-2000:])
            source = peers.free_port()
            self.assertEqual(exchange(port, source, options_from(port, source)), [200])


if __name__ == "__main__":
    unittest.main()
