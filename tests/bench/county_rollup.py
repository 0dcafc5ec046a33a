"""A county's rollup on PostgreSQL at scale (#18): 2,500 stations × 300 volunteers (750,000 people) and
5,000,000 participations a year, as signed station packages — made here from synthetic rows, signed and
zipped by the app's own `write_package` as a station's are — imported into a throwaway PostgreSQL cluster
through the app's own rollup.

Rows: every package imported (≤ 2× its floor: COPY of the same rows into the same tables, unverified), one
station's newer package into the full county (≤ 1 s), the year's rollup stats (≤ 1 s; floor: reading the
rows it reads — every station's figures for the year and the people keyed at several stations), people
registered at several stations (≤ 10 s).

Usage: python -m tests.bench.county_rollup STATIONS VOLUNTEERS WORKDIR → prints JSON rows
"""

import json
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

YEAR = 2025
PER_ACTIVITY = 50
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志海燕琴云飞"
CATEGORIES = ("理论宣讲", "教育服务", "文化服务", "科技与科普服务", "健康促进与体育服务", "法律服务", "其他")
MOVED = 0.01  # people who registered again at a neighbouring station: the duplicates the county looks for


def person(station: int, number: int) -> dict:
    """The same person for the same (station, number), without keeping 750,000 of them in memory."""
    rng = random.Random(f"person-{station}-{number}")
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    return {"name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            "gender": rng.choice(("男", "女")), "birth_date": born.isoformat(),
            "full_id": f"330122{born:%Y%m%d}{number % 1000:03d}X"}


