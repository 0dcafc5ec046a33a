"""18: 测评自查 (DESIGN §14): the county's scoring sheet the station keeps (one, as imported: its sections and
items as JSON, with who imported it when; none means the default sheet shipped with the app), and the
operator's judgement of each item scored by hand, per year — the score, the evidence (a note, a photo's path,
the 台账 page) and who judged it when."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE assessment_sheet (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    imported_at DATETIME NOT NULL,
    imported_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE assessment_judgement (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    item_code TEXT NOT NULL,
    item_title TEXT NOT NULL,
    score REAL NOT NULL CHECK (score >= 0),
    note TEXT NOT NULL,
    photo_path TEXT NOT NULL DEFAULT '',
    ledger_page TEXT NOT NULL DEFAULT '',
    judged_by TEXT NOT NULL DEFAULT '',
    judged_at DATETIME NOT NULL,
    UNIQUE (year, item_code)
);
"""


def apply(db) -> None:
    run_sql(db, SQL)
