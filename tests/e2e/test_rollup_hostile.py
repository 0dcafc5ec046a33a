"""The rollup held to the station's standard, on a town's SQLite file and a county's PostgreSQL alike:
hostile packages (validly signed, or damaged byte by byte) are refused in Chinese and change nothing;
what is accepted adds up to the stations' own figures, people counted once; stations' lifecycle; outputs
never touch data; exact hours; two rollups in one process."""

import json
import os
import sqlite3
import threading
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stationdesk.errors import DatabaseProblem, UserError
from stationdesk.exchange.package import read_package, write_package
from stationdesk.services import packages, rollup, stats
from stationdesk.services.demo import build_demo
from stationdesk.store import migrations, open_database
from stationdesk.store.rollup import postgres_driver
from tests.e2e.test_cli import run
from tests.e2e.test_rollup import rollup_target  # noqa: F401  (the fixture: SQLite and PostgreSQL)

YEAR = 2026


def make_station(path: Path, seed: int, *, volunteers: int = 30, years: int = 1):
    store = open_database(path)
    build_demo(store, volunteers=volunteers, seed=seed, years=years)
    return store


@pytest.fixture(scope="module")
def genuine(tmp_path_factory):
    """A real station's year package, its content and its signing key."""
    base = tmp_path_factory.mktemp("genuine")
    store = make_station(base / "a.sqlite3", 1)
    out = base / "a.sdpkg"
    packages.export_package(store, out, year=YEAR)
    key = packages.identity(store).private_key
    store.close()
    package = read_package(out, station_schema=migrations.LATEST)
    return out, package.manifest, package.members, key


def resign(path: Path, manifest: dict, members: dict, key: bytes) -> Path:
    """The package as its station would sign it: any content, a valid signature."""
    manifest = {k: v for k, v in manifest.items() if k not in ("members", "format")}
    return write_package(path, manifest, members, key)


def new_database(server: str) -> str:
    """A new empty database on the test cluster, as a postgresql:// URL."""
    import uuid

    name = f"county_{uuid.uuid4().hex[:12]}"
    with postgres_driver().connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?")


