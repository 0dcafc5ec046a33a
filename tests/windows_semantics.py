"""Windows' file semantics, emulated on Linux for the storage, backup, restore, export and print tests.

No Windows machine runs these tests, so the ways Windows differs from POSIX where this program writes
files are imitated here, in process:

- a descriptor `os.open`ed without `os.O_BINARY` (defined here, 0x8000, and stripped before the real
  call) is in text mode: every b"\\n" written through it (`os.write`, or a file object from `os.fdopen`)
  reaches the disk as b"\\r\\n", and `os.read` turns b"\\r\\n" back into b"\\n";
- `os.fsync` on a descriptor not opened for writing fails with EBADF (Windows' `_commit`), which also
  covers a folder (Windows cannot open one to flush it: `files.SYNC_FOLDERS` is off, as it is there);
- `os.replace`, `os.rename`, `os.remove`/`os.unlink` (and Path's methods, which call them) of a file that
  any descriptor of this process has open fail with PermissionError (Windows' sharing violation: Python,
  SQLite and most programs open files without FILE_SHARE_DELETE); `os.rename` onto an existing file
  fails with FileExistsError;
- `files.MAX_PATH` is Windows' 259 characters;
- a lock taken by `store.lock` is mandatory: while it is held, reading the locked first byte of the lock
  file through another handle fails (PermissionError, Windows' ERROR_LOCK_VIOLATION).

Open files are found through /proc/self/fd, so files SQLite and open() hold are seen as well as
`os.open`'s. Other processes are not emulated (a subprocess runs under plain Linux semantics).

STATIONDESK_POSIX_ONLY=1 turns it off (to tell a failure of the emulation from one of the program).
Enabled by the `windows_semantics` marker; `pytest_collection_modifyitems` adds it to the suites in
WINDOWS_SUITES. The `windows` fixture is the emulation itself, for tests that poke at it.
"""

import builtins
import errno
import fcntl
import io
import os
import stat
from pathlib import Path

import pytest

O_BINARY = 0x8000

# The storage, backup, restore, export and print suites: they run under the emulation in every run.
WINDOWS_SUITES = (
    "tests/store/",
    "tests/exchange/",
    "tests/reports/",
    "tests/reliability/test_corruption.py",
    "tests/services/test_packages.py",
    "tests/e2e/test_outputs_never_touch_data.py",
    "tests/ui/test_pdf_preview.py",
    "tests/test_windows.py",
)

_real = {name: getattr(os, name) for name in ("open", "close", "write", "read", "fsync", "replace", "rename",
                                               "remove", "unlink", "fdopen")}
_real_open = builtins.open
_real_flock = fcntl.flock


