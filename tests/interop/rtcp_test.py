"""RTCP in calls, with real peers on 127.0.0.1: sipline's reports (RFC 3550 §6) read by baresip
1.0 and baresip's read by sipline, on the port above RTP and multiplexed on the RTP port
(RFC 5761), then between two siplines (they agree on rtcp-mux). Proof that each side understood
the other: sipline's round-trip time can only come from a report block that echoes the NTP time
of an SR of sipline's (LSR, §6.4.1), and the peer's view of our stream from a block about our
SSRC. The console's `stats` shows both while the call runs; `--cdr FILE` keeps one JSON line a
call when it ends, checked field by field."""
import json
import re
import subprocess
import time
import unittest

import audio
import peers

# The first report goes 1–3 s after the media starts, the next ones every 2–6 s (A.7): the peer's
# answer to our first SR can take about 10 s.
REPORT_DEADLINE = 30.0
STATS_LINE = re.compile(r"^call (\d+) (\S+)( rtcp-mux)?: sent (\d+), received (\d+), lost (\d+) "
                        r"\(([\d.]+) %\), jitter ([\d.]+) ms, buffer (\d+) ms, rtt ([\d.]+ ms|unknown)"
                        r", MOS ([\d.]+); (peer: lost (\d+) .*|no report from the peer yet)$",
                        re.MULTILINE)


def ask(phone, line):
    phone.stdin.write(line + "\n")
    phone.stdin.flush()


def stats_until_reported(test, phone, log, call=1):
    """Asks `stats ID` until the answer shows a round-trip time and the peer's report: each
    answer is waited for before the next question, one question every half second at most.
    Returns the answer's match."""
    deadline = time.monotonic() + REPORT_DEADLINE
    asked = 0
    while time.monotonic() < deadline:
        asked_at = time.monotonic()
        ask(phone, f"stats {call}")
        asked += 1
        # The answer to this question: a stats line's ", MOS " is in no other line.
        peers.wait_for_log_count(log, ", MOS ", asked, process=phone,
                                 timeout=max(0.1, deadline - time.monotonic()))
        last = list(STATS_LINE.finditer(log.read_text()))[-1]
        if last.group(10) != "unknown" and last.group(12).startswith("peer:"):
            return last
        time.sleep(max(0.0, asked_at + 0.5 - time.monotonic()))  # the pace of the questions
    test.fail(f"no RTCP round trip or peer report within {REPORT_DEADLINE} s:\n"
              f"{log.read_text()[-3000:]}")


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


class Rtcp(unittest.TestCase):
    def assert_record(self, record, direction, mux, ended_by):
        self.assertEqual(record["direction"], direction, record)
        self.assertEqual(record["status"], 200, record)
        self.assertEqual(record["ended_by"], ended_by, record)
        self.assertEqual(record["codec"], "PCMU/8000", record)
        self.assertGreater(record["duration_ms"], 1000, record)
        media = record["media"]
        self.assertIsNotNone(media, record)
        self.assertEqual(media["rtcp_mux"], mux, record)
        self.assertGreater(media["packets_sent"], 50, record)
        self.assertGreater(media["packets_received"], 50, record)
        self.assertEqual(media["packets_lost"], 0, record)
        self.assertGreaterEqual(media["rtcp_sent"], 2, record)  # one at least, and the BYE's
        self.assertGreaterEqual(media["rtcp_received"], 1, record)
        self.assertIsNotNone(media["rtt_ms"], record)
        self.assertLess(media["rtt_ms"], 1000, record)  # loopback: a wrong LSR/DLSR gives seconds
        self.assertEqual(media["peer_packets_lost"], 0, record)
        self.assertGreater(media["mos"], 4.0, record)

    def call_baresip(self, mux):
        with peers.workdir("sipline-rtcp.") as directory:
            audio.write_tone(directory / "440.wav", 440, seconds=60, rate=8000)
            cdr = directory / "calls.jsonl"
            extra = (f"rtcp_mux {'yes' if mux else 'no'}",)
            with peers.baresip(directory, "bob", directory / "440.wav", "pcmu", answer=True,
                               extra_config=extra) as (_, bob_port, _), \
                    peers.sipline("--cdr", str(cdr), "--dial", f"sip:bob@127.0.0.1:{bob_port}",
                                  stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                peers.wait_for_log(log, "rtcp-mux" if mux else "call 1 media PCMU", phone)
                line = stats_until_reported(self, phone, log)
                self.assertEqual(bool(line.group(3)), mux, line.group(0))
                ask(phone, "hangup")
                peers.wait_for_log(log, "call 1 ended 200", phone)
            # sipline has quit: the record was written when the call's media stopped.
            (record,) = records(cdr)
            self.assert_record(record, "outgoing", mux, "us")
            self.assertEqual(record["remote_uri"], f"sip:bob@127.0.0.1:{bob_port}")

    def test_baresip_reads_ours_and_we_read_its_on_the_rtcp_port(self):
        self.call_baresip(mux=False)

    def test_baresip_reads_ours_and_we_read_its_multiplexed(self):
        self.call_baresip(mux=True)

    def test_two_siplines_agree_on_rtcp_mux(self):
        with peers.workdir("sipline-rtcp-pair.") as directory:
            audio.write_tone(directory / "1k.wav", 1000, seconds=60)
            a_cdr = directory / "a.jsonl"
            b_cdr = directory / "b.jsonl"
            with peers.sipline("--cdr", str(a_cdr), "--auto-answer", "--codecs", "PCMU",
                               "--audio", f"file:{directory / '1k.wav'}:{directory / 'a.wav'}",
                               stdin=subprocess.PIPE) as (callee, callee_port, callee_log), \
                    peers.sipline("--cdr", str(b_cdr), "--codecs", "PCMU",
                                  "--audio", f"file:{directory / '1k.wav'}:{directory / 'b.wav'}",
                                  "--dial", f"sip:a@127.0.0.1:{callee_port}",
                                  stdin=subprocess.PIPE) as (caller, _, caller_log):
                # Asked before its media runs, a phone says so and no more: wait for that.
                peers.wait_for_log(caller_log, "call 1 media PCMU/8000", caller)
                peers.wait_for_log(callee_log, "call 1 media PCMU/8000", callee)
                stats_until_reported(self, caller, caller_log)
                stats_until_reported(self, callee, callee_log)
                ask(callee, "hangup")
                peers.wait_for_log(caller_log, "call 1 ended 200 by peer", caller)
            (caller_record,) = records(b_cdr)
            (callee_record,) = records(a_cdr)
            self.assert_record(caller_record, "outgoing", True, "peer")
            self.assert_record(callee_record, "incoming", True, "us")


if __name__ == "__main__":
    unittest.main()
