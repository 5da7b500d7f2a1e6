"""AnalyticsService end to end, against figures computed here in Python.

The dataset is one real interview driven over SendMessage plus sessions,
messages, extractions and edits inserted through SQL on fixed past days,
across two teams. Triggers keep each session's own row as those rows are
written, and the fold (sql/006_analytics_fold.sql) carries them into the
daily rollups; wait_folded() waits for it before any figure is read. The expected figures are computed in this file from the base
rows (sessions, messages, extractions, extraction_history, templates),
read back as JSON, with the definitions of docs/analytics.md: never from
the rollup tables or the server's own queries. Every RPC is checked for
each role (member, manager, admin, a manager of another team), together
with the PERMISSION_DENIED, NOT_FOUND and INVALID_ARGUMENT rules.
"""
import datetime as dt
import json
import math
import subprocess
import threading
import time
import uuid
from collections import defaultdict

import grpc
import pytest
from google.protobuf import timestamp_pb2

from conftest import Client, Server
from debrief.v1 import analytics_service_pb2 as apb
from debrief.v1 import analytics_service_pb2_grpc as agrpc
from test_insights import code_of, complete_session

UTC = dt.timezone.utc
TODAY = dt.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
STATES = ["created", "active", "paused", "completed", "expired", "cancelled"]


def psql(server, sql):
    out = subprocess.run(["psql", server.env["DEBRIEF_DATABASE_URL"], "-v", "ON_ERROR_STOP=1",
                          "-Atqc", sql], check=True, capture_output=True, text=True)
    return out.stdout


def rows(server, sql):
    return json.loads(psql(server, "SELECT coalesce(json_agg(t), '[]') FROM (%s) t" % sql))


def wait_folded(server, timeout=30):
    """Folds until no session is left dirty, with a deadline.

    A fold in another transaction (the server's thread) keeps its sessions
    dirty until it commits, so zero left means every fold has landed."""
    deadline = time.monotonic() + timeout
    while True:
        psql(server, "SELECT analytics_fold(1000)")
        left = int(psql(server, "SELECT (SELECT count(*) FROM session_stats WHERE dirty) "
                                "+ (SELECT count(*) FROM analytics_fold_gone)"))
        if left == 0:
            return
        assert time.monotonic() < deadline, "%d sessions still not folded" % left
        time.sleep(0.05)


def ts(d):
    t = timestamp_pb2.Timestamp()
    t.FromDatetime(d)
    return t


def parse_ts(s):
    return dt.datetime.fromisoformat(s) if s else None


# ---- the people ----

@pytest.fixture(scope="module")
def people(server):
    tag = uuid.uuid4().hex[:6]
    spec = {"m1": ("member", "ta-" + tag), "m2": ("member", "ta-" + tag),
            "m3": ("member", "tb-" + tag), "mgr_a": ("manager", "ta-" + tag),
            "mgr_b": ("manager", "tb-" + tag), "admin": ("admin", "tz-" + tag)}
    p = {}
    for name, (role, team) in spec.items():
        uid = "%s-%s" % (name, tag)
        c = Client(server, server.token(uid, role, team))
        c.analytics = agrpc.AnalyticsServiceStub(c.channel)
        c.user_id, c.role, c.team = uid, role, team
        p[name] = c
    psql(server, "INSERT INTO users (id, team_id, role) VALUES %s ON CONFLICT (id) DO NOTHING" %
         ",".join("('%s', '%s', '%s')" % (c.user_id, c.team, c.role) for c in p.values()))
    yield p
    for c in p.values():
        c.close()


# ---- the dataset ----

