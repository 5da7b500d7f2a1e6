"""ExportService end to end (docs/export.md): ExportSession in every format
through the real server, ExportSessions streaming sessions and totals, the
RBAC of both per role, validation, one export through the gateway's REST
routes, and a 100,000-session export whose server memory stays flat."""
import base64
import csv
import io
import json
import os
import subprocess
import time
import uuid

import grpc
import httpx
import pytest
from google.protobuf import timestamp_pb2

from conftest import Gateway
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import export_service_pb2 as epb
from debrief.v1 import export_service_pb2_grpc as egrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from test_insights import complete_session
from test_insights import people as insight_people  # noqa: F401 (a fixture)

JSON, MARKDOWN, CSV, JSONL = (epb.EXPORT_FORMAT_JSON, epb.EXPORT_FORMAT_MARKDOWN,
                              epb.EXPORT_FORMAT_CSV, epb.EXPORT_FORMAT_JSONL)
HOSTILE = ('He said "no, thanks", then:\r\nline two\n\n[click](http://evil.example/x) '
           '![i](http://evil.example/i.png) <script>alert(1)</script> =SUM(A1) Zoë 東京 🚀')
BULK = 100000

# Under AddressSanitizer (scripts/test.sh --sanitize) freed memory waits in a
# 256 MB quarantine before reuse, which would read as growth in the flat-memory
# test; a small one keeps reuse prompt. Other builds ignore the variable.
os.environ["ASAN_OPTIONS"] = ":".join(
    x for x in (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=16") if x)


def code_of(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details()


def psql(server, sql):
    out = subprocess.run(["psql", server.env["DEBRIEF_DATABASE_URL"], "-v", "ON_ERROR_STOP=1",
                          "-qAtc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def rss_kib(server):
    """(VmRSS, VmHWM) of the server process in KiB."""
    vals = {}
    with open("/proc/%d/status" % server.proc.pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = int(v.split()[0])
    return vals["VmRSS"], vals["VmHWM"]


@pytest.fixture(scope="module")
def people(insight_people):
    """test_insights' owner (member, team-a) and the people around them, with export stubs."""
    for c in insight_people.values():
        c.export = egrpc.ExportServiceStub(c.channel)
    return insight_people


@pytest.fixture(scope="module")
def done(people):
    """A completed sales debrief of the owner, and what its interview returned."""
    return complete_session(people["owner"])


def export(client, sid, fmt, transcript=False):
    return client.call(client.export.ExportSession, epb.ExportSessionRequest(
        session_id=sid, format=fmt, include_transcript=transcript))


def stream(client, timeout=60, **kw):
    """The whole ExportSessions answer: (bytes, content types seen, chunks)."""
    chunks = list(client.export.ExportSessions(epb.ExportSessionsRequest(**kw),
                                               metadata=client.md, timeout=timeout))
    return b"".join(c.chunk for c in chunks), {c.content_type for c in chunks}, len(chunks)


# ---- ExportSession, every format ----

def test_json(people, done):
    sess, completed = done
    r = export(people["owner"], sess.id, JSON)
    assert r.content_type == "application/json"
    assert r.filename == "debrief-%s.json" % sess.id
    doc = json.loads(r.content)
    assert doc["format"] == "debrief.export.v1"
    assert doc["session"]["id"] == sess.id and doc["session"]["state"] == "COMPLETED"
    assert doc["session"]["create_time"].endswith("Z")
    assert doc["record"], "the record is empty"
    for key, e in doc["record"].items():
        assert 0 <= e["confidence"] <= 1 and e["evidence_seq"] >= 1, (key, e)
    assert set(doc["summary"]) >= {"overview", "next_steps", "crm_payload"}
    assert len(doc["insights"]) == len(completed.insights)
    assert "transcript" not in doc
    # The default format is JSON; the transcript only on request.
    r2 = export(people["owner"], sess.id, epb.EXPORT_FORMAT_UNSPECIFIED, transcript=True)
    doc2 = json.loads(r2.content)
    tr = doc2["transcript"]
    assert [m["seq"] for m in tr] == sorted(m["seq"] for m in tr)
    assert {m["kind"] for m in tr} <= {"question", "answer", "note", "summary"}
    assert tr[0]["role"] == "assistant" and tr[1]["role"] == "user"


def test_markdown(people, done):
    sess, _ = done
    r = export(people["owner"], sess.id, MARKDOWN, transcript=True)
    md = r.content.decode()
    assert r.content_type == "text/markdown; charset=utf-8" and r.filename.endswith(".md")
    assert md.startswith("# ")
    for heading in ("## Summary", "### Next steps", "## Fields", "## Transcript"):
        assert "\n%s\n" % heading in md, heading
    assert "\n- [ ] " in md, "next steps are not a checklist"


def test_csv(people, done):
    sess, _ = done
    r = export(people["owner"], sess.id, CSV)
    assert r.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.content.decode(), newline="")))
    assert rows[0] == ["session_id", "owner_id", "template_slug", "state", "create_time", "field",
                       "value", "confidence", "evidence_seq", "source"]
    doc = json.loads(export(people["owner"], sess.id, JSON).content)
    assert len(rows) - 1 == len(doc["record"])
    for row in rows[1:]:
        e = doc["record"][row[5]]
        v = e["value"]
        assert row[6] == (v if isinstance(v, str) else json.dumps(v, separators=(",", ":"),
                                                                  ensure_ascii=False))
        assert float(row[7]) == e["confidence"] and int(row[8]) == e["evidence_seq"]


def test_jsonl(people, done):
    sess, _ = done
    r = export(people["owner"], sess.id, JSONL)
    assert r.content_type == "application/x-ndjson"
    lines = r.content.decode().split("\n")
    assert lines[-1] == ""
    msgs = [json.loads(x) for x in lines[:-1]]
    hist = people["owner"].call(people["owner"].sessions.GetSessionHistory,
                                spb.GetSessionHistoryRequest(session_id=sess.id, page_size=500))
    assert len(msgs) == len(hist.messages)
    assert [m["seq"] for m in msgs] == [m.seq for m in hist.messages]
    assert all(m["session_id"] == sess.id for m in msgs)


def test_hostile_text(server, people):
    """An answer full of CSV and Markdown syntax: CSV keeps it intact, Markdown shows it as
    text (no link, image or HTML), JSON lines carry it byte for byte."""
    owner = people["owner"]
    s = owner.call(owner.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief", subject=types.Subject(
            kind="meeting", key="account:hostile", title="<b>x</b> [y](http://evil.example)")))
    owner.call(owner.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=s.session.id, client_msg_id="h1", text=HOSTILE))
    # A stored value with everything CSV must quote, as a person's correction would hold it.
    psql(server, "UPDATE sessions SET record = record || jsonb_build_object('objections', "
         "jsonb_build_object('value', %s::text, 'confidence', 0.5, 'evidence_seq', 2, "
         "'source', 'user')) WHERE id = '%s'" % ("$h$" + HOSTILE + "$h$", s.session.id))
    rows = list(csv.reader(io.StringIO(export(owner, s.session.id, CSV).content.decode(),
                                       newline="")))
    assert [r[6] for r in rows if r[5] == "objections"] == [HOSTILE]
    md = export(owner, s.session.id, MARKDOWN, transcript=True).content.decode()
    for bad in ("<script", "<b>", "](http", "![", "[click]"):
        assert bad not in md, bad
    assert "&lt;script&gt;" in md and "Zoë 東京 🚀" in md
    lines = export(owner, s.session.id, JSONL).content.decode().splitlines()
    assert HOSTILE in [json.loads(x)["text"] for x in lines]


