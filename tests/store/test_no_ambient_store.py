"""No ambient store (#32): with two stations and two rollups open in one process, every service writes
into the store it is given and no other, and a model query outside every store's `bound()` raises
NoStoreBound instead of running on whichever store was opened last."""

import random
import sqlite3
import threading
import uuid
from contextlib import suppress

import pytest

from stationdesk.errors import UserError
from stationdesk.services import audit, packages, rollup, teams
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from stationdesk.store.models import NoStoreBound, Team
from stationdesk.store.rollup import RStation, RVolunteer
from tests.reliability.every_write import DIGITS, RECIPES

TAGS = ("东站", "西站")


def _text_of(path) -> str:
    """Everything the file holds, read by a connection of its own."""
    with sqlite3.connect(path) as con:
        return "\n".join(con.iterdump())


def _counts(store) -> dict[str, int]:
    tables = [r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                          " AND name NOT LIKE 'sqlite_%'")]
    return {t: store.scalar(f'SELECT count(*) FROM "{t}"') for t in tables}


@pytest.fixture
def two_stations(tmp_path):
    """Two demo stations made alike (the same seed), the second opened last."""
    with open_database(tmp_path / "a.sqlite3") as a, open_database(tmp_path / "b.sqlite3") as b:
        for store in (a, b):
            build_demo(store, volunteers=12, seed=3, activities_per_year=4)
        yield a, b


def test_every_service_writes_into_its_own_station_and_none_into_the_other(two_stations, tmp_path):
    from PIL import Image

    a, b = two_stations
    Image.new("RGB", (64, 48), (200, 30, 30)).save(tmp_path / "photo.jpg")
    rngs = {a: random.Random(5), b: random.Random(5)}
    for n, name in enumerate(sorted(RECIPES)):
        for store in (a, b) if n % 2 else (b, a):  # each writes first half the time
            other = b if store is a else a
            tag = f"{TAGS[store is b]}{n}".translate(DIGITS)
            others_before = other.total_changes()
            audit.set_operator("值班员")  # the process's 经办人, not a station's: one chosen is not a leak
            with suppress(UserError):  # refused alike in both stations (the counts below say so)
                RECIPES[name](store, rngs[store], tag, tmp_path)
            assert other.total_changes() == others_before, f"{name} on one station wrote into the other"
    assert _counts(a) == _counts(b)  # the same writes, each in its own file
    a_text, b_text = _text_of(a.path), _text_of(b.path)
    assert "东站一" in a_text and "西站一" in b_text
    assert "西站" not in a_text and "东站" not in b_text


def test_a_store_less_helper_lands_in_the_store_it_is_given(tmp_path):
    """The bug of #32: team_id_by_name(create=True) wrote into station b after b was closed."""
    with open_database(tmp_path / "a.sqlite3") as a:
        open_database(tmp_path / "b.sqlite3").close()
        team_id = teams.team_id_by_name(a, "护河队", create=True)
        assert a.scalar("SELECT id FROM team WHERE name = '护河队'") == team_id
    with open_database(tmp_path / "b.sqlite3") as b:
        assert b.scalar("SELECT count(*) FROM team") == 0


def test_a_model_query_with_no_store_bound_raises(tmp_path):
    with open_database(tmp_path / "a.sqlite3") as a, open_database(tmp_path / "b.sqlite3") as b:
        with pytest.raises(NoStoreBound):
            Team.insert(name="无主队", created_at="2026-01-01").execute()
        with pytest.raises(NoStoreBound):
            Team.select().count()
        with a.bound():
            assert Team.select().count() == 0
            with pytest.raises(NoStoreBound):  # a station's binding is not a rollup's
                RStation.select().count()
            raised = []
            worker = threading.Thread(target=lambda: raised.append(_raises_no_store_bound(Team.select().count)))
            worker.start()
            worker.join()
            assert raised == [True]  # a thread starts with nothing bound: it binds a store of its own
        assert a.scalar("SELECT count(*) FROM team") == b.scalar("SELECT count(*) FROM team") == 0


def _raises_no_store_bound(query) -> bool:
    try:
        query()
    except NoStoreBound:
        return True
    return False


@pytest.fixture(params=["sqlite", "postgresql"])
def two_rollups(request, tmp_path):
    """Two towns' SQLite files, or two databases on a county's PostgreSQL server; the second opened last."""
    if request.param == "sqlite":
        targets = [str(tmp_path / f"town{n}.sqlite3") for n in (1, 2)]
    else:
        from stationdesk.store.rollup import postgres_driver

        server = request.getfixturevalue("postgres_url")
        targets = []
        with postgres_driver().connect(server, autocommit=True) as con:
            for _ in range(2):
                name = f"county_{uuid.uuid4().hex[:12]}"
                con.execute(f"CREATE DATABASE {name}")
                targets.append(server.replace("/postgres?", f"/{name}?"))
    with rollup.open_target(targets[0], upgrade=True) as r1, rollup.open_target(targets[1], upgrade=True) as r2:
        yield r1, r2


def test_every_rollup_service_writes_into_its_own_rollup(two_stations, two_rollups, tmp_path):
    (a, b), (r1, r2) = two_stations, two_rollups
    ids = {}
    for store, target in ((a, r1), (b, r2)):
        package = tmp_path / f"{store.path.stem}.sdpkg"
        packages.export_package(store, package, year=2026)
        ids[target] = packages.identity(store).station_id
        assert rollup.import_package(target, package).outcome == "imported"
    rollup.remove_station(r1, ids[r1], reason="撤并")
    rollup.remove_station(r2, ids[r2], reason="撤并")
    rollup.reinstate_station(r1, ids[r1], reason="恢复")
    for target in (r1, r2):
        with target.bound():
            assert [s.station_id for s in RStation.select()] == [ids[target]]
            assert {v.station_id for v in RVolunteer.select()} == {ids[target]}
        assert {e["station_id"] for e in rollup.audit_log(target)} == {ids[target]}
    assert [s.removed for s in rollup.stations(r1)] == [""] and rollup.stations(r2)[0].removed
    with pytest.raises(NoStoreBound):
        RStation.select().count()
