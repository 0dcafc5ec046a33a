"""A county's year of activities at bench scale, written straight into SQLite (the demo's service calls
would take hours for 40,000 activities): done activities spread over the year, each attended by a
random sample of volunteers, hours in half-hour steps."""

import random
import sqlite3
from pathlib import Path

CATEGORIES = ("理论宣讲", "教育服务", "文化服务", "科技与科普服务", "健康促进与体育服务", "法律服务", "其他")
BRANDS = ("", "逢5出发", "四季行", "我们的节日", "三下乡")


def add_year(path: Path, *, year: int, activities: int, per_activity: int, seed: int = 1) -> int:
    """Adds `activities` × `per_activity` attended participations in `year`; returns how many."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    volunteers = [r[0] for r in con.execute("SELECT id FROM volunteer")]
    teams = [r[0] for r in con.execute("SELECT id FROM team")]
    now = f"{year}-01-01 00:00:00"
    with con:
        first = (con.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0]) + 1
        rows = []
        for n in range(activities):
            day = 1 + rng.randrange(365)
            month, dom = _month_day(year, day)
            hour = rng.choice((9, 14))
            start = f"{year}-{month:02d}-{dom:02d} {hour:02d}:00:00"
            end = f"{year}-{month:02d}-{dom:02d} {hour + 2:02d}:00:00"
            rows.append((first + n, f"县域活动{n}", rng.choice(CATEGORIES), rng.choice(BRANDS), start, end, "村文化礼堂",
                         rng.choice(teams), rng.randrange(10, 120), "done", now, now))
        con.executemany("INSERT INTO activity (id, title, category, brand, starts_at, ends_at, place, organiser_team_id,"
                        " beneficiaries, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        batch = []
        for aid in range(first, first + activities):
            for vid in rng.sample(volunteers, per_activity):
                batch.append((aid, vid, 1, rng.choice((1.0, 1.5, 2.0, 2.0, 2.5))))
            if len(batch) >= 200_000:
                _participations(con, batch)
                batch = []
        _participations(con, batch)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return activities * per_activity


def _participations(con, batch) -> None:
    con.executemany("INSERT INTO participation (activity_id, volunteer_id, attended, hours, source)"
                    " VALUES (?, ?, ?, ?, 'bench')", batch)


def _month_day(year: int, day_of_year: int) -> tuple[int, int]:
    from datetime import date, timedelta

    d = date(year, 1, 1) + timedelta(days=min(day_of_year, 365) - 1)
    return d.month, d.day