def seed_sql(people, tpl):
    """Sessions on past days with known turns, states, answers, replies, fields and edits."""
    owners = [people["m1"], people["m2"], people["m3"], people["mgr_a"]]
    stmts = []
    n = 0
    for day in (3, 9, 10, 17, 40, 41):
        for oi, owner in enumerate(owners):
            for k in range(1 + (day + oi) % 3):
                n += 1
                sid = str(uuid.uuid4())
                created = TODAY - dt.timedelta(days=day) + dt.timedelta(hours=1 + k, minutes=oi)
                state = STATES[(n + oi) % 6]
                started = created + dt.timedelta(minutes=1) if state != "created" else None
                completed = created + dt.timedelta(minutes=5 + n % 7) if state == "completed" \
                    else None
                plan = {"asked": {"deal_stage": 1 + n % 2, "budget": 1},
                        "follow_ups": {"deal_stage": n % 2}}
                stmts.append(
                    "INSERT INTO sessions (owner_id, id, team_id, template_slug, "
                    "template_version, state, created_at, started_at, completed_at, turn_count, "
                    "plan_state) VALUES ('%s', '%s', '%s', '%s', %d, '%s', '%s', %s, %s, %d, "
                    "'%s')" % (owner.user_id, sid, owner.team, tpl["slug"], tpl["version"], state,
                               created.isoformat(),
                               "'%s'" % started.isoformat() if started else "NULL",
                               "'%s'" % completed.isoformat() if completed else "NULL",
                               n % 5, json.dumps(plan)))
                if started:
                    q_at = started
                    for seq in range(1, 1 + n % 4):
                        model = (seq + n) % 2 == 0
                        stmts.append(
                            "INSERT INTO messages (owner_id, session_id, seq, role, kind, "
                            "provider, model, tokens_in, tokens_out, latency_ms, first_token_ms, "
                            "fallback, created_at) VALUES ('%s', '%s', %d, 'assistant', "
                            "'question', '%s', %s, %s, %s, %s, %s, %s, '%s')" % (
                                owner.user_id, sid, 2 * seq - 1,
                                "openai" if model else "offline",
                                "'gpt-x'" if model else "NULL",
                                100 + n if model else "NULL", 20 + seq if model else "NULL",
                                (37 * n + 11 * seq) % 3000 if model else "NULL",
                                (13 * n + seq) % 400 if model else "NULL",
                                "true" if (not model and n % 3 == 0) else "false",
                                (q_at + dt.timedelta(seconds=seq)).isoformat()))
                        stmts.append(
                            "INSERT INTO messages (owner_id, session_id, seq, role, kind, "
                            "provider, client_msg_id, created_at) VALUES ('%s', '%s', %d, "
                            "'user', 'answer', 'offline', 'c%d', '%s')" % (
                                owner.user_id, sid, 2 * seq, seq,
                                (q_at + dt.timedelta(seconds=30 * seq + n)).isoformat()))
                stages = ["discovery", "proposal", "negotiation"]
                if n % 4 != 0:
                    stmts.append(
                        "INSERT INTO extractions (owner_id, session_id, field_key, value, "
                        "confidence, source) VALUES ('%s', '%s', 'deal_stage', '\"%s\"', %s, "
                        "'rule')" % (owner.user_id, sid, stages[n % 3], 0.5 + (n % 5) / 10))
                    stmts.append(
                        "INSERT INTO extractions (owner_id, session_id, field_key, value, "
                        "confidence, source) VALUES ('%s', '%s', 'sentiment', '\"%s\"', 0.7, "
                        "'rule')" % (owner.user_id, sid, ["positive", "neutral", "negative"][n % 3]))
                if n % 2:
                    stmts.append(
                        "INSERT INTO extractions (owner_id, session_id, field_key, value, "
                        "confidence, source) VALUES ('%s', '%s', 'budget', "
                        "'{\"amount\": %d, \"currency\": \"USD\"}', 0.9, 'rule')" % (
                            owner.user_id, sid, 1000 * n))
                if n % 5 == 1:
                    # A person corrects the budget: history row and the new value.
                    stmts.append(
                        "INSERT INTO extraction_history (owner_id, session_id, field_key, value, "
                        "confidence, source, changed_by) VALUES ('%s', '%s', 'budget', '1', 1, "
                        "'user', '%s')" % (owner.user_id, sid, owner.user_id))
                    stmts.append(
                        "INSERT INTO extractions (owner_id, session_id, field_key, value, "
                        "confidence, source) VALUES ('%s', '%s', 'budget', '{\"amount\": 5}', 1, "
                        "'user') ON CONFLICT (owner_id, session_id, field_key) DO UPDATE SET "
                        "value = EXCLUDED.value, confidence = EXCLUDED.confidence, "
                        "source = 'user'" % (owner.user_id, sid))
    return ";\n".join(stmts)


