import os
import sqlite3
from datetime import datetime, timedelta

import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError
from stationdesk.services import roster, safety
from stationdesk.store import backup


def names(store):
    return sorted(r.name for r in roster.search(store, ""))


def test_backup_is_verified_checksummed_private_and_holds_every_saved_row(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="张三"))
    roster.add_volunteer(store, VolunteerDraft(name="李四"))  # still in the WAL, not the main file
    path = backup.backup_database(store.path, tmp_path / "b")
    assert backup.verify_backup(path) is None
    assert backup.checksum_path(path).read_text().split()[1] == path.name
    assert backup.backup_counts(path) == {"volunteers": 2, "teams": 0}
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    assert not list((tmp_path / "b").glob("*.partial"))


def test_a_damaged_backup_is_caught(store, tmp_path):
    path = backup.backup_database(store.path, tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    assert "校验值不符" in backup.verify_backup(path)
    assert "不存在" in backup.verify_backup(tmp_path / "nope.sqlite3")


def test_rotation_keeps_recent_daily_weekly_and_monthly(tmp_path):
    start = datetime(2026, 11, 23, 9, 0)
    for hours in range(0, 24 * 500, 7):  # a backup every 7 hours for 500 days
        taken = start - timedelta(hours=hours)
        (tmp_path / f"station-{taken.strftime(backup.STAMP)}.sqlite3").write_bytes(b"x")
    before = len(backup.list_backups(tmp_path))
    backup.rotate(tmp_path)
    kept = backup.list_backups(tmp_path)
    assert before > 1500 and len(kept) <= 10 + 10 + 8 + 12
    assert kept[0].taken_at == start  # the newest survives
    assert {b.taken_at.date() for b in kept} >= {(start - timedelta(days=d)).date() for d in range(3)}
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) == 12


def test_restore_brings_back_yesterdays_data_and_keeps_todays(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="张三"))
    yesterday = safety.backup_now(store)
    roster.add_volunteer(store, VolunteerDraft(name="误删后补录"))
    kept = safety.restore(store, yesterday)
    assert names(store) == ["张三"]
    assert not kept.quarantined and backup.backup_counts(kept.kept)["volunteers"] == 2  # what was live is kept
    roster.add_volunteer(store, VolunteerDraft(name="李四"))  # the store works after the swap
    assert names(store) == ["张三", "李四"]
    assert not store.path.with_name(store.path.name + ".restoring").exists()


def test_restore_refuses_a_broken_or_foreign_file_and_changes_nothing(store, tmp_path):
    roster.add_volunteer(store, VolunteerDraft(name="张三"))
    bogus = tmp_path / "bogus.sqlite3"
    con = sqlite3.connect(bogus)
    con.execute("CREATE TABLE x (y)")
    con.close()
    with pytest.raises(UserError, match="不能用这个备份恢复"):
        safety.restore(store, bogus)
    assert names(store) == ["张三"]


def test_the_days_checks_back_up_once_a_day_and_never_a_damaged_file(store):
    from stationdesk.services import startup

    assert safety.backup_age(store) is None and safety.is_stale(store)
    assert safety.describe_age(None) == "还没有备份"
    checks = startup.day_checks(store)
    assert checks.backup_due and checks.thorough  # no full check yet either
    problems, made = checks.run()
    startup.after_checks(store, checks, problems, made)
    assert problems == [] and made is not None and not safety.is_stale(store)
    assert not safety.full_check_due(store)
    again = startup.day_checks(store)
    assert not again.backup_due and again.run() == ([], None)  # not twice a day
    store.path.with_name("damaged.sqlite3").write_bytes(b"x" * 4096)
    broken = startup.DayChecks(store.path.with_name("damaged.sqlite3"), checks.folder, False, True)
    problems, made = broken.run()
    assert problems and made is None
    assert safety.is_stale(store, now=datetime.now() + timedelta(days=2))
    assert safety.describe_age(timedelta(days=3)) == "3 天前"


def test_backup_folder_setting_and_usb_copy(store, tmp_path):
    usb = tmp_path / "usb"
    safety.set_backup_dir(store, usb)
    assert safety.backup_now(store).parent == usb
    copy = safety.copy_to(store, tmp_path / "stick")
    assert copy.name.startswith("站务台账备份-") and backup.verify_backup(copy) is None
    with pytest.raises(UserError, match="无法写入"):
        safety.set_backup_dir(store, "/proc/not-writable")


def test_a_full_check_is_due_weekly(store):
    assert safety.full_check_due(store)
    assert safety.health(store) == []
    assert not safety.full_check_due(store)
    assert safety.full_check_due(store, now=datetime.now() + timedelta(days=8))


def test_file_check_runs_on_its_own_connection_and_reports_damage(store, tmp_path):
    from stationdesk.store.health import file_check

    assert file_check(store.path) == [] and file_check(store.path, thorough=True) == []
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    assert file_check(broken)


def test_two_databases_in_one_folder_keep_their_own_backup_age_and_rotation(tmp_path):
    """A demo and the real station side by side: one's fresh backup must not make the other look safe."""
    from datetime import datetime, timedelta

    from stationdesk.services import safety
    from stationdesk.store import open_database

    with open_database(tmp_path / "demo.sqlite3") as demo, open_database(tmp_path / "station.sqlite3") as real:
        safety.backup_now(demo, label="manual")
        assert safety.backup_age(demo) is not None and safety.is_stale(real)
        assert safety.backups(real) == []
        folder = safety.backup_dir(real)
        old = datetime.now() - timedelta(days=400)
        for n in range(40):  # a long history of the real station's backups …
            stamp = (old + timedelta(days=n)).strftime(backup.STAMP)
            (folder / f"station-{stamp}-daily{backup.SUFFIX}").write_bytes(b"x")
        for _ in range(12):  # … is not thinned by the demo's rotation
            safety.backup_now(demo, label="manual")
        assert len(backup.list_backups(folder, of="station")) == 40
        assert safety.backup_age(real) > timedelta(days=300)