def signed_manifest(items: dict, body: dict, key: bytes) -> None:
    """Put `body` in a package's items as its manifest, signed with `key` as a station would."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    items["manifest.json"], items["signature.ed25519"] = raw, Ed25519PrivateKey.from_private_bytes(key).sign(raw).hex().encode()


def snapshot(store) -> list:
    """Every row of every rollup table, in order: equal before and after a refused package."""
    tables = sorted(t for t in store.db.get_tables() if t.startswith("r_") or t == "rollup_version")
    return [(t, sorted(map(repr, store.db.execute_sql(f'SELECT * FROM "{t}"').fetchall()))) for t in tables]


def import_or_refuse(store, path: Path, **kwargs):
    """The package imported, or refused in Chinese with the rollup exactly as it was."""
    before = snapshot(store)
    try:
        return rollup.import_package(store, path, **kwargs)
    except UserError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)), str(exc)
        assert snapshot(store) == before
        return exc


HOSTILE = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
                    st.sampled_from(["很多", "2099-01-01 09:00:00", "0000", "9999", "\u202e反", "\x00", "1e300",
                                     "a" * 5000, "2026-02-30", "-1"]),
                    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_signed_package_with_any_member_altered_is_refused_or_adds_up(tmp_path, rollup_target, genuine, data):  # noqa: F811
    path, manifest, members, key = genuine
    with rollup.open_target(rollup_target, upgrade=True) as store:
        first = import_or_refuse(store, path)
        assert not isinstance(first, UserError) or "旧" in str(first)
        altered = json.loads(json.dumps(members))
        member = data.draw(st.sampled_from(["volunteers", "activities", "participations", "stats", "certificates",
                                            "requests"]))
        if member == "stats":
            field = data.draw(st.sampled_from(sorted(altered["stats"])))
            if data.draw(st.booleans()):
                del altered["stats"][field]
            else:
                altered["stats"][field] = data.draw(HOSTILE)
        elif altered[member]:
            row = altered[member][data.draw(st.integers(0, len(altered[member]) - 1))]
            field = data.draw(st.sampled_from(sorted(row)))
            row[field] = data.draw(HOSTILE)
        newer = {**manifest, "created_at": datetime.now().isoformat(timespec="seconds")}
        outcome = import_or_refuse(store, resign(tmp_path / "altered.sdpkg", newer, altered, key))
        # Whatever went in, every reading of the rollup still works and adds up.
        figures = rollup.totals(store, YEAR)
        assert figures["activities"] == sum(s["activities"] for s in figures["stations"])
        rollup.duplicates(store)
        rollup.stations(store)
        rollup.totals(store, YEAR, 3)
        if not isinstance(outcome, UserError):
            assert outcome.outcome in ("imported", "unchanged")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_a_flipped_bit_anywhere_is_refused_in_chinese(tmp_path, rollup_target, genuine, position, bit):  # noqa: F811
    path = genuine[0]
    data = bytearray(path.read_bytes())
    data[position % len(data)] ^= 1 << bit
    damaged = tmp_path / "flipped.sdpkg"
    damaged.write_bytes(bytes(data))
    with rollup.open_target(rollup_target, upgrade=True) as store:
        outcome = import_or_refuse(store, damaged)
        if not isinstance(outcome, UserError):  # a flip in a zip header's date or comment changes no content
            assert outcome.rows == sum(genuine[1]["rows"].values())


def test_malformed_but_signed_packages_are_refused_by_name(tmp_path, rollup_target, genuine):  # noqa: F811
    _, manifest, members, key = genuine
    now = datetime.now().isoformat(timespec="seconds")
    cases = {
        "统计数字中“服务时长”缺失": ({**members, "stats": {k: v for k, v in members["stats"].items() if k != "hours"}}, {}),
        "服务时长": ({**members, "participations": [{**members["participations"][0], "hours": "很多"},
                                                 *members["participations"][1:]]}, {}),
        "服务时长 -1": ({**members, "participations": [{**members["participations"][0], "hours": -1},
                                                    *members["participations"][1:]]}, {}),
        "服务时长 1e+300": ({**members, "participations": [{**members["participations"][0], "hours": 1e300},
                                                        *members["participations"][1:]]}, {}),
        "看不见的控制字符": ({**members, "volunteers": [{**members["volunteers"][0], "name": "张\u202e三"},
                                                *members["volunteers"][1:]]}, {}),
        "与其中的记录不一致": ({**members, "stats": {**members["stats"], "activities": members["stats"]["activities"] + 1}}, {}),
        "编号 1099511627776 不是正整数": ({**members, "activities": [{**members["activities"][0], "id": 2**40},
                                                              *members["activities"][1:]]}, {}),
        "在未来": (members, {"created_at": "2099-01-01T09:00:00"}),
        "请先升级汇总程序": (members, {"schema_version": 99}),
    }
    with rollup.open_target(rollup_target, upgrade=True) as store:
        for expected, (content, changes) in cases.items():
            bad = resign(tmp_path / "bad.sdpkg", {**manifest, "created_at": now, **changes}, content, key)
            outcome = import_or_refuse(store, bad)
            assert isinstance(outcome, UserError) and expected in str(outcome), (expected, outcome)
        assert rollup.stations(store) == []
        newer_format = resign(tmp_path / "v3.sdpkg", manifest, members, key)
        with zipfile.ZipFile(newer_format) as z:
            items = {n: z.read(n) for n in z.namelist()}
        body = json.loads(items["manifest.json"])
        body["format"] = 3
        signed_manifest(items, body, key)
        with zipfile.ZipFile(newer_format, "w") as z:
            for n, data in items.items():
                z.writestr(n, data)
        assert "请先升级汇总程序" in str(import_or_refuse(store, newer_format))
    err = run("rollup", "--db", rollup_target, "import", bad, check_code=2).stderr
    assert "请先升级汇总程序" in err and "Traceback" not in err


def test_a_bomb_is_refused_at_once_in_little_memory(tmp_path, genuine):
    """A manifest that inflates to 256 MiB, and a validly signed member that does: refused from the zip's
    headers in under a second, well under 100 MB."""
    _, manifest, members, key = genuine
    bomb = tmp_path / "bomb.sdpkg"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("manifest.json", "w", force_zip64=True) as stream:
            chunk = b" " * (1 << 20)
            for _ in range(256):
                stream.write(chunk)
        z.writestr("signature.ed25519", "00")
    signed_bomb = resign(tmp_path / "member-bomb.sdpkg", manifest, members, key)
    with zipfile.ZipFile(signed_bomb) as z:
        items = {n: z.read(n) for n in z.namelist()}
    huge = b'[' + b'{"id":1}' + b' ' * (200 << 20) + b']'
    body = json.loads(items["manifest.json"])
    import hashlib

    body["members"]["teams.json"] = {"sha256": hashlib.sha256(huge).hexdigest(), "bytes": len(huge)}
    items["teams.json"] = huge
    signed_manifest(items, body, key)
    with zipfile.ZipFile(signed_bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items.items():
            z.writestr(n, data)
    del huge, items
    assert bomb.stat().st_size < 2 << 20 and signed_bomb.stat().st_size < 2 << 20
    town = tmp_path / "town.sqlite3"
    run("rollup", "--db", town, "init", check_code=0)
    for package in (bomb, signed_bomb):
        # VmHWM: this process's peak (ru_maxrss would carry over the forking test's own peak across exec).
        script = ("import re, time\n"
                  "from stationdesk.cli import main\n"
                  "start = time.perf_counter()\n"
                  f"code = main(['rollup', '--db', {str(town)!r}, 'import', {str(package)!r}])\n"
                  "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
                  "print(time.perf_counter() - start, int(peak) // 1024, code)")
        import subprocess
        import sys

        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        seconds, peak_mb, code = proc.stdout.split()
        assert code == "2" and "恶意构造" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert float(seconds) < 1 and int(peak_mb) < 100, (seconds, peak_mb)


def test_a_package_of_every_year_holds_every_year_and_adds_up(tmp_path, rollup_target):  # noqa: F811
    """`export package` without --year held nothing (a '9999' bound compared with DATETIME as a number).
    Now it holds every year's records and figures, and the county counts it for each year."""
    a = make_station(tmp_path / "a.sqlite3", 1, years=2)
    b = make_station(tmp_path / "b.sqlite3", 2)
    everything = tmp_path / "a-all.sdpkg"
    manifest = packages.export_package(a, everything)
    held = read_package(everything, station_schema=migrations.LATEST).members
    assert manifest["rows"]["activities"] == a.scalar("SELECT count(*) FROM activity") > 0
    assert manifest["rows"]["participations"] == a.scalar("SELECT count(*) FROM participation") > 0
    assert len(held["certificates"]) == a.scalar("SELECT count(*) FROM certificate")
    years = sorted(held["yearly_stats"])
    assert str(YEAR) in years and len(years) >= 2
    packages.export_package(b, tmp_path / "b.sdpkg", year=YEAR)
    with rollup.open_target(rollup_target, upgrade=True) as store:
        for p in (everything, tmp_path / "b.sdpkg"):
            rollup.import_package(store, p)
        for year in map(int, years):
            own = [stats.compute(s, stats.period_of(year)).as_json() for s in (a, b)]
            rolled = rollup.totals(store, year)
            reporting = [o for o, s in zip(own, (a, b), strict=True) if year == YEAR or s is a]
            for key in ("activities", "participations", "volunteers_active", "beneficiaries", "new_volunteers",
                        "certificates"):
                assert rolled[key] == sum(o[key] for o in reporting), (year, key)
            assert rolled["hours"] == round(sum(o["hours"] for o in reporting), 2)
        month = int(a.scalar("SELECT substr(min(starts_at), 6, 2) FROM activity WHERE status = 'done'"
                             f" AND starts_at LIKE '{YEAR}%'"))
        own_month = [stats.compute(s, stats.period_of(YEAR, month)).as_json() for s in (a, b)]
        rolled_month = rollup.totals(store, YEAR, month)
        for key in ("activities", "participations", "volunteers_active", "beneficiaries", "hours"):
            assert rolled_month[key] == pytest.approx(sum(o[key] for o in own_month), abs=0.005), key
    a.close()
    b.close()