# ---- RBAC ----

def test_rbac_single(people, done):
    sid = done[0].id
    for who in ("owner", "manager", "admin"):
        assert json.loads(export(people[who], sid, JSON).content)["session"]["id"] == sid
    for who in ("teammate", "other_manager"):
        code, msg = code_of(lambda: export(people[who], sid, JSON))
        assert code == grpc.StatusCode.NOT_FOUND and sid in msg
    ch = people["owner"].channel  # no token
    code, _ = code_of(lambda: egrpc.ExportServiceStub(ch).ExportSession(
        epb.ExportSessionRequest(session_id=sid), timeout=10))
    assert code == grpc.StatusCode.UNAUTHENTICATED


def test_rbac_stream(people, done):
    owner_id = people["owner"].user_id
    def ids(who, **kw):
        body, ctypes, _ = stream(people[who], states=[types.SESSION_STATE_COMPLETED], **kw)
        assert ctypes == {"application/x-ndjson"}
        return {json.loads(x)["session"]["owner_id"] for x in body.decode().splitlines()}
    assert ids("owner") == {owner_id}
    assert ids("teammate") == set()
    assert owner_id in ids("manager") and owner_id in ids("admin")
    assert ids("other_manager") == set()
    assert ids("manager", owner_id=owner_id) == {owner_id}
    code, msg = code_of(lambda: stream(people["teammate"], owner_id=owner_id))
    assert code == grpc.StatusCode.PERMISSION_DENIED and people["teammate"].user_id in msg


