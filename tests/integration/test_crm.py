"""CRM push end to end (docs/crm.md): the payload, the outbox, the delivery
worker and its retries, against a real HTTP receiver started by the test.

The receiver verifies every request's Debrief-Signature with the shared
secret, deduplicates by Idempotency-Key, and can be told per session to
answer 500, 503, 429 with Retry-After, 400, to stall past the server's
timeout, or to hold a request until the test releases it. Every push must
be processed exactly once from its point of view, also when the server is
killed mid-delivery and when two instances drain one outbox.
"""
import hashlib
import hmac
import http.server
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid

import grpc
import pytest
from google.protobuf import json_format

from conftest import SOURCE_DIR, Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import export_service_pb2 as epb
from debrief.v1 import export_service_pb2_grpc as egrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types

SECRET = "crm-test-secret-0123456789abcdef"
TIMEOUT_MS = 1500
LEASE_S = TIMEOUT_MS / 1000 + 5  # DBF_DELIVERY_LEASE_PAD


# ---- the receiver ----

class Receiver:
    """A webhook receiver in this process: verifies, deduplicates, misbehaves on request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (key, body, time, verified)
        self.processed = {}  # key -> body, the first time it was accepted
        self.plans = {}  # session id -> list of actions, consumed one per request
        self.in_flight = {}  # key -> concurrent requests now
        self.overlaps = []  # keys seen twice at once
        self.held = threading.Event()
        self.release = threading.Event()
        self.bad_signatures = 0
        rcv = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                key = self.headers.get("Idempotency-Key", "")
                ok = verify(self.headers.get("Debrief-Signature", ""), body, SECRET)
                sid = json.loads(body)["session"]["id"] if ok else ""
                with rcv.lock:
                    rcv.requests.append((key, body, time.time(), ok))
                    if not ok:
                        rcv.bad_signatures += 1
                    rcv.in_flight[key] = rcv.in_flight.get(key, 0) + 1
                    if rcv.in_flight[key] > 1:
                        rcv.overlaps.append(key)
                    plan = rcv.plans.get(sid)
                    action = plan.pop(0) if plan else ("ok",)
                try:
                    self.act(action, key, body, ok)
                finally:
                    with rcv.lock:
                        rcv.in_flight[key] -= 1

            def reply(self, code, headers=()):
                try:
                    self.send_response(code)
                    for k, v in headers:
                        self.send_header(k, v)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender went away (killed, or timed out)

            def act(self, action, key, body, ok):
                if not ok:
                    return self.reply(401)
                kind = action[0]
                if kind == "status":
                    return self.reply(action[1], action[2] if len(action) > 2 else ())
                if kind == "sleep":
                    time.sleep(action[1])
                if kind == "hold":
                    rcv.held.set()
                    rcv.release.wait(30)
                # Processing is idempotent by key: a re-delivery is acknowledged, not redone.
                with rcv.lock:
                    rcv.processed.setdefault(key, body)
                self.reply(200)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d/hook" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def keys_for(self, sid):
        with self.lock:
            return [r for r in self.requests if r[3] and json.loads(r[1])["session"]["id"] == sid]

    def close(self):
        self.httpd.shutdown()


def verify(header, body, secret, tolerance=300):
    """What a receiver does (the same code as the example in docs/crm.md)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - t) > tolerance:
        return False
    want = hmac.new(secret.encode(), b"%d." % t + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts.get("v1", ""))


# ---- servers ----

def data_dir(tmp):
    """A data directory with the shipped files and one more template that auto-pushes."""
    for d in ("sql", "lexicons", "prompts", "crm"):
        os.symlink(os.path.join(SOURCE_DIR, d), os.path.join(tmp, d))
    os.mkdir(os.path.join(tmp, "templates"))
    for f in os.listdir(os.path.join(SOURCE_DIR, "templates")):
        shutil.copy(os.path.join(SOURCE_DIR, "templates", f), os.path.join(tmp, "templates"))
    with open(os.path.join(SOURCE_DIR, "templates", "sales_debrief.json")) as f:
        t = json.load(f)
    t["slug"] = "sales_debrief_auto"
    t["crm"] = {"auto_push": True}
    with open(os.path.join(tmp, "templates", "sales_debrief_auto.json"), "w") as f:
        json.dump(t, f)
    return tmp


