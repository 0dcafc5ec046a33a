"""Getting a station's data back when its file is damaged. Nothing here needs the damaged file to open:
what is wrong with it is read from its bytes, its raw copy is kept before anything replaces it, and the
backup that replaces it is verified on its own."""

import errno
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stationdesk.errors import DatabaseProblem, DatabaseTooNew, UserError, os_error_text
from stationdesk.files import create_private, replace
from stationdesk.store import migrations
from stationdesk.store.backup import (
    STAMP,
    SUFFIX,
    BackupInfo,
    backup_counts,
    backup_database,
    fsync,
    list_backups,
    read_only_uri,
    verify_backup,
)
from stationdesk.store.lock import DatabaseLock

HEADER = b"SQLite format 3\x00"
DEFAULT_NAME = "新时代文明实践站"  # a station's name before its set-up (services.station.StationInfo): says nothing
QUARANTINE = "damaged"  # folder inside the backup folder for raw copies of files that would not back up


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # a verified backup of what was live, or its raw copy when it was too damaged for one
    quarantined: bool  # True when `kept` is a raw byte copy (it could not be backed up)


@dataclass(frozen=True)
class Candidate:
    backup: BackupInfo
    volunteers: int
    teams: int


@dataclass(frozen=True)
class StationMark:
    """Which station a database or backup file is, read from inside the file itself (its Setting table),
    so a backup made before stations had ids says what it can too. `id` is the station identity's UUID
    (None when the file records none or cannot be read); `name` is the station's name as set up."""

    id: str | None
    name: str = ""

    def label(self) -> str:
        name = f"“{self.name}”" if self.name else "（未设置名称）"
        return f"{name}（站点编号 {self.id}）" if self.id else f"{name}（没有记录站点编号）"


class OtherStation(UserError):
    """A backup of another station: restoring it would hand this station the other's roster and signing
    identity, so it needs the operator's explicit choice (the CLI's --other-station, a GUI confirmation)."""

    def __init__(self, message: str, mine: StationMark, theirs: StationMark):
        super().__init__(message)
        self.mine, self.theirs = mine, theirs


_IDENTITY = re.compile(rb"station_identity([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) [0-9a-f]{64} ")


def station_of(path: Path, *, live: bool = False) -> StationMark:
    """The station a file belongs to. A backup is opened immutable; the live database read-only (its WAL
    too). When the file will not open as a database (damaged), its bytes are searched for the identity row:
    a damaged station still knows whose backups are its own."""
    uri = f"file:{path}?mode=ro" if live else read_only_uri(path)
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'station_identity'").fetchone()
            try:
                name = con.execute("SELECT name FROM station ORDER BY id LIMIT 1").fetchone()
            except sqlite3.Error:
                name = None
        finally:
            con.close()
        words = row[0].split() if row and isinstance(row[0], str) else []
        return StationMark(words[0] if words else None, name[0] if name and isinstance(name[0], str) else "")
    except (sqlite3.Error, UnicodeError, OSError):
        pass
    for source in (Path(f"{path}-wal"), path) if live else (path,):
        try:
            found = _IDENTITY.search(source.read_bytes())
        except OSError:
            continue
        if found:
            return StationMark(found[1].decode())
    return StationMark(None)


def same_station(mine: StationMark, theirs: StationMark) -> bool | None:
    """True for one station, False for two, None when the files cannot tell (a backup from before
    station ids, or a live file that records none): then the names decide if both were set up and differ."""
    if mine.id and theirs.id:
        return mine.id == theirs.id
    if mine.name not in ("", DEFAULT_NAME) and theirs.name not in ("", DEFAULT_NAME) and mine.name != theirs.name:
        return False
    return None


def other_station_text(mine: StationMark, theirs: StationMark) -> str:
    return (f"这份备份是另一个站点{theirs.label()}的，不是本站{mine.label()}的。用它恢复后，本站将变成那个站点："
            "名册、活动、证书登记簿和上报签名身份都换成它的。")


def diagnose(path: Path) -> str | None:
    """Why the file at `path` cannot be a station database, from its bytes alone; None if it may be opened
    (a missing file is a new station). A 0-byte or foreign file is never taken for a new, empty station."""
    try:
        if not path.exists():
            return None
        with open(path, "rb") as f:
            head = f.read(len(HEADER))
    except OSError as exc:
        return f"无法读取数据库文件：{os_error_text(exc)}"
    if not head:
        return "数据库文件是空的（0 字节），里面没有任何记录，可能是复制或保存时被中断了。"
    if head != HEADER:
        return "这个文件不是站务台账数据库（文件开头不对），可能已损坏，或被别的文件覆盖了。"
    try:  # read-only: a foreign database must not even get our journal mode
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            foreign = (con.execute("PRAGMA user_version").fetchone()[0] == 0
                       and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)
        finally:
            con.close()
    except (sqlite3.Error, UnicodeError):
        return None  # damage inside: opening reports it in full
    return "这个文件是别的程序的数据库，不是站务台账的数据，没有打开也没有改动它。" if foreign else None


def backup_folders(path: Path) -> list[Path]:
    """Where backups of `path` may be: the folder chosen in its settings (read raw, if the file still
    reads), then `backups/` beside it."""
    folders = []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'backup_dir'").fetchone()
        finally:
            con.close()
        if row and isinstance(row[0], str):
            folders.append(Path(row[0]))
    except (sqlite3.Error, UnicodeError):
        pass  # too damaged to say: the default folder is still searched
    default = path.parent / "backups"
    return [*folders, default] if default not in folders else folders


