"""Reliability matrix item 10: the JWT negative matrix over the real server.

Every way a bearer token can be wrong gets UNAUTHENTICATED (PERMISSION_DENIED
for a valid token whose role is too low) with a message that says what is
wrong and leaks nothing secret: never the key, never the token.

test_auth.py already covers: no token (test_no_token), expired
(test_expired_token), alg none (test_alg_none_token), wrong signature
(test_wrong_signature), missing exp (test_missing_exp), garbage
(test_garbage_token) and the valid hand-made token. This module adds the
rest: header and shape errors, alg confusion on an HS256 and on an RS256
server, nbf, exp leeway, sub/role claims, iss and aud on a server configured
with DEBRIEF_JWT_ISSUER and DEBRIEF_JWT_AUDIENCE, and role policy. The token
over the 8 KiB cap is in test_limits_matrix.py (the transport's metadata
limit decides what happens to it).
"""
import os
import subprocess
import tempfile
import time

import grpc
import pytest

from test_limits_matrix import figure  # one FIGURE printer for the matrices
from conftest import JWT_SECRET, Client, Server, b64url, db_url_for, make_jwt
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb

ISSUER = "https://issuer.debrief.test"
AUDIENCE = "debrief-api"
RESULTS = []  # (matrix, case, code) for the FIGURE lines
LEAKS = []    # cases whose message held a key or the token


@pytest.fixture(scope="module", autouse=True)
def jwt_figure(request):
    yield
    if RESULTS:
        codes = [r[2] for r in RESULTS]
        figure(request, "jwt-matrix cases=%d unauthenticated=%d permission_denied=%d accepted=%d "
                        "servers=3 leaks=%d" % (
                            len(RESULTS), codes.count("UNAUTHENTICATED"),
                            codes.count("PERMISSION_DENIED"), codes.count("OK"), len(LEAKS)))


def claims(**kw):
    c = {"sub": "jwt-matrix", "role": "member", "team": "team-a", "exp": int(time.time()) + 600}
    c.update(kw)
    for k in [k for k, v in c.items() if v is DROP]:
        del c[k]
    return c


DROP = object()


def raw_jwt(header, payload, secret=JWT_SECRET):
    """Signs arbitrary header and payload bytes with HS256."""
    import hashlib
    import hmac
    h, p = b64url(header), b64url(payload)
    sig = hmac.new(secret.encode() if isinstance(secret, str) else secret,
                   (h + "." + p).encode(), hashlib.sha256).digest()
    return h + "." + p + "." + b64url(sig)


def call_with(server, authorization, rpc="GetSession"):
    """(code name, details) of one call with this authorization header value (None: none)."""
    c = Client(server, None)
    md = [("authorization", authorization)] if authorization is not None else []
    try:
        if rpc == "GetSession":
            c.sessions.GetSession(spb.GetSessionRequest(session_id=SID), metadata=md, timeout=10)
        else:
            c.templates.CreateTemplate(tpb.CreateTemplateRequest(), metadata=md, timeout=10)
        return "OK", ""
    except grpc.RpcError as e:
        return e.code().name, e.details() or ""
    finally:
        c.close()


SID = "3f2a9c4e-1b7d-4e8a-9c3f-2a1b7d4e8a9c"  # no such session: authenticated calls get NOT_FOUND


def check(matrix, server, name, authorization, want, needle, secrets=(JWT_SECRET,)):
    code, details = call_with(server, authorization)
    got = "OK" if code == "NOT_FOUND" else code  # NOT_FOUND: auth let it through
    RESULTS.append((matrix, name, got))
    assert got == want, "%s: %s %r" % (name, code, details)
    if want != "OK":
        assert needle.lower() in details.lower(), "%s: %r lacks %r" % (name, details, needle)
        leaked = [s for s in secrets if s in details]
        if authorization and "." in authorization:
            tok = authorization.split()[-1]
            sig = tok.rsplit(".", 1)[-1]
            leaked += [x for x in (tok, sig) if len(x) >= 8 and x in details]
        if leaked:
            LEAKS.append(name)
        assert not leaked, "%s: the message leaks a key or the token: %r" % (name, details)


# ---- the default server: HS256, no iss/aud required ----

def hdr(**kw):
    h = {"alg": "HS256", "typ": "JWT"}
    h.update(kw)
    for k in [k for k, v in h.items() if v is DROP]:
        del h[k]
    return h


