"""A PostgreSQL wire-protocol proxy for fault injection in integration tests.

debrief-server connects to 127.0.0.1:<port> (see PgProxy.url); the proxy
forwards every connection to the real cluster (its Unix socket, or a TCP
address) and reads the frames going both ways, just enough to act at one
precise moment of one transaction:

* client -> server: a Bind of a statement whose text contains a watched SQL
  prefix (by default "INSERT INTO messages"; named statements are
  remembered from their Parse) with the armed marker (a client_msg_id) in
  its parameters arms that connection;
* server -> client: the CommandComplete "COMMIT" on an armed connection is
  the moment the transaction is durable in PostgreSQL while debrief-server
  does not know it yet.

Modes, one shot each (arm() again for the next one):
  "kill"        call on_fire() (the test SIGKILLs debrief-server), then drop
                the connection without forwarding the COMMIT reply;
  "drop"        drop the connection after COMMIT reached PostgreSQL, before
                its reply reaches debrief-server (an ambiguous commit);
  "drop_before" drop the connection when debrief-server sends COMMIT (a
                simple Query, or the Bind of a prepared or pipelined COMMIT),
                before PostgreSQL runs it (the transaction rolls back).

SSLRequest and GSSENCRequest are answered "N" by the proxy itself, so the
traffic stays plaintext and readable. Only loopback is listened on.
"""
import os
import socket
import struct
import threading
import time
import urllib.parse

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102


def _is_commit(query):
    """Whether a query text is COMMIT (simple protocol, or a pipelined Parse)."""
    return query.strip().rstrip(b";").strip().upper() == b"COMMIT"


def upstream_of(url):
    """(family, address) of the cluster a libpq URL points at."""
    u = urllib.parse.urlsplit(url)
    q = dict(urllib.parse.parse_qsl(u.query))
    host = q.get("host") or u.hostname or "/var/run/postgresql"
    port = int(q.get("port") or u.port or 5432)
    if host.startswith("/"):
        return socket.AF_UNIX, os.path.join(host, ".s.PGSQL.%d" % port)
    return socket.AF_INET, (host, port)