# ---- validation ----

@pytest.mark.parametrize("req,needle", [
    (dict(format=9), "format must be an ExportFormat"),
    (dict(format=MARKDOWN), "not available for a streaming export"),
    (dict(format=JSON), "not available for a streaming export"),
    (dict(report=7), "report must be"),
    (dict(states=[0]), "states[0] must be a SessionState"),
    (dict(states=[9]), "states[0] must be a SessionState"),
    (dict(created_after=timestamp_pb2.Timestamp(seconds=2000),
          created_before=timestamp_pb2.Timestamp(seconds=1000)), "earlier than created_before"),
    (dict(created_after=timestamp_pb2.Timestamp(seconds=1, nanos=-1)), "created_after"),
    (dict(owner_id="x" * 200), "owner_id must be at most 128 bytes"),
    (dict(template_slug="s" * 100), "template_slug must be at most 64 bytes"),
])
def test_stream_validation(people, req, needle):
    code, msg = code_of(lambda: stream(people["admin"], **req))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and needle in msg, msg


def test_single_validation(people, done):
    a = people["owner"]
    for req, code_want, needle in [
            (dict(session_id="nope"), grpc.StatusCode.INVALID_ARGUMENT, "session_id"),
            (dict(session_id=""), grpc.StatusCode.INVALID_ARGUMENT, "session_id"),
            (dict(session_id=done[0].id, format=5), grpc.StatusCode.INVALID_ARGUMENT,
             "format must be an ExportFormat"),
            (dict(session_id=str(uuid.uuid4())), grpc.StatusCode.NOT_FOUND, "no session")]:
        code, msg = code_of(lambda: a.call(a.export.ExportSession,
                                           epb.ExportSessionRequest(**req)))
        assert code == code_want and needle in msg, (req, msg)


# ---- reports ----

def test_user_report_and_totals(server, people, done):
    owner = people["owner"]
    now = int(time.time())
    period = dict(owner_id=owner.user_id,
                  created_after=timestamp_pb2.Timestamp(seconds=now - 3600),
                  created_before=timestamp_pb2.Timestamp(seconds=now + 60))
    body, _, _ = stream(people["manager"], **period)
    got = [json.loads(x)["session"]["id"] for x in body.decode().splitlines()]
    want = psql(server, "SELECT id FROM sessions WHERE owner_id = '%s' ORDER BY created_at, id"
                % owner.user_id).split()
    assert got == want and done[0].id in got
    # An empty period is an empty export, with its content type.
    body, ctypes, n = stream(people["manager"], owner_id=owner.user_id,
                             created_before=timestamp_pb2.Timestamp(seconds=1000))
    assert body == b"" and ctypes == {"application/x-ndjson"} and n == 1
    # The system totals (admin) match the table, by template and state.
    body, _, _ = stream(people["admin"], report=epb.EXPORT_REPORT_TOTALS, format=CSV)
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
    want = psql(server, "SELECT template_slug || ':' || upper(state) || ':' || count(*) || ':' "
                "|| sum(turn_count) FROM sessions GROUP BY template_slug, state")
    assert sorted("%s:%s:%s:%s" % (r["template_slug"], r["state"], r["sessions"], r["turns"])
                  for r in rows) == sorted(want.split())
    # A member's totals are their own.
    body, _, _ = stream(owner, report=epb.EXPORT_REPORT_TOTALS)
    mine = [json.loads(x) for x in body.decode().splitlines()]
    assert sum(t["sessions"] for t in mine) == len(got)
    assert all(t["first_create_time"].endswith("Z") for t in mine)


