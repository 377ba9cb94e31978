"""A TCP registrar that answers every REGISTER 200 and never answers a keep-alive (RFC 5626
§4.4.1's CRLF pong): a server whose connection looks open but is dead to keep-alives, as one
behind a NAT that forgot the mapping would be. It counts the connections it accepted."""
import re
import socket
import threading


class SilentRegistrar:
    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.registers = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        pending = b""
        with connection:
            while True:
                try:
                    data = connection.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                pending += data
                pending = pending.lstrip(b"\r\n")  # keep-alives: read, never answered
                while b"\r\n\r\n" in pending:
                    head, _, rest = pending.partition(b"\r\n\r\n")
                    length = re.search(rb"(?im)^(?:content-length|l)\s*:\s*(\d+)", head)
                    body = int(length.group(1)) if length else 0
                    if len(rest) < body:
                        break
                    pending = rest[body:].lstrip(b"\r\n")
                    connection.sendall(self._answer(head.decode()))

    def _answer(self, head):
        with self.lock:
            self.registers += 1
        lines = head.split("\r\n")
        copied = [line for line in lines[1:]
                  if re.match(r"(?i)(via|from|call-id|cseq|contact)\s*:", line)]
        to = next(line for line in lines if re.match(r"(?i)to\s*:", line))
        return ("SIP/2.0 200 OK\r\n" + "\r\n".join(copied) + f"\r\n{to};tag=silent\r\n"
                "Expires: 600\r\nContent-Length: 0\r\n\r\n").encode()
