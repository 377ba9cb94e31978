"""Session timers (RFC 4028) against SIPp, for real on 127.0.0.1: a callee that grants 90 s
(the shortest allowed) with sipline as the refresher gets its refresh by UPDATE half-way, and
the call goes on until sipline hangs up. Not under ASan: the wait is 45 s of an idle call."""
import subprocess
import unittest

import peers
import rtp


class SessionTimer(unittest.TestCase):
    def test_sipline_refreshes_a_session_timer_by_update(self):
        # RFC 4028: SIPp grants 90 s with sipline as the refresher; the scenario fails unless an
        # UPDATE with Session-Expires comes within its 60 s wait (sipline sends it at 45 s).
        with rtp.Sink() as sink, peers.sipp_uas("session_timer_uas.xml", {"rtp_port": sink.port},
                                                timeout="120s") as (uas, uas_port):
            with peers.sipline("--sip-trace", "--dial",
                               f"sip:service@{peers.LOOPBACK}:{uas_port}",
                               stdin=subprocess.PIPE) as (phone, _, log):
                peers.wait_for_log(log, "call 1 confirmed PCMU/8000", phone)
                # Our UPDATE, then SIPp's 200 to it, both traced.
                peers.wait_for_log_count(log, "CSeq: 2 UPDATE", 2, timeout=70, process=phone)
                phone.stdin.write("hangup\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "call 1 ended 200", phone)
                output, _ = uas.communicate(timeout=30)
                self.assertEqual(uas.returncode, 0, output[-3000:])
                self.assertNotIn("ended 408", log.read_text())


if __name__ == "__main__":
    unittest.main()
