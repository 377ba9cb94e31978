"""sipline as the desktop's handler of sip:, sips:, tel: and callto: links, through
freedesktop.org's xdg-utils as a desktop without GNOME or KDE has them: after
`sipline --register-uri-handlers [--config F]`, `xdg-open LINK` runs `sipline [--config F] LINK`,
which hands the link to the running phone, which dials it (a SIPp callee answers and checks the
INVITE's Request-URI); `--unregister-uri-handlers` gives each scheme back to what opened it before
and leaves nothing of sipline's behind. Each test has a home of its own, and no system
directories: the machine's own handlers cannot answer."""
import os
import signal
import subprocess
import unittest

import control
import peers
from microsip_command_line_test import registrar

SCHEMES = ("sip", "sips", "tel", "callto")


def desktop(home, runtime):
    """The environment of a desktop session at home in `home`, with the XDG_RUNTIME_DIR
    `runtime` (the phone's: its control socket is there)."""
    (home / "empty").mkdir(exist_ok=True)
    env = peers.sanitizer_environment(runtime)
    for name in ("DISPLAY", "BROWSER", "DESKTOP_SESSION", "KDE_FULL_SESSION",
                 "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID", "MATE_DESKTOP_SESSION_ID",
                 "XDG_MENU_PREFIX"):
        env.pop(name, None)
    env.update({
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_DIRS": str(home / "empty"),
        "XDG_CONFIG_DIRS": str(home / "empty"),
        # xdg-utils' generic mode (detectDE: X-Generic, no probing of D-Bus or X for a desktop).
        "XDG_CURRENT_DESKTOP": "X-Generic",
        # xdg-open's open_generic consults the x-scheme-handler defaults only when has_display
        # says so ($DISPLAY or $WAYLAND_DISPLAY not empty); nothing connects to it there.
        "WAYLAND_DISPLAY": "sipline-test-no-display",
    })
    return env


def run(env, *command):
    return subprocess.run(list(command), capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env=env)


def sipline(env, *args):
    return run(env, str(peers.sipline_binary()), *args)


def defaults(env):
    """What `xdg-mime query default x-scheme-handler/SCHEME` answers, for each scheme."""
    return {scheme: run(env, "xdg-mime", "query", "default",
                        f"x-scheme-handler/{scheme}").stdout.strip() for scheme in SCHEMES}


