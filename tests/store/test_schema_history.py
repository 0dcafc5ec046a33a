"""Upgrades from databases that each earlier release really made (tests/store/schema_history, built by
that release's own code: see make.py there), checked by their content, not only their schema; and the
shipped migrations frozen by their hashes."""

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from stationdesk.services import certificates, stats
from stationdesk.store import migrations, open_database
from stationdesk.store.health import check_database

HISTORY = Path(__file__).parent / "schema_history"
MIGRATIONS = Path(migrations.__file__).parent
SHIPPED = Path(__file__).parent / "shipped_migrations.sha256"


def schema(path) -> list:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        con.close()


@pytest.mark.parametrize("version", range(1, migrations.LATEST))
def test_a_database_made_by_an_earlier_release_upgrades_with_every_record(tmp_path, version):
    manifest = json.loads((HISTORY / f"v{version}.json").read_text(encoding="utf-8"))
    db = tmp_path / "station.sqlite3"
    shutil.copy(HISTORY / f"v{version}.sqlite3", db)
    with open_database(db) as store:
        assert store.scalar("PRAGMA user_version") == migrations.LATEST
        counts = {table: store.scalar(f'SELECT count(*) FROM "{table}"') for table in manifest["counts"]}
        assert counts == manifest["counts"]
        for year, hours in manifest["hours_by_year"].items():  # read from the tallies a migration filled
            assert stats.compute(store, stats.period_of(int(year), None)).hours == pytest.approx(hours)
        for serial in manifest["serials"]:
            code = store.scalar("SELECT check_code FROM certificate WHERE serial = ?", (serial,))
            assert certificates.verify(store, f"{certificates.QR_PREFIX}{serial}:{code}").status == "valid"
        assert check_database(store) == []  # integrity, references, tallies equal a recount
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    assert schema(db) == schema(fresh)
    assert list((tmp_path / "backups").glob(f"station-*-before-v{migrations.LATEST}.sqlite3"))


def test_every_earlier_version_has_a_frozen_database():
    found = sorted(HISTORY.glob("v*.sqlite3"), key=lambda p: int(p.stem[1:]))  # v10 after v9
    assert [p.name for p in found] == [f"v{n}.sqlite3" for n in range(1, migrations.LATEST)]


def test_shipped_migrations_are_never_edited():
    """A shipped step is history: a fix is a new step. Adding one means adding its line here."""
    recorded = dict(reversed(line.split()) for line in SHIPPED.read_text().splitlines() if line.strip())
    files = sorted(p.name for p in MIGRATIONS.glob("m[0-9][0-9][0-9][0-9]_*.py"))
    assert files == sorted(recorded), "a migration file was added or removed: record its hash"
    assert len(files) == migrations.LATEST
    for name in files:
        digest = hashlib.sha256((MIGRATIONS / name).read_bytes()).hexdigest()
        assert digest == recorded[name], f"{name} was edited after it shipped; write a new step instead"
