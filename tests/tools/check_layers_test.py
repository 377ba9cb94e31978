"""Tests for tools/check_layers.py on planted trees and on the real one."""
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("SIPLINE_ROOT", pathlib.Path(__file__).parents[2]))
SCRIPT = ROOT / "tools" / "check_layers.py"


def run(root):
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True,
                          text=True, timeout=60)


class CheckLayers(unittest.TestCase):
    def plant(self, files):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        root = pathlib.Path(directory.name)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return root

    def assert_fails_with(self, files, expected):
        done = run(self.plant(files))
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(expected, done.stderr)

    def test_a_clean_tree_passes(self):
        done = run(self.plant({
            "base/error.hpp": "#include <cstdint>\n",
            "sip/message/parser.cpp": '#include "sip/message/parser.hpp"\n#include "base/text.hpp"\n',
            "sip/ua/call.cpp": '#include "sip/dialog/dialog.hpp"\n#include "transport/address.hpp"\n',
            "media/pipeline.cpp": '#include "rtp/jitter/buffer.hpp"\n',
            "transport/asio/udp.cpp": "#include <boost/asio/ip/udp.hpp>\n",
            "app/core/phone.cpp": '#include "sip/ua/call.hpp"\n#include "media/pipeline.hpp"\n',
            "tests/sip/anything_test.cpp": '#include "app/core/phone.hpp"\n',
        }))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "")

    def test_sip_including_media_is_caught_with_file_and_line(self):
        self.assert_fails_with(
            {"sip/message/parser.cpp": '// parser\n#include "base/text.hpp"\n#include "media/codec/opus.hpp"\n'},
            'sip/message/parser.cpp:3: sip/ may not include "media/codec/opus.hpp"')

    def test_base_including_any_layer_is_caught(self):
        self.assert_fails_with({"base/log.cpp": '#include "sip/message/message.hpp"\n'},
                               'base/log.cpp:1: base/ may not include')

    def test_rtp_including_media_is_caught(self):
        self.assert_fails_with({"rtp/jitter/buffer.hpp": '#  include "media/codec/codec.hpp"\n'},
                               'rtp/jitter/buffer.hpp:1: rtp/ may not include')

    def test_media_including_sip_is_caught(self):
        self.assert_fails_with({"media/audio/device.cpp": '#include "sip/ua/call.hpp"\n'},
                               'media/audio/device.cpp:1: media/ may not include "sip/ua/call.hpp"')

    def test_sdp_including_sip_is_caught(self):
        self.assert_fails_with({"sdp/offer_answer.cpp": '#include "sip/message/message.hpp"\n'},
                               'sdp/offer_answer.cpp:1: sdp/ may not include')

    def test_upward_include_inside_sip_is_caught(self):
        self.assert_fails_with({"sip/transaction/client.cpp": '#include "sip/dialog/dialog.hpp"\n'},
                               'sip/transaction/client.cpp:1: sip/transaction/ may not include '
                               '"sip/dialog/dialog.hpp"')

    def test_asio_outside_its_home_is_caught(self):
        self.assert_fails_with({"sip/transaction/timer.cpp": "#include <boost/asio/steady_timer.hpp>\n"},
                               "sip/transaction/timer.cpp:1: <boost/asio/steady_timer.hpp> may only be used")

    def test_srtp_outside_rtp_srtp_is_caught(self):
        self.assert_fails_with({"rtp/packet/rtp.cpp": "#include <srtp2/srtp.h>\n"},
                               "rtp/packet/rtp.cpp:1: <srtp2/srtp.h> may only be used under rtp/srtp/")

    def test_a_core_including_the_asio_transport_is_caught(self):
        self.assert_fails_with({"sip/transaction/layer.cpp": '#include "transport/asio/asio_transport.hpp"\n'},
                               'sip/transaction/layer.cpp:1: "transport/asio/asio_transport.hpp" may only be used')

    def test_openssl_outside_its_homes_is_caught(self):
        self.assert_fails_with({"sdp/crypto.cpp": "#include <openssl/rand.h>\n"},
                               "sdp/crypto.cpp:1: <openssl/rand.h> may only be used")

    def test_every_violation_is_reported(self):
        done = run(self.plant({
            "base/a.hpp": '#include "app/x.hpp"\n',
            "sdp/b.cpp": '#include "rtp/y.hpp"\n#include "media/z.hpp"\n',
        }))
        self.assertEqual(done.returncode, 1)
        self.assertIn("3 forbidden include(s)", done.stderr)

    def test_the_real_tree_passes(self):
        done = run(ROOT)
        self.assertEqual(done.returncode, 0, done.stderr)


if __name__ == "__main__":
    unittest.main()