def test_batches_break_ties_by_id(server, people):
    """Rows created in one statement share created_at: the keyset cursor (created_at, id)
    still sends each exactly once across batch boundaries (batches hold 100)."""
    owner = "ties-" + uuid.uuid4().hex[:8]
    psql(server, """
        INSERT INTO users (id, role, team_id) VALUES ('%(o)s', 'member', 'ties');
        INSERT INTO sessions (owner_id, team_id, template_slug, template_version, created_at)
        SELECT '%(o)s', 'ties', 'sales_debrief',
               (SELECT max(version) FROM templates WHERE slug = 'sales_debrief'),
               timestamptz '2026-01-01 00:00:00.123456+00'
        FROM generate_series(1, 250)""" % {"o": owner})
    body, _, _ = stream(people["admin"], owner_id=owner)
    docs = [json.loads(x) for x in body.decode().splitlines()]
    ids = [d["session"]["id"] for d in docs]
    assert len(ids) == 250 and len(set(ids)) == 250 and ids == sorted(ids)
    assert {d["session"]["create_time"] for d in docs} == {"2026-01-01T00:00:00.123456Z"}


# ---- the gateway ----

def test_gateway_routes(server, people, done):
    gw = Gateway(server).start()
    try:
        sid = done[0].id
        h = {"authorization": "Bearer " + server.token(people["owner"].user_id, "member",
                                                       "team-a")}
        with httpx.Client(base_url=gw.url, timeout=30) as http:
            r = http.get("/v1/sessions/%s:export?format=EXPORT_FORMAT_CSV" % sid, headers=h)
            assert r.status_code == 200, r.text
            b = r.json()
            assert b["contentType"] == "text/csv; charset=utf-8"
            assert base64.b64decode(b["content"]) == export(people["owner"], sid, CSV).content
            r = http.get("/v1/exports/sessions?states=SESSION_STATE_COMPLETED", headers=h)
            assert r.status_code == 200, r.text
            body = b"".join(base64.b64decode(json.loads(x)["result"].get("chunk", ""))
                            for x in r.text.splitlines())
            assert sid in {json.loads(x)["session"]["id"] for x in body.decode().splitlines()}
            r = http.get("/v1/exports/sessions?format=EXPORT_FORMAT_MARKDOWN", headers=h)
            assert r.status_code == 400, r.text
    finally:
        assert gw.stop() == 0


# ---- 100,000 sessions: flat memory, cancellation, the concurrency cap ----

@pytest.fixture(scope="module")
def bulk(server):
    """BULK sessions of one owner, seeded in SQL, each with a small record. The
    analytics triggers are off while seeding (session_replication_role, as
    bench/analytics/seed.sql does): they would fold each row into the rollups
    one by one, and nothing here reads analytics."""
    owner = "bulk-" + uuid.uuid4().hex[:8]
    psql(server, """
        SET session_replication_role = replica;
        INSERT INTO users (id, role, team_id) VALUES ('%(o)s', 'member', 'bulk');
        INSERT INTO sessions (owner_id, team_id, template_slug, template_version, subject_kind,
                              subject_key, subject_title, state, created_at, turn_count, record)
        SELECT '%(o)s', 'bulk', 'sales_debrief',
               (SELECT max(version) FROM templates WHERE slug = 'sales_debrief'),
               'meeting', 'account:bulk-' || (g %% 97), 'Bulk, "meeting" ' || g,
               CASE WHEN g %% 3 = 0 THEN 'completed' ELSE 'created' END,
               now() - g * interval '1 second', g %% 9,
               jsonb_build_object(
                 'meeting_outcome', jsonb_build_object('value', 'Outcome ' || g || E', with\\n"quotes"',
                   'confidence', 0.85, 'evidence_seq', 2, 'source', 'rule'),
                 'deal_stage', jsonb_build_object('value', 'proposal', 'confidence', 0.9,
                   'evidence_seq', 4, 'source', 'rule'))
        FROM generate_series(1, %(n)d) g;
        ANALYZE sessions;""" % {"o": owner, "n": BULK})
    return owner


