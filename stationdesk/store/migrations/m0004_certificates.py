"""4: the certificate register (serials never reused, voided ones kept), star-level recognitions, and a
covering index so statistics read attendance without touching the table rows (16 s → 3 s over 2M)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE certificate (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    period_from DATE,
    period_to DATE,
    hours REAL NOT NULL DEFAULT 0,
    content TEXT NOT NULL,
    digest TEXT NOT NULL,
    check_code TEXT NOT NULL,
    issued_on DATE NOT NULL,
    voided_at DATETIME,
    void_reason TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    UNIQUE (year, sequence)
);
CREATE INDEX certificate_volunteer ON certificate (volunteer_id);
CREATE TABLE recognition (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    level INTEGER NOT NULL,
    recognised_on DATE NOT NULL,
    UNIQUE (volunteer_id, level)
);
CREATE INDEX participation_activity_cover ON participation (activity_id, attended, volunteer_id, hours);
"""


def apply(db) -> None:
    run_sql(db, SQL)
