"""The rollup database's schema, step by step, on SQLite and PostgreSQL alike (DESIGN §13).

Step 1 is the schema 0.1 shipped unversioned (made by peewee's DDL then); a database that has its tables
but no `rollup_version` is at step 1. Each step runs with its version bump in one transaction (both
engines have transactional DDL). Steps are fixed text, never the live models: tests walk a frozen copy of
every shipped schema up to the newest and compare it with a new database.
"""

from stationdesk.domain.masking import person_key
from stationdesk.errors import DatabaseProblem, DatabaseTooNew

# Engine words the steps are written with.
TYPES = {"sqlite": {"serial": "INTEGER NOT NULL PRIMARY KEY", "bool": "INTEGER", "timestamp": "DATETIME",
                    "bigint": "INTEGER", "false": "0"},
         "postgresql": {"serial": "SERIAL NOT NULL PRIMARY KEY", "bool": "BOOLEAN", "timestamp": "TIMESTAMP",
                        "bigint": "BIGINT", "false": "false"}}

_V1 = [
    'CREATE TABLE "r_station" ("station_id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "parent" TEXT NOT NULL,'
    ' "public_key" TEXT NOT NULL, "year" INTEGER, "created_at" TEXT NOT NULL, "package_sha256" TEXT NOT NULL,'
    ' "imported_at" {timestamp} NOT NULL)',
    'CREATE TABLE "r_activity" ("id" {serial}, "station_id" TEXT NOT NULL, "local_id" INTEGER NOT NULL,'
    ' "title" TEXT NOT NULL, "category" TEXT NOT NULL, "starts_at" TEXT NOT NULL, "status" TEXT NOT NULL,'
    ' "beneficiaries" INTEGER NOT NULL,'
    ' FOREIGN KEY ("station_id") REFERENCES "r_station" ("station_id") ON DELETE CASCADE)',
    'CREATE INDEX "r_activity_station_id" ON "r_activity" ("station_id")',
    'CREATE UNIQUE INDEX "r_activity_station_id_local_id" ON "r_activity" ("station_id", "local_id")',
    'CREATE TABLE "r_participation" ("id" {serial}, "station_id" TEXT NOT NULL, "activity_id" INTEGER NOT NULL,'
    ' "volunteer_id" INTEGER NOT NULL, "attended" {bool} NOT NULL, "hours" REAL NOT NULL,'
    ' FOREIGN KEY ("station_id") REFERENCES "r_station" ("station_id") ON DELETE CASCADE)',
    'CREATE INDEX "r_participation_station_id" ON "r_participation" ("station_id")',
    'CREATE INDEX "r_participation_station_id_activity_id" ON "r_participation" ("station_id", "activity_id")',
    'CREATE TABLE "r_stats" ("station_id" TEXT NOT NULL PRIMARY KEY, "year" INTEGER NOT NULL,'
    ' "figures" TEXT NOT NULL,'
    ' FOREIGN KEY ("station_id") REFERENCES "r_station" ("station_id") ON DELETE CASCADE)',
    'CREATE TABLE "r_volunteer" ("id" {serial}, "station_id" TEXT NOT NULL, "local_id" INTEGER NOT NULL,'
    ' "name" TEXT NOT NULL, "gender" TEXT NOT NULL, "birth_date" TEXT, "id_number" TEXT NOT NULL,'
    ' "village_group" TEXT NOT NULL, "status" TEXT NOT NULL,'
    ' FOREIGN KEY ("station_id") REFERENCES "r_station" ("station_id") ON DELETE CASCADE)',
    'CREATE INDEX "r_volunteer_station_id" ON "r_volunteer" ("station_id")',
    'CREATE UNIQUE INDEX "r_volunteer_station_id_local_id" ON "r_volunteer" ("station_id", "local_id")',
]


def _person_keys(db) -> None:
    """Fill r_volunteer.person_key for the rows step 1 held."""
    rows = db.execute_sql('SELECT "id", "station_id", "local_id", "name", "birth_date", "id_number"'
                          ' FROM "r_volunteer"').fetchall()
    keys = [(person_key(name, birth, number) or f"{station}/{local}", row_id)
            for row_id, station, local, name, birth, number in rows]
    for start in range(0, len(keys), 1000):
        db.cursor().executemany(f'UPDATE "r_volunteer" SET "person_key" = {db.param} WHERE "id" = {db.param}',
                                keys[start:start + 1000])