@pytest.fixture(scope="module")
def data(server, people):
    """Seeds the dataset; returns the base rows the expectations are computed from."""
    tpl = rows(server, "SELECT slug, version, definition FROM templates "
                       "WHERE slug = 'sales_debrief' ORDER BY version DESC LIMIT 1")[0]
    complete_session(people["m1"])  # a real interview through the turn path
    psql(server, "BEGIN;\n" + seed_sql(people, tpl) + ";\nCOMMIT;")
    wait_folded(server)
    base = {
        "sessions": rows(server, "SELECT s.id, s.owner_id, s.team_id, s.template_slug, s.state, "
                                 "s.created_at, s.started_at, s.completed_at, s.turn_count, "
                                 "s.plan_state, t.definition FROM sessions s JOIN templates t "
                                 "ON t.slug = s.template_slug AND t.version = s.template_version"),
        "messages": rows(server, "SELECT session_id, role, kind, provider, model, tokens_in, "
                                 "tokens_out, latency_ms, first_token_ms, fallback, created_at "
                                 "FROM messages"),
        "extractions": rows(server, "SELECT session_id, field_key, value, confidence "
                                    "FROM extractions"),
        "edits": rows(server, "SELECT session_id, field_key FROM extraction_history "
                              "WHERE source = 'user'"),
    }
    return base


# ---- the expectations, from base rows ----

def day_of(s):
    return parse_ts(s["created_at"]).astimezone(UTC).date()


def in_scope(s, start, end, owner=None, team=None, template=None):
    d = day_of(s)
    return (start <= d < end and (owner is None or s["owner_id"] == owner)
            and (team is None or s["team_id"] == team)
            and (template is None or s["template_slug"] == template))


class Expect:
    def __init__(self, base):
        self.base = base
        self.msgs = defaultdict(list)
        for m in base["messages"]:
            self.msgs[m["session_id"]].append(m)
        self.ext = defaultdict(list)
        for e in base["extractions"]:
            self.ext[e["session_id"]].append(e)
        self.edits = defaultdict(list)
        for e in base["edits"]:
            self.edits[e["session_id"]].append(e)

    def select(self, **kw):
        return [s for s in self.base["sessions"] if in_scope(s, **kw)]

    @staticmethod
    def start(s):
        return parse_ts(s["started_at"] or s["created_at"])

    def replies(self, s):
        return [m for m in self.msgs[s["id"]]
                if m["role"] == "assistant" and m["kind"] in ("question", "completed")]

    def session(self, s):
        answers = [parse_ts(m["created_at"]) for m in self.msgs[s["id"]]
                   if m["role"] == "user" and m["kind"] == "answer"]
        req = (s["definition"].get("completion") or {}).get("required_fields") or []
        ext = self.ext[s["id"]]
        plan = s["plan_state"] or {}
        rep = self.replies(s)
        return {
            "turns": s["turn_count"],
            "duration": ((parse_ts(s["completed_at"]) - self.start(s)).total_seconds()
                         if s["state"] == "completed" and s["completed_at"] else 0.0),
            "first_answer": ((min(answers) - self.start(s)).total_seconds() if answers else None),
            "filled": len(ext), "required": len(req),
            "required_filled": sum(1 for e in ext if e["field_key"] in req),
            "conf": sum(e["confidence"] for e in ext),
            "asks": sum((plan.get("asked") or {}).values()),
            "follow_ups": sum((plan.get("follow_ups") or {}).values()),
            "edits": len(self.edits[s["id"]]),
            "replies": len(rep),
            "model_replies": sum(1 for m in rep if (m["provider"] or "offline") != "offline"),
            "fallbacks": sum(1 for m in rep if m["fallback"]),
        }

    def figures(self, ss):
        total = len(ss)
        done = [s for s in ss if s["state"] == "completed"]
        per = [self.session(s) for s in ss]
        return {
            "total": total, "completed": len(done),
            "completion_rate": len(done) / total if total else 0.0,
            "mean_turns": sum(s["turn_count"] for s in ss) / total if total else 0.0,
            "mean_duration_seconds": (sum(self.session(s)["duration"] for s in done) / len(done)
                                      if done else 0.0),
            "by_state": {st: sum(1 for s in ss if s["state"] == st) for st in STATES},
            "per": per,
        }


