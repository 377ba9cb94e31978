"""Registration and calls over TCP and TLS through Kamailio. Two sipline phones register over
the same transport and call each other through it by user name, with audio both ways; over TCP
Kamailio reaches the callee on its TCP listener, over TLS on the connection it registered on.
TLS verifies Kamailio's certificate against a CA the test makes: a certificate for another
host, an expired one and one from an unknown CA are each refused with one clear line, and no
call goes out. A phone with a certificate of its own takes sips: calls on a TLS listener, a
request above --tcp-above goes over TCP, and a connection whose keep-alives get no answer is
given up for a new one."""
import re
import subprocess
import unittest

import audio
import peers
import pki
from silent_registrar import SilentRegistrar


class TcpTls(unittest.TestCase):
    def talk(self, directory, bob_args, alice_args):
        """Bob (auto-answer, with `bob_args`) and Alice (with `alice_args(bob_port, bob_log)`,
        which make her dial him) each play a tone; once the media runs they talk and alice hangs
        up. Each must hear the other. Returns their SIP traces (alice's, bob's) and bob's port."""
        audio.write_tone(directory / "a.wav", 1000, seconds=20)
        audio.write_tone(directory / "b.wav", 600, seconds=20)
        with peers.sipline(*bob_args, "--auto-answer", "--sip-trace", "--audio",
                           f"file:{directory / 'b.wav'}:{directory / 'b-heard.wav'}") as (
                               _, bob_port, bob_log):
            with peers.sipline(*alice_args(bob_port, bob_log), "--sip-trace", "--audio",
                               f"file:{directory / 'a.wav'}:{directory / 'a-heard.wav'}",
                               stdin=subprocess.PIPE) as (alice, _, log):
                peers.wait_for_log(log, " media ")
                audio.talk_then_hang_up(directory, alice, bob_log)
                trace = log.read_text()
            bob_trace = bob_log.read_text()
        audio.assert_each_heard_the_other(self, directory)
        return trace, bob_trace, bob_port

    def call(self, transport, domain, extra, directory, scheme="sip"):
        """Bob (auto-answer) and Alice register over `transport` at `domain` (Kamailio's address
        and port, or a name DNS knows) with `extra` options; Alice dials bob; each hears the
        other."""
        def alice(_, bob_log):
            peers.wait_for_log(bob_log, "registered")
            return ["--account", f"{scheme}:alice@{domain}", "--password", "alicepw", *extra,
                    "--dial", "bob"]
        trace, bob_trace, _ = self.talk(
            directory, ["--account", f"{scheme}:bob@{domain}", "--password", "bobpw", *extra],
            alice)
        via = f"SIP/2.0/{transport.upper()} 127.0.0.1:"
        for text in (trace, bob_trace):
            self.assertIn(f"Via: {via}", text)
            # our Contact asks for the transport (a sips: one says TLS by its scheme)
            self.assertIn(f";transport={transport}>" if scheme == "sip" else "Contact: <sips:",
                          text)
            self.assertNotIn("Via: SIP/2.0/UDP 127.0.0.1", text)  # nothing of ours over UDP

    def test_register_and_call_over_tcp(self):
        with peers.kamailio() as (port, klog), peers.workdir("sipline-tcp.") as directory:
            self.call("tcp", f"127.0.0.1:{port}", ["--transport", "tcp"], directory)
            text = klog.read_text()
            self.assertIn("REQ REGISTER", text)
            self.assertNotIn("(udp)", text.lower())  # every request reached it over TCP

    def test_register_and_call_over_tls(self):
        with peers.workdir("sipline-tls.") as directory:
            certificates = pki.make_pki(directory)
            with peers.kamailio(tls=certificates["good"]) as (port, klog):
                self.call("tls", f"127.0.0.1:{port + 1}",
                          ["--transport", "tls", "--tls-ca", str(certificates["ca"])], directory)
                text = klog.read_text()
                self.assertIn("REQ REGISTER", text)
                self.assertNotIn("(udp)", text.lower())
                self.assertNotIn("(tcp)", text.lower())

    def test_sips_accounts_found_by_naptr_call_over_tls_and_verify_the_domain(self):
        # NAPTR says SIPS over TCP, SRV names edge.pbx.test; the certificate names pbx.test only
        # (RFC 5922 §4.1: the domain the account named, not the server DNS found for it).
        with peers.workdir("sipline-tls-dns.") as directory:
            certificates = pki.make_pki(directory)
            with peers.kamailio(tls=certificates["domain_only"]) as (port, klog), \
                    peers.dnsmasq("pbx.test", [
                        "--naptr-record=pbx.test,10,50,s,SIPS+D2T,,_sips._tcp.pbx.test",
                        f"--srv-host=_sips._tcp.pbx.test,edge.pbx.test,{port + 1},10,10",
                        "--host-record=edge.pbx.test,127.0.0.1"]) as (dns_port, dns_log):
                self.call("tls", "pbx.test", ["--dns-server", f"127.0.0.1:{dns_port}",
                                              "--tls-ca", str(certificates["ca"])],
                          directory, scheme="sips")
                self.assertIn("query[SRV] _sips._tcp.pbx.test", dns_log.read_text())
                self.assertIn("REQ INVITE sips:bob@pbx.test", klog.read_text())

    def test_certificates_that_do_not_verify_are_refused(self):
        reasons = {
            "wrong_host": "the peer's certificate does not name the address",
            "expired": "the peer's certificate has expired",
            "unknown_ca": "the peer's certificate is not from a trusted CA",
        }
        with peers.workdir("sipline-tls-bad.") as directory:
            certificates = pki.make_pki(directory)
            for case, reason in reasons.items():
                with self.subTest(case=case), peers.kamailio(tls=certificates[case]) as (
                        port, klog), \
                        peers.sipline("--account", f"sip:alice@127.0.0.1:{port + 1}",
                                      "--password", "alicepw", "--transport", "tls",
                                      "--tls-ca", str(certificates["ca"]), "--dial", "bob",
                                      stdin=subprocess.PIPE) as (phone, _, log):
                    peers.wait_for_log(
                        log, f"sip: sending to 127.0.0.1:{port + 1} failed: TLS handshake "
                        f"failed: {reason}")
                    peers.wait_for_log(log, "waiting to retry (503)")
                    # The dial waited for the registration, then failed on the same refusal.
                    peers.wait_for_log(log, "ended 503")
                    phone.stdin.write("quit\n")
                    phone.stdin.flush()
                    phone.wait(10)
                    text = klog.read_text()
                    self.assertNotIn("REQ REGISTER", text)  # nothing reached it
                    self.assertNotIn("REQ INVITE", text)
                    self.assertNotIn(" confirmed", log.read_text())

    def test_a_phone_with_a_certificate_of_its_own_takes_sips_calls(self):
        # Bob has a certificate (and key) of his own: he takes TLS connections too, on the SIP
        # port + 1, and alice calls sips:bob there directly, verifying him against the test's
        # CA. Bob answers on her connection, his Via and Contact at his TLS port.
        with peers.workdir("sipline-tls-listener.") as directory:
            certificates = pki.make_pki(directory)
            certificate, key = certificates["good"]
            tls_port = None

            def alice(bob_port, bob_log):
                nonlocal tls_port
                tls_port = int(re.search(r", tls port (\d+)\n", bob_log.read_text()).group(1))
                self.assertEqual(tls_port, bob_port + 1)
                return ["--tls-ca", str(certificates["ca"]),
                        "--dial", f"sips:bob@127.0.0.1:{tls_port}"]
            trace, bob_trace, _ = self.talk(directory,
                                            ["--tls-cert", str(certificate), "--tls-key", str(key)],
                                            alice)
            self.assertIn(f"INVITE sips:bob@127.0.0.1:{tls_port} SIP/2.0", bob_trace)
            self.assertIn("Via: SIP/2.0/TLS 127.0.0.1:", trace)
            self.assertIn(f"Contact: <sips:sipline@127.0.0.1:{tls_port}>", bob_trace)
            self.assertNotIn("Via: SIP/2.0/UDP", trace + bob_trace)

    def test_a_request_too_large_for_udp_goes_over_tcp(self):
        # RFC 3261 §18.1.1, with the RFC's own kind of limit chosen low (--tcp-above 600): alice
        # calls bob by IP over UDP, and her INVITE (larger than that) goes over TCP to the same
        # port, its Via saying TCP; the smaller ACK and BYE stay on UDP.
        with peers.workdir("sipline-tcp-above.") as directory:
            _, bob_trace, bob_port = self.talk(
                directory, [],
                lambda bob_port, _: ["--tcp-above", "600",
                                     "--dial", f"sip:bob@127.0.0.1:{bob_port}"])
            invite = bob_trace[bob_trace.index(f"INVITE sip:bob@127.0.0.1:{bob_port}"):]
            self.assertTrue(invite.split("\n")[1].startswith("Via: SIP/2.0/TCP 127.0.0.1:"),
                            invite[:300])
            self.assertIn("Via: SIP/2.0/UDP 127.0.0.1:", bob_trace[bob_trace.index("BYE sip:"):])

    def test_keep_alives_hold_the_connection_the_registrar_reaches_us_on(self):
        # Kamailio closes connections idle for 3 s; over TLS it reaches a phone only on the
        # phone's own connection. With keep-alives every second bob's holds: he registers once
        # and takes a call long after.
        with peers.workdir("sipline-keep-alive.") as directory:
            certificates = pki.make_pki(directory)
            with peers.kamailio(tls=certificates["good"], tcp_lifetime=3) as (port, _):
                tls = ["--transport", "tls", "--tls-ca", str(certificates["ca"]),
                       "--keep-alive", "1"]
                with peers.sipline("--account", f"sip:bob@127.0.0.1:{port + 1}", "--password",
                                   "bobpw", *tls, "--auto-answer", "--sip-trace") as (
                                       _, _, bob_log):
                    peers.wait_for_log(bob_log, "registered (")
                    # Twelve of them (the trace's CRLFs read back as newlines): past the idle
                    # limit, and past the 10 s a pong is due in (Kamailio answers each).
                    peers.wait_for_log_count(bob_log, f">>> 127.0.0.1:{port + 1}\n\n\n", 12,
                                             timeout=25)
                    self.assertNotIn("no answer to a keep-alive", bob_log.read_text())
                    with peers.sipline("--account", f"sip:alice@127.0.0.1:{port + 1}",
                                       "--password", "alicepw", *tls, "--dial", "bob",
                                       stdin=subprocess.PIPE) as (alice, _, log):
                        peers.wait_for_log(log, " confirmed ")
                        alice.stdin.write("hangup\nquit\n")
                        alice.stdin.flush()
                        alice.wait(10)
                    peers.wait_for_log(bob_log, "ended 200 by peer")
                    self.assertEqual(bob_log.read_text().count("registered ("), 1)

    def test_a_connection_the_registrar_closes_is_registered_again_at_once(self):
        # Without keep-alives Kamailio closes bob's idle connection after 3 s; bob registers
        # again on a new one at once (RFC 5626 §4.4.1), not at the refresh ten minutes later.
        with peers.workdir("sipline-reconnect.") as directory:
            certificates = pki.make_pki(directory)
            with peers.kamailio(tls=certificates["good"], tcp_lifetime=3) as (port, _), \
                    peers.sipline("--account", f"sip:bob@127.0.0.1:{port + 1}", "--password",
                                  "bobpw", "--transport", "tls", "--tls-ca",
                                  str(certificates["ca"]), "--keep-alive", "0") as (_, _, log):
                peers.wait_for_log(log, "registered (")
                peers.wait_for_log(log, "failed: connection closed by the peer", timeout=15)
                peers.wait_for_log_count(log, "registered (", 2, timeout=15)

    def test_a_connection_that_answers_no_keep_alive_is_given_up(self):
        # RFC 5626 §4.4.1: a keep-alive's pong is due within 10 s; a registrar that takes the
        # keep-alives and never answers them is on a dead connection: bob closes it and
        # registers again over a new one.
        registrar = SilentRegistrar()
        try:
            with peers.sipline("--account", f"sip:bob@127.0.0.1:{registrar.port}",
                               "--transport", "tcp", "--keep-alive", "1") as (_, _, log):
                peers.wait_for_log(log, "registered (")
                peers.wait_for_log(log, "failed: no answer to a keep-alive in 10 s", timeout=20)
                peers.wait_for_log_count(log, "registered (", 2, timeout=10)
                self.assertEqual(registrar.connections, 2)
        finally:
            registrar.close()

    def test_without_verification_a_warning_is_said(self):
        with peers.workdir("sipline-tls-insecure.") as directory:
            certificates = pki.make_pki(directory)
            with peers.kamailio(tls=certificates["unknown_ca"]) as (port, _), \
                    peers.sipline("--account", f"sip:alice@127.0.0.1:{port + 1}", "--password",
                                  "alicepw", "--transport", "tls", "--tls-no-verify") as (
                                      _, _, log):
                peers.wait_for_log(log, "registered")
                self.assertIn("WARNING: TLS servers are not verified", log.read_text())


if __name__ == "__main__":
    unittest.main()
