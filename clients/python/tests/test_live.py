"""The Python SDK against the real server: sessions and pages, whole
interviews through Interview and AsyncInterview with the connection cut
under them, token refresh, deadlines and takeover."""
import asyncio
import time
import uuid

import grpc
import pytest

import debrief
from debrief.v1 import types_pb2 as tpb

from conftest import ADDR, DIRECT, TOKEN, SimUser, control, subject


def token(refresh):
    return TOKEN


def new_key():
    return "account:sdk-py-" + uuid.uuid4().hex[:8]


def test_sessions_and_pages(case):
    with debrief.Client(ADDR, token) as c:
        key = new_key()
        rid = uuid.uuid4().hex
        first = c.create_session("sales_debrief", subject(case, key), request_id=rid)
        again = c.create_session("sales_debrief", subject(case, key), request_id=rid)
        assert again.id == first.id  # a retried create returns the same session
        made = {first.id} | {c.create_session("sales_debrief", subject(case, key)).id
                             for _ in range(4)}
        assert len(made) == 5
        got = c.get_session(first.id)
        assert got.subject.key == key and got.state == tpb.SESSION_STATE_CREATED
        listed = [s.id for s in c.list_sessions(page_size=2, subject_key=key)]
        assert sorted(listed) == sorted(made)  # three pages of 2, 2 and 1
        with pytest.raises(debrief.DebriefError) as e:
            c.get_session(str(uuid.uuid4()))
        assert e.value.code == grpc.StatusCode.NOT_FOUND


def check_stored_once(c, session_id, sent):
    """sent: {client_msg_id: text} of every answer given; the transcript holds
    each exactly once, under the id the SDK gave it, and nothing else."""
    answers = [m for m in c.session_history(session_id, page_size=7)
               if m.kind == tpb.MESSAGE_KIND_ANSWER]
    assert sorted(m.client_msg_id for m in answers) == sorted(sent)
    assert {m.client_msg_id: m.text for m in answers} == sent