def approx(x):
    return pytest.approx(x, rel=1e-6, abs=1e-6)


def check_figures(pb, exp):
    assert pb.total == exp["total"]
    assert pb.completed == exp["completed"]
    assert pb.completion_rate == approx(exp["completion_rate"])
    assert pb.mean_turns == approx(exp["mean_turns"])
    assert pb.mean_duration_seconds == approx(exp["mean_duration_seconds"])


def check_metrics(r, ex, ss):
    f = ex.figures(ss)
    assert r.total == f["total"] and r.total > 0
    assert {c.state: c.count for c in r.by_state} == f["by_state"]
    assert r.completion_rate == approx(f["completion_rate"])
    assert r.mean_turns == approx(f["mean_turns"])
    assert r.mean_duration_seconds == approx(f["mean_duration_seconds"])
    per = f["per"]
    answered = [p["first_answer"] for p in per if p["first_answer"] is not None]
    assert r.mean_time_to_first_answer_seconds == approx(
        sum(answered) / len(answered) if answered else 0.0)
    filled = sum(p["filled"] for p in per)
    assert r.fields_filled == filled
    assert r.fields_required == sum(p["required"] for p in per)
    assert r.required_filled == sum(p["required_filled"] for p in per)
    assert r.mean_confidence == approx(sum(p["conf"] for p in per) / filled if filled else 0)
    assert r.follow_ups == sum(p["follow_ups"] for p in per)
    assert r.user_edits == sum(p["edits"] for p in per)
    assert r.replies == sum(p["replies"] for p in per)
    assert r.model_replies == sum(p["model_replies"] for p in per)
    assert r.fallbacks == sum(p["fallbacks"] for p in per)


def bucket_upper(ms):
    """The upper edge of the log2 bucket of ms (docs/analytics.md)."""
    b = min(23, int(math.floor(math.log2(max(ms, 1)))))
    return float(2 ** (b + 1))


def quantile(values, q):
    if not values:
        return 0.0
    v = sorted(values)
    return bucket_upper(v[max(1, math.ceil(q * len(v))) - 1])


# ---- scope: what each role's unfiltered view covers ----

RANGE_DAYS = 60


def filt(**kw):
    start = TODAY - dt.timedelta(days=RANGE_DAYS - 1)
    return apb.AnalyticsFilter(start_time=ts(start), end_time=ts(TODAY + dt.timedelta(days=1)),
                               **kw)


def scope_of(who):
    start = (TODAY - dt.timedelta(days=RANGE_DAYS - 1)).date()
    end = (TODAY + dt.timedelta(days=1)).date()
    if who.role == "admin":
        return dict(start=start, end=end)
    if who.role == "manager":
        return dict(start=start, end=end, team=who.team)
    return dict(start=start, end=end, owner=who.user_id)


ROLES = ["m1", "m3", "mgr_a", "mgr_b", "admin"]


def view(people, data, name):
    """The caller, the expectations, and the sessions the caller's unfiltered view covers."""
    who = people[name]
    ex = Expect(data)
    return who, ex, ex.select(**scope_of(who))


@pytest.mark.parametrize("name", ROLES)
def test_session_metrics_per_role(people, data, name):
    who, ex, ss = view(people, data, name)
    r = who.call(who.analytics.GetSessionMetrics,
                 apb.GetSessionMetricsRequest(filter=filt(), bucket=apb.TREND_BUCKET_DAY))
    check_metrics(r, ex, ss)
    # The trend: one point per day that has sessions, oldest first.
    by_day = defaultdict(list)
    for s in ss:
        by_day[day_of(s)].append(s)
    assert [p.bucket_start.ToDatetime().date() for p in r.trend] == sorted(by_day)
    for p in r.trend:
        check_figures(p.figures, ex.figures(by_day[p.bucket_start.ToDatetime().date()]))
    assert r.effective_start_time.ToDatetime().date() == scope_of(who)["start"]


