"""Runs one SDK's live test suite against the real server, through a TCP
proxy that the suite can cut.

    harness.py --name python -- <command...>

It starts debrief-server on a fresh database of the ctest PostgreSQL fixture
(the integration tests' Server, tests/integration/conftest.py), puts a TCP
proxy in front of it, serves a small control API, runs the command with
these variables, and fails when the command fails:

    DEBRIEF_ADDR          host:port of the proxy: what the SDK under test dials
    DEBRIEF_DIRECT_ADDR   host:port of the server itself (for checks)
    DEBRIEF_GATEWAY_URL   http://host:port of a second proxy, in front of a
                          debrief-gateway (the WebSocket path for browsers)
    DEBRIEF_TOKEN         a member's token (user sdk-<name>, team sdk)
    DEBRIEF_CONTROL_URL   the control API:
        POST /cut                        closes every proxied connection now
        POST /arm?marker=M&mode=drop     the next client->server bytes holding M
                                         are not forwarded, and the connection
                                         is cut: the request never arrives
        POST /arm?marker=M&mode=blackhole the bytes holding M are forwarded, then
                                         nothing more reaches the client on that
                                         connection until POST /cut: its reply
                                         (the ack) is lost
                                         (&via=gateway: on the gateway's proxy)
        GET  /stats                      {"accepted": n, "cuts": n, "fired": n}
                                         (&via=gateway: the gateway's proxy)
        GET  /token?ttl=S&user=U         a member token valid S seconds (S < 0:
                                         already expired)
    DEBRIEF_SDK_CASE      a scripted interview (tests/eval/cases/*.json)

Each suite checks through GetSessionHistory that every answer it gave is
stored exactly once (PostgreSQL's UNIQUE (owner, session, client_msg_id)
cannot catch an SDK that re-sends under a new id); the harness checks that
the suite stored answers at all.
"""
import argparse
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import conftest  # noqa: E402


class CutProxy:
    """Forwards loopback TCP to the server; can drop, blackhole and cut."""

    def __init__(self, target):
        host, port = target.rsplit(":", 1)
        self.target = (host, int(port))
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.addr = "127.0.0.1:%d" % self.listener.getsockname()[1]
        self.mu = threading.Lock()
        self.conns = set()
        self.accepted = self.cuts = self.fired = 0
        self.marker = None
        self.mode = None
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, marker, mode):
        assert mode in ("drop", "blackhole"), mode
        with self.mu:
            self.marker, self.mode = marker.encode(), mode

    def cut(self):
        with self.mu:
            conns, self.conns = list(self.conns), set()
            self.cuts += 1
        for c in conns:
            c.close()

    def stats(self):
        with self.mu:
            return {"accepted": self.accepted, "cuts": self.cuts, "fired": self.fired,
                    "open": len(self.conns)}

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(self.target, timeout=5)
                up.settimeout(None)
            except OSError:
                client.close()
                continue
            for s in (client, up):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            c = _Conn(self, client, up)
            with self.mu:
                self.conns.add(c)
                self.accepted += 1
            threading.Thread(target=c.pump_up, daemon=True).start()
            threading.Thread(target=c.pump_down, daemon=True).start()

    def _match(self, window):
        """The armed mode when window holds the marker (and disarms), else None."""
        with self.mu:
            if self.marker is None or self.marker not in window:
                return None
            mode, self.marker, self.mode = self.mode, None, None
            self.fired += 1
            return mode


class _Conn:
    def __init__(self, proxy, client, up):
        self.proxy, self.client, self.up = proxy, client, up
        self.blackholed = False
        self.closed = False

    def close(self):
        if self.closed:
            return
        self.closed = True
        for s in (self.client, self.up):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        with self.proxy.mu:
            self.proxy.conns.discard(self)

    def pump_up(self):
        tail = b""
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                window = tail + data
                tail = window[-256:]
                mode = self.proxy._match(window)
                if mode == "drop":
                    break
                # Before the bytes go up: a reply that came back before the flag was set
                # would reach the client.
                if mode == "blackhole":
                    self.blackholed = True
                self.up.sendall(data)
        except OSError:
            pass
        self.close()

    def pump_down(self):
        try:
            while True:
                data = self.up.recv(65536)
                if not data:
                    break
                if not self.blackholed:
                    self.client.sendall(data)
        except OSError:
            pass
        self.close()