def crm_env(receiver, ddir, **kw):
    env = {
        "DEBRIEF_DATA_DIR": ddir,
        "DEBRIEF_CRM_WEBHOOK_URL": receiver.url,
        "DEBRIEF_CRM_WEBHOOK_SECRET": SECRET,
        "DEBRIEF_CRM_TARGET": "hubspot",
        "DEBRIEF_CRM_TIMEOUT_MS": str(TIMEOUT_MS),
        "DEBRIEF_CRM_CONNECT_TIMEOUT_MS": "500",
        "DEBRIEF_CRM_MAX_ATTEMPTS": "5",
        "DEBRIEF_CRM_BACKOFF_BASE_MS": "100",
        "DEBRIEF_CRM_BACKOFF_MAX_MS": "400",
        "DEBRIEF_CRM_POLL_MS": "100",
        "DEBRIEF_CRM_WORKERS": "2",
    }
    env.update(kw)
    return env


@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def ddir():
    tmp = tempfile.mkdtemp(prefix="debrief-crm-")
    yield data_dir(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def db_url():
    return db_url_for("it_crm")


@pytest.fixture(scope="module")
def server(receiver, ddir, db_url):
    srv = Server(db_url, env=crm_env(receiver, ddir), log_name="it_crm").start()
    yield srv
    code = srv.stop()
    assert code == 0, "server did not shut down cleanly:\n" + srv.read_log()


def client(server, role="member", team="team-a", uid=None):
    uid = uid or "%s-%s" % (role, uuid.uuid4().hex[:8])
    c = Client(server, server.token(uid, role, team))
    c.user_id = uid
    c.export = egrpc.ExportServiceStub(c.channel)
    return c


@pytest.fixture(scope="module")
def owner(server):
    c = client(server)
    yield c
    c.close()


@pytest.fixture(scope="module")
def admin(server):
    c = client(server, "admin", "ops")
    yield c
    c.close()


def completed(c, template="sales_debrief"):
    """A session with one answer, completed on request."""
    s = c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=template, subject=types.Subject(kind="meeting", key="account:acme",
                                                      title="Acme pilot"))).session
    c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=s.id, client_msg_id="a1",
        text="It went well: they agreed to a pilot. Budget is $180k and they decide by "
             "end of November."))
    done = c.call(c.sessions.CompleteSession, spb.CompleteSessionRequest(session_id=s.id))
    assert done.session.state == types.SESSION_STATE_COMPLETED
    return done.session


def wait_status(c, sid, status, timeout=20):
    deadline = time.time() + timeout
    while True:
        r = c.call(c.export.PushToCrm, epb.PushToCrmRequest(session_id=sid))
        if r.status == status or time.time() > deadline:
            return r
        time.sleep(0.1)


