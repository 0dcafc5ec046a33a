"""Recovery pieces that protect a damaged station: checksums, leftovers, owner-only files, bad text."""

import os
import sqlite3
import time

import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import DatabaseDamaged
from stationdesk.files import written_atomically
from stationdesk.services import roster, safety
from stationdesk.store import backup, open_database, recovery
from stationdesk.store.health import check_database


def test_an_empty_or_garbled_checksum_falls_back_to_checking_the_backup(store):
    roster.add_volunteer(store, VolunteerDraft(name="张三"))
    made = safety.backup_now(store)
    for note in ("", "not a checksum", "\x00\x01"):
        backup.checksum_path(made).write_text(note)
        assert backup.verify_backup(made) is None
    backup.checksum_path(made).unlink()
    assert backup.verify_backup(made) is None
    roster.add_volunteer(store, VolunteerDraft(name="李四"))
    safety.restore(store, made)
    assert [r.name for r in roster.search(store, "")] == ["张三"]


def test_backups_are_rollback_journal_files_with_a_synced_checksum(store):
    made = safety.backup_now(store)
    con = sqlite3.connect(made)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()
    assert len(backup.recorded_checksum(made)) == 64
    if os.name == "posix":
        assert backup.checksum_path(made).stat().st_mode & 0o077 == 0


def test_leftovers_of_an_interrupted_backup_or_restore_are_removed_at_next_start(tmp_path):
    db = tmp_path / "s.sqlite3"
    open_database(db).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / "s-20261101-101010-000000-daily.sqlite3.partial"
    running = folder / "s-20261201-101010-000000-daily.sqlite3.partial"  # another PC's, being written now
    other = folder / "t-20261101-101010-000000-daily.sqlite3.partial"  # another station's
    for path in (stale, running, other):
        path.write_bytes(b"x" * 1000)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    db.with_name(db.name + ".restoring").write_bytes(b"y")
    open_database(db).close()
    assert not stale.exists() and not db.with_name(db.name + ".restoring").exists()
    assert running.exists() and other.exists()


def test_outputs_are_owner_only_from_their_first_byte(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    out = tmp_path / "名单.xlsx"
    with written_atomically(out, "名单") as partial:
        assert partial.stat().st_mode & 0o077 == 0
        partial.write_bytes(b"data")
    assert out.stat().st_mode & 0o077 == 0 and out.read_bytes() == b"data"


@pytest.mark.parametrize("content, words", [(b"", "空的"), (b"hello, this is a text file" * 10, "不是站务台账"),
                                            ("sqlite", "别的程序")])
def test_an_empty_or_foreign_file_is_never_taken_for_a_new_station(tmp_path, content, words):
    db = tmp_path / "s.sqlite3"
    if content == "sqlite":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE orders (id)")
        con.commit()
        con.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    with pytest.raises(DatabaseDamaged, match=words):
        open_database(db)
    assert db.read_bytes() == before
    assert recovery.newest_good_backup(db) is None


def test_text_that_is_not_utf8_reads_and_the_check_reports_it(store):
    vid = roster.add_volunteer(store, VolunteerDraft(name="张三"))
    store.execute("UPDATE volunteer SET name = CAST(X'E5BCA0FF' AS TEXT) WHERE id = ?", (vid,))
    assert roster.search(store, "")[0].name == "张\ufffd"  # search, export and print read on
    problems = check_database(store)
    assert any("volunteer 的 name 列有 1 处文字已损坏" in p for p in problems), problems
