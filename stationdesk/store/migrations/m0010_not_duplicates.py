"""10: pairs of volunteer records a person has looked at and marked 不是同一人, so the duplicate finder
never offers them again (two 王伟 sharing a household phone)."""

from stationdesk.store.migrations.sql import run_sql

SQL = """
CREATE TABLE not_duplicate (
    first_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    second_id INTEGER NOT NULL REFERENCES volunteer (id) ON DELETE CASCADE,
    marked_at DATETIME NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
) WITHOUT ROWID;
CREATE INDEX not_duplicate_second ON not_duplicate (second_id);
"""


def apply(db) -> None:
    run_sql(db, SQL)
