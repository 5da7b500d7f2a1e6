"""The notification hub delivers each notification exactly once.

A burst of notifications committed together for one user (one transaction,
one NOTIFY per row, the way turn.c writes them) reaches an open
WatchNotifications stream once each: the first NOTIFY's scan sends the whole
burst, and the NOTIFYs of rows already sent must not send them again, even
when the burst is larger than the hub's ring of recently sent ids."""
import subprocess
import time

from conftest import Server, db_url_for
from test_notifications import Watch, client_for

BURST = 150  # more than notify_hub.c's SENT_RING


def psql(url, sql):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def test_burst_is_delivered_once():
    url = db_url_for("it_review_notify_hub")
    srv = Server(url, log_name="it_review_notify_hub").start()
    try:
        c = client_for(srv)
        w = Watch(c)
        time.sleep(1.0)  # let the watch register
        uid = c.user_id.replace("'", "''")
        psql(url, "BEGIN; "
             "INSERT INTO users (id, role, team_id) VALUES ('%s', 'member', 'team-a') "
             " ON CONFLICT DO NOTHING; "
             "WITH n AS (INSERT INTO notifications (user_id, kind, text) "
             " SELECT '%s', 'session_completed', 'burst ' || g FROM generate_series(1, %d) g "
             " RETURNING id) "
             "SELECT pg_notify('debrief_notifications', '%s' || ':' || id) FROM n; "
             "COMMIT;" % (uid, uid, BURST, uid))
        got = w.collect(BURST, timeout=30)
        ids = [n.id for n in got]
        assert ids == sorted(set(ids)), "out of order or repeated"
        assert w.quiet(2.0), "a notification was delivered twice"
        w.call.cancel()
        c.close()
    finally:
        assert srv.stop() == 0, srv.read_log()
