"""Real SIP peers for interop tests: free ports on 127.0.0.1, Kamailio, SIPp (see PEERS.md)."""
import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
PEER_FILES = HERE / "peers"
LOOPBACK = "127.0.0.1"


def sip_host(address):
    """An address as SIP writes a host: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


def port_is_free(port):
    """True when both UDP and TCP `port` can be bound on loopback right now."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind((LOOPBACK, port))
            except OSError:
                return False
    return True


def free_port(span=1):
    """A port p such that p .. p+span-1 are free for UDP and TCP (baresip also takes p+1)."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((LOOPBACK, 0))
            base = probe.getsockname()[1]
        if base + span < 65536 and all(port_is_free(base + i) for i in range(span)):
            return base
    raise RuntimeError("no free port on 127.0.0.1")


def wait_for_port(port, kind="tcp", timeout=10.0):
    """Waits until something listens on `port` (TCP connect, or a UDP bind that fails)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if kind == "tcp":
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                if probe.connect_ex((LOOPBACK, port)) == 0:
                    return
        else:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                try:
                    probe.bind((LOOPBACK, port))
                except OSError:
                    return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {kind} {LOOPBACK}:{port} after {timeout} s")


def wait_for_log(log, text, process=None, timeout=10.0):
    """Waits until `text` is in the file `log`; fails with its tail when it does not come (or
    `process` exits first)."""
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise AssertionError(f"'{text}' not in {log}:\n{log.read_text()[-3000:]}")
        time.sleep(0.02)


def wait_for_log_count(log, text, count, timeout=10.0, process=None):
    """Waits until `text` appears `count` times in the file `log` (or `process` exits first)."""
    deadline = time.monotonic() + timeout
    while log.read_text().count(text) < count:
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise AssertionError(f"'{text}' not {count} times in {log}:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


def recorded_seconds(wav):
    """Seconds of audio in a WAV file still being written (its header's sizes are not final
    yet): the bytes after the data chunk's header over the byte rate of its fmt chunk."""
    try:
        data = wav.read_bytes()
    except FileNotFoundError:
        return 0.0
    offset, byte_rate = 12, 0
    while offset + 8 <= len(data):
        kind, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "little")
        if kind == b"fmt " and offset + 20 <= len(data):
            byte_rate = int.from_bytes(data[offset + 16:offset + 20], "little")
        if kind == b"data":
            return (len(data) - offset - 8) / byte_rate if byte_rate else 0.0
        offset += 8 + size + (size & 1)
    return 0.0


def wait_for_recording(wav, seconds, timeout=30.0):
    """Waits until the WAV file a phone is recording holds `seconds` of audio."""
    deadline = time.monotonic() + timeout
    while recorded_seconds(wav) < seconds:
        if time.monotonic() > deadline:
            raise AssertionError(f"{wav} holds {recorded_seconds(wav):.2f} s of audio, not "
                                 f"{seconds} s, after {timeout} s")
        time.sleep(0.05)


@contextlib.contextmanager
def workdir(prefix):
    """A scratch directory, kept when SIPLINE_KEEP_PEER_LOGS is set (for debugging)."""
    path = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        if not os.environ.get("SIPLINE_KEEP_PEER_LOGS"):
            shutil.rmtree(path, ignore_errors=True)