# Step 2: a version table; exact hours (whole seconds: PostgreSQL kept them as 4-byte `real`, 12,312.7 h
# summed to 12,312.98); who a person is across stations; stations removed or replaced, and the audit;
# figures per station and year.
_V2 = [
    'CREATE TABLE "rollup_version" ("version" INTEGER NOT NULL)',
    'INSERT INTO "rollup_version" ("version") VALUES (1)',
    'ALTER TABLE "r_participation" ADD COLUMN "seconds" {bigint} NOT NULL DEFAULT 0',
    'UPDATE "r_participation" SET "seconds" = CAST(ROUND(CAST("hours" AS NUMERIC) * 3600) AS {bigint})',
    'ALTER TABLE "r_participation" DROP COLUMN "hours"',
    'CREATE INDEX "r_participation_station_id_volunteer_id" ON "r_participation" ("station_id", "volunteer_id")',
    'ALTER TABLE "r_volunteer" ADD COLUMN "person_key" TEXT NOT NULL DEFAULT \'\'',
    _person_keys,
    'CREATE INDEX "r_volunteer_person_key" ON "r_volunteer" ("person_key")',
    # Whether another station holds a registration of the same person: the few (1% of a county) that the
    # distinct-people count and the duplicate search start from, kept by the import (store.rollup).
    'ALTER TABLE "r_volunteer" ADD COLUMN "elsewhere" {bool} NOT NULL DEFAULT {false}',
    'UPDATE "r_volunteer" SET "elsewhere" = EXISTS (SELECT 1 FROM "r_volunteer" AS "o"'
    ' WHERE "o"."person_key" = "r_volunteer"."person_key" AND "o"."station_id" <> "r_volunteer"."station_id")',
    'CREATE INDEX "r_volunteer_elsewhere" ON "r_volunteer" ("person_key", "station_id") WHERE "elsewhere"',
    'ALTER TABLE "r_station" ADD COLUMN "removed_at" TEXT',
    'ALTER TABLE "r_station" ADD COLUMN "removed_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "r_station" ADD COLUMN "replaced_by" TEXT',
    'CREATE TABLE "r_audit" ("id" {serial}, "at" TEXT NOT NULL, "action" TEXT NOT NULL,'
    ' "station_id" TEXT NOT NULL, "reason" TEXT NOT NULL DEFAULT \'\', "detail" TEXT NOT NULL DEFAULT \'{{}}\')',
    # A package of every year carries each year's figures: one row per station and year.
    'CREATE TABLE "r_year_stats" ("station_id" TEXT NOT NULL, "year" INTEGER NOT NULL, "figures" TEXT NOT NULL,'
    ' PRIMARY KEY ("station_id", "year"),'
    ' FOREIGN KEY ("station_id") REFERENCES "r_station" ("station_id") ON DELETE CASCADE)',
    'INSERT INTO "r_year_stats" ("station_id", "year", "figures") SELECT "station_id", "year", "figures" FROM "r_stats"',
    'DROP TABLE "r_stats"',
]

STEPS: dict[int, list] = {1: _V1, 2: _V2}
LATEST = max(STEPS)


def version(db) -> int:
    """0 for an empty database, 1 for the unversioned shipped schema, else what rollup_version says."""
    tables = set(db.get_tables())
    if "rollup_version" in tables:
        return db.execute_sql('SELECT "version" FROM "rollup_version"').fetchone()[0]
    if "r_station" in tables:
        return 1
    if tables:
        raise DatabaseProblem("这个数据库里已有别的表，不是汇总数据库。请换一个空数据库或汇总数据库。")
    return 0


def bring_up_to_date(db, *, engine: str, upgrade: bool, label: str) -> None:
    """Walk the steps from the database's version to LATEST (only when `upgrade`), each in one
    transaction; a database newer than this program is refused, an older one without `upgrade` too."""
    current = version(db)
    if current > LATEST:
        raise DatabaseTooNew(f"汇总数据库 {label} 由更新版本的站务台账建立（版本 {current}），请先升级汇总程序。")
    if current == LATEST:
        return
    if not upgrade:
        what = "还不是汇总数据库（请先运行 rollup init）" if current == 0 else \
            f"需要升级（版本 {current} → {LATEST}，请由数据库的所有者运行 rollup upgrade）"
        raise DatabaseProblem(f"汇总数据库 {label} {what}。")
    for step in range(current + 1, LATEST + 1):
        with db.atomic():
            for statement in STEPS[step]:
                if callable(statement):
                    statement(db)
                else:
                    db.execute_sql(statement.format(**TYPES[engine]))
            if step > 1:
                db.execute_sql(f'UPDATE "rollup_version" SET "version" = {step}')
