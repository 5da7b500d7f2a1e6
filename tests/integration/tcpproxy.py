"""A loopback TCP proxy that can cut every connection on command.

Used by the client suites (test_client_c.py) to force a real transport
drop in the middle of an interview: the client talks to the proxy, the
proxy to debrief-server. Sending "cut" to the control port arms it; the
next client-to-server chunk of at least `min_chunk` bytes (an answer frame,
not an HTTP/2 WINDOW_UPDATE or PING) is forwarded, then every connection is
closed on both sides, so the server gets the answer while its ack is lost.
Only 127.0.0.1 is listened on and connected to.
"""
import socket
import threading


class TcpProxy:
    def __init__(self, upstream_port, min_chunk=40):
        self.upstream_port = upstream_port
        self.min_chunk = min_chunk
        self.cuts = 0
        self._armed = False
        self._lock = threading.Lock()
        self._conns = []
        self._stop = False
        self.lsock = self._listen()
        self.port = self.lsock.getsockname()[1]
        self.csock = self._listen()
        self.ctl_port = self.csock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        threading.Thread(target=self._control, daemon=True).start()

    @staticmethod
    def _listen():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        return s

    def _accept(self):
        while not self._stop:
            try:
                c, _ = self.lsock.accept()
            except OSError:
                return
            u = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self._conns.append((c, u))
            threading.Thread(target=self._pump, args=(c, u, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(u, c, False), daemon=True).start()

    def _control(self):
        while not self._stop:
            try:
                c, _ = self.csock.accept()
            except OSError:
                return
            with c:
                if c.recv(16).strip() == b"cut":
                    with self._lock:
                        self._armed = True
                    c.sendall(b"ok\n")

    def _pump(self, src, dst, to_server):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            try:
                dst.sendall(data)
            except OSError:
                break
            if to_server and len(data) >= self.min_chunk:
                with self._lock:
                    fire, self._armed = self._armed, False
                if fire:
                    self.cut_all()
                    break
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut_all(self):
        with self._lock:
            conns, self._conns = self._conns, []
            self.cuts += 1
        for pair in conns:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass

    def close(self):
        self._stop = True
        self.lsock.close()
        self.csock.close()
        self.cut_all()
