"""1: station, settings, volunteers, teams and their members, audit log."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE station (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'station',
    parent_institute TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    manager TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE volunteer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    id_number TEXT UNIQUE,
    birth_date DATE,
    phone TEXT NOT NULL DEFAULT '',
    village_group TEXT NOT NULL DEFAULT '',
    political_status TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    national_code TEXT NOT NULL DEFAULT '',
    joined_on DATE,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    archive_reason TEXT NOT NULL DEFAULT '',
    pinyin_full TEXT NOT NULL DEFAULT '',
    pinyin_initials TEXT NOT NULL DEFAULT '',
    sort_name TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    card_code TEXT UNIQUE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX volunteer_status_name ON volunteer (status, sort_name);
CREATE INDEX volunteer_status_gender ON volunteer (status, gender, sort_name);
CREATE INDEX volunteer_status_phone ON volunteer (status, phone, sort_name);
CREATE INDEX volunteer_status_id_number ON volunteer (status, id_number, sort_name);
CREATE INDEX volunteer_status_group ON volunteer (status, village_group, sort_name);
CREATE INDEX volunteer_status_political ON volunteer (status, political_status, sort_name);
CREATE INDEX volunteer_status_joined ON volunteer (status, joined_on, sort_name);
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES team (id) ON DELETE RESTRICT,
    note TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX team_parent ON team (parent_id);
CREATE TABLE team_member (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member',
    joined_on DATE,
    UNIQUE (team_id, volunteer_id)
);
CREATE INDEX team_member_volunteer ON team_member (volunteer_id, team_id);
CREATE TABLE audit_entry (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entry_entity ON audit_entry (entity, entity_id);
"""


def apply(db) -> None:
    run_sql(db, SQL)
