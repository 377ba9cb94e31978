"""A listening end for RTP in interop tests: a UDP socket on 127.0.0.1 that keeps every packet
sipline sends it, decoded when it is PCMU, so a test can check what was heard at that port (a
tone's level, silence, nothing) phase by phase."""
import socket
import struct
import threading
import time

import peers


def ulaw_to_linear(byte):
    """G.711 μ-law (ITU-T G.711 §2) to a 16-bit linear sample."""
    byte = ~byte & 0xFF
    magnitude = ((((byte & 0x0F) << 3) + 0x84) << ((byte >> 4) & 0x07)) - 0x84
    return -magnitude if byte & 0x80 else magnitude


_ULAW = [ulaw_to_linear(b) for b in range(256)]


class Sink:
    """Receives RTP on a free port while in a `with` block; `packets` is the list of
    (payload type, payload, arrival on time.monotonic()) received so far, in order."""

    def __init__(self):
        self.port = peers.free_port(span=2)
        self.packets = []
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind((peers.LOOPBACK, self.port))
        self._socket.settimeout(0.1)
        self._running = True
        self._arrived = threading.Condition()  # notified with each packet kept
        self._thread = threading.Thread(target=self._receive, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._running = False
        self._thread.join()
        self._socket.close()

    def _receive(self):
        while self._running:
            try:
                data = self._socket.recv(2048)
            except socket.timeout:
                continue
            if len(data) >= 12 and data[0] >> 6 == 2:
                # RFC 3550 §5.1: 12 bytes, then CSRCs; no header extension from sipline.
                header = 12 + 4 * (data[0] & 0x0F)
                with self._arrived:
                    self.packets.append((data[1] & 0x7F, data[header:], time.monotonic()))
                    self._arrived.notify_all()

    def wait_for(self, count, timeout=10.0):
        """Waits until `count` packets have come in all; fails when they do not."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.packets) >= count, timeout):
                raise AssertionError(f"{len(self.packets)} RTP packets at port {self.port}, "
                                     f"waited for {count}")

    def pcmu(self, first=0, last=None):
        """The samples of PCMU packets first..last (indices into `packets`), 8 kHz."""
        samples = []
        for payload_type, payload, _ in self.packets[first:last]:
            if payload_type == 0:
                samples.extend(_ULAW[b] for b in payload)
        return samples
