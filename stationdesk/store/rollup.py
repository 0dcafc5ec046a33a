"""The rollup database: every station's latest package, kept per station, on embedded SQLite for a town
and PostgreSQL for a county. Its own models, routed per store like the station's (two rollups open in
one process never write into each other); its schema is made and upgraded only by the numbered steps of
store.rollup_migrations, so a read-only role can read it."""

import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import peewee as pw

from stationdesk.errors import DatabaseProblem, UserError, explain
from stationdesk.files import open_fd
from stationdesk.store import rollup_migrations
from stationdesk.store.lock import DatabaseLock
from stationdesk.store.models import Router

ROLLUP = Router("rollup")


class RollupModel(pw.Model):
    class Meta:
        database = ROLLUP
        legacy_table_names = False


class RollupKeyed(RollupModel):
    """A table keyed by peewee's implicit integer `id` (see store.models.Keyed)."""

    if TYPE_CHECKING:
        id = pw.AutoField()


class RStation(RollupModel):
    station_id = pw.TextField(primary_key=True)  # the station's UUID
    name = pw.TextField()
    parent = pw.TextField(default="")
    public_key = pw.TextField()  # trusted on the first package imported
    year = pw.IntegerField(null=True)  # the package's period (None: all records)
    created_at = pw.TextField()  # when the station made the package
    package_sha256 = pw.TextField()
    imported_at = pw.DateTimeField()
    removed_at = pw.TextField(null=True)  # set by `rollup remove` / `replace`: kept, counted nowhere
    removed_reason = pw.TextField(default="")
    replaced_by = pw.TextField(null=True)  # the station id that took its place (a reinstall)


class RVolunteer(RollupKeyed):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    if TYPE_CHECKING:  # its accessor peewee adds (see store.models.Keyed)
        station_id = pw.TextField()
    local_id = pw.IntegerField()
    name = pw.TextField()
    gender = pw.TextField(default="")
    birth_date = pw.TextField(null=True)
    id_number = pw.TextField(default="")  # masked unless the station sent it in full
    village_group = pw.TextField(default="")
    status = pw.TextField(default="active")
    person_key = pw.TextField()  # who this is across stations (domain.masking.person_key), or station/id
    elsewhere = pw.BooleanField(default=False)  # another station registered the same person (mark_elsewhere)

    class Meta:
        indexes = ((("station", "local_id"), True), (("person_key",), False))


class RActivity(RollupKeyed):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    if TYPE_CHECKING:  # its accessor peewee adds (see store.models.Keyed)
        station_id = pw.TextField()
    local_id = pw.IntegerField()
    title = pw.TextField()
    category = pw.TextField(default="")
    starts_at = pw.TextField()
    status = pw.TextField()
    beneficiaries = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("station", "local_id"), True),)


class RParticipation(RollupKeyed):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    if TYPE_CHECKING:  # its accessor peewee adds (see store.models.Keyed)
        station_id = pw.TextField()
    activity_id = pw.IntegerField()
    volunteer_id = pw.IntegerField()
    attended = pw.BooleanField()
    seconds = pw.BigIntegerField()  # exact on both engines; hours are seconds / 3600

    class Meta:
        indexes = ((("station", "activity_id"), False), (("station", "volunteer_id"), False))


class RStats(RollupModel):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    if TYPE_CHECKING:  # its accessor peewee adds (see store.models.Keyed)
        station_id = pw.TextField()
    year = pw.IntegerField()
    figures = pw.TextField()  # the station's own `stats` JSON for the year

    class Meta:
        table_name = "r_year_stats"
        primary_key = pw.CompositeKey("station", "year")


class RAudit(RollupKeyed):
    """What was done to the county's list of stations, by whom and why: removals, replacements, a clock
    put right. Kept for good."""
    at = pw.TextField()
    action = pw.TextField()
    station_id = pw.TextField()
    reason = pw.TextField(default="")
    detail = pw.TextField(default="{}")


MODELS = (RStation, RVolunteer, RActivity, RParticipation, RStats, RAudit)


def tuples(query: pw.BaseQuery) -> Iterator[tuple[Any, ...]]:
    """`query.tuples()`'s rows, typed as what they are (peewee's stubs say the model's own objects)."""
    return iter(query.tuples())