def wait_stored(direct, session_id, text, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(m.text == text for m in direct.session_history(session_id)):
            return
        time.sleep(0.05)
    raise AssertionError("the answer never reached the database: " + text)


def test_interview_survives_cuts(case):
    """A whole interview with three forced disconnects: an answer that never
    reached the server, one whose ack was lost after it was stored, and a cut
    while the user was thinking."""
    with debrief.Client(ADDR, token) as c, debrief.Client(DIRECT, token) as direct:
        sess = c.create_session("sales_debrief", subject(case, new_key()))
        user = SimUser(case)
        sent, acks, kinds = {}, [], set()
        before = control("/stats", "GET")
        with c.interview(sess.id) as iv:
            for ev in iv:
                kinds.add(type(ev).__name__)
                if isinstance(ev, debrief.Acked):
                    acks.append(ev.client_msg_id)
                elif isinstance(ev, debrief.Question):
                    text = user.reply(ev.target_fields)
                    if user.turn == 3:
                        control("/arm?mode=drop&marker=" + urllib_quote(text))
                    if user.turn == 5:
                        control("/arm?mode=blackhole&marker=" + urllib_quote(text))
                    sent[iv.answer(text)] = text
                    if user.turn == 5:
                        wait_stored(direct, sess.id, text)  # stored; its ack is lost
                        control("/cut")
                    if user.turn == 7:
                        control("/cut")
                elif isinstance(ev, debrief.Completed):
                    completed = ev
            assert iv.reconnects >= 3 and not iv.pending
        after = control("/stats", "GET")
        assert after["fired"] - before["fired"] == 2
        assert after["accepted"] - before["accepted"] >= 3  # three reconnections
        assert {"Opened", "Question", "Acked", "Extraction", "Completed", "Reconnecting"} <= kinds
        assert sorted(acks) == sorted(sent)  # one ack event per answer, none twice
        ex = completed.extracted
        assert ex["budget"]["amount"] == 180000 and ex["deal_stage"] == "proposal"
        assert "crm_payload" in completed.summary
        assert c.get_session(sess.id).state == tpb.SESSION_STATE_COMPLETED
        check_stored_once(c, sess.id, sent)


def urllib_quote(s):
    import urllib.parse
    return urllib.parse.quote(s, safe="")


async def test_async_interview_survives_cuts(case):
    async with debrief.AsyncClient(ADDR, token) as c:
        sess = await c.create_session("sales_debrief", subject(case, new_key()))
        user = SimUser(case)
        sent, acks = {}, []
        completed = None
        async with c.interview(sess.id) as iv:
            async for ev in iv:
                if isinstance(ev, debrief.Acked):
                    acks.append(ev.client_msg_id)
                elif isinstance(ev, debrief.Question):
                    text = user.reply(ev.target_fields)
                    if user.turn in (2, 6):
                        await asyncio.to_thread(control, "/arm?mode=drop&marker=" +
                                                urllib_quote(text))
                    sent[await iv.answer(text)] = text
                    if user.turn == 4:
                        await asyncio.to_thread(control, "/cut")
                elif isinstance(ev, debrief.Completed):
                    completed = ev
            assert iv.reconnects >= 3 and not iv.pending
        assert completed is not None and completed.extracted["deal_stage"] == "proposal"
        assert sorted(acks) == sorted(sent)
        answers = [m async for m in c.session_history(sess.id)
                   if m.kind == tpb.MESSAGE_KIND_ANSWER]
        assert {m.client_msg_id: m.text for m in answers} == sent
        assert len(answers) == len(sent)


def test_refused_control_is_a_rejected_event(case):
    """Pausing a paused session is refused with a Rejected event (code 9,
    FAILED_PRECONDITION) and the stream stays open: the interview goes on."""
    with debrief.Client(ADDR, token) as c:
        s = c.create_session("sales_debrief", subject(case, new_key()))
        rejected, acked, cid, step = [], [], None, 0
        with c.interview(s.id) as iv:
            for ev in iv:
                if step == 0 and isinstance(ev, debrief.Question):
                    iv.pause()
                    step = 1
                elif step == 1 and isinstance(ev, debrief.StateChanged):
                    assert ev.state == tpb.SESSION_STATE_PAUSED
                    iv.pause()  # again: refused, the stream stays open
                    step = 2
                elif step == 2 and isinstance(ev, debrief.Rejected):
                    rejected.append(ev)
                    iv.resume()
                    step = 3
                elif step == 3 and isinstance(ev, debrief.StateChanged):
                    assert ev.state == tpb.SESSION_STATE_ACTIVE
                    cid = iv.answer("Northwind, we met their CFO on Tuesday.")
                    step = 4
                elif step == 4 and isinstance(ev, debrief.Acked):
                    acked.append(ev.client_msg_id)
                    break
            assert iv.reconnects == 0 and not iv.pending
        assert len(rejected) == 1
        r = rejected[0]
        assert r.code == grpc.StatusCode.FAILED_PRECONDITION.value[0] and r.seq == 0
        assert r.frame == "control" and r.client_msg_id == "" and "PAUSED" in r.message
        assert acked == [cid]


async def test_async_refused_control_is_a_rejected_event(case):
    async with debrief.AsyncClient(ADDR, token) as c:
        s = await c.create_session("sales_debrief", subject(case, new_key()))
        rejected, acked, cid, step = [], [], None, 0
        async with c.interview(s.id) as iv:
            async for ev in iv:
                if step == 0 and isinstance(ev, debrief.Question):
                    await iv.pause()
                    step = 1
                elif step == 1 and isinstance(ev, debrief.StateChanged):
                    assert ev.state == tpb.SESSION_STATE_PAUSED
                    await iv.pause()
                    step = 2
                elif step == 2 and isinstance(ev, debrief.Rejected):
                    rejected.append(ev)
                    await iv.resume()
                    step = 3
                elif step == 3 and isinstance(ev, debrief.StateChanged):
                    assert ev.state == tpb.SESSION_STATE_ACTIVE
                    cid = await iv.answer("Northwind, we met their CFO on Tuesday.")
                    step = 4
                elif step == 4 and isinstance(ev, debrief.Acked):
                    acked.append(ev.client_msg_id)
                    break
            assert iv.reconnects == 0 and not iv.pending
        assert [(r.code, r.frame) for r in rejected] == [(9, "control")]
        assert "PAUSED" in rejected[0].message
        assert acked == [cid]


def test_token_refresh(case):
    """The provider is asked again with refresh=True after UNAUTHENTICATED."""
    calls = []

    def provider(refresh):
        calls.append(refresh)
        ttl = 600 if refresh else -60  # the cached token has expired
        return control("/token?ttl=%d" % ttl, "GET")["token"]

    with debrief.Client(ADDR, provider) as c:
        s = c.create_session("sales_debrief", subject(case, new_key()))
        assert calls == [False, True]
        calls.clear()
        with c.interview(s.id) as iv:
            for ev in iv:
                if isinstance(ev, debrief.Question):
                    break
        assert calls == [False, True]


def test_deadline_and_errors(case):
    with debrief.Client(ADDR, token) as c:
        s = c.create_session("sales_debrief", subject(case, new_key()))
        # The request reaches the server, its reply never comes back.
        control("/arm?mode=blackhole&marker=" + s.id)
        started = time.monotonic()
        with pytest.raises(debrief.DebriefError) as e:
            c.get_session(s.id, timeout=0.5)
        assert e.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
        assert 0.5 <= time.monotonic() - started < 3
        control("/cut")
        assert c.get_session(s.id).id == s.id  # and the client recovers
        with pytest.raises(debrief.DebriefError) as e:
            c.create_session("no_such_template", subject(case, new_key()))
        assert e.value.code in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT)
    with debrief.Client(ADDR, None) as anon:
        with pytest.raises(debrief.DebriefError) as e:
            anon.get_session(s.id)
        assert e.value.code == grpc.StatusCode.UNAUTHENTICATED


def test_takeover_stops_the_older_interview(case):
    with debrief.Client(ADDR, token) as c:
        s = c.create_session("sales_debrief", subject(case, new_key()))
        first = c.interview(s.id)
        events = iter(first)
        assert isinstance(next(events), debrief.Opened)
        with c.interview(s.id) as second:
            assert isinstance(next(iter(second)), debrief.Opened)
            seen = []
            with pytest.raises(debrief.TakenOverError):
                for ev in events:
                    seen.append(ev)
            assert any(isinstance(ev, debrief.Warning) and ev.kind_name == "TAKEN_OVER"
                       for ev in seen)
            assert first.reconnects == 0  # it did not fight back