def code_of(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details()


# ---- the payload ----

def test_payload_of_a_completed_debrief_uses_the_mapping(owner):
    s = completed(owner)
    p = owner.call(owner.export.GetCrmPayload, epb.GetCrmPayloadRequest(session_id=s.id))
    payload = json_format.MessageToDict(p.payload)
    assert payload["schema"] == "debrief.crm.v1" and payload["target"] == "hubspot"
    assert payload["session"]["id"] == s.id
    assert payload["subject"]["key"] == "account:acme"
    fields = payload["fields"]
    # crm/sales_debrief.hubspot.json renames budget to amount; unmapped keys never appear.
    assert "amount" in fields and "budget" not in fields, fields.keys()
    assert fields["amount"]["key"] == "budget"
    assert fields["amount"]["value"]["amount"] == 180000
    assert 0 < fields["amount"]["confidence"] <= 1
    assert fields["amount"]["evidence_seqs"] and fields["amount"]["source"] in ("rule", "llm")
    assert isinstance(payload["next_steps"], list) and "summary" in payload


def test_payload_and_push_need_a_completed_session(owner):
    s = owner.call(owner.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief")).session
    for m, req in ((owner.export.GetCrmPayload, epb.GetCrmPayloadRequest(session_id=s.id)),
                   (owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))):
        code, d = code_of(lambda: owner.call(m, req))
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "COMPLETED" in d, d
        code, d = code_of(lambda: owner.call(m, type(req)(session_id="nope")))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "session_id" in d


def test_who_may_read_and_push(server, owner):
    s = completed(owner)
    others = [client(server, "member", "team-a"), client(server, "manager", "team-b")]
    try:
        for c in others:
            for m, req in ((c.export.GetCrmPayload, epb.GetCrmPayloadRequest(session_id=s.id)),
                           (c.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))):
                code, d = code_of(lambda: c.call(m, req))
                assert code == grpc.StatusCode.NOT_FOUND and owner.user_id not in d
            for m, req in ((c.export.ListCrmDeliveries, epb.ListCrmDeliveriesRequest()),
                           (c.export.RetryCrmDelivery,
                            epb.RetryCrmDeliveryRequest(push_id=str(uuid.uuid4())))):
                assert code_of(lambda: c.call(m, req))[0] == grpc.StatusCode.PERMISSION_DENIED
    finally:
        for c in others:
            c.close()
    mgr = client(server, "manager", "team-a")
    try:
        p = mgr.call(mgr.export.GetCrmPayload, epb.GetCrmPayloadRequest(session_id=s.id))
        assert p.payload["session"]["id"] == s.id
    finally:
        mgr.close()


# ---- delivery ----

def test_push_is_signed_idempotent_and_delivered_once(owner, receiver):
    s = completed(owner)
    first = owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))
    assert first.push_id and first.delivery.idempotency_key == "%s:v%d" % (s.id, s.version)
    assert first.session.id == s.id and first.delivery.trigger == "manual"
    again = owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))
    assert again.push_id == first.push_id
    done = wait_status(owner, s.id, epb.PUSH_STATUS_DELIVERED)
    assert done.status == epb.PUSH_STATUS_DELIVERED and done.http_status == 200
    assert done.attempts == 1 and done.push_id == first.push_id
    reqs = receiver.keys_for(s.id)
    assert len(reqs) == 1 and reqs[0][0] == first.delivery.idempotency_key
    got = json.loads(reqs[0][1])
    want = owner.call(owner.export.GetCrmPayload, epb.GetCrmPayloadRequest(session_id=s.id))
    assert got == json_format.MessageToDict(want.payload), "the pushed body is the payload"
    assert receiver.bad_signatures == 0


def test_500_timeout_and_429_retry_after_then_delivered(owner, receiver):
    s_id = completed(owner).id
    receiver.plans[s_id] = [("status", 500), ("sleep", TIMEOUT_MS / 1000 + 1),
                            ("status", 429, [("Retry-After", "2")])]
    r = owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s_id))
    done = wait_status(owner, s_id, epb.PUSH_STATUS_DELIVERED, timeout=30)
    assert done.status == epb.PUSH_STATUS_DELIVERED, done
    assert done.attempts == 4 and done.push_id == r.push_id
    reqs = receiver.keys_for(s_id)
    assert len(reqs) == 4 and len({k for k, *_ in reqs}) == 1
    assert len({b for _, b, *_ in reqs}) == 1, "every attempt sends the same bytes"
    # Retry-After: 2 is honoured: the attempt after the 429 waits at least 2 s.
    assert reqs[3][2] - reqs[2][2] >= 1.9, [r[2] for r in reqs]
    assert receiver.processed[reqs[0][0]] == reqs[0][1]


