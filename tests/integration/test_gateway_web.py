"""The gateway serving the web app (gateway/web/, docs/gateway.md#the-web-app):
content types, the Content-Security-Policy and other headers, validators,
path traversal refused over a raw socket, the size budget, and the
development token endpoint, on and off."""
import gzip
import json
import os
import re
import socket

import httpx
import pytest

from conftest import JWT_SECRET, SOURCE_DIR, Gateway

WEB = os.path.join(SOURCE_DIR, "gateway", "web")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def app_files():
    for d, _, names in os.walk(WEB):
        for n in names:
            yield os.path.relpath(os.path.join(d, n), WEB)


@pytest.fixture(scope="module")
def web(server):
    gw = Gateway(server, env={"DEBRIEF_GATEWAY_WEB_DIR": WEB}, log_name="gateway-web").start()
    yield gw
    assert gw.stop() == 0, gw.read_log()


def raw_get(gw, path):
    """The status line and body of a GET sent byte for byte, unnormalised."""
    with socket.create_connection(("127.0.0.1", gw.port), timeout=5) as s:
        s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], body


def test_index_and_headers(web):
    r = httpx.get(web.url + "/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.text == open(os.path.join(WEB, "index.html")).read()
    # No inline script or style: every <script> has a src, no style attribute or element.
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", r.text)
    # An API error carries nosniff too.
    assert httpx.get(web.url + "/v1/nothing").headers["x-content-type-options"] == "nosniff"


def test_every_file_with_its_type_and_validator(web):
    files = list(app_files())
    assert "index.html" in files and "js/main.js" in files
    for rel in files:
        r = httpx.get(web.url + "/" + rel)
        ext = os.path.splitext(rel)[1]
        assert r.status_code == 200, rel
        assert r.headers["content-type"] == TYPES[ext], rel
        assert r.content == open(os.path.join(WEB, rel), "rb").read(), rel
        assert r.headers["content-security-policy"] == CSP
        etag = r.headers["etag"]
        again = httpx.get(web.url + "/" + rel, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b"", rel
        assert httpx.get(web.url + "/" + rel, headers={"if-none-match": '"x"'}).status_code == 200


def test_first_load_budget_and_no_eval():
    total = sum(len(gzip.compress(open(os.path.join(WEB, f), "rb").read(), 9))
                for f in app_files())
    assert total < 100 * 1024, "the app is %d bytes gzipped" % total
    for f in app_files():
        if f.endswith(".js"):
            src = open(os.path.join(WEB, f)).read()
            assert not re.search(r"\beval\(|new Function|\.innerHTML\s*=|document\.write", src), f


@pytest.mark.parametrize("path", [
    b"/../README.md", b"/%2e%2e/README.md", b"/js/../../README.md", b"/js/%2e%2e/%2e%2e/README.md",
    b"/.git/HEAD", b"//etc/passwd", b"/js/..%2f..%2fREADME.md", b"/%2e%2e%2fREADME.md",
    b"/js/.%2e/.%2e/README.md", b"/..\\README.md", b"/js/main.js%00.html", b"/CMakeLists.txt",
    b"/gateway/web/index.html", b"/nothing.js",
])
def test_paths_outside_the_app_are_refused(web, path):
    status, body = raw_get(web, path)
    # libwebsockets drops a path with %00 without an answer; the gateway must live on.
    assert status == b"" or status.split(b" ")[1] in (b"400", b"403", b"404"), (path, status)
    assert b"add_executable" not in body, path
    assert b"# debrief" not in body and b"root:" not in body, path
    assert httpx.get(web.url + "/healthz").status_code == 200


def test_dev_token_absent_without_dev_mode(web):
    assert httpx.get(web.url + "/dev/token").status_code == 404
    assert httpx.post(web.url + "/dev/token", json={"user": "a", "role": "admin"}).status_code == 404


def test_dev_token_with_dev_mode(server):
    gw = Gateway(server, env={"DEBRIEF_DEV_MODE": "1", "DEBRIEF_JWT_SECRET": JWT_SECRET},
                 log_name="gateway-devtoken").start()
    try:
        assert httpx.get(gw.url + "/dev/token").json() == {"devMode": True}
        r = httpx.post(gw.url + "/dev/token", json={"user": "dev-carol", "role": "manager",
                                                    "team": "team-x"})
        assert r.status_code == 200 and r.json()["expiresIn"] == 3600
        tok = r.json()["token"]
        # The server (not in dev mode) takes it as dev-carol, a manager.
        s = httpx.post(gw.url + "/v1/sessions", headers={"authorization": "Bearer " + tok},
                       json={"templateSlug": "sales_debrief",
                             "subject": {"kind": "meeting", "key": "account:dev", "title": "t"}})
        assert s.status_code == 200, s.text
        assert s.json()["session"]["ownerId"] == "dev-carol"
        assert s.json()["session"]["teamId"] == "team-x"
        bad = httpx.post(gw.url + "/dev/token", json={"user": "x", "role": "root"})
        assert bad.status_code == 400 and "role" in bad.json()["message"]
        assert httpx.post(gw.url + "/dev/token", content=b"not json").status_code == 400
    finally:
        assert gw.stop() == 0
    # With RS256 pinned there is no HS256 secret to sign with: no endpoint.
    gw = Gateway(server, env={"DEBRIEF_DEV_MODE": "1", "DEBRIEF_JWT_SECRET": JWT_SECRET,
                              "DEBRIEF_JWT_ALG": "RS256"}, log_name="gateway-devtoken-rs").start()
    try:
        assert httpx.get(gw.url + "/dev/token").status_code == 404
    finally:
        assert gw.stop() == 0
