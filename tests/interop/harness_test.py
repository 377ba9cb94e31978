"""The interop harness itself: Kamailio starts on a free port and authenticates a real SIPp
REGISTER (right password: 200; wrong password: failure). Every later interop test stands on
this, so a broken peer install shows up here first, not as a puzzling call failure."""
import unittest

import peers


class Harness(unittest.TestCase):
    def register(self, port, password):
        return peers.sipp([f"127.0.0.1:{port}", "-sf", str(peers.PEER_FILES / "register_auth.xml"),
                           "-s", "sipp", "-au", "sipp", "-ap", password, "-m", "1",
                           "-recv_timeout", "5000", "-timeout", "20s", "-timeout_error"])

    def test_free_ports_are_free_for_udp_and_tcp(self):
        port = peers.free_port(span=2)
        self.assertTrue(peers.port_is_free(port))
        self.assertTrue(peers.port_is_free(port + 1))

    def test_kamailio_authenticates_a_sipp_register(self):
        with peers.kamailio() as (port, log):
            accepted = self.register(port, "sipppw")
            self.assertEqual(accepted.returncode, 0, accepted.stdout[-2000:])
            rejected = self.register(port, "wrong")
            self.assertEqual(rejected.returncode, 1, rejected.stdout[-2000:])
            self.assertIn("REQ REGISTER", log.read_text())


if __name__ == "__main__":
    unittest.main()