def test_bulk_export_flat_memory(server, people, bulk):
    admin = people["admin"]
    rss0, _ = rss_kib(server)
    samples = []
    lines = 0
    buf = b""
    t0 = time.time()
    calls = admin.export.ExportSessions(epb.ExportSessionsRequest(owner_id=bulk),
                                        metadata=admin.md, timeout=120)
    for i, c in enumerate(calls):
        buf += c.chunk
        *done_lines, buf = buf.split(b"\n")
        for x in done_lines:
            json.loads(x)  # every line is a whole JSON document
        lines += len(done_lines)
        if i % 50 == 0:
            samples.append(rss_kib(server)[0])
    elapsed = time.time() - t0
    rss1, hwm = rss_kib(server)
    assert buf == b"" and lines == BULK
    growth = max(samples + [rss1]) - rss0
    print("bulk export: %d sessions in %.1f s; RSS %d KiB -> max %d KiB (+%d), HWM %d KiB"
          % (lines, elapsed, rss0, max(samples + [rss1]), growth, hwm))
    # Flat: one batch, one chunk and the send window, never the export.
    assert growth < 48 * 1024, samples
    assert elapsed < 60
    # CSV: one row per field, two fields each.
    body, _, _ = stream(admin, owner_id=bulk, format=CSV, timeout=120)
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert len(rows) == 1 + 2 * BULK
    outcomes = [r[6] for r in rows[1:3] if r[5] == "meeting_outcome"]
    assert len(outcomes) == 1 and outcomes[0].startswith("Outcome ")
    assert outcomes[0].endswith('with\n"quotes"')


def test_bulk_cancel_and_cap(server, people, bulk):
    """A client that stops reading holds the export (flow control), at most two run at once,
    and a cancelled export frees its slot."""
    admin = people["admin"]
    held = []
    for _ in range(2):
        it = admin.export.ExportSessions(epb.ExportSessionsRequest(owner_id=bulk),
                                         metadata=admin.md, timeout=60)
        next(it)  # started; now nobody reads
        held.append(it)
    rss_a, _ = rss_kib(server)
    time.sleep(1.0)
    rss_b, _ = rss_kib(server)
    assert rss_b - rss_a < 16 * 1024  # held exports wait, they do not buffer the rest
    code, msg = code_of(lambda: stream(admin, owner_id=bulk))
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED and "retry" in msg
    for it in held:
        it.cancel()
    deadline = time.time() + 10
    while True:  # the slots free once the loops see the cancellation
        try:
            body, _, _ = stream(admin, owner_id=bulk, states=[types.SESSION_STATE_COMPLETED])
            break
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and time.time() < deadline
            time.sleep(0.2)
    assert len(body.decode().splitlines()) == BULK // 3
    log = open(server.log_path).read()
    assert any('"export.finished"' in x and '"CANCELLED"' in x for x in log.splitlines())


def test_shutdown_ends_a_held_export(server, people, bulk):
    """Runs last: SIGTERM while an export waits on a client that reads nothing. The server
    cancels it after the grace period and exits cleanly, with no worker stuck."""
    admin = people["admin"]
    it = admin.export.ExportSessions(epb.ExportSessionsRequest(owner_id=bulk),
                                     metadata=admin.md, timeout=60)
    next(it)
    t0 = time.time()
    assert server.stop(timeout=30) == 0, server.read_log()
    assert time.time() - t0 < 20
    with pytest.raises(grpc.RpcError):
        for _ in it:
            pass