def stop(process, timeout=5.0):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def kamailio(algorithm="MD5", invite_auth=False, tls=None, tcp_lifetime=None, prefix=(),
             address=LOOPBACK):
    """Kamailio as registrar + proxy with digest auth (users alice/alicepw, bob/bobpw,
    sipp/sipppw) on a free port, UDP and TCP; with tls=(certificate, key) also TLS on the port
    after it; idle connections closed after `tcp_lifetime` seconds when given; inside `prefix`
    (a network namespace: netns_nat: port 5060 there) on `address` (IPv6 too). Yields (port,
    log path)."""
    with workdir("sipline-kamailio.") as directory:
        port = 5060 if prefix else free_port(span=2 if tls else 1)
        defines = ["-A", f"KPORT={port}", "-A", f"KADDR={sip_host(address)}", "-A",
                   f'KALG="{algorithm}"']
        if invite_auth:
            defines += ["-A", "WITH_INVITE_AUTH"]
        if tcp_lifetime:
            defines += ["-A", f"KTCPLIFETIME={tcp_lifetime}"]
        if tls:
            defines += ["-A", "WITH_TLS", "-A", f"KTLSPORT={port + 1}", "-A",
                        f'KTLSCERT="{tls[0]}"', "-A", f'KTLSKEY="{tls[1]}"']
        log = directory / "kamailio.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [*prefix, "kamailio", "-DD", "-E", "-f", str(PEER_FILES / "kamailio.cfg"), "-w",
                 str(directory), "-P", str(directory / "kamailio.pid"), "-m", "16", "-M", "4",
                 *defines], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            if address == LOOPBACK:
                wait_for_port(port + 1 if tls else port, "tcp")
            else:  # another namespace: its sockets are bound once it lists them
                wait_for_log(log, "Listening on", process)
            yield port, log
        finally:
            stop(process)


@contextlib.contextmanager
def dnsmasq(domain, records):
    """dnsmasq answering alone for `domain` with `records` (its --naptr-record=, --srv-host=,
    --host-record= … options, one string each) on a free port of 127.0.0.1, nothing from
    upstream, every query logged. Yields (port, log path) once it says it started."""
    with workdir("sipline-dnsmasq.") as directory:
        port = free_port()
        log = directory / "dnsmasq.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                ["dnsmasq", "-k", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                 f"--port={port}", f"--listen-address={LOOPBACK}", "--bind-interfaces",
                 "--log-facility=-", "--log-queries", "--pid-file=", f"--local=/{domain}/",
                 *records],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_for_log(log, "started, version", process)
            yield port, log
        finally:
            stop(process)


def sipp(args, timeout=60, cwd=None):
    """Runs SIPp to completion on free local and control ports; returns CompletedProcess."""
    local, control = free_port(), free_port()
    command = ["sipp", *args, "-i", LOOPBACK, "-p", str(local), "-cp", str(control), "-nostdin"]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd)


