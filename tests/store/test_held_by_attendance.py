"""Migration 15 on a file the previous release made (schema_history/v14): an activity whose attendance
its kiosk recorded without marking it held counts after the upgrade, everywhere and in the tallies."""

import shutil
import sqlite3
from pathlib import Path

from stationdesk.services import attendance, stats
from stationdesk.store import open_database
from stationdesk.store.health import check_database

HISTORY = Path(__file__).parent / "schema_history"


def test_kiosk_attendance_of_the_previous_release_counts_after_the_upgrade(tmp_path):
    db = tmp_path / "station.sqlite3"
    shutil.copy(HISTORY / "v14.sqlite3", db)
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 14
        con.execute("PRAGMA foreign_keys = ON")
        cur = con.execute(
            "INSERT INTO activity (title, category, brand, starts_at, ends_at, place, partner, content, summary,"
            " beneficiaries, status, created_at, updated_at) VALUES ('扫码活动', '文化服务', '', '2026-06-06 09:00:00',"
            " '2026-06-06 12:00:00', '', '', '', '', 5, 'planned', '2026-06-01 08:00:00', '2026-06-01 08:00:00')")
        kiosk = cur.lastrowid
        people = [r[0] for r in con.execute("SELECT id FROM volunteer ORDER BY id LIMIT 2")]
        for vid in people:  # what v14's scan() wrote: attended, hours, the activity left planned
            con.execute("INSERT INTO participation (activity_id, volunteer_id, attended, check_in, check_out, hours,"
                        " needs_review, source) VALUES (?, ?, 1, '2026-06-06 09:00:00', '2026-06-06 11:30:00', 2.5, 0,"
                        " 'scan')", (kiosk, vid))
        before = con.execute("SELECT count(*), sum(hours) FROM participation p JOIN activity a"
                             " ON a.id = p.activity_id WHERE p.attended = 1 AND a.status = 'done'"
                             " AND a.starts_at LIKE '2026%'").fetchone()
        con.commit()
    finally:
        con.close()
    with open_database(db) as store:
        assert store.scalar("SELECT status FROM activity WHERE id = ?", (kiosk,)) == "done"
        year = stats.compute(store, stats.period_of(2026))
        assert (year.participations, year.hours) == (before[0] + 2, before[1] + 5.0)
        for vid in people:  # the volunteer's total, the tally and 统计 say the same
            total = store.scalar("SELECT hours FROM volunteer_tally WHERE period = '' AND volunteer_id = ?", (vid,))
            assert attendance.hours_summary(store, vid).total == total
        assert check_database(store) == []
        plan = " ".join(r[-1] for r in store.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM volunteer WHERE {stats.REGISTERED} >= ? AND {stats.REGISTERED} < ?",
            ("2026-01-01", "2027-01-01")))
        assert "volunteer_registered" in plan  # new volunteers: a range walk, not a scan of every record
