"""A town's rollup from two stations' signed packages: totals equal the sum of the stations' own
statistics, re-import changes nothing, an older, altered or re-keyed package is refused."""

import json
import shutil
import sqlite3
import zipfile

from tests.e2e.test_cli import run


def station(tmp_path, name: str, seed: int):
    db = tmp_path / f"{name}.sqlite3"
    run("--db", db, "demo", "--volunteers", "40", "--seed", seed, check_code=0)
    return db


def test_two_stations_roll_up_into_a_town(tmp_path):
    town = tmp_path / "town.sqlite3"
    assert "找不到汇总数据库" in run("rollup", "--db", town, "stations", check_code=2).stderr  # a typo makes nothing
    assert not town.exists()
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
    con = sqlite3.connect(town)
    before = con.execute("SELECT count(*), sum(hours) FROM r_participation").fetchone()
    again = json.loads(run("rollup", "--db", town, "import", packages[0], "--json", check_code=0).stdout)["results"]
    assert again[0]["outcome"] == "unchanged"
    assert con.execute("SELECT count(*), sum(hours) FROM r_participation").fetchone() == before
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
    assert con.execute("SELECT count(*) FROM r_station").fetchone()[0] == 2
