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


def ledger_station(path: Path, *, activities: int, photos_per_activity: int = 2, seed: int = 1) -> None:
    """A village station's busy year for the 台账: `activities` held activities with attendance and
    camera-sized photos (stored resized, as the app stores them)."""
    import subprocess
    import sys
    import tempfile

    from PIL import Image, ImageDraw

    from stationdesk.services import photos
    from stationdesk.store import open_database

    subprocess.run([sys.executable, "-m", "stationdesk", "--db", str(path), "demo", "--volunteers", "300",
                    "--activities", str(activities), "--seed", str(seed)], check=True, capture_output=True)
    rng = random.Random(seed)
    bases = []
    for _ in range(6):  # scenes with detail, so JPEG cannot shrink them to nothing
        image = Image.new("RGB", (2000, 1500), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        draw = ImageDraw.Draw(image)
        for _ in range(300):
            x, y = rng.randrange(2000), rng.randrange(1500)
            draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)),
                         fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        bases.append(image)
    with tempfile.TemporaryDirectory() as tmp, open_database(path) as store:
        held = [r[0] for r in store.execute("SELECT id FROM activity WHERE status = 'done'")]
        for aid in held:
            for n in range(photos_per_activity):  # every photo different, as a camera's are
                image = rng.choice(bases).copy()
                x, y = rng.randrange(1800), rng.randrange(1300)
                ImageDraw.Draw(image).rectangle((x, y, x + 200, y + 200), fill=(aid % 256, n * 90, rng.randrange(256)))
                picture = Path(tmp) / f"{aid}-{n}.jpg"
                image.save(picture, quality=88)
                photos.add_photo(store, aid, picture, caption="活动现场")