class RollupStore:
    def __init__(self, target: str, db: pw.Database, lock: DatabaseLock | None):
        self.target, self.db, self._lock = target, db, lock

    @property
    def label(self) -> str:
        """Where it is, for a window title or a message (a server's password left out)."""
        return _without_password(self.target) if is_server(self.target) else str(Path(self.target).absolute())

    @property
    def is_server(self) -> bool:
        return is_server(self.target)

    @contextmanager
    def bound(self):
        """Model queries inside run on this rollup's database; what the engine raises comes out as a
        DatabaseProblem in Chinese (the transaction it broke has rolled back: nothing is half-done)."""
        with ROLLUP.using(self.db):
            try:
                yield self.db
            except Exception as exc:
                if not _from_the_engine(exc):
                    raise
                raise DatabaseProblem(engine_problem(exc, self.label)) from exc

    def write(self):
        return self.db.atomic()

    def insert_rows(self, model, columns: tuple[str, ...], rows) -> None:
        """Many rows at once: COPY on PostgreSQL (a county imports millions), executemany on SQLite."""
        names = ", ".join(f'"{c}"' for c in columns)
        table = model._meta.table_name
        if self.is_server:
            with self.db.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.db.cursor().executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)

    def mark_elsewhere(self, keys: list[str]) -> None:
        """Inside a write, after a station's registrations changed: for every registration of these people,
        whether another station holds one too (an index probe per person: an import touches ~300)."""
        param = self.db.param
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            self.db.execute_sql(
                'UPDATE "r_volunteer" SET "elsewhere" = EXISTS (SELECT 1 FROM "r_volunteer" AS "o"'
                ' WHERE "o"."person_key" = "r_volunteer"."person_key" AND "o"."station_id" <> "r_volunteer"."station_id")'
                f' WHERE "person_key" IN ({", ".join([param] * len(chunk))})', chunk)

    def refresh_statistics(self) -> None:
        """Tell the planner how big the tables have grown. Before PostgreSQL's autovacuum gets to a county
        that has just imported its stations, it planned the distinct-people count on empty-table guesses:
        2.9 s at 150 stations, 0.04 s once analysed (measured)."""
        self.db.execute_sql('ANALYZE "r_volunteer"')
        self.db.execute_sql('ANALYZE "r_participation"')
        self.db.execute_sql('ANALYZE "r_activity"')

    def serialise(self, key: str) -> None:
        """Inside a write: two imports of the same station on a county's server wait for each other
        (a transaction-scoped advisory lock); a town's SQLite file is one process's already."""
        if self.is_server:
            self.db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def postgres_driver():
    """psycopg, loaded on first use: stationdesk/__init__ keeps peewee from loading it at every start."""
    if "psycopg" in sys.modules and sys.modules["psycopg"] is None:
        del sys.modules["psycopg"]
    import psycopg

    return psycopg


class _Psycopg3(pw.Psycopg3Adapter):
    """peewee's psycopg 3 adapter, bound to the driver loaded here rather than when peewee was imported."""

    def __init__(self):
        super().__init__()
        status = postgres_driver().pq.TransactionStatus
        self.txn_idle, self.txn_inerror, self.txn_unknown = status.IDLE, status.INERROR, status.UNKNOWN
        self._in_transaction = status.INTRANS

    def check_driver(self) -> None:
        postgres_driver()

    def get_binary_type(self):
        return postgres_driver().Binary

    def connect(self, db, **params):
        return postgres_driver().connect(conninfo=db.database, **params)

    def server_side_cursor(self, conn):
        return conn.cursor(name=str(uuid.uuid1()), withhold=self.txn_status(conn) != self._in_transaction)


class _Postgres(pw.PostgresqlDatabase):
    def init(self, database, **kwargs):  # type: ignore[override]  # peewee's stub lists every keyword
        super().init(database, **kwargs)
        self._adapter = _Psycopg3()


def is_server(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_rollup(target: str, *, upgrade: bool = False) -> RollupStore:
    """A SQLite rollup file or a county's PostgreSQL database (a postgresql:// URL). Only with `upgrade`
    (import, init, upgrade, the window) is the schema made or brought up to date; without it a database
    that is not at this program's version is refused, so reading never runs DDL and a SELECT-only role
    can read. A new SQLite file is its owner's alone (it may hold full ID numbers)."""
    db: pw.Database
    if is_server(target):
        url = "postgresql://" + target.split("://", 1)[1]  # psycopg and peewee take this spelling
        db, lock = _Postgres(url), None
        try:
            db.connect()
        except pw.OperationalError as exc:
            raise UserError(f"连接不上汇总数据库服务器（{_without_password(url)}）：{str(exc).strip()}") from exc
    else:
        path = Path(target).absolute()
        lock = DatabaseLock(path)
        lock.acquire()
        if not path.exists() and upgrade:
            os.close(open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # WAL and SHM follow its mode
        db = pw.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "synchronous": "full",
                                                   "foreign_keys": 1, "busy_timeout": 5000})
        try:
            db.connect()
        except pw.DatabaseError as exc:
            lock.release()
            raise DatabaseProblem(f"打不开汇总数据库 {path}：它可能不是汇总数据库，或已损坏。") from exc
    store = RollupStore(target, db, lock)
    try:
        rollup_migrations.bring_up_to_date(db, engine="postgresql" if is_server(target) else "sqlite",
                                           upgrade=upgrade, label=store.label)
    except BaseException:
        store.close()
        raise
    return store


def _from_the_engine(exc: Exception) -> bool:
    """peewee wraps what its queries raise; COPY and executemany reach the drivers directly."""
    return isinstance(exc, pw.PeeweeException | sqlite3.Error) or type(exc).__module__.split(".")[0] == "psycopg"


def engine_problem(exc: Exception, label: str) -> str:
    """What went wrong with the rollup database, in Chinese, for the operator or the county's IT person."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "permission denied" in lowered or "must be owner" in lowered:
        return (f"数据库用户没有权限做这件事（{text}）。导入数据包、升级和删改站点要用汇总数据库的所有者；"
                "查看、打印和导出只要只读权限。")
    if isinstance(exc, pw.InterfaceError) or any(word in lowered for word in (
            "server closed", "terminating connection", "connection", "could not receive", "consuming input failed")):
        return (f"与汇总数据库（{label}）的连接断开了，这次操作没有完成，已有的数据不受影响。"
                "请检查网络和数据库服务器后重试。")
    if "out of range" in lowered or isinstance(exc, pw.DataError):
        return f"有数值超出了汇总数据库能存的范围（{text}），这次操作没有完成，已有的数据不受影响。"
    return explain(exc) or f"汇总数据库出错（{text}），这次操作没有完成，已有的数据不受影响。"


def _without_password(url: str) -> str:
    """For messages: user:secret@host shows as user@host."""
    password = urlsplit(url).password
    return url.replace(f":{password}@", "@", 1) if password else url