def test_dead_letter_list_and_admin_retry(owner, admin, receiver):
    s_id = completed(owner).id
    receiver.plans[s_id] = [("status", 503)] * 5
    owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s_id))
    dead = wait_status(owner, s_id, epb.PUSH_STATUS_FAILED, timeout=30)
    assert dead.status == epb.PUSH_STATUS_FAILED and dead.attempts == 5
    assert dead.http_status == 503 and "gave up after 5 attempts" in dead.delivery.last_error
    listed = admin.call(admin.export.ListCrmDeliveries, epb.ListCrmDeliveriesRequest(
        statuses=[epb.PUSH_STATUS_FAILED], session_id=s_id)).deliveries
    assert [d.push_id for d in listed] == [dead.push_id]
    assert listed[0].owner_id == owner.user_id
    r = admin.call(admin.export.RetryCrmDelivery, epb.RetryCrmDeliveryRequest(
        push_id=dead.push_id)).delivery
    assert r.status == epb.PUSH_STATUS_PENDING and r.attempts == 0
    done = wait_status(owner, s_id, epb.PUSH_STATUS_DELIVERED)
    assert done.status == epb.PUSH_STATUS_DELIVERED and done.attempts == 1
    code, d = code_of(lambda: admin.call(admin.export.RetryCrmDelivery,
                                         epb.RetryCrmDeliveryRequest(push_id=dead.push_id)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "already delivered" in d
    code, _ = code_of(lambda: admin.call(admin.export.RetryCrmDelivery,
                                         epb.RetryCrmDeliveryRequest(push_id=str(uuid.uuid4()))))
    assert code == grpc.StatusCode.NOT_FOUND
    # Paging: one page of one, then the next.
    page = admin.call(admin.export.ListCrmDeliveries, epb.ListCrmDeliveriesRequest(page_size=1))
    assert len(page.deliveries) == 1 and page.next_page_token
    nxt = admin.call(admin.export.ListCrmDeliveries, epb.ListCrmDeliveriesRequest(
        page_size=1, page_token=page.next_page_token))
    assert nxt.deliveries[0].push_id != page.deliveries[0].push_id


def test_attempts_are_counted_in_the_metrics(admin):
    from debrief.v1 import ops_service_pb2 as opb
    from debrief.v1 import ops_service_pb2_grpc as ogrpc
    text = ogrpc.OpsServiceStub(admin.channel).GetMetrics(
        opb.GetMetricsRequest(), metadata=admin.md, timeout=10).text
    counts = {}
    for line in text.splitlines():
        if line.startswith("debrief_crm_attempts_total{"):
            counts[line.split('"')[1]] = float(line.split()[-1])
    # The tests above delivered, retried and dead-lettered.
    assert counts.get("delivered", 0) >= 2 and counts.get("retry", 0) >= 3, counts
    assert counts.get("dead", 0) >= 1, counts
    assert "debrief_crm_attempt_duration_seconds_count" in text


def test_a_refusal_is_a_dead_letter_at_once(owner, receiver):
    s_id = completed(owner).id
    receiver.plans[s_id] = [("status", 400)]
    owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s_id))
    dead = wait_status(owner, s_id, epb.PUSH_STATUS_FAILED)
    assert dead.attempts == 1 and dead.http_status == 400 and "refused" in dead.delivery.last_error


def test_completion_pushes_when_the_template_says_so(owner, receiver):
    s = completed(owner, template="sales_debrief_auto")
    deadline = time.time() + 15
    while not receiver.keys_for(s.id) and time.time() < deadline:
        time.sleep(0.1)
    reqs = receiver.keys_for(s.id)
    assert len(reqs) == 1, "the completion did not push"
    r = owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))
    assert r.delivery.trigger == "auto" and r.delivery.idempotency_key == reqs[0][0]
    assert r.delivery.session_version == s.version
    # A plain template does not push by itself.
    plain = completed(owner)
    time.sleep(0.5)
    assert not receiver.keys_for(plain.id)


