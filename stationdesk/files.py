"""Files the app writes and reads for the user: whole or not at all, with plain Chinese when they fail."""

import os
from contextlib import contextmanager
from pathlib import Path

from stationdesk.errors import UserError, os_error_text

_protected: dict[Path, str] = {}  # files and folders no output may write over or into → what they are


def protect(path: str | Path, what: str) -> None:
    """Refuse every output aimed at `path` (or into it, for a folder) while the process runs: an `-o` that
    names the database or a backup would otherwise destroy the very data the user came to print."""
    _protected[Path(path).resolve()] = what


def create_private(path: str | Path) -> int:
    """Create (or empty) `path` readable by its owner only, from its first byte; returns the open
    descriptor. Exports, certificates, backups and raw copies all carry names and ID numbers."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def check_output(out: str | Path) -> Path:
    """`out` as a Path, or a UserError (exit 2) if it is the database, its WAL/SHM/lock or a backup, any
    other data file (a SQLite database of any station or rollup, a checksum, a station package), not a
    regular file, or its folder does not exist."""
    out = Path(out)
    target = out.resolve()
    for path, what in _protected.items():
        if target == path or path in target.parents:
            raise UserError(f"不能把输出文件保存为 {out}：那是{what}，会毁掉数据。请换一个文件名或文件夹。")
    what = _data_file(target)
    if what:
        raise UserError(f"不能把输出文件保存为 {out}：那是{what}，覆盖它会毁掉数据。请换一个文件名。")
    if not target.parent.is_dir():
        raise UserError(f"无法保存到 {out}：文件夹 {out.parent} 不存在。请先建好文件夹或换一个位置。")
    return out


_SQLITE_HEADER = b"SQLite format 3\x00"
_DATA_SUFFIXES = {".sha256": "备份的校验文件", ".lock": "数据库的锁文件",
                  "-wal": "数据库的日志文件", "-shm": "数据库的共享内存文件", "-journal": "数据库的日志文件"}


def _data_file(target: Path) -> str:
    """What `target` is if an output must never replace it ('' for a new file or an earlier export)."""
    for suffix, what in _DATA_SUFFIXES.items():
        if target.name.endswith(suffix):
            return what
    try:
        if not target.exists():
            return ""
        if not target.is_file():
            return "文件夹或设备，不是普通文件"
        with open(target, "rb") as f:
            if f.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER:
                return "一个数据库（站点、汇总或备份）"
    except OSError:
        return ""  # unreadable: the write itself will say why
    return ""


@contextmanager
def written_atomically(out: str | Path, what: str, *, hint: str = "如文件正被打开，请先关闭"):
    """Yield a temporary path beside `out`; when the block finishes it replaces `out`. On any failure the
    temporary file is removed (no half-written export or PDF under the final name) and an OSError (a full
    disk, a file open in WPS) becomes a UserError naming the file. Exports and certificates carry names,
    phones and ID numbers: the file is its owner's alone (0600) from its first byte."""
    out = check_output(out)
    partial = out.with_name(out.name + ".partial")
    try:
        os.close(create_private(partial))
        yield partial
        if os.name == "posix":
            os.chmod(partial, 0o600)  # a writer that replaced the file instead of writing into it
        os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(f"无法保存{what} {out}：{os_error_text(exc)}（{hint}）") from exc
        raise


def file_size(path: str | Path, *, error=UserError) -> int:
    """The size of a file the user chose, or `error` saying it cannot be opened."""
    try:
        return Path(path).stat().st_size
    except OSError as exc:
        raise error(f"找不到或无法打开文件：{path}") from exc
