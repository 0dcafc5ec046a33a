"""A full disk during save, import, backup, export and printing: a plain message, no partial file under a
final name, every earlier save intact, and the app works again once space is freed."""

import subprocess
from datetime import datetime

import pytest

from stationdesk.domain.volunteer import VolunteerDraft
from stationdesk.errors import UserError, explain
from stationdesk.reports.roster import build_roster
from stationdesk.services import exporting, importing, roster, safety
from stationdesk.store import open_database
from stationdesk.store.health import check_database
from tests.exchange.messy import write_gbk_csv


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk, leave_bytes: int):
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:  # unbuffered: nothing left to flush when the disk is full
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    size = filler.stat().st_size
    with open(filler, "r+b") as f:
        f.truncate(max(size - leave_bytes, 0))
    return filler


# openpyxl's zip writer complains from its destructor after the failed save; the test checks the outcome.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_disk_full_everywhere_then_recovery(small_disk, tmp_path):
    store = open_database(small_disk / "station.sqlite3")
    saved = [roster.add_volunteer(store, VolunteerDraft(name=f"张{c}", note="备注" * 200)) for c in "一二三四五"]
    filler = fill(small_disk, 48 * 1024)
    messages = []
    added = 0
    with pytest.raises(Exception) as caught:
        for _ in range(10_000):
            roster.add_volunteer(store, VolunteerDraft(name="李四", note="很长的备注" * 400))
            added += 1
    messages.append(explain(caught.value))
    with pytest.raises(Exception) as caught:
        importing.commit_import(store, importing.plan_import(store, write_gbk_csv(tmp_path / "a.csv")))
    messages.append(explain(caught.value))
    for attempt in (lambda: safety.backup_now(store),
                    lambda: exporting.export_roster(store, small_disk / "roster.xlsx"),
                    lambda: build_roster(roster.search(store, "") * 400, small_disk / "roster.pdf", station="站",
                                         printed_at=datetime(2026, 1, 1))):
        with pytest.raises((UserError, OSError)) as caught:
            attempt()
        messages.append(explain(caught.value))
    print(f"\ndisk full: {len(messages)} operations refused with: {sorted(set(messages))}")
    assert all(m and ("磁盘" in m) for m in messages), messages
    leftovers = sorted(p.name for p in small_disk.rglob("*") if p.is_file() and p.name not in (
        "station.sqlite3", "station.sqlite3-wal", "station.sqlite3-shm", "station.sqlite3.lock", "filler"))
    assert leftovers == []  # no partial export, PDF or backup under any name
    filler.unlink()
    assert all(roster.get_volunteer(store, vid) for vid in saved)
    assert roster.count(store) == 5 + added
    roster.add_volunteer(store, VolunteerDraft(name="王五"))
    assert safety.backup_now(store).exists()
    assert check_database(store) == []
    store.close()
