#!/usr/bin/env python3
"""fake_llm.py - a fake LLM provider for debrief's tests and benches.

Speaks the real HTTP + SSE wire formats of three APIs on one loopback port:
  POST /v1/chat/completions                         OpenAI chat.completion.chunk + [DONE]
  POST /v1/messages                                 Anthropic message_start ... message_stop
  POST /v1beta/models/<m>:streamGenerateContent     Gemini alt=sse GenerateContentResponse
Responses stream with chunked transfer encoding, as the real services do.

What a request gets is chosen, in order, by: the X-Fake-Fault header; the
next entry of the script queue (POST /_script); a "fault-<name>" part in the
model name (for a fault that must persist across retries); the default spec.
A spec is a JSON object:
  {"fault": "none", "text": "...", "retry_after": 1, "stall_s": 5,
   "delay_ms": 0, "words_per_chunk": 1, "tokens_in": 42}
Faults: none, 429, 500, 503, 401, reset_before (RST before any byte),
reset (RST mid-stream), truncate (stream cut mid-event, then a clean
HTTP end), byte (one byte per write), huge (a 10 MB event), badjson,
stall_before (headers, then silence), stall (some text, then silence),
stream_error (an error event inside a 200 stream).

Control endpoints:
  POST /_script {"responses": [spec...], "default": spec}   queue specs
  POST /_reset                                             clear queue and log
  GET  /_requests    the recorded requests: method, path, headers, body, t
Run: fake_llm.py [--port 0]; it prints "PORT <n>" on stdout when ready.
Python standard library only; listens on 127.0.0.1 only.
"""
import argparse
import json
import re
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_TEXT = "Thanks. What was the outcome of the meeting, and who attended from their side?"

LOCK = threading.Lock()
STATE = {"queue": [], "default": {"fault": "none", "text": DEFAULT_TEXT}, "requests": []}


class Reset(Exception):
    """Raised after the connection was reset on purpose."""