def test_a_person_sent_full_by_one_station_and_masked_by_another_is_counted_once(tmp_path, rollup_target):  # noqa: F811
    a = make_station(tmp_path / "a.sqlite3", 1)
    b = make_station(tmp_path / "b.sqlite3", 2)
    name, number, birth = a.execute(
        "SELECT v.name, v.id_number, v.birth_date FROM volunteer v JOIN volunteer_tally t ON t.volunteer_id = v.id"
        f" AND t.period = '{YEAR}' AND t.activities > 0 WHERE v.id_number IS NOT NULL ORDER BY v.id LIMIT 1").fetchone()
    # The same person registers at b and serves there too.
    someone = b.scalar(f"SELECT volunteer_id FROM volunteer_tally WHERE period = '{YEAR}' AND activities > 0 LIMIT 1")
    with b.write():
        b.execute("UPDATE volunteer SET name = ?, id_number = ?, birth_date = ? WHERE id = ?", (name, number, birth, someone))
    packages.export_package(a, tmp_path / "a.sdpkg", year=YEAR, ids="full")
    packages.export_package(b, tmp_path / "b.sdpkg", year=YEAR)  # masked
    own = [stats.compute(s, stats.period_of(YEAR)) for s in (a, b)]
    with rollup.open_target(rollup_target, upgrade=True) as store:
        for p in ("a.sdpkg", "b.sdpkg"):
            rollup.import_package(store, tmp_path / p)
        found = rollup.duplicates(store)
        assert [d.registrations[0].name for d in found] == [name] and len(found[0].registrations) == 2
        figures = rollup.totals(store, YEAR)
        assert figures["counted_twice"] == 1
        assert figures["volunteers_active"] == own[0].volunteers_active + own[1].volunteers_active - 1
        assert sorted(s["volunteers_active"] for s in figures["stations"]) == sorted(o.volunteers_active for o in own)
        pdf = tmp_path / "summary.pdf"
        rollup.print_summary(store, YEAR, pdf)
        # b corrects the name it typed: the two are no longer one person, on both sides.
        with b.write():
            b.execute("UPDATE volunteer SET name = '另一人' WHERE id = ?", (someone,))
        packages.export_package(b, tmp_path / "b2.sdpkg", year=YEAR)
        rollup.import_package(store, tmp_path / "b2.sdpkg")
        assert rollup.duplicates(store) == [] and rollup.totals(store, YEAR)["counted_twice"] == 0
        # and the mark the searches start from is exact, not merely harmless (a stale one only costs time)
        assert store.db.execute_sql("SELECT count(*) FROM r_volunteer WHERE elsewhere").fetchone()[0] == 0
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    total = next(line for line in text.splitlines() if "合计" in line).split()
    assert str(figures["volunteers_active"]) in total and "可能是同一人的志愿者：1 人" in text
    assert "每人只计一次（1人次在多个站点参加活动" in text.replace("\n", "").replace(" ", "")
    a.close()
    b.close()


