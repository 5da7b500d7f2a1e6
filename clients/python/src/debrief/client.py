"""The synchronous client: sessions, pages, and the Interview over Converse."""
from __future__ import annotations

import queue
import threading
import time
from typing import Any, Iterator, Optional, Sequence

import grpc

from debrief._common import (Backoff, Deadline, DebriefError, Retry, Token, channel_options,
                             create_request, list_request, metadata, token_fn)
from debrief._protocol import Event, InterviewProtocol, Reconnecting, new_client_msg_id
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import conversation_service_pb2_grpc as cgrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import session_service_pb2_grpc as sgrpc
from debrief.v1 import types_pb2 as tpb


class Client:
    """A debrief client over one gRPC channel.

    target is "host:port"; token a bearer token or a callback
    ``token(refresh: bool) -> str``; timeout the default deadline in seconds
    of each unary call, retries included (override per call). Pass
    credentials=grpc.ssl_channel_credentials() for TLS.
    """

    def __init__(self, target: str, token: Token = None, *, timeout: float = 10.0,
                 credentials: Optional[grpc.ChannelCredentials] = None,
                 backoff: Optional[Backoff] = None, keepalive_s: Optional[float] = None,
                 channel: Optional[grpc.Channel] = None):
        opts = channel_options(keepalive_s=keepalive_s)
        if channel is not None:
            self.channel = channel
        elif credentials is not None:
            self.channel = grpc.secure_channel(target, credentials, options=opts)
        else:
            self.channel = grpc.insecure_channel(target, options=opts)
        self.timeout = timeout
        self.backoff = backoff or Backoff()
        self._token = token_fn(token)
        self.sessions = sgrpc.SessionServiceStub(self.channel)
        self.conversation = cgrpc.ConversationServiceStub(self.channel)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- unary calls: a deadline over all tries, retry on UNAVAILABLE, refresh on 401 ----

    def call(self, method, request, timeout: Optional[float] = None):
        """Calls any unary stub method (e.g. client.sessions.PauseSession) the SDK's way."""
        deadline = Deadline(self.timeout if timeout is None else timeout)
        retry = Retry(self.backoff)
        while True:
            try:
                return method(request, metadata=metadata(self._token(retry.refresh)),
                              timeout=deadline.remaining())
            except grpc.RpcError as e:
                time.sleep(deadline.clip(retry.on_error(DebriefError.from_rpc(e))))

    def create_session(self, template_slug: str, subject=None, *, template_version: int = 0,
                       request_id: Optional[str] = None,
                       timeout: Optional[float] = None) -> tpb.Session:
        """Creates a session; subject is a Subject or a dict {kind, key, title, attributes}."""
        req = create_request(template_slug, subject, template_version, request_id)
        return self.call(self.sessions.CreateSession, req, timeout).session

    def get_session(self, session_id: str, *, timeout: Optional[float] = None) -> tpb.Session:
        return self.call(self.sessions.GetSession, spb.GetSessionRequest(session_id=session_id),
                         timeout).session

    def list_sessions(self, *, page_size: int = 50, states: Sequence[int] = (),
                      template_slug: str = "", subject_key: str = "", owner_id: str = "",
                      timeout: Optional[float] = None) -> Iterator[tpb.Session]:
        """Every visible session, newest first, fetching pages as the iteration goes."""
        req = list_request(page_size, states, template_slug, subject_key, owner_id)
        return self._pages(self.sessions.ListSessions, req, "sessions", timeout)

    def session_history(self, session_id: str, *, after_seq: int = 0, page_size: int = 100,
                        timeout: Optional[float] = None) -> Iterator[tpb.Message]:
        """The persisted transcript in seq order, fetching pages as the iteration goes."""
        req = spb.GetSessionHistoryRequest(session_id=session_id, after_seq=after_seq,
                                           page_size=page_size)
        return self._pages(self.sessions.GetSessionHistory, req, "messages", timeout)

    def _pages(self, method, req, items: str, timeout: Optional[float]):
        """Each item of each page; the next page is fetched when the last is used up."""
        while True:
            resp = self.call(method, req, timeout)
            yield from getattr(resp, items)
            if not resp.next_page_token:
                return
            req.page_token = resp.next_page_token

    def interview(self, session_id: str, *, resume_after_seq: int = 0,
                  open_timeout: float = 10.0, id_factory=new_client_msg_id) -> "Interview":
        return Interview(self, session_id, resume_after_seq=resume_after_seq,
                         open_timeout=open_timeout, id_factory=id_factory)


_DONE = object()


