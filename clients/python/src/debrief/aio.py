"""The asyncio client: the same API as debrief.Client, with await and async for."""
from __future__ import annotations

import asyncio
import inspect
from typing import AsyncIterator, Optional, Sequence

import grpc
import grpc.aio

from debrief._common import (Backoff, Deadline, DebriefError, Retry, Token, channel_options,
                             create_request, list_request, metadata, token_fn)
from debrief._protocol import Event, InterviewProtocol, Reconnecting, new_client_msg_id
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import conversation_service_pb2_grpc as cgrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import session_service_pb2_grpc as sgrpc
from debrief.v1 import types_pb2 as tpb


class AsyncClient:
    """debrief.Client for asyncio. The token callback may be sync or async."""

    def __init__(self, target: str, token: Token = None, *, timeout: float = 10.0,
                 credentials: Optional[grpc.ChannelCredentials] = None,
                 backoff: Optional[Backoff] = None, keepalive_s: Optional[float] = None):
        opts = channel_options(keepalive_s=keepalive_s)
        if credentials is not None:
            self.channel = grpc.aio.secure_channel(target, credentials, options=opts)
        else:
            self.channel = grpc.aio.insecure_channel(target, options=opts)
        self.timeout = timeout
        self.backoff = backoff or Backoff()
        self._token_fn = token_fn(token)
        self.sessions = sgrpc.SessionServiceStub(self.channel)
        self.conversation = cgrpc.ConversationServiceStub(self.channel)

    async def _metadata(self, refresh: bool):
        tok = self._token_fn(refresh)
        if inspect.isawaitable(tok):
            tok = await tok
        return metadata(tok)

    async def close(self) -> None:
        await self.channel.close()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def call(self, method, request, timeout: Optional[float] = None):
        """Calls any unary stub method the SDK's way (deadline, retries, refresh)."""
        deadline = Deadline(self.timeout if timeout is None else timeout)
        retry = Retry(self.backoff)
        while True:
            try:
                return await method(request, metadata=await self._metadata(retry.refresh),
                                    timeout=deadline.remaining())
            except grpc.RpcError as e:
                await asyncio.sleep(deadline.clip(retry.on_error(DebriefError.from_rpc(e))))

    async def create_session(self, template_slug: str, subject=None, *, template_version: int = 0,
                             request_id: Optional[str] = None,
                             timeout: Optional[float] = None) -> tpb.Session:
        req = create_request(template_slug, subject, template_version, request_id)
        return (await self.call(self.sessions.CreateSession, req, timeout)).session

    async def get_session(self, session_id: str, *,
                          timeout: Optional[float] = None) -> tpb.Session:
        return (await self.call(self.sessions.GetSession,
                                spb.GetSessionRequest(session_id=session_id), timeout)).session

    async def list_sessions(self, *, page_size: int = 50, states: Sequence[int] = (),
                            template_slug: str = "", subject_key: str = "", owner_id: str = "",
                            timeout: Optional[float] = None) -> AsyncIterator[tpb.Session]:
        req = list_request(page_size, states, template_slug, subject_key, owner_id)
        async for s in self._pages(self.sessions.ListSessions, req, "sessions", timeout):
            yield s

    async def session_history(self, session_id: str, *, after_seq: int = 0, page_size: int = 100,
                              timeout: Optional[float] = None) -> AsyncIterator[tpb.Message]:
        req = spb.GetSessionHistoryRequest(session_id=session_id, after_seq=after_seq,
                                           page_size=page_size)
        async for m in self._pages(self.sessions.GetSessionHistory, req, "messages", timeout):
            yield m

    async def _pages(self, method, req, items: str, timeout: Optional[float]):
        while True:
            resp = await self.call(method, req, timeout)
            for item in getattr(resp, items):
                yield item
            if not resp.next_page_token:
                return
            req.page_token = resp.next_page_token

    def interview(self, session_id: str, *, resume_after_seq: int = 0,
                  open_timeout: float = 10.0, id_factory=new_client_msg_id) -> "AsyncInterview":
        return AsyncInterview(self, session_id, resume_after_seq=resume_after_seq,
                              open_timeout=open_timeout, id_factory=id_factory)


class AsyncInterview:
    """debrief.Interview for asyncio: ``async for event in interview``."""

    def __init__(self, client: AsyncClient, session_id: str, *, resume_after_seq: int = 0,
                 open_timeout: float = 10.0, id_factory=new_client_msg_id):
        self.client = client
        self.open_timeout = open_timeout
        self.reconnects = 0
        self._p = InterviewProtocol(session_id, resume_after_seq, id_factory)
        self._call: Optional[grpc.aio.StreamStreamCall] = None
        self._wlock: Optional[asyncio.Lock] = None  # one write at a time on a call
        self._closed = False

    @property
    def last_seq(self) -> int:
        return self._p.last_seq

    @property
    def pending(self) -> list:
        return list(self._p.pending)

    async def _write(self, req) -> None:
        call = self._call
        if call is None:
            return
        if self._wlock is None:
            self._wlock = asyncio.Lock()
        try:
            async with self._wlock:
                await call.write(req)
        except Exception:  # noqa: BLE001 - a dead call refuses writes in several ways
            pass  # the reader sees the failure and reconnects; the answer stays pending

    async def answer(self, text: str, question_id: Optional[str] = None, *,
                     client_msg_id: Optional[str] = None) -> str:
        cid, req = self._p.answer(text, question_id, client_msg_id)
        if self._p.ready_to_send():
            await self._write(req)
        return cid

    async def _control(self, action: int) -> None:
        if self._call is None:
            raise DebriefError(grpc.StatusCode.UNAVAILABLE, "the stream is reconnecting")
        await self._write(self._p.control(action))

    async def pause(self) -> None:
        await self._control(cpb.CONTROL_ACTION_PAUSE)

    async def resume(self) -> None:
        await self._control(cpb.CONTROL_ACTION_RESUME)

    async def skip(self) -> None:
        await self._control(cpb.CONTROL_ACTION_SKIP)

    async def finish(self) -> None:
        await self._control(cpb.CONTROL_ACTION_FINISH)

    async def close(self) -> None:
        self._closed = True
        self._disconnect()

    async def __aenter__(self) -> "AsyncInterview":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    def _disconnect(self) -> None:
        if self._call is not None:
            self._call.cancel()
            self._call = None

    def __aiter__(self) -> AsyncIterator[Event]:
        return self.events()

    async def events(self) -> AsyncIterator[Event]:
        retry = Retry(self.client.backoff)
        while not self._closed:
            self._call = self.client.conversation.Converse(
                metadata=await self.client._metadata(retry.refresh))
            opened, err = False, None
            try:
                await self._write(self._p.open_request())
                while True:
                    read = self._call.read()
                    f = await (read if opened else asyncio.wait_for(read, self.open_timeout))
                    if f is grpc.aio.EOF:
                        raise DebriefError(grpc.StatusCode.UNAVAILABLE,
                                           "the server ended the stream")
                    if f.WhichOneof("frame") == "snapshot":
                        opened = True
                        retry.reset()
                    evs = self._p.on_frame(f)
                    for req in self._p.take_writes():
                        await self._write(req)
                    for ev in evs:
                        yield ev
                    if self._p.final:
                        await self.close()
                        return
                    if self._p.resync:
                        break
            except asyncio.TimeoutError:
                err = DebriefError(grpc.StatusCode.UNAVAILABLE,
                                   "no snapshot within %.1f s of opening" % self.open_timeout)
            except grpc.RpcError as e:
                err = DebriefError.from_rpc(e)
            except DebriefError as e:
                err = e
            except GeneratorExit:
                self._disconnect()
                raise
            self._disconnect()
            if self._closed:
                return
            if err is None:
                continue
            delay = self._p.after_error(err, retry)
            if delay:
                self.reconnects += 1
                yield Reconnecting(attempt=retry.attempt, delay=delay, error=str(err))
                await asyncio.sleep(delay)