def test_hours_of_a_five_minute_rule_add_up_exactly(tmp_path, rollup_target):  # noqa: F811
    """PostgreSQL kept hours as 4-byte `real` (a month of 12,312.7 h read 12,312.98): now whole seconds."""
    a = make_station(tmp_path / "a.sqlite3", 3, volunteers=60)
    with a.write():  # hours that 5- and 10-minute steps produce: twelfths and sixths of an hour
        a.execute("UPDATE participation SET hours = (id % 97) / 12.0 WHERE attended = 1 AND id % 2 = 0")
        a.execute("UPDATE participation SET hours = (id % 47) / 6.0 WHERE attended = 1 AND id % 2 = 1")
    packages.export_package(a, tmp_path / "a.sdpkg", year=YEAR)
    own = stats.compute(a, stats.period_of(YEAR))
    with rollup.open_target(rollup_target, upgrade=True) as store:
        rollup.import_package(store, tmp_path / "a.sdpkg")
        for month in range(1, 13):
            rolled = rollup.totals(store, YEAR, month)
            first = f"{YEAR}-{month:02d}-01"
            after = f"{YEAR + month // 12}-{month % 12 + 1:02d}-01"
            exact = a.scalar("SELECT sum(p.hours) FROM participation p JOIN activity t ON t.id = p.activity_id"
                             " WHERE p.attended = 1 AND t.status = 'done' AND t.starts_at >= ? AND t.starts_at < ?",
                             (first, after)) or 0
            assert rolled["hours"] == round(exact, 2), month
        assert rollup.totals(store, YEAR)["hours"] == round(own.hours, 2)
        seconds = store.db.execute_sql("SELECT sum(seconds) FROM r_participation WHERE attended").fetchone()[0]
        assert seconds % 300 == 0  # whole five minutes, nothing lost to floating point
    a.close()


