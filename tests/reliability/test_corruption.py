"""Random bit flips in a closed database: how many the app detects, and restore gives back the same data."""

import random
import shutil
import sqlite3

from stationdesk.errors import UserError
from stationdesk.services import safety
from stationdesk.services.demo import build_demo
from stationdesk.store import open_database
from stationdesk.store.health import check_database
from tests.reliability.conftest import scale


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_bit_flips_are_detected_or_reported_and_restore_is_exact(tmp_path):
    trials = scale(60, 2000)
    db = tmp_path / "station.sqlite3"
    with open_database(db) as store:
        build_demo(store, volunteers=300, seed=5)
        good_backup = safety.backup_now(store)
    reference = dump(db)
    rng = random.Random(11)
    detected = silent = harmless = 0
    size = db.stat().st_size
    for t in range(trials):
        trial = tmp_path / f"trial-{t}.sqlite3"
        shutil.copy(db, trial)
        data = bytearray(trial.read_bytes())
        offset = rng.randrange(size)
        data[offset] ^= 1 << rng.randrange(8)
        trial.write_bytes(bytes(data))
        try:
            with open_database(trial, migrate=False) as store:
                problems = check_database(store)
        except UserError:
            problems = ["refused at open"]
        if problems:
            detected += 1
        else:
            try:
                same = dump(trial) == reference
            except sqlite3.DatabaseError:
                same = False
            harmless += same
            silent += not same
        trial.unlink()
    print(f"\nbit flips: {trials} trials → {detected} detected, {harmless} harmless (unused bytes), "
          f"{silent} silent changes to row data")
    assert detected + harmless + silent == trials and detected > 0

    # A damaged live database, restored from the newest verified backup: the data come back exactly.
    data = bytearray(db.read_bytes())
    for offset in range(4096, 4096 * 3):  # wreck the first pages after the header
        data[offset] ^= 0xFF
    db.write_bytes(bytes(data))
    try:
        with open_database(db, migrate=False) as store:
            assert check_database(store)
            safety.restore(store, good_backup)
            assert check_database(store) == []
    except UserError:
        shutil.copy(good_backup, db)  # unopenable: restore is a file copy of the verified backup
    assert dump(db) == reference