def test_a_template_made_over_the_api_can_push_on_completion(owner, admin, receiver):
    from debrief.v1 import template_service_pb2 as tpb
    slug = "crm_api_" + uuid.uuid4().hex[:6]
    t = types.Template(slug=slug, title="CRM over the API", opening="How did it go?",
                       fields=[types.TemplateField(key="outcome", type=types.FIELD_TYPE_TEXT,
                                                   required=True, ask="What came out of it?")],
                       crm=types.TemplateCrm(auto_push=True))
    made = admin.call(admin.templates.CreateTemplate, tpb.CreateTemplateRequest(template=t))
    assert made.template.crm.auto_push
    got = admin.call(admin.templates.GetTemplate, tpb.GetTemplateRequest(slug=slug))
    assert got.template.crm.auto_push
    s = owner.call(owner.sessions.CreateSession, spb.CreateSessionRequest(template_slug=slug)).session
    owner.call(owner.sessions.ResumeSession, spb.ResumeSessionRequest(session_id=s.id))
    s = owner.call(owner.sessions.CompleteSession, spb.CompleteSessionRequest(session_id=s.id)).session
    deadline = time.time() + 15
    while not receiver.keys_for(s.id) and time.time() < deadline:
        time.sleep(0.1)
    assert len(receiver.keys_for(s.id)) == 1
    # Updating without the block turns it off for the next version.
    t.crm.auto_push = False
    up = admin.call(admin.templates.UpdateTemplate, tpb.UpdateTemplateRequest(template=t))
    assert not up.template.HasField("crm") and up.template.version == 2


def test_an_interview_completed_by_its_answers_pushes_once(owner, receiver):
    """The engine's completion (not CompleteSession) enqueues at the final version too."""
    with open(os.path.join(SOURCE_DIR, "tests", "eval", "cases", "debrief-sample-1.json")) as f:
        case = json.load(f)
    s = owner.call(owner.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief_auto", subject=types.Subject(
            kind="meeting", key="account:" + uuid.uuid4().hex[:8], title="Sample"))).session
    texts = [case["opening"]] + [a["text"] for a in case["answers"].values()]
    r = None
    for i, text in enumerate(texts + ["That's all I have."]):
        r = owner.call(owner.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=s.id, client_msg_id="m%d" % i, text=text))
        if r.HasField("completed"):
            break
    assert r.HasField("completed")
    push = owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=s.id))
    assert push.delivery.trigger == "auto", "PushToCrm made a second delivery"
    assert push.delivery.session_version == r.session.version
    assert wait_status(owner, s.id, epb.PUSH_STATUS_DELIVERED).status == \
        epb.PUSH_STATUS_DELIVERED
    assert len(receiver.keys_for(s.id)) == 1


def test_a_slow_endpoint_never_delays_turns(owner, receiver):
    sids = [completed(owner).id for _ in range(3)]
    for sid in sids:
        receiver.plans[sid] = [("sleep", 1.2)]
        owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=sid))
    time.sleep(0.3)  # both workers are now inside a slow request
    s = owner.call(owner.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief")).session
    t0 = time.time()
    owner.call(owner.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=s.id, client_msg_id="t1", text="They want a pilot on 40 trucks."))
    took = time.time() - t0
    print("\nFIGURE crm.slow_endpoint turn_ms=%.1f" % (took * 1000))
    assert took < 0.8, "a turn took %.2f s while the CRM endpoint was slow" % took
    for sid in sids:
        assert wait_status(owner, sid, epb.PUSH_STATUS_DELIVERED).status == \
            epb.PUSH_STATUS_DELIVERED