def enc(obj):
    import json
    return json.dumps(obj).encode()


HS_CASES = [
    # name, authorization value, expected, needle in the message
    ("scheme-basic", "Basic " + make_jwt(claims()), "UNAUTHENTICATED", "expected 'Bearer <jwt>'"),
    ("bearer-without-token", "Bearer ", "UNAUTHENTICATED", "Bearer"),
    ("bearer-lowercase-ok", "bearer " + make_jwt(claims()), "OK", ""),
    ("space-inside-token", "Bearer " + make_jwt(claims()).replace(".", ". ", 1),
     "UNAUTHENTICATED", "no spaces"),
    ("two-segments", "Bearer " + ".".join(make_jwt(claims()).split(".")[:2]),
     "UNAUTHENTICATED", "three base64url parts"),
    ("four-segments", "Bearer " + make_jwt(claims()) + ".x", "UNAUTHENTICATED",
     "three base64url parts"),
    ("header-not-json", "Bearer " + b64url(b"{not json") + "." + b64url(enc(claims())) + ".c2ln",
     "UNAUTHENTICATED", "header is not base64url JSON"),
    ("header-bad-base64", "Bearer e30*." + b64url(enc(claims())) + ".c2ln", "UNAUTHENTICATED",
     "header is not base64url JSON"),
    ("header-no-alg", "Bearer " + raw_jwt(enc(hdr(alg=DROP)), enc(claims())), "UNAUTHENTICATED",
     "no alg"),
    ("alg-confusion-rs256-header-hs-key",
     "Bearer " + raw_jwt(enc(hdr(alg="RS256")), enc(claims())), "UNAUTHENTICATED",
     "algorithm RS256 is not allowed; expected HS256"),
    ("alg-hs512", "Bearer " + raw_jwt(enc(hdr(alg="HS512")), enc(claims())), "UNAUTHENTICATED",
     "algorithm HS512 is not allowed"),
    ("alg-None-capitalised", "Bearer " + make_jwt(claims(), alg="None"), "UNAUTHENTICATED",
     "not allowed"),
    ("alg-hs256-lowercase", "Bearer " + raw_jwt(enc(hdr(alg="hs256")), enc(claims())),
     "UNAUTHENTICATED", "not allowed"),
    ("typ-not-jwt", "Bearer " + raw_jwt(enc(hdr(typ="at+jwt+x")), enc(claims())),
     "UNAUTHENTICATED", "type"),
    ("crit-header", "Bearer " + raw_jwt(enc(hdr(crit=["exp"])), enc(claims())),
     "UNAUTHENTICATED", "crit"),
    ("empty-signature", "Bearer " + make_jwt(claims()).rsplit(".", 1)[0] + ".",
     "UNAUTHENTICATED", "empty"),
    ("payload-not-object", "Bearer " + raw_jwt(enc(hdr()), b"[1,2]"), "UNAUTHENTICATED",
     "payload is not a base64url JSON object"),
    ("payload-duplicate-sub", "Bearer " + raw_jwt(
        enc(hdr()), b'{"sub":"admin-user","sub":"jwt-matrix","role":"member","exp":%d}'
        % (int(time.time()) + 600)), "UNAUTHENTICATED", "payload"),
    ("signed-with-secret-prefix", "Bearer " + make_jwt(claims(), secret=JWT_SECRET[:-1]),
     "UNAUTHENTICATED", "bad token signature"),
    ("signature-of-another-payload", "Bearer " + ".".join(
        make_jwt(claims()).split(".")[:2] + [make_jwt(claims(role="admin")).split(".")[2]]),
     "UNAUTHENTICATED", "bad token signature"),
    ("exp-within-leeway-ok", "Bearer " + make_jwt(claims(exp=int(time.time()) - 5)), "OK", ""),
    ("exp-past-leeway", "Bearer " + make_jwt(claims(exp=int(time.time()) - 120)),
     "UNAUTHENTICATED", "expired at"),
    ("exp-string", "Bearer " + make_jwt(claims(exp="tomorrow")), "UNAUTHENTICATED",
     "exp claim must be a number"),
    ("exp-negative", "Bearer " + make_jwt(claims(exp=-1)), "UNAUTHENTICATED", "out of range"),
    ("exp-year-10000", "Bearer " + make_jwt(claims(exp=253402300800 + 10)), "UNAUTHENTICATED",
     "out of range"),
    ("nbf-future", "Bearer " + make_jwt(claims(nbf=int(time.time()) + 3600)),
     "UNAUTHENTICATED", "not valid before"),
    ("nbf-past-ok", "Bearer " + make_jwt(claims(nbf=int(time.time()) - 60)), "OK", ""),
    ("nbf-string", "Bearer " + make_jwt(claims(nbf="now")), "UNAUTHENTICATED",
     "nbf claim must be a number"),
    ("missing-sub", "Bearer " + make_jwt(claims(sub=DROP)), "UNAUTHENTICATED", "no sub claim"),
    ("empty-sub", "Bearer " + make_jwt(claims(sub="")), "UNAUTHENTICATED", "sub claim is empty"),
    ("sub-not-string", "Bearer " + make_jwt(claims(sub=42)), "UNAUTHENTICATED",
     "sub claim must be a string"),
    ("sub-too-long", "Bearer " + make_jwt(claims(sub="u" * 128)), "UNAUTHENTICATED", "too long"),
    ("sub-with-nul", "Bearer " + make_jwt(claims(sub="admin\u0000x")), "UNAUTHENTICATED",
     "payload"),  # jansson refuses \\u0000 before the claim check
    ("missing-role", "Bearer " + make_jwt(claims(role=DROP)), "UNAUTHENTICATED", "no role claim"),
    ("unknown-role", "Bearer " + make_jwt(claims(role="superuser")), "UNAUTHENTICATED",
     "role 'superuser' is unknown"),
    ("role-wrong-case", "Bearer " + make_jwt(claims(role="Admin")), "UNAUTHENTICATED",
     "is unknown"),
    ("role-not-string", "Bearer " + make_jwt(claims(role=["admin"])), "UNAUTHENTICATED",
     "unknown"),
    ("role-none", "Bearer " + make_jwt(claims(role="none")), "UNAUTHENTICATED", "unknown"),
    ("team-not-string", "Bearer " + make_jwt(claims(team=7)), "UNAUTHENTICATED",
     "team claim must be a string"),
    ("iss-aud-unconfigured-ok", "Bearer " + make_jwt(claims(iss="anyone", aud="anything")), "OK",
     ""),
]