def station_members(index: int, volunteers: int) -> dict:
    """One station's package members for YEAR (the same every time they are asked for); the first 1% of
    its people are people of the station before, registered here again."""
    from stationdesk.domain.masking import mask_id_number

    rng = random.Random(f"station-{index}")
    people = [person(index - 1, rng.randrange(volunteers)) if index and n < volunteers * MOVED else person(index, n)
              for n in range(volunteers)]
    vols = [{"id": n + 1, "name": p["name"], "gender": p["gender"], "birth_date": p["birth_date"],
             "id_number": mask_id_number(p["full_id"]), "village_group": f"{rng.randrange(1, 11)}组",
             "status": "active"} for n, p in enumerate(people)]
    activities, participations = [], []
    for a in range(max(1, volunteers * 20 // 3 // PER_ACTIVITY)):  # ~6.7 services a volunteer: 5M for 750k
        starts = datetime(YEAR, 1, 1, 9) + timedelta(days=rng.randrange(365))
        activities.append({"id": a + 1, "title": f"志愿服务活动{a + 1}", "category": rng.choice(CATEGORIES),
                           "starts_at": starts.isoformat(sep=" "), "status": "done",
                           "beneficiaries": rng.randrange(10, 80)})
        for vid in rng.sample(range(1, volunteers + 1), min(PER_ACTIVITY, volunteers)):
            participations.append({"activity_id": a + 1, "volunteer_id": vid, "attended": 1,
                                   "hours": rng.choice((1.0, 1.5, 2.0, 2.5, 3.0))})
    stats = {"activities": len(activities), "participations": len(participations),
             "volunteers_active": len({p["volunteer_id"] for p in participations}),
             "hours": round(sum(p["hours"] for p in participations), 2),
             "beneficiaries": sum(a["beneficiaries"] for a in activities), "new_volunteers": 0, "certificates": 0}
    return {"volunteers": vols, "activities": activities, "participations": participations, "stats": stats}


def station_manifest(index: int, public_key: bytes, members: dict, created_at: str) -> dict:
    return {"station": {"id": str(uuid.UUID(int=random.Random(f"id-{index}").getrandbits(128))),
                        "name": f"第{index + 1}村新时代文明实践站", "parent": f"第{index // 12 + 1}镇新时代文明实践所",
                        "public_key": public_key.hex()},
            "app_version": "bench", "schema_version": 13, "period": {"year": YEAR}, "created_at": created_at,
            "rules": {"daily_cap": 8},
            "rows": {k: len(v) for k, v in members.items() if isinstance(v, list)},
            "personal_data": {"names": True, "id_numbers": "masked", "phones": "masked"}}


def make_packages(folder: Path, stations: int, volunteers: int) -> list[tuple[Path, bytes]]:
    """(path, private key) of each station's signed package."""
    from stationdesk.exchange.package import new_key, write_package

    out = []
    for index in range(stations):
        members = station_members(index, volunteers)
        private, public = new_key()
        manifest = station_manifest(index, public, members, f"{YEAR + 1}-01-05T09:00:00")
        path = folder / f"station-{index:04d}.sdpkg"
        write_package(path, manifest, members, private)
        out.append((path, private))
    return out


def copy_floor(psycopg, url: str, stations: int, volunteers: int) -> float:
    """The same rows by COPY into the same tables, unverified: the seconds spent in COPY (making the rows
    again is not counted)."""
    from stationdesk.domain.masking import person_key

    spent = 0.0
    with psycopg.connect(url) as con, con.cursor() as cur:
        for index in range(stations):
            members = station_members(index, volunteers)
            sid = f"station-{index}"
            start = time.perf_counter()
            cur.execute("INSERT INTO r_station VALUES (%s, %s, '', '', %s, '', '', now())", (sid, sid, YEAR))
            for table, columns, rows in (
                    ("r_volunteer", "local_id, name, gender, birth_date, id_number, village_group, status, person_key",
                     [(v["id"], v["name"], v["gender"], v["birth_date"], v["id_number"], v["village_group"],
                       v["status"], person_key(v["name"], v["birth_date"], v["id_number"]))
                      for v in members["volunteers"]]),
                    ("r_activity", "local_id, title, category, starts_at, status, beneficiaries",
                     [(a["id"], a["title"], a["category"], a["starts_at"], a["status"], a["beneficiaries"])
                      for a in members["activities"]]),
                    ("r_participation", "activity_id, volunteer_id, attended, seconds",
                     [(p["activity_id"], p["volunteer_id"], bool(p["attended"]), round(p["hours"] * 3600))
                      for p in members["participations"]]),
                    ("r_year_stats", "year, figures", [(YEAR, json.dumps(members["stats"]))])):
                with cur.copy(f"COPY {table} (station_id, {columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((sid, *row))
            con.commit()
            spent += time.perf_counter() - start
    return spent


def main(stations: int, volunteers: int, work: Path) -> list[dict]:
    from stationdesk.exchange.package import write_package
    from stationdesk.services import rollup
    from stationdesk.store.rollup import postgres_driver
    from tests.pg_server import throwaway_cluster

    rows = []
    made_at = time.perf_counter()
    packages = make_packages(work, stations, volunteers)
    print(f"county rollup: {stations} packages made in {time.perf_counter() - made_at:.0f} s", file=sys.stderr)
    with throwaway_cluster(Path(tempfile.mkdtemp(prefix="stationdesk-county-pg-"))) as server:
        psycopg = postgres_driver()
        with psycopg.connect(server, autocommit=True) as con:
            con.execute("CREATE DATABASE county")
            con.execute("CREATE DATABASE floor")
        county, floor_db = (server.replace("/postgres?", f"/{name}?") for name in ("county", "floor"))
        rollup.open_target(floor_db, upgrade=True).close()  # the rollup's own tables, for the floor's COPY
        floor = copy_floor(psycopg, floor_db, stations, volunteers)

        db = rollup.open_target(county, upgrade=True)
        start = time.perf_counter()
        for path, _ in packages:
            rollup.import_package(db, path)
        every = time.perf_counter() - start
        participations = db.db.execute_sql("SELECT count(*) FROM r_participation").fetchone()[0]
        rows.append({"operation": f"import every station's package ({stations:,} stations, {participations:,}"
                                  " participations)", "ours_s": every, "floor_s": floor, "budget": "≤ 2× floor",
                     "passed": every <= 2 * floor})

        index = stations // 2  # one station sends a newer package of the same year
        members = station_members(index, volunteers)
        private = packages[index][1]
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        public = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        newer = write_package(work / "newer.sdpkg", station_manifest(index, public, members, f"{YEAR + 1}-02-01T09:00:00"),
                              members, private)
        start = time.perf_counter()
        assert rollup.import_package(db, newer).outcome == "imported"
        one = time.perf_counter() - start
        rows.append({"operation": "one station's newer package into the full county", "ours_s": one,
                     "floor_s": floor / stations, "budget": "≤ 1 s", "passed": one <= 1})

        with psycopg.connect(county) as raw:
            start = time.perf_counter()
            raw.execute("SELECT s.name, y.figures FROM r_year_stats y JOIN r_station s USING (station_id)"
                        " WHERE y.year = %s", (YEAR,)).fetchall()
            raw.execute("SELECT person_key FROM r_volunteer GROUP BY person_key"
                        " HAVING count(DISTINCT station_id) > 1").fetchall()
            aggregate = time.perf_counter() - start
        start = time.perf_counter()
        totals = rollup.totals(db, YEAR)
        took = time.perf_counter() - start
        assert len(totals["stations"]) == stations and totals["participations"] == participations
        rows.append({"operation": f"the year's rollup stats over {stations:,} stations", "ours_s": took,
                     "floor_s": aggregate, "budget": "≤ 1 s", "passed": took <= 1})

        start = time.perf_counter()
        found = rollup.duplicates(db)
        took = time.perf_counter() - start
        rows.append({"operation": f"people at several stations ({len(found):,} found among {stations * volunteers:,})",
                     "ours_s": took, "floor_s": aggregate, "budget": "≤ 10 s", "passed": took <= 10})
        db.close()
    return rows


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), Path(tmp)), ensure_ascii=False))