def test_two_instances_never_deliver_one_row_at_once(server, owner, receiver, ddir, db_url):
    other = Server(db_url, env=crm_env(receiver, ddir), log_name="it_crm_b").start()
    try:
        sids = [completed(owner).id for _ in range(8)]
        for sid in sids:
            receiver.plans[sid] = [("sleep", 0.2)]
            owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(session_id=sid))
        for sid in sids:
            assert wait_status(owner, sid, epb.PUSH_STATUS_DELIVERED).status == \
                epb.PUSH_STATUS_DELIVERED
        for sid in sids:
            assert len(receiver.keys_for(sid)) == 1, sid
        # (A request that timed out in an earlier test may overlap its own retry: that
        # is one sender giving up, not two senders at once.)
        assert not [k for k in receiver.overlaps if k.split(":")[0] in sids]
        # Both instances took part: each one's log has attempts at these deliveries.
        for srv in (server, other):
            with open(srv.log_path) as f:
                lines = [json.loads(x) for x in f if '"crm.attempt"' in x]
            mine = {x["delivery"] for x in lines}
            ids = {owner.call(owner.export.PushToCrm, epb.PushToCrmRequest(
                session_id=sid)).push_id for sid in sids}
            assert mine & ids, "instance %s delivered none of them" % srv.addr
    finally:
        assert other.stop() == 0, other.read_log()


def test_killed_mid_delivery_redelivers_the_same_key_once(receiver, ddir):
    url = db_url_for("it_crm_kill")
    env = crm_env(receiver, ddir, DEBRIEF_CRM_WORKERS="1")
    first = Server(url, env=env, log_name="it_crm_kill1").start()
    second = None
    try:
        c = client(first)
        s_id = completed(c).id
        receiver.held.clear()
        receiver.release.clear()
        receiver.plans[s_id] = [("hold",)]
        c.call(c.export.PushToCrm, epb.PushToCrmRequest(session_id=s_id))
        assert receiver.held.wait(10), "the push never reached the receiver"
        c.close()
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait()
        receiver.release.set()  # the receiver processes it; the sender never hears back
        t_kill = time.time()
        second = Server(url, env=env, log_name="it_crm_kill2").start()
        c = client(second, uid=None)
        admin = client(second, "admin", "ops")
        deadline = time.time() + LEASE_S + 15
        while time.time() < deadline:
            d = admin.call(admin.export.ListCrmDeliveries, epb.ListCrmDeliveriesRequest(
                session_id=s_id)).deliveries[0]
            if d.status == epb.PUSH_STATUS_DELIVERED:
                break
            time.sleep(0.2)
        assert d.status == epb.PUSH_STATUS_DELIVERED and d.attempts == 2, d
        reqs = receiver.keys_for(s_id)
        assert len(reqs) == 2 and reqs[0][0] == reqs[1][0] == d.idempotency_key
        assert reqs[0][1] == reqs[1][1]
        assert reqs[1][2] - t_kill < LEASE_S + 5
        assert list(receiver.processed).count(d.idempotency_key) == 1
        c.close()
        admin.close()
    finally:
        receiver.release.set()
        if first.proc.poll() is None:
            first.proc.kill()
        if second:
            assert second.stop() == 0, second.read_log()


def test_bad_settings_stop_start_up(receiver, ddir, db_url):
    for env, needle in (({"DEBRIEF_CRM_WEBHOOK_SECRET": "short"}, "DEBRIEF_CRM_WEBHOOK_SECRET"),
                        ({"DEBRIEF_CRM_WEBHOOK_URL": "ftp://x"}, "DEBRIEF_CRM_WEBHOOK_URL"),
                        ({"DEBRIEF_CRM_MAX_ATTEMPTS": "0"}, "DEBRIEF_CRM_MAX_ATTEMPTS"),
                        ({"DEBRIEF_CRM_TARGET": "Bad Target"}, "target")):
        srv = Server(db_url, env=crm_env(receiver, ddir, **env), log_name="it_crm_bad")
        with pytest.raises(RuntimeError) as e:
            srv.start(timeout=15)
        assert needle in str(e.value), str(e.value)[-2000:]
        assert SECRET not in open(srv.log_path).read()
