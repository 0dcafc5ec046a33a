"""Files the app writes and reads for the user: whole or not at all, with plain Chinese when they fail."""

import os
import time
from contextlib import contextmanager
from pathlib import Path

from stationdesk.errors import UserError, os_error_text

_protected: dict[Path, str] = {}  # files and folders no output may write over or into → what they are


def protect(path: str | Path, what: str) -> None:
    """Refuse every output aimed at `path` (or into it, for a folder) while the process runs: an `-o` that
    names the database or a backup would otherwise destroy the very data the user came to print."""
    _protected[Path(path).resolve()] = what


def open_fd(path: str | Path, flags: int, mode: int = 0o777) -> int:
    """`os.open` in binary mode on every platform: the only way this program opens a descriptor (a test
    scans the source for any other). On Windows a descriptor opened without O_BINARY is in text mode,
    and every b"\\n" written through it becomes b"\\r\\n" — a copied database would be corrupt. The
    constant is read at each call (the test suite's Windows emulation defines it)."""
    return os.open(path, flags | getattr(os, "O_BINARY", 0), mode)


def create_private(path: str | Path) -> int:
    """Create (or empty) `path` readable by its owner only, from its first byte; returns the open
    descriptor. Exports, certificates, backups and raw copies all carry names and ID numbers."""
    return open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


# Folders can be fsynced (a rename made durable) on POSIX only: Windows cannot open a folder as a file.
# The test suite's Windows emulation turns this off.
SYNC_FOLDERS = os.name == "posix"


def fsync_file(path: str | Path) -> None:
    """Flush a file already written and closed to the disk. Through a descriptor opened for writing:
    Windows refuses to flush a read-only one (EBADF)."""
    fd = open_fd(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: str | Path) -> None:
    """Make the renames in `folder` survive a power cut, where the platform can (POSIX). On Windows a
    rename is already recorded by NTFS's own journal and a folder cannot be opened to flush it."""
    if not SYNC_FOLDERS:
        return
    fd = open_fd(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileInUse(PermissionError):
    """A file that could not be replaced because another program holds it open (Windows refuses to
    replace an open file). Its errno is None and `strerror` the Chinese explanation, which
    `os_error_text` and `str()` show as they are."""

    def __str__(self) -> str:
        return self.strerror or ""


# Windows: another program (WPS showing the file, an antivirus or the search indexer reading a file just
# written) holds it open for a moment; replacing it fails until they let go.
REPLACE_TRIES, REPLACE_PAUSE = 5, 0.2


def replace(source: str | Path, target: str | Path) -> None:
    """`os.replace`, retried briefly while the file is held by another program; then a FileInUse saying so."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if attempt + 1 == REPLACE_TRIES:
                raise FileInUse(None, f"文件正被其他程序（如 WPS、杀毒软件）占用，或没有写入这个位置的权限，"
                                      f"无法替换 {Path(target).name}。请关闭正在使用它的程序后重试", str(target)) from exc
            time.sleep(REPLACE_PAUSE)


# Windows (without the long-path setting, which a village PC will not have) cannot open a path of 260
# characters or more. Elsewhere the limit is the system's own.
MAX_PATH = 259 if os.name == "nt" else 4095
PARTIAL = ".partial"  # the temporary name an output is written under first


def check_path_length(path: str | Path, what: str = "文件", *, extra: int = len(PARTIAL)) -> None:
    """A UserError when `path` (with `extra` characters more for its temporary name) is longer than
    this system can open: a message now rather than a failure half-way through the writing."""
    full = str(Path(path).absolute())
    if len(full) + extra > MAX_PATH:
        raise UserError(f"无法保存{what}：路径太长（{len(full)} 个字符，这台电脑最多 {MAX_PATH - extra} 个）："
                        f"{full}。请换一个层级较浅的文件夹，或把文件名改短。")


def check_output(out: str | Path, *, inputs=()) -> Path:
    """`out` as a Path, or a UserError (exit 2) if it is the database, its WAL/SHM/lock or a backup, any
    other data file (a SQLite database of any station or rollup, a checksum, a station package), not a
    regular file, one of the same command's `inputs`, or its folder does not exist."""
    out = Path(out)
    target = out.resolve()
    for source in inputs:
        if target == Path(source).resolve() or _same_file(target, Path(source)):
            raise UserError(f"不能把输出文件保存为 {out}：那是这次要读取的文件 {source}，会被覆盖。请换一个文件名。")
    for path, what in _protected.items():
        if target == path or path in target.parents:
            raise UserError(f"不能把输出文件保存为 {out}：那是{what}，会毁掉数据。请换一个文件名或文件夹。")
    what = _data_file(target)
    if what:
        raise UserError(f"不能把输出文件保存为 {out}：那是{what}，覆盖它会毁掉数据。请换一个文件名。")
    if not target.parent.is_dir():
        raise UserError(f"无法保存到 {out}：文件夹 {out.parent} 不存在。请先建好文件夹或换一个位置。")
    check_path_length(out)
    return out


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names (a hard link): an output must not replace an input through either."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


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
    partial = out.with_name(out.name + PARTIAL)
    try:
        os.close(create_private(partial))
        yield partial
        if os.name == "posix":
            os.chmod(partial, 0o600)  # a writer that replaced the file instead of writing into it
        replace(partial, out)
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


def suggested_path(folder: str | Path, name: str) -> Path:
    """Where a save dialog first points: `name` made safe for every system (domain.filenames) and short
    enough that the path, with its temporary name, stays within MAX_PATH."""
    from stationdesk.domain.filenames import fit_path

    return Path(fit_path(str(Path(folder).absolute()), name, max_path=MAX_PATH - len(PARTIAL), sep=os.sep))
