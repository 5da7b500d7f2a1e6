"""A client that goes away, or whose deadline is near, stops the provider
call: measured at the provider's socket. The provider here is a bare TCP
listener that reads the request and never answers (a stalled model), and
records when debrief closes the connection."""
import socket
import threading
import time

import grpc

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from test_conversation import create, load_case


class StalledProvider:
    """Accepts connections, reads whatever comes, answers nothing."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.opened, self.closed = [], []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.opened.append(time.monotonic())
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    def _drain(self, conn):
        with conn:
            conn.settimeout(60)
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                pass
        with self.lock:
            self.closed.append(time.monotonic())

    def wait_opened(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.opened) >= n:
                    return
            time.sleep(0.005)
        raise AssertionError("debrief never called the provider")

    def wait_closed(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.closed) >= n:
                    return self.closed[n - 1]
            time.sleep(0.001)
        raise AssertionError("debrief never closed the provider connection")

    def close(self):
        self.sock.close()


def test_cancel_and_deadline_reach_the_provider():
    prov = StalledProvider()
    srv = Server(db_url_for("it_provider_cancel"), log_name="it_provider_cancel", env={
        "DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": "http://127.0.0.1:%d/v1" % prov.port,
        "DEBRIEF_LLM_API_KEY": "k", "DEBRIEF_LLM_MODEL": "fake-model",
        "DEBRIEF_LLM_MAX_RETRIES": "0", "DEBRIEF_LLM_TIMEOUT_MS": "60000",
        "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "60000"}).start()
    c = Client(srv, srv.token("cancel-user", "member", "team-a"))
    try:
        case = load_case("debrief-sample-1")
        cancels = []
        for i in range(5):
            sess = create(c, case)
            fut = c.conversation.SendMessage.future(cpb.SendMessageRequest(
                session_id=sess.id, client_msg_id="c", text="The demo went well."),
                metadata=c.md, timeout=30)
            prov.wait_opened(i + 1)
            time.sleep(0.2)
            t_cancel = time.monotonic()
            fut.cancel()
            cancels.append((prov.wait_closed(i + 1) - t_cancel) * 1000)
        # A 2 s deadline: the model gets what is left after the commit reserve,
        # the provider socket closes, and the answer commits with the fallback.
        sess = create(c, case)
        t0 = time.monotonic()
        r = c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="d", text="The demo went well."), timeout=2)
        answered = time.monotonic() - t0
        closed = prov.wait_closed(6) - t0
        assert r.next_question.engine == "offline" and answered < 2
        print("FIGURE: cancel-to-provider-close runs=5 max_ms=%.1f mean_ms=%.1f" % (
            max(cancels), sum(cancels) / len(cancels)))
        print("FIGURE: deadline-2s answered_s=%.3f provider_closed_s=%.3f status=OK(fallback)" % (
            answered, closed))
        assert max(cancels) < 100, cancels
        assert closed < answered + 0.1
    finally:
        c.close()
        prov.close()
        assert srv.stop() == 0, srv.read_log()
