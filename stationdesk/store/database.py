"""Open a station database: pragmas, single-process lock, schema migrations."""

import functools
import inspect
import os
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path

import peewee

from stationdesk import files
from stationdesk.errors import DatabaseDamaged, DatabaseProblem, DatabaseTooNew, explain, os_error_text
from stationdesk.store import migrations, recovery
from stationdesk.store.backup import backup_database
from stationdesk.store.lock import DatabaseLock
from stationdesk.store.models import DATABASE

# WAL + synchronous=FULL: no reported save lost in 200 simulated power cuts (REFERENCE §3).
PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 8000,
    "cache_size": -32000,  # 32 MB
    "temp_store": "memory",
}

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs"}


class Store:
    """An open, locked, migrated database. Close it when done."""

    def __init__(self, path: Path, db: peewee.SqliteDatabase, lock: DatabaseLock):
        self.path = path
        self.db = db
        self._lock = lock

    def bound(self):
        """Model queries inside run on this store's database; outside every store's, they raise NoStoreBound."""
        return DATABASE.using(self.db)

    def write(self):
        """A write transaction (`BEGIN IMMEDIATE`, set as the database's lock type)."""
        return self.db.atomic()

    def execute(self, sql: str, params=()):
        return self.db.execute_sql(sql, params)

    def dicts(self, sql: str, params=()) -> list[dict]:
        """Rows as {column: value}."""
        cursor = self.db.execute_sql(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params=()):
        row = self.db.execute_sql(sql, params).fetchone()
        return row[0] if row else None

    def query_in(self, sql: str, values: list, chunk: int = 500, prefix: tuple = ()) -> list[tuple]:
        """Rows of `sql` whose `{in}` is replaced by placeholders for `values`, in chunks that stay below
        SQLite's host-parameter limit. `prefix` holds the parameters that come before the list."""
        rows: list[tuple] = []
        for start in range(0, len(values), chunk):
            part = values[start:start + chunk]
            sql_part = sql.replace("{in}", ",".join("?" * len(part)))
            rows += self.db.execute_sql(sql_part, [*(_sql_value(v) for v in prefix), *part]).fetchall()
        return rows

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Bulk insert inside the caller's transaction: executemany is ~5x faster than peewee's insert_many."""
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.db.cursor().executemany(sql, ([_sql_value(v) for v in row] for row in rows))

    def insert_row(self, table: str, values: dict) -> int:
        """Insert one row inside the caller's transaction and return its id (~20x cheaper than a model)."""
        sql = f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})"
        cursor = self.db.cursor()
        cursor.execute(sql, [_sql_value(v) for v in values.values()])
        return cursor.lastrowid

    def total_changes(self) -> int:
        """Rows this connection has written since it opened (to know whether a backup on exit is due)."""
        return self.scalar("SELECT total_changes()")

    def restore_from(self, backup: Path, keep_dir: Path, *, other_station: bool = False) -> recovery.Restored:
        """Replace the live database with a verified backup; what was live is kept first (a verified
        backup, or its raw bytes when it is too damaged for one). Keeps the lock throughout, so no other
        process can open the file half-replaced. Another station's backup only with `other_station`."""
        recovery.check_restorable(backup)
        recovery.check_same_station(self.path, backup, other_station=other_station)
        self.db.close()  # checkpoints the WAL, so the copy kept holds everything that was saved
        try:
            kept = recovery.keep_current(self.path, keep_dir)
            recovery.swap_in(self.path, backup)
        finally:
            self.db.connect()
        migrations.migrate(self.db, self.scalar("PRAGMA user_version"))
        return kept

    def protect_files(self) -> None:
        """No output option may write over this database, its journal or lock, or into its backups."""
        for suffix, what in (("", "数据库文件"), ("-wal", "数据库日志文件"), ("-shm", "数据库共享内存文件"),
                             (".lock", "数据库锁文件")):
            files.protect(self.path.with_name(self.path.name + suffix), what)
        files.protect(self.path.parent / "backups", "备份文件夹")
        try:
            chosen = self.scalar("SELECT value FROM setting WHERE key = 'backup_dir'")
        except peewee.OperationalError:  # opened without migrating: no settings table yet
            chosen = None
        if chosen:
            files.protect(chosen, "备份文件夹")

    def remove_leftovers(self) -> None:
        """Unfinished copies from an interrupted backup or restore: full copies of personal data that
        nothing will ever finish, removed now that this process holds the lock."""
        for leftover in recovery.leftovers(self.path):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        self._lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _sql_value(value):
    """Dates as ISO text, as peewee stores them (sqlite3's implicit date adapters are deprecated)."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def is_network_path(path: Path) -> bool:
    """True for UNC paths, mapped network drives and network file systems: SQLite's locks fail there."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    resolved = str(path.resolve())
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, best_type = parts[1], parts[2]
    return best_type in NETWORK_FILESYSTEMS