@pytest.mark.parametrize("name", ROLES)
def test_weekly_trend_and_groups(people, data, name):
    who, ex, ss = view(people, data, name)
    for group_by, key in ((apb.METRICS_GROUP_BY_USER, "owner_id"),
                          (apb.METRICS_GROUP_BY_TEAM, "team_id")):
        r = who.call(who.analytics.GetSessionMetrics, apb.GetSessionMetricsRequest(
            filter=filt(), bucket=apb.TREND_BUCKET_WEEK, group_by=group_by))
        by_week = defaultdict(list)
        for s in ss:
            d = day_of(s)
            by_week[d - dt.timedelta(days=d.weekday())].append(s)
        assert [p.bucket_start.ToDatetime().date() for p in r.trend] == sorted(by_week)
        for p in r.trend:
            check_figures(p.figures, ex.figures(by_week[p.bucket_start.ToDatetime().date()]))
        groups = defaultdict(list)
        for s in ss:
            groups[s[key]].append(s)
        assert sorted(g.key for g in r.groups) == sorted(groups)
        assert not r.groups_truncated
        for g in r.groups:
            check_figures(g.figures, ex.figures(groups[g.key]))


@pytest.mark.parametrize("name", ROLES)
def test_field_coverage_per_role(people, data, name):
    who, ex, ss = view(people, data, name)
    r = who.call(who.analytics.GetFieldCoverage, apb.GetFieldCoverageRequest(filter=filt()))
    sessions = defaultdict(int)
    for s in ss:
        sessions[s["template_slug"]] += 1
    exp = defaultdict(lambda: {"filled": 0, "conf": 0.0, "asks": 0, "follow_ups": 0, "edits": 0})
    for s in ss:
        for e in ex.ext[s["id"]]:
            f = exp[(s["template_slug"], e["field_key"])]
            f["filled"] += 1
            f["conf"] += e["confidence"]
        plan = s["plan_state"] or {}
        for k, v in (plan.get("asked") or {}).items():
            exp[(s["template_slug"], k)]["asks"] += v
        for k, v in (plan.get("follow_ups") or {}).items():
            exp[(s["template_slug"], k)]["follow_ups"] += v
        for e in ex.edits[s["id"]]:
            exp[(s["template_slug"], e["field_key"])]["edits"] += 1
    exp = {k: v for k, v in exp.items() if v["filled"] or v["asks"] or v["edits"]}
    got = {(f.template_slug, f.field_key): f for f in r.fields}
    assert set(got) == set(exp)
    for k, f in got.items():
        e = exp[k]
        assert f.filled == e["filled"] and f.asks == e["asks"]
        assert f.follow_ups == e["follow_ups"] and f.user_edits == e["edits"]
        assert f.sessions == sessions[k[0]]
        assert f.mean_confidence == approx(e["conf"] / e["filled"] if e["filled"] else 0)
        assert f.follow_up_rate == approx(e["follow_ups"] / e["asks"] if e["asks"] else 0)
        assert f.edit_rate == approx(e["edits"] / e["filled"] if e["filled"] else 0)


@pytest.mark.parametrize("name", ROLES)
def test_provider_usage_per_role(people, data, name):
    who, ex, ss = view(people, data, name)
    r = who.call(who.analytics.GetProviderUsage, apb.GetProviderUsageRequest(filter=filt()))
    exp = defaultdict(list)
    for s in ss:
        for m in ex.replies(s):
            exp[(m["provider"] or "offline", m["model"] or "")].append(m)
    got = {(u.provider, u.model): u for u in r.usage}
    assert set(got) == set(exp)
    for k, u in got.items():
        ms = exp[k]
        model = k[0] != "offline"
        assert u.messages == len(ms)
        assert u.tokens_in == sum(m["tokens_in"] or 0 for m in ms)
        assert u.tokens_out == sum(m["tokens_out"] or 0 for m in ms)
        assert u.fallbacks == sum(1 for m in ms if m["fallback"])
        lat = [m["latency_ms"] for m in ms if model and m["latency_ms"] is not None]
        ftok = [m["first_token_ms"] for m in ms if model and m["first_token_ms"] is not None]
        assert u.p50_latency_ms == quantile(lat, 0.5)
        assert u.p99_latency_ms == quantile(lat, 0.99)
        assert u.p50_first_token_ms == quantile(ftok, 0.5)
    model = sum(len(v) for k, v in exp.items() if k[0] != "offline")
    offline = sum(len(v) for k, v in exp.items() if k[0] == "offline")
    assert (r.model_replies, r.offline_replies) == (model, offline)
    assert r.model_share == approx(model / (model + offline) if model + offline else 0)


