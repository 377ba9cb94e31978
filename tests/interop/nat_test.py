"""Two sipline phones behind NATs: each in a network namespace of its own, on a private network
(192.0.2.0/24, 198.51.100.0/24) behind a router namespace that masquerades with nftables onto a
public network (203.0.113.0/24) where Kamailio runs — all made by the test (netns_nat). With
allowRewrite each registers the address its NAT gave it (the registrar's Via received/rport) —
or, asking coturn (STUN) first, registers it from the start — and puts it in its Contact and SDP; they call each other through Kamailio, and each hears the
other's tone: media crosses both NATs, sent from the port it is received on. Skipped, with the
reason, only where namespaces cannot be made (not root)."""
import contextlib
import subprocess
import unittest

import audio
import netns_nat
import peers

SERVER = netns_nat.PUBLIC_SERVER


@contextlib.contextmanager
def coturn(lab, directory):
    """coturn as a plain STUN server (RFC 5389) on the public side, port 3478."""
    log = directory / "coturn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*lab.prefix("wan"), "turnserver", "-n", "--stun-only", "-L", SERVER,
             "--listening-port", "3478", "--no-cli", "--no-tls", "--no-dtls", "--log-file",
             "stdout", "--simple-log", "--pidfile", str(directory / "coturn.pid")],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        peers.wait_for_log(log, "Total General servers", process)
        yield log
    finally:
        peers.stop(process)


class Nat(unittest.TestCase):
    def test_two_phones_behind_nats_register_and_call_each_other(self):
        self.call_behind_nats(["--allow-rewrite"])

    def test_two_phones_behind_nats_find_their_address_by_stun(self):
        # No help from the registrar: each asks coturn where its NAT shows it, first.
        self.call_behind_nats(["--stun", SERVER], stun=True)

    def call_behind_nats(self, nat_options, stun=False):
        why = netns_nat.available()
        if why:
            self.skipTest(f"network namespaces cannot be made here: {why}")
        with netns_nat.NatLab(["alice", "bob"]) as lab, \
                peers.kamailio(prefix=lab.prefix("wan"), address=SERVER) as (port, klog), \
                peers.workdir("sipline-nat.") as directory, \
                (coturn(lab, directory) if stun else contextlib.nullcontext()):
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            bob = lab.phones["bob"]
            with peers.sipline("--account", f"sip:bob@{SERVER}:{port}", "--password", "bobpw",
                               *nat_options, "--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}",
                               prefix=lab.prefix("bob"), address=bob["address"]) as (
                                   _, _, bob_log):
                peers.wait_for_log(bob_log, "registered (")
                alice = lab.phones["alice"]
                with peers.sipline("--account", f"sip:alice@{SERVER}:{port}", "--password",
                                   "alicepw", *nat_options, "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "bob", "--sip-trace", stdin=subprocess.PIPE,
                                   prefix=lab.prefix("alice"), address=alice["address"]) as (
                                       caller, _, log):
                    peers.wait_for_log(log, " media ")
                    trace = log.read_text()
                    audio.talk_then_hang_up(directory, caller, bob_log)
            audio.assert_each_heard_the_other(self, directory)
            # Kamailio saw each phone at its NAT's public address, and alice's offer carried
            # hers (her own, 192.0.2.10, is unreachable from there).
            seen = klog.read_text()
            self.assertIn(f"from {alice['public']}:", seen)
            self.assertIn(f"from {bob['public']}:", seen)
            self.assertIn(f"c=IN IP4 {alice['public']}", trace)
            self.assertIn(f"Contact: <sip:alice@{alice['public']}:", trace)
            if stun:
                self.assertIn(f"stun: public address {alice['public']}:", trace)
                # the first REGISTER already carried it: no rewrite was needed
                self.assertNotIn(f"<sip:alice@{alice['address']}", trace)


if __name__ == "__main__":
    unittest.main()
