"""The rollup database: every station's latest package, kept per station. Its own models and its own
database (never the station models' router), created by peewee's DDL so the one schema is made on
embedded SQLite for a town and on PostgreSQL for a county."""

import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import peewee as pw

from stationdesk.errors import UserError
from stationdesk.store.lock import DatabaseLock

ROLLUP = pw.DatabaseProxy()


class RollupModel(pw.Model):
    class Meta:
        database = ROLLUP
        legacy_table_names = False


class RStation(RollupModel):
    station_id = pw.TextField(primary_key=True)  # the station's UUID
    name = pw.TextField()
    parent = pw.TextField(default="")
    public_key = pw.TextField()  # trusted on the first package imported
    year = pw.IntegerField(null=True)  # the package's period (None: all records)
    created_at = pw.TextField()  # when the station made the package
    package_sha256 = pw.TextField()
    imported_at = pw.DateTimeField()


class RVolunteer(RollupModel):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    local_id = pw.IntegerField()
    name = pw.TextField()
    gender = pw.TextField(default="")
    birth_date = pw.TextField(null=True)
    id_number = pw.TextField(default="")  # masked unless the station sent it in full
    village_group = pw.TextField(default="")
    status = pw.TextField(default="active")

    class Meta:
        indexes = ((("station", "local_id"), True),)


class RActivity(RollupModel):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    local_id = pw.IntegerField()
    title = pw.TextField()
    category = pw.TextField(default="")
    starts_at = pw.TextField()
    status = pw.TextField()
    beneficiaries = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("station", "local_id"), True),)


class RParticipation(RollupModel):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE")
    activity_id = pw.IntegerField()
    volunteer_id = pw.IntegerField()
    attended = pw.BooleanField()
    hours = pw.FloatField()

    class Meta:
        indexes = ((("station", "activity_id"), False),)


class RStats(RollupModel):
    station = pw.ForeignKeyField(RStation, on_delete="CASCADE", primary_key=True)
    year = pw.IntegerField()
    figures = pw.TextField()  # the station's own `stats` JSON for the year


MODELS = (RStation, RVolunteer, RActivity, RParticipation, RStats)


class RollupStore:
    def __init__(self, target: str, db: pw.Database, lock: DatabaseLock | None):
        self.target, self.db, self._lock = target, db, lock

    @property
    def label(self) -> str:
        """Where it is, for a window title or a message (a server's password left out)."""
        return _without_password(self.target) if is_server(self.target) else str(Path(self.target).absolute())

    def write(self):
        return self.db.atomic()

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
    def init(self, database, **kwargs):
        super().init(database, **kwargs)
        self._adapter = _Psycopg3()


def is_server(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_rollup(target: str) -> RollupStore:
    """A SQLite rollup file (created on first use, locked to this process like a station's), or a county's
    PostgreSQL database given as a postgresql:// URL (the server keeps concurrent imports apart)."""
    if is_server(target):
        url = "postgresql://" + target.split("://", 1)[1]  # psycopg and peewee take this spelling
        db, lock = _Postgres(url), None
        try:
            db.connect()
        except pw.OperationalError as exc:
            raise UserError(f"连接不上汇总数据库服务器（{_without_password(url)}）：{str(exc).strip()}") from exc
    else:
        lock = DatabaseLock(Path(target).absolute())
        lock.acquire()
        db = pw.SqliteDatabase(str(Path(target).absolute()),
                               pragmas={"journal_mode": "wal", "synchronous": "full", "foreign_keys": 1})
        db.connect()
    ROLLUP.initialize(db)
    with db.atomic():
        db.create_tables(MODELS, safe=True)
    return RollupStore(target, db, lock)


def _without_password(url: str) -> str:
    """For messages: user:secret@host shows as user@host."""
    password = urlsplit(url).password
    return url.replace(f":{password}@", "@", 1) if password else url