@contextlib.contextmanager
def sipp_uas(scenario, keys, timeout="60s"):
    """SIPp playing the callee of `scenario` (a file in peers/) for one call, with `keys`
    (-key name value), on a free port of 127.0.0.1; yields (process, port). The caller checks
    its exit with process.communicate(); it is stopped if still running at the end."""
    port = free_port()
    command = ["sipp", "-sf", str(PEER_FILES / scenario), "-i", LOOPBACK, "-p", str(port),
               "-cp", str(free_port()), "-m", "1", "-nostdin", "-timeout", timeout,
               "-timeout_error"]
    for name, value in keys.items():
        command += ["-key", name, str(value)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        wait_for_port(port, "udp")
        yield process, port
    finally:
        stop(process)


def sipline_binary():
    return pathlib.Path(os.environ.get("SIPLINE_BIN", ".")) / "sipline"


# What a sanitized sipline (the asan preset: clang ASan + UBSan) prints when it finds a fault.
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer", "SUMMARY: AddressSanitizer")
# Stop at the first report, with its stack; harmless in an unsanitized build. Options the
# caller's environment sets come later and win.
SANITIZER_OPTIONS = {
    "ASAN_OPTIONS": "halt_on_error=1:detect_leaks=1:abort_on_error=0",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
}
QUIT_DEADLINE = 30.0  # seconds for sipline to leave after SIGTERM (BYEs, un-REGISTER, a slow build)


def sanitizer_environment(runtime=None):
    """The environment for a sipline: sanitizer options, and with `runtime` its own
    XDG_RUNTIME_DIR, so its control socket is its own (no two test phones hand commands to each
    other)."""
    env = dict(os.environ)
    if runtime is not None:
        env["XDG_RUNTIME_DIR"] = str(runtime)
        # Nor the runner's own ~/.config/sipline/microsip.ini, read by a phone without --config.
        env["XDG_CONFIG_HOME"] = str(runtime)
    for name, options in SANITIZER_OPTIONS.items():
        env[name] = f"{options}:{env[name]}" if env.get(name) else options
    return env


def sanitizer_report(text):
    """The part of sipline's output from the first sanitizer report on, or None."""
    starts = [text.find(marker) for marker in SANITIZER_REPORTS if marker in text]
    if not starts:
        return None
    begin = text.rfind("\n", 0, min(starts)) + 1
    return text[begin:begin + 6000]


def finish_sipline(process, log):
    """Makes sipline quit as a user would (SIGTERM: hang up, unregister, leave) unless it has
    already, then fails unless it left with status 0 and printed no sanitizer report: a phone
    that crashes or leaks on the way out fails the test that ran it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(QUIT_DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"sipline did not quit within {QUIT_DEADLINE} s of SIGTERM:\n"
                                 f"{log.read_text()[-3000:]}") from None
    if process.stdin is not None:
        process.stdin.close()
    text = log.read_text()
    report = sanitizer_report(text)
    if report is not None:
        raise AssertionError(f"sipline's sanitizer report:\n{report}")
    if process.returncode != 0:
        raise AssertionError(f"sipline exited with status {process.returncode}:\n{text[-3000:]}")


@contextlib.contextmanager
def sipline(*args, stdin=subprocess.DEVNULL, prefix=(), address=LOOPBACK):
    """sipline from SIPLINE_BIN on a free UDP port of 127.0.0.1, with `args`. Yields
    (process, port, log path); its output (one line per call event) and its stderr go to the
    log. At the end it must quit cleanly (see finish_sipline). `prefix` runs it inside another
    command (a network namespace: netns_nat), listening on `address`, port 5060 there."""
    binary = sipline_binary()
    with workdir("sipline-phone.") as directory:
        port = 5060 if prefix else free_port()
        log = directory / "sipline.log"
        with log.open("w") as out:
            # Tests never play through a sound card the machine may have: null unless chosen.
            chosen = "--audio" in args or "--config" in args
            audio_args = () if chosen else ("--audio", "null")
            process = subprocess.Popen([*prefix, str(binary), "--listen",
                                        f"{sip_host(address)}:{port}",
                                        *audio_args, *args],
                                       stdout=out, stderr=subprocess.STDOUT, stdin=stdin,
                                       text=True, env=sanitizer_environment(directory))
        try:
            wait_for_log(log, "listening on", process)
            yield process, port, log
        except BaseException:
            stop(process)
            report = sanitizer_report(log.read_text())
            if report is not None:  # the likely cause of the failure: say it
                print(f"sipline's sanitizer report:\n{report}", file=sys.stderr)
            raise
        finish_sipline(process, log)


def netstring(payload):
    """`payload` (bytes) framed as a netstring, "LENGTH:payload," (baresip's ctrl_tcp)."""
    return str(len(payload)).encode() + b":" + payload + b","


def split_netstring(buffered):
    """(the first whole netstring's payload, the bytes after it), or (None, buffered) while
    it is not whole yet."""
    if b":" not in buffered:
        return None, buffered
    length, rest = buffered.split(b":", 1)
    if not length.isdigit() or len(rest) < int(length) + 1:
        return None, buffered
    return rest[:int(length)], rest[int(length) + 1:]


def baresip_command(directory, name, command, params=""):
    """Sends `command` ("hold", "resume", "sndcode" …, a long command of baresip's menu) with
    `params` to the baresip that peers.baresip started as `name` in `directory`, through its
    ctrl_tcp socket: one netstring of JSON each way. Returns its response's JSON text."""
    config = (directory / name / "config").read_text()
    port = int(config.split("ctrl_tcp_listen 127.0.0.1:")[1].split()[0])
    request = json.dumps({"command": command, "params": params, "token": command}).encode()
    with socket.create_connection((LOOPBACK, port), timeout=10) as connection:
        connection.sendall(netstring(request))
        received = b""
        while not received.endswith(b","):  # "LENGTH:JSON," (the netstring's end)
            chunk = connection.recv(4096)
            if not chunk:
                break
            received += chunk
    return received.decode(errors="replace")


class BaresipEvents:
    """The events baresip pushes on a ctrl_tcp connection held open (netstrings of JSON:
    {"event": true, "type": "CALL_DTMF_START", "param": "5", …}), gathered by a thread."""

    def __init__(self, connection):
        self._connection = connection
        self._events = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        buffered = b""
        while True:
            try:
                chunk = self._connection.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            buffered += chunk
            while True:
                text, buffered = split_netstring(buffered)
                if text is None:
                    break
                message = json.loads(text)
                if message.get("event"):
                    with self._changed:
                        self._events.append(message)
                        self._changed.notify_all()

    def params(self, kind):
        """The `param` of each event of type `kind` so far, in order."""
        with self._changed:
            return [event.get("param", "") for event in self._events if event.get("type") == kind]

    def wait(self, kind, count, timeout=15.0):
        """Waits until `count` events of type `kind` have come; their params."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.params_locked(kind)) >= count, timeout):
                raise AssertionError(f"{count} {kind} events awaited, got: {self._events}")
            return self.params_locked(kind)

    def params_locked(self, kind):
        return [event.get("param", "") for event in self._events if event.get("type") == kind]


def baresip_dump(home, timeout=15.0):
    """The newest received-audio dump baresip (peers.baresip) writes in `home` once a call's
    audio begins: waits for the first."""
    deadline = time.monotonic() + timeout
    while not (dumps := sorted(home.glob("dump-*-dec.wav"))):
        if time.monotonic() > deadline:
            raise AssertionError(f"baresip wrote no received-audio dump in {home}")
        time.sleep(0.05)
    return dumps[-1]


def ask(phone, line):
    """Types `line` on the console of a sipline started with stdin=subprocess.PIPE."""
    phone.stdin.write(line + "\n")
    phone.stdin.flush()


@contextlib.contextmanager
def baresip_events(directory, name):
    """baresip_events(directory, "bob"): BaresipEvents from the baresip peers.baresip started as
    `name` in `directory`, from now until the block ends."""
    config = (directory / name / "config").read_text()
    port = int(config.split("ctrl_tcp_listen 127.0.0.1:")[1].split()[0])
    with socket.create_connection((LOOPBACK, port), timeout=None) as connection:
        events = BaresipEvents(connection)
        try:
            yield events
        finally:
            connection.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def baresip(directory, name, wav, codecs, answer=False, dial=None, seconds=50, extra_config=(),
            account_params="", stdin=subprocess.DEVNULL):
    """baresip 1.0 headless (PEERS.md §3): `wav` (16-bit PCM, 8 kHz mono) as its microphone, the
    audio it receives dumped to `directory/name/dump-*-dec.wav`, accounts limited to `codecs`
    ("pcmu", "opus/48000/2" …), auto-answering or dialling `dial` at start; `account_params`
    (";mediaenc=srtp-mand" …) end its account line; `stdin` a pipe for its stdio UI (a text it gets
    is printed there). Yields (process, sip port, log path)."""
    home = directory / name
    home.mkdir(parents=True, exist_ok=True)
    port = free_port(span=2)  # baresip also takes port+1 (TLS)
    control = free_port()
    rtp = free_port(span=2)
    (home / "config").write_text("\n".join([
        f"sip_listen 127.0.0.1:{port}", "net_interface 127.0.0.1", f"rtp_ports {rtp}-{rtp + 199}",
        f"audio_source aufile,{wav}", "ausrc_srate 8000", "ausrc_channels 1",
        "audio_player alsa,null", "audio_alert alsa,null", "module_path /usr/lib/baresip/modules",
        "module g711.so", "module g722.so", "module opus.so", "module aufile.so", "module alsa.so",
        "module sndfile.so", f"snd_path {home}", "module_tmp account.so", "module_app menu.so",
        "module_app ctrl_tcp.so", f"ctrl_tcp_listen 127.0.0.1:{control}", *extra_config, ""]))
    answermode = ";answermode=auto" if answer else ""
    (home / "accounts").write_text(
        f"<sip:{name}@127.0.0.1>;regint=0;audio_codecs={codecs}{answermode}{account_params}\n")
    command = ["baresip", "-f", str(home), "-t", str(seconds)]
    if dial:
        command += ["-e", f"/dial {dial}"]
    log = home / "baresip.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=stdin)
    try:
        wait_for_log(log, "baresip is ready", process)
        yield process, port, log
    finally:
        stop(process)
        if process.stdin is not None:
            process.stdin.close()