@pytest.mark.parametrize("name", ROLES)
def test_pipeline_per_role(people, data, name):
    who, ex, ss = view(people, data, name)
    r = who.call(who.analytics.GetPipeline, apb.GetPipelineRequest(filter=filt()))
    exp = defaultdict(lambda: [0, 0.0, 0, 0, 0])
    for s in ss:
        vals = {e["field_key"]: e["value"] for e in ex.ext[s["id"]]}
        stage = vals.get("deal_stage")
        if not isinstance(stage, str) or not stage:
            continue
        e = exp[stage]
        e[0] += 1
        b = vals.get("budget")
        e[1] += (b if isinstance(b, (int, float)) else
                 (b or {}).get("amount", 0) if isinstance(b, dict) else 0)
        sent = vals.get("sentiment")
        for i, name_ in enumerate(["positive", "neutral", "negative"]):
            e[2 + i] += sent == name_
    got = {p.deal_stage: p for p in r.stages}
    assert set(got) == set(exp)
    for k, p in got.items():
        e = exp[k]
        assert (p.sessions, p.positive, p.neutral, p.negative) == (e[0], e[2], e[3], e[4])
        assert p.total_budget == approx(e[1])


def test_filters_narrow(people, data):
    """A manager naming a team member, an admin naming a team and a template."""
    ex = Expect(data)
    mgr, admin, m2 = people["mgr_a"], people["admin"], people["m2"]
    base = scope_of(admin)
    r = mgr.call(mgr.analytics.GetSessionMetrics,
                 apb.GetSessionMetricsRequest(filter=filt(owner_id=m2.user_id)))
    check_metrics(r, ex, ex.select(**dict(base, owner=m2.user_id, team=mgr.team)))
    r = admin.call(admin.analytics.GetSessionMetrics, apb.GetSessionMetricsRequest(
        filter=filt(team_id=people["m3"].team, template_slug="sales_debrief")))
    check_metrics(r, ex, ex.select(**dict(base, team=people["m3"].team,
                                          template="sales_debrief")))
    # A short range: only the sessions of the last 10 days (days 3 and 9 ago, and today).
    r = admin.call(admin.analytics.GetSessionMetrics, apb.GetSessionMetricsRequest(
        filter=apb.AnalyticsFilter(start_time=ts(TODAY - dt.timedelta(days=9)))))
    check_metrics(r, ex, ex.select(start=(TODAY - dt.timedelta(days=9)).date(),
                                   end=(TODAY + dt.timedelta(days=1)).date()))


