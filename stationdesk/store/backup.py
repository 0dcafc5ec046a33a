"""Verified backups through SQLite's online backup API (a file copy of a live WAL database loses rows),
their rotation, and restoring one in place of the live database."""

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from stationdesk.errors import UserError, explain
from stationdesk.files import create_private, fsync_dir, fsync_file, replace
from stationdesk.store.interrupt import Steps, reporting

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
    """Flush a file (through a descriptor opened for writing: Windows refuses a read-only one) or, where
    the platform can, a folder (POSIX only)."""
    if Path(path).is_dir():
        fsync_dir(path)
    else:
        fsync_file(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_synced(path: Path, text: str) -> None:
    with os.fdopen(create_private(path), "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def recorded_checksum(backup: Path) -> str | None:
    """The SHA-256 saved beside a backup; None when it is missing, empty or not a checksum (then the
    backup is judged by SQLite's own check alone — a damaged note must not make a good backup useless)."""
    try:
        words = checksum_path(backup).read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return None
    if words and len(words[0]) == 64 and all(c in "0123456789abcdef" for c in words[0]):
        return words[0]
    return None


def checksum_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".sha256")


COPY_SHARE = 40  # of 100 on the progress bar: the page copy; integrity_check takes the rest (measured)
CHECK_STEPS_PER_PAGE = 700  # SQLite VM steps integrity_check takes per page (≈615 on a demo station)
COPY_PAGES = 256  # pages copied between progress reports (1 MB at 4 KB pages)


def backup_database(source: Path, target_dir: Path, *, label: str = "", name: str | None = None,
                    progress=None) -> Path:
    """Copy `source` into `target_dir` as a new verified, fsynced file with a checksum beside it.

    Nothing appears under the final name unless the copy passed `integrity_check` and reached the disk.
    `progress(done, total)` is called as pages are copied and checked; whatever it raises (取消) stops
    the backup there and the partial file is removed.
    """
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建备份文件夹 {target_dir}：{exc.strerror}。请检查U盘是否插好或换一个文件夹。") from exc
    stamp = datetime.now().strftime(STAMP)
    final = target_dir / (name or f"{source.stem}-{stamp}{('-' + label) if label else ''}{SUFFIX}")
    partial = final.with_name(final.name + ".partial")
    try:
        # Owner-only from the first byte: an interrupted copy is still a file of ID numbers.
        os.close(create_private(partial))
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                if progress is None:
                    src.backup(dst)
                else:
                    src.backup(dst, pages=COPY_PAGES, progress=lambda _status, remaining, total: progress(
                        COPY_SHARE * (total - remaining) // max(total, 1), 100))
                # A rollback-journal file, so it opens read-only from a CD or a write-protected stick.
                dst.execute("PRAGMA journal_mode = DELETE")
                if progress is None:
                    verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
                else:
                    expected = dst.execute("PRAGMA page_count").fetchone()[0] * CHECK_STEPS_PER_PAGE
                    with reporting(dst, Steps(progress, expected, start=COPY_SHARE, span=100 - COPY_SHARE)):
                        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise UserError(f"备份校验失败（{verdict}），数据库可能已损坏。请在“设置与备份”中检查数据库，或从较早的备份恢复。")
        fsync(partial)
        _write_synced(checksum_path(final), f"{_sha256(partial)}  {final.name}\n")
        replace(partial, final)  # retried while an antivirus reads the new file
        fsync_dir(final.parent)  # the rename itself must survive a power cut (POSIX)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if not final.exists():
            checksum_path(final).unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError, UnicodeError)):  # UnicodeError: damaged schema text
            raise UserError(f"备份没有完成：{explain(exc) or exc}") from exc
        raise
    return final


def read_only_uri(backup: Path) -> str:
    """A backup is never written once made: opened immutable it reads from read-only media too (older
    backups are WAL files, which otherwise need a writable -shm beside them)."""
    return f"{backup.absolute().as_uri()}?mode=ro&immutable=1"


def verify_backup(path: Path) -> str | None:
    """None if the backup is intact (checksum and integrity_check), else the reason in Chinese."""
    if not path.exists():
        return "备份文件不存在"
    recorded = recorded_checksum(path)
    if recorded is not None and recorded != _sha256(path):
        return "备份文件与保存时的校验值不符，可能已损坏"
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.execute("SELECT count(*) FROM volunteer").fetchone()
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeError) as exc:
        return f"不是有效的站务台账备份（{exc}）"
    return None if verdict == "ok" else f"备份文件已损坏（{verdict}）"


def backup_counts(path: Path) -> dict[str, int]:
    """What a backup holds, for choosing one to restore."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
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
