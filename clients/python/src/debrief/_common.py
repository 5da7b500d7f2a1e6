"""What the sync and async clients share: options, errors, backoff, requests."""
from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional, Union

import grpc
from google.protobuf import struct_pb2

from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as tpb

# A token, or a callback returning one. The callback gets refresh=True after
# the server refused the last token (UNAUTHENTICATED), so it can fetch a new
# one instead of answering its cached copy; it is called before every call
# and every (re)connection, so it should cache.
TokenProvider = Callable[[bool], str]
Token = Union[str, TokenProvider, None]

# Statuses worth another try: the server or the network was away. Anything
# else is the caller's to handle (bad input, permissions, wrong state...).
RETRYABLE = (grpc.StatusCode.UNAVAILABLE,)

# What gRPC's core says, never the server, when a connection is cut in the
# middle of a frame or a stream is reset under a call.
CORE_DROPS = ("Internal error from Core", "Received RST_STREAM")


class DebriefError(Exception):
    """A call failed; code is the grpc.StatusCode, message the server's words."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__("%s: %s" % (code.name, message))
        self.code = code
        self.message = message

    @classmethod
    def from_rpc(cls, e: grpc.RpcError) -> "DebriefError":
        code = e.code() if hasattr(e, "code") else grpc.StatusCode.UNKNOWN
        details = e.details() if hasattr(e, "details") else str(e)
        # gRPC's core reports some connections cut under a call as INTERNAL
        # in its own words, not the server's: the network was away, which
        # is UNAVAILABLE and worth another try.
        if code == grpc.StatusCode.INTERNAL and (details or "").startswith(CORE_DROPS):
            return cls(grpc.StatusCode.UNAVAILABLE, "the connection dropped: " + details)
        return cls(code or grpc.StatusCode.UNKNOWN, details or "")


class TakenOverError(DebriefError):
    """A newer stream (another device, another tab) took the session over."""


@dataclass
class Backoff:
    """Exponential backoff with jitter: try n waits a random time in
    [d/2, d], d = min(max_delay, initial * 2^(n-1)) seconds. attempts bounds
    the tries in a row without progress (None: no bound)."""
    initial: float = 0.2
    max_delay: float = 10.0
    attempts: Optional[int] = 8

    def delay(self, attempt: int) -> float:
        d = min(self.max_delay, self.initial * (2 ** max(0, attempt - 1)))
        return random.uniform(d / 2, d)

    def exhausted(self, attempt: int) -> bool:
        return self.attempts is not None and attempt > self.attempts


class Deadline:
    """One call's deadline, shared by all its tries."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise DebriefError(grpc.StatusCode.DEADLINE_EXCEEDED,
                               "no answer within the call's deadline")
        return left

    def clip(self, delay: float) -> float:
        """A backoff delay that ends by the deadline at the latest."""
        return max(0.0, min(delay, self.at - time.monotonic()))


class Retry:
    """The decision after a failed try, for unary calls and Interview streams
    alike: once a new token after UNAUTHENTICATED, then backoff on RETRYABLE
    statuses until the Backoff gives up; anything else is raised."""

    def __init__(self, backoff: Backoff):
        self.backoff = backoff
        self.attempt = 0
        self.refresh = False  # ask the token provider for a new token next try
        self._refreshed = False

    def reset(self) -> None:
        """The call got through: start counting afresh."""
        self.attempt, self._refreshed = 0, False

    def on_error(self, err: "DebriefError") -> float:
        """Seconds to wait before the next try; raises err when there is none."""
        self.refresh = False
        if err.code == grpc.StatusCode.UNAUTHENTICATED and not self._refreshed:
            self.refresh = self._refreshed = True
            return 0.0
        self.attempt += 1
        if err.code not in RETRYABLE or self.backoff.exhausted(self.attempt):
            raise err
        return self.backoff.delay(self.attempt)


def token_fn(token: Token) -> Callable[[bool], Optional[str]]:
    if token is None or isinstance(token, str):
        return lambda refresh: token
    return token


def metadata(token: Optional[str]):
    return (("authorization", "Bearer " + token),) if token else ()


def channel_options(max_message_mb: int = 8, keepalive_s: Optional[float] = None):
    opts = [("grpc.max_receive_message_length", max_message_mb * 1024 * 1024),
            # A dropped connection comes back quickly: our own backoff paces the tries.
            ("grpc.initial_reconnect_backoff_ms", 100),
            ("grpc.max_reconnect_backoff_ms", 5000)]
    if keepalive_s:
        opts += [("grpc.keepalive_time_ms", int(keepalive_s * 1000)),
                 ("grpc.keepalive_timeout_ms", 10000)]
    return opts


def subject_pb(subject: Union[None, tpb.Subject, Mapping[str, Any]]) -> Optional[tpb.Subject]:
    """A Subject from a message or a dict {kind, key, title, attributes}."""
    if subject is None or isinstance(subject, tpb.Subject):
        return subject
    s = tpb.Subject(kind=subject.get("kind", ""), key=subject.get("key", ""),
                    title=subject.get("title", ""))
    if subject.get("attributes"):
        attrs = struct_pb2.Struct()
        attrs.update(dict(subject["attributes"]))
        s.attributes.CopyFrom(attrs)
    return s


def create_request(template_slug: str, subject, template_version: int,
                   request_id: Optional[str]) -> spb.CreateSessionRequest:
    # A request_id makes the create idempotent, so a retry after a lost reply
    # returns the same session instead of a second one.
    return spb.CreateSessionRequest(template_slug=template_slug, subject=subject_pb(subject),
                                    template_version=template_version,
                                    request_id=request_id or uuid.uuid4().hex)


def list_request(page_size: int, states: Iterable[Any], template_slug: str, subject_key: str,
                 owner_id: str) -> spb.ListSessionsRequest:
    return spb.ListSessionsRequest(page_size=page_size, states=list(states),
                                   template_slug=template_slug, subject_key=subject_key,
                                   owner_id=owner_id)