def test_session_figures(people, data):
    ex = Expect(data)
    by_id = {s["id"]: s for s in data["sessions"]}
    m1, m3, mgr_a, mgr_b, admin = (people[k] for k in ("m1", "m3", "mgr_a", "mgr_b", "admin"))
    own = [s for s in data["sessions"] if s["owner_id"] == m1.user_id]
    for s in own:
        for who in (m1, mgr_a, admin):
            r = who.call(who.analytics.GetSessionAnalytics,
                         apb.GetSessionAnalyticsRequest(session_id=s["id"]))
            e = ex.session(by_id[s["id"]])
            assert (r.owner_id, r.team_id, r.state) == (s["owner_id"], s["team_id"], s["state"])
            assert r.turns == e["turns"]
            assert r.duration_seconds == approx(e["duration"])
            assert r.time_to_first_answer_seconds == approx(e["first_answer"] or 0)
            assert (r.fields_filled, r.fields_required, r.required_filled) == (
                e["filled"], e["required"], e["required_filled"])
            assert r.mean_confidence == approx(e["conf"] / e["filled"] if e["filled"] else 0)
            assert (r.asks, r.follow_ups, r.user_edits) == (e["asks"], e["follow_ups"],
                                                            e["edits"])
            assert (r.replies, r.model_replies, r.fallbacks) == (
                e["replies"], e["model_replies"], e["fallbacks"])
    # The real interview went through the turn path: it has answers, replies and fields.
    real = [s for s in own if s["state"] == "completed" and parse_ts(s["created_at"]) >= TODAY]
    assert real, "the driven interview is missing"
    e = ex.session(real[0])
    assert e["replies"] > 0 and e["filled"] > 0 and e["first_answer"] is not None
    # Another user's session is NOT_FOUND for a member and a manager of another team.
    for who in (m3, mgr_b, people["m2"]):
        code, _ = code_of(lambda: who.call(who.analytics.GetSessionAnalytics,
                                           apb.GetSessionAnalyticsRequest(session_id=own[0]["id"])))
        assert code == grpc.StatusCode.NOT_FOUND
    code, msg = code_of(lambda: m1.call(m1.analytics.GetSessionAnalytics,
                                        apb.GetSessionAnalyticsRequest(session_id="nope")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "session_id" in msg


def all_rpcs(who, f):
    a = who.analytics
    return [lambda: who.call(a.GetSessionMetrics, apb.GetSessionMetricsRequest(filter=f)),
            lambda: who.call(a.GetFieldCoverage, apb.GetFieldCoverageRequest(filter=f)),
            lambda: who.call(a.GetProviderUsage, apb.GetProviderUsageRequest(filter=f)),
            lambda: who.call(a.GetPipeline, apb.GetPipelineRequest(filter=f))]


def test_scope_is_enforced(people, data):
    m1, m2, m3 = people["m1"], people["m2"], people["m3"]
    mgr_a, mgr_b = people["mgr_a"], people["mgr_b"]
    denied = [
        (m1, filt(owner_id=m2.user_id)),   # a member asking for a teammate
        (m1, filt(team_id=m1.team)),       # a member asking for the team
        (mgr_b, filt(team_id=mgr_a.team)),  # a manager of another team
        (mgr_b, filt(owner_id=m1.user_id)),  # ... naming a user outside the team
        (mgr_a, filt(owner_id=m3.user_id)),
    ]
    for who, f in denied:
        for rpc in all_rpcs(who, f):
            code, msg = code_of(rpc)
            assert code == grpc.StatusCode.PERMISSION_DENIED, (who.user_id, f)
            assert "team" in msg or "own" in msg
    # Naming oneself is fine for everyone.
    for who in (m1, mgr_a, people["admin"]):
        for rpc in all_rpcs(who, filt(owner_id=who.user_id)):
            rpc()


def test_invalid_arguments(people, data):
    m1 = people["m1"]
    a = m1.analytics
    long_range = apb.AnalyticsFilter(start_time=ts(TODAY - dt.timedelta(days=400)))
    reversed_ = apb.AnalyticsFilter(start_time=ts(TODAY), end_time=ts(TODAY - dt.timedelta(days=2)))
    for f, words in ((long_range, "366"), (reversed_, "before")):
        for rpc in all_rpcs(m1, f):
            code, msg = code_of(rpc)
            assert code == grpc.StatusCode.INVALID_ARGUMENT and words in msg, msg
    code, msg = code_of(lambda: m1.call(a.GetSessionMetrics,
                                        apb.GetSessionMetricsRequest(bucket=7)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "TREND_BUCKET_DAY" in msg
    code, msg = code_of(lambda: m1.call(a.GetSessionMetrics,
                                        apb.GetSessionMetricsRequest(group_by=9)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "METRICS_GROUP_BY_USER" in msg
    code, msg = code_of(lambda: m1.call(a.GetPipeline, apb.GetPipelineRequest(
        filter=apb.AnalyticsFilter(template_slug="x" * 100))))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "template_slug" in msg
    # No team id holds a control character; the system totals' own id is one.
    admin = people["admin"]
    for rpc in all_rpcs(admin, apb.AnalyticsFilter(team_id="\x01")):
        code, msg = code_of(rpc)
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "control character" in msg, msg
    # No token at all.
    anon = agrpc.AnalyticsServiceStub(m1.channel)
    with pytest.raises(grpc.RpcError) as e:
        anon.GetSessionMetrics(apb.GetSessionMetricsRequest(), timeout=5)
    assert e.value.code() == grpc.StatusCode.UNAUTHENTICATED


ROLLUPS = ["analytics_daily", "analytics_field_daily", "analytics_usage_daily",
           "analytics_pipeline_daily"]


def norm_rows(t, rs):
    """Rows as sorted JSON, numbers as floats rounded, all-zero rollup rows dropped.

    A double sum folded in another order can land a hair off (9.999999999999998
    for 10), which rounds to the float 10.0: every number is compared as a
    rounded float, so 10 and 10.0 are one value."""
    out = []
    for r in rs:
        vals = [v for k, v in r.items() if k not in ("day",)]
        nums = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if t != "session_stats" and not any(nums) and not any(
                isinstance(v, list) and any(v) for v in vals):
            continue  # a key whose sessions all moved elsewhere
        out.append(json.dumps({k: (round(float(v), 6) if isinstance(v, (int, float))
                                   and not isinstance(v, bool) else v)
                               for k, v in r.items()}, sort_keys=True))
    return sorted(out)


def snapshot(server, tables):
    return {t: norm_rows(t, rows(server, "SELECT * FROM %s" % t)) for t in tables}


def test_fold_is_idempotent(server, people, data):
    """Folding every session again, twice, leaves every rollup as it was."""
    wait_folded(server)
    before = snapshot(server, ROLLUPS)
    assert before["analytics_daily"], "the dataset folded into no daily row"
    for _ in range(2):
        psql(server, "UPDATE session_stats SET dirty = true")
        wait_folded(server)
        assert snapshot(server, ROLLUPS) == before


def test_two_servers_folding_at_once_agree_with_one(server, people, data):
    """Two more servers folding every 10 ms plus two SQL folders, one session per
    transaction, on one database: the figures are those of a single fold."""
    wait_folded(server)
    before = snapshot(server, ROLLUPS)
    env = {"DEBRIEF_ANALYTICS_FOLD_MS": "10"}
    url = server.env["DEBRIEF_DATABASE_URL"]
    extra = [Server(url, env=env, log_name="it_analytics_fold%d" % i).start() for i in (1, 2)]
    try:
        for _ in range(3):
            psql(server, "UPDATE session_stats SET dirty = true")
            errors = []

            def fold_one_by_one():
                try:
                    while int(psql(server, "SELECT analytics_fold(1)")):
                        pass
                except Exception as e:  # reported below, not swallowed
                    errors.append(e)
            ts_ = [threading.Thread(target=fold_one_by_one) for _ in range(2)]
            for t in ts_:
                t.start()
            for t in ts_:
                t.join()
            assert not errors, errors
            wait_folded(server)
            assert snapshot(server, ROLLUPS) == before
        for srv in extra:
            assert "analytics.fold_failed" not in srv.read_log()
    finally:
        for srv in extra:
            assert srv.stop() == 0, srv.read_log()


def test_rebuild_matches_triggers(server, people, data):
    """The migration's backfill and the triggers plus the fold agree row for row
    (zero rows aside), and a fold after the rebuild changes nothing."""
    wait_folded(server)
    tables = ["session_stats"] + ROLLUPS
    keep = snapshot(server, tables)
    psql(server, "SELECT analytics_rebuild()")
    after = snapshot(server, tables)
    for t in tables:
        assert keep[t] == after[t], t
    psql(server, "UPDATE session_stats SET dirty = true")
    wait_folded(server)
    assert snapshot(server, tables) == after



def test_system_totals_sum_the_team_totals(server, people, data):
    """Each rollup's system row (team_id = analytics_all_teams()) holds the sum
    of the team totals of its day, template and key, and nothing else."""
    wait_folded(server)
    tables = {"analytics_daily": ("sessions", ""),
              "analytics_field_daily": ("filled", ", field_key"),
              "analytics_usage_daily": ("replies", ", provider, model"),
              "analytics_pipeline_daily": ("sessions", ", deal_stage")}
    for t, (measure, key) in tables.items():
        cols = "day, template_slug" + key
        got = rows(server, "SELECT %s, %s AS n FROM %s WHERE owner_id = '' AND team_id = "
                   "analytics_all_teams() AND %s <> 0 ORDER BY %s" % (cols, measure, t, measure,
                                                                      cols))
        want = rows(server, "SELECT %s, sum(%s)::bigint AS n FROM %s WHERE owner_id = '' AND "
                    "team_id <> analytics_all_teams() GROUP BY %s HAVING sum(%s) <> 0 "
                    "ORDER BY %s" % (cols, measure, t, cols, measure, cols))
        assert want, t
        assert got == want, t