@pytest.mark.parametrize("name,authorization,want,needle", HS_CASES, ids=[c[0] for c in HS_CASES])
def test_hs256_server(server, name, authorization, want, needle):
    check("hs256", server, name, authorization, want, needle)


@pytest.mark.parametrize("role,want", [("member", "PERMISSION_DENIED"),
                                       ("manager", "PERMISSION_DENIED"),
                                       ("admin", "INVALID_ARGUMENT")])
def test_role_policy_on_admin_only_rpc(server, role, want):
    """A valid token whose role is too low is PERMISSION_DENIED, and says which role is needed."""
    code, details = call_with(server, "Bearer " + make_jwt(claims(role=role)), rpc="CreateTemplate")
    RESULTS.append(("policy", role, code))
    assert code == want, (code, details)
    if want == "PERMISSION_DENIED":
        assert "requires the admin role" in details and ("you are " + role) in details


# ---- a server that requires iss and aud ----

@pytest.fixture(scope="module")
def issuer_server():
    srv = Server(db_url_for("it_jwt_iss"), log_name="it_jwt_iss", env={
        "DEBRIEF_JWT_ISSUER": ISSUER, "DEBRIEF_JWT_AUDIENCE": AUDIENCE}).start()
    yield srv
    assert srv.stop() == 0, srv.read_log()