def _key(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class _TextModeFileIO(io.FileIO):
    """A FileIO over a text-mode descriptor: the C runtime's newline translation, as on Windows."""

    def write(self, b) -> int:
        data = bytes(b)
        super().write(data.replace(b"\n", b"\r\n"))  # regular files: written whole
        return len(data)

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def read(self, size=-1):
        data = super().read(size)
        return data.replace(b"\r\n", b"\n") if data else data


class WindowsSemantics:
    def __init__(self):
        self.text_fds: dict[int, tuple[int, int]] = {}  # fd → (dev, inode) it was opened on
        self.locks: dict[tuple[int, int], int] = {}  # file (dev, inode) → the descriptor holding its lock
        self.refused: list[tuple[str, str]] = []  # (operation, path) the emulation refused, for tests

    # --- text mode ---------------------------------------------------------------------------------
    def is_text(self, fd: int) -> bool:
        key = self.text_fds.get(fd)
        if key is None:
            return False
        try:
            return _key(os.fstat(fd)) == key
        except OSError:
            return False

    def open(self, path, flags, mode=0o777, *, dir_fd=None):
        binary = flags & O_BINARY
        fd = _real["open"](path, flags & ~O_BINARY, mode, dir_fd=dir_fd)
        if binary or stat.S_ISDIR(os.fstat(fd).st_mode):
            self.text_fds.pop(fd, None)
        else:
            self.text_fds[fd] = _key(os.fstat(fd))
        return fd

    def close(self, fd):
        self.text_fds.pop(fd, None)
        self._unlock(fd)
        return _real["close"](fd)

    def write(self, fd, data):
        if self.is_text(fd):
            data = bytes(data)
            _real["write"](fd, data.replace(b"\n", b"\r\n"))
            return len(data)
        return _real["write"](fd, data)

    def read(self, fd, n):
        data = _real["read"](fd, n)
        return data.replace(b"\r\n", b"\n") if self.is_text(fd) else data

    def fdopen(self, fd, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True):
        if not self.is_text(fd):
            return _real["fdopen"](fd, mode, buffering, encoding, errors, newline, closefd)
        raw_mode = mode.replace("b", "").replace("t", "")
        raw = _TextModeFileIO(fd, raw_mode, closefd=closefd)
        if "b" in mode and buffering == 0:
            return raw
        if "+" in raw_mode:
            buffered = io.BufferedRandom(raw)
        elif "r" in raw_mode:
            buffered = io.BufferedReader(raw)
        else:
            buffered = io.BufferedWriter(raw)
        if "b" in mode:
            return buffered
        return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline=newline,
                                line_buffering=buffering == 1)

    # --- fsync ---------------------------------------------------------------------------------------
    def fsync(self, fd):
        number = fd if isinstance(fd, int) else fd.fileno()
        if fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            self.refused.append(("fsync", str(number)))
            raise OSError(errno.EBADF, "Bad file descriptor (Windows cannot flush a descriptor opened read-only)")
        return _real["fsync"](fd)

    # --- open files cannot be replaced or deleted ----------------------------------------------------
    def open_keys(self) -> set[tuple[int, int]]:
        keys = set()
        for name in os.listdir("/proc/self/fd"):
            try:
                keys.add(_key(os.stat(f"/proc/self/fd/{name}")))
            except OSError:
                continue
        return keys

    def _refuse_if_open(self, operation: str, *paths) -> None:
        held = None
        for path in paths:
            try:
                st = os.stat(path)
            except (OSError, TypeError, ValueError):
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            held = held if held is not None else self.open_keys()
            if _key(st) in held:
                self.refused.append((operation, str(path)))
                raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used "
                                                    "by another process (Windows: the file is open)", str(path))

    def replace(self, src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if src_dir_fd is None and dst_dir_fd is None:
            self._refuse_if_open("replace", src, dst)
        return _real["replace"](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    def rename(self, src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if src_dir_fd is None and dst_dir_fd is None:
            self._refuse_if_open("rename", src, dst)
            if os.path.lexists(dst):
                raise FileExistsError(errno.EEXIST, "Cannot create a file when that file already exists", str(dst))
        return _real["rename"](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    def remove(self, path, *, dir_fd=None):
        if dir_fd is None:
            self._refuse_if_open("remove", path)
        return _real["remove"](path, dir_fd=dir_fd)

    # --- mandatory locks --------------------------------------------------------------------------------
    def flock(self, fd, operation):
        _real_flock(fd, operation)
        number = fd if isinstance(fd, int) else fd.fileno()
        key = _key(os.fstat(number))
        if operation & fcntl.LOCK_UN:
            self.locks.pop(key, None)
        else:
            self.locks[key] = number

    def _unlock(self, fd):
        for key, holder in list(self.locks.items()):
            if holder == fd:
                del self.locks[key]

    def builtin_open(self, file, mode="r", *args, **kwargs):
        f = _real_open(file, mode, *args, **kwargs)
        if self.locks and "r" in mode and not isinstance(file, int):
            try:
                key = _key(os.fstat(f.fileno()))
            except OSError:
                key = None
            if key in self.locks:
                f = _LockedFirstByte(f, self)
        return f


class _LockedFirstByte:
    """A file another handle holds Windows' lock on (its first byte, as store.lock takes it): a read that
    covers that byte fails; reading past it works."""

    def __init__(self, f, windows: WindowsSemantics):
        self._f, self._windows = f, windows

    def read(self, *args):
        if self._f.tell() == 0:
            self._windows.refused.append(("read locked", self._f.name))
            raise PermissionError(errno.EACCES, "The process cannot access the file because another process has "
                                                "locked a portion of the file", self._f.name)
        return self._f.read(*args)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()


def enable(monkeypatch) -> WindowsSemantics:
    from stationdesk import files

    windows = WindowsSemantics()
    monkeypatch.setattr(os, "O_BINARY", O_BINARY, raising=False)
    for name in ("open", "close", "write", "read", "fsync", "replace", "rename", "remove", "fdopen"):
        monkeypatch.setattr(os, name, getattr(windows, name))
    monkeypatch.setattr(os, "unlink", windows.remove)
    monkeypatch.setattr(fcntl, "flock", windows.flock)
    monkeypatch.setattr(builtins, "open", windows.builtin_open)
    monkeypatch.setattr(io, "open", windows.builtin_open)
    monkeypatch.setattr(files, "SYNC_FOLDERS", False)
    monkeypatch.setattr(files, "MAX_PATH", 259)
    return windows


@pytest.fixture
def windows(monkeypatch):
    return enable(monkeypatch)


def pytest_configure(config):
    config.addinivalue_line("markers", "windows_semantics: run under the emulation of Windows' file semantics "
                                       "(tests/windows_semantics.py)")


def pytest_collection_modifyitems(items):
    for item in items:
        where = Path(str(item.fspath)).as_posix()
        if any(f"/{suite}" in where or where.endswith(suite) for suite in WINDOWS_SUITES):
            item.add_marker(pytest.mark.windows_semantics)


@pytest.fixture(autouse=True)
def _windows_semantics(request):
    if request.node.get_closest_marker("windows_semantics") is None or os.environ.get("STATIONDESK_POSIX_ONLY"):
        yield None
        return
    yield request.getfixturevalue("windows")
