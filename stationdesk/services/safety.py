"""Keeping the station's records safe: backups (automatic and on demand), restore, health checks."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from stationdesk.errors import UserError
from stationdesk.services import audit, certificates
from stationdesk.store import backup, open_database, recovery
from stationdesk.store.database import per_store
from stationdesk.store.health import check_database
from stationdesk.store.models import Setting

BACKUP_DIR_KEY = "backup_dir"
FULL_CHECK_KEY = "last_full_check"
STALE_AFTER = timedelta(days=1)
FULL_CHECK_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class BackupRow:
    path: Path
    taken_at: datetime
    size: int
    label: str
    volunteers: int | None  # None when the file cannot be read


def backup_dir(store) -> Path:
    """Where backups go: the folder the user chose, else `backups/` beside the database."""
    row = Setting.get_or_none(Setting.key == BACKUP_DIR_KEY)
    return Path(row.value) if row else store.path.parent / "backups"


def set_backup_dir(store, folder: str | Path) -> None:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".stationdesk-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"无法写入文件夹 {folder}：{exc.strerror}。请换一个文件夹。") from exc
    with store.write():
        Setting.replace(key=BACKUP_DIR_KEY, value=str(folder)).execute()
        audit.record("set_backup_dir", "setting", None, folder=str(folder))
    store.protect_files()


def backup_now(store, *, label: str = "", folder: Path | None = None, progress=None) -> Path:
    """A verified backup into the backup folder (or `folder`), then rotation of that folder.
    `progress(done, total)` as it copies and checks; what it raises (取消) leaves no file behind."""
    target = folder or backup_dir(store)
    _mark_station(store)
    path = backup.backup_database(store.path, target, label=label, progress=progress)
    backup.rotate(target, of=store.path.stem)
    return path


def _mark_station(store) -> None:
    """Every backup carries the station's id inside it (the identity setting), so a restore can tell this
    station's backups from another's in a shared folder. Made here for a station that has none yet. So is
    the certificates' key, so papers issued after this backup verify by their QR after it is restored."""
    from stationdesk.services import certificates, packages

    packages.identity(store)
    certificates.ensure_key(store)


def copy_to(store, folder: str | Path, *, name: str = "") -> Path:
    """A verified copy for a USB stick (or `backup -o`): same as a backup, named for people, never rotated
    away. Not a backup in the backup folder: 首页's last backup does not count it."""
    name = name or f"站务台账备份-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    _mark_station(store)
    return backup.backup_database(store.path, Path(folder), name=name)


def backup_age(store, now: datetime | None = None) -> timedelta | None:
    return backup.last_backup_age(backup_dir(store), now, of=store.path.stem)


def stale(age: timedelta | None) -> bool:
    """A last backup older than a day, or none at all (for callers that already have the age)."""
    return age is None or age > STALE_AFTER


def is_stale(store, now: datetime | None = None) -> bool:
    return stale(backup_age(store, now))


def backups(store) -> list[BackupRow]:
    rows = []
    for b in backup.list_backups(backup_dir(store), of=store.path.stem):
        try:
            volunteers = backup.backup_counts(b.path)["volunteers"]
        except Exception:  # an unreadable file still shows, so it can be seen and removed
            volunteers = None
        rows.append(BackupRow(b.path, b.taken_at, b.size, b.label, volunteers))
    return rows


OtherStation = recovery.OtherStation  # a backup of another station, refused unless chosen explicitly


def station_of_backup(path: str | Path) -> recovery.StationMark:
    """Which station a backup file holds (read from inside it)."""
    return recovery.station_of(Path(path))


def other_station(store, path: str | Path) -> str | None:
    """When `path` is another station's backup: a sentence naming both stations, for the confirmation
    the operator must give before restoring it; None for this station's own (or one that cannot tell)."""
    mine, theirs = recovery.station_of(store.path, live=True), recovery.station_of(Path(path))
    return recovery.other_station_text(mine, theirs) if recovery.same_station(mine, theirs) is False else None


def restore(store, path: str | Path, *, other_station: bool = False) -> recovery.Restored:
    """Replace the live data with a backup; what was live is kept first (a verified backup, or its raw
    bytes when it is too damaged for one). Another station's backup (OtherStation) only with
    `other_station`: it brings that station's roster and signing identity."""
    kept = store.restore_from(Path(path), backup_dir(store), other_station=other_station)
    after_restore(store, Path(path), kept)
    return kept


def kept_text(kept: recovery.Restored) -> str:
    """Where the replaced data went, for the message after a restore."""
    if kept.kept is None:
        return "原来的文件是空的，没有需要另存的数据。"
    if kept.quarantined:
        return f"原来的文件已损坏，无法做成备份，已把它原样另存为 {kept.kept}（仅本人可读）。"
    return f"恢复前的数据已另存为备份 {kept.kept}。"


def restore_file(db_path: str | Path, backup_path: str | Path, *, other_station: bool = False):
    """Restore a backup over a database that may not even open (damaged, empty, foreign): the CLI's
    `restore` and the GUI's start-up offer. Returns the opened, restored Store and what was kept.
    Another station's backup (OtherStation) only with `other_station`."""
    kept = recovery.restore_file(Path(db_path), Path(backup_path), other_station=other_station)
    store = open_database(db_path)
    try:
        after_restore(store, Path(backup_path), kept)
    except BaseException:
        store.close()
        raise
    return store, kept


def after_restore(store, backup_path: Path, kept: recovery.Restored) -> None:
    """The restored file's audit entry, and a fresh certificate series: serials issued after the backup
    was taken exist on paper, and must never be issued again to someone else."""
    with store.write():
        certificates.start_new_series(store)
        audit.record("restore", "database", None, backup=backup_path.name,
                     kept=kept.kept.name if kept.kept else "", quarantined=kept.quarantined)


def newest_good_backup(db_path: str | Path) -> recovery.Candidate | None:
    return recovery.newest_good_backup(Path(db_path).absolute())


def describe_candidate(candidate: recovery.Candidate) -> str:
    b = candidate.backup
    return (f"{b.taken_at:%Y年%m月%d日 %H:%M} 的备份（志愿者 {candidate.volunteers} 人、"
            f"队伍 {candidate.teams} 支）：{b.path}")


def health(store, *, thorough: bool = True, progress=None) -> list[str]:
    """`progress(done, total)` as the check runs; what it raises (取消) stops it (it only reads)."""
    problems = check_database(store, thorough=thorough, progress=progress)
    if thorough and not problems:
        record_full_check(store)
    return problems


def full_check_due(store, now: datetime | None = None) -> bool:
    """The weekly integrity_check: due when none has passed in the last seven days."""
    row = Setting.get_or_none(Setting.key == FULL_CHECK_KEY)
    return row is None or (now or datetime.now()) - datetime.fromisoformat(row.value) > FULL_CHECK_EVERY


def record_full_check(store) -> None:
    with store.write():
        Setting.replace(key=FULL_CHECK_KEY, value=datetime.now().isoformat(timespec="seconds")).execute()


def describe_age(age: timedelta | None) -> str:
    if age is None:
        return "还没有备份"
    if age < timedelta(minutes=1):
        return "刚刚"
    if age < timedelta(hours=1):
        return f"{int(age.total_seconds() // 60)} 分钟前"
    if age < timedelta(days=1):
        return f"{int(age.total_seconds() // 3600)} 小时前"
    return f"{age.days} 天前"


per_store(globals())  # model queries run on the store each function is given
