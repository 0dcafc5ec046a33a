"""Databases made by early releases, brought to the shape the shipped steps now give.

Some steps were edited after they shipped (m0001 gained `sort_name` and `card_code`, m0002 a wider
index, m0005 `reverses_id` and a gentler foreign key), so a database made at that time differs from one
the same step makes today, and later steps or today's code fail on it (a v1 station did not open at all).
Before an upgrade runs the steps after version N, the file is compared with what steps 1..N make on an
empty database — by each table's, index's and trigger's SQL — and whatever differs is rebuilt to match,
keeping every row. Steps are never edited again (a test holds their hashes), so this only ever has
the early releases to mend.
"""

import sqlite3

import peewee

from stationdesk.domain.pinyin_keys import new_card_code, search_keys


def canonical(steps) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) → (table, sql) of every table, index and trigger the steps make on an empty database."""
    db = peewee.SqliteDatabase(":memory:")
    for step in steps:
        step(db)
    shape = _shape(db)
    db.close()
    return shape


def _shape(db) -> dict[tuple[str, str], tuple[str, str]]:
    return {(kind, name): (table, sql) for kind, name, table, sql in db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")}


def reconcile(db, steps) -> list[str]:
    """Make the database's schema what `steps` make, keeping the rows; returns what was mended. Runs
    outside a transaction (foreign keys must be off while a table is rebuilt), each table in its own."""
    want, have = canonical(steps), _shape(db)
    if want == have:
        return []
    rebuilt = [name for (kind, name), (_, sql) in want.items()
               if kind == "table" and (kind, name) in have and have[(kind, name)][1] != sql]
    mended = []
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        for table in rebuilt:
            with db.atomic():
                _rebuild(db, table, want)
            mended.append(f"table {table}")
        for (kind, name), (_, sql) in want.items():
            if kind == "table" and (kind, name) not in have:
                db.execute_sql(sql)
                mended.append(f"new table {name}")
        have = _shape(db)
        with db.atomic():
            for kind, name in have:  # leftovers of an earlier shape
                if kind in ("index", "trigger") and (kind, name) not in want:
                    db.execute_sql(f'DROP {kind.upper()} "{name}"')
                    mended.append(f"dropped {kind} {name}")
            for (kind, name), (_, sql) in want.items():
                if kind in ("index", "trigger") and have.get((kind, name), (None, None))[1] != sql:
                    if (kind, name) in have:
                        db.execute_sql(f'DROP {kind.upper()} "{name}"')
                    db.execute_sql(sql)
                    mended.append(f"{kind} {name}")
            broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"rebuilding left {len(broken)} dangling references")
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")
    return mended


def _rebuild(db, table: str, want) -> None:
    """The twelve steps of SQLite's ALTER TABLE advice: the old table aside (other tables' references
    left as they are), the new one exactly as the steps make it, the rows copied, new columns filled."""
    old = [c[1] for c in db.execute_sql(f'PRAGMA table_info("{table}")')]
    db.execute_sql("PRAGMA legacy_alter_table = ON")
    db.execute_sql(f'ALTER TABLE "{table}" RENAME TO "_old_{table}"')
    db.execute_sql("PRAGMA legacy_alter_table = OFF")
    db.execute_sql(want[("table", table)][1])
    new = [c[1] for c in db.execute_sql(f'PRAGMA table_info("{table}")')]
    common = ", ".join(f'"{c}"' for c in new if c in old)
    db.execute_sql(f'INSERT INTO "{table}" ({common}) SELECT {common} FROM "_old_{table}"')
    db.execute_sql(f'DROP TABLE "_old_{table}"')
    if table == "volunteer" and "sort_name" not in old:
        _fill_volunteer_keys(db)


def _fill_volunteer_keys(db) -> None:
    """Volunteers from before `sort_name` and `card_code`: every derived key made as today's code makes it."""
    rows = db.execute_sql("SELECT id, name, phone, id_number, card_code FROM volunteer").fetchall()
    for vid, name, phone, id_number, card in rows:
        full, initials, sort_name, haystack = search_keys(name, phone, id_number)
        db.execute_sql("UPDATE volunteer SET pinyin_full = ?, pinyin_initials = ?, sort_name = ?, search_key = ?,"
                       " card_code = ? WHERE id = ?", (full, initials, sort_name, haystack, card or new_card_code(), vid))