def pieces(text, words_per_chunk):
    # Words keep their trailing space so the pieces join back to the text.
    words = re.findall(r"\S+\s*|\s+", text)
    n = max(1, int(words_per_chunk))
    return ["".join(words[i:i + n]) for i in range(0, len(words), n)] or [""]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-llm/1"

    def log_message(self, fmt, *args):  # quiet: tests read the request log instead
        pass

    # ---- plumbing ----
    def body_json(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return raw, json.loads(raw or b"null")
        except ValueError:
            return raw, None

    def send_json(self, status, obj, extra=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def chunk(self, data):
        if isinstance(data, str):
            data = data.encode()
        if not data:
            return
        if self.spec.get("fault") == "byte":
            for i in range(len(data)):
                self.wfile.write(b"1\r\n" + data[i:i + 1] + b"\r\n")
                self.wfile.flush()
            return
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        self.wfile.flush()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def reset(self):
        # SO_LINGER with a zero timeout makes close() send an RST.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
        raise Reset()

    # ---- routing ----
    def do_GET(self):
        if self.path == "/_requests":
            with LOCK:
                self.send_json(200, STATE["requests"])
            return
        self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        raw, body = self.body_json()
        if self.path == "/_script":
            with LOCK:
                STATE["queue"].extend((body or {}).get("responses", []))
                if (body or {}).get("default"):
                    STATE["default"] = body["default"]
            self.send_json(200, {"ok": True})
            return
        if self.path == "/_reset":
            with LOCK:
                STATE["queue"].clear()
                STATE["requests"].clear()
                STATE["default"] = {"fault": "none", "text": DEFAULT_TEXT}
            self.send_json(200, {"ok": True})
            return
        m = re.match(r"^/v1beta/models/([^/:]+):streamGenerateContent\?alt=sse$", self.path)
        if self.path in ("/v1/chat/completions", "/chat/completions"):
            kind, model = "openai", (body or {}).get("model", "")
        elif self.path == "/v1/messages":
            kind, model = "anthropic", (body or {}).get("model", "")
        elif m:
            kind, model = "gemini", m.group(1)
        else:
            self.send_json(404, {"error": {"message": "unknown path " + self.path}})
            return
        with LOCK:
            STATE["requests"].append({
                "method": "POST", "path": self.path, "t": time.monotonic(),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body if body is not None else raw.decode("utf-8", "replace")})
            spec = dict(STATE["default"])
            if STATE["queue"]:
                spec.update(STATE["queue"].pop(0))
            else:
                mf = re.search(r"fault-([a-z0-9_]+)", model)
                if mf:
                    spec["fault"] = mf.group(1)
        if self.headers.get("X-Fake-Fault"):
            spec["fault"] = self.headers["X-Fake-Fault"]
        self.spec = spec
        self.kind = kind
        self.model = model
        try:
            self.respond()
        except Reset:
            pass
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # ---- responses ----
    def respond(self):
        spec, fault = self.spec, self.spec.get("fault", "none")
        if fault in ("429", "500", "503", "401"):
            status = int(fault)
            extra = {"Retry-After": str(spec.get("retry_after", 1))} if status == 429 else {}
            err = {"message": "fake %s" % fault, "type": "rate_limit_error" if status == 429
                   else "api_error", "code": status}
            if self.kind == "anthropic":
                obj = {"type": "error", "error": {"type": err["type"], "message": err["message"]}}
            else:
                obj = {"error": err}
            self.close_connection = True
            self.send_json(status, obj, extra)
            return
        if fault == "reset_before":
            self.reset()
        events = self.events()
        self.start_stream()
        if fault == "stall_before":
            time.sleep(float(spec.get("stall_s", 5)))
            self.close_connection = True
            return
        if fault == "huge":
            self.chunk("data: ")
            block = b"x" * 65536
            for _ in range((10 << 20) // len(block)):
                self.chunk(block)
            self.chunk("\n\n")
            self.end_stream()
            return
        if fault == "badjson":
            self.chunk("data: {\"choices\": [ this is not json\n\n")
            self.end_stream()
            return
        if fault == "stream_error":
            self.chunk(self.error_event())
            self.end_stream()
            return
        half = max(1, len(events) // 2)
        delay = float(spec.get("delay_ms", 0)) / 1000.0
        for i, ev in enumerate(events):
            if fault == "reset" and i == half:
                self.reset()
            if fault == "truncate" and i == half:
                self.chunk(ev[: len(ev) // 2])
                self.close_connection = True
                self.end_stream()
                return
            if fault == "stall" and i == half:
                time.sleep(float(spec.get("stall_s", 5)))
                self.close_connection = True
                return
            if delay:
                time.sleep(delay)
            # The relay bench sends "@STAMP@" as text: it becomes the wall-clock
            # time of this write in nanoseconds, so receipt latency can be measured.
            ev = ev.replace("@STAMP@", str(time.time_ns()))
            self.chunk(ev)
        self.end_stream()

    def error_event(self):
        if self.kind == "anthropic":
            return ('event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", '
                    '"message": "Overloaded"}}\n\n')
        if self.kind == "gemini":
            return ('data: {"error": {"code": 503, "message": "The model is overloaded.", '
                    '"status": "UNAVAILABLE"}}\r\n\r\n')
        return 'data: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n'

    def events(self):
        spec = self.spec
        text = spec.get("text", DEFAULT_TEXT)
        parts = pieces(text, spec.get("words_per_chunk", 1))
        tin = int(spec.get("tokens_in", 42))
        tout = int(spec.get("tokens_out", len(parts)))
        out = []
        if self.kind == "openai":
            base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk",
                    "created": int(time.time()), "model": self.model, "system_fingerprint": "fp"}

            def ev(choices, **kw):
                d = dict(base, choices=choices, **kw)
                return "data: " + json.dumps(d) + "\n\n"
            out.append(ev([{"index": 0, "delta": {"role": "assistant", "content": ""},
                            "logprobs": None, "finish_reason": None}]))
            for p in parts:
                out.append(ev([{"index": 0, "delta": {"content": p}, "logprobs": None,
                                "finish_reason": None}]))
            out.append(ev([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]))
            out.append(ev([], usage={"prompt_tokens": tin, "completion_tokens": tout,
                                     "total_tokens": tin + tout}))
            out.append("data: [DONE]\n\n")
        elif self.kind == "anthropic":
            def ev(name, d):
                return "event: %s\ndata: %s\n\n" % (name, json.dumps(d))
            out.append(ev("message_start", {"type": "message_start", "message": {
                "id": "msg_fake", "type": "message", "role": "assistant", "content": [],
                "model": self.model, "stop_reason": None, "stop_sequence": None,
                "usage": {"input_tokens": tin, "output_tokens": 1}}}))
            out.append(ev("content_block_start", {"type": "content_block_start", "index": 0,
                                                  "content_block": {"type": "text", "text": ""}}))
            out.append(ev("ping", {"type": "ping"}))
            for p in parts:
                out.append(ev("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                      "delta": {"type": "text_delta", "text": p}}))
            out.append(ev("content_block_stop", {"type": "content_block_stop", "index": 0}))
            out.append(ev("message_delta", {"type": "message_delta", "delta": {
                "stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": tout}}))
            out.append(ev("message_stop", {"type": "message_stop"}))
        else:
            for i, p in enumerate(parts):
                cand = {"content": {"parts": [{"text": p}], "role": "model"}, "index": 0}
                d = {"candidates": [cand], "modelVersion": self.model,
                     "usageMetadata": {"promptTokenCount": tin, "totalTokenCount": tin}}
                if i == len(parts) - 1:
                    cand["finishReason"] = "STOP"
                    d["usageMetadata"] = {"promptTokenCount": tin, "candidatesTokenCount": tout,
                                          "totalTokenCount": tin + tout}
                out.append("data: " + json.dumps(d) + "\r\n\r\n")
        return out


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def get_request(self):
        # Real providers flush each event at once; without TCP_NODELAY, Nagle's
        # algorithm would hold small SSE writes back for the peer's delayed ACK
        # and the relay bench would measure the fake, not debrief.
        conn, addr = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, addr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    srv = Server(("127.0.0.1", args.port), Handler)
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
