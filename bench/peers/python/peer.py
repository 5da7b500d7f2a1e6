"""peer.py - the Python peer of debrief for bench/run_peers.sh.

A grpc.aio server with an asyncpg pool, the stack a Python (Django-minded)
team would reach for, serving over debrief's own proto:

  debrief.v1.SessionService/GetSession      the same read as debrief's
  debrief.v1.ConversationService/SendMessage one durable answer turn

Both run the SQL in ../queries.sql (the same text the Go peer runs). The
turn is the statement sequence of one debrief answer turn with fixed
payloads (--payload, a JSON file bench/run_peers.sh writes from a real turn
of a real session): no extractor, no planner, no notifications, no logging
per call. See docs/benchmarks.md ("Peer servers").

Auth: the bearer token is verified as HS256 with DEBRIEF_JWT_SECRET (the
signature, alg and exp; the sub is the caller), as cheaply as Python can; no
nbf/iss/aud, role or team checks and no clock leeway.

  python peer.py --addr 127.0.0.1:0 --database-url URL --queries queries.sql \
      --payload payload.json [--pool 4] [--port-file FILE]

Generated stubs (debrief/v1/*_pb2*.py) must be on PYTHONPATH.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time

import asyncpg
import grpc
from google.protobuf import json_format, struct_pb2, timestamp_pb2

from debrief.v1 import conversation_service_pb2 as conv_pb
from debrief.v1 import conversation_service_pb2_grpc as conv_grpc
from debrief.v1 import session_service_pb2 as sess_pb
from debrief.v1 import session_service_pb2_grpc as sess_grpc
from debrief.v1 import types_pb2

STATES = {
    "created": types_pb2.SESSION_STATE_CREATED,
    "active": types_pb2.SESSION_STATE_ACTIVE,
    "paused": types_pb2.SESSION_STATE_PAUSED,
    "completed": types_pb2.SESSION_STATE_COMPLETED,
    "expired": types_pb2.SESSION_STATE_EXPIRED,
    "cancelled": types_pb2.SESSION_STATE_CANCELLED,
}
SOURCES = {
    "rule": types_pb2.EXTRACTION_SOURCE_RULE,
    "llm": types_pb2.EXTRACTION_SOURCE_LLM,
    "user": types_pb2.EXTRACTION_SOURCE_USER,
}
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MEMBER_SCOPE = 1  # dbf__viewer_scope for a member: sees only their own sessions


def load_queries(path):
    """The '-- name: X' sections of queries.sql, without comment lines."""
    out, name, lines = {}, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^-- name: (\w+)", line)
            if m:
                if name:
                    out[name] = "".join(lines).strip()
                name, lines = m.group(1), []
            elif name and not line.startswith("--"):
                lines.append(line)
    if name:
        out[name] = "".join(lines).strip()
    return out


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Auth:
    def __init__(self, secret):
        self.key = secret.encode()

    def caller(self, context):
        """The JWT sub, or None when the token is missing, badly signed or expired."""
        for k, v in context.invocation_metadata():
            if k == "authorization" and v.startswith("Bearer "):
                tok = v[7:]
                break
        else:
            return None
        parts = tok.split(".")
        if len(parts) != 3:
            return None
        try:
            header = json.loads(b64url(parts[0]))
            sig = b64url(parts[2])
            if header.get("alg") != "HS256":
                return None
            want = hmac.new(self.key, (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(want, sig):
                return None
            claims = json.loads(b64url(parts[1]))
        except (ValueError, TypeError):
            return None
        exp = claims.get("exp")
        sub = claims.get("sub")
        if not isinstance(exp, int) or exp <= time.time() or not isinstance(sub, str) or not sub:
            return None
        return sub


def ts(us):
    if us is None:
        return None
    return timestamp_pb2.Timestamp(seconds=us // 1000000, nanos=(us % 1000000) * 1000)


def question_pb(q):
    return types_pb2.Question(question_id=q.get("question_id", ""), seq=q.get("seq", 0),
                              text=q.get("text", ""), target_fields=q.get("target_fields", []),
                              follow_up=bool(q.get("follow_up")), engine=q.get("engine", ""))


def session_pb(r):
    s = types_pb2.Session(id=r[0], template_slug=r[1], template_version=r[2], owner_id=r[3],
                          team_id=r[4], state=STATES.get(r[9], 0), turn_count=r[16],
                          version=r[17], last_seq=r[18],
                          context_session_ids=[str(x) for x in (r[23] or [])],
                          end_reason=r[24] or "")
    s.subject.kind, s.subject.key, s.subject.title = r[5], r[6], r[7]
    attrs = json.loads(r[8]) if r[8] else {}
    if attrs:
        s.subject.attributes.update(attrs)
    for i, field in enumerate(("create_time", "update_time", "start_time", "complete_time",
                               "last_activity_time", "expire_time")):
        t = ts(r[10 + i])
        if t is not None:
            getattr(s, field).CopyFrom(t)
    record = json.loads(r[20]) if r[20] else {}
    for key, e in record.items():
        if not isinstance(e, dict):
            continue
        fv = s.extracted.add(key=key, confidence=float(e.get("confidence") or 0),
                             evidence_seq=int(e.get("evidence_seq") or 0),
                             source=SOURCES.get(e.get("source"), 0))
        json_format.ParseDict(e.get("value"), fv.value)
        if isinstance(e.get("updated_us"), int):
            fv.update_time.CopyFrom(ts(e["updated_us"]))
    if r[21]:
        summary = json.loads(r[21])
        if isinstance(summary, dict):
            s.summary.update(summary)
    if r[22]:
        q = json.loads(r[22])
        if isinstance(q, dict):
            s.pending_question.CopyFrom(question_pb(q))
    return s


class Peer(sess_grpc.SessionServiceServicer, conv_grpc.ConversationServiceServicer):
    def __init__(self, pool, auth, q, payload):
        self.pool, self.auth, self.q, self.p = pool, auth, q, payload

    async def GetSession(self, request, context):
        sub = self.auth.caller(context)
        if sub is None:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a valid bearer token is required")
        if not UUID_RE.match(request.session_id):
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "session_id must be a UUID")
        row = await self.pool.fetchrow(self.q["get_session"], sub, "", MEMBER_SCOPE,
                                       request.session_id)
        if row is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such session")
        return sess_pb.GetSessionResponse(session=session_pb(row))

    async def SendMessage(self, request, context):
        sub = self.auth.caller(context)
        if sub is None:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a valid bearer token is required")
        if not UUID_RE.match(request.session_id) or not request.client_msg_id or not request.text:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                "session_id (UUID), client_msg_id and text are required")
        p, q, sid = self.p, self.q, request.session_id
        async with self.pool.acquire() as con:
            async with con.transaction():
                await con.execute(q["set_timeout"], p["stmt_timeout"])
                s = await con.fetchrow(q["lock_session"], sub, sid)
                if s is None:
                    await context.abort(grpc.StatusCode.NOT_FOUND, "no such session")
                last = s["last_seq"]
                aseq, xseq, qseq = last + 1, last + 2, last + 3
                got = await con.fetchval(q["insert_answer"], sub, sid, aseq, request.text,
                                         request.question_id, p["answer_targets"],
                                         request.client_msg_id, p["answer_frame"])
                if got is None:  # a retry of a stored answer: nothing more to write
                    return conv_pb.SendMessageResponse(ack=conv_pb.Ack(
                        client_msg_id=request.client_msg_id, duplicate=True))
                await con.execute(q["push_extraction"], sub, sid, p["changed_json"])
                await con.fetchval(q["insert_extraction"], sub, sid, xseq, p["changed_keys"],
                                   p["extraction_frame"])
                await con.fetchval(q["insert_question"], sub, sid, qseq, p["question_text"],
                                   "q%d" % qseq, p["question_targets"], p["question_frame"])
                await con.execute(q["save_session"], sub, sid, s["record"], s["plan_state"],
                                  s["pending_question"], qseq, s["turn_count"] + 1,
                                  p["sess_state"], int(p["session_timeout"]),
                                  s["stream_epoch"], s["context_ids"] or "[]")
        return conv_pb.SendMessageResponse(
            ack=conv_pb.Ack(client_msg_id=request.client_msg_id, seq=aseq),
            next_question=types_pb2.Question(question_id="q%d" % qseq, seq=qseq,
                                             text=p["question_text"], engine="offline"))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", default="127.0.0.1:0")
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--payload", required=True)
    ap.add_argument("--pool", type=int, default=4)
    ap.add_argument("--port-file")
    a = ap.parse_args()
    if not a.addr.startswith("127.0.0.1:"):
        sys.exit("peer.py: --addr must be a 127.0.0.1 address")
    secret = os.environ.get("DEBRIEF_JWT_SECRET", "")
    if not secret:
        sys.exit("peer.py: DEBRIEF_JWT_SECRET is not set")
    with open(a.payload, encoding="utf-8") as f:
        payload = json.load(f)
    pool = await asyncpg.create_pool(a.database_url, min_size=a.pool, max_size=a.pool)
    server = grpc.aio.server()
    peer = Peer(pool, Auth(secret), load_queries(a.queries), payload)
    sess_grpc.add_SessionServiceServicer_to_server(peer, server)
    conv_grpc.add_ConversationServiceServicer_to_server(peer, server)
    port = server.add_insecure_port(a.addr)
    await server.start()
    if a.port_file:
        with open(a.port_file + ".tmp", "w", encoding="utf-8") as f:
            f.write("%d\n" % port)
        os.rename(a.port_file + ".tmp", a.port_file)
    print("peer.py: listening on 127.0.0.1:%d" % port, file=sys.stderr, flush=True)
    try:
        await server.wait_for_termination()
    finally:
        await server.stop(1)
        await pool.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
