"""Verified backups through SQLite's online backup API (a file copy of a live WAL database loses rows)."""

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from stationdesk.errors import UserError


def backup_database(source: Path, target_dir: Path, *, label: str = "") -> Path:
    """Copy `source` into `target_dir` as a new verified, fsynced file and return its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = target_dir / f"{source.stem}-{stamp}{('-' + label) if label else ''}.sqlite3"
    partial = final.with_suffix(".partial")
    src = sqlite3.connect(source)
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
        partial.unlink(missing_ok=True)
        raise UserError(f"备份校验失败（{verdict}），原数据库可能已损坏，请联系技术人员。")
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.name == "posix":
        os.chmod(partial, 0o600)
    os.replace(partial, final)
    return final
