"""WatchNotifications fan-out: one user's burst of notifications reaches
every live watch of that user once, in order, and the hub reads the
database once per user per burst, not once per watch per notification."""
import subprocess
import threading
import time

from conftest import Client, Server, db_url_for
from debrief.v1 import notification_service_pb2 as npb
from debrief.v1 import notification_service_pb2_grpc as ngrpc

WATCHERS = 8
NOTES = 40


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def reads_of_notifications(url):
    # Statistics are flushed by backends about once a second.
    time.sleep(1.5)
    return int(psql(url, "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) "
                         "FROM pg_stat_user_tables WHERE relname = 'notifications'"))


def test_burst_reaches_every_watch_once_with_one_read_per_user():
    url = db_url_for("it_notify_fanout")
    srv = Server(url, log_name="it_notify_fanout").start()
    c = Client(srv, srv.token("fan-user", "member", "team-a"))
    try:
        stub = ngrpc.NotificationServiceStub(c.channel)
        got = [[] for _ in range(WATCHERS)]
        calls = [stub.WatchNotifications(npb.WatchNotificationsRequest(), metadata=c.md,
                                         timeout=60) for _ in range(WATCHERS)]

        def read(i):
            try:
                for r in calls[i]:
                    got[i].append(r.notification.id)
                    if len(got[i]) == NOTES:
                        return
            except Exception:  # noqa: BLE001  (a cancelled call ends the reader)
                pass

        threads = [threading.Thread(target=read, args=(i,), daemon=True)
                   for i in range(WATCHERS)]
        for t in threads:
            t.start()
        time.sleep(1)  # every watch is registered
        psql(url, "INSERT INTO users (id, team_id, role) VALUES ('fan-user', 'team-a', 'member') "
                  "ON CONFLICT DO NOTHING")
        before = reads_of_notifications(url)
        # One transaction per notification, as the server writes them.
        psql(url, "; ".join(
            "WITH n AS (INSERT INTO notifications (user_id, kind, text) "
            "VALUES ('fan-user', 'session_completed', 'note %d') RETURNING id) "
            "SELECT pg_notify('debrief_notifications', 'fan-user:' || id) FROM n" % i
            for i in range(NOTES)))
        for t in threads:
            t.join(20)
        after = reads_of_notifications(url)
        for ids in got:
            assert len(ids) == NOTES and ids == sorted(set(ids)), ids
        reads = after - before
        print("FIGURE: notify-fanout watchers=%d notifications=%d table_reads=%d "
              "(one read per watch per notification would be %d)" % (
                  WATCHERS, NOTES, reads, WATCHERS * NOTES))
        assert reads <= NOTES + 5, reads
        for call in calls:
            call.cancel()
    finally:
        c.close()
        assert srv.stop() == 0, srv.read_log()
