"""debrief: a Python client for the debrief interview service.

    import debrief
    client = debrief.Client("localhost:50051", token=lambda refresh: get_token())
    session = client.create_session("sales_debrief", {"kind": "meeting", "key": "account:acme"})
    with client.interview(session.id) as interview:
        for event in interview:
            if isinstance(event, debrief.Question):
                interview.answer(input(event.text + " "))

debrief.AsyncClient is the same with await and async for. The generated
messages and stubs are in debrief.v1 (e.g. debrief.v1.types_pb2).
"""
from debrief._common import Backoff, DebriefError, TakenOverError, TokenProvider
from debrief._protocol import (Acked, Completed, Event, Extraction, Opened, Question,
                               Reconnecting, Rejected, StateChanged, TextDelta, Warning)
from debrief.aio import AsyncClient, AsyncInterview
from debrief.client import Client, Interview

__all__ = ["Acked", "AsyncClient", "AsyncInterview", "Backoff", "Client", "Completed",
           "DebriefError", "Event", "Extraction", "Interview", "Opened", "Question",
           "Reconnecting", "Rejected", "StateChanged", "TakenOverError", "TextDelta",
           "TokenProvider", "Warning"]