def test_a_station_s_lifecycle_at_the_county(tmp_path, rollup_target):  # noqa: F811
    a = make_station(tmp_path / "a.sqlite3", 1)
    packages.export_package(a, tmp_path / "a.sdpkg", year=YEAR)
    own = stats.compute(a, stats.period_of(YEAR))
    # The same station reinstalled without its backup: a new identity under the same name.
    reinstalled = make_station(tmp_path / "a2.sqlite3", 1)
    with reinstalled.write():
        reinstalled.execute("UPDATE station SET name = (SELECT name FROM station LIMIT 1)")
    packages.export_package(reinstalled, tmp_path / "a2.sdpkg", year=YEAR)
    name = reinstalled.scalar("SELECT name FROM station")
    with rollup.open_target(rollup_target, upgrade=True) as store:
        old_id = rollup.import_package(store, tmp_path / "a.sdpkg").station
        second = rollup.import_package(store, tmp_path / "a2.sdpkg")
        assert "rollup replace" in second.note
        assert rollup.totals(store, YEAR)["participations"] == 2 * own.participations  # counted twice, and said so
        with pytest.raises(UserError, match="有 2 个站点叫"):
            rollup.replace_station(store, name, second.station, reason="重装")
        with pytest.raises(UserError, match="请写明原因"):
            rollup.replace_station(store, old_id, second.station, reason=" ")
        rollup.replace_station(store, old_id, second.station, reason="站点电脑重装，未恢复备份")
        assert rollup.totals(store, YEAR)["participations"] == own.participations
        assert [s.removed != "" for s in rollup.stations(store)] == [False, True]
        with pytest.raises(UserError, match="已于"):
            rollup.import_package(store, tmp_path / "a.sdpkg", now=datetime.now() + timedelta(days=1))
        rollup.reinstate_station(store, old_id, reason="弄错了")
        assert rollup.totals(store, YEAR)["participations"] == 2 * own.participations
        rollup.remove_station(store, second.station, reason="重复")
        assert rollup.totals(store, YEAR)["participations"] == own.participations
        assert [a["action"] for a in rollup.audit_log(store)] == ["replace", "reinstate", "remove"]

    # A package dated in the future (a PC's clock set to 2099) was let in by an older version: a genuine
    # package of the station replaces it, with a note and an audit line, instead of being refused as older.
    with rollup.open_target(str(tmp_path / "clock.sqlite3"), upgrade=True) as store:
        wrong_clock = tmp_path / "2099.sdpkg"
        _, manifest, members, key = (None, *_content(tmp_path / "a.sdpkg"), packages.identity(a).private_key)
        resign(wrong_clock, {**manifest, "created_at": "2099-03-01T10:00:00"}, members, key)
        assert "在未来" in str(import_or_refuse(store, wrong_clock))
        rollup.import_package(store, wrong_clock, now=datetime(2099, 3, 1))  # as an old version did
        fixed = rollup.import_package(store, tmp_path / "a.sdpkg")
        assert fixed.outcome == "imported" and "日期在未来" in fixed.note
        assert [a["action"] for a in rollup.audit_log(store)] == ["clock_recovered"]
    a.close()
    reinstalled.close()