class UriHandlers(unittest.TestCase):
    def assert_registered(self, env, *args):
        done = sipline(env, "--register-uri-handlers", *args)
        self.assertEqual((done.returncode, done.stderr), (0, ""), done.stdout)
        for scheme in SCHEMES:
            self.assertIn(f"{scheme}: links open sipline (x-scheme-handler/{scheme})\n",
                          done.stdout)

    def assert_opened(self, env, link):
        """xdg-open LINK, which must hand it to the running phone and exit 0 at once. In a
        session of its own: a link that missed the phone would start one, killed with it."""
        opened = subprocess.Popen(["xdg-open", link], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                  env=env, start_new_session=True)
        try:
            output, errors = opened.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(opened.pid, signal.SIGKILL)
            opened.communicate()
            raise AssertionError(f"xdg-open {link} did not return in 30 s") from None
        self.assertEqual((opened.returncode, output, errors), (0, "", ""), link)

    def test_register_then_unregister_gives_each_scheme_back(self):
        with peers.workdir("sipline-uri-handlers.") as home:
            env = desktop(home, home)
            applications = home / "data" / "applications"
            applications.mkdir(parents=True)
            # Another application had sip: links before.
            (applications / "other.desktop").write_text(
                "[Desktop Entry]\nType=Application\nName=Other\nExec=/bin/true %u\n")
            self.assertEqual(run(env, "xdg-mime", "default", "other.desktop",
                                 "x-scheme-handler/sip").returncode, 0)
            before = defaults(env)
            self.assertEqual(before, {"sip": "other.desktop", "sips": "", "tel": "",
                                      "callto": ""})

            self.assert_registered(env)
            self.assertEqual(defaults(env), dict.fromkeys(SCHEMES, "sipline.desktop"))
            entry = applications / "sipline.desktop"
            binary = peers.sipline_binary().resolve()
            self.assertIn(f"\nExec={binary} %u\n", entry.read_text())
            self.assertIn("\nMimeType=x-scheme-handler/sip;x-scheme-handler/sips;"
                          "x-scheme-handler/tel;x-scheme-handler/callto;\n", entry.read_text())
            validated = run(env, "desktop-file-validate", str(entry))
            self.assertEqual(validated.returncode, 0, validated.stdout + validated.stderr)

            done = sipline(env, "--unregister-uri-handlers")
            self.assertEqual((done.returncode, done.stderr), (0, ""), done.stdout)
            self.assertIn("sip: links open other.desktop again (x-scheme-handler/sip)\n",
                          done.stdout)
            self.assertIn("tel: links no longer open sipline (x-scheme-handler/tel)\n",
                          done.stdout)
            self.assertEqual(defaults(env), before)
            self.assertFalse(entry.exists())
            self.assertFalse((home / "data" / "sipline" / "uri-handlers.previous").exists())
            mimeapps = (home / "config" / "mimeapps.list").read_text()
            self.assertNotIn("sipline", mimeapps)
            self.assertIn("\nx-scheme-handler/sip=other.desktop\n", mimeapps)
            self.assertTrue((applications / "other.desktop").exists())

            again = sipline(env, "--unregister-uri-handlers")
            self.assertEqual((again.returncode, again.stdout, again.stderr),
                             (0, "sipline is not registered as this desktop's URI handler: "
                                 "nothing to undo\n", ""))

    def test_without_xdg_mime_nothing_is_written(self):
        with peers.workdir("sipline-uri-noxdg.") as home:
            env = desktop(home, home)
            env["PATH"] = str(home / "empty")
            done = sipline(env, "--register-uri-handlers")
            self.assertEqual(done.returncode, 1)
            self.assertEqual(done.stdout, "")
            self.assertRegex(done.stderr, r"^sipline: xdg-mime not found on PATH: [^\n]*\n$")
            self.assertFalse((home / "data").exists())

    def test_sip_and_callto_links_are_dialled_by_the_running_phone(self):
        with peers.workdir("sipline-uri-sip.") as home, peers.sipline() as (phone, _, log):
            env = desktop(home, log.parent)
            self.assert_registered(env)
            for call, link in enumerate(("sip:bob@127.0.0.1:{}", "callto://bob@127.0.0.1:{}"),
                                        start=1):
                with self.subTest(link=link), registrar(
                        home, "^INVITE sip:bob@127\\.0\\.0\\.1:[0-9]+ SIP/2\\.0",
                        registrations=0) as (sipp, port):
                    self.assert_opened(env, link.format(port))
                    peers.wait_for_log(log, f"call {call} confirmed", phone)
                    self.assertIn(f"call {call} calling sip:bob@127.0.0.1:{port}\n",
                                  log.read_text())
                    self.assertEqual(control.launch(log, "/hangupall").returncode, 0)
                    output, _ = sipp.communicate(timeout=30)
                    self.assertEqual(sipp.returncode, 0, output)

    def test_a_tel_link_is_dialled_through_the_account_of_the_config(self):
        with peers.workdir("sipline-uri-tel.") as home, \
                registrar(home, "^INVITE sip:\\+15550100199@127\\.0\\.0\\.1") as (sipp, port):
            config = home / "phone.ini"
            config.write_text(f"[Account1]\nserver=127.0.0.1:{port}\nusername=alice\n")
            with peers.sipline("--config", str(config), "--audio", "null") as (phone, _, log):
                peers.wait_for_log(log, ": registered", phone)
                env = desktop(home, log.parent)
                self.assert_registered(env, "--config", str(config))
                entry = (home / "data" / "applications" / "sipline.desktop").read_text()
                binary = peers.sipline_binary().resolve()
                self.assertIn(f"\nExec={binary} --config {config} %u\n", entry)
                self.assert_opened(env, "tel:+1-555-010-0199")
                peers.wait_for_log(log, "call 1 confirmed", phone)
                self.assertEqual(
                    control.launch(log, "--config", str(config), "/hangupall").returncode, 0)
                output, _ = sipp.communicate(timeout=30)
                self.assertEqual(sipp.returncode, 0, output)
                done = sipline(env, "--unregister-uri-handlers")
                self.assertEqual((done.returncode, done.stderr), (0, ""), done.stdout)
                self.assertEqual(defaults(env), dict.fromkeys(SCHEMES, ""))
                # xdg-mime made mimeapps.list for sipline alone: it goes too.
                self.assertFalse((home / "config" / "mimeapps.list").exists())


if __name__ == "__main__":
    unittest.main()
