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


def add_everything(path: Path, *, year: int, volunteers: int, seed: int = 1) -> dict[str, int]:
    """The rest of a county's year, at 100,000 volunteers: a year of points (credited by the app's own
    补记), 5,000 honours with their certificates, 20,000 residents' requests through every step, 2,500
    civilised units each with an agreement and entries, 10,000 fund entries, honours' courtesies and
    activity photos — all through the services, as an operator's year would write them (scaled with
    `volunteers`). Returns how many of each."""
    from datetime import date, datetime, timedelta

    from PIL import Image

    from stationdesk.services import certificates, funds, honours, pairings, photos, points, requests
    from stationdesk.services.pairings import UnitDraft
    from stationdesk.services.requests import RequestDraft
    from stationdesk.store import open_database

    share = volunteers / 100_000
    rng = random.Random(seed)
    made: dict[str, int] = {}
    with open_database(path) as store:
        made["points lines"] = points.credit_past(store)
        people = [r[0] for r in store.execute("SELECT id FROM volunteer WHERE status = 'active' ORDER BY id")]
        teams = [r[0] for r in store.execute("SELECT id FROM team WHERE archived = 0")]
        activities = [r[0] for r in store.execute("SELECT id FROM activity WHERE starts_at LIKE ? ORDER BY id",
                                                  (f"{year}-%",))]
        honoured = rng.sample(people, int(5_000 * share))
        for vid in honoured:
            honours.add_honor(store, title="优秀志愿者", level=rng.choice(honours.LEVELS), year=year, volunteer_id=vid,
                              conferred_by="县文明办", deeds="长期参加志愿服务")
        made["certificates"] = len(certificates.issue_honors(store, honoured, year=year, title="优秀志愿者",
                                                             on=date(year, 12, 20)))
        honor_ids = [r[0] for r in store.execute("SELECT id FROM honor WHERE year = ?", (year,))]
        for hid in honor_ids[: len(honor_ids) // 5]:
            honours.give_courtesy(store, hid, "景区免费游览", date(year, 12, 28))
        made["honours"] = len(honor_ids)

        first = datetime(year, 1, 1, 9, 0)
        requests_made = int(20_000 * share)
        for n in range(requests_made):
            at = first + timedelta(minutes=rng.randrange(360 * 24 * 60))
            rid = requests.create_request(store, RequestDraft(resident_name=f"群众{n}", village_group=f"{n % 12 + 1}组",
                                                              what=rng.choice(("理发", "代购药品", "修水管", "陪诊"))),
                                          now=at)
            step = rng.random()
            if step < 0.9:
                requests.dispatch(store, rid, due_on=at.date() + timedelta(days=7), team_id=rng.choice(teams), now=at)
            if step < 0.8:
                crew = rng.sample(people, 2)
                requests.accept(store, rid, crew, now=at + timedelta(hours=2))
                requests.complete(store, rid, "已上门服务", served_at=at + timedelta(days=1), hours=1.5, now=at + timedelta(days=1))
            if step < 0.6:
                requests.review(store, rid, rng.choice((4, 5)), now=at + timedelta(days=2))
        made["requests"] = requests_made

        units = int(2_500 * share)
        for n in range(units):
            uid = pairings.add_unit(store, UnitDraft(name=f"县直第{n}单位", title_level="县级文明单位", kind="机关"))
            pid = pairings.create_pairing(store, uid, signed_on=date(year - 1, 12, 1), starts_on=date(year - 1, 12, 1),
                                          ends_on=date(year + 2, 11, 30))
            for cid, aspect in store.execute("SELECT id, aspect FROM commitment WHERE pairing_id = ?", (pid,)).fetchall():
                if aspect != "活动共办":
                    pairings.log_entry(store, cid, happened_on=date(year, rng.randrange(1, 13), 10), what="按协议开展",
                                       people=rng.randrange(3, 30))
        made["pairings"] = units

        entries = int(10_000 * share)
        for n in range(entries):
            on = date(year, 1, 1) + timedelta(days=n * 365 // max(entries, 1))
            source = funds.SOURCES[n // 4 % len(funds.SOURCES)]  # money in, then three payments out of it
            if n % 4 == 0:
                funds.add_entry(store, entered_on=on, direction=funds.IN, source=source,
                                amount=str(rng.randrange(3_000, 20_000)), purpose="拨款")
            else:
                funds.add_entry(store, entered_on=on, direction=funds.OUT, source=source,
                                amount=str(rng.randrange(10, 800)), purpose="活动物资", activity_id=rng.choice(activities))
        made["fund entries"] = entries

        picture = path.with_suffix(".bench.jpg")
        Image.new("RGB", (800, 600), (120, 160, 90)).save(picture, quality=85)
        for aid in rng.sample(activities, min(len(activities), int(400 * share) or 1)):
            photos.add_photo(store, aid, picture, caption="活动现场")
        picture.unlink()
        made["photos"] = store.scalar("SELECT count(*) FROM activity_photo")
    return made