def _content(path: Path):
    package = read_package(path, station_schema=migrations.LATEST)
    return package.manifest, package.members


def test_two_rollups_open_in_one_process_each_get_their_own_writes(tmp_path, genuine):
    town1 = rollup.open_target(str(tmp_path / "town1.sqlite3"), upgrade=True)
    town2 = rollup.open_target(str(tmp_path / "town2.sqlite3"), upgrade=True)  # opened last
    rollup.import_package(town1, genuine[0])
    assert len(rollup.stations(town1)) == 1 and rollup.stations(town2) == []
    town1.close()
    town2.close()


def test_outputs_never_touch_data(tmp_path, genuine):
    town = tmp_path / "town.sqlite3"
    run("rollup", "--db", town, "import", genuine[0], check_code=0)
    station = tmp_path / "station.sqlite3"
    make_station(station, 5, volunteers=5).close()
    checksum = tmp_path / "backup.sqlite3.sha256"
    checksum.write_text("abc")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    for target in (town, station, checksum, folder, Path(str(town) + "-wal")):
        before = target.read_bytes() if target.is_file() else None
        for command in (("print", "summary", "--year", YEAR, "-o", target), ("export", "stats", "--year", YEAR, target)):
            err = run("rollup", "--db", town, *command, check_code=2).stderr
            assert "不能把输出文件保存为" in err and "Traceback" not in err, err
        assert (target.read_bytes() if target.is_file() else None) == before
    if os.name == "posix":
        assert town.stat().st_mode & 0o777 == 0o600
        with rollup.open_target(str(town)) as store:  # the journal, while open, is the owner's alone too
            rollup.remove_station(store, genuine[1]["station"]["id"], reason="试")
            assert Path(str(town) + "-wal").stat().st_mode & 0o777 == 0o600


def test_a_read_only_role_reads_and_only_the_owner_writes(tmp_path, postgres_url, genuine):
    url = new_database(postgres_url)
    owner = url
    run("rollup", "--db", owner, "init", check_code=0)
    run("rollup", "--db", owner, "import", genuine[0], check_code=0)
    with postgres_driver().connect(owner, autocommit=True) as con:
        con.execute("DROP ROLE IF EXISTS viewer")
        con.execute("CREATE ROLE viewer LOGIN")
        con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer")
    viewer = owner.replace("stationdesk@", "viewer@")
    for command in (("stations",), ("stats", "--year", YEAR), ("duplicates",), ("audit",),
                    ("print", "summary", "--year", YEAR, "-o", tmp_path / "s.pdf"),
                    ("export", "stats", "--year", YEAR, tmp_path / "s.xlsx")):
        run("rollup", "--db", viewer, *command, check_code=0)
    err = run("rollup", "--db", viewer, "remove", genuine[1]["station"]["id"], "--reason", "试", check_code=3).stderr
    assert "没有权限" in err and "Traceback" not in err
    assert "站" in run("rollup", "--db", owner, "stations", check_code=0).stdout


