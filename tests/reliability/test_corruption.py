"""Damaged database files: how much damage the app notices, and that the app itself — CLI and the GUI's
start-up offer, never a file copy by the test — gives the data back from the newest verified backup."""

import random
import shutil
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from stationdesk.errors import UserError
from stationdesk.services import safety
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from stationdesk.store.health import check_database
from tests.reliability.conftest import scale

PAGE = 4096


def data(path) -> list[str] | None:
    """The station's records as SQL text: what a restore must give back. The audit log and the new
    certificate series are what a restore itself adds; None when the file does not read."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return [line for line in con.iterdump()
                    if not line.startswith('INSERT INTO "audit_entry"') and "certificate_series" not in line]
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeError):
        return None


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    """A demo station and its verified backup (the reference), made once."""
    folder = tmp_path_factory.mktemp("station")
    db = folder / "station.sqlite3"
    with open_database(db) as store:
        build_demo(store, volunteers=300, seed=5)
        good = safety.backup_now(store)
    return db, good, data(good)


def root_page(db, name: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    finally:
        con.close()


def wreck_page(raw: bytearray, page: int) -> bytes:
    start = (page - 1) * PAGE
    raw[start + 8:start + PAGE] = bytes(reversed(raw[start + 8:start + PAGE]))
    return bytes(raw)


def damaged(kind: str, db, raw: bytearray) -> bytes:
    if kind == "header":
        return bytes(PAGE // 4) + bytes(raw[PAGE // 4:])
    if kind == "table page":
        return wreck_page(raw, root_page(db, "volunteer"))
    if kind == "index page":
        return wreck_page(raw, root_page(db, "volunteer_status_name"))
    if kind == "schema text":  # a byte of the CREATE statements becomes invalid UTF-8
        at = raw.index(b"CREATE TABLE volunteer") + 8
        raw[at] = 0xFF
        return bytes(raw)
    if kind == "truncated":
        return bytes(raw[:len(raw) * 2 // 5])
    if kind == "0 bytes":
        return b""
    if kind == "foreign file":
        return b"PK\x03\x04" + bytes(random.Random(3).randrange(256) for _ in range(50_000))
    raise AssertionError(kind)


CASES = ("header", "table page", "index page", "schema text", "truncated", "0 bytes", "foreign file")


def damaged_station(tmp_path, station, kind):
    """A copy of the station (its backups folder included) whose live file has `kind` damage."""
    db, good, reference = station
    live = tmp_path / db.name
    shutil.copytree(good.parent, tmp_path / "backups")
    shutil.copy(good, live)
    live.write_bytes(damaged(kind, live, bytearray(live.read_bytes())))
    assert data(live) != reference or not intact(live)
    return live, reference


def intact(path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeError):
        return False


def cli(*args):
    return subprocess.run([sys.executable, "-m", "stationdesk", *map(str, args)], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("kind", CASES)
def test_cli_reports_the_damage_and_restore_brings_the_data_back(tmp_path, station, kind):
    live, reference = damaged_station(tmp_path, station, kind)
    check = cli("--db", live, "check")
    assert check.returncode == 3, check.stderr + check.stdout
    assert "Traceback" not in check.stderr
    if check.stderr:  # refused at open: the message names the command that restores the newest backup
        assert "restore" in check.stderr and "完好的备份" in check.stderr
    bad_bytes = live.read_bytes()  # as `check` left it (opening switches the journal to WAL: header bytes)
    restore = cli("--db", live, "restore")
    assert restore.returncode == 0, restore.stderr
    assert data(live) == reference
    assert cli("--db", live, "check").returncode == 0
    kept = list((tmp_path / "backups" / "damaged").glob("*.damaged"))
    if bad_bytes and kept:  # too damaged to back up: its raw bytes are kept, owner-only
        assert kept[0].read_bytes() == bad_bytes and kept[0].stat().st_mode & 0o077 == 0
    elif bad_bytes:
        assert list((tmp_path / "backups").glob("*-before-restore.sqlite3"))


@pytest.mark.parametrize("kind", CASES)
def test_the_gui_offers_the_newest_backup_at_start_and_restores_it(tmp_path, station, kind, qtbot, monkeypatch):
    from stationdesk.ui.main_window import MainWindow

    live, reference = damaged_station(tmp_path, station, kind)
    offers, errors = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: offers.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
    window = MainWindow(db_path=live)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: data(live) == reference and intact(live), timeout=30_000)
    assert not errors
    assert len(offers) == 1 and "志愿者 300 人" in offers[0] and "完好的备份" in offers[0]
    qtbot.waitUntil(lambda: window.store is not None)
    window.close()


def test_a_backup_on_read_only_media_restores(tmp_path, station):
    """A write-protected USB stick, simulated by a read-only bind mount in a user namespace."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.skip("no user namespaces here to mount a folder read-only")
    _db, good, reference = station
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(good, stick / good.name)
    con = sqlite3.connect(stick / good.name)  # as backups were made before: a WAL file, which needs a -shm
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    live = tmp_path / "station.sqlite3"
    live.write_bytes(b"")
    script = (f"mount --bind {stick} {stick} && mount -o remount,bind,ro {stick} && ! touch {stick}/probe && "
              f"{sys.executable} -m stationdesk --db {live} restore {stick / good.name}")
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert data(live) == reference


def test_random_bit_flips_are_detected_or_harmless_and_silent_damage_is_bounded(tmp_path, station):
    """SQLite cannot see a flipped bit inside a stored value (a digit of a phone number): that is the
    silent share, bounded here; everything else must be reported or refused with a message."""
    trials = scale(60, 2000)
    _db, good, reference = station
    raw = good.read_bytes()
    rng = random.Random(11)
    detected = silent = harmless = 0
    trial = tmp_path / "trial.sqlite3"
    for _ in range(trials):
        flipped = bytearray(raw)
        flipped[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        trial.write_bytes(bytes(flipped))
        try:
            with open_database(trial, migrate=False) as store:
                problems = check_database(store)
        except UserError:
            problems = ["refused at open"]
        if problems:
            detected += 1
        elif data(trial) == reference:
            harmless += 1
        else:
            silent += 1
    print(f"\nbit flips: {trials} trials → {detected} detected, {harmless} harmless (unused bytes), "
          f"{silent} silent changes to row data")
    assert detected + harmless + silent == trials and detected > 0
    assert silent <= trials * 0.25
