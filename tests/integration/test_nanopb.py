"""The nanopb client (clients/nanopb) live: tests/clients/nanopb/test_nanopb.c
encodes requests, POSTs them to the gateway in application/x-protobuf and
decodes the replies with no heap (it counts allocations); here, too, every
field of the generated structs is checked to be bounded, and the client's
own objects to call no allocator."""
import glob
import os
import re
import subprocess

from conftest import SERVER_BIN

BUILD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(SERVER_BIN)))
TEST_BIN = os.path.join(BUILD_DIR, "tests", "test_dbn")
GEN_DIR = os.path.join(BUILD_DIR, "clients", "nanopb", "gen")
LIB = os.path.join(BUILD_DIR, "clients", "nanopb", "libdebrief_nanopb.a")


def test_nanopb_client_against_the_gateway(server, gateway, user_id):
    token = server.token(user_id, "member", "team-a")
    env = dict(os.environ, DEBRIEF_HTTP_ADDR="127.0.0.1:%d" % gateway.port, DEBRIEF_TOKEN=token)
    out = subprocess.run([TEST_BIN], env=env, capture_output=True, text=True, timeout=60)
    print(out.stdout, out.stderr)
    assert out.returncode == 0, out.stdout + out.stderr
    if "not counted under a sanitizer" not in out.stdout:
        assert "allocations while the client ran: 0" in out.stdout
    assert "[  PASSED  ] 2 test(s)." in out.stdout + out.stderr


def test_every_field_is_bounded():
    headers = glob.glob(os.path.join(GEN_DIR, "**", "*.pb.h"), recursive=True)
    assert len(headers) == 6, headers
    for h in headers:
        text = open(h).read()
        # An unbounded string, bytes or repeated field becomes a callback or a pointer.
        assert "pb_callback_t" not in text, h
        assert not re.search(r"\bchar \*|pb_bytes_array_t \*|\*\w+;\s*$", text, re.M), h
    session = open(os.path.join(GEN_DIR, "debrief", "v1", "types.pb.h")).read()
    assert re.search(r"char id\[40\];", session)


def test_the_client_calls_no_allocator():
    syms = subprocess.run(["nm", "-u", LIB], capture_output=True, text=True, check=True).stdout
    used = set(syms.split())
    assert not used & {"malloc", "calloc", "realloc", "free", "strdup"}, used
