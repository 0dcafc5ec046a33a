"""11: merges of two volunteer records into one (合并), with what each moved and removed, so a merge can be
undone until something new is written. Plain ids, no foreign keys: the dropped record no longer exists,
and a merge must never be moved or cascaded by a later one."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE volunteer_merge (
    id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL,
    dropped_id INTEGER NOT NULL,
    dropped_name TEXT NOT NULL DEFAULT '',
    merged_at DATETIME NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    undo TEXT NOT NULL,
    entry_id INTEGER,
    undone_at DATETIME
);
CREATE INDEX volunteer_merge_kept ON volunteer_merge (kept_id);
"""


def apply(db) -> None:
    run_sql(db, SQL)
