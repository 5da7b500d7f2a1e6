"""p50/p99 of every AnalyticsService RPC over gRPC (bench/analytics/run.sh).

For each scope - a member's own 90 days, a manager's team over 90 days, an
admin's system-wide 90 days - it calls each RPC COUNT times back to back
from one caller (after 5 warm-up calls) and prints p50/p99 in ms and the
ratio to the baseline: grpc.health.v1.Health/Check on the same server,
channel and client, measured in the same run. Requests are encoded by hand
(raw bytes), so no stubs are needed. Every loop is bounded by COUNT and by
a per-call deadline; the target must be a loopback address.
Arguments: target member_token manager_token admin_token session_id count
"""
import os
import statistics
import sys
import time

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gateway_bench import field, varint  # noqa: E402

DAY = 86400


def ts(seconds):
    return varint(1 << 3) + varint(seconds)


def filt(days, **kw):
    end = (int(time.time()) // DAY + 1) * DAY
    out = field(1, ts(end - days * DAY)) + field(2, ts(end))
    for num, key in ((3, "template_slug"), (4, "team_id"), (5, "owner_id")):
        if kw.get(key):
            out += field(num, kw[key])
    return out


def enum(num, v):
    return varint(num << 3) + varint(v)


def measure(ch, path, req, md, count):
    fn = ch.unary_unary(path, request_serializer=None, response_deserializer=None)
    for _ in range(5):
        fn(req, metadata=md, timeout=30)
    lat = []
    size = 0
    for _ in range(count):
        t0 = time.perf_counter()
        size = len(fn(req, metadata=md, timeout=30))
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    return lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))], size


def main():
    target, member, manager, admin, session_id, count = sys.argv[1:7]
    count = int(count)
    assert target.startswith("127.") or target.startswith("localhost"), "loopback only"
    ch = grpc.insecure_channel(target)
    svc = "/debrief.v1.AnalyticsService/"
    base50, base99, _ = measure(ch, "/grpc.health.v1.Health/Check", b"", [], count)
    print("baseline Health/Check: p50 %.3f ms, p99 %.3f ms (%d calls)" % (base50, base99, count))
    print()
    print("%-8s %-44s %9s %9s %8s %8s %7s" % ("scope", "rpc", "p50 ms", "p99 ms", "p50 x", "p99 x",
                                              "bytes"))
    scopes = [("member", member), ("team", manager), ("system", admin)]
    for scope, token in scopes:
        md = [("authorization", "Bearer " + token)]
        f = field(1, filt(90))
        cases = [
            ("GetSessionMetrics", f),
            ("GetSessionMetrics bucket=week", f + enum(2, 2)),
            ("GetSessionMetrics bucket=day group=user", f + enum(2, 1) + enum(3, 1)),
            ("GetSessionMetrics group=team", f + enum(3, 2)),
            ("GetFieldCoverage", f),
            ("GetProviderUsage", f),
            ("GetPipeline", f),
        ]
        if scope == "member":
            cases.append(("GetSessionAnalytics", field(1, session_id)))
        for name, req in cases:
            rpc = name.split()[0]
            p50, p99, size = measure(ch, svc + rpc, req, md, count)
            print("%-8s %-44s %9.2f %9.2f %8.1f %8.1f %7d" % (
                scope, name, p50, p99, p50 / base50, p99 / base99, size))
        sys.stdout.flush()
    ch.close()


if __name__ == "__main__":
    main()
