import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stationdesk.errors import DatabaseLocked, DatabaseProblem, DatabaseTooNew
from stationdesk.store import migrations, open_database
from stationdesk.store.database import is_network_path
from stationdesk.store.models import MODELS


def test_pragmas_are_set(store):
    def pragma(name):
        return store.scalar(f"PRAGMA {name}")

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert pragma("user_version") == migrations.LATEST


def test_writes_begin_immediate(store):
    assert store.db._lock_type == "IMMEDIATE"
    with store.write():  # before any statement: a deferred BEGIN would take no lock yet
        other = sqlite3.connect(store.path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        store.execute("INSERT INTO setting (key, value) VALUES ('a', '1')")


def test_database_file_is_private(store):
    if os.name == "posix":
        assert (store.path.stat().st_mode & 0o077) == 0


def test_schema_from_migrations_matches_the_models(store):
    for model in MODELS:
        table = model._meta.table_name
        columns = {r[1] for r in store.execute(f"PRAGMA table_info({table})")}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table


def test_reopening_is_idempotent(db_path):
    open_database(db_path).close()
    with open_database(db_path) as again:
        assert again.scalar("PRAGMA user_version") == migrations.LATEST
        assert again.scalar("SELECT count(*) FROM volunteer") == 0


def test_a_newer_database_is_refused_and_left_untouched(db_path):
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="更新版本"):
        open_database(db_path)
    assert db_path.read_bytes() == before
    with pytest.raises(DatabaseTooNew):
        open_database(db_path)


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path):
    bad = tmp_path / "x.sqlite3"
    bad.write_bytes(b"this is a word document, honestly" * 100)
    with pytest.raises(DatabaseProblem, match=r"不是有效的站务台账数据库|损坏"):
        open_database(bad)


def test_migrations_back_up_an_existing_database_first(db_path, monkeypatch):
    open_database(db_path).close()
    applied = []
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, lambda db: applied.append("m2")))
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    with open_database(db_path) as store:
        assert store.scalar("PRAGMA user_version") == migrations.LATEST
    assert applied == ["m2"]
    backups = list((db_path.parent / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    con.close()


def test_a_failing_migration_leaves_the_old_version(db_path, monkeypatch):
    open_database(db_path).close()

    def broken(db):
        db.execute_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, broken))
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    with pytest.raises(RuntimeError):
        open_database(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    con.close()


def test_a_second_open_in_the_same_process_is_refused(store):
    with pytest.raises(DatabaseLocked, match="只能由一个窗口使用"):
        open_database(store.path)


HOLD = """
import sys, time
from stationdesk.store import open_database
s = open_database(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


def _holder(db_path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_another_process_is_refused_and_a_killed_ones_lock_is_taken_over(db_path):
    proc = _holder(db_path)
    try:
        with pytest.raises(DatabaseLocked) as caught:
            open_database(db_path)
        assert f"进程{proc.pid}" in str(caught.value)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert db_path.with_name(db_path.name + ".lock").exists()  # stale lock file left behind
    deadline = time.time() + 5
    while True:
        try:
            open_database(db_path).close()
            break
        except DatabaseLocked:
            assert time.time() < deadline
            time.sleep(0.05)


def test_network_paths_are_recognised(tmp_path):
    assert is_network_path(Path("//server/share/station"))
    assert is_network_path(Path("\\\\server\\share"))
    assert not is_network_path(tmp_path)


def test_every_historical_version_upgrades_with_its_data_and_the_same_schema(tmp_path):
    """A database made by each earlier release opens in this one, keeps its rows, and ends up with the
    schema a new database gets."""
    import peewee

    def schema(path):
        con = sqlite3.connect(path)
        rows = sorted(con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        con.close()
        return rows

    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    for version in range(1, migrations.LATEST):
        old = tmp_path / f"v{version}.sqlite3"
        db = peewee.SqliteDatabase(str(old))
        for step in migrations.STEPS[:version]:
            step(db)
        db.execute_sql(f"PRAGMA user_version = {version}")
        db.execute_sql("INSERT INTO volunteer (name, search_key, created_at, updated_at) "
                       "VALUES ('老数据', '老数据', '2025-01-01', '2025-01-01')")
        db.close()
        with open_database(old) as store:
            assert store.scalar("PRAGMA user_version") == migrations.LATEST
            assert store.scalar("SELECT name FROM volunteer") == "老数据"
        assert schema(old) == schema(fresh)
        assert list((tmp_path / "backups").glob(f"v{version}-*-before-v{migrations.LATEST}.sqlite3"))
