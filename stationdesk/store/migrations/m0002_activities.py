"""2: activities, sign-ups and attendance (participation), hours corrections, activity photos."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    brand TEXT NOT NULL DEFAULT '',
    starts_at DATETIME NOT NULL,
    ends_at DATETIME NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    organiser_team_id INTEGER REFERENCES team (id) ON DELETE SET NULL,
    partner TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    beneficiaries INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'planned',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX activity_starts ON activity (starts_at);
CREATE TABLE participation (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE RESTRICT,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE RESTRICT,
    attended INTEGER NOT NULL DEFAULT 0,
    check_in DATETIME,
    check_out DATETIME,
    hours REAL NOT NULL DEFAULT 0,
    needs_review INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'signup',
    UNIQUE (activity_id, volunteer_id)
);
CREATE INDEX participation_volunteer_hours ON participation (volunteer_id, attended, hours);
CREATE TABLE hours_correction (
    id INTEGER PRIMARY KEY,
    participation_id INTEGER NOT NULL REFERENCES participation (id) ON DELETE RESTRICT,
    at DATETIME NOT NULL,
    actor TEXT NOT NULL,
    old_hours REAL NOT NULL,
    new_hours REAL NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX hours_correction_participation ON hours_correction (participation_id);
CREATE TABLE activity_photo (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    caption TEXT NOT NULL DEFAULT '',
    jpeg BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    added_at DATETIME NOT NULL
);
CREATE INDEX activity_photo_activity ON activity_photo (activity_id);
"""


def apply(db) -> None:
    run_sql(db, SQL)
