"""The gateway against direct gRPC, in one run (bench/run_gateway.sh).

1. GetSession: one caller, back to back, for DURATION_S each: gRPC (grpcio,
   raw bytes) and REST through the gateway (httpx, keep-alive).
2. Interview turns: one stream, durable commits: sessions are created over
   gRPC outside the timing, then answered until complete over a gRPC
   Converse stream and over the gateway's WebSocket, for DURATION_S each.

Both sides use a Python client, so the client's own cost is in both; the
ratio is what the gateway adds. A benchmark, not a test: it prints numbers.
Arguments: grpc_target http_base token case.json duration_s
"""
import asyncio
import json
import queue
import sys
import threading
import time

import grpc
import httpx
import websockets


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(num, payload):
    """A length-delimited field."""
    if isinstance(payload, str):
        payload = payload.encode()
    return varint(num << 3 | 2) + varint(len(payload)) + payload


def read_varint(buf, i):
    """The varint at buf[i:] and the index after it."""
    n, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i


def top_fields(buf):
    """The top-level field numbers of a message (enough to tell frames apart)."""
    i, nums = 0, []
    while i < len(buf):
        key, i = read_varint(buf, i)
        wt = key & 7
        nums.append(key >> 3)
        if wt == 0:
            _, i = read_varint(buf, i)
        elif wt == 2:
            n, i = read_varint(buf, i)
            i += n
        else:
            i += 8 if wt == 1 else 4
    return nums


def first_string(buf):
    """Field 1 of a message whose field 1 is a string or message (the session, then its id)."""
    assert buf[0] == 0x0A
    n, i = read_varint(buf, 1)
    return buf[i:i + n]


def main():
    target, base, token, case_path, duration = sys.argv[1:6]
    duration = float(duration)
    case = json.load(open(case_path))
    texts = [case["opening"]] + [a["text"] for a in case["answers"].values()] + ["That's all."]
    md = [("authorization", "Bearer " + token)]
    ch = grpc.insecure_channel(target)
    ident = lambda b: b  # noqa: E731
    rpc = lambda path: ch.unary_unary(path, request_serializer=ident,  # noqa: E731
                                      response_deserializer=ident)
    create = rpc("/debrief.v1.SessionService/CreateSession")
    get = rpc("/debrief.v1.SessionService/GetSession")
    converse = ch.stream_stream("/debrief.v1.ConversationService/Converse",
                                request_serializer=ident, response_deserializer=ident)

    def new_session(n):
        req = field(1, "sales_debrief") + field(3, field(1, "meeting") + field(2, "account:b%d" % n))
        return first_string(first_string(create(req, metadata=md))).decode()

    sid = new_session(0)
    greq = field(1, sid)
    http = httpx.Client(base_url=base, headers={"authorization": "Bearer " + token})

    def rate(fn):
        for _ in range(20):
            fn()
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < duration:
            fn()
            n += 1
        return n / (time.perf_counter() - t0)

    g = rate(lambda: get(greq, metadata=md))
    r = rate(lambda: http.get("/v1/sessions/" + sid).raise_for_status())
    print("GetSession, 1 caller: gRPC %.0f/s, REST via the gateway %.0f/s, ratio %.2f"
          % (g, r, r / g))

    sessions = [new_session(i + 1) for i in range(1500)]  # more than both runs can use

    def grpc_turns():
        turns, t0, k = 0, time.perf_counter(), 0
        while time.perf_counter() - t0 < duration and k < len(sessions) // 2:
            out = queue.Queue()
            out.put(field(1, field(1, sessions[k])))
            k += 1
            it = converse(iter(out.get, None), metadata=md)
            next(it)  # the snapshot
            for i, text in enumerate(texts):
                out.put(field(2, field(1, "a%d" % i) + field(2, text)))
                done = False
                for frame in it:
                    nums = top_fields(frame)
                    if 5 in nums or 9 in nums:  # question or completed
                        done = 9 in nums
                        break
                turns += 1
                if done:
                    break
            out.put(None)
        return turns / (time.perf_counter() - t0), k

    async def ws_turns(start):
        turns, t0, k = 0, time.perf_counter(), start
        ws_base = base.replace("http://", "ws://")
        while time.perf_counter() - t0 < duration and k < len(sessions):
            async with websockets.connect(
                    "%s/v1/sessions/%s/converse" % (ws_base, sessions[k]),
                    subprotocols=["debrief.v1.json"],
                    additional_headers={"authorization": "Bearer " + token}) as ws:
                k += 1
                await ws.send('{"open":{}}')
                await ws.recv()
                for i, text in enumerate(texts):
                    await ws.send(json.dumps({"answer": {"clientMsgId": "a%d" % i, "text": text}}))
                    done = False
                    while True:
                        f = json.loads(await ws.recv())
                        if "question" in f or "completed" in f:
                            done = "completed" in f
                            break
                    turns += 1
                    if done:
                        break
        return turns / (time.perf_counter() - t0), k - start

    gt, used = grpc_turns()
    wt, _ = asyncio.run(ws_turns(used))
    print("Interview turns, 1 stream: gRPC Converse %.1f/s, WebSocket via the gateway %.1f/s, "
          "ratio %.2f" % (gt, wt, wt / gt))


if __name__ == "__main__":
    main()