def control_server(proxies, user):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def _reply(self, obj, code=200):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            u = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(u.query))
            proxy = proxies[q.get("via", "grpc")]
            if u.path == "/cut":
                for p in proxies.values():
                    p.cut()
            elif u.path == "/arm":
                proxy.arm(q["marker"], q.get("mode", "drop"))
            else:
                return self._reply({"error": "no such path"}, 404)
            self._reply(proxy.stats())

        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(u.query))
            proxy = proxies[q.get("via", "grpc")]
            if u.path == "/stats":
                return self._reply(proxy.stats())
            if u.path == "/token":
                now = int(time.time())
                ttl = int(q.get("ttl", "3600"))
                claims = {"sub": q.get("user", user), "role": "member", "team": "sdk",
                          "iat": now - max(0, -ttl) - 1, "exp": now + ttl}
                return self._reply({"token": conftest.make_jwt(claims)})
            self._reply({"error": "no such path"}, 404)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, "http://127.0.0.1:%d" % httpd.server_address[1]


def answers_stored(db_url):
    out = subprocess.run(["psql", db_url, "-At", "-v", "ON_ERROR_STOP=1", "-c",
                          "SELECT count(*) FROM messages WHERE client_msg_id <> ''"],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip() or 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")

    db_url = conftest.db_url_for("sdk_" + args.name)
    server = conftest.Server(db_url, log_name="sdk_" + args.name).start()
    proxy = CutProxy(server.addr)
    gateway = conftest.Gateway(server, log_name="sdk_%s_gateway" % args.name).start()
    gw_proxy = CutProxy(gateway.url[len("http://"):])
    user = "sdk-" + args.name
    httpd, control = control_server({"grpc": proxy, "gateway": gw_proxy}, user)
    env = dict(os.environ)
    env.update({
        "DEBRIEF_ADDR": proxy.addr,
        "DEBRIEF_DIRECT_ADDR": server.addr,
        "DEBRIEF_GATEWAY_URL": "http://" + gw_proxy.addr,
        "DEBRIEF_TOKEN": server.token(user, "member", "sdk"),
        "DEBRIEF_CONTROL_URL": control,
        "DEBRIEF_SDK_CASE": os.path.join(conftest.SOURCE_DIR, "tests", "eval", "cases",
                                         "debrief-sample-1.json"),
    })
    started = time.monotonic()
    try:
        rc = subprocess.run(cmd, env=env, timeout=args.timeout).returncode
    except subprocess.TimeoutExpired:
        print("harness: %s timed out after %.0f s" % (args.name, args.timeout), file=sys.stderr)
        rc = 124
    took = time.monotonic() - started
    httpd.shutdown()
    proxy.cut()
    gw_proxy.cut()
    try:
        stored = answers_stored(db_url)
    finally:
        gw_code = gateway.stop()
        code = server.stop()
    print("harness: %s suite took %.1f s; %d client messages stored; proxy %s"
          % (args.name, took, stored, json.dumps(proxy.stats())))
    if stored == 0:
        print("harness: the suite stored no answer at all", file=sys.stderr)
        rc = rc or 1
    if gw_code != 0:
        print("harness: the gateway did not shut down cleanly:\n" + gateway.read_log(),
              file=sys.stderr)
        rc = rc or 1
    if code != 0:
        print("harness: the server did not shut down cleanly:\n" + server.read_log(),
              file=sys.stderr)
        rc = rc or 1
    sys.exit(rc)


if __name__ == "__main__":
    main()