class Interview:
    """One session's interview over Converse; iterate it for events.

    answer() may be called from any thread, also while disconnected: the
    answer is sent when the stream is back, with the same client_msg_id.
    Iteration ends after the Completed event (or at once when the session
    was already over); it raises TakenOverError when another stream took the
    session, and DebriefError when reconnecting fails for good.
    """

    def __init__(self, client: Client, session_id: str, *, resume_after_seq: int = 0,
                 open_timeout: float = 10.0, id_factory=new_client_msg_id):
        self.client = client
        self.open_timeout = open_timeout
        self.reconnects = 0
        self._p = InterviewProtocol(session_id, resume_after_seq, id_factory)
        self._lock = threading.Lock()
        self._out: Optional[queue.Queue] = None
        self._call: Any = None
        self._closed = False

    @property
    def last_seq(self) -> int:
        """Keep this to resume in another process (resume_after_seq)."""
        return self._p.last_seq

    @property
    def pending(self) -> list:
        """client_msg_ids of answers not acknowledged yet."""
        with self._lock:
            return list(self._p.pending)

    # ---- sending ----

    def answer(self, text: str, question_id: Optional[str] = None, *,
               client_msg_id: Optional[str] = None) -> str:
        """Sends an answer (to the current question unless question_id says
        otherwise); returns its client_msg_id."""
        with self._lock:
            cid, req = self._p.answer(text, question_id, client_msg_id)
            if self._out is not None and self._p.ready_to_send():
                self._out.put(req)
        return cid

    def _control(self, action: int) -> None:
        with self._lock:
            if self._out is None:
                raise DebriefError(grpc.StatusCode.UNAVAILABLE, "the stream is reconnecting")
            self._out.put(self._p.control(action))

    def pause(self) -> None:
        self._control(cpb.CONTROL_ACTION_PAUSE)

    def resume(self) -> None:
        self._control(cpb.CONTROL_ACTION_RESUME)

    def skip(self) -> None:
        self._control(cpb.CONTROL_ACTION_SKIP)

    def finish(self) -> None:
        self._control(cpb.CONTROL_ACTION_FINISH)

    def close(self) -> None:
        self._closed = True
        self._disconnect()

    def __enter__(self) -> "Interview":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- the stream ----

    def _connect(self, refresh: bool) -> None:
        out: queue.Queue = queue.Queue()
        with self._lock:
            out.put(self._p.open_request())
            self._out = out
        self._call = self.client.conversation.Converse(
            iter(out.get, _DONE), metadata=metadata(self.client._token(refresh)))

    def _disconnect(self) -> None:
        with self._lock:
            if self._out is not None:
                self._out.put(_DONE)
            self._out = None
        if self._call is not None:
            self._call.cancel()
            self._call = None

    def _next_frame(self, opened: bool):
        """The next frame; before the snapshot, within open_timeout."""
        if opened:
            return next(self._call)
        box: queue.Queue = queue.Queue()
        call = self._call

        def read():
            try:
                box.put(next(call))
            except BaseException as e:  # handed over to the iterating thread
                box.put(e)
        threading.Thread(target=read, daemon=True).start()
        try:
            got = box.get(timeout=self.open_timeout)
        except queue.Empty:
            call.cancel()
            raise DebriefError(grpc.StatusCode.UNAVAILABLE,
                               "no snapshot within %.1f s of opening" % self.open_timeout)
        if isinstance(got, BaseException):
            raise got
        return got

    def __iter__(self) -> Iterator[Event]:
        return self.events()

    def events(self) -> Iterator[Event]:
        retry = Retry(self.client.backoff)
        while not self._closed:
            self._connect(retry.refresh)
            opened, err = False, None
            try:
                while True:
                    f = self._next_frame(opened)
                    if f.WhichOneof("frame") == "snapshot":
                        opened = True
                        retry.reset()
                    with self._lock:
                        evs = self._p.on_frame(f)
                        out = self._out
                        for req in self._p.take_writes():
                            if out is not None:
                                out.put(req)
                        resync = self._p.resync
                    yield from evs
                    if self._p.final:
                        self.close()
                        return
                    if resync:
                        break
            except StopIteration:
                err = DebriefError(grpc.StatusCode.UNAVAILABLE, "the server ended the stream")
            except grpc.RpcError as e:
                err = DebriefError.from_rpc(e)
            except DebriefError as e:
                err = e
            except GeneratorExit:  # the caller stopped iterating; iterating again resumes
                self._disconnect()
                raise
            self._disconnect()
            if self._closed:
                return
            if err is None:  # a resync: reopen at once
                continue
            delay = self._p.after_error(err, retry)
            if delay:
                self.reconnects += 1
                yield Reconnecting(attempt=retry.attempt, delay=delay, error=str(err))
                time.sleep(delay)