class _Database(peewee.SqliteDatabase):
    """Text that is not valid UTF-8 (bytes damaged in the file) reads with U+FFFD in place of the bad
    bytes, so a damaged name cannot crash search, export or print; the thorough check reports it."""

    def _connect(self):
        con = super()._connect()  # type: ignore[misc]  # peewee's own, missing from its stubs
        con.text_factory = _lenient_text
        return con


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


# Errors a damaged file raises while it is opened and migrated: each becomes a DatabaseProblem (exit 3).
_DAMAGE = (peewee.DatabaseError, sqlite3.Error, UnicodeError)


def per_store(namespace: dict) -> None:
    """Every public function of a services module whose first parameter is `store` runs bound to that
    store (called once at the end of each services module)."""
    for name, fn in list(namespace.items()):
        if (inspect.isfunction(fn) and fn.__module__ == namespace["__name__"] and not name.startswith("_")
                and fn.__code__.co_argcount and fn.__code__.co_varnames[0] == "store"):
            namespace[name] = _bound(fn)


def _bound(fn):
    @functools.wraps(fn)
    def call(store, *args, **kwargs):
        with store.bound():
            return fn(store, *args, **kwargs)
    return call


def _owner_only(path: Path) -> None:
    """Personal data: readable by its owner only (DESIGN §9). A file whose mode cannot be changed (another
    user's, or locked against change) is used only if it is private already."""
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        if path.stat().st_mode & 0o077:
            raise DatabaseProblem(
                f"无法把数据库文件 {path} 设为仅本人可读（{os_error_text(exc)}），其他用户可能读到其中的个人信息，"
                "所以没有打开。请以文件所有者的身份运行，或请管理员改好文件权限。") from exc


def open_database(path: str | os.PathLike, *, migrate: bool = True) -> Store:
    """Open (creating if needed), lock and migrate the database at `path`.

    Raises DatabaseProblem (Chinese message) if it is locked, too new, damaged, foreign, empty or on a
    network share. A file that exists is never silently turned into a new station.
    """
    path = Path(path).absolute()
    if is_network_path(path.parent):
        raise DatabaseProblem(
            f"数据库放在网络共享文件夹中（{path.parent}）。多台电脑同时写入会损坏数据，"
            "请把数据库放在本机硬盘上；需要交换数据时请使用备份或导出。"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseProblem(f"无法创建数据库所在的文件夹：{path.parent}（{exc.strerror}）") from exc
    if path.is_dir():
        raise DatabaseProblem(f"“{path}”是一个文件夹，不是数据库文件。请检查 --db 的路径（数据库文件名通常以 .sqlite3 结尾）。")
    lock = DatabaseLock(path)
    lock.acquire()
    db = _Database(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")
    try:
        problem = recovery.diagnose(path)
        if problem:
            raise DatabaseDamaged(problem)
        db.connect()
        if os.name == "posix":
            _owner_only(path)
        version = db.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            raise DatabaseTooNew(
                f"这个数据库由更新版本的站务台账创建（数据格式 {version}，本程序只支持到 {migrations.LATEST}）。"
                "请安装最新版本后再打开，数据不会丢失。"
            )
        if migrate:
            migrations.migrate(db, version, before_upgrade=lambda: backup_database(
                path, path.parent / "backups", label=f"before-v{migrations.LATEST}"))
    except BaseException as exc:
        if not db.is_closed():
            db.close()
        lock.release()
        if isinstance(exc, DatabaseProblem) or not isinstance(exc, _DAMAGE):
            raise
        raise DatabaseDamaged(explain(exc) or f"数据库文件已损坏，无法读取（{exc}）。请从备份恢复。") from exc
    store = Store(path, db, lock)
    store.protect_files()
    store.remove_leftovers()
    return store
