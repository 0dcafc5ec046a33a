"""16: the station's own records, kept for the 台账 and for assessment (DESIGN §14): its 阵地/场所 (name,
kind, area, opening hours, a photo kept in the file as activity photos are), its 制度 (title, full text,
adopted on), its 会议与研究部署 (date, attendees, topics, decisions) and one 年度工作总结 per year, as the
operator edited it. The resident population for the 注册率 is a setting (`resident_population`)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE venue (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    area REAL CHECK (area IS NULL OR area > 0),
    opening_hours TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    photo BLOB,
    photo_width INTEGER,
    photo_height INTEGER,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE TABLE station_rule (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    adopted_on DATE NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX station_rule_adopted ON station_rule (adopted_on);
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    held_on DATE NOT NULL,
    attendees TEXT NOT NULL,
    topics TEXT NOT NULL,
    decisions TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX meeting_held ON meeting (held_on);
CREATE TABLE work_summary (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    saved_at DATETIME NOT NULL,
    saved_by TEXT NOT NULL DEFAULT ''
);
"""


def apply(db) -> None:
    run_sql(db, SQL)