def test_the_same_station_imported_twice_at_once_waits_its_turn(tmp_path, postgres_url, genuine):
    url = new_database(postgres_url)
    path, manifest, members, key = genuine
    later = resign(tmp_path / "later.sdpkg", {**manifest, "created_at": datetime.now().isoformat(timespec="seconds")},
                   members, key)
    rollup.open_target(url, upgrade=True).close()
    outcomes = []

    def importing(package):  # (no snapshot around it: the other import may rightly change the rollup meanwhile)
        with rollup.open_target(url) as store:
            try:
                outcomes.append(rollup.import_package(store, package))
            except UserError as exc:
                outcomes.append(exc)

    threads = [threading.Thread(target=importing, args=(p,)) for p in (path, later)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and all(not isinstance(o, UserError) or "旧" in str(o) for o in outcomes)
    with rollup.open_target(url) as store:
        assert [s.created_at for s in rollup.stations(store)] == [read_package(later, station_schema=99).manifest["created_at"]]
        assert store.db.execute_sql("SELECT count(*) FROM r_participation").fetchone()[0] == len(members["participations"])


def test_a_lost_server_is_said_in_chinese(tmp_path, postgres_url, genuine):
    url = new_database(postgres_url)
    with rollup.open_target(url, upgrade=True) as store:
        pid = store.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with postgres_driver().connect(postgres_url, autocommit=True) as con:
            con.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(DatabaseProblem, match="连接断开了"):
            rollup.import_package(store, genuine[0])


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_shipped_rollup_schema_upgrades_and_keeps_its_rows(tmp_path, engine, request):
    """The unversioned schema 0.1 made (frozen in tests/store/rollup_schema_history) opens for reading only
    after `rollup upgrade`; its rows come through, hours exact, people keyed; the result equals a new one."""
    fixture = Path(__file__).parents[1] / "store" / "rollup_schema_history" / f"v1.{engine}.sql"
    rows = ["INSERT INTO r_station VALUES ('s-0001-aaaa', '东村站', '城关镇', 'ab', 2026, '2026-03-01T10:00:00',"
            " 'cd', '2026-03-02 10:00:00')",
            "INSERT INTO r_volunteer (station_id, local_id, name, gender, birth_date, id_number, village_group, status)"
            " VALUES ('s-0001-aaaa', 1, '张三', '男', NULL, '110101199001011234', '', 'active')",
            "INSERT INTO r_participation (station_id, activity_id, volunteer_id, attended, hours)"
            f" VALUES ('s-0001-aaaa', 1, 1, {'1' if engine == 'sqlite' else 'true'}, 1.0833333)",
            "INSERT INTO r_stats VALUES ('s-0001-aaaa', 2026, '{\"hours\": 1.08}')"]  # a figure missing, as 0.1 let in
    if engine == "sqlite":
        target = str(tmp_path / "old-town.sqlite3")
        con = sqlite3.connect(target)
        con.executescript(fixture.read_text() + ";".join(rows))
        con.close()
        fresh = str(tmp_path / "new-town.sqlite3")
    else:
        server = request.getfixturevalue("postgres_url")
        target, fresh = new_database(server), new_database(server)
        with postgres_driver().connect(target, autocommit=True) as con:
            con.execute(fixture.read_text())
            for sql in rows:
                con.execute(sql)
    err = run("rollup", "--db", target, "stations", check_code=3).stderr
    assert "需要升级" in err and "rollup upgrade" in err
    run("rollup", "--db", target, "upgrade", check_code=0)
    run("rollup", "--db", fresh, "init", check_code=0)
    with rollup.open_target(target) as old, rollup.open_target(fresh) as new:
        assert _schema(old) == _schema(new)
        assert old.db.execute_sql("SELECT seconds FROM r_participation").fetchone()[0] == 3900
        assert old.db.execute_sql("SELECT person_key FROM r_volunteer").fetchone()[0] == "张三|1990-01-01|110101********1234"
        figures = rollup.totals(old, 2026)
        assert figures["stations"][0]["hours"] == figures["hours"] == 1.08 and figures["activities"] is None


def _schema(store) -> dict:
    db = store.db
    return {t: (sorted((c.name, c.data_type.lower(), c.null) for c in db.get_columns(t)),
                sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(t)))
            for t in sorted(db.get_tables())}


def test_what_the_driver_raises_past_peewee_is_said_in_chinese(tmp_path, postgres_url):
    """COPY goes to psycopg directly: a value the column cannot hold is a DatabaseProblem, not a traceback."""
    from stationdesk.store.rollup import RParticipation

    url = new_database(postgres_url)
    store = rollup.open_target(url, upgrade=True)
    with store, pytest.raises(DatabaseProblem, match="超出了汇总数据库能存的范围"), store.bound(), store.write():
        store.insert_rows(RParticipation, ("station_id", "activity_id", "volunteer_id", "attended", "seconds"),
                          [("s", 2**40, 1, True, 0)])
