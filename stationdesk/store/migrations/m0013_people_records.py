"""13: what the 志愿服务条例 asks a station to keep about people — training (Art. 19), qualifications with
their expiry (Art. 16), accident insurance per volunteer or per activity (Art. 17), a guardian's consent
for a minor, evaluations (Art. 19) — and an activity's safety requirements: 有风险 (insurance needed) and
a qualification its volunteers must hold. Every row names its volunteer by a foreign key, so a merge
moves it with the rest; none is unique per volunteer, so two merged records keep both of theirs.

And the roster's search index again, led by status and sort_name: a search listed by name walks it in
name order and stops at its limit instead of sorting every match (services/roster.search_ids)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
DROP INDEX volunteer_search;
CREATE INDEX volunteer_search ON volunteer (status, sort_name, search_key, pinyin_initials, pinyin_full, name);
CREATE TABLE training (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    held_on DATE NOT NULL,
    subject TEXT NOT NULL,
    hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    trainer TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX training_volunteer ON training (volunteer_id, held_on);
CREATE TABLE qualification (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    issued_by TEXT NOT NULL DEFAULT '',
    valid_until DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX qualification_volunteer ON qualification (volunteer_id, kind);
CREATE INDEX qualification_expiry ON qualification (valid_until);
CREATE TABLE insurance (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER REFERENCES volunteer (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activity (id) ON DELETE CASCADE,
    insurer TEXT NOT NULL,
    policy TEXT NOT NULL DEFAULT '',
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    created_at DATETIME NOT NULL,
    CHECK ((volunteer_id IS NULL) != (activity_id IS NULL)),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX insurance_volunteer ON insurance (volunteer_id, ends_on);
CREATE INDEX insurance_activity ON insurance (activity_id);
CREATE INDEX insurance_expiry ON insurance (ends_on);
CREATE TABLE guardian_consent (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    guardian TEXT NOT NULL,
    relation TEXT NOT NULL,
    given_on DATE NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX guardian_consent_volunteer ON guardian_consent (volunteer_id);
CREATE TABLE evaluation (
    id INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
    year INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX evaluation_volunteer ON evaluation (volunteer_id, year);
CREATE TABLE activity_safety (
    activity_id INTEGER PRIMARY KEY REFERENCES activity (id) ON DELETE CASCADE,
    risky INTEGER NOT NULL DEFAULT 0,
    needs_qualification TEXT NOT NULL DEFAULT ''
);
"""


def apply(db) -> None:
    run_sql(db, SQL)
