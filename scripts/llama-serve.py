#!/usr/bin/env python3
"""llama-serve.py - runs llama.cpp's OpenAI-compatible HTTP server (from the
xllamacpp wheel) on a GGUF model, for debrief's model mode.

Run it through scripts/model.sh serve, which installs the runtime and the
model and sets OMP_WAIT_POLICY=PASSIVE. xllamacpp has no command-line
server: constructing xllamacpp.Server(CommonParams) loads the model and
starts llama.cpp's HTTP server on its own threads, which serve
/v1/chat/completions (SSE streaming, response_format json_schema enforced
by a grammar), /health and /metrics. This process only keeps it alive until
SIGTERM or SIGINT. One slot: requests queue, and a prompt that starts like
the previous one reuses its cached prefix.

When the server listens, one line "PORT <n>" goes to stdout (and to
--port-file, if given), so a caller that asked for --port 0 learns the
port. Listens on 127.0.0.1 only.
"""
import argparse
import os
import signal
import socket
import sys
import threading


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="the GGUF file")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    ap.add_argument("--ctx", type=int, default=8192, help="context window in tokens")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--alias", default="qwen2.5-coder-1.5b-instruct",
                    help="the model name the API reports")
    ap.add_argument("--port-file", help="also write the port here once listening")
    args = ap.parse_args()

    import xllamacpp as xlc  # after argparse, so --help works without the runtime

    p = xlc.CommonParams()
    p.model.path = args.model
    p.model_alias = args.alias
    p.hostnames = ["127.0.0.1"]
    p.port = args.port or free_port()
    p.n_ctx = args.ctx
    p.n_parallel = 1  # one slot: turns queue, and each one's prompt prefix stays cached
    p.cpuparams.n_threads = args.threads
    p.cpuparams_batch.n_threads = args.threads
    p.endpoint_metrics = True
    # A comment line on an SSE stream that has nothing to say yet: reading a
    # long prompt on busy cores can take longer than a client's stall
    # timeout (debrief's is 15 s) before the first token.
    p.sse_ping_interval = 5
    server = xlc.Server(p)  # loads the model, then listens
    port = p.port
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("PORT %d" % port, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())
