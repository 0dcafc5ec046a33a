"""Verified backups through SQLite's online backup API (a file copy of a live WAL database loses rows),
their rotation, and restoring one in place of the live database."""

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from stationdesk.errors import UserError, explain

SUFFIX = ".sqlite3"
STAMP = "%Y%m%d-%H%M%S-%f"
# Rotation: the newest N, then one a day, one a week, one a month for as many periods.
KEEP_RECENT, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 10, 10, 8, 12


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    label: str


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".sha256")


def backup_database(source: Path, target_dir: Path, *, label: str = "", name: str | None = None) -> Path:
    """Copy `source` into `target_dir` as a new verified, fsynced file with a checksum beside it.

    Nothing appears under the final name unless the copy passed `integrity_check` and reached the disk.
    """
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建备份文件夹 {target_dir}：{exc.strerror}。请检查U盘是否插好或换一个文件夹。") from exc
    stamp = datetime.now().strftime(STAMP)
    final = target_dir / (name or f"{source.stem}-{stamp}{('-' + label) if label else ''}{SUFFIX}")
    partial = final.with_name(final.name + ".partial")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise UserError(f"备份校验失败（{verdict}），数据库可能已损坏。请在“设置与备份”中检查数据库，或从较早的备份恢复。")
        if os.name == "posix":
            os.chmod(partial, 0o600)
        fsync(partial)
        checksum_path(final).write_text(f"{_sha256(partial)}  {final.name}\n", encoding="utf-8")
        os.replace(partial, final)
        if os.name == "posix":
            fsync(final.parent)  # the rename itself must survive a power cut
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if not final.exists():
            checksum_path(final).unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise UserError(f"备份没有完成：{explain(exc) or exc}") from exc
        raise
    return final


def verify_backup(path: Path) -> str | None:
    """None if the backup is intact (checksum and integrity_check), else the reason in Chinese."""
    if not path.exists():
        return "备份文件不存在"
    recorded = checksum_path(path)
    if recorded.exists() and recorded.read_text(encoding="utf-8").split()[0] != _sha256(path):
        return "备份文件与保存时的校验值不符，可能已损坏"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.execute("SELECT count(*) FROM volunteer").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"不是有效的站务台账备份（{exc}）"
    return None if verdict == "ok" else f"备份文件已损坏（{verdict}）"


def backup_counts(path: Path) -> dict[str, int]:
    """What a backup holds, for choosing one to restore."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {"volunteers": con.execute("SELECT count(*) FROM volunteer").fetchone()[0],
                "teams": con.execute("SELECT count(*) FROM team").fetchone()[0]}
    finally:
        con.close()


def list_backups(folder: Path, *, of: str | None = None) -> list[BackupInfo]:
    """Backups in `folder`, newest first (by the time in their names); with `of`, only those of the
    database file with that stem — two stations' databases may share a folder and its backups/."""
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        parts = path.stem.split("-")
        for i in range(len(parts) - 2):
            try:
                taken = datetime.strptime("-".join(parts[i:i + 3]), STAMP)
            except ValueError:
                continue
            if of is None or "-".join(parts[:i]) == of:
                found.append(BackupInfo(path, taken, path.stat().st_size, "-".join(parts[i + 3:])))
            break
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def last_backup_age(folder: Path, now: datetime | None = None, *, of: str | None = None) -> timedelta | None:
    backups = list_backups(folder, of=of)
    return (now or datetime.now()) - backups[0].taken_at if backups else None


def rotate(folder: Path, *, of: str | None = None) -> list[Path]:
    """Delete backups the rotation no longer keeps (of the database `of`, or all); returns the deleted paths."""
    backups = list_backups(folder, of=of)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    for period, count in ((lambda t: t.date(), KEEP_DAILY),
                          (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda t: (t.year, t.month), KEEP_MONTHLY)):
        seen = []
        for b in backups:  # newest first: the newest backup of each period is kept
            key = period(b.taken_at)
            if key not in seen:
                seen.append(key)
                if len(seen) <= count:
                    keep.add(b.path)
    deleted = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            checksum_path(b.path).unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted
