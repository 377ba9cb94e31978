"""A registrar found by DNS (RFC 3263): sipline's account names only a domain, pbx.test, and a
dnsmasq the test starts answers for it — NAPTR to _sip._udp.pbx.test, SRV to the servers, A
records for them. Two phones register with Kamailio found that way and call each other through
it with audio both ways; when the first SRV server is dead (an address that cannot be reached)
the registration moves to the second at once; a phone without an account calls a callee found
by SRV, with audio both ways, past a dead first server; a domain with no records fails the account in one line, and so
does a DNS server that does not answer."""
import subprocess
import unittest

import audio
import peers


def records(kamailio_port, dead_first=False):
    found = [
        "--naptr-record=pbx.test,10,50,s,SIP+D2U,,_sip._udp.pbx.test",
        f"--srv-host=_sip._udp.pbx.test,sip2.pbx.test,{kamailio_port},20,10",
        "--host-record=sip2.pbx.test,127.0.0.1",
    ]
    if dead_first:  # TEST-NET-1: a socket bound to 127.0.0.1 cannot send there
        found += ["--srv-host=_sip._udp.pbx.test,sip1.pbx.test,5060,10,10",
                  "--host-record=sip1.pbx.test,192.0.2.1"]
    return found


class Dns(unittest.TestCase):
    def test_phones_register_with_the_registrar_dns_names_and_call_through_it(self):
        with peers.kamailio() as (port, _), \
                peers.dnsmasq("pbx.test", records(port)) as (dns_port, dns_log), \
                peers.workdir("sipline-dns-call.") as directory:
            dns = f"127.0.0.1:{dns_port}"
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            with peers.sipline("--account", "sip:bob@pbx.test", "--password", "bobpw",
                               "--dns-server", dns, "--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, _, bob_log):
                peers.wait_for_log(bob_log, "registration sip:bob@pbx.test: registered")
                with peers.sipline("--account", "sip:alice@pbx.test", "--password", "alicepw",
                                   "--dns-server", dns, "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "bob", stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, "registration sip:alice@pbx.test: registered")
                    peers.wait_for_log(log, " media ")
                    audio.talk_then_hang_up(directory, alice, bob_log)
            audio.assert_each_heard_the_other(self, directory)
            asked = dns_log.read_text()
            for question in ("query[NAPTR] pbx.test", "query[SRV] _sip._udp.pbx.test",
                             "query[A] sip2.pbx.test"):
                self.assertIn(question, asked)

    def test_a_dead_first_server_hands_the_registration_to_the_second(self):
        with peers.kamailio() as (port, klog), \
                peers.dnsmasq("pbx.test", records(port, dead_first=True)) as (dns_port, _):
            with peers.sipline("--account", "sip:alice@pbx.test", "--password", "alicepw",
                               "--dns-server", f"127.0.0.1:{dns_port}") as (_, _, log):
                peers.wait_for_log(log, "registration sip:alice@pbx.test: registered")
                # The first server (priority 10) was tried, could not be reached, and the
                # second was asked at once, not after the retry wait.
                lines = log.read_text().splitlines()
                self.assertEqual(lines[1:], [
                    "registration sip:alice@pbx.test: registering",
                    "sip: sending to 192.0.2.1:5060 failed: datagram not sent",
                    "registration sip:alice@pbx.test: waiting to retry (503)",
                    "registration sip:alice@pbx.test: registering",
                    "registration sip:alice@pbx.test: registered (600 s)"], lines)
            self.assertGreaterEqual(klog.read_text().count("REQ REGISTER"), 2)

    def test_a_callee_found_by_srv_is_called_without_an_account(self):
        with peers.workdir("sipline-dns-dial.") as directory:
            audio.write_tone(directory / "a.wav", 1000, seconds=20)
            audio.write_tone(directory / "b.wav", 600, seconds=20)
            with peers.sipline("--auto-answer", "--audio",
                               f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                                   _, bob_port, bob_log), \
                    peers.dnsmasq("far.test", [
                        # The first server is dead (TEST-NET-1): the INVITE goes to the next.
                        "--srv-host=_sip._udp.far.test,dead.far.test,5060,0,0",
                        "--host-record=dead.far.test,192.0.2.1",
                        f"--srv-host=_sip._udp.far.test,bob.far.test,{bob_port},1,0",
                        "--host-record=bob.far.test,127.0.0.1"]) as (dns_port, _):
                with peers.sipline("--dns-server", f"127.0.0.1:{dns_port}", "--audio",
                                   f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                                   "--dial", "sip:bob@far.test",
                                   stdin=subprocess.PIPE) as (alice, _, log):
                    peers.wait_for_log(log, "dial sip:bob@far.test: looking up far.test")
                    peers.wait_for_log(log, " media ")
                    self.assertIn("call 1 failed at a server (503): trying the next, UDP "
                                  f"127.0.0.1:{bob_port}", log.read_text())
                    audio.talk_then_hang_up(directory, alice, bob_log)
            audio.assert_each_heard_the_other(self, directory)

    def test_a_domain_without_records_fails_the_account_in_one_line(self):
        with peers.dnsmasq("pbx.test", ["--host-record=other.pbx.test,127.0.0.1"]) as (dns_port, _):
            with peers.sipline("--account", "sip:alice@pbx.test", "--password", "alicepw",
                               "--dns-server", f"127.0.0.1:{dns_port}") as (_, _, log):
                peers.wait_for_log(
                    log, "registration sip:alice@pbx.test: failed: its registrar was not found: "
                    "DNS has no SIP server or address for it")

    def test_a_dns_server_that_does_not_answer_fails_the_account_in_one_line(self):
        silent = peers.free_port()  # nothing listens there
        with peers.sipline("--account", "sip:alice@pbx.test", "--password", "alicepw",
                           "--dns-server", f"127.0.0.1:{silent}") as (_, _, log):
            peers.wait_for_log(log, "registration sip:alice@pbx.test: failed: its registrar was "
                               "not found: DNS did not answer", timeout=30)


if __name__ == "__main__":
    unittest.main()
