"""4: the certificate register (serials never reused, voided ones kept) and star-level recognitions."""

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
"""


def apply(db) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            db.execute_sql(statement)
