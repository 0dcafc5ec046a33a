"""One process per database: an OS lock on a file beside it.

The OS drops the lock when its process dies (even kill -9 or a power cut), so a stale lock file left
by a crash is simply taken over; its text only says who held it, for the message to the next user.
"""

import getpass
import json
import os
import socket
import sys
from pathlib import Path

from stationdesk.errors import DatabaseLocked
from stationdesk.files import open_fd


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DatabaseLock:
    def __init__(self, database_path: Path):
        self.path = database_path.with_name(database_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = open_fd(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            holder = self._holder()
            os.close(fd)
            raise DatabaseLocked(
                f"这个数据库已经在{holder}打开。同一时间只能由一个窗口使用，请先关闭另一个窗口。"
            )
        # Windows locks a byte range, so the owner text lives past the locked first byte.
        os.lseek(fd, 1, os.SEEK_SET)
        os.ftruncate(fd, 1)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "user": getpass.getuser()}).encode())
        self._fd = fd

    def _holder(self) -> str:
        try:
            with open(self.path, "rb") as f:
                f.seek(1)  # Windows' lock on the first byte is mandatory: reading it would fail
                info = json.loads(f.read() or b"{}")
        except (OSError, ValueError):
            return "另一个窗口中"
        if not info:
            return "另一个窗口中"
        return f"电脑“{info.get('host', '?')}”上由用户“{info.get('user', '?')}”（进程{info.get('pid', '?')}）"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