class _Conn:
    def __init__(self, proxy, client, upstream):
        self.proxy = proxy
        self.client = client
        self.upstream = upstream
        self.armed = None  # the arming's id while this connection's transaction is watched
        self.watched = set()  # statement names (b"" = unnamed) whose text is watched
        self.commits = set()  # statement names whose text is COMMIT
        self.closed = False
        self.lock = threading.Lock()

    def close(self):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for s in (self.client, self.upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass


def _read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _read_message(sock):
    """One typed protocol message: (header bytes, type byte, body)."""
    head = _read_exact(sock, 5)
    length = struct.unpack("!I", head[1:])[0]
    return head, head[:1], _read_exact(sock, length - 4)


class PgProxy:
    def __init__(self, upstream_url, watch_sql=b"INSERT INTO messages"):
        self.family, self.target = upstream_of(upstream_url)
        self.upstream_url = upstream_url
        self.watch_sql = watch_sql
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.mu = threading.Lock()
        self.conns = set()
        self._marker = None
        self._mode = None
        self._on_fire = None
        self._arm_id = 0
        self.fired = threading.Event()
        self.fired_mode = None
        self.fired_at = None
        self.stopping = False
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()

    # ---- control ----

    def url(self):
        """The upstream URL with host and port replaced by the proxy's."""
        u = urllib.parse.urlsplit(self.upstream_url)
        q = [(k, v) for k, v in urllib.parse.parse_qsl(u.query)
             if k not in ("host", "port", "hostaddr", "sslmode", "gssencmode")]
        q.append(("sslmode", "disable"))
        user = u.username or "postgres"
        netloc = "%s@127.0.0.1:%d" % (urllib.parse.quote(user), self.port)
        return urllib.parse.urlunsplit((u.scheme, netloc, u.path, urllib.parse.urlencode(q), ""))

    def arm(self, marker, mode, on_fire=None):
        """Acts once on the next committed transaction that stored `marker`."""
        assert mode in ("kill", "drop", "drop_before")
        with self.mu:
            self._arm_id += 1
            self._marker = marker.encode() if isinstance(marker, str) else marker
            self._mode = mode
            self._on_fire = on_fire
            self.fired.clear()
            self.fired_mode = None
            self.fired_at = None

    def disarm(self):
        with self.mu:
            self._marker = None
            self._mode = None
            self._on_fire = None
            for c in self.conns:
                c.armed = None

    def close(self):
        self.stopping = True
        try:
            self.listener.close()
        except OSError:
            pass
        with self.mu:
            conns = list(self.conns)
        for c in conns:
            c.close()

    # ---- plumbing ----

    def _accept_loop(self):
        while not self.stopping:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            # Messages are forwarded one by one: no Nagle delay on small writes.
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                up = socket.socket(self.family, socket.SOCK_STREAM)
                up.settimeout(10)
                up.connect(self.target)
                if self.family == socket.AF_INET:
                    up.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                up.settimeout(None)
            except OSError:
                client.close()
                continue
            conn = _Conn(self, client, up)
            with self.mu:
                self.conns.add(conn)
            threading.Thread(target=self._client_to_server, args=(conn,), daemon=True).start()
            threading.Thread(target=self._server_to_client, args=(conn,), daemon=True).start()

    def _forget(self, conn):
        conn.close()
        with self.mu:
            self.conns.discard(conn)

    def _fire(self, conn, modes):
        """Acts when conn holds the current arming for one of modes; True if it did."""
        with self.mu:
            if conn.armed is None or conn.armed != self._arm_id or self._mode not in modes:
                return False
            cb, mode = self._on_fire, self._mode
            self._marker = None
            self._mode = None
            self._on_fire = None
            conn.armed = None
            self.fired_mode = mode
            self.fired_at = time.monotonic()
        if cb:
            cb()
        self.fired.set()
        return True

    def _client_to_server(self, conn):
        c, up = conn.client, conn.upstream
        try:
            # Untyped start-up packets: SSL/GSS requests, then the StartupMessage.
            while True:
                head = _read_exact(c, 8)
                length, code = struct.unpack("!II", head)
                rest = _read_exact(c, length - 8)
                if code in (SSL_REQUEST, GSSENC_REQUEST):
                    c.sendall(b"N")
                    continue
                up.sendall(head + rest)
                if code == CANCEL_REQUEST:
                    raise EOFError
                break
            while True:
                head, kind, body = _read_message(c)
                if kind == b"P":
                    # Parse: statement name, NUL, query text, NUL, ...
                    name, query = (body.split(b"\0", 2) + [b"", b""])[:2]
                    for names, hit in ((conn.watched, self.watch_sql in query),
                                       (conn.commits, _is_commit(query))):
                        if hit:
                            names.add(name)
                        else:
                            names.discard(name)
                elif kind == b"B":
                    # Bind: portal name, NUL, statement name, NUL, parameters
                    stmt = (body.split(b"\0", 2) + [b"", b""])[1]
                    if stmt in conn.commits and self._fire(conn, ("drop_before",)):
                        raise EOFError  # PostgreSQL never sees the COMMIT
                    if stmt in conn.watched:
                        with self.mu:
                            if self._marker is not None and self._marker in body:
                                conn.armed = self._arm_id
                elif kind == b"Q" and _is_commit(body.rstrip(b"\0")):
                    if self._fire(conn, ("drop_before",)):
                        raise EOFError  # PostgreSQL never sees the COMMIT
                up.sendall(head + body)
        except (EOFError, OSError):
            pass
        finally:
            self._forget(conn)

    def _server_to_client(self, conn):
        c, up = conn.client, conn.upstream
        try:
            while True:
                head, kind, body = _read_message(up)
                if kind == b"C":
                    tag = body.rstrip(b"\0")
                    if tag == b"COMMIT" and self._fire(conn, ("kill", "drop")):
                        raise EOFError  # the reply never reaches debrief-server
                    elif tag == b"ROLLBACK":
                        conn.armed = None
                c.sendall(head + body)
        except (EOFError, OSError):
            pass
        finally:
            self._forget(conn)