ISS_CASES = [
    ("iss-and-aud-ok", claims(iss=ISSUER, aud=AUDIENCE), "OK", ""),
    ("aud-array-ok", claims(iss=ISSUER, aud=["other", AUDIENCE]), "OK", ""),
    ("wrong-iss", claims(iss="https://evil.test", aud=AUDIENCE), "UNAUTHENTICATED",
     "issuer 'https://evil.test' is not accepted; expected '%s'" % ISSUER),
    ("missing-iss", claims(aud=AUDIENCE), "UNAUTHENTICATED", "no iss claim"),
    ("iss-not-string", claims(iss=1, aud=AUDIENCE), "UNAUTHENTICATED", "no iss claim"),
    ("iss-prefix", claims(iss=ISSUER + "/", aud=AUDIENCE), "UNAUTHENTICATED", "not accepted"),
    ("wrong-aud", claims(iss=ISSUER, aud="someone-else"), "UNAUTHENTICATED",
     "audience does not include '%s'" % AUDIENCE),
    ("aud-array-without", claims(iss=ISSUER, aud=["a", "b"]), "UNAUTHENTICATED",
     "audience does not include"),
    ("missing-aud", claims(iss=ISSUER), "UNAUTHENTICATED", "no aud claim"),
    ("expired-but-right-iss", claims(iss=ISSUER, aud=AUDIENCE, exp=int(time.time()) - 3600),
     "UNAUTHENTICATED", "expired"),
]


@pytest.mark.parametrize("name,c,want,needle", ISS_CASES, ids=[c[0] for c in ISS_CASES])
def test_issuer_audience_server(issuer_server, name, c, want, needle):
    check("iss-aud", issuer_server, name, "Bearer " + make_jwt(c), want, needle)


def test_minted_token_carries_iss_and_aud(issuer_server):
    check("iss-aud", issuer_server, "cli-minted-ok",
          "Bearer " + issuer_server.token("minted", "member", "team-a"), "OK", "")


# ---- an RS256 server: the classic HS256-with-the-public-key confusion ----

@pytest.fixture(scope="module")
def rsa_keys():
    d = tempfile.mkdtemp(prefix="jwt-matrix-")
    keys = {}
    for name in ("server", "attacker"):
        priv = os.path.join(d, name + ".pem")
        pub = os.path.join(d, name + ".pub.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", priv], check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", priv, "-pubout", "-out", pub], check=True,
                       capture_output=True)
        keys[name] = (priv, pub)
    return keys


@pytest.fixture(scope="module")
def rs_server(rsa_keys):
    priv, pub = rsa_keys["server"]
    srv = Server(db_url_for("it_jwt_rs"), log_name="it_jwt_rs", env={
        "DEBRIEF_JWT_ALG": "RS256", "DEBRIEF_JWT_SECRET": "",
        "DEBRIEF_JWT_PUBLIC_KEY_FILE": pub, "DEBRIEF_JWT_PRIVATE_KEY_FILE": priv}).start()
    yield srv
    assert srv.stop() == 0, srv.read_log()


def rs_sign(c, priv, alg="RS256"):
    h = b64url(enc({"alg": alg, "typ": "JWT"}))
    p = b64url(enc(c))
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", priv],
                         input=(h + "." + p).encode(), check=True, capture_output=True).stdout
    return h + "." + p + "." + b64url(sig)


def test_rs256_server(rs_server, rsa_keys):
    priv, pub = rsa_keys["server"]
    pem = open(pub).read()
    with open(priv) as f:
        private_pem = f.read()
    secrets = (pem.splitlines()[1], private_pem.splitlines()[1])
    cases = [
        ("rs-cli-minted-ok", "Bearer " + rs_server.token("rs-user", "member", "team-a"), "OK", ""),
        ("rs-hand-signed-ok", "Bearer " + rs_sign(claims(), priv), "OK", ""),
        # The classic confusion: HS256 keyed with the server's public key PEM.
        ("rs-alg-confusion-hs256-public-key", "Bearer " + make_jwt(claims(), secret=pem),
         "UNAUTHENTICATED", "algorithm HS256 is not allowed; expected RS256"),
        ("rs-alg-none", "Bearer " + make_jwt(claims(), alg="none"), "UNAUTHENTICATED",
         "not allowed"),
        ("rs-other-key", "Bearer " + rs_sign(claims(), rsa_keys["attacker"][0]),
         "UNAUTHENTICATED", "bad token signature"),
        ("rs-expired", "Bearer " + rs_sign(claims(exp=int(time.time()) - 3600), priv),
         "UNAUTHENTICATED", "expired"),
        ("rs-unknown-role", "Bearer " + rs_sign(claims(role="root"), priv), "UNAUTHENTICATED",
         "unknown"),
    ]
    failures = []
    for name, authz, want, needle in cases:
        try:
            check("rs256", rs_server, name, authz, want, needle, secrets=secrets)
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, "\n".join(failures)
