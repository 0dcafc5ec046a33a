"""A town's rollup (SQLite) and a county's (PostgreSQL, a throwaway cluster) from two stations' signed
packages: totals equal the sum of the stations' own statistics, re-import changes nothing, an older,
altered or re-keyed package is refused."""

import json
import shutil
import sqlite3
import subprocess
import uuid
import zipfile

import pytest

from stationdesk.store.rollup import open_rollup
from tests.e2e.test_cli import run


@pytest.fixture(params=["sqlite", "postgresql"])
def rollup_target(request, tmp_path):
    """A town's SQLite file, or a new database on the county's PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "town.sqlite3")
    from stationdesk.store.rollup import postgres_driver

    server = request.getfixturevalue("postgres_url")
    name = f"county_{uuid.uuid4().hex[:12]}"
    with postgres_driver().connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?")


def held(target: str, sql: str):
    """One row read from the rollup database, as the rollup itself opens it."""
    with open_rollup(target) as rollup:
        return tuple(rollup.db.execute_sql(sql).fetchone())


def station(tmp_path, name: str, seed: int):
    db = tmp_path / f"{name}.sqlite3"
    run("--db", db, "demo", "--volunteers", "40", "--seed", seed, check_code=0)
    return db


def test_a_typo_in_a_town_path_makes_nothing(tmp_path):
    town = tmp_path / "town.sqlite3"
    assert "找不到汇总数据库" in run("rollup", "--db", town, "stations", check_code=2).stderr
    assert not town.exists()


def test_an_unreachable_county_server_is_said_plainly(tmp_path):
    url = f"postgresql://nobody:secret@/county?host={tmp_path}&port=1"
    err = run("rollup", "--db", url, "stations", check_code=2).stderr
    assert "连接不上汇总数据库服务器" in err and "secret" not in err


def test_two_stations_roll_up(tmp_path, rollup_target):
    town = rollup_target
    a, b = station(tmp_path, "a", 1), station(tmp_path, "b", 2)
    packages = []
    for db in (a, b):
        out = tmp_path / f"{db.stem}-2026.sdpkg"
        run("--db", db, "export", "package", "-o", out, "--year", "2026", check_code=0)
        packages.append(out)
    done = json.loads(run("rollup", "--db", town, "import", *packages, "--json", check_code=0).stdout)["results"]
    assert [d["outcome"] for d in done] == ["imported", "imported"]
    own = [json.loads(run("--db", db, "stats", "--year", "2026", "--json", check_code=0).stdout) for db in (a, b)]
    rolled = json.loads(run("rollup", "--db", town, "stats", "--year", "2026", "--json", check_code=0).stdout)
    assert len(rolled["stations"]) == 2
    for key in ("activities", "participations", "volunteers_active", "beneficiaries", "certificates"):
        assert rolled[key] == sum(s[key] for s in own), key
    assert abs(rolled["hours"] - sum(s["hours"] for s in own)) < 1e-6
    month = int(sqlite3.connect(a).execute("SELECT substr(min(starts_at), 6, 2) FROM activity WHERE status = 'done'"
                                           " AND starts_at LIKE '2026%'").fetchone()[0])
    own_month = [json.loads(run("--db", db, "stats", "--year", "2026", "--month", month, "--json", check_code=0).stdout)
                 for db in (a, b)]
    rolled_month = json.loads(run("rollup", "--db", town, "stats", "--year", "2026", "--month", month, "--json",
                                  check_code=0).stdout)
    for key in ("activities", "participations", "volunteers_active", "beneficiaries"):
        assert rolled_month[key] == sum(s[key] for s in own_month) > 0, key
    assert abs(rolled_month["hours"] - sum(s["hours"] for s in own_month)) < 1e-6
    assert rolled_month["new_volunteers"] is None  # not in the packages by month: said, not made up
    assert "1 到 12" in run("rollup", "--db", town, "stats", "--year", "2026", "--month", 13, check_code=2).stderr
    before = held(town, "SELECT count(*), sum(seconds) FROM r_participation")
    again = json.loads(run("rollup", "--db", town, "import", packages[0], "--json", check_code=0).stdout)["results"]
    assert again[0]["outcome"] == "unchanged"
    assert held(town, "SELECT count(*), sum(seconds) FROM r_participation") == before
    listed = json.loads(run("rollup", "--db", town, "stations", "--json", check_code=0).stdout)["stations"]
    assert len({s["station_id"] for s in listed}) == 2 and not any(s["silent"] for s in listed)

    newer = tmp_path / "a-newer.sdpkg"  # a later package of station a replaces its rows, an older one is refused
    run("--db", a, "export", "package", "-o", newer, "--year", "2026", check_code=0)
    run("rollup", "--db", town, "import", newer, check_code=0)
    refused = run("rollup", "--db", town, "import", packages[0], check_code=2).stderr
    assert "旧" in refused
    tampered = tmp_path / "tampered.sdpkg"
    with zipfile.ZipFile(packages[1]) as z:
        items = {n: z.read(n) for n in z.namelist()}
    items["participations.json"] = items["participations.json"].replace(b'"attended":1', b'"attended":0', 1)
    with zipfile.ZipFile(tampered, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)
    assert "不能导入" in run("rollup", "--db", town, "import", tampered, check_code=2).stderr
    copy = tmp_path / "b-copy.sqlite3"  # the same station id under another key: refused unless re-registered
    shutil.copy(b, copy)
    con_b = sqlite3.connect(copy)
    value = con_b.execute("SELECT value FROM setting WHERE key = 'station_identity'").fetchone()[0]
    from stationdesk.exchange.package import new_key

    private, public = new_key()
    con_b.execute("UPDATE setting SET value = ? WHERE key = 'station_identity'",
                  (f"{value.split()[0]} {public.hex()} {private.hex()}",))
    con_b.commit()
    con_b.close()
    rekeyed = tmp_path / "rekeyed.sdpkg"
    run("--db", copy, "export", "package", "-o", rekeyed, "--year", "2026", check_code=0)
    assert "签名密钥" in run("rollup", "--db", town, "import", rekeyed, check_code=2).stderr
    run("rollup", "--db", town, "import", rekeyed, "--re-register", check_code=0)
    assert held(town, "SELECT count(*) FROM r_station") == (2,)


def test_one_person_at_two_stations_and_the_summary(tmp_path, rollup_target):
    """Someone who serves at station a registers at b too: found by the whole ID number when both send it,
    by name, birth date and masked ID when b sends it masked; the 汇总表 and the workbook carry the year."""
    a, b = station(tmp_path, "a", 1), station(tmp_path, "b", 2)
    con = sqlite3.connect(a)
    name, number, hours = con.execute(
        "SELECT v.name, v.id_number, sum(p.hours) FROM volunteer v JOIN participation p ON p.volunteer_id = v.id"
        " AND p.attended = 1 JOIN activity t ON t.id = p.activity_id AND t.starts_at LIKE '2026%'"
        " WHERE v.id_number IS NOT NULL GROUP BY v.id ORDER BY v.id LIMIT 1").fetchone()
    con.close()
    run("--db", b, "volunteers", "add", "--name", name, "--id-number", number, check_code=0)
    town = rollup_target
    for db, ids in ((a, "full"), (b, "full")):
        run("--db", db, "export", "package", "-o", tmp_path / f"{db.stem}.sdpkg", "--year", "2026", "--ids", ids,
            check_code=0)
        run("rollup", "--db", town, "import", tmp_path / f"{db.stem}.sdpkg", check_code=0)
    found = json.loads(run("rollup", "--db", town, "duplicates", "--json", check_code=0).stdout)["duplicates"]
    assert len(found) == 1 and found[0]["by"] == "证件号码相同"
    regs = found[0]["registrations"]
    assert sorted(r["hours"] for r in regs) == [0, pytest.approx(hours)]
    assert {r["id_number"] for r in regs} == {number}

    run("--db", b, "export", "package", "-o", tmp_path / "b-masked.sdpkg", "--year", "2026", check_code=0)
    run("rollup", "--db", town, "import", tmp_path / "b-masked.sdpkg", check_code=0)
    found = json.loads(run("rollup", "--db", town, "duplicates", "--json", check_code=0).stdout)["duplicates"]
    assert [d["by"] for d in found] == ["姓名、出生日期和打码证件号相同"]
    assert name in run("rollup", "--db", town, "duplicates", check_code=0).stdout

    pdf, xlsx = tmp_path / "summary.pdf", tmp_path / "summary.xlsx"
    run("rollup", "--db", town, "print", "summary", "--year", "2026", "-o", pdf, "--office", "<城关镇> & 实践所",
        check_code=0)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    figures = json.loads(run("rollup", "--db", town, "stats", "--year", "2026", "--json", check_code=0).stdout)
    total_line = next(line for line in text.splitlines() if "合计" in line)
    assert total_line.split()[-7:] == [f"{figures[k]:g}" if isinstance(figures[k], float) else str(figures[k])
                                       for k in ("activities", "participations", "volunteers_active", "hours",
                                                 "beneficiaries", "new_volunteers", "certificates")]
    assert "<城关镇> & 实践所各站点工作汇总表" in text and "可能是同一人的志愿者：1 人" in text
    run("rollup", "--db", town, "export", "stats", "--year", "2026", xlsx, check_code=0)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(xlsx)
    overview = dict(book.get_sheet_by_name("合计").to_python()[1:])
    assert overview["服务时长（小时）"] == pytest.approx(figures["hours"])
    assert isinstance(overview["开展活动（次）"], float | int) and overview["开展活动（次）"] == figures["activities"]
    stations = book.get_sheet_by_name("各站点").to_python()[1:]
    assert sum(row[2] for row in stations) == figures["activities"] and len(stations) == 2
    people = book.get_sheet_by_name("跨站点重复登记").to_python()[1:]
    assert {row[1] for row in people} == {name} and len(people) == 2
