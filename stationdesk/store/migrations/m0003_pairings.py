"""3: 文明单位, 结对共建 pairings, their commitments and what was done for them; activities link to a pairing."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE civilized_unit (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title_level TEXT NOT NULL DEFAULT '',
    title_year INTEGER,
    kind TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    liaison_volunteer_id INTEGER REFERENCES volunteer (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE TABLE pairing (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES civilized_unit (id) ON DELETE RESTRICT,
    signed_on DATE NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    unit_signatory TEXT NOT NULL DEFAULT '',
    station_signatory TEXT NOT NULL DEFAULT '',
    ended_early_on DATE,
    end_reason TEXT NOT NULL DEFAULT '',
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment BLOB,
    created_at DATETIME NOT NULL
);
CREATE INDEX pairing_unit ON pairing (unit_id, starts_on);
CREATE TABLE commitment (
    id INTEGER PRIMARY KEY,
    pairing_id INTEGER NOT NULL REFERENCES pairing (id) ON DELETE CASCADE,
    aspect TEXT NOT NULL,
    text TEXT NOT NULL,
    yearly_target INTEGER NOT NULL CHECK (yearly_target > 0)
);
CREATE INDEX commitment_pairing ON commitment (pairing_id);
CREATE TABLE commitment_entry (
    id INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    happened_on DATE NOT NULL,
    what TEXT NOT NULL,
    people INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX commitment_entry_commitment ON commitment_entry (commitment_id, happened_on);
ALTER TABLE activity ADD COLUMN pairing_id INTEGER REFERENCES pairing (id) ON DELETE SET NULL;
CREATE INDEX activity_pairing ON activity (pairing_id, starts_at);
"""


def apply(db) -> None:
    run_sql(db, SQL)
