"""Server-side metrics through the gateway's /metrics (docs/operations.md).

The server runs with a model provider (the fake of tests/fake_llm) so model
calls and fallbacks are counted too. Real calls move the counts: a
successful and a failing unary RPC, a WatchNotifications stream held open
(the open-streams gauge), and a completed interview whose notifications
reach that stream live (the fan-out lag). Scrapes with an admin token carry
the server's series after the gateway's; every scrape must parse under a
strict reading of the text format (this file's parser) and under
prometheus_client's. A member's token gets 403, no token gets the
gateway's series alone, and OpsService.GetMetrics over gRPC is admin only.
"""
import math
import re
import time

import grpc
import httpx
import pytest

from conftest import Gateway, Server, db_url_for, free_port, make_jwt
from debrief.v1 import ops_service_pb2 as opb
from debrief.v1 import ops_service_pb2_grpc as ogrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb
from test_limits_matrix import figure  # one FIGURE printer for the tests
from test_llm_conversation import control, fake  # noqa: F401 (fake is a fixture)
from test_notifications import Watch, client_for, complete_session

GET_METRICS = "debrief.v1.OpsService/GetMetrics"
RPC = "debrief_rpc_handled_total"
DURATION = "debrief_rpc_duration_seconds"
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"


# ---- a strict reading of the text format, version 0.0.4 ----

def _labels(text, line):
    """'a="x",b="y\\"z"' -> {"a": "x", "b": 'y"z'}, with the format's three escapes only."""
    out, i = {}, 0
    while i < len(text):
        m = re.compile(LABEL + "=\"").match(text, i)
        assert m, "bad label at %r in %r" % (text[i:], line)
        name, i, val = m.group(0)[:-2], m.end(), []
        while True:
            assert i < len(text), "unterminated label value in %r" % line
            c = text[i]
            if c == "\\":
                nxt = text[i + 1:i + 2]
                assert nxt in ("\\", '"', "n"), "bad escape \\%s in %r" % (nxt, line)
                val.append("\n" if nxt == "n" else nxt)
                i += 2
            elif c == '"':
                i += 1
                break
            else:
                assert c != "\n"
                val.append(c)
                i += 1
        assert name not in out, "label %s twice in %r" % (name, line)
        out[name] = "".join(val)
        if i < len(text):
            assert text[i] == ",", "expected ',' at %r in %r" % (text[i:], line)
            i += 1
    return out


def parse_strict(text):
    """{(sample name, frozenset of labels): value} and {family: type}, or an AssertionError
    naming the first line that breaks the format's rules."""
    assert text.endswith("\n"), "the text must end with a newline"
    samples, types, helps, done = {}, {}, set(), set()
    current = None  # the family whose samples are being read

    def family_of(name):
        for suffix in ("_bucket", "_sum", "_count"):
            base = name[:-len(suffix)]
            if name.endswith(suffix) and types.get(base) == "histogram":
                return base
        return name

    for line in text[:-1].split("\n"):
        m = re.fullmatch(r"# (HELP|TYPE) (%s) (.*)" % NAME, line)
        if m:
            kind, name, rest = m.groups()
            assert name not in done, "%s after the samples of %s" % (kind, name)
            assert not samples_of(samples, name), "%s after samples of %s" % (kind, name)
            if current and current != name:
                done.add(current)
            current = name
            if kind == "TYPE":
                assert rest in ("counter", "gauge", "histogram", "summary", "untyped"), line
                assert name not in types, "second TYPE for %s" % name
                types[name] = rest
            else:
                assert name not in helps, "second HELP for %s" % name
                assert re.fullmatch(r"([^\\]|\\\\|\\n)*", rest), "bad escape in %r" % line
                helps.add(name)
            continue
        assert not line.startswith("#") or line.startswith("# "), line
        if line.startswith("#"):
            continue
        m = re.fullmatch(r"(%s)(?:\{(.*)\})? (\S+)(?: (-?\d+))?" % NAME, line)
        assert m, "not a sample line: %r" % line
        name, labels, value = m.group(1), _labels(m.group(2) or "", line), m.group(3)
        assert re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]Inf|NaN", value), line
        fam = family_of(name)
        assert fam not in done, "samples of %s are not together: %r" % (fam, line)
        if current and current != fam:
            done.add(current)
        current = fam
        key = (name, frozenset(labels.items()))
        assert key not in samples, "a series twice: %r" % line
        v = float(value)
        if types.get(fam) == "counter":
            assert v >= 0 and not math.isnan(v), line
        samples[key] = v
    check_histograms(samples, types)
    return samples, types


def samples_of(samples, name):
    return [k for k in samples if k[0] == name or k[0].startswith(name + "_")]


def check_histograms(samples, types):
    for fam, t in types.items():
        if t != "histogram":
            continue
        series = {}
        for (name, labels), v in samples.items():
            if name == fam + "_bucket":
                d = dict(labels)
                le = d.pop("le")
                series.setdefault(frozenset(d.items()), []).append((float(le), v))
        for labels, buckets in series.items():
            les = [le for le, _ in buckets]
            assert les == sorted(les) and les[-1] == math.inf, (fam, labels, les)
            counts = [c for _, c in buckets]
            assert counts == sorted(counts), "%s%s buckets are not cumulative" % (fam, labels)
            assert samples[(fam + "_count", labels)] == counts[-1], (fam, labels)
            assert (fam + "_sum", labels) in samples, (fam, labels)


def parse_both(text):
    """The strict reading, and prometheus_client's, which must agree on the families."""
    from prometheus_client.parser import text_string_to_metric_families
    samples, types = parse_strict(text)
    theirs = {f.name: f.type for f in text_string_to_metric_families(text)}
    ours = {re.sub(r"_total$", "", n): t for n, t in types.items()}
    assert theirs == ours, (sorted(set(theirs.items()) ^ set(ours.items())))
    return samples


def value(samples, name, default=0.0, **labels):
    return samples.get((name, frozenset(labels.items())), default)


def total(samples, name, **labels):
    """The sum over the series of name whose labels include labels."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= set(ls))


def test_parser_rejects_what_the_format_forbids():
    good = ('# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 2\n'
            '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n')
    parse_both(good)
    for bad in [good.replace('{x="1"}', '{x="1",x="2"}'),  # a label twice
                good.replace('{x="1"}', '{x="\\q"}'),  # a bad escape
                good.replace("a_total{x=\"1\"} 2", "a_total{x=\"1\"} two"),
                good + 'a_total{x="2"} 1\n',  # a family's samples apart
                good.replace('h_bucket{le="1"} 1', 'h_bucket{le="1"} 3'),  # not cumulative
                good.replace("h_count 2", "h_count 5"),
                good.replace("# TYPE a_total counter\n", "") + "# TYPE a_total counter\n",
                good[:-1]]:
        with pytest.raises(AssertionError):
            parse_strict(bad)


# ---- the server, the gateway and the people ----

@pytest.fixture(scope="module")
def server(fake):  # noqa: F811 (the fixture above)
    control(fake, "/_reset", {})
    srv = Server(db_url_for("it_metrics"), log_name="it_metrics", env={
        "DEBRIEF_LLM": "openai",
        "DEBRIEF_LLM_BASE_URL": fake + "/v1",
        "DEBRIEF_LLM_API_KEY": "test-key-123",
        "DEBRIEF_LLM_MODEL": "fake-model",
        "DEBRIEF_LLM_TIMEOUT_MS": "3000",
        "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "1500",
        "DEBRIEF_LLM_MAX_RETRIES": "0",
    }).start()
    yield srv
    assert srv.stop() == 0, srv.read_log()


@pytest.fixture(scope="module")
def tokens(server):
    return {"admin": server.token("ops-admin", "admin", "ops"),
            "member": server.token("ops-member", "member", "team-a")}


def scrape(gateway, token=None, status=200):
    headers = {"authorization": "Bearer " + token} if token else {}
    r = httpx.get(gateway.url + "/metrics", headers=headers, timeout=15)
    assert r.status_code == status, r.text
    return r


def scrape_samples(gateway, tokens):
    r = scrape(gateway, tokens["admin"])
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    return parse_both(r.text)


def poll(gateway, tokens, ok, timeout=10):
    """Scrapes until ok(samples) holds (the server counts a call's end just after the client
    has its status); returns the last samples."""
    deadline = time.time() + timeout
    while True:
        s = scrape_samples(gateway, tokens)
        if ok(s) or time.time() > deadline:
            return s
        time.sleep(0.1)


def rpc_count(s, method, code):
    return value(s, RPC, method=method, code=code)


def test_calls_streams_models_and_fanout_are_counted(request, server, gateway, tokens,
                                                    fake):  # noqa: F811
    before = scrape_samples(gateway, tokens)
    assert value(before, "debrief_gateway_server_metrics_up") == 1
    assert value(before, "debrief_db_pool_size") >= 1
    assert value(before, "debrief_notify_listener_up") == 1
    assert value(before, "debrief_server_start_time_seconds") > time.time() - 3600

    # A successful and a failing unary call.
    c = client_for(server)
    assert c.call(c.templates.ListTemplates, tpb.ListTemplatesRequest()).templates
    with pytest.raises(grpc.RpcError) as e:
        c.call(c.sessions.GetSession, spb.GetSessionRequest(
            session_id="00000000-0000-4000-8000-000000000000"))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND

    # A stream held open.
    watch = Watch(c)
    s = poll(gateway, tokens, lambda s: value(s, "debrief_rpc_open_streams",
                                              method="debrief.v1.NotificationService/"
                                                     "WatchNotifications") == 1)
    assert value(s, "debrief_rpc_open_streams",
                 method="debrief.v1.NotificationService/WatchNotifications") == 1
    assert value(s, "debrief_rpc_open_streams",
                 method="debrief.v1.ConversationService/Converse") == 0
    for method, code, outcome in [("debrief.v1.TemplateService/ListTemplates", "OK", "ok"),
                                  ("debrief.v1.SessionService/GetSession", "NOT_FOUND", "error")]:
        assert rpc_count(s, method, code) >= rpc_count(before, method, code) + 1, (method, code)
        assert value(s, DURATION + "_count", method=method, outcome=outcome) >= \
            value(before, DURATION + "_count", method=method, outcome=outcome) + 1

    # A whole interview through the model (the fake's replies are no valid extraction, so
    # the offline engine takes each answer over: a fallback), and one answer whose model
    # call fails outright; its completion's notifications reach the open stream live.
    control(fake, "/_script", {"responses": [{"fault": "500"}]})
    complete_session(c)
    got = watch.collect(2)
    assert len(got) == 2
    s = poll(gateway, tokens, lambda s: value(s, "debrief_notify_fanout_lag_seconds_count")
             >= value(before, "debrief_notify_fanout_lag_seconds_count") + 2)
    lag = value(s, "debrief_notify_fanout_lag_seconds_count") - \
        value(before, "debrief_notify_fanout_lag_seconds_count")
    assert lag >= 2
    assert value(s, "debrief_notify_delivered_total", path="live") >= \
        value(before, "debrief_notify_delivered_total", path="live") + 2
    # Most of the lag is the writer's transaction; a second is far beyond it here.
    assert value(s, "debrief_notify_fanout_lag_seconds_bucket", le="1") >= lag
    assert rpc_count(s, "debrief.v1.ConversationService/SendMessage", "OK") >= 5
    assert value(s, "debrief_llm_calls_total", provider="openai", result="ok") >= 1
    assert value(s, "debrief_llm_calls_total", provider="openai", result="unavailable") >= 1
    assert value(s, "debrief_llm_call_duration_seconds_count", provider="openai") >= 2
    assert total(s, "debrief_llm_fallbacks_total", provider="openai", reason="model_failed") >= 1
    assert value(s, "debrief_db_connects_total") >= 1
    assert value(s, "debrief_auth_token_cache_total", result="hit") >= 1

    figure(request, "metrics-scrape bytes=%d series=%d (after the calls above, gateway's and "
           "server's)" % (len(scrape(gateway, tokens["admin"]).text), len(s)))
    watch.call.cancel()
    s = poll(gateway, tokens, lambda s: value(s, "debrief_rpc_open_streams",
                                              method="debrief.v1.NotificationService/"
                                                     "WatchNotifications") == 0)
    assert value(s, "debrief_rpc_open_streams",
                 method="debrief.v1.NotificationService/WatchNotifications") == 0
    assert rpc_count(s, "debrief.v1.NotificationService/WatchNotifications", "CANCELLED") >= 1
    c.close()


def test_label_values_come_from_the_method_table(server, gateway, tokens):
    """A call to a method the server does not have is counted as "unknown", so a client
    cannot add series by inventing names."""
    with server.channel() as ch:
        with pytest.raises(grpc.RpcError) as e:
            ch.unary_unary("/debrief.v1.SessionService/Nope%d" % time.time_ns())(
                b"", metadata=[("authorization", "Bearer " + tokens["member"])], timeout=5)
        assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED
    s = poll(gateway, tokens, lambda s: rpc_count(s, "unknown", "UNIMPLEMENTED") >= 1)
    assert rpc_count(s, "unknown", "UNIMPLEMENTED") >= 1
    methods = {dict(ls)["method"] for (n, ls) in s if n in (RPC, DURATION + "_count")}
    assert not [m for m in methods if "Nope" in m]
    codes = {dict(ls)["code"] for (n, ls) in s if n == RPC}
    assert codes <= {c.name for c in grpc.StatusCode}


def test_who_may_read_the_server_metrics(server, gateway, tokens):
    # No token: the gateway's own series only, as before.
    r = scrape(gateway)
    s = parse_both(r.text)
    assert value(s, "debrief_gateway_server_metrics_up", default=None) == 0
    assert "debrief_rpc_" not in r.text and "debrief_db_" not in r.text
    # A member's token: refused by the server's RBAC, and the scrape says so.
    r = scrape(gateway, tokens["member"], status=403)
    assert r.json()["code"] == 7 and "admin" in r.json()["message"]
    assert "debrief_" not in r.text
    expired = make_jwt({"sub": "ops-admin", "role": "admin", "team": "ops",
                        "exp": int(time.time()) - 3600})
    r = scrape(gateway, expired, status=401)
    assert r.headers["www-authenticate"] == "Bearer"
    # The same RPC straight over gRPC: the direct option for backends.
    for who, want in [("admin", None), ("member", grpc.StatusCode.PERMISSION_DENIED),
                      (None, grpc.StatusCode.UNAUTHENTICATED)]:
        md = [("authorization", "Bearer " + tokens[who])] if who else []
        with server.channel() as ch:
            stub = ogrpc.OpsServiceStub(ch)
            if want is None:
                text = stub.GetMetrics(opb.GetMetricsRequest(), metadata=md, timeout=10).text
                samples = parse_both(text)
                assert total(samples, RPC, method=GET_METRICS, code="OK") >= 1
                assert "debrief_gateway_" not in text
            else:
                with pytest.raises(grpc.RpcError) as e:
                    stub.GetMetrics(opb.GetMetricsRequest(), metadata=md, timeout=10)
                assert e.value.code() == want


class Nowhere:
    """An upstream address where nothing listens."""
    addr = "127.0.0.1:%d" % free_port()


def test_a_server_that_does_not_answer_leaves_the_gateways_series(tokens):
    gw = Gateway(Nowhere(), log_name="gateway-dead").start()
    try:
        r = scrape(gw, tokens["admin"])
        s = parse_both(r.text)
        assert value(s, "debrief_gateway_server_metrics_up", default=None) == 0
        assert "debrief_rpc_" not in r.text
    finally:
        assert gw.stop() == 0