def newest_good_backup(path: Path) -> Candidate | None:
    """The newest backup of this station's `path` that passes verification, with what it holds; None if
    there is none. Two stations with the same file name may share a backup folder (a USB stick): only the
    station's own backups are candidates (by the station id inside each file). A backup from before
    station ids counts as its own unless the station names say otherwise. When the live file says nothing
    (damaged beyond reading its id) and the folder holds several stations' backups, none is chosen: the
    operator must name one."""
    mine = station_of(path, live=True)
    seen: set[str] = set()
    good: list[tuple[BackupInfo, StationMark]] = []
    for folder in backup_folders(path):
        for info in list_backups(folder, of=path.stem):
            if verify_backup(info.path) is not None:
                continue
            theirs = station_of(info.path)
            if same_station(mine, theirs) is False:
                continue
            if theirs.id:
                seen.add(theirs.id)
            good.append((info, theirs))
    if not good or (mine.id is None and len(seen) > 1):
        return None
    info = good[0][0]
    counts = backup_counts(info.path)
    return Candidate(info, counts["volunteers"], counts["teams"])


def check_same_station(path: Path, backup: Path, *, other_station: bool = False) -> None:
    """An OtherStation error naming both stations when `backup` is another station's (by the ids inside
    both files) and the operator has not chosen it explicitly."""
    if other_station:
        return
    mine, theirs = station_of(path, live=True), station_of(backup)
    if same_station(mine, theirs) is False:
        raise OtherStation(f"{other_station_text(mine, theirs)}没有恢复。如确实要这样做，请明确选择"
                           "（命令行加 --other-station）。", mine, theirs)


def check_restorable(backup: Path) -> None:
    """A UserError unless `backup` is whole and this program can read its format."""
    if backup.is_dir():
        raise UserError(f"“{backup}”是一个文件夹，不是备份文件。请指定文件夹里的一份备份（.sqlite3）。")
    problem = verify_backup(backup)
    if problem:
        raise UserError(f"不能用这个备份恢复：{problem}")
    con = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()
    if version > migrations.LATEST:
        raise DatabaseTooNew("这个备份来自更新版本的站务台账，请先升级程序再恢复。")


def quarantine(path: Path, folder: Path) -> Path:
    """A raw, owner-only, fsynced copy of `path` (and its WAL) in `folder/damaged/`: the bytes of a file
    too damaged to back up, kept before anything replaces it. A failure here stops the restore."""
    target_dir = folder / QUARANTINE
    stem = f"{path.stem}-{datetime.now().strftime(STAMP)}"
    copied = target_dir / f"{stem}.damaged"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        for source, target in ((path, copied), (Path(f"{path}-wal"), target_dir / f"{stem}.damaged-wal")):
            if source.exists():
                _owner_only_copy(source, target)
        if os.name == "posix":
            fsync(target_dir)
    except OSError as exc:
        advice = "请腾出磁盘空间后重试。" if exc.errno == errno.ENOSPC else "请处理好这个问题后重试。"
        raise UserError(f"无法先保存损坏文件的原样副本（{os_error_text(exc)}），为不丢失任何数据，没有恢复。"
                        f"{advice}") from exc
    return copied


def _owner_only_copy(source: Path, target: Path) -> None:
    with os.fdopen(create_private(target), "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def keep_current(path: Path, folder: Path) -> Restored:
    """Keep what is live before a restore replaces it: a verified backup if it is whole enough for one,
    else its raw bytes in quarantine. Nothing to keep when the file is missing or empty."""
    if not path.exists() or path.stat().st_size == 0:
        return Restored(None, False)
    try:
        return Restored(backup_database(path, folder, label="before-restore"), False)
    except UserError:
        return Restored(quarantine(path, folder), True)


def swap_in(path: Path, backup: Path) -> None:
    """Put a copy of `backup` where `path` is. The caller holds the lock and has closed its connection:
    the old WAL and SHM go, so nothing of the old file can be replayed over the restored one."""
    incoming = path.with_name(path.name + ".restoring")
    try:
        _owner_only_copy(backup, incoming)
        for leftover in ("-wal", "-shm"):
            Path(f"{path}{leftover}").unlink(missing_ok=True)
        replace(incoming, path)  # retried while another program (an antivirus) holds it
        if os.name == "posix":
            fsync(path.parent)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise UserError(f"恢复没有完成：{os_error_text(exc)}。原来的文件已另存，可以重试。") from exc


def refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise DatabaseProblem(f"“{path}”是一个文件夹，不是数据库文件，没有恢复。请检查 --db 的路径"
                              "（数据库文件名通常以 .sqlite3 结尾）。")


def restore_file(path: Path, backup: Path, *, other_station: bool = False) -> Restored:
    """Restore `backup` over the database at `path` without opening it (it may be damaged beyond that).
    Takes the database's lock, so a running app cannot be pulled from under."""
    path, backup = Path(path).absolute(), Path(backup).absolute()
    refuse_folder(path)
    check_restorable(backup)
    check_same_station(path, backup, other_station=other_station)
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        kept = keep_current(path, path.parent / "backups")  # the same disk: no USB stick needed
        swap_in(path, backup)
    finally:
        lock.release()
    return kept


def leftovers(path: Path, *, settled: float = 600) -> list[Path]:
    """Unfinished files of an interrupted backup or restore of `path` (full copies of personal data).
    Only those untouched for `settled` seconds: a backup folder on a USB stick may be shared with another
    PC's station of the same file name, whose backup may be running now."""
    found = [p for p in (path.with_name(path.name + ".restoring"),) if p.exists()]
    for folder in backup_folders(path):
        if folder.is_dir():
            found += folder.glob(f"{path.stem}-*{SUFFIX}.partial")
    now = time.time()
    return [p for p in found if now - p.stat().st_mtime > settled or p.suffix == ".restoring"]
