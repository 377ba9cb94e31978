"""Incoming calls refused with 486 Busy Here before they ring, against SIPp callers on 127.0.0.1:
do not disturb (MicroSIP's DND=1 in the ini file, then `dnd off` on the console lets the next
call in), call waiting off (callWaiting=0) and a call limit (maxConcurrentCalls=1) while another
sipline is in a call with the phone."""
import subprocess
import unittest

import peers


def sipp_caller(port, scenario=None):
    """SIPp placing one call to sipline at `port`: `scenario` from peers/, or SIPp's own uac
    (answered, then hung up by SIPp). Returns (return code, output)."""
    local, control = peers.free_port(), peers.free_port()
    source = ["-sf", str(peers.PEER_FILES / scenario)] if scenario else ["-sn", "uac"]
    done = subprocess.run(
        ["sipp", f"{peers.LOOPBACK}:{port}", *source, "-s", "sipline", "-i", peers.LOOPBACK,
         "-p", str(local), "-cp", str(control), "-m", "1", "-nostdin", "-timeout", "30s",
         "-timeout_error"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        check=False, timeout=60)
    return done.returncode, done.stdout[-3000:]


class Refusals(unittest.TestCase):
    def test_do_not_disturb_refuses_until_switched_off(self):
        with peers.workdir("sipline-dnd.") as directory:
            ini = directory / "microsip.ini"
            ini.write_text("[Settings]\naudio=null\nDND=1\n")
            with peers.sipline("--config", str(ini), "--auto-answer",
                               stdin=subprocess.PIPE) as (phone, port, log):
                code, output = sipp_caller(port, "busy_uac.xml")
                self.assertEqual(code, 0, output)
                peers.wait_for_log(log, "call 1 rejected 486: do not disturb", phone)
                self.assertIn("call 1 incoming from", log.read_text())
                phone.stdin.write("dnd off\n")
                phone.stdin.flush()
                peers.wait_for_log(log, "do not disturb: off", phone)
                code, output = sipp_caller(port)
                self.assertEqual(code, 0, output)
                peers.wait_for_log(log, "call 2 ended 200 by peer", phone)

    def test_a_call_beyond_what_is_allowed_is_refused_while_one_is_up(self):
        for setting, reason in (("callWaiting=0", "call waiting is off"),
                                ("maxConcurrentCalls=1", "maxConcurrentCalls")):
            with self.subTest(setting=setting), peers.workdir("sipline-busy.") as directory:
                ini = directory / "microsip.ini"
                ini.write_text(f"[Settings]\naudio=null\n{setting}\n")
                with peers.sipline("--config", str(ini), "--auto-answer") as (bob, port, bob_log), \
                        peers.sipline("--dial", f"sip:bob@127.0.0.1:{port}",
                                      stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, "call 1 confirmed", alice)
                    code, output = sipp_caller(port, "busy_uac.xml")
                    self.assertEqual(code, 0, output)
                    peers.wait_for_log(bob_log, "call 2 rejected 486: ", bob)
                    self.assertIn(reason, bob_log.read_text())
                    alice.stdin.write("hangup\n")
                    alice.stdin.flush()
                    peers.wait_for_log(bob_log, "call 1 ended 200 by peer", bob)


if __name__ == "__main__":
    unittest.main()
