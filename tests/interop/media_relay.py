"""A relay the test controls between a caller and a callee on 127.0.0.1, so that it sees every
RTP packet that crosses: SIP datagrams pass through it (the SDP's audio ports rewritten to the
relay's own), and RTP from each side is forwarded to the other and kept. Requests inside the
dialog go straight between the phones (their Contacts); only the media has to cross here.

    with MediaRelay(callee_sip_port) as relay:   # dial sip:bob@127.0.0.1:{relay.sip_port}
        ...
        relay.payloads("caller")  # the RTP payloads the caller sent, as they crossed
"""
import re
import socket
import threading

LOOPBACK = "127.0.0.1"


def rewrite_audio_port(message, port):
    """`message` (bytes of a SIP message) with its SDP's m=audio port replaced by `port` and
    Content-Length kept true; unchanged without an SDP body."""
    head, separator, body = message.partition(b"\r\n\r\n")
    if not separator or b"m=audio " not in body:
        return message
    body = re.sub(rb"m=audio \d+", b"m=audio %d" % port, body)
    head = re.sub(rb"(?im)^(content-length|l)\s*:\s*\d+", b"Content-Length: %d" % len(body), head)
    return head + separator + body


def media_port(message):
    found = re.search(rb"m=audio (\d+)", message)
    return int(found.group(1)) if found else None


class MediaRelay:
    def __init__(self, callee_sip_port):
        self.callee = (LOOPBACK, callee_sip_port)
        self.caller = None  # where the first request came from
        self.sip = self._bind()
        self.sip_port = self.sip.getsockname()[1]
        # rtp["caller"]: where the caller's RTP arrives (the callee's address in the answer it
        # sees); rtp["callee"]: where the callee's arrives (the caller's address in the offer).
        self.rtp = {"caller": self._bind(), "callee": self._bind()}
        self.real_port = {"caller": None, "callee": None}
        self.kept = {"caller": [], "callee": []}
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self._sip_loop, daemon=True)] + [
            threading.Thread(target=self._rtp_loop, args=(side,), daemon=True)
            for side in ("caller", "callee")]

    @staticmethod
    def _bind():
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((LOOPBACK, 0))
        sock.settimeout(0.2)
        return sock

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()
        for sock in (self.sip, *self.rtp.values()):
            sock.close()

    def payloads(self, side):
        """The RTP packets `side` sent, whole, in the order they crossed."""
        with self.lock:
            return list(self.kept[side])

    def _sip_loop(self):
        while self.running:
            try:
                data, source = self.sip.recvfrom(65535)
            except socket.timeout:
                continue
            if self.caller is None and source != self.callee:
                self.caller = source
            if source == self.caller:  # the offer: the callee sends its RTP to the relay
                port = media_port(data)
                if port:
                    self.real_port["caller"] = port
                    data = rewrite_audio_port(data, self.rtp["callee"].getsockname()[1])
                self.sip.sendto(data, self.callee)
            elif self.caller is not None:  # the answer: the caller sends its RTP to the relay
                port = media_port(data)
                if port:
                    self.real_port["callee"] = port
                    data = rewrite_audio_port(data, self.rtp["caller"].getsockname()[1])
                self.sip.sendto(data, self.caller)

    def _rtp_loop(self, side):
        other = "callee" if side == "caller" else "caller"
        sock = self.rtp[side]
        while self.running:
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                continue
            if len(data) >= 12 and data[0] >> 6 == 2 and not 200 <= data[1] <= 206:
                with self.lock:
                    self.kept[side].append(data)
            if self.real_port[other]:
                self.rtp[other].sendto(data, (LOOPBACK, self.real_port[other]))
